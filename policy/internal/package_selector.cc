// Compiled package selectors (see package_selector.h).
#include "policy/internal/package_selector.h"

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace interdict {
namespace policy_internal {

absl::string_view PackageKey(const PackageUrlView& purl, char* out) {
  size_t size = 0;
  for (absl::string_view part : {purl.type, purl.namespace_, purl.name}) {
    if (size > 0) out[size++] = '\0';
    if (!part.empty()) std::memcpy(out + size, part.data(), part.size());
    size += part.size();
  }
  return absl::string_view(out, size);
}

absl::string_view PackageNamespaceKey(const PackageUrlView& purl, char* out) {
  if (purl.namespace_.empty()) return absl::string_view();
  return PackageKey(purl, out).substr(0, purl.type.size() + 1 + purl.namespace_.size());
}

absl::StatusOr<std::string> ParsePackageNamespace(absl::string_view text) {
  auto error = [text](absl::string_view problem) {
    return absl::InvalidArgumentError(absl::StrCat("invalid package namespace \"", text, "\": ", problem));
  };
  if (text.find_first_of("@?#") != absl::string_view::npos) {
    return error("has a version, qualifiers or subpath (write \"pkg:type/namespace\")");
  }
  // The namespace is every segment after the type: read it as the namespace of a
  // purl with one more segment, so that the type's namespace rules apply.
  const std::string with_name = absl::StrCat(absl::StripSuffix(text, "/"), "/name");
  PackageUrlBuffer buffer;
  PackageUrlView view;
  if (const char* problem = ParsePackageUrl(with_name, &buffer, &view)) return error(problem);
  if (view.namespace_.empty()) return error("has no namespace (write \"pkg:type/namespace\")");
  char key[kMaxPackageKeyBytes];
  return std::string(PackageNamespaceKey(view, key));
}

absl::string_view AnyNamespacePackageKey(const PackageUrlView& purl, char* out) {
  size_t size = purl.type.size();
  std::memcpy(out, purl.type.data(), size);
  out[size++] = '\0';
  if (!purl.name.empty()) std::memcpy(out + size, purl.name.data(), purl.name.size());
  return absl::string_view(out, size + purl.name.size());
}

absl::StatusOr<EntityPackageKey> ParseEntityPackage(absl::string_view text) {
  auto error = [text](absl::string_view problem) {
    return absl::InvalidArgumentError(absl::StrCat("invalid package \"", text, "\": ", problem));
  };
  if (text.find_first_of("@?#") != absl::string_view::npos) {
    return error("has a version, qualifiers or subpath (write \"pkg:type/namespace/name\")");
  }
  // "pkg:type/*/name": the purl without its namespace, keyed by type and name.
  EntityPackageKey out;
  std::string purl(text);
  const size_t slash = text.find('/');
  if (slash != absl::string_view::npos && text.substr(slash + 1, 2) == "*/") {
    out.any_namespace = true;
    purl.erase(slash + 1, 2);
    if (purl.find('/', slash + 1) != std::string::npos) {
      return error("after a \"*\" namespace comes the name alone");
    }
  } else if (text.find('*') != absl::string_view::npos) {
    return error("\"*\" stands only for the whole namespace (\"pkg:deb/*/kesl\")");
  }
  PackageUrlBuffer buffer;
  PackageUrlView view;
  if (const char* problem = ParsePackageUrl(purl, &buffer, &view)) return error(problem);
  char key[kMaxPackageKeyBytes];
  out.key = std::string(out.any_namespace ? AnyNamespacePackageKey(view, key) : PackageKey(view, key));
  return out;
}

absl::StatusOr<PackageSelector> PackageSelector::Create(const v1::PackageMatch& match,
                                                        std::string* failed_field) {
  *failed_field = "purl";
  if (match.purl().empty()) return absl::InvalidArgumentError("required");
  absl::StatusOr<PackageUrl> purl = PackageUrl::Parse(match.purl());
  if (!purl.ok()) return purl.status();
  if (!purl->version.empty() || !purl->qualifiers.empty() || !purl->subpath.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", match.purl(),
                     "\" must name a package only, without version, qualifiers or subpath "
                     "(versions go in vers)"));
  }
  PackageSelector selector;
  PackageUrlBuffer buffer;
  PackageUrlView view;
  ParsePackageUrl(match.purl(), &buffer, &view);
  char key[kMaxPackageKeyBytes];
  selector.key_ = std::string(PackageKey(view, key));
  selector.description_ = purl->ToString();
  if (!match.vers().empty()) {
    *failed_field = "vers";
    absl::StatusOr<VersRange> vers = VersRange::Parse(match.vers());
    if (!vers.ok()) return vers.status();
    absl::StrAppend(&selector.description_, " ", vers->ToString());
    selector.vers_ = std::make_shared<const VersRange>(*std::move(vers));
  }
  failed_field->clear();
  return selector;
}

VersionMembership PackageSelector::ClassifyVersion(const PackageUrlView& purl, const char** problem) const {
  if (vers_ == nullptr || vers_->contains_every_version()) return VersionMembership::kInside;
  if (purl.epoch_problem != nullptr) {
    *problem = purl.epoch_problem;
    return VersionMembership::kUnreadable;
  }
  return vers_->Classify(purl.full_version, problem);
}

v1::VersionScheme PackageSelector::scheme() const {
  return vers_ == nullptr ? v1::GENERIC : vers_->scheme();
}

}  // namespace policy_internal
}  // namespace interdict
