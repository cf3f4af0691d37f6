// File: policy/internal/regex_atom_filter.h
// -----------------------------------------------------------------------------
//
// Many product regexes without a literal head ("[Pp]roduct [0-9]+", ".*Endpoint
// Agent ..."): which of them could match a name, found without running them all.
// Each regex is reduced once, when the index is built, to the literal strings
// ("atoms", at least kMinAtomBytes long) that RE2's prefilter says a match needs
// (re2::FilteredRE2 on the regex alone). Its prefilter is an AND/OR formula over
// those atoms without constants, so no name can match the regex unless it contains
// one of them: the filter files the regex under each atom in a trie, and a name's
// candidates are the regexes of the atoms it contains, each reported once. The cost
// is one pass over the name (each position walked down the trie), whatever the
// number of regexes.
//
// Atoms are lowercase, and a name is folded before the search as RE2 folds case for
// these patterns: ASCII letters, and the two other characters whose case orbits
// hold ASCII letters, KELVIN SIGN (k) and LONG S (s). Only plain-ASCII patterns are
// filtered, so that no atom needs any other folding; the others, and those RE2 can
// derive no atoms for, are refused by Add and the caller runs them on every name.
//
// Example:
//
//   RegexAtomFilter::Builder builder(regex_max_mem);
//   if (!builder.Add("[Pp]roduct [0-9]+", 7)) always_run.push_back(7);
//   RegexAtomFilter filter = std::move(builder).Build();
//   filter.ForEachCandidate("PRODUCT 12", [&](uint32_t position) { ... run regex 7 ... });
//
// Thread safety: the Builder is thread-hostile; a RegexAtomFilter is immutable and
// ForEachCandidate is safe from many threads (its scratch space is per thread, kept
// between calls, so steady-state calls allocate nothing).

#ifndef INTERDICT_POLICY_INTERNAL_REGEX_ATOM_FILTER_H_
#define INTERDICT_POLICY_INTERNAL_REGEX_ATOM_FILTER_H_

#include <cstdint>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "policy/internal/prefix_trie.h"

namespace interdict {
namespace policy_internal {

class RegexAtomFilter {
 public:
  // Shorter literals would be in most names: they filter nothing.
  static constexpr int kMinAtomBytes = 3;

  class Builder {
   public:
    explicit Builder(int64_t regex_max_mem) : regex_max_mem_(regex_max_mem) {}

    // Files the regex `pattern` (product regex options) at `position` under its atoms.
    // False when it cannot be filtered: not plain ASCII, or no atoms.
    bool Add(absl::string_view pattern, uint32_t position);
    RegexAtomFilter Build() &&;

   private:
    int64_t regex_max_mem_;
    PrefixTrie::Builder atoms_;
    uint32_t positions_ = 0;
  };

  RegexAtomFilter() = default;

  bool empty() const { return atoms_.empty(); }

  // Calls `visit(position)` once for each filed regex one of whose atoms `name`
  // contains, case-folded.
  void ForEachCandidate(absl::string_view name, absl::FunctionRef<void(uint32_t)> visit) const;

  // Bytes of memory held.
  size_t MemoryBytes() const { return atoms_.MemoryBytes(); }

 private:
  PrefixTrie atoms_;          // Atom -> positions of the regexes needing it.
  uint32_t positions_ = 0;    // One past the largest position filed.
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_REGEX_ATOM_FILTER_H_
