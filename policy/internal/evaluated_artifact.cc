// The parts of EvaluatedArtifact that run at most once per evaluation.
#include "policy/internal/evaluated_artifact.h"

#include "policy/internal/identifier_kinds.h"

namespace interdict {
namespace policy_internal {

namespace {

// The version in a purl as written: between the last '@' and any '?' or '#'.
absl::string_view RawPurlVersion(absl::string_view purl) {
  purl = purl.substr(0, purl.find('#'));
  purl = purl.substr(0, purl.rfind('?'));
  const size_t at = purl.rfind('@');
  return at == absl::string_view::npos ? absl::string_view() : purl.substr(at + 1);
}

}  // namespace

void EvaluatedArtifact::ParsePurl() {
  purl_parsed_ = true;
  if (view_.purl.empty()) return;
  purl_ok_ = Parsed(ParsePackageUrl(view_.purl, &purl_buffer_, &purl_.emplace()), v1::ARTIFACT_PURL);
}

void EvaluatedArtifact::ParseCpeOnce() {
  cpe_parsed_ = true;
  if (view_.cpe.empty()) return;
  cpe_ok_ = Parsed(ParseCpe(view_.cpe, &cpe_buffer_, &cpe_.emplace()), v1::ARTIFACT_CPE);
}

bool EvaluatedArtifact::Parsed(const char* problem, v1::ArtifactField field) {
  if (problem == nullptr) return true;
  Report(Decision::kNone, Decision::kNone, {field, v1::GENERIC, problem}, TextOf(field));
  return false;
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
    case v1::ARTIFACT_NAME:
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
