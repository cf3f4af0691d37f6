// Candidate regexes from their atoms (regex_atom_filter.h).
#include "policy/internal/regex_atom_filter.h"

#include <algorithm>
#include <vector>

#include "policy/internal/product_regex.h"
#include "re2/filtered_re2.h"

namespace interdict {
namespace policy_internal {
namespace {

// Whether every atom RE2 derives from `pattern` is ASCII up to case folding: its
// bytes are ASCII and no escape names a character by code (\x, octal digits) or a
// Unicode class (\p, \P) or any byte (\C).
bool PlainAscii(absl::string_view pattern) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(pattern[i]);
    if (c >= 0x80) return false;
    if (c != '\\' || i + 1 == pattern.size()) continue;
    const char next = pattern[++i];
    if (next == 'x' || next == 'p' || next == 'P' || next == 'C' || (next >= '0' && next <= '9')) return false;
  }
  return true;
}

// `name` folded as RE2 folds the case of ASCII letters: lowercase ASCII, KELVIN SIGN
// (U+212A) as 'k', LONG S (U+017F) as 's'; other bytes as they are.
void Fold(absl::string_view name, std::string* out) {
  out->clear();
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c >= 'A' && c <= 'Z') {
      out->push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (c == '\xE2' && name.substr(i, 3) == "\xE2\x84\xAA") {
      out->push_back('k');
      i += 2;
    } else if (c == '\xC5' && name.substr(i, 2) == "\xC5\xBF") {
      out->push_back('s');
      i += 1;
    } else {
      out->push_back(c);
    }
  }
}

// Per thread, kept between calls: the folded name, and the call in which each
// position was last reported (so that each is reported once per call).
struct Scratch {
  std::string folded;
  std::vector<uint32_t> reported_in;
  uint32_t call = 0;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

}  // namespace

bool RegexAtomFilter::Builder::Add(absl::string_view pattern, uint32_t position) {
  if (!PlainAscii(pattern)) return false;
  re2::FilteredRE2 prefilter(kMinAtomBytes);
  int id = 0;
  if (prefilter.Add(re2::StringPiece(pattern.data(), pattern.size()), ProductRegexOptions(regex_max_mem_), &id) !=
      RE2::NoError) {
    return false;
  }
  std::vector<std::string> atoms;
  prefilter.Compile(&atoms);
  if (atoms.empty()) return false;  // RE2 found nothing every match needs.
  for (const std::string& atom : atoms) atoms_.Add(atom, position);
  positions_ = std::max(positions_, position + 1);
  return true;
}

RegexAtomFilter RegexAtomFilter::Builder::Build() && {
  RegexAtomFilter filter;
  filter.atoms_ = std::move(atoms_).Build();
  filter.positions_ = positions_;
  return filter;
}

void RegexAtomFilter::ForEachCandidate(absl::string_view name, absl::FunctionRef<void(uint32_t)> visit) const {
  Scratch& scratch = ThreadScratch();
  if (scratch.reported_in.size() < positions_) scratch.reported_in.resize(positions_, 0);
  if (++scratch.call == 0) {  // Wrapped: forget every earlier call.
    std::fill(scratch.reported_in.begin(), scratch.reported_in.end(), 0);
    scratch.call = 1;
  }
  const uint32_t call = scratch.call;
  Fold(name, &scratch.folded);
  const absl::string_view folded = scratch.folded;
  for (size_t start = 0; start < folded.size(); ++start) {
    atoms_.ForEachPrefixOf(folded.substr(start), [&](uint32_t position) {
      if (scratch.reported_in[position] == call) return;
      scratch.reported_in[position] = call;
      visit(position);
    });
  }
}

}  // namespace policy_internal
}  // namespace interdict
