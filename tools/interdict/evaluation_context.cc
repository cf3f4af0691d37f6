// The evaluation context of the commands (evaluation_context.h).
#include "tools/interdict/evaluation_context.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/json_util.h"

namespace interdict {
namespace cli {

namespace {

// Largest --context file: an EvaluationContext is a few lines of JSON.
constexpr size_t kMaxContextBytes = size_t{1} << 20;

// The text of the --context file `path`: a regular file (a FIFO would block, /dev/zero
// never end) of at most kMaxContextBytes.
absl::StatusOr<std::string> ReadContextFile(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return absl::InvalidArgumentError(absl::StrCat("--context: ", path, ": cannot open, or not a regular file"));
  }
  std::ifstream in(path, std::ios::binary);
  std::string text(kMaxContextBytes + 1, '\0');
  in.read(&text[0], static_cast<std::streamsize>(text.size()));
  if (in.bad()) return absl::InvalidArgumentError(absl::StrCat("--context: ", path, ": read error"));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxContextBytes) {
    return absl::InvalidArgumentError(absl::StrCat("--context: ", path, ": larger than ", kMaxContextBytes, " bytes"));
  }
  return text;
}

}  // namespace

std::vector<FlagSpec> ContextFlags() {
  return {{"at", true},
          {"action", true, kRepeatable},
          {"jurisdiction", true, kRepeatable},
          {"org-kind", true, kRepeatable},
          {"asset-kind", true, kRepeatable},
          {"use", true, kRepeatable},
          {"asset", true},
          {"org-unit", true},
          {"purpose", true},
          {"context", true}};
}

absl::StatusOr<ContextBase> BuildContext(const Arguments& args) {
  ContextBase out;
  if (args.Has("context")) {
    absl::StatusOr<std::string> text = ReadContextFile(args.Value("context"));
    if (!text.ok()) return text.status();
    const auto status = google::protobuf::util::JsonStringToMessage(*text, &out.proto);
    if (!status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--context: ", args.Value("context"),
                                                     ": not an EvaluationContext: ", std::string(status.message())));
    }
  }
  for (const std::string& j : args.Values("jurisdiction")) out.proto.add_jurisdictions(j);
  for (const std::string& k : args.Values("org-kind")) out.proto.add_organization_kinds(k);
  for (const std::string& k : args.Values("asset-kind")) out.proto.add_asset_kinds(k);
  for (const std::string& u : args.Values("use")) out.proto.add_uses(u);
  if (args.Has("asset")) out.proto.set_asset_id(args.Value("asset"));
  if (args.Has("org-unit")) out.proto.set_org_unit(args.Value("org-unit"));
  if (out.proto.jurisdictions().empty()) out.proto.add_jurisdictions("US");
  if (args.Has("purpose")) {
    v1::Purpose purpose;
    if (!v1::Purpose_Parse(args.Value("purpose"), &purpose) || purpose == v1::PURPOSE_UNSPECIFIED) {
      return absl::InvalidArgumentError(absl::StrCat("--purpose: unknown purpose \"", args.Value("purpose"),
                                                     "\" (LAW_ENFORCEMENT, NATIONAL_SECURITY, SECURITY_RESEARCH, "
                                                     "REGULATORY, BUSINESS_CONTINUITY)"));
    }
    out.proto.set_purpose(purpose);
  }
  std::vector<std::string> actions = args.Values("action");
  if (actions.empty()) actions = {"RUN", "UPDATE"};
  for (const std::string& name : actions) {
    v1::Action action;
    if (!v1::Action_Parse(name, &action) || action == v1::ACTION_UNSPECIFIED) {
      return absl::InvalidArgumentError(absl::StrCat("--action: unknown action \"", name,
                                                     "\" (RUN, INSTALL, UPDATE, PROCURE, INTEGRATE)"));
    }
    out.actions.push_back(action);
  }
  out.at = absl::Now();
  if (args.Has("at")) {
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, args.Value("at"), &out.at, &error)) {
      return absl::InvalidArgumentError(absl::StrCat("--at: \"", args.Value("at"),
                                                     "\" is not RFC 3339 (e.g. 2024-10-01T00:00:00Z)"));
    }
  }
  std::vector<std::string> parts = {absl::StrCat("jurisdictions ", absl::StrJoin(out.proto.jurisdictions(), ", "))};
  if (!out.proto.organization_kinds().empty()) {
    parts.push_back(absl::StrCat("organisation kinds ", absl::StrJoin(out.proto.organization_kinds(), ", ")));
  }
  if (!out.proto.asset_kinds().empty()) parts.push_back(absl::StrCat("asset kinds ", absl::StrJoin(out.proto.asset_kinds(), ", ")));
  if (!out.proto.uses().empty()) parts.push_back(absl::StrCat("uses ", absl::StrJoin(out.proto.uses(), ", ")));
  if (out.proto.purpose() != v1::PURPOSE_UNSPECIFIED) parts.push_back(absl::StrCat("purpose ", v1::Purpose_Name(out.proto.purpose())));
  out.description = absl::StrJoin(parts, "; ");
  return out;
}

RecordContext::RecordContext(const ContextBase& base, const InventoryRecord& record)
    : jurisdictions_(base.proto.jurisdictions().begin(), base.proto.jurisdictions().end()),
      organization_kinds_(base.proto.organization_kinds().begin(), base.proto.organization_kinds().end()),
      asset_kinds_(base.proto.asset_kinds().begin(), base.proto.asset_kinds().end()),
      uses_(base.proto.uses().begin(), base.proto.uses().end()) {
  asset_ = !base.proto.asset_id().empty() ? base.proto.asset_id()
           : !record.asset_id.empty()     ? record.asset_id
           : !record.host.empty()         ? record.host
                                          : record.source;
  org_unit_ = !base.proto.org_unit().empty() ? base.proto.org_unit() : record.org_unit;
  view_.instant = base.at;
  view_.jurisdictions = jurisdictions_;
  view_.organization_kinds = organization_kinds_;
  view_.asset_kinds = asset_kinds_;
  view_.uses = uses_;
  view_.asset_id = asset_ == record.source ? absl::string_view() : absl::string_view(asset_);
  view_.org_unit = org_unit_;
  view_.purpose = base.proto.purpose();
}

v1::EvaluationContext RecordContext::Proto(const ContextBase& base) const {
  v1::EvaluationContext proto = base.proto;
  proto.set_asset_id(std::string(view_.asset_id));
  proto.set_org_unit(std::string(view_.org_unit));
  proto.mutable_instant()->set_seconds(absl::ToUnixSeconds(base.at));
  return proto;
}

std::string FormatInstant(absl::Time instant) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", instant, absl::UTCTimeZone());
}

}  // namespace cli
}  // namespace interdict
