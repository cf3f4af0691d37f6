// Fuzz target: an artifact and a context as a host fills ArtifactView and ContextView
// from its own data (any bytes: no UTF-8 or JSON validation on the way), evaluated
// against the fixed policy (every_selector.textproto) and checked
// (evaluation_invariants.h).
//
// The input is text, one field per line, so that seeds read as what they stand for:
//   the context: instant (RFC 3339, "infinite-past"; otherwise 2025-01-01T00:00:00Z),
//     action and purpose (enum names, or numbers: any value a proto carries), asset id,
//     org unit, then jurisdictions, organisation kinds, asset kinds and uses (each a
//     comma-separated list);
//   the artifact: name, vendor, version, first seen (RFC 3339, or empty: none), purl,
//     sha256, sha1, signer subject, certificate thumbprint, team id, signing id,
//     bundle id, MSI product code, MSI upgrade code, install path, CPE;
//   then any number of components, each a line whose length is its depth (">" a
//     component of the artifact, ">>" one of the component before it, ...) and the same
//     16 fields.
// Missing lines are empty fields.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "fuzz/evaluation_invariants.h"
#include "interdict/v1/common.pb.h"
#include "policy/artifact_view.h"
#include "policy/context_view.h"

namespace interdict {
namespace fuzzing {
namespace {

// The input's lines, one at a time; empty ones once they run out.
class Lines {
 public:
  explicit Lines(absl::string_view text) : lines_(absl::StrSplit(text, '\n')) {}
  absl::string_view Next() { return next_ < lines_.size() ? lines_[next_++] : absl::string_view(); }
  bool done() const { return next_ >= lines_.size(); }

 private:
  std::vector<absl::string_view> lines_;
  size_t next_ = 0;
};

absl::optional<absl::Time> ParseInstant(absl::string_view text) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &error)) return absl::nullopt;
  return t;
}

// An enum value by name or number, as an open proto3 enum may hold any int.
template <typename Enum, typename ParseName>
Enum ParseEnum(absl::string_view text, ParseName parse_name) {
  Enum value{};
  if (parse_name(std::string(text), &value)) return value;
  int number = 0;
  return absl::SimpleAtoi(text, &number) ? static_cast<Enum>(number) : Enum{};
}

// The storage the views of one input point into.
struct Input {
  ContextView context;
  std::vector<absl::string_view> tags[4];  // jurisdictions, organisation kinds, asset kinds, uses.
  std::vector<ArtifactView> artifacts;     // The artifact, then its components in input order.
  std::vector<size_t> depths;              // Of each of `artifacts` (the artifact: 0).
  std::deque<std::vector<ArtifactView>> children;  // Component arrays; a deque never moves them.
};

void ReadContext(Lines& lines, Input* input) {
  ContextView& context = input->context;
  context.instant = ParseInstant(lines.Next())
                        .value_or(absl::FromCivil(absl::CivilDay(2025, 1, 1), absl::UTCTimeZone()));
  context.action = ParseEnum<v1::Action>(lines.Next(), v1::Action_Parse);
  context.purpose = ParseEnum<v1::Purpose>(lines.Next(), v1::Purpose_Parse);
  context.asset_id = lines.Next();
  context.org_unit = lines.Next();
  for (std::vector<absl::string_view>& tags : input->tags) {
    const absl::string_view line = lines.Next();
    if (!line.empty()) tags = absl::StrSplit(line, ',');
  }
  context.jurisdictions = input->tags[0];
  context.organization_kinds = input->tags[1];
  context.asset_kinds = input->tags[2];
  context.uses = input->tags[3];
}

ArtifactView ReadArtifact(Lines& lines) {
  ArtifactView a;
  a.name = lines.Next();
  a.vendor = lines.Next();
  a.version = lines.Next();
  a.first_seen = ParseInstant(lines.Next());
  for (absl::string_view* field : {&a.purl, &a.sha256, &a.sha1, &a.signer_subject, &a.certificate_thumbprint,
                                   &a.team_id, &a.signing_id, &a.bundle_id, &a.msi_product_code,
                                   &a.msi_upgrade_code, &a.install_path, &a.cpe}) {
    *field = lines.Next();
  }
  return a;
}

// Gives each artifact its components: the later artifacts one level deeper than it, up
// to the next one at its depth or above. Children come after their parent, so walking
// backwards completes every component before it is copied into its parent's array.
void LinkComponents(Input* input) {
  std::vector<std::vector<ArtifactView>> pending(input->artifacts.size());
  std::vector<size_t> parents;  // The latest artifact at each depth.
  std::vector<size_t> parent_of(input->artifacts.size(), 0);
  for (size_t i = 0; i < input->artifacts.size(); ++i) {
    const size_t depth = input->depths[i];
    parents.resize(depth);
    if (depth > 0) parent_of[i] = parents[depth - 1];
    parents.push_back(i);
  }
  for (size_t i = input->artifacts.size(); i-- > 1;) {
    ArtifactView& artifact = input->artifacts[i];
    std::reverse(pending[i].begin(), pending[i].end());
    input->children.push_back(std::move(pending[i]));
    artifact.components = input->children.back();
    pending[parent_of[i]].push_back(artifact);
  }
  std::reverse(pending[0].begin(), pending[0].end());
  input->children.push_back(std::move(pending[0]));
  input->artifacts[0].components = input->children.back();
}

void EvaluateView(absl::string_view text) {
  Lines lines(text);
  Input input;
  ReadContext(lines, &input);
  input.artifacts.push_back(ReadArtifact(lines));
  input.depths.push_back(0);
  while (!lines.done()) {
    // One deeper than the artifact before it at most: a component's parent is listed.
    const size_t depth = std::min(std::max<size_t>(lines.Next().size(), 1), input.depths.back() + 1);
    input.artifacts.push_back(ReadArtifact(lines));
    input.depths.push_back(depth);
  }
  LinkComponents(&input);
  EvaluateAndCheck(EverySelectorPolicy(), input.artifacts[0], input.context);
}

}  // namespace
}  // namespace fuzzing
}  // namespace interdict

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  interdict::fuzzing::EvaluateView(absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
