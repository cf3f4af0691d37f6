// File: policy/internal/legal_form.h
// -----------------------------------------------------------------------------
//
// Vendor names are compared without their legal forms, so that "AO Kaspersky Lab",
// "Kaspersky Lab ZAO" and "KASPERSKY LAB, JSC" are one name: StripLegalForms takes
// a normalised name (name_normalizer.h) and drops whole legal-form words from its
// end (Ltd, Limited, Inc, LLC, GmbH, AG, Co, Corp, Pte, PLC, SA, S.A., BV, JSC, ZAO,
// OOO, ...) and from its start (AO, ZAO, OAO, PAO, OOO, JSC, OJSC, CJSC, PJSC, PT
// and the Cyrillic АО, ЗАО, ОАО, ПАО, ООО), repeatedly, never down to nothing:
// "hangzhou deepseek artificial intelligence co ltd" -> "hangzhou deepseek
// artificial intelligence". Only whole words go; "kaspersky" keeps its "sky".
// Nothing is fuzzy: a different spelling is a different name.
//
// Example:
//
//   StripLegalForms("ao kaspersky lab") == "kaspersky lab"
//   StripLegalForms("tiktok pte ltd") == "tiktok"
//   StripLegalForms("ltd") == "ltd"                       // never empty
//
// Thread safety: pure functions over views; nothing allocates.

#ifndef INTERDICT_POLICY_INTERNAL_LEGAL_FORM_H_
#define INTERDICT_POLICY_INTERNAL_LEGAL_FORM_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

// `normalized` without leading and trailing legal forms (a sub-view of it).
absl::string_view StripLegalForms(absl::string_view normalized);

// `normalized` without leading legal forms only.
absl::string_view StripLeadingLegalForms(absl::string_view normalized);

// The longest leading legal form plus its space, in normalised bytes: a name whose
// first kLeadingFormWindow normalised bytes do not begin with a leading form has none.
inline constexpr size_t kLeadingFormWindow = 8;

// Whether `word` (normalised, without spaces) is a leading legal form.
bool IsLeadingLegalForm(absl::string_view word);

// False when a normalised name beginning with `head` (its first 4 or fewer bytes)
// certainly does not begin with a leading legal form: a cheap test on the head a
// name gate reads (name_gate.h), before normalising the whole name. Leading forms are ASCII words of two or three letters (so
// the space after them is within the first four bytes), the four-letter
// cjsc/ojsc/pjsc, or Cyrillic (lead byte 0xd0).
inline bool MayBeginWithLegalForm(absl::string_view head) {
  if (head.size() == 4 && static_cast<unsigned char>(head[0]) != 0xd0) {
    // The common case, a full head: the first space, found in one 32-bit word.
    uint32_t word;
    std::memcpy(&word, head.data(), sizeof(word));
    const uint32_t spaces = word ^ 0x20202020u;  // Zero bytes where head has a space.
    const uint32_t found = (spaces - 0x01010101u) & ~spaces & 0x80808080u;
    // `found` is zero exactly when no byte is a space; otherwise the loop below finds it.
    if (found == 0) return head[1] == 'j' && head[2] == 's' && head[3] == 'c';
  }
  if (head.empty()) return false;
  if (static_cast<unsigned char>(head[0]) == 0xd0) return true;
  for (size_t i = 1; i < head.size(); ++i) {
    if (head[i] == ' ') return IsLeadingLegalForm(head.substr(0, i));
  }
  return head.size() == 4 && head[1] == 'j' && head[2] == 's' && head[3] == 'c';
}

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_LEGAL_FORM_H_
