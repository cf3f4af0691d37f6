// Entity relations: cycle checks and closures (see entity_graph.h).
#include "policy/internal/entity_graph.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace interdict {
namespace policy_internal {

EntityGraph::EntityGraph(size_t entity_count)
    : controls_(entity_count),
      controlled_by_(entity_count),
      succeeded_by_(entity_count),
      preceded_by_(entity_count),
      affiliated_(entity_count) {}

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
  std::vector<Color> color(edges.size(), kWhite);
  std::vector<uint32_t> path;
  std::vector<size_t> next_edge;
  for (uint32_t root = 0; root < edges.size(); ++root) {
    if (color[root] != kWhite) continue;
    path.assign(1, root);
    next_edge.assign(1, 0);
    color[root] = kGrey;
    while (!path.empty()) {
      const uint32_t node = path.back();
      if (next_edge.back() == edges[node].size()) {
        color[node] = kBlack;
        path.pop_back();
        next_edge.pop_back();
        continue;
      }
      const Edge& edge = edges[node][next_edge.back()++];
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
    if (reach.subsidiaries || reach.affiliates) visit(controls_[node]);
    if (reach.affiliates) {
      visit(controlled_by_[node]);
      visit(affiliated_[node]);
    }
    if (reach.successors) visit(succeeded_by_[node]);
    if (reach.predecessors) visit(preceded_by_[node]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace policy_internal
}  // namespace interdict
