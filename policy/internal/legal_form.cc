// Legal-form stripping for vendor names (see legal_form.h).
#include "policy/internal/legal_form.h"

namespace interdict {
namespace policy_internal {
namespace {

// Forms that end company names, as normalised words ("S.A." is "s a").
constexpr absl::string_view kTrailingForms[] = {
    "ab",      "ag",    "as",      "a s",     "ao",       "b v",   "bv",          "cjsc",
    "co",      "company", "corp",  "corporation", "gk",   "gmbh",  "inc",         "incorporated",
    "jsc",     "kg",    "k k",     "kk",      "limited",  "llc",   "llp",         "lp",
    "ltd",     "ltda",  "mbh",     "n v",     "nv",       "oao",   "ojsc",        "ooo",
    "oy",      "oyj",   "pao",     "pjsc",    "plc",      "pte",   "pty",         "pvt",
    "s a",     "s a s", "s l",     "s p a",   "s r l",    "sa",    "sarl",        "sas",
    "se",      "sl",    "spa",     "srl",     "zao",
    "\xd0\xb0\xd0\xbe",                  // ао
    "\xd0\xb7\xd0\xb0\xd0\xbe",          // зао
    "\xd0\xbe\xd0\xb0\xd0\xbe",          // оао
    "\xd0\xbf\xd0\xb0\xd0\xbe",          // пао
    "\xd0\xbe\xd0\xbe\xd0\xbe",          // ооо
};

// Forms that begin company names (Russian and Indonesian usage).
constexpr absl::string_view kLeadingForms[] = {
    "ao", "cjsc", "jsc", "oao", "ojsc", "ooo", "pao", "pjsc", "pt", "zao",
    "\xd0\xb0\xd0\xbe",  "\xd0\xb7\xd0\xb0\xd0\xbe", "\xd0\xbe\xd0\xb0\xd0\xbe",
    "\xd0\xbf\xd0\xb0\xd0\xbe", "\xd0\xbe\xd0\xbe\xd0\xbe",
};

// Strips one form from the start, if one is there and something is left after it.
bool StripOneLeading(absl::string_view* name) {
  for (absl::string_view form : kLeadingForms) {
    if (name->size() > form.size() + 1 && (*name)[form.size()] == ' ' &&
        name->substr(0, form.size()) == form) {
      name->remove_prefix(form.size() + 1);
      return true;
    }
  }
  return false;
}

// Strips the longest form at the end ("s a s" before "a s"), if one is there and
// something is left before it.
bool StripOneTrailing(absl::string_view* name) {
  const size_t size = name->size();
  size_t longest = 0;
  for (absl::string_view form : kTrailingForms) {
    if (form.size() > longest && size > form.size() + 1 && (*name)[size - form.size() - 1] == ' ' &&
        name->substr(size - form.size()) == form) {
      longest = form.size();
    }
  }
  if (longest == 0) return false;
  name->remove_suffix(longest + 1);
  return true;
}

}  // namespace

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
