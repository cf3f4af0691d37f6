// JSONL of interdict.v1.InventoryItem (decoders.h).
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "policy/inventory/internal/decoders.h"
#include "policy/inventory/internal/json_text.h"

namespace interdict {
namespace inventory_internal {

void DecodeInventoryItem(absl::string_view text, std::vector<DecodedItem>* out) {
  v1::InventoryItem item;
  DecodedItem decoded;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(text.data(), text.size()), &item, options);
  if (!status.ok()) {
    decoded.problem = absl::StrCat("not an InventoryItem: ", std::string(status.message()));
  } else if (const std::optional<DuplicateKey> repeated = FindDuplicateKey(text)) {
    // protobuf's parser keeps one of the values, silently.
    decoded.problem = repeated->ToString();
  } else if (!item.has_artifact()) {
    decoded.problem = "artifact: required";
  } else if (item.artifact().name().empty()) {
    decoded.problem = "artifact.name: required";
  } else {
    decoded.record.asset_id = item.asset_id();
    decoded.record.org_unit = item.org_unit();
    decoded.record.artifact = std::move(*item.mutable_artifact());
  }
  out->push_back(std::move(decoded));
}

}  // namespace inventory_internal
}  // namespace interdict
