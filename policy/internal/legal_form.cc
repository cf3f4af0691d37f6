// Legal-form stripping for vendor names (see legal_form.h).
//
// Runs on the evaluate path for every vendor that passes the alias gate (both ends),
// so forms are grouped by their length in bytes and a word is compared only with forms
// of its own length.
#include "policy/internal/legal_form.h"

#include <cstring>

namespace interdict {
namespace policy_internal {
namespace {

// Longest form, in normalised bytes ("incorporated").
constexpr size_t kLongestForm = 12;

struct FormTable {
  // Forms of each length, nullptr-terminated lists.
  const absl::string_view* by_length[kLongestForm + 1] = {};
};

// Single-word forms that end company names, grouped by length in bytes.
constexpr absl::string_view kTrailing2[] = {"ab", "ag", "ao", "as", "bv", "co", "gk", "kg", "kk",
                                            "lp", "nv", "oy", "sa", "se", "sl", {}};
constexpr absl::string_view kTrailing3[] = {"inc", "jsc", "llc", "llp", "ltd", "mbh", "oao", "ooo",
                                            "oyj", "pao", "plc", "pte", "pty", "pvt", "sas", "spa",
                                            "srl", "zao", {}};
constexpr absl::string_view kTrailing4[] = {"cjsc", "corp", "gmbh", "ltda", "ojsc", "pjsc", "sarl",
                                            "\xd0\xb0\xd0\xbe" /* ао */, {}};
constexpr absl::string_view kCyrillic3[] = {"\xd0\xb7\xd0\xb0\xd0\xbe" /* зао */,
                                            "\xd0\xbe\xd0\xb0\xd0\xbe" /* оао */,
                                            "\xd0\xbf\xd0\xb0\xd0\xbe" /* пао */,
                                            "\xd0\xbe\xd0\xbe\xd0\xbe" /* ооо */, {}};
constexpr absl::string_view kTrailing7[] = {"company", "limited", {}};
constexpr absl::string_view kTrailing11[] = {"corporation", {}};
constexpr absl::string_view kTrailing12[] = {"incorporated", {}};
// Forms written as separate letters ("S.A.S." normalises to "s a s"), longest first.
constexpr absl::string_view kSpelledOut[] = {"s a s", "s p a", "s r l", "a s", "b v", "k k",
                                             "n v",   "s a",   "s l"};

// Single-word forms that begin company names (Russian and Indonesian usage).
constexpr absl::string_view kLeading2[] = {"ao", "pt", {}};
constexpr absl::string_view kLeading3[] = {"jsc", "oao", "ooo", "pao", "zao", {}};
constexpr absl::string_view kLeading4[] = {"cjsc", "ojsc", "pjsc", "\xd0\xb0\xd0\xbe" /* ао */, {}};

constexpr FormTable MakeTrailing() {
  FormTable table;
  table.by_length[2] = kTrailing2;
  table.by_length[3] = kTrailing3;
  table.by_length[4] = kTrailing4;
  table.by_length[6] = kCyrillic3;
  table.by_length[7] = kTrailing7;
  table.by_length[11] = kTrailing11;
  table.by_length[12] = kTrailing12;
  return table;
}

constexpr FormTable MakeLeading() {
  FormTable table;
  table.by_length[2] = kLeading2;
  table.by_length[3] = kLeading3;
  table.by_length[4] = kLeading4;
  table.by_length[6] = kCyrillic3;
  return table;
}

constexpr FormTable kTrailingForms = MakeTrailing();
constexpr FormTable kLeadingForms = MakeLeading();

bool IsForm(const FormTable& table, absl::string_view word) {
  if (word.size() > kLongestForm) return false;
  const absl::string_view* forms = table.by_length[word.size()];
  if (forms == nullptr) return false;
  for (; !forms->empty(); ++forms) {
    if ((*forms)[0] == word[0] && std::memcmp(forms->data(), word.data(), word.size()) == 0) return true;
  }
  return false;
}

// Strips one form from the start, if one is there and something is left after it.
bool StripOneLeading(absl::string_view* name) {
  const size_t limit = name->size() < kLeadingFormWindow ? name->size() : kLeadingFormWindow;
  const void* space = std::memchr(name->data(), ' ', limit);
  if (space == nullptr) return false;
  const size_t word = static_cast<size_t>(static_cast<const char*>(space) - name->data());
  if (!IsForm(kLeadingForms, name->substr(0, word))) return false;
  name->remove_prefix(word + 1);
  return true;
}

// Strips the form at the end (spelled-out ones first: "s a s" before "a s"), if one
// is there and something is left before it.
bool StripOneTrailing(absl::string_view* name) {
  const size_t size = name->size();
  if (size >= 2 && (*name)[size - 2] == ' ') {
    for (absl::string_view form : kSpelledOut) {
      if (size > form.size() + 1 && (*name)[size - form.size() - 1] == ' ' &&
          name->substr(size - form.size()) == form) {
        name->remove_suffix(form.size() + 1);
        return true;
      }
    }
  }
  const void* space = memrchr(name->data(), ' ', size);
  if (space == nullptr) return false;
  const size_t start = static_cast<size_t>(static_cast<const char*>(space) - name->data()) + 1;
  if (!IsForm(kTrailingForms, name->substr(start))) return false;
  name->remove_suffix(size - start + 1);
  return true;
}

}  // namespace

std::vector<std::string> LeadingLegalFormHeads(size_t head_bytes) {
  std::vector<std::string> heads;
  for (const absl::string_view* forms : kLeadingForms.by_length) {
    if (forms == nullptr) continue;
    for (; !forms->empty(); ++forms) {
      std::string head = std::string(*forms) + " ";
      if (head.size() > head_bytes) head.resize(head_bytes);
      heads.push_back(std::move(head));
    }
  }
  return heads;
}

absl::string_view StripLeadingLegalForms(absl::string_view normalized) {
  while (StripOneLeading(&normalized)) {
  }
  return normalized;
}

absl::string_view StripLegalForms(absl::string_view normalized) {
  normalized = StripLeadingLegalForms(normalized);
  while (StripOneTrailing(&normalized)) {
  }
  return normalized;
}

}  // namespace policy_internal
}  // namespace interdict
