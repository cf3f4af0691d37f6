// Tests of the component walk: order, paths, and the depth limit.
#include "policy/internal/component_walk.h"

#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interdict {
namespace policy_internal {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Walk(const ArtifactView& root, uint32_t max_depth, bool* too_deep) {
  std::vector<std::string> visited;
  *too_deep = WalkComponents(root, max_depth,
                             [&](const ArtifactView&, absl::Span<const absl::string_view> path) {
                               visited.push_back(absl::StrJoin(path, "/"));
                             });
  return visited;
}

TEST(ComponentWalkTest, VisitsDepthFirstWithThePathFromTheArtifact) {
  ArtifactView grandchildren[2];
  grandchildren[0].name = "c";
  grandchildren[1].name = "d";
  ArtifactView children[2];
  children[0].name = "a";
  children[0].components = grandchildren;
  children[1].name = "b";
  ArtifactView root;
  root.name = "root";
  root.components = children;
  bool too_deep = true;
  EXPECT_THAT(Walk(root, 8, &too_deep), ElementsAre("root/a", "root/a/c", "root/a/d", "root/b"));
  EXPECT_FALSE(too_deep);
}

TEST(ComponentWalkTest, StopsAtTheDepthLimitAndSaysSo) {
  // A chain root -> l1 -> l2 -> ... -> l5.
  ArtifactView chain[5];
  for (int i = 4; i >= 0; --i) {
    static const char* const kNames[] = {"l1", "l2", "l3", "l4", "l5"};
    chain[i].name = kNames[i];
    if (i < 4) chain[i].components = absl::Span<const ArtifactView>(&chain[i + 1], 1);
  }
  ArtifactView root;
  root.name = "root";
  root.components = absl::Span<const ArtifactView>(&chain[0], 1);
  bool too_deep = false;
  EXPECT_THAT(Walk(root, 2, &too_deep), ElementsAre("root/l1", "root/l1/l2"));
  EXPECT_TRUE(too_deep);
  EXPECT_EQ(Walk(root, 5, &too_deep).size(), 5u);
  EXPECT_FALSE(too_deep);
  EXPECT_TRUE(Walk(ArtifactView(), 8, &too_deep).empty());
  EXPECT_FALSE(too_deep);
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
