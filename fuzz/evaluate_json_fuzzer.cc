// Fuzz target: an interdict.v1.Artifact in the protobuf JSON mapping, as a host reads
// it from a request or an inventory, evaluated against the fixed policy
// (every_selector.textproto) in a few fixed contexts through both entry points: the
// proto one, CompiledPolicy::Evaluate(v1::Artifact, v1::EvaluationContext), and the
// view one over ArtifactViewTree and ProtoContext, whose decision is checked
// (evaluation_invariants.h). The two must give the same decision.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "fuzz/evaluation_invariants.h"
#include "fuzz/fuzz_check.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "interdict/v1/artifact.pb.h"
#include "interdict/v1/decision.pb.h"
#include "policy/artifact_view.h"
#include "policy/compiled_policy.h"
#include "policy/context_view.h"

namespace interdict {
namespace fuzzing {
namespace {

// Contexts that put the fixture's rules in every state: before, between and after
// steps (2024-09-29T04:00:00Z is a step's very instant), in and out of scope, with and
// without uses, with assets, org units and purposes that its exemptions name.
constexpr const char* kContexts[] = {
    R"pb(instant { seconds: 1735689600 } action: RUN jurisdictions: ["US"]
         organization_kinds: ["federal-executive-agency"] asset_kinds: ["government-device"])pb",
    R"pb(instant { seconds: 1727582400 } action: UPDATE jurisdictions: ["US", "US-TX"]
         asset_id: "malware-lab-1" purpose: SECURITY_RESEARCH)pb",
    R"pb(instant { seconds: 1740787200 } action: INSTALL jurisdictions: ["EU"]
         organization_kinds: ["federal-contractor"] org_unit: "security/research/lab-2"
         purpose: LAW_ENFORCEMENT uses: ["government-facility-security"])pb",
    R"pb(instant { seconds: 1500000000 } action: INTEGRATE jurisdictions: ["US"]
         organization_kinds: ["critical-infrastructure"] asset_kinds: ["information-system"]
         asset_id: "scada-7" uses: ["public-safety"])pb",
};

const std::vector<v1::EvaluationContext>& Contexts() {
  static const std::vector<v1::EvaluationContext>* const contexts = [] {
    auto* parsed = new std::vector<v1::EvaluationContext>();
    for (const char* text : kContexts) {
      parsed->emplace_back();
      FUZZ_CHECK(google::protobuf::TextFormat::ParseFromString(text, &parsed->back()), text);
    }
    return parsed;
  }();
  return *contexts;
}

// -1 (libFuzzer: do not keep the input) when `json` is no Artifact.
int EvaluateJson(const std::string& json) {
  v1::Artifact artifact;
  if (!google::protobuf::util::JsonStringToMessage(json, &artifact).ok()) return -1;
  const CompiledPolicy& policy = EverySelectorPolicy();
  const ArtifactViewTree tree(artifact);
  for (const v1::EvaluationContext& context : Contexts()) {
    const absl::StatusOr<v1::Decision> by_proto = policy.Evaluate(artifact, context);
    FUZZ_CHECK(by_proto.ok(), by_proto.status().ToString());
    const absl::StatusOr<ProtoContext> view = ProtoContext::Create(context);
    FUZZ_CHECK(view.ok(), view.status().ToString());
    const v1::Decision by_view = EvaluateAndCheck(policy, tree.root(), view->view());
    FUZZ_CHECK(google::protobuf::util::MessageDifferencer::Equals(*by_proto, by_view),
               absl::StrCat(by_proto->ShortDebugString(), " != ", by_view.ShortDebugString()));
  }
  return 0;
}

}  // namespace
}  // namespace fuzzing
}  // namespace interdict

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return interdict::fuzzing::EvaluateJson(std::string(reinterpret_cast<const char*>(data), size));
}
