// Names of candidate outcomes (candidate_trace.h).
#include "policy/candidate_trace.h"

namespace interdict {

absl::string_view CandidateOutcomeName(CandidateOutcome outcome) {
  switch (outcome) {
    case CandidateOutcome::kMatched:
      return "matched";
    case CandidateOutcome::kProductNotMatched:
      return "product not matched";
    case CandidateOutcome::kActionNotGoverned:
      return "action not governed";
    case CandidateOutcome::kOutOfScope:
      return "out of scope";
    case CandidateOutcome::kIdentifierRuleNotMet:
      return "identifier rule not met";
    case CandidateOutcome::kExcluded:
      return "excluded";
    case CandidateOutcome::kVersionNotInRange:
      return "version not in range";
    case CandidateOutcome::kVersionUnreadable:
      return "version unreadable";
    case CandidateOutcome::kPackageVersionNotInRange:
      return "package version not in range";
    case CandidateOutcome::kPackageVersionUnreadable:
      return "package version unreadable";
  }
  return "";
}

}  // namespace interdict
