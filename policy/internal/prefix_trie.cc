// Compact byte trie for prefix matching.
#include "policy/internal/prefix_trie.h"

#include <algorithm>

namespace interdict {
namespace policy_internal {

void PrefixTrie::Builder::Add(absl::string_view prefix, uint32_t value) {
  entries_.emplace_back(std::string(prefix), value);
}

PrefixTrie PrefixTrie::Builder::Build() && {
  // Stable sort keeps the values of one prefix in insertion order.
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  // First build with per-node child lists, then flatten so that each node's edges
  // are contiguous and sorted by label (entries are sorted, so children arrive in order).
  struct Temp {
    std::vector<std::pair<unsigned char, uint32_t>> children;
    std::vector<uint32_t> values;
  };
  std::vector<Temp> temp(1);
  for (const auto& [prefix, value] : entries_) {
    uint32_t node = 0;
    for (char ch : prefix) {
      const unsigned char c = static_cast<unsigned char>(ch);
      auto& children = temp[node].children;
      if (!children.empty() && children.back().first == c) {
        node = children.back().second;
        continue;
      }
      const uint32_t child = static_cast<uint32_t>(temp.size());
      children.emplace_back(c, child);
      temp.emplace_back();
      node = child;
    }
    temp[node].values.push_back(value);
  }
  PrefixTrie trie;
  trie.nodes_.resize(temp.size());
  for (size_t i = 0; i < temp.size(); ++i) {
    Node& n = trie.nodes_[i];
    n.first_edge = static_cast<uint32_t>(trie.edge_labels_.size());
    n.edge_count = static_cast<uint32_t>(temp[i].children.size());
    for (const auto& [label, target] : temp[i].children) {
      trie.edge_labels_.push_back(label);
      trie.edge_targets_.push_back(target);
    }
    n.first_value = static_cast<uint32_t>(trie.values_.size());
    n.value_count = static_cast<uint32_t>(temp[i].values.size());
    trie.values_.insert(trie.values_.end(), temp[i].values.begin(), temp[i].values.end());
  }
  if (trie.values_.empty()) trie.nodes_.clear();
  return trie;
}

uint32_t PrefixTrie::Child(uint32_t node, unsigned char label) const {
  const Node& n = nodes_[node];
  const unsigned char* begin = edge_labels_.data() + n.first_edge;
  const unsigned char* end = begin + n.edge_count;
  const unsigned char* it = n.edge_count <= 8 ? std::find(begin, end, label)
                                              : std::lower_bound(begin, end, label);
  if (it == end || *it != label) return kNone;
  return edge_targets_[n.first_edge + static_cast<uint32_t>(it - begin)];
}

size_t PrefixTrie::MemoryBytes() const {
  return nodes_.capacity() * sizeof(Node) + edge_labels_.capacity() +
         edge_targets_.capacity() * sizeof(uint32_t) + values_.capacity() * sizeof(uint32_t);
}

}  // namespace policy_internal
}  // namespace interdict
