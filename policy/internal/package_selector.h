// File: policy/internal/package_selector.h
// -----------------------------------------------------------------------------
//
// One compiled interdict.v1.PackageMatch: the normalised package (purl type,
// namespace and name) as an index key, and an optional vers range over the
// version of an artifact's purl. Also the keys of entities' package namespaces.
//
// Example:
//
//   std::string failed_field;
//   absl::StatusOr<PackageSelector> s = PackageSelector::Create(match, &failed_field);
//   char key_buffer[kMaxPackageKeyBytes];
//   if (PackageKey(artifact_purl_view, key_buffer) == s->key()) {
//     const char* problem = nullptr;
//     s->ClassifyVersion(artifact_purl_view, &problem);
//   }
//
// Thread safety: immutable after Create; safe from many threads.

#ifndef INTERDICT_POLICY_INTERNAL_PACKAGE_SELECTOR_H_
#define INTERDICT_POLICY_INTERNAL_PACKAGE_SELECTOR_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "interdict/v1/policy.pb.h"
#include "policy/internal/package_url.h"
#include "policy/internal/vers_range.h"

namespace interdict {
namespace policy_internal {

// Capacity of a buffer for PackageKey.
inline constexpr size_t kMaxPackageKeyBytes = kMaxPackageUrlBytes + 2;

// "type\0namespace\0name", written into `out` (capacity kMaxPackageKeyBytes).
absl::string_view PackageKey(const PackageUrlView& purl, char* out);

// "type\0namespace" (the head of PackageKey), written into `out` (capacity
// kMaxPackageKeyBytes); empty when the purl has no namespace.
absl::string_view PackageNamespaceKey(const PackageUrlView& purl, char* out);

// The PackageNamespaceKey of `text`, a purl with a type and a namespace and no name
// ("pkg:npm/%40bytedance"). Errors (kInvalidArgument) name the problem: not a purl,
// no namespace, a version, qualifiers or subpath.
absl::StatusOr<std::string> ParsePackageNamespace(absl::string_view text);

// "type\0name" of `purl`, written into `out` (capacity kMaxPackageKeyBytes): the key
// of an entity package in any namespace of its type.
absl::string_view AnyNamespacePackageKey(const PackageUrlView& purl, char* out);

// An entity's package (interdict.v1.Entity.packages): the PackageKey of a purl, or the
// AnyNamespacePackageKey of one written with "*" as its namespace ("pkg:deb/*/kesl").
struct EntityPackageKey {
  std::string key;
  bool any_namespace = false;
};

// Reads `text`, a purl without version, qualifiers or subpath whose namespace may be
// "*". Errors (kInvalidArgument) name the problem.
absl::StatusOr<EntityPackageKey> ParseEntityPackage(absl::string_view text);

class PackageSelector {
 public:
  // Errors (kInvalidArgument), with `*failed_field` set to "purl" or "vers": no purl;
  // an invalid purl; a purl with a version, qualifiers or subpath; an invalid vers.
  static absl::StatusOr<PackageSelector> Create(const v1::PackageMatch& match,
                                                std::string* failed_field);

  const std::string& key() const { return key_; }

  // Where the artifact purl's version (its full_version, with an rpm purl's epoch
  // qualifier) lies in the vers range (inside when there is none). An epoch qualifier
  // that cannot join the version makes it unreadable, with the purl's epoch_problem.
  VersionMembership ClassifyVersion(const PackageUrlView& purl, const char** problem) const;

  // The vers range's scheme (GENERIC when there is none).
  v1::VersionScheme scheme() const;

  // The vers range; null when there is none.
  const VersRange* vers() const { return vers_.get(); }

  // For reports: "pkg:deb/debian/curl" or "pkg:deb/debian/curl vers:deb/>=7.0|<8.0".
  const std::string& description() const { return description_; }

 private:
  std::string key_;
  std::string description_;
  std::shared_ptr<const VersRange> vers_;
};

}  // namespace policy_internal
}  // namespace interdict

#endif  // INTERDICT_POLICY_INTERNAL_PACKAGE_SELECTOR_H_
