// Identifier validation and normal forms (see identifier.h).
#include "policy/internal/identifier.h"

#include <string>

#include "absl/strings/ascii.h"
#include "policy/internal/version_text.h"
#include "re2/re2.h"

namespace interdict {
namespace policy_internal {
namespace {


// Lowercase hex of exactly one of the given digit counts; ':' and ' ' between digits
// are dropped when `separators` is set.
const char* NormalizeHex(absl::string_view value, size_t digits_a, size_t digits_b, bool separators,
                         const char* problem, char* out, size_t* length) {
  size_t n = 0;
  for (char c : value) {
    if (separators && (c == ':' || c == ' ')) continue;
    if (!absl::ascii_isxdigit(c) || n == digits_a + digits_b) return problem;
    out[n++] = absl::ascii_tolower(c);
  }
  if (n != digits_a && n != digits_b) return problem;
  *length = n;
  return nullptr;
}

const char* NormalizeTeamId(absl::string_view value, char* out, size_t* length) {
  if (value.size() != 10) return "expected an Apple Team ID of ten letters and digits";
  for (size_t i = 0; i < value.size(); ++i) {
    if (!IsAsciiAlnum(value[i])) return "expected an Apple Team ID of ten letters and digits";
    out[i] = absl::ascii_toupper(value[i]);
  }
  *length = value.size();
  return nullptr;
}

bool BundleCharacter(char c) { return IsAsciiAlnum(c) || c == '.' || c == '-' || c == '_'; }

const char* NormalizeBundleId(absl::string_view value, char* out, size_t* length) {
  if (value.empty()) return "is empty";
  for (size_t i = 0; i < value.size(); ++i) {
    if (!BundleCharacter(value[i])) return "may hold only letters, digits, '.', '-' and '_'";
    out[i] = absl::ascii_tolower(value[i]);
  }
  *length = value.size();
  return nullptr;
}

const char* NormalizeSigningId(absl::string_view value, char* out, size_t* length) {
  const size_t colon = value.find(':');
  if (colon == absl::string_view::npos) return "expected TEAMID:bundle.id";
  const absl::string_view team = value.substr(0, colon);
  const absl::string_view bundle = value.substr(colon + 1);
  size_t n = 0;
  if (team == "platform") {
    for (char c : team) out[n++] = c;
  } else {
    if (NormalizeTeamId(team, out, &n) != nullptr) return "expected TEAMID:bundle.id with a ten-character Team ID";
  }
  out[n++] = ':';
  if (bundle.empty()) return "expected TEAMID:bundle.id with a bundle id after ':'";
  for (char c : bundle) {
    if (!BundleCharacter(c)) return "bundle id may hold only letters, digits, '.', '-' and '_'";
    out[n++] = c;
  }
  *length = n;
  return nullptr;
}

const char* NormalizeGuid(absl::string_view value, char* out, size_t* length) {
  static const char* const kProblem = "expected a GUID: hex digits grouped 8-4-4-4-12, braces optional";
  if (value.size() == 38) {
    if (value.front() != '{' || value.back() != '}') return kProblem;
    value = value.substr(1, 36);
  }
  if (value.size() != 36) return kProblem;
  size_t n = 0;
  out[n++] = '{';
  for (size_t i = 0; i < value.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? value[i] != '-' : !absl::ascii_isxdigit(value[i])) return kProblem;
    out[n++] = absl::ascii_toupper(value[i]);
  }
  out[n++] = '}';
  *length = n;
  return nullptr;
}

const char* NormalizePath(absl::string_view value, char* out, size_t* length) {
  if (value.empty()) return "is empty";
  size_t n = 0;
  for (char c : value) {
    if (c == '\0') return "contains a NUL byte";
    const char mapped = c == '\\' ? '/' : absl::ascii_tolower(c);
    if (mapped == '/' && n > 0 && out[n - 1] == '/') continue;
    out[n++] = mapped;
  }
  *length = n;
  return nullptr;
}

}  // namespace

const char* NormalizeIdentifier(IdentifierKind kind, absl::string_view value, char* out,
                                size_t* length) {
  if (value.size() > kMaxIdentifierBytes - 2) return "is longer than 1022 bytes";
  switch (kind) {
    case IdentifierKind::kSha256:
      return NormalizeHex(value, 64, 64, false, "expected 64 hex digits", out, length);
    case IdentifierKind::kSha1:
      return NormalizeHex(value, 40, 40, false, "expected 40 hex digits", out, length);
    case IdentifierKind::kCertificateThumbprint:
      return NormalizeHex(value, 40, 64, true, "expected 40 (SHA-1) or 64 (SHA-256) hex digits", out,
                          length);
    case IdentifierKind::kTeamId:
      return NormalizeTeamId(value, out, length);
    case IdentifierKind::kSigningId:
      return NormalizeSigningId(value, out, length);
    case IdentifierKind::kMsiProductCode:
    case IdentifierKind::kMsiUpgradeCode:
      return NormalizeGuid(value, out, length);
    case IdentifierKind::kBundleId:
      return NormalizeBundleId(value, out, length);
    case IdentifierKind::kInstallPath:
      return NormalizePath(value, out, length);
    case IdentifierKind::kSignerSubject:
    case IdentifierKind::kCpe:
      return "has no identifier normal form";
  }
  return "has no identifier normal form";
}

namespace identifier_internal {

absl::string_view AppleSigningOrganisation(absl::string_view name) {
  // "KIND: NAME (TEAMID)": the Team ID is the last 12 bytes, " (" excluded.
  constexpr size_t kTeamId = 10;
  if (name.size() < kTeamId + 5 || name.back() != ')' || name[name.size() - kTeamId - 2] != '(' ||
      name[name.size() - kTeamId - 3] != ' ') {
    return name;
  }
  for (size_t i = name.size() - kTeamId - 1; i + 1 < name.size(); ++i) {
    const char c = name[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return name;
  }
  const size_t colon = name.find(": ");
  if (colon == absl::string_view::npos || colon + 2 >= name.size() - kTeamId - 3) return name;
  return name.substr(colon + 2, name.size() - kTeamId - 3 - (colon + 2));
}


size_t AttributeAt(absl::string_view subject, size_t from) {
  size_t i = from;
  while (i < subject.size() && subject[i] == ' ') ++i;
  const size_t start = i;
  while (i < subject.size() && (IsAsciiAlnum(subject[i]) || subject[i] == '.')) ++i;
  if (i == start || i >= subject.size() || subject[i] != '=') return absl::string_view::npos;
  return start;
}

size_t ValueEnd(absl::string_view subject, size_t from) {
  bool quoted = false;
  for (size_t i = from; i < subject.size(); ++i) {
    const char c = subject[i];
    if (c == '\\') {
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted && AttributeAt(subject, i + 1) != absl::string_view::npos) {
      return i;
    }
  }
  return subject.size();
}

}  // namespace identifier_internal

uint64_t PathSegmentBits(absl::string_view path) {
  constexpr uint64_t kBasis = 14695981039346656037u;  // FNV-1a over each segment.
  uint64_t bits = 0;
  uint64_t hash = kBasis;
  size_t length = 0;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i < path.size() && path[i] != '/') {
      hash = (hash ^ static_cast<unsigned char>(path[i])) * 1099511628211u;
      ++length;
      continue;
    }
    if (length > 0) bits |= uint64_t{1} << ((hash ^ (hash >> 32)) & 63);
    hash = kBasis;
    length = 0;
  }
  return bits;
}

