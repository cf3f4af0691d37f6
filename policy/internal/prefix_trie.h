// File: policy/internal/prefix_trie.h
// -----------------------------------------------------------------------------
//
// A compact byte trie answering "which stored prefixes begin this name?" in one
// left-to-right walk that stops at the first byte with no edge: a name that
// shares nothing with the stored prefixes costs one or two steps, whatever the
// number of prefixes.
//
// Example:
//
//   PrefixTrie::Builder builder;
//   builder.Add("kaspersky", 7);
//   builder.Add("kaspersky endpoint", 9);
//   PrefixTrie trie = std::move(builder).Build();
//   trie.ForEachPrefixOf("kaspersky endpoint security 11",
//                        [](uint32_t value) { /* 7, then 9 */ });
//
// Thread safety: the Builder is thread-hostile; a built PrefixTrie is immutable
// and safe to read from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_PREFIX_TRIE_H_
#define INTERDICT_POLICY_INTERNAL_PREFIX_TRIE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

class PrefixTrie {
 public:
  class Builder {
   public:
    // Stores `value` under the non-empty `prefix`. Several values may share a prefix.
    void Add(absl::string_view prefix, uint32_t value);
    PrefixTrie Build() &&;

   private:
    std::vector<std::pair<std::string, uint32_t>> entries_;
  };

  PrefixTrie() = default;

  bool empty() const { return values_.empty(); }

  // Calls `visit(value)` for every value stored under a prefix of `name`, shortest
  // prefix first, values of one prefix in the order they were added.
  template <typename Visit>
  void ForEachPrefixOf(absl::string_view name, Visit&& visit) const {
    if (nodes_.empty()) return;
    uint32_t node = 0;
    for (char c : name) {
      node = Child(node, static_cast<unsigned char>(c));
      if (node == kNone) return;
      const Node& n = nodes_[node];
      for (uint32_t i = 0; i < n.value_count; ++i) visit(values_[n.first_value + i]);
    }
  }

  // Bytes of memory held.
  size_t MemoryBytes() const;

 private:
  static constexpr uint32_t kNone = 0xffffffffu;

  struct Node {
    uint32_t first_edge = 0;
    uint32_t edge_count = 0;
    uint32_t first_value = 0;
    uint32_t value_count = 0;
  };

  uint32_t Child(uint32_t node, unsigned char label) const;

  std::vector<Node> nodes_;
  std::vector<unsigned char> edge_labels_;
  std::vector<uint32_t> edge_targets_;
  std::vector<uint32_t> values_;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_PREFIX_TRIE_H_
