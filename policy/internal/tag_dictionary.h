// File: policy/internal/tag_dictionary.h
// -----------------------------------------------------------------------------
//
// Gives each distinct scope tag (a jurisdiction such as "US", an organisation kind
// such as "federal-executive-agency") one bit of a 64-bit mask, so that "does this
// policy bind a context with these tags?" is a mask test instead of string
// comparisons against the policy's tag lists. Only the first 64 distinct tags get a
// bit; a policy with a tag beyond them keeps comparing strings.
//
// Example:
//
//   TagDictionary tags;
//   absl::optional<uint64_t> policy_mask = tags.Add({"US", "GB"});  // 0b11
//   std::vector<absl::string_view> context = {"GB"};
//   bool binds = (*policy_mask & tags.MaskOf(context)) != 0;         // true
//
// Thread safety: Add is thread-hostile; MaskOf is safe from many threads once
// adding is over.

#ifndef INTERDICT_POLICY_INTERNAL_TAG_DICTIONARY_H_
#define INTERDICT_POLICY_INTERNAL_TAG_DICTIONARY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"

namespace interdict {
namespace policy_internal {

class TagDictionary {
 public:
  static constexpr size_t kMaxTags = 64;

  // Gives each new tag of `tags` a bit while bits remain. Returns the mask of `tags`,
  // or nullopt if some tag of it has no bit.
  absl::optional<uint64_t> Add(const std::vector<std::string>& tags);

  // The mask of those `tags` that have a bit; tags unknown to every policy add nothing.
  uint64_t MaskOf(absl::Span<const absl::string_view> tags) const;

  // The tags whose bits `mask` has, in bit order (for reports).
  std::vector<std::string> TagsOf(uint64_t mask) const;

 private:
  // Tag i has bit i. Its size and first eight bytes (a word, name_hash.h's
  // LoadPartial) are compared before the rest of it.
  std::vector<std::string> tags_;
  std::vector<uint64_t> heads_;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_TAG_DICTIONARY_H_