const char* InstallPathGlobToRegex(absl::string_view normalized_glob, std::string* regex,
                                   std::string* key_segment, uint64_t* literal_segments) {
  regex->clear();
  key_segment->clear();
  *literal_segments = 0;
  bool wildcard_seen = false;
  for (size_t i = 0; i < normalized_glob.size(); ++i) {
    const char c = normalized_glob[i];
    if (c == '*') {
      wildcard_seen = true;
      if (i + 1 < normalized_glob.size() && normalized_glob[i + 1] == '*') {
        regex->append(".*");
        ++i;
      } else {
        regex->append("[^/]*");
      }
    } else if (c == '?') {
      wildcard_seen = true;
      regex->append("[^/]");
    } else {
      regex->append(RE2::QuoteMeta(re2::StringPiece(&c, 1)));
    }
  }
  if (!wildcard_seen) return "has no wildcard: use install_path_prefix or an exact path";
  // A segment is literal when it holds no wildcard; '**' may stand for several segments,
  // but a literal segment always matches exactly one segment of the path.
  absl::string_view rest = normalized_glob;
  while (!rest.empty()) {
    const absl::string_view segment = SplitOffNext(&rest, '/');
    if (segment.empty() || segment.find_first_of("*?") != absl::string_view::npos) continue;
    *literal_segments |= PathSegmentBits(segment);
    if (segment.size() > key_segment->size()) key_segment->assign(segment.data(), segment.size());
  }
  return nullptr;
}

}  // namespace policy_internal
}  // namespace interdict
