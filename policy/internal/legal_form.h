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
#include <string>
#include <vector>

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

// The first `head_bytes` bytes (or fewer) of every normalised name that begins with a
// leading legal form: the form and its space ("ao ", "jsc ", "cjsc", "за"). A name
// gate on heads (name_gate.h) that lets these through lets through every name
// StripLeadingLegalForms would shorten.
std::vector<std::string> LeadingLegalFormHeads(size_t head_bytes);

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_LEGAL_FORM_H_
