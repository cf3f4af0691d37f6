// The catalog built into the library (bundled_catalog.h).
#include "policy/catalog/bundled_catalog.h"

#include <cstddef>
#include <cstdlib>
#include <iostream>

#include "policy/compiler.h"

namespace interdict {
namespace catalog_internal {

// Written by //policy/catalog:embed_catalog (embedded_catalog.cc).
extern const char kCatalogVersion[];
extern const char kCatalogFactsChecked[];
extern const size_t kCatalogBundleSize;
extern const unsigned char kCatalogBundle[];

}  // namespace catalog_internal

namespace {

Catalog* Build() {
  auto* bundle = new v1::PolicyBundle();
  if (!bundle->ParseFromArray(catalog_internal::kCatalogBundle,
                              static_cast<int>(catalog_internal::kCatalogBundleSize))) {
    std::cerr << "interdict: the bundled catalog does not parse\n";
    std::abort();  // The build wrote it: a broken binary, not a user error.
  }
  absl::StatusOr<std::shared_ptr<const CompiledPolicy>> policy = PolicyCompiler().Compile(*bundle);
  if (!policy.ok()) {
    std::cerr << "interdict: the bundled catalog does not compile: " << policy.status() << "\n";
    std::abort();  // Likewise: the build compiled it already.
  }
  auto* catalog = new Catalog();
  catalog->version = catalog_internal::kCatalogVersion;
  catalog->facts_checked = catalog_internal::kCatalogFactsChecked;
  catalog->bundle = bundle;
  catalog->policy = *std::move(policy);
  return catalog;
}

}  // namespace

const Catalog& BundledCatalog() {
  static const Catalog* const catalog = Build();
  return *catalog;
}

}  // namespace interdict
