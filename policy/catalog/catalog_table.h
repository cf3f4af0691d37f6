// File: policy/catalog/catalog_table.h
// -----------------------------------------------------------------------------
//
// The README's table of the catalog, generated from the catalog itself: one row per
// policy with its regulation (id and title), authority, citation, whom it binds and its
// key dates as the text gives them (civil date, time and zone; offsets from the issue
// date). `bazel run //tools/catalog_table` prints it; catalog_test checks that the
// README holds exactly this table between its markers.
//
// Example:
//
//   std::string table = interdict::CatalogTable(loaded.bundle);
//
// Thread safety: a pure function.

#ifndef INTERDICT_POLICY_CATALOG_CATALOG_TABLE_H_
#define INTERDICT_POLICY_CATALOG_CATALOG_TABLE_H_

#include <string>

#include "interdict/v1/policy.pb.h"

namespace interdict {

// The markers around the table in README.md.
inline constexpr char kCatalogTableBegin[] = "<!-- catalog-table:begin -->";
inline constexpr char kCatalogTableEnd[] = "<!-- catalog-table:end -->";

// A Markdown table of `bundle`'s policies, sorted by policy id; ends with a newline.
std::string CatalogTable(const v1::PolicyBundle& bundle);

}  // namespace interdict

#endif  // INTERDICT_POLICY_CATALOG_CATALOG_TABLE_H_
