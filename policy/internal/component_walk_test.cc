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

std::vector<std::string> Walk(const ArtifactView& root, uint32_t max_depth, bool* too_deep,
                              size_t max_components = 1000, bool* too_many = nullptr) {
  std::vector<std::string> visited;
  const ComponentWalkEnd end =
      WalkComponents(root, max_depth, max_components, [&](const ArtifactView&, absl::Span<const absl::string_view> path) {
        // Appended one by one: StrJoin's fast path for string_views memcpy's from data(),
        // which is null for unnamed components, and UBSan reports that.
        visited.push_back(absl::StrJoin(path, "/", [](std::string* out, absl::string_view name) {
          out->append(name.data(), name.size());
        }));
      });
  *too_deep = end.too_deep;
  if (too_many != nullptr) *too_many = end.too_many;
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

TEST(ComponentWalkTest, StopsAfterTheMostComponentsAndSaysSo) {
  ArtifactView many[10];
  ArtifactView root;
  root.name = "root";
  root.components = many;
  bool too_deep = true;
  bool too_many = false;
  EXPECT_EQ(Walk(root, 8, &too_deep, 4, &too_many).size(), 4u);
  EXPECT_TRUE(too_many);
  EXPECT_FALSE(too_deep);
  EXPECT_EQ(Walk(root, 8, &too_deep, 10, &too_many).size(), 10u);
  EXPECT_FALSE(too_many);
}

}  // namespace
}  // namespace policy_internal
}  // namespace interdict
