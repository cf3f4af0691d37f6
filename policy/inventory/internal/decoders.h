// File: policy/inventory/internal/decoders.h
// -----------------------------------------------------------------------------
//
// The format decoders of InventoryReader (inventory.h): each turns one JSON value
// (a line of a line format, or a whole document) into decoded items, in order: a
// record, a problem that skips one record, or (osquery) a row that is ignored or that
// describes software not installed. The reader adds the source, the line and the
// record index, and summarises the ignored rows.
//
// A key repeated within one object makes what holds it a problem, never a choice
// between its values (json_text.h): the InventoryItem line, the osquery row (or the
// whole log line when it is outside the rows), the SBOM component or package (or the
// whole document when it is outside them).
//
// Example:
//
//   std::vector<DecodedItem> items;
//   DecodeOsquery(parsed_json, &items);
//
// Thread safety: the decoders are reentrant.

#ifndef INTERDICT_POLICY_INVENTORY_INTERNAL_DECODERS_H_
#define INTERDICT_POLICY_INVENTORY_INTERNAL_DECODERS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "policy/inventory/internal/json_text.h"
#include "policy/inventory/inventory.h"

namespace interdict {
namespace inventory_internal {

// An osquery row whose columns are no software inventory table's (a `processes` or
// `listening_ports` query logged alongside the inventory queries).
struct IgnoredRow {
  std::string query;                 // The query's name; "" for an osqueryi array.
  std::vector<std::string> columns;  // The row's column names, sorted.
};

// A record; or (when `problem` is not empty) the reason one record was skipped; or
// (when `ignored` is set) an osquery row of no inventory table, which takes a record
// index like a record; or (when `not_installed`) an osquery row of an inventory table
// for software that is not installed (removed, deb config-files), which takes none.
struct DecodedItem {
  InventoryRecord record;  // host, asset_id, org_unit, artifact.
  std::string problem;     // e.g. "components[3].name: required"
  std::optional<IgnoredRow> ignored;
  bool not_installed = false;
};

// One interdict.v1.InventoryItem in the protobuf JSON mapping (the line's text).
void DecodeInventoryItem(absl::string_view text, std::vector<DecodedItem>* out);

// osquery: an `osqueryi --json` array of rows, or one osqueryd result-log object
// (differential event, snapshot or batch).
void DecodeOsquery(const ParsedJson& parsed, std::vector<DecodedItem>* out);

// A CycloneDX JSON document (1.4 to 1.7).
void DecodeCycloneDx(const ParsedJson& document, std::vector<DecodedItem>* out);

// An SPDX 2.3 JSON document.
void DecodeSpdx(const ParsedJson& document, std::vector<DecodedItem>* out);

}  // namespace inventory_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INVENTORY_INTERNAL_DECODERS_H_
