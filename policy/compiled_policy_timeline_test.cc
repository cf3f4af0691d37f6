// Tests sentences 1 (purity), 3 (timelines), 4 (advisory cap) and 7 (next change at a step) of the contract in compiled_policy.h.
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/compiled_policy.h"
#include "policy/testing/evaluation_test_support.h"

namespace interdict {
namespace test_support {
namespace {

using ::testing::HasSubstr;

// 1. Evaluation is pure: the instant comes from the context, never from a clock.
TEST_F(EvaluateTest, InstantComesFromContextNotClock) {
  auto policy = Compile(UsPolicy(kDenyKasperskyUpdates));
  context_.instant = Utc(2020, 1, 1);
  EXPECT_EQ(Run(*policy).verdict(), v1::ALLOW);
  context_.instant = Utc(2030, 1, 1);
  EXPECT_EQ(Run(*policy).verdict(), v1::DENY);
}

// 3. Timelines: PENDING before the first step, then each step's verdict until the next.
TEST_F(EvaluateTest, TimelineStepsGiveVerdictsFromTheirInstants) {
  auto policy = Compile(UsPolicy(R"pb(
    rules {
      id: "phased"
      select { entity: "kaspersky" }
      actions: [UPDATE]
      steps { after_issue { days: 30 } verdict: WARN label: "identify" }
      steps { after_issue { days: 90 } verdict: DENY label: "remove" }
    }
  )pb"));
  // Issued 2024-06-20 00:00 New York (EDT, UTC-4): +30 days = 2024-07-20T04:00Z.
  const absl::Time warn_from = Utc(2024, 7, 20, 4);
  const absl::Time deny_from = Utc(2024, 9, 18, 4);

  context_.instant = warn_from - absl::Seconds(1);
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::ALLOW);
  ASSERT_EQ(d.matches_size(), 1);
  EXPECT_EQ(d.matches(0).state(), v1::PENDING);
  EXPECT_EQ(d.matches(0).step_index(), -1);
  EXPECT_EQ(d.matches(0).next_step_at().seconds(), absl::ToUnixSeconds(warn_from));
  EXPECT_EQ(d.matches(0).next_step_verdict(), v1::WARN);

  context_.instant = warn_from;
  d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::WARN);
  EXPECT_EQ(d.matches(0).state(), v1::IN_FORCE);
  EXPECT_EQ(d.matches(0).step_label(), "identify");
  EXPECT_EQ(policy->StepLabel(decision_.matches()[0].rule, decision_.matches()[0].step_index), "identify");
  EXPECT_EQ(d.matches(0).in_force_since().seconds(), absl::ToUnixSeconds(warn_from));
  EXPECT_EQ(d.next_change().seconds(), absl::ToUnixSeconds(deny_from));

