// Prints the README's table of the catalog (policy/catalog/catalog_table.h) from the
// catalog files given on the command line.
//
//   bazel run //tools/catalog_table -- "$PWD"/policy/catalog/*.textproto
#include <iostream>

#include "policy/catalog/catalog_table.h"
#include "policy/interdict.h"

int main(int argc, char** argv) {
  interdict::PolicyLoader loader;
  for (int i = 1; i < argc; ++i) {
    const absl::Status status = loader.AddFile(argv[i]);
    if (!status.ok()) {
      std::cerr << status.message() << "\n";
      return 1;
    }
  }
  std::cout << interdict::CatalogTable(std::move(loader).Finish().bundle);
  return 0;
}
