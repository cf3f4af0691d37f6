// Steady-state evaluation must not allocate: counts every operator new while the same
// reused Decision evaluates hits, misses, regex and prefix matches, exemptions.
// Every replaceable allocation function is replaced, so that sanitizers see matched pairs.
#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "policy/interdict.h"

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
}  // namespace

void* operator new(size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t size) { return operator new(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

namespace interdict {
namespace {

TEST(AllocationTest, SteadyStateEvaluationAllocatesNothing) {
  v1::PolicyBundle bundle;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(
    entities { id: "k" name: "Kaspersky Lab" aliases: "AO Kaspersky Lab"
               package_namespaces: "pkg:github/kasperskylab"
               identifiers { team_id: "2Y8XE5CQ94" } cpe_vendors: "kaspersky"
               packages: "pkg:deb/*/klnagent64" }
    entities { id: "k-inc" name: "Kaspersky Lab, Inc." relations { kind: SUBSIDIARY_OF entity: "k" } }
    policies { id: "p" citation: "C" binding: BINDING scope { jurisdictions: "US" }
      exemption_purposes: [SECURITY_RESEARCH] allow_blanket_exemptions: true
      rules { id: "entity" select { entity: "k" exclude_products { prefix: "Kaspersky Threat" } version { max: "30" } }
              actions: [UPDATE] steps { at { date: "2024-01-01" zone: "UTC" } verdict: WARN }
              steps { at { date: "2024-09-29" zone: "America/New_York" } verdict: DENY } }
      rules { id: "regex" select { entity: "k" product { regex: "Kaspersky (Free|Anti-Virus).*" } }
              actions: [UPDATE] steps { after_first_seen { days: 7 } verdict: DENY } }
      rules { id: "prefix" select { product { prefix: "TikTok" } } actions: [UPDATE]
              steps { at { date: "2023-01-01" zone: "UTC" } verdict: DENY } }
      rules { id: "exact" select { product { exact: "DeepSeek" } } actions: [UPDATE]
              steps { at { date: "2025-02-04" zone: "Australia/Sydney" } verdict: DENY } }
      rules { id: "package" select { package { purl: "pkg:deb/debian/kesl" vers: "vers:deb/>=11.0|<12.0" } }
              actions: [UPDATE] steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } }
      rules { id: "rpm" select { package { purl: "pkg:rpm/redhat/kesl" vers: "vers:rpm/>=1:11.0|<1:12.0" } }
              actions: [UPDATE] steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } }
      rules { id: "components" select { entity: "k" include_components: true } actions: [UPDATE]
              steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } }
      rules { id: "identifiers"
              select { identifiers { sha256: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" }
                       identifiers { signer_subject: "Kaspersky Lab" }
                       identifiers { install_path_glob: "C:\\Program Files*\\Kaspersky Lab\\**" } }
              actions: [UPDATE] steps { at { date: "2024-01-01" zone: "UTC" } verdict: DENY } } }
    exemptions { id: "e" exempts { policy: "p" rules: ["entity"] } assets: ["lab-1"]
                 purpose: SECURITY_RESEARCH valid { from { date: "2024-01-01" zone: "UTC" } until { date: "2030-01-01" zone: "UTC" } } }
  )pb", &bundle));
  auto policy = PolicyCompiler().Compile(bundle);
  ASSERT_TRUE(policy.ok()) << policy.status();

  const std::string long_name(5000, 'x');  // Longer than any key: never matches.
  const std::string long_vendor(5000, 'y');
  auto make = [](absl::string_view name, absl::string_view vendor, absl::string_view version,
                 absl::optional<absl::Time> first_seen = absl::nullopt) {
    ArtifactView view;
    view.name = name;
    view.vendor = vendor;
    view.version = version;
    view.first_seen = first_seen;
    return view;
  };
  std::vector<ArtifactView> artifacts;
  artifacts.push_back(make("Kaspersky Anti-Virus 2021", "AO Kaspersky Lab", "21.3"));
  artifacts.push_back(make("Google Chrome", "Google LLC", "131.0"));
  artifacts.push_back(make("TikTok for Windows", "TikTok Pte. Ltd.", "1.0", absl::FromUnixSeconds(0)));
  artifacts.push_back(make("deepseek", "", ""));
  artifacts.push_back(make("Kaspersky Threat Intelligence", "Kaspersky Lab", "2.0"));
  artifacts.push_back(make(long_name, long_vendor, "1"));
  // Package rules: a hit, a purl that does not parse, a purl version that is not Debian's.
  artifacts.push_back(make("kesl", "", ""));
  artifacts.back().purl = "pkg:DEB/Debian/KESL@11.1.0-1234?arch=amd64";
  artifacts.push_back(make("kesl", "", ""));
  artifacts.back().purl = "pkg:deb/kesl@";
  artifacts.push_back(make("kesl", "", ""));
  artifacts.back().purl = "pkg:deb/debian/kesl@a:11";
  // An entity named by the purl's namespace alone.
  artifacts.push_back(make("Kaspersky Anti-Virus 2021", "", "21.3"));
  artifacts.back().purl = "pkg:github/KasperskyLab/kav@21.3";
  // Identifier rules: a hash, a signer's distinguished name, an install-path glob, and
  // a malformed hash (reported).
  artifacts.push_back(make("setup.exe", "", ""));
  const std::string upper_hash(64, 'A');  // Hex case does not matter.
  artifacts.back().sha256 = upper_hash;
  artifacts.push_back(make("agent", "", ""));
  artifacts.back().signer_subject = "CN=AO Kaspersky Lab, O=AO Kaspersky Lab, L=Moscow, C=RU";
  artifacts.push_back(make("avp.exe", "", ""));
  artifacts.back().install_path = "C:\\Program Files (x86)\\Kaspersky Lab\\KES 12\\avp.exe";
  artifacts.push_back(make("setup.exe", "", ""));
  artifacts.back().sha256 = "not-a-hash";
  // A component tree: the Kaspersky SDK two levels down in an appliance.
  v1::Artifact appliance;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(
    name: "Gateway" vendor: "Acme"
    components { name: "Updater" vendor: "Acme" components { name: "SDK" vendor: "AO Kaspersky Lab" } }
  )pb", &appliance));
  const ArtifactViewTree tree(appliance);
  artifacts.push_back(tree.root());
  // Entities found by their identifiers: a Team ID, a CPE vendor, a package in any
  // namespace, and a malformed Team ID (reported once).
  artifacts.push_back(make("Kaspersky Security", "", "21.3"));
  artifacts.back().team_id = "2Y8XE5CQ94";
  artifacts.push_back(make("Kaspersky Security", "", "21.3"));
  artifacts.back().cpe = "cpe:2.3:a:kaspersky:security_cloud:21.3:*:*:*:*:*:*:*";
  artifacts.push_back(make("Network Agent", "", "14.0"));
  artifacts.back().purl = "pkg:deb/astra/klnagent64@14.0.0.20023";
  artifacts.push_back(make("Kaspersky Security", "", "21.3"));
  artifacts.back().team_id = "not a team id";
  // An rpm purl whose epoch qualifier joins its version, and one whose epoch is not a
  // number (reported).
  artifacts.push_back(make("kesl", "", ""));
  artifacts.back().purl = "pkg:rpm/redhat/kesl@11.1.0-1234?arch=x86_64&epoch=1";
  artifacts.push_back(make("kesl", "", ""));
  artifacts.back().purl = "pkg:rpm/redhat/kesl@11.1.0-1234?epoch=x";
  const absl::string_view us[] = {"US"};
  ContextView context;
  context.instant = absl::FromUnixSeconds(1735689600);
  context.action = v1::UPDATE;
  context.jurisdictions = us;
  context.asset_id = "lab-1";

  Decision decision;
  std::vector<Decision> batch;
  for (int warm = 0; warm < 3; ++warm) {
    for (const ArtifactView& a : artifacts) (*policy)->Evaluate(a, context, &decision);
    (*policy)->EvaluateBatch(artifacts, context, &batch);
  }
  counting = true;
  for (int round = 0; round < 1000; ++round) {
    for (const ArtifactView& a : artifacts) (*policy)->Evaluate(a, context, &decision);
    (*policy)->EvaluateBatch(artifacts, context, &batch);
  }
  counting = false;
  EXPECT_EQ(allocations.load(), 0);
  // The workload really exercised matches and exemptions.
  (*policy)->Evaluate(artifacts[0], context, &decision);
  EXPECT_EQ(decision.matches().size(), 3u);  // entity, regex, and components (the artifact itself)
  EXPECT_EQ(decision.exemptions().size(), 1u);
  (*policy)->Evaluate(artifacts[6], context, &decision);
  EXPECT_EQ(decision.matches().size(), 1u);
  (*policy)->Evaluate(artifacts[7], context, &decision);
  EXPECT_EQ(decision.artifact_problems().size(), 1u);
  (*policy)->Evaluate(artifacts[8], context, &decision);
  EXPECT_EQ(decision.artifact_problems().size(), 1u);
  (*policy)->Evaluate(artifacts[9], context, &decision);  // Named by its purl's namespace.
  EXPECT_EQ(decision.matches().size(), 3u);
  for (size_t i = 10; i < 13; ++i) {
    (*policy)->Evaluate(artifacts[i], context, &decision);
    // The signer also names entity k, so its entity rule "components" matches too.
    EXPECT_EQ(decision.matches().size(), i == 11 ? 2u : 1u) << i;
  }
  (*policy)->Evaluate(artifacts[13], context, &decision);
  EXPECT_EQ(decision.artifact_problems().size(), 1u);
  (*policy)->Evaluate(artifacts[14], context, &decision);
  ASSERT_EQ(decision.matches().size(), 1u);
  EXPECT_EQ(decision.matches()[0].component_path_size, 3u);
  for (size_t i = 15; i < 18; ++i) {
    (*policy)->Evaluate(artifacts[i], context, &decision);
    EXPECT_EQ(decision.vendor_entity(), 0u) << i;  // k, found by an identifier.
    EXPECT_EQ(decision.matches().size(), 2u) << i;  // entity and components.
  }
  (*policy)->Evaluate(artifacts[18], context, &decision);
  EXPECT_EQ(decision.artifact_problems().size(), 1u);
  (*policy)->Evaluate(artifacts[19], context, &decision);
  EXPECT_EQ(decision.matches().size(), 1u);
  (*policy)->Evaluate(artifacts[20], context, &decision);
  EXPECT_EQ(decision.artifact_problems().size(), 1u);
  // "AO Kaspersky Lab" names the group of k and k-inc, which k's rules reach.
  (*policy)->Evaluate(artifacts[0], context, &decision);
  EXPECT_EQ((*policy)->DescribeVendorEntity(decision).id, "k, k-inc");
}

}  // namespace
}  // namespace interdict
