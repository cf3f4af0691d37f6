// Compact radix trie for prefix matching.
#include "policy/internal/prefix_trie.h"

#include <algorithm>
#include <cstring>

namespace interdict {
namespace policy_internal {

void PrefixTrie::Builder::Add(absl::string_view prefix, uint32_t value) {
  entries_.emplace_back(std::string(prefix), value);
}

size_t PrefixTrie::ListSlots(size_t count, size_t label_bytes) {
  return 1 + count + (label_bytes + sizeof(ListEntry) - 1) / sizeof(ListEntry);
}

PrefixTrie PrefixTrie::Builder::Build() && {
  PrefixTrie trie;
  if (entries_.empty()) return trie;
  if (entries_.size() <= kListLimit) {
    // Shortest first; among equal lengths (one prefix, or prefixes no name begins
    // with both of) in the order added.
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const auto& a, const auto& b) { return a.first.size() < b.first.size(); });
    size_t label_bytes = 0;
    for (const auto& [prefix, value] : entries_) label_bytes += prefix.size();
    const size_t count = entries_.size();
    trie.list_ = std::make_unique<ListEntry[]>(ListSlots(count, label_bytes));
    trie.list_[0].length = static_cast<uint32_t>(count);
    char* label = reinterpret_cast<char*>(trie.list_.get() + 1 + count);
    for (size_t i = 0; i < count; ++i) {
      const auto& [prefix, value] = entries_[i];
      trie.list_[1 + i] = {static_cast<uint32_t>(prefix.size()), value};
      std::memcpy(label, prefix.data(), prefix.size());
      label += prefix.size();
    }
    entries_.clear();
    return trie;
  }
  auto tables = std::make_unique<Tables>();
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
    node.first_value = static_cast<uint32_t>(tables->values.size());
    uint32_t i = span.begin;
    for (; i < span.end && entries_[i].first.size() == span.depth; ++i) {
      tables->values.push_back(entries_[i].second);
    }
    node.value_count = static_cast<uint32_t>(tables->values.size()) - node.first_value;
    node.first_edge = static_cast<uint32_t>(tables->edges.size());
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
      edge.label_offset = static_cast<uint32_t>(tables->labels.size());
      edge.label_length = static_cast<uint32_t>(common - span.depth);
      edge.target = static_cast<uint32_t>(pending.size());
      tables->labels.append(first, span.depth, edge.label_length);
      tables->edges.push_back(edge);
      tables->edge_first_bytes.push_back(static_cast<unsigned char>(first[span.depth]));
      pending.push_back({i, j, static_cast<uint32_t>(common)});
      i = j;
    }
    node.edge_count = static_cast<uint32_t>(tables->edges.size()) - node.first_edge;
    tables->nodes.push_back(node);
  }
  entries_.clear();
  trie.tables_ = std::move(tables);
  return trie;
}

const PrefixTrie::Edge* PrefixTrie::FindEdge(const Node& node, unsigned char first) const {
  const unsigned char* begin = tables_->edge_first_bytes.data() + node.first_edge;
  const unsigned char* end = begin + node.edge_count;
  const unsigned char* it =
      node.edge_count <= 8 ? std::find(begin, end, first) : std::lower_bound(begin, end, first);
  if (it == end || *it != first) return nullptr;
  return &tables_->edges[node.first_edge + static_cast<size_t>(it - begin)];
}

void PrefixTrie::AppendValues(std::vector<uint32_t>* out) const {
  if (list_ != nullptr) {
    for (uint32_t i = 1; i <= list_[0].length; ++i) out->push_back(list_[i].value);
  } else if (tables_ != nullptr) {
    out->insert(out->end(), tables_->values.begin(), tables_->values.end());
  }
}

size_t PrefixTrie::MemoryBytes() const {
  if (list_ != nullptr) {
    const uint32_t count = list_[0].length;
    size_t label_bytes = 0;
    for (uint32_t i = 1; i <= count; ++i) label_bytes += list_[i].length;
    return sizeof(ListEntry) * ListSlots(count, label_bytes);
  }
  if (tables_ == nullptr) return 0;
  const Tables& t = *tables_;
  return sizeof(Tables) + t.nodes.capacity() * sizeof(Node) + t.edge_first_bytes.capacity() +
         t.edges.capacity() * sizeof(Edge) + t.labels.capacity() + t.values.capacity() * sizeof(uint32_t);
}

}  // namespace policy_internal
}  // namespace interdict
