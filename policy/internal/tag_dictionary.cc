// Bits for scope tags.
#include "policy/internal/tag_dictionary.h"

#include <algorithm>

namespace interdict {
namespace policy_internal {

absl::optional<uint64_t> TagDictionary::Add(const std::vector<std::string>& tags) {
  uint64_t mask = 0;
  bool complete = true;
  for (const std::string& tag : tags) {
    auto it = std::find(tags_.begin(), tags_.end(), tag);
    if (it == tags_.end()) {
      if (tags_.size() == kMaxTags) {
        complete = false;
        continue;
      }
      it = tags_.insert(tags_.end(), tag);
    }
    mask |= uint64_t{1} << static_cast<size_t>(it - tags_.begin());
  }
  if (!complete) return absl::nullopt;
  return mask;
}

uint64_t TagDictionary::MaskOf(absl::Span<const absl::string_view> tags) const {
  uint64_t mask = 0;
  for (absl::string_view tag : tags) {
    for (size_t i = 0; i < tags_.size(); ++i) {
      if (tags_[i] == tag) {
        mask |= uint64_t{1} << i;
        break;
      }
    }
  }
  return mask;
}

}  // namespace policy_internal
}  // namespace interdict
