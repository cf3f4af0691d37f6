// Entity relations: cycle checks and closures (see entity_graph.h).
#include "policy/internal/entity_graph.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace interdict {
namespace policy_internal {

EntityGraph::EntityGraph(size_t entity_count) : entity_count_(entity_count) {}

const std::vector<EntityGraph::Edge>& EntityGraph::EdgesOf(const Adjacency& edges, uint32_t node) {
  static const std::vector<Edge>* const kNone = new std::vector<Edge>();
  auto it = edges.find(node);
  return it == edges.end() ? *kNone : it->second;
}

void EntityGraph::AddControl(uint32_t controller, uint32_t controlled, const std::string& path) {
  controls_[controller].push_back({controlled, path});
  controlled_by_[controlled].push_back({controller, path});
}

void EntityGraph::AddSuccession(uint32_t predecessor, uint32_t successor, const std::string& path) {
  succeeded_by_[predecessor].push_back({successor, path});
  preceded_by_[successor].push_back({predecessor, path});
}

void EntityGraph::AddAffiliation(uint32_t a, uint32_t b, const std::string& path) {
  affiliated_[a].push_back({b, path});
  affiliated_[b].push_back({a, path});
}

void EntityGraph::FindCyclesIn(const Adjacency& edges, const char* kind,
                               const std::vector<std::string>& ids, std::vector<Cycle>* out) const {
  // Iterative depth-first search; an edge to a node on the current path closes a cycle.
  enum Color : uint8_t { kWhite, kGrey, kBlack };
  std::vector<Color> color(edges.empty() ? 0 : entity_count_, kWhite);
  std::vector<uint32_t> path;
  std::vector<size_t> next_edge;
  for (uint32_t root = 0; root < color.size(); ++root) {
    // A node without edges closes no cycle; one reached later is searched from there.
    if (color[root] != kWhite || !edges.contains(root)) continue;
    path.assign(1, root);
    next_edge.assign(1, 0);
    color[root] = kGrey;
    while (!path.empty()) {
      const uint32_t node = path.back();
      const std::vector<Edge>& out_edges = EdgesOf(edges, node);
      if (next_edge.back() == out_edges.size()) {
        color[node] = kBlack;
        path.pop_back();
        next_edge.pop_back();
        continue;
      }
      const Edge& edge = out_edges[next_edge.back()++];
      if (color[edge.to] == kGrey) {
        const auto start = std::find(path.begin(), path.end(), edge.to);
        std::vector<std::string> names;
        for (auto it = start; it != path.end(); ++it) names.push_back(ids[*it]);
        names.push_back(ids[edge.to]);
        out->push_back({edge.path, absl::StrCat(kind, " relations form a cycle: ",
                                                absl::StrJoin(names, " -> "))});
      } else if (color[edge.to] == kWhite) {
        color[edge.to] = kGrey;
        path.push_back(edge.to);
        next_edge.push_back(0);
      }
    }
  }
}

std::vector<EntityGraph::Cycle> EntityGraph::FindCycles(const std::vector<std::string>& ids) const {
  std::vector<Cycle> cycles;
  FindCyclesIn(controls_, "control", ids, &cycles);
  FindCyclesIn(succeeded_by_, "succession", ids, &cycles);
  return cycles;
}

std::vector<uint32_t> EntityGraph::Closure(uint32_t entity, const Reach& reach) const {
  // A set, not a bitmap of every entity: a compilation closes one selector after
  // another, and each must cost what it reaches, not the size of the graph.
  absl::flat_hash_set<uint32_t> seen = {entity};
  std::vector<uint32_t> stack = {entity};
  std::vector<uint32_t> out;
  auto visit = [&](const std::vector<Edge>& edges) {
    for (const Edge& edge : edges) {
      if (seen.insert(edge.to).second) stack.push_back(edge.to);
    }
  };
  while (!stack.empty()) {
    const uint32_t node = stack.back();
    stack.pop_back();
    out.push_back(node);
    if (reach.subsidiaries || reach.affiliates) visit(EdgesOf(controls_, node));
    if (reach.affiliates) {
      visit(EdgesOf(controlled_by_, node));
      visit(EdgesOf(affiliated_, node));
    }
    if (reach.successors) visit(EdgesOf(succeeded_by_, node));
    if (reach.predecessors) visit(EdgesOf(preceded_by_, node));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace policy_internal
}  // namespace interdict
