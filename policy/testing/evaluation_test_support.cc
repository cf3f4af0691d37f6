// Shared helpers and fixture of the evaluation-contract tests.
#include "policy/testing/evaluation_test_support.h"

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "policy/compiler.h"

namespace interdict {
namespace test_support {

absl::Time Utc(int y, int m, int d, int h, int min) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, h, min, 0), absl::UTCTimeZone());
}

v1::PolicyBundle Parse(const std::string& text) {
  v1::PolicyBundle bundle;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &bundle)) << text;
  return bundle;
}

std::shared_ptr<const CompiledPolicy> Compile(const v1::PolicyBundle& bundle) {
  auto compiled = PolicyCompiler().Compile(bundle);
  EXPECT_TRUE(compiled.ok()) << compiled.status();
  return compiled.ok() ? *compiled : nullptr;
}

std::shared_ptr<const CompiledPolicy> Compile(const std::string& text) {
  return Compile(Parse(text));
}

std::string CompileError(const std::string& text) {
  auto compiled = PolicyCompiler().Compile(Parse(text));
  return compiled.ok() ? std::string("compiled") : std::string(compiled.status().message());
}

const char kEntities[] = R"pb(
  entities { id: "kaspersky" name: "Kaspersky Lab" aliases: "AO Kaspersky Lab" aliases: "Kaspersky" }
  entities { id: "bytedance" name: "ByteDance Ltd." aliases: "TikTok Pte. Ltd." }
)pb";

std::string UsPolicy(const std::string& rules, const std::string& extra) {
  return absl::StrCat(kEntities, R"pb(
    policies {
      id: "us.test"
      citation: "1 FR 1"
      source_url: "https://example.gov/1"
      binding: BINDING
      scope { jurisdictions: "US" }
      issued { date: "2024-06-20" zone: "America/New_York" }
      exemption_purposes: [SECURITY_RESEARCH, LAW_ENFORCEMENT]
      allow_blanket_exemptions: true
  )pb", rules, "}", extra);
}

const char kDenyKasperskyUpdates[] = R"pb(
  rules {
    id: "updates"
    select { entity: "kaspersky" }
    actions: [UPDATE]
    steps { at { date: "2024-09-29" time: "00:00" zone: "America/New_York" } verdict: DENY }
  }
)pb";

const char kLabExemption[] = R"pb(
  exemptions {
    id: "EX-1"
    exempts { policy: "us.test" rules: ["updates"] }
    assets: ["lab-1"]
    org_units: ["security/research"]
    purpose: SECURITY_RESEARCH
    valid { from { date: "2024-09-01" zone: "UTC" } until { date: "2025-01-01" zone: "UTC" } }
  }
)pb";

std::string LabSubsetExemption(absl::string_view id, absl::string_view exempts, absl::string_view artifacts) {
  return absl::StrCat(R"pb(
    exemptions {
      id: ")pb", id, R"pb("
      exempts { )pb", exempts, R"pb( }
      artifacts { )pb", artifacts, R"pb( }
      assets: ["lab-1"]
      purpose: SECURITY_RESEARCH
      valid { from { date: "2024-09-01" zone: "UTC" } until { date: "2025-01-01" zone: "UTC" } }
    }
  )pb");
}

EvaluateTest::EvaluateTest() {
  artifact_.name = "Kaspersky Internet Security";
  artifact_.vendor = "AO Kaspersky Lab";
  artifact_.version = "21.3.10.391";
  context_.instant = Utc(2024, 10, 1);
  context_.action = v1::UPDATE;
  context_.jurisdictions = us_;
}

const Decision& EvaluateTest::Run(const CompiledPolicy& policy) {
  policy.Evaluate(artifact_, context_, &decision_);
  return decision_;
}

v1::Decision EvaluateTest::RunProto(const CompiledPolicy& policy) {
  Run(policy);
  v1::Decision out;
  EXPECT_TRUE(policy.ToProto(decision_, &out).ok());
  return out;
}

}  // namespace test_support
}  // namespace interdict