  context_.instant = deny_from + absl::Hours(24 * 365);
  d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::DENY);
  EXPECT_EQ(d.matches(0).step_index(), 1);
  EXPECT_FALSE(d.matches(0).has_next_step_at());
  EXPECT_FALSE(d.has_next_change());
}

// Absolute timelines of up to three steps within 68 years of 2000 are copied into the
// rule's record; longer ones and farther instants are read from the steps table.
// Either way each step gives its verdict from its instant.
TEST_F(EvaluateTest, TimelinesGiveTheSameVerdictsWhereverTheyAreStored) {
  auto policy = Compile(UsPolicy(R"pb(
    rules {
      id: "copied"
      select { entity: "kaspersky" }
      actions: [UPDATE]
      steps { at { date: "2023-06-01" zone: "UTC" } verdict: WARN }
      steps { at { date: "2024-06-01" zone: "UTC" } verdict: DENY }
      steps { at { date: "2030-01-01" zone: "UTC" } verdict: ALLOW label: "sunset" }
    }
    rules {
      id: "far"
      select { entity: "kaspersky" }
      actions: [RUN]
      steps { at { date: "1910-01-01" zone: "UTC" } verdict: WARN }
      steps { at { date: "2100-01-01" zone: "UTC" } verdict: DENY }
    }
    rules {
      id: "four-steps"
      select { entity: "kaspersky" }
      actions: [INSTALL]
      steps { at { date: "2023-01-01" zone: "UTC" } verdict: WARN }
      steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY }
      steps { at { date: "2025-01-01" zone: "UTC" } verdict: WARN }
      steps { at { date: "2026-01-01" zone: "UTC" } verdict: DENY }
    }
  )pb"));
  struct Case {
    v1::Action action;
    absl::Time instant;
    v1::Verdict verdict;
    absl::Time next_change;  // InfiniteFuture: none.
  };
  const Case cases[] = {
      {v1::UPDATE, Utc(2023, 5, 31), v1::ALLOW, Utc(2023, 6, 1)},
      {v1::UPDATE, Utc(2023, 6, 1), v1::WARN, Utc(2024, 6, 1)},
      {v1::UPDATE, Utc(2029, 12, 31), v1::DENY, Utc(2030, 1, 1)},
      {v1::UPDATE, Utc(2030, 1, 1), v1::ALLOW, absl::InfiniteFuture()},
      {v1::RUN, Utc(1909, 12, 31), v1::ALLOW, Utc(1910, 1, 1)},
      {v1::RUN, Utc(2050, 1, 1), v1::WARN, Utc(2100, 1, 1)},
      {v1::RUN, Utc(2100, 1, 1), v1::DENY, absl::InfiniteFuture()},
      {v1::INSTALL, Utc(2024, 6, 1), v1::DENY, Utc(2025, 1, 1)},
      {v1::INSTALL, Utc(2025, 6, 1), v1::WARN, Utc(2026, 1, 1)},
      {v1::INSTALL, Utc(2026, 1, 1), v1::DENY, absl::InfiniteFuture()},
  };
  for (const Case& c : cases) {
    context_.action = c.action;
    context_.instant = c.instant;
    EXPECT_EQ(Run(*policy).verdict(), c.verdict) << c.action << " at " << c.instant;
    EXPECT_EQ(decision_.next_change(), c.next_change) << c.action << " at " << c.instant;
  }
}

TEST_F(EvaluateTest, FirstSeenOffsetsCountFromTheArtifactOrTheInstant) {
  auto policy = Compile(UsPolicy(R"pb(
    rules {
      id: "grace"
      select { entity: "kaspersky" }
      actions: [UPDATE]
      steps { after_first_seen { days: 7 } verdict: DENY }
    }
  )pb"));
  artifact_.first_seen = Utc(2024, 9, 28);
  context_.instant = Utc(2024, 10, 4, 23, 59);
  EXPECT_EQ(Run(*policy).verdict(), v1::ALLOW);
  EXPECT_EQ(decision_.next_change(), Utc(2024, 10, 5));
  context_.instant = Utc(2024, 10, 5);
  EXPECT_EQ(Run(*policy).verdict(), v1::DENY);
  artifact_.first_seen.reset();  // Unknown: first seen now, so the grace period starts now.
  EXPECT_EQ(Run(*policy).verdict(), v1::ALLOW);
  EXPECT_EQ(decision_.next_change(), Utc(2024, 10, 12));
}

// "Within 30 days of discovery, but not before the rule takes effect": a relative step
// with a floor starts at the later of the two, and the floor holds for later steps.
struct FloorRow {
  absl::string_view name;
  absl::Time first_seen;
  absl::Time warn_from;  // When the WARN step begins.
  absl::Time deny_from;  // When the DENY step begins.
};

const FloorRow kFloorRows[] = {
    // Seen long before the rule: both steps wait for the floor, then keep their order.
    {"SeenBeforeTheFloor", Utc(2024, 1, 1), Utc(2024, 9, 29, 4), Utc(2024, 9, 29, 4)},
    // Seen after the floor: first sight plus the offsets.
    {"SeenAfterTheFloor", Utc(2024, 10, 1), Utc(2024, 10, 31), Utc(2024, 12, 30)},
    // Seen so that only the first step would start before the floor.
    {"FloorBetweenTheSteps", Utc(2024, 8, 1), Utc(2024, 9, 29, 4), Utc(2024, 10, 30)},
};

using FloorTest = EvaluateTableTest<FloorRow>;

TEST_P(FloorTest, RelativeStepsStartNoEarlierThanTheirFloor) {
  auto policy = Compile(UsPolicy(R"pb(
    rules {
      id: "identify-then-remove"
      select { entity: "kaspersky" }
      actions: [RUN]
      steps { after_first_seen { days: 30 } verdict: WARN
              not_before { date: "2024-09-29" time: "00:00" zone: "America/New_York" } }
      steps { after_first_seen { days: 90 } verdict: DENY }
    }
  )pb"));
  ASSERT_NE(policy, nullptr);
  context_.action = v1::RUN;
  artifact_.first_seen = GetParam().first_seen;
  const bool same_start = GetParam().warn_from == GetParam().deny_from;
  context_.instant = GetParam().warn_from - absl::Seconds(1);
  EXPECT_EQ(Run(*policy).verdict(), v1::ALLOW);
  EXPECT_EQ(decision_.next_change(), GetParam().warn_from);
  context_.instant = GetParam().warn_from;
  EXPECT_EQ(Run(*policy).verdict(), same_start ? v1::DENY : v1::WARN);
  context_.instant = GetParam().deny_from;
  EXPECT_EQ(Run(*policy).verdict(), v1::DENY);
}

INSTANTIATE_TEST_SUITE_P(Floors, FloorTest, ::testing::ValuesIn(kFloorRows), RowName());

TEST_F(EvaluateTest, OnlyRelativeStepsHaveAFloor) {
  EXPECT_THAT(CompileError(UsPolicy(R"pb(
    rules { id: "r" select { entity: "kaspersky" } actions: [RUN]
            steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY
                    not_before { date: "2024-01-01" zone: "UTC" } } }
  )pb")),
              HasSubstr("policies[0].rules[0].steps[0].not_before: only a step after_first_seen can have a floor"));
}

// 4. Advisory policies yield at most WARN.
TEST_F(EvaluateTest, AdvisoryPolicyIsCappedAtWarn) {
  auto policy = Compile(absl::StrCat(kEntities, R"pb(
    policies {
      id: "eu.ep.2018" citation: "A8-0189/2018" binding: ADVISORY
      rules { id: "ban" select { entity: "kaspersky" } actions: [UPDATE]
              steps { at { date: "2018-06-13" zone: "Europe/Brussels" } verdict: DENY } }
    }
  )pb"));
  v1::Decision d = RunProto(*policy);
  EXPECT_EQ(d.verdict(), v1::WARN);
  EXPECT_EQ(d.matches(0).verdict(), v1::WARN);
}

// 3. A civil instant resolved ahead of time (resolved_unix_seconds, as the bundled
// catalog is built) is taken as is, without the zone database; explanations still say
// how the text wrote it, and offsets from the issue date say the civil day they fall on.
TEST_F(EvaluateTest, AResolvedInstantIsTakenAsIsAndExplainedAsWritten) {
  auto policy = Compile(absl::StrCat(kEntities, R"pb(
    policies { id: "p" citation: "C" binding: BINDING
      rules { id: "r" select { entity: "kaspersky" } actions: [UPDATE]
              steps { at { date: "2024-09-29" time: "00:00" zone: "Not/AZone" resolved_unix_seconds: 1727582400 }
                      verdict: DENY } } }
    policies { id: "q" citation: "C" binding: BINDING issued { date: "2017-09-13" zone: "America/New_York" }
      rules { id: "r" select { entity: "kaspersky" } actions: [RUN]
              steps { after_issue { days: 90 } verdict: DENY } } }
  )pb"));
  artifact_.vendor = "Kaspersky Lab";
  context_.instant = absl::FromUnixSeconds(1727582400) - absl::Seconds(1);
  EXPECT_EQ(Run(*policy).matches()[0].state, v1::PENDING);
  context_.instant = absl::FromUnixSeconds(1727582400);
  EXPECT_EQ(policy->Explain(Run(*policy)),
            "DENY by p/r (C) since 2024-09-29T04:00:00Z (2024-09-29 00:00 Not/AZone).");
  context_.action = v1::RUN;
  EXPECT_EQ(policy->Explain(Run(*policy)),
            "DENY by q/r (C) since 2017-12-12T05:00:00Z (2017-12-12 00:00 America/New_York).");
}

}  // namespace
}  // namespace test_support
}  // namespace interdict
