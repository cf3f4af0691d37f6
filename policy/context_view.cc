// Conversion from the interdict.v1.EvaluationContext proto to the evaluate-path view.
#include "policy/context_view.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace interdict {

absl::StatusOr<ProtoContext> ProtoContext::Create(const v1::EvaluationContext& context) {
  if (!context.has_instant()) return absl::InvalidArgumentError("instant: required");
  if (context.action() == v1::ACTION_UNSPECIFIED) {
    return absl::InvalidArgumentError("action: required");
  }
  if (!v1::Action_IsValid(context.action())) {
    return absl::InvalidArgumentError(absl::StrCat("action: ", context.action(), " is not an Action"));
  }
  if (!v1::Purpose_IsValid(context.purpose())) {
    return absl::InvalidArgumentError(absl::StrCat("purpose: ", context.purpose(), " is not a Purpose"));
  }
  ProtoContext owned;
  owned.jurisdictions_.assign(context.jurisdictions().begin(), context.jurisdictions().end());
  owned.organization_kinds_.assign(context.organization_kinds().begin(),
                                   context.organization_kinds().end());
  owned.asset_kinds_.assign(context.asset_kinds().begin(), context.asset_kinds().end());
  owned.uses_.assign(context.uses().begin(), context.uses().end());
  owned.view_.instant = absl::FromUnixSeconds(context.instant().seconds()) +
                        absl::Nanoseconds(context.instant().nanos());
  owned.view_.action = context.action();
  owned.view_.jurisdictions = owned.jurisdictions_;
  owned.view_.organization_kinds = owned.organization_kinds_;
  owned.view_.asset_id = context.asset_id();
  owned.view_.org_unit = context.org_unit();
  owned.view_.purpose = context.purpose();
  owned.view_.asset_kinds = owned.asset_kinds_;
  owned.view_.uses = owned.uses_;
  return owned;
}

}  // namespace interdict
