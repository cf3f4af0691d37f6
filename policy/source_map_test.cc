// Tests of SourceMap on its own: lookups, ancestor fallback and local paths.
#include "policy/source_map.h"

#include "gtest/gtest.h"

namespace interdict {
namespace {

SourceMap TwoFiles() {
  SourceMap map;
  map.AddElement("policies", "a.textproto", 0);
  map.AddElement("policies", "b.textproto", 0);
  map.AddElement("policies", "b.textproto", 1);
  map.AddPosition("policies[2]", 10, 1);
  map.AddPosition("policies[2].rules[3].id", 14, 5);
  return map;
}

TEST(SourceMapTest, LocatesRecordedFieldsInTheirFile) {
  SourceMap map = TwoFiles();
  SourceLocation at = map.Locate("policies[2].rules[3].id");
  EXPECT_EQ(at.file, "b.textproto");
  EXPECT_EQ(at.line, 14);
  EXPECT_EQ(at.column, 5);
}

TEST(SourceMapTest, FallsBackToTheNearestRecordedAncestor) {
  SourceMap map = TwoFiles();
  SourceLocation at = map.Locate("policies[2].rules[3].steps[0].at.zone");
  EXPECT_EQ(at.line, 10);
  at = map.Locate("policies[0].id");
  EXPECT_EQ(at.file, "a.textproto");
  EXPECT_EQ(at.line, 0);
}

TEST(SourceMapTest, UnknownPathsHaveNoLocation) {
  SourceMap map = TwoFiles();
  EXPECT_EQ(map.Locate("policies[3]").file, "");
  EXPECT_EQ(map.Locate("entities[0]").file, "");
  EXPECT_EQ(map.Locate("policies").file, "");
  EXPECT_EQ(map.Locate("policies[x]").file, "");
}

TEST(SourceMapTest, LocalPathUsesTheIndexWithinTheFile) {
  SourceMap map = TwoFiles();
  EXPECT_EQ(map.LocalPath("policies[2].rules[3].id"), "policies[1].rules[3].id");
  EXPECT_EQ(map.LocalPath("policies[1]"), "policies[0]");
  EXPECT_EQ(map.LocalPath("policies[9].id"), "policies[9].id");
  EXPECT_EQ(map.LocalPath("exemptions"), "exemptions");
}

}  // namespace
}  // namespace interdict
