// File: tools/interdict/evaluation_context.h
// -----------------------------------------------------------------------------
//
// The evaluation context of `check`, `timeline` and `diff`, from their flags
// (--at, --action, --jurisdiction, --org-kind, --asset-kind, --use, --purpose,
// --asset, --org-unit, --context FILE), and the ContextView of one inventory record:
// its own asset (osquery's host identifier) and org unit unless the flags give them.
//
// Example:
//
//   absl::StatusOr<ContextBase> base = BuildContext(args);
//   RecordContext context(*base, record);
//   context.view().action = v1::RUN;
//   policy->Evaluate(artifact, context.view(), &decision);
//
// Thread safety: plain values.

#ifndef INTERDICT_TOOLS_INTERDICT_EVALUATION_CONTEXT_H_
#define INTERDICT_TOOLS_INTERDICT_EVALUATION_CONTEXT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "interdict/v1/artifact.pb.h"
#include "policy/context_view.h"
#include "policy/inventory/inventory.h"
#include "tools/interdict/arguments.h"

namespace interdict {
namespace cli {

// The flags of the context, for the commands' FlagSpec lists.
std::vector<FlagSpec> ContextFlags();

// What the flags (and --context) say, but for each record's asset.
struct ContextBase {
  v1::EvaluationContext proto;  // Jurisdictions, kinds, uses, purpose; asset and org unit when given.
  std::vector<v1::Action> actions;  // Default RUN and UPDATE.
  absl::Time at;                    // Default now.
  std::string description;          // "jurisdictions US; organisation kinds ..."
};

// Errors (kInvalidArgument) name the flag: an unreadable --context, an unknown action
// or purpose, an --at that is not RFC 3339, an empty --action.
absl::StatusOr<ContextBase> BuildContext(const Arguments& args);

// The ContextView of one record (action left to the caller); it owns what the view
// points to.
class RecordContext {
 public:
  RecordContext(const ContextBase& base, const InventoryRecord& record);
  RecordContext(const RecordContext&) = delete;
  RecordContext& operator=(const RecordContext&) = delete;

  ContextView& view() { return view_; }
  // The same context as an EvaluationContext proto (action left to the caller).
  v1::EvaluationContext Proto(const ContextBase& base) const;
  // The asset the record is on: the context's, the record's, its host, or its source.
  const std::string& asset() const { return asset_; }

 private:
  std::vector<absl::string_view> jurisdictions_;
  std::vector<absl::string_view> organization_kinds_;
  std::vector<absl::string_view> asset_kinds_;
  std::vector<absl::string_view> uses_;
  std::string asset_;
  std::string org_unit_;
  ContextView view_;
};

// "2024-09-29T04:00:00Z".
std::string FormatInstant(absl::Time instant);

}  // namespace cli
}  // namespace interdict

#endif  // INTERDICT_TOOLS_INTERDICT_EVALUATION_CONTEXT_H_
