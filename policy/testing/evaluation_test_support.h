// File: policy/testing/evaluation_test_support.h
// -----------------------------------------------------------------------------
//
// What the tests of CompiledPolicy's evaluation contract (compiled_policy.h,
// sentences 1-9, one test file per part: policy/compiled_policy_*_test.cc) share:
// a civil-time helper, text-format parsing and compiling that fail the test on
// error, the two entities and the binding US policy most cases are written
// against, the Kaspersky update ban and a lab exemption from it, and the fixture
// EvaluateTest. The fixture starts with Kaspersky Internet Security 21.3.10.391 by
// "AO Kaspersky Lab", updated in the US on 2024-10-01; a test adjusts artifact_
// and context_ and calls Run (the Decision) or RunProto (its proto form).
//
// Table-driven tests derive their fixture from EvaluateTableTest<Row>, where Row
// has a `name` field (letters, digits and underscores), and instantiate it with
// RowName() so that a failure names its row.
//
// Example:
//
//   TEST_F(EvaluateTest, AliasNamesTheEntity) {
//     auto policy = Compile(UsPolicy(kDenyKasperskyUpdates));
//     artifact_.vendor = "Kaspersky";
//     EXPECT_EQ(RunProto(*policy).verdict(), v1::DENY);
//   }
//
//   struct VendorRow { absl::string_view name; absl::string_view vendor; };
//   constexpr VendorRow kVendorRows[] = {{"Alias", "Kaspersky"}};
//   using VendorTest = EvaluateTableTest<VendorRow>;
//   TEST_P(VendorTest, Denies) { artifact_.vendor = GetParam().vendor; ... }
//   INSTANTIATE_TEST_SUITE_P(Vendors, VendorTest, ::testing::ValuesIn(kVendorRows), RowName());
//
// Thread safety: the functions are reentrant; a fixture belongs to its one test.

#ifndef INTERDICT_POLICY_TESTING_EVALUATION_TEST_SUPPORT_H_
#define INTERDICT_POLICY_TESTING_EVALUATION_TEST_SUPPORT_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "interdict/v1/decision.pb.h"
#include "interdict/v1/policy.pb.h"
#include "policy/artifact_view.h"
#include "policy/compiled_policy.h"
#include "policy/context_view.h"
#include "policy/decision.h"

namespace interdict {
namespace test_support {

// The instant y-m-d h:min:00 UTC.
absl::Time Utc(int y, int m, int d, int h = 0, int min = 0);

// Parses a PolicyBundle from text format; a parse error fails the test.
v1::PolicyBundle Parse(const std::string& text);

// Compiles with default options; a compile error fails the test and gives nullptr.
std::shared_ptr<const CompiledPolicy> Compile(const v1::PolicyBundle& bundle);
std::shared_ptr<const CompiledPolicy> Compile(const std::string& text);

// The message of the error compiling `text` gives, or "compiled" if it compiles.
std::string CompileError(const std::string& text);

// Entities "kaspersky" (Kaspersky Lab, aliases AO Kaspersky Lab and Kaspersky) and
// "bytedance" (ByteDance Ltd., alias TikTok Pte. Ltd.), in text format.
extern const char kEntities[];

// kEntities and a binding US policy "us.test" (citation "1 FR 1", source
// https://example.gov/1, issued 2024-06-20 in New York, exemptions for security
// research and law enforcement, blanket ones allowed) holding `rules`, followed by
// `extra` (more policies or exemptions).
std::string UsPolicy(const std::string& rules, const std::string& extra = "");

// Rule "updates": Kaspersky's updates are denied from 2024-09-29 00:00 New York.
extern const char kDenyKasperskyUpdates[];

// Exemption "EX-1" from us.test/updates for asset lab-1 and org unit
// security/research, for security research, valid 2024-09-01 to 2025-01-01 UTC.
extern const char kLabExemption[];

// Exemption `id` from `exempts` (the fields of its ExemptionTarget, e.g.
// `policy: "us.test"`) for the artifacts `artifacts` selects (the fields of its
// ArtifactSubset) on asset lab-1, for security research, valid 2024-09-01 to
// 2025-01-01 UTC; in text format, for UsPolicy's `extra`.
std::string LabSubsetExemption(absl::string_view id, absl::string_view exempts, absl::string_view artifacts);

class EvaluateTest : public ::testing::Test {
 protected:
  EvaluateTest();

  // Evaluates artifact_ in context_ into decision_.
  const Decision& Run(const CompiledPolicy& policy);
  // Run, then ToProto (which must succeed).
  v1::Decision RunProto(const CompiledPolicy& policy);

  const absl::string_view us_[1] = {"US"};
  ArtifactView artifact_;
  ContextView context_;
  Decision decision_;
};

// A table row: one input (a version, a purl, a CPE, ...) and whether the rule under
// test matches an artifact that has it.
struct MatchRow {
  absl::string_view name;
  absl::string_view value;
  bool matched;
};

// A table row: a selector that does not compile, and (part of) the error that names
// its field.
struct SelectorErrorRow {
  absl::string_view name;
  absl::string_view select;
  absl::string_view error;
};

// The fixture of a table-driven test: GetParam() is the row.
template <typename Row>
class EvaluateTableTest : public EvaluateTest, public ::testing::WithParamInterface<Row> {};

// Names a parameterised test after its row's `name` field.
struct RowName {
  template <typename Row>
  std::string operator()(const ::testing::TestParamInfo<Row>& info) const {
    return std::string(info.param.name);
  }
};

}  // namespace test_support
}  // namespace interdict

#endif  // INTERDICT_POLICY_TESTING_EVALUATION_TEST_SUPPORT_H_
