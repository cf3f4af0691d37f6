// Compact radix trie for prefix matching.
#include "policy/internal/prefix_trie.h"

#include <algorithm>

namespace interdict {
namespace policy_internal {

void PrefixTrie::Builder::Add(absl::string_view prefix, uint32_t value) {
  entries_.emplace_back(std::string(prefix), value);
}

PrefixTrie PrefixTrie::Builder::Build() && {
  PrefixTrie trie;
  if (entries_.empty()) return trie;
  // Stable sort keeps the values of one prefix in insertion order. In sorted order the
  // prefixes below a node are contiguous, and their longest common prefix is that of
  // the first and the last of them, which gives each edge its whole label.
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  struct Span {
    uint32_t begin;
    uint32_t end;
    uint32_t depth;  // Every entry of the span begins with the same `depth` bytes.
  };
  // Breadth-first: node i is built from pending[i], so each node's edges are contiguous.
  std::vector<Span> pending = {{0, static_cast<uint32_t>(entries_.size()), 0}};
  for (size_t next = 0; next < pending.size(); ++next) {
    const Span span = pending[next];
    Node node;
    node.first_value = static_cast<uint32_t>(trie.values_.size());
    uint32_t i = span.begin;
    for (; i < span.end && entries_[i].first.size() == span.depth; ++i) {
      trie.values_.push_back(entries_[i].second);
    }
    node.value_count = static_cast<uint32_t>(trie.values_.size()) - node.first_value;
    node.first_edge = static_cast<uint32_t>(trie.edges_.size());
    while (i < span.end) {
      const std::string& first = entries_[i].first;
      uint32_t j = i + 1;
      while (j < span.end && entries_[j].first[span.depth] == first[span.depth]) ++j;
      const std::string& last = entries_[j - 1].first;
      size_t common = span.depth + 1;
      while (common < first.size() && common < last.size() && first[common] == last[common]) {
        ++common;
      }
      Edge edge;
      edge.label_offset = static_cast<uint32_t>(trie.labels_.size());
      edge.label_length = static_cast<uint32_t>(common - span.depth);
      edge.target = static_cast<uint32_t>(pending.size());
      trie.labels_.append(first, span.depth, edge.label_length);
      trie.edges_.push_back(edge);
      trie.edge_first_bytes_.push_back(static_cast<unsigned char>(first[span.depth]));
      pending.push_back({i, j, static_cast<uint32_t>(common)});
      i = j;
    }
    node.edge_count = static_cast<uint32_t>(trie.edges_.size()) - node.first_edge;
    trie.nodes_.push_back(node);
  }
  entries_.clear();
  return trie;
}

const PrefixTrie::Edge* PrefixTrie::FindEdge(const Node& node, unsigned char first) const {
  const unsigned char* begin = edge_first_bytes_.data() + node.first_edge;
  const unsigned char* end = begin + node.edge_count;
  const unsigned char* it =
      node.edge_count <= 8 ? std::find(begin, end, first) : std::lower_bound(begin, end, first);
  if (it == end || *it != first) return nullptr;
  return &edges_[node.first_edge + static_cast<size_t>(it - begin)];
}

size_t PrefixTrie::MemoryBytes() const {
  return nodes_.capacity() * sizeof(Node) + edge_first_bytes_.capacity() +
         edges_.capacity() * sizeof(Edge) + labels_.capacity() + values_.capacity() * sizeof(uint32_t);
}

}  // namespace policy_internal
}  // namespace interdict
