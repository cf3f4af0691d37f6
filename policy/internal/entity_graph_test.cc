#include "policy/internal/entity_graph.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// 0 holding, 1 russia (controlled by holding), 2 us (subsidiary of russia),
// 3 uk (controlled by holding), 4 renamed (successor of us), 5 unrelated.
EntityGraph Kaspersky() {
  EntityGraph graph(6);
  graph.AddControl(0, 1, "r01");
  graph.AddControl(1, 2, "r12");
  graph.AddControl(0, 3, "r03");
  graph.AddSuccession(2, 4, "s24");
  return graph;
}

EntityGraph::Reach Reach(bool subsidiaries, bool affiliates, bool successors,
                         bool predecessors = false) {
  EntityGraph::Reach reach;
  reach.subsidiaries = subsidiaries;
  reach.affiliates = affiliates;
  reach.successors = successors;
  reach.predecessors = predecessors;
  return reach;
}

TEST(EntityGraphTest, AloneIsJustTheEntity) {
  EXPECT_THAT(Kaspersky().Closure(1, Reach(false, false, false)), ElementsAre(1));
}

TEST(EntityGraphTest, SubsidiariesFollowControlDownwardsTransitively) {
  EXPECT_THAT(Kaspersky().Closure(0, Reach(true, false, false)), ElementsAre(0, 1, 2, 3));
  EXPECT_THAT(Kaspersky().Closure(1, Reach(true, false, false)), ElementsAre(1, 2));
}

TEST(EntityGraphTest, AffiliatesAreEverythingUnderCommonControl) {
  EXPECT_THAT(Kaspersky().Closure(2, Reach(false, true, false)), ElementsAre(0, 1, 2, 3));
}

TEST(EntityGraphTest, SuccessorsComposeWithControl) {
  EXPECT_THAT(Kaspersky().Closure(2, Reach(false, false, true)), ElementsAre(2, 4));
  EXPECT_THAT(Kaspersky().Closure(1, Reach(false, false, true)), ElementsAre(1));
  EXPECT_THAT(Kaspersky().Closure(1, Reach(true, false, true)), ElementsAre(1, 2, 4));
}

TEST(EntityGraphTest, PredecessorsFollowSuccessionBackwards) {
  EXPECT_THAT(Kaspersky().Closure(4, Reach(false, false, false, true)), ElementsAre(2, 4));
  EXPECT_THAT(Kaspersky().Closure(2, Reach(false, false, false, true)), ElementsAre(2));
  // A predecessor's controllers are reached when affiliates are asked for too.
  EXPECT_THAT(Kaspersky().Closure(4, Reach(false, true, false, true)), ElementsAre(0, 1, 2, 3, 4));
}

// Affiliation has no direction: either side reaches the other, and what it reaches in
// turn, but only through include_affiliates.
TEST(EntityGraphTest, AffiliationIsUndirectedAndOnlyForAffiliates) {
  EntityGraph graph = Kaspersky();
  graph.AddAffiliation(5, 3, "a53");
  EXPECT_THAT(graph.Closure(5, Reach(false, true, false)), ElementsAre(0, 1, 2, 3, 5));
  EXPECT_THAT(graph.Closure(3, Reach(false, true, false)), ElementsAre(0, 1, 2, 3, 5));
  EXPECT_THAT(graph.Closure(5, Reach(true, false, true, true)), ElementsAre(5));
  EXPECT_THAT(graph.FindCycles({"holding", "ru", "us", "uk", "renamed", "other"}), IsEmpty());
}

TEST(EntityGraphTest, NoCyclesInATree) {
  EXPECT_THAT(Kaspersky().FindCycles({"holding", "ru", "us", "uk", "renamed", "other"}), IsEmpty());
}

TEST(EntityGraphTest, CyclesAreReportedAtTheClosingRelation) {
  EntityGraph graph(3);
  graph.AddControl(0, 1, "entities[1].relations[0]");
  graph.AddControl(1, 2, "entities[2].relations[0]");
  graph.AddControl(2, 0, "entities[0].relations[0]");
  graph.AddSuccession(1, 2, "entities[2].relations[1]");
  graph.AddSuccession(2, 1, "entities[1].relations[1]");
  const std::vector<EntityGraph::Cycle> cycles = graph.FindCycles({"a", "b", "c"});
  ASSERT_EQ(cycles.size(), 2u);
  EXPECT_EQ(cycles[0].path, "entities[0].relations[0]");
  EXPECT_EQ(cycles[0].message, "control relations form a cycle: a -> b -> c -> a");
  EXPECT_EQ(cycles[1].path, "entities[1].relations[1]");
  EXPECT_EQ(cycles[1].message, "succession relations form a cycle: b -> c -> b");
}

TEST(EntityGraphTest, ClosureTerminatesEvenOnACycle) {
  EntityGraph graph(2);
  graph.AddControl(0, 1, "x");
  graph.AddControl(1, 0, "y");
  EXPECT_THAT(graph.Closure(0, Reach(true, true, true)), ElementsAre(0, 1));
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
