// File: policy/internal/issue_collector.h
// -----------------------------------------------------------------------------
//
// IssueCollector gathers the CompileIssues of one compilation: every builder of
// the compiler (entities, selectors, indexes, policies, exemptions) reports into
// it, by field path, and it turns paths into file:line:col through the bundle's
// SourceMap. It also holds the checks every builder shares: string lengths, id
// syntax, duplicate ids, count limits.
//
// Example:
//
//   IssueCollector issues(&source_map, options);
//   if (issues.CheckId([] { return "policies[0].id"; }, policy.id())) { ... }
//   issues.Error(CompileIssue::Code::kUnknownReference, "exemptions[0].exempts[0].policy",
//                absl::StrCat("unknown policy ", Quote(id)));
//   std::vector<CompileIssue> all = std::move(issues).Take();
//
// Thread safety: thread-hostile; one per compilation.

#ifndef INTERDICT_POLICY_INTERNAL_ISSUE_COLLECTOR_H_
#define INTERDICT_POLICY_INTERNAL_ISSUE_COLLECTOR_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "policy/compile_issue.h"
#include "policy/compile_options.h"
#include "policy/internal/huge_pages.h"
#include "policy/source_map.h"

namespace interdict {
namespace policy_internal {

// `s` in double quotes, for messages.
std::string Quote(absl::string_view s);

// Ids of one kind (policies, a policy's rules, exemptions, entities) -> the ordinal of
// their first definition; the keys are views of the bundle's strings. A bundle's
// entity ids fill one of a million entries: its slots are advised huge pages.
using IdMap = absl::flat_hash_map<absl::string_view, uint32_t, absl::Hash<absl::string_view>,
                                  std::equal_to<absl::string_view>,
                                  HugePageAllocator<std::pair<const absl::string_view, uint32_t>>>;

class IssueCollector {
 public:
  using Code = CompileIssue::Code;

  // `source_map` may be null (bundles built in code); `options` must outlive this.
  IssueCollector(const SourceMap* source_map, const CompileOptions& options);

  void Error(Code code, const std::string& path, std::string message);
  void Warning(Code code, const std::string& path, std::string message);

  // "file:line:col" of `path`, or its local field path when positions are unknown.
  std::string Where(const std::string& path) const;

  // Each check reports an error at `path` and returns false when `value` fails it.
  // Longer than CompileOptions::max_string_length.
  bool CheckLength(const std::string& path, absl::string_view value);
  // The same, with the path spelled out only when `value` is too long.
  bool CheckLength(absl::FunctionRef<std::string()> path, absl::string_view value);
  // Empty, too long, or not made of letters, digits and . _ : / -.
  bool CheckId(absl::FunctionRef<std::string()> path, absl::string_view id);
  // CheckId, then records `id` in `first` (id -> `ordinal` of its first definition); a
  // second definition is reported with the location of the first. `path_of(ordinal)`
  // is the path of the id with that ordinal, this one's or the first's (built only for
  // an issue: bundles hold millions of ids). `first` keeps the view `id`, whose text
  // must outlive it (the bundle's own string): a copy of every id of a million-rule
  // bundle would be fresh memory for nothing.
  bool RegisterId(absl::string_view id, uint32_t ordinal,
                  absl::string_view kind, absl::string_view scope, IdMap* first,
                  absl::FunctionRef<std::string(uint32_t)> path_of);
  // `count` of `what` above `limit` (the CompileOptions member `option`).
  bool CheckLimit(const std::string& path, size_t count, size_t limit, absl::string_view what,
                  absl::string_view option);
  // The same, with the path spelled out only when `count` is above `limit`.
  bool CheckLimit(absl::FunctionRef<std::string()> path, size_t count, size_t limit,
                  absl::string_view what, absl::string_view option);

  size_t error_count() const { return error_count_; }
  const CompileOptions& options() const { return options_; }

  // A collector with no issues that reports as this one does (same source map and
  // options): for work on another thread, whose issues Append adds back.
  IssueCollector EmptySibling() const { return IssueCollector(source_map_, options_); }

  // Appends the errors and warnings `other` collected, in their order (a collector
  // that another thread filled).
  void Append(IssueCollector&& other);

  // Errors and warnings, in the order reported.
  std::vector<CompileIssue> Take() && { return std::move(issues_); }

 private:
  void Report(CompileIssue::Severity severity, Code code, const std::string& path,
              std::string message);

  const SourceMap* source_map_;
  const CompileOptions& options_;
  std::vector<CompileIssue> issues_;
  size_t error_count_ = 0;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_ISSUE_COLLECTOR_H_
