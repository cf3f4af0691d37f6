// File: policy/internal/prefix_trie.h
// -----------------------------------------------------------------------------
//
// A compact radix trie (edges labelled with whole byte strings, one node per
// branching point) answering "which stored prefixes begin this name?" in one
// left-to-right walk that stops at the first byte that leaves the trie: a name
// that shares nothing with the stored prefixes costs one step, whatever the
// number of prefixes, and a trie of one prefix is one edge.
//
// A trie of a few prefixes (kListLimit or fewer, most of the name index's buckets:
// an entity has one to five rules) is kept as a list instead, in one allocation:
// each prefix is tested in turn, shortest first, by a length check and one memcmp,
// which costs fewer instructions and cache lines than a walk over the trie's tables.
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

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
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

  // Tries of this many entries or fewer are lists (file comment).
  static constexpr size_t kListLimit = 8;

  PrefixTrie() = default;

  bool empty() const { return tables_ == nullptr && list_ == nullptr; }
  // Where a lookup begins to read (null when empty), to prefetch (hot_lines.h).
  const void* first_line() const {
    if (list_ != nullptr) return list_.get();
    return tables_.get();
  }
  // How many bytes from first_line() a lookup may read: all of a list (its labels
  // included, which a name's compare reads), the header of the tables; 0 when empty.
  size_t first_bytes() const {
    if (list_ != nullptr) return MemoryBytes();
    return tables_ != nullptr ? sizeof(Tables) : 0;
  }

  // Calls `visit(value)` for every value stored under a prefix of `name`, shortest
  // prefix first, values of one prefix in the order they were added.
  template <typename Visit>
  void ForEachPrefixOf(absl::string_view name, Visit&& visit) const {
    if (list_ != nullptr) {
      const ListEntry* entries = list_.get() + 1;
      const ListEntry* const end = entries + list_[0].length;
      const char* label = reinterpret_cast<const char*>(end);
      for (; entries != end && entries->length <= name.size(); label += entries->length, ++entries) {
        if (std::memcmp(name.data(), label, entries->length) == 0) visit(entries->value);
      }
      return;
    }
    if (tables_ == nullptr) return;
    const Tables& t = *tables_;
    uint32_t node = 0;
    size_t position = 0;
    while (true) {
      const Node& n = t.nodes[node];
      for (uint32_t i = 0; i < n.value_count; ++i) visit(t.values[n.first_value + i]);
      if (position == name.size()) return;
      const Edge* edge = FindEdge(n, static_cast<unsigned char>(name[position]));
      if (edge == nullptr || name.size() - position < edge->label_length ||
          name.compare(position, edge->label_length,
                       absl::string_view(t.labels.data() + edge->label_offset, edge->label_length)) != 0) {
        return;
      }
      position += edge->label_length;
      node = edge->target;
    }
  }

  // Appends every value stored to `out`, in no particular order (for reports and
  // the index's build, not lookups).
  void AppendValues(std::vector<uint32_t>* out) const;

  // Bytes of memory held.
  size_t MemoryBytes() const;

 private:
  struct Node {
    uint32_t first_edge = 0;
    uint32_t edge_count = 0;
    uint32_t first_value = 0;
    uint32_t value_count = 0;
  };

  struct Edge {
    uint32_t label_offset = 0;  // Into labels_; the label's first byte tells edges apart.
    uint32_t label_length = 0;
    uint32_t target = 0;
  };

  // The edge of `node` whose label begins with `first`, or null.
  const Edge* FindEdge(const Node& node, unsigned char first) const;

  struct Tables {
    std::vector<Node> nodes;
    std::vector<unsigned char> edge_first_bytes;  // Parallel to edges, sorted per node.
    std::vector<Edge> edges;
    std::string labels;
    std::vector<uint32_t> values;
  };

  // An entry of the list form. list_[0].length is the entry count; the entries
  // follow, sorted by length (stable: the values of one prefix in the order added);
  // then their labels, back to back in the same order.
  struct ListEntry {
    uint32_t length = 0;
    uint32_t value = 0;
  };
  // The ListEntry slots of a list: the count, the entries, the labels rounded up.
  static size_t ListSlots(size_t count, size_t label_bytes);

  // Null when empty or a list: an index holds a trie per entity and most stay empty,
  // so an empty one is two pointers, not five containers.
  std::unique_ptr<const Tables> tables_;
  // Null when empty or a trie.
  std::unique_ptr<ListEntry[]> list_;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_PREFIX_TRIE_H_
