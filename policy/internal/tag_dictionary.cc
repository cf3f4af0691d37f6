// Bits for scope tags.
#include "policy/internal/tag_dictionary.h"

#include <algorithm>
#include <cstring>

#include "policy/internal/name_hash.h"

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
      heads_.push_back(LoadPartial(tag.data(), std::min<size_t>(tag.size(), 8)));
    }
    mask |= uint64_t{1} << static_cast<size_t>(it - tags_.begin());
  }
  if (!complete) return absl::nullopt;
  return mask;
}

std::vector<std::string> TagDictionary::TagsOf(uint64_t mask) const {
  std::vector<std::string> out;
  for (size_t i = 0; i < tags_.size(); ++i) {
    if ((mask >> i) & 1) out.push_back(tags_[i]);
  }
  return out;
}

uint64_t TagDictionary::MaskOf(absl::Span<const absl::string_view> tags) const {
  uint64_t mask = 0;
  for (absl::string_view tag : tags) {
    const uint64_t head = LoadPartial(tag.data(), std::min<size_t>(tag.size(), 8));
    for (size_t i = 0; i < tags_.size(); ++i) {
      if (heads_[i] == head && tags_[i].size() == tag.size() &&
          (tag.size() <= 8 || std::memcmp(tags_[i].data() + 8, tag.data() + 8, tag.size() - 8) == 0)) {
        mask |= uint64_t{1} << i;
        break;
      }
    }
  }
  return mask;
}

}  // namespace policy_internal
}  // namespace interdict
