// File: policy/testing/software_names.h
// -----------------------------------------------------------------------------
//
// Real publisher and product names as inventories report them, for realistic
// synthetic workloads (workload.h). Two lists: vendors that bans have named or
// that resemble them (the stem of generated entities), and everyday software
// that no ban names (the bulk of an inventory).
//
// Example:
//
//   for (const SoftwareName& s : BannedStyleSoftware()) { ... s.publisher, s.product ... }
//
// Thread safety: the lists are immutable.

#ifndef INTERDICT_POLICY_TESTING_SOFTWARE_NAMES_H_
#define INTERDICT_POLICY_TESTING_SOFTWARE_NAMES_H_

#include "absl/types/span.h"

namespace interdict {
namespace test_support {

struct SoftwareName {
  const char* publisher;
  const char* product;
};

// Vendors named in real bans and warnings, and similar security/communication vendors.
absl::Span<const SoftwareName> BannedStyleSoftware();

// Common software from vendors no ban names.
absl::Span<const SoftwareName> EverydaySoftware();

}  // namespace test_support
}  // namespace interdict

#endif  // INTERDICT_POLICY_TESTING_SOFTWARE_NAMES_H_
