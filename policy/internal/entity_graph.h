// File: policy/internal/entity_graph.h
// -----------------------------------------------------------------------------
//
// The relations between a bundle's entities (interdict.v1.Relation), as two
// directed graphs: control (controller -> controlled, from subsidiary_of,
// parent_of, controls, controlled_by, majority_owned_by) and succession
// (predecessor -> successor), and one undirected one, affiliation (affiliate_of).
// The compiler checks the directed ones for cycles and closes a selector's entity
// over them, so evaluation only ever tests set membership.
//
// Closure of an entity E, following the edges the selector asks for until nothing
// new is reached:
//   - subsidiaries: control edges downwards (what E controls, and so on);
//   - affiliates: control edges both ways and affiliation edges (E's controllers,
//     what they control, ...: everything under common control with E, and whatever
//     is declared affiliated);
//   - successors: succession edges forwards (who took over from E, and so on);
//   - predecessors: succession edges backwards (whom E took over from, and so on).
//
// Example:
//
//   EntityGraph graph(3);
//   graph.AddControl(/*controller=*/0, /*controlled=*/1, "entities[1].relations[0]");
//   EntityGraph::Reach reach;
//   reach.subsidiaries = true;
//   graph.Closure(0, reach) == {0, 1}
//
// Thread safety: thread-compatible; built once per compilation.

#ifndef INTERDICT_POLICY_INTERNAL_ENTITY_GRAPH_H_
#define INTERDICT_POLICY_INTERNAL_ENTITY_GRAPH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace interdict {
namespace policy_internal {

class EntityGraph {
 public:
  struct Reach {
    bool subsidiaries = false;
    bool affiliates = false;
    bool successors = false;
    bool predecessors = false;
  };

  // A cycle, reported at the relation that closes it.
  struct Cycle {
    std::string path;     // The field path of that relation.
    std::string message;  // "control relations form a cycle: a -> b -> a"
  };

  explicit EntityGraph(size_t entity_count);

  // `path` is the field path of the relation, for error reports.
  void AddControl(uint32_t controller, uint32_t controlled, const std::string& path);
  void AddSuccession(uint32_t predecessor, uint32_t successor, const std::string& path);
  // Undirected: `a` and `b` are affiliates of each other.
  void AddAffiliation(uint32_t a, uint32_t b, const std::string& path);

  // Every cycle among control edges and among succession edges, each once; `ids`
  // names the entities in messages.
  std::vector<Cycle> FindCycles(const std::vector<std::string>& ids) const;

  // `entity` and every entity reached as `reach` asks, sorted.
  std::vector<uint32_t> Closure(uint32_t entity, const Reach& reach) const;

 private:
  struct Edge {
    uint32_t to;
    std::string path;
  };
  // Entity -> its edges, for the entities that have some: most have no relation, and
  // a vector per entity and direction cost 120 bytes per entity (90 MB at a million
  // rules' 750,000 entities).
  using Adjacency = absl::flat_hash_map<uint32_t, std::vector<Edge>>;

  // The edges of `node` in `edges` (empty when it has none).
  static const std::vector<Edge>& EdgesOf(const Adjacency& edges, uint32_t node);

  void FindCyclesIn(const Adjacency& edges, const char* kind, const std::vector<std::string>& ids,
                    std::vector<Cycle>* out) const;

  size_t entity_count_ = 0;
  Adjacency controls_;        // controller -> controlled
  Adjacency controlled_by_;   // controlled -> controller
  Adjacency succeeded_by_;    // predecessor -> successor
  Adjacency preceded_by_;     // successor -> predecessor
  Adjacency affiliated_;      // both ways
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_ENTITY_GRAPH_H_
