// The parts of EvaluatedArtifact that run at most once per evaluation.
#include "policy/internal/evaluated_artifact.h"

#include "policy/internal/identifier_kinds.h"

namespace interdict {
namespace policy_internal {

absl::string_view RawPurlVersion(absl::string_view purl) {
  purl = purl.substr(0, purl.find('#'));
  purl = purl.substr(0, purl.rfind('?'));
  const size_t at = purl.rfind('@');
  return at == absl::string_view::npos ? absl::string_view() : purl.substr(at + 1);
}

void EvaluatedArtifact::ParsePurl() {
  purl_parsed_ = true;
  if (view_.purl.empty()) return;
  const char* problem = ParsePackageUrl(view_.purl, &purl_buffer_, &purl_.emplace());
  purl_ok_ = problem == nullptr;
  if (!purl_ok_) {
    Report(Decision::kNone, Decision::kNone, {v1::ARTIFACT_PURL, v1::GENERIC, problem}, view_.purl);
  }
}

void EvaluatedArtifact::ParseCpeOnce() {
  cpe_parsed_ = true;
  if (view_.cpe.empty()) return;
  const char* problem = ParseCpe(view_.cpe, &cpe_buffer_, &cpe_.emplace());
  cpe_ok_ = problem == nullptr;
  if (!cpe_ok_) {
    Report(Decision::kNone, Decision::kNone, {v1::ARTIFACT_CPE, v1::GENERIC, problem}, view_.cpe);
  }
}

absl::string_view EvaluatedArtifact::TextOf(v1::ArtifactField field) const {
  switch (field) {
    case v1::ARTIFACT_VERSION:
      return view_.version;
    case v1::ARTIFACT_PURL:
      return view_.purl;
    case v1::ARTIFACT_PURL_VERSION:
      return RawPurlVersion(view_.purl);
    case v1::ARTIFACT_CPE_VERSION:
      return RawCpeAttribute(view_.cpe, kCpeVersion);
    case v1::ARTIFACT_COMPONENTS:
      return view_.name;
    default: {
      // The identifier fields, ARTIFACT_CPE among them, come from their table.
      const IdentifierField* identifier = FindIdentifierField(field);
      return identifier == nullptr ? absl::string_view() : view_.*identifier->member;
    }
  }
}

}  // namespace policy_internal
}  // namespace interdict
