// File: policy/internal/package_url.h
// -----------------------------------------------------------------------------
//
// Package URLs (purl-spec): `pkg:type/namespace/name@version?qualifiers#subpath`,
// parsed and normalised.
//
// ParsePackageUrl is the one parser. It allocates nothing: components are
// percent-decoded into a caller's fixed buffer and returned as views, so the
// evaluate path can read an artifact's purl. PackageUrl owns a parse result for
// the compiler and renders the canonical form.
//
// Normalisation: the type and qualifier keys are lowercased; components are
// percent-decoded; empty namespace and subpath segments are dropped (and `.`/`..`
// subpath segments, also when percent-encoded); qualifiers with empty values are dropped (an empty `epoch` is no
// epoch). Per type (the
// purl-spec type rules): bitbucket, github, deb, apk, alpm, composer, hex lowercase
// the namespace and name; rpm lowercases the namespace (the vendor); pypi lowercases
// the name and turns `_` into `-`; pub lowercases the name, which may then hold only
// `a-z0-9_`. npm, maven, nuget, gem, golang, docker and other types keep case.
//
// Example:
//
//   PackageUrlBuffer buffer;
//   PackageUrlView purl;
//   if (const char* problem = ParsePackageUrl("pkg:PYPI/Django_package@1.11", &buffer, &purl)) {
//     ...  // e.g. "has no name"
//   }
//   // purl.type == "pypi", purl.name == "django-package", purl.version == "1.11"
//
//   absl::StatusOr<PackageUrl> owned = PackageUrl::Parse(text);
//   owned->ToString();   // "pkg:pypi/django-package@1.11"
//
// Thread safety: pure functions; PackageUrl is a plain value.

#ifndef INTERDICT_POLICY_INTERNAL_PACKAGE_URL_H_
#define INTERDICT_POLICY_INTERNAL_PACKAGE_URL_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interdict {
namespace policy_internal {

// Longest purl accepted, in bytes (decoded components never exceed the input).
inline constexpr size_t kMaxPackageUrlBytes = 2048;

struct PackageUrlBuffer {
  char bytes[kMaxPackageUrlBytes];
};

// Views into a PackageUrlBuffer (or, for `qualifiers`, into the parsed text).
struct PackageUrlView {
  absl::string_view type;
  absl::string_view namespace_;  // Decoded segments joined by '/'; empty when none.
  absl::string_view name;
  absl::string_view version;     // Empty when none.
  absl::string_view qualifiers;  // Still encoded: the validated text after '?'.
  absl::string_view subpath;     // Decoded segments joined by '/'; empty when none.
  // The version a vers range compares: `version`, except that an rpm purl's `epoch`
  // qualifier goes in front of it as rpm writes an EVR ("1:4.22.10-1.el6" for
  // `@4.22.10-1.el6?epoch=1`). purl-spec puts the rpm epoch in that qualifier; deb and
  // alpm purls carry theirs in the version itself. Empty when there is no version; not
  // to be compared when epoch_problem is set.
  absl::string_view full_version;
  // Why an rpm purl's `epoch` qualifier cannot join its version (static text), or
  // nullptr: it is not a non-negative integer, or the version has an epoch already.
  const char* epoch_problem = nullptr;
};

// nullptr when `text` is a valid purl, with `*out` filled (views into `*buffer` and
// `text`); otherwise a static description of the first problem, e.g.
// "does not start with \"pkg:\"".
const char* ParsePackageUrl(absl::string_view text, PackageUrlBuffer* buffer, PackageUrlView* out);

// Percent-decodes `text` into `out` (capacity >= text.size()), setting `*length`.
// False on a '%' not followed by two hex digits. purl and vers share this encoding.
bool PercentDecode(absl::string_view text, char* out, size_t* length);

// An owned, normalised purl.
struct PackageUrl {
  std::string type;
  std::string namespace_;
  std::string name;
  std::string version;
  std::vector<std::pair<std::string, std::string>> qualifiers;  // Sorted by key, decoded.
  std::string subpath;

  // Errors (kInvalidArgument): `invalid purl "…": <problem>`.
  static absl::StatusOr<PackageUrl> Parse(absl::string_view text);

  // The canonical form: lowercase type, qualifiers sorted, components percent-encoded
  // except unreserved bytes (A-Z a-z 0-9 . - _ ~) and ':', plus '+' in the version
  // and '/' in qualifier values.
  std::string ToString() const;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_PACKAGE_URL_H_
