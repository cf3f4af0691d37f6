// File: policy/context_view.h
// -----------------------------------------------------------------------------
//
// ContextView is the allocation-free form of an interdict.v1.EvaluationContext:
// who is asking, about which action, at which instant. Evaluation reads no
// clock; the instant always comes from here.
//
// Example:
//
//   const absl::string_view jurisdictions[] = {"US", "US-VA"};
//   interdict::ContextView context;
//   context.instant = absl::FromUnixSeconds(1727582400);  // 2024-09-29T04:00:00Z
//   context.action = interdict::v1::UPDATE;
//   context.jurisdictions = jurisdictions;
//   context.asset_id = "lab-phone-7";
//
//   // From the proto (validates that instant and action are set):
//   absl::StatusOr<interdict::ProtoContext> owned = interdict::ProtoContext::Create(proto);
//   policy->Evaluate(artifact, owned->view(), &decision);
//
// Thread safety: plain values; the viewed data must stay alive and unchanged
// while an evaluation reads it. A ProtoContext is immutable after Create.

#ifndef INTERDICT_POLICY_CONTEXT_VIEW_H_
#define INTERDICT_POLICY_CONTEXT_VIEW_H_

#include <vector>

#include "absl/base/attributes.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "interdict/v1/artifact.pb.h"
#include "interdict/v1/policy.pb.h"

namespace interdict {

struct ContextView {
  // The instant the question is asked for.
  absl::Time instant = absl::UnixEpoch();
  // The action about to be taken. ACTION_UNSPECIFIED, and a value outside the enum,
  // is governed by no rule (the C interface and ProtoContext refuse both).
  v1::Action action = v1::ACTION_UNSPECIFIED;
  // Every jurisdiction that applies to the asker ("US", "US-TX").
  absl::Span<const absl::string_view> jurisdictions;
  // Every kind the asker's organisation is ("federal-executive-agency").
  absl::Span<const absl::string_view> organization_kinds;
  // The asset and its org unit ('/'-separated path).
  absl::string_view asset_id;
  absl::string_view org_unit;
  // The purpose the asset serves, when known.
  v1::Purpose purpose = v1::PURPOSE_UNSPECIFIED;
  // Every kind the asset is ("government-device", "national-security-system").
  absl::Span<const absl::string_view> asset_kinds;
  // What the asset is used for ("public-safety"); empty: not stated (use-limited rules
  // are then CONDITIONAL).
  absl::Span<const absl::string_view> uses;
};

// A ContextView that owns the views of an EvaluationContext proto's lists.
// Movable, not copyable (the view points into its own storage).
class ProtoContext {
 public:
  // Errors (kInvalidArgument): "instant: required", "action: required", and an action
  // or purpose outside its enum ("action: 99 is not an Action").
  // `context` must outlive the ProtoContext.
  static absl::StatusOr<ProtoContext> Create(
      const v1::EvaluationContext& context ABSL_ATTRIBUTE_LIFETIME_BOUND);

  ProtoContext(ProtoContext&&) = default;
  ProtoContext& operator=(ProtoContext&&) = default;
  ProtoContext(const ProtoContext&) = delete;
  ProtoContext& operator=(const ProtoContext&) = delete;

  const ContextView& view() const { return view_; }

 private:
  ProtoContext() = default;
  std::vector<absl::string_view> jurisdictions_;
  std::vector<absl::string_view> organization_kinds_;
  std::vector<absl::string_view> asset_kinds_;
  std::vector<absl::string_view> uses_;
  ContextView view_;
};

}  // namespace interdict

#endif  // INTERDICT_POLICY_CONTEXT_VIEW_H_
