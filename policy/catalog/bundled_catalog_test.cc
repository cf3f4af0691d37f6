// The catalog built into the library: present, versioned, deciding as the catalog's
// policy tests say, usable without a time-zone database (this test runs with TZDIR
// pointing nowhere), and open to an organisation's own exemptions.
#include "policy/catalog/bundled_catalog.h"

#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "policy/interdict.h"

namespace interdict {
namespace {

v1::EvaluationContext PrivateUsCompany(v1::Action action, int64_t unix_seconds) {
  v1::EvaluationContext context;
  context.set_action(action);
  context.mutable_instant()->set_seconds(unix_seconds);
  context.add_jurisdictions("US");
  context.add_organization_kinds("private-sector");
  return context;
}

constexpr int64_t k20240929Midnight = 1727582400;  // 2024-09-29 00:00 America/New_York.

TEST(BundledCatalogTest, IsVersionedAndHoldsTheCatalog) {
  const Catalog& catalog = BundledCatalog();
  EXPECT_FALSE(catalog.version.empty());
  EXPECT_EQ(catalog.facts_checked.size(), 10u);
  ASSERT_NE(catalog.policy, nullptr);
  EXPECT_GE(catalog.policy->policy_count(), 20u);
  EXPECT_EQ(catalog.bundle->expectations_size(), 0);
  EXPECT_EQ(catalog.bundle->exemptions_size(), 0);
  EXPECT_EQ(&BundledCatalog(), &catalog);  // Built once.
}

TEST(BundledCatalogTest, DecidesWithoutATimeZoneDatabaseAndShowsTheWrittenZone) {
  // The host has no zone database here: a written zone cannot be loaded.
  absl::TimeZone probe;
  ASSERT_FALSE(absl::LoadTimeZone("America/New_York", &probe)) << "TZDIR is not taking effect";
  const Catalog& catalog = BundledCatalog();
  v1::Artifact artifact;
  artifact.set_name("Kaspersky Internet Security");
  artifact.set_vendor("Kaspersky Lab ZAO");
  absl::StatusOr<v1::Decision> before =
      catalog.policy->Evaluate(artifact, PrivateUsCompany(v1::UPDATE, k20240929Midnight - 60));
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->verdict(), v1::ALLOW);
  absl::StatusOr<v1::Decision> at =
      catalog.policy->Evaluate(artifact, PrivateUsCompany(v1::UPDATE, k20240929Midnight));
  ASSERT_TRUE(at.ok()) << at.status();
  EXPECT_EQ(at->verdict(), v1::DENY);
  EXPECT_TRUE(absl::StrContains(at->explanation(),
                                "since 2024-09-29T04:00:00Z (2024-09-29 00:00 America/New_York)"))
      << at->explanation();
  // A look-alike and UltraAV stay allowed.
  artifact.set_vendor("Pango Group");
  artifact.set_name("UltraAV");
  EXPECT_EQ(catalog.policy->Evaluate(artifact, PrivateUsCompany(v1::UPDATE, k20240929Midnight))
                ->matches_size(),
            0);
}

TEST(BundledCatalogTest, AnOrganisationLayersItsOwnExemptions) {
  PolicyLoader loader;
  loader.AddBundle("bundled catalog", *BundledCatalog().bundle);
  ASSERT_TRUE(loader
                  .AddText("ours.textproto", R"pb(
    exemptions {
      id: "EX-OMB-1"
      exempts { policy: "us.omb.m-23-13" }
      assets: ["forensics-7"]
      purpose: LAW_ENFORCEMENT
      approver_role: "agency-head"
      valid { from { date: "2024-01-01" zone: "UTC" } until { date: "2025-01-01" zone: "UTC" } }
    }
  )pb")
                  .ok());
  auto policy = PolicyCompiler().Compile(std::move(loader).Finish());
  ASSERT_TRUE(policy.ok()) << policy.status();
  v1::Artifact tiktok;
  tiktok.set_name("TikTok");
  tiktok.set_vendor("TikTok");
  v1::EvaluationContext context;
  context.set_action(v1::RUN);
  context.mutable_instant()->set_seconds(1719792000);  // 2024-07-01.
  context.add_jurisdictions("US");
  context.add_organization_kinds("federal-executive-agency");
  context.set_asset_id("forensics-7");
  absl::StatusOr<v1::Decision> exempted = (*policy)->Evaluate(tiktok, context);
  ASSERT_TRUE(exempted.ok()) << exempted.status();
  EXPECT_EQ(exempted->verdict(), v1::ALLOW);
  ASSERT_GE(exempted->exemptions_size(), 1);
  EXPECT_TRUE(exempted->exemptions(0).applied());
  context.set_asset_id("desk-12");
  EXPECT_EQ((*policy)->Evaluate(tiktok, context)->verdict(), v1::DENY);
}

}  // namespace
}  // namespace interdict
