// Package URL parsing and canonical form (see package_url.h).
#include "policy/internal/package_url.h"

#include <algorithm>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "policy/internal/version_text.h"

namespace interdict {
namespace policy_internal {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The position of the last `c` in `text`, or npos (memrchr: absl's reverse find is a
// byte-at-a-time loop out of line).
size_t LastIndexOf(absl::string_view text, char c) {
  if (text.empty()) return absl::string_view::npos;
  const void* found = memrchr(text.data(), c, text.size());
  return found == nullptr ? absl::string_view::npos
                          : static_cast<size_t>(static_cast<const char*>(found) - text.data());
}


// Appends decoded components to a fixed buffer.
class Writer {
 public:
  explicit Writer(char* bytes) : bytes_(bytes) {}

  size_t position() const { return size_; }
  absl::string_view Since(size_t start) const { return absl::string_view(bytes_ + start, size_ - start); }
  void Put(char c) { bytes_[size_++] = c; }
  void Truncate(size_t position) { size_ = position; }

  // Percent-decodes `text` after what is written; false on a malformed escape.
  bool Decode(absl::string_view text) {
    size_t written = 0;
    if (!PercentDecode(text, bytes_ + size_, &written)) return false;
    size_ += written;
    return true;
  }

 private:
  char* bytes_;
  size_t size_ = 0;
};

void LowercaseInPlace(absl::string_view view) {
  char* p = const_cast<char*>(view.data());
  for (size_t i = 0; i < view.size(); ++i) p[i] = absl::ascii_tolower(p[i]);
}

// The purl-spec case rules of the types that have them.
struct TypeCaseRule {
  absl::string_view type;
  bool lowercase_namespace;
  bool lowercase_name;
};
constexpr TypeCaseRule kTypeCaseRules[] = {
    {"alpm", true, true},      {"apk", true, true}, {"bitbucket", true, true}, {"composer", true, true},
    {"deb", true, true},       {"github", true, true}, {"hex", true, true},    {"pub", false, true},
    {"pypi", false, true},     {"rpm", true, false},
};

const TypeCaseRule* CaseRuleOf(absl::string_view type) {
  for (const TypeCaseRule& rule : kTypeCaseRules) {
    if (rule.type == type) return &rule;
  }
  return nullptr;
}

bool ValidType(absl::string_view type) {
  if (type.empty() || IsAsciiDigit(type.front())) return false;
  for (char c : type) {
    if (!IsAsciiAlnum(c) && c != '.' && c != '+' && c != '-') return false;
  }
  return true;
}

bool ValidQualifierKey(absl::string_view key) {
  if (key.empty() || IsAsciiDigit(key.front())) return false;
  for (char c : key) {
    if (!IsAsciiAlnum(c) && c != '.' && c != '-' && c != '_') return false;
  }
  return true;
}

bool EqualIgnoringCase(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (absl::ascii_tolower(a[i]) != absl::ascii_tolower(b[i])) return false;
  }
  return true;
}

// Checks every `key=value` pair of a qualifier string.
const char* QualifiersProblem(absl::string_view qualifiers) {
  absl::string_view rest = qualifiers;
  while (!rest.empty()) {
    const absl::string_view pair = SplitOffNext(&rest, '&');
    const size_t equals = pair.find('=');
    if (equals == absl::string_view::npos) return "has a qualifier without '='";
    const absl::string_view key = pair.substr(0, equals);
    if (!ValidQualifierKey(key)) {
      return "has a qualifier key other than letters, digits and .-_ (not starting with a digit)";
    }
    const absl::string_view value = pair.substr(equals + 1);
    for (size_t i = 0; i < value.size(); ++i) {
      if (value[i] == '%' && (i + 2 >= value.size() || HexValue(value[i + 1]) < 0 ||
                              HexValue(value[i + 2]) < 0)) {
        return "has a '%' not followed by two hex digits";
      }
    }
    // Duplicate keys (case-insensitively), among the pairs after this one.
    absl::string_view later = rest;
    while (!later.empty()) {
      const absl::string_view other = SplitOffNext(&later, '&');
      if (EqualIgnoringCase(other.substr(0, other.find('=')), key)) return "has a duplicate qualifier key";
    }
  }
  return nullptr;
}

// The still-encoded value of the qualifier `key` (case-insensitive, as keys are);
// empty when absent. `qualifiers` is valid (QualifiersProblem).
absl::string_view QualifierValue(absl::string_view qualifiers, absl::string_view key) {
  absl::string_view rest = qualifiers;
  while (!rest.empty()) {
    const absl::string_view pair = SplitOffNext(&rest, '&');
    const size_t equals = pair.find('=');
    if (EqualIgnoringCase(pair.substr(0, equals), key)) return pair.substr(equals + 1);
  }
  return absl::string_view();
}

// Why an rpm purl's decoded `epoch` qualifier cannot go in front of its `version`, or
// nullptr. rpm's epoch is a non-negative integer; a second epoch in the version would
// leave the purl saying two things.
const char* RpmEpochProblem(absl::string_view epoch, absl::string_view version) {
  if (!AllDigits(epoch)) return "the epoch qualifier is not a non-negative integer";
  if (version.find(':') != absl::string_view::npos) {
    return "has an epoch both in the version and in the epoch qualifier";
  }
  return nullptr;
}

// Decodes '/'-separated segments, dropping empty ones (and '.'/'..' when `subpath`),
// joined by '/'. Returns a problem or nullptr.
const char* DecodeSegments(absl::string_view text, bool subpath, Writer* writer) {
  bool first = true;
  absl::string_view rest = text;
  while (!rest.empty()) {
    const absl::string_view segment = SplitOffNext(&rest, '/');
    if (segment.empty()) continue;
    const size_t mark = writer->position();
    if (!first) writer->Put('/');
    const size_t start = writer->position();
    if (!writer->Decode(segment)) return "has a '%' not followed by two hex digits";
    const absl::string_view decoded = writer->Since(start);
    if (decoded.find('/') != absl::string_view::npos) return "has a segment with an encoded '/'";
    // Dropped when percent-encoded too ("%2e"): purl-spec drops them before decoding,
    // but a kept "." would be written back bare, and the canonical form then read as
    // another subpath.
    if (subpath && (decoded == "." || decoded == "..")) {
      writer->Truncate(mark);
      continue;
    }
    first = false;
  }
  return nullptr;
}

bool HasSpaceOrControl(absl::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return true;
  }
  return false;
}

}  // namespace

bool PercentDecode(absl::string_view text, char* out, size_t* length) {
  // Runs without '%' are copied whole.
  size_t n = 0;
  while (!text.empty()) {
    const void* percent = std::memchr(text.data(), '%', text.size());
    const size_t plain = percent == nullptr
                             ? text.size()
                             : static_cast<size_t>(static_cast<const char*>(percent) - text.data());
    std::memcpy(out + n, text.data(), plain);
    n += plain;
    text.remove_prefix(plain);
    if (text.empty()) break;
    const int high = text.size() > 1 ? HexValue(text[1]) : -1;
    const int low = text.size() > 2 ? HexValue(text[2]) : -1;
    if (high < 0 || low < 0) return false;
    out[n++] = static_cast<char>(high * 16 + low);
    text.remove_prefix(3);
  }
  *length = n;
  return true;
}

const char* ParsePackageUrl(absl::string_view text, PackageUrlBuffer* buffer, PackageUrlView* out) {
  if (text.size() > kMaxPackageUrlBytes) return "is longer than 2048 bytes";
  if (HasSpaceOrControl(text)) return "has an unencoded space or control character";
  *out = PackageUrlView();
  Writer writer(buffer->bytes);

  absl::string_view rest = text;
  absl::string_view subpath;
  const size_t hash = LastIndexOf(rest, '#');
  if (hash != absl::string_view::npos) {
    subpath = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
  }
  const size_t question = LastIndexOf(rest, '?');
  if (question != absl::string_view::npos) {
    out->qualifiers = rest.substr(question + 1);
    rest = rest.substr(0, question);
    const char* problem = QualifiersProblem(out->qualifiers);
    if (problem != nullptr) return problem;
  }
  const size_t colon = rest.find(':');
  if (colon == absl::string_view::npos || !EqualIgnoringCase(rest.substr(0, colon), "pkg")) {
    return "does not start with \"pkg:\"";
  }
  rest.remove_prefix(colon + 1);
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);

  const size_t slash = rest.find('/');
  if (slash == absl::string_view::npos) return "has no name";
  size_t start = writer.position();
  for (char c : rest.substr(0, slash)) writer.Put(absl::ascii_tolower(c));
  out->type = writer.Since(start);
  if (!ValidType(out->type)) {
    return "has a type other than letters, digits and .+- (not starting with a digit)";
  }
  rest.remove_prefix(slash + 1);

  absl::string_view version;
  const size_t at = LastIndexOf(rest, '@');
  if (at != absl::string_view::npos) {
    version = rest.substr(at + 1);
    rest = rest.substr(0, at);
    if (version.empty()) return "has an empty version after '@'";
  }
  const size_t last_slash = LastIndexOf(rest, '/');
  const absl::string_view name = last_slash == absl::string_view::npos ? rest : rest.substr(last_slash + 1);
  const absl::string_view namespace_text =
      last_slash == absl::string_view::npos ? absl::string_view() : rest.substr(0, last_slash);
  if (name.empty()) return "has no name";

  start = writer.position();
  const char* problem = DecodeSegments(namespace_text, /*subpath=*/false, &writer);
  if (problem != nullptr) return problem;
  out->namespace_ = writer.Since(start);
  start = writer.position();
  if (!writer.Decode(name)) return "has a '%' not followed by two hex digits";
  out->name = writer.Since(start);
  // An rpm epoch is decoded just before the version, so that "epoch:version" is one
  // view. The buffer has room: the qualifier's text ("epoch=" and its value) is never
  // decoded otherwise, and is longer than the epoch and its ':'.
  const absl::string_view encoded_epoch =
      out->type == "rpm" && !version.empty() ? QualifierValue(out->qualifiers, "epoch") : absl::string_view();
  const size_t full_start = writer.position();
  absl::string_view epoch;
  if (!encoded_epoch.empty()) {
    writer.Decode(encoded_epoch);  // Its escapes were checked with the qualifiers.
    epoch = writer.Since(full_start);
    writer.Put(':');
  }
  start = writer.position();
  if (!writer.Decode(version)) return "has a '%' not followed by two hex digits";
  out->version = writer.Since(start);
  out->full_version = writer.Since(full_start);
  if (!epoch.empty()) out->epoch_problem = RpmEpochProblem(epoch, out->version);
  start = writer.position();
  problem = DecodeSegments(subpath, /*subpath=*/true, &writer);
  if (problem != nullptr) return problem;
  out->subpath = writer.Since(start);

  const absl::string_view type = out->type;
  if (const TypeCaseRule* rule = CaseRuleOf(type)) {
    if (rule->lowercase_namespace) LowercaseInPlace(out->namespace_);
    if (rule->lowercase_name) LowercaseInPlace(out->name);
  }
  if (type == "pypi") {
    char* p = const_cast<char*>(out->name.data());
    for (size_t i = 0; i < out->name.size(); ++i) {
      if (p[i] == '_') p[i] = '-';
    }
  }
  if (type == "pub") {
    for (char c : out->name) {
      if (!IsAsciiDigit(c) && !(c >= 'a' && c <= 'z') && c != '_') {
        return "has a pub name other than a-z, 0-9 and _";
      }
    }
  }
  return nullptr;
}

absl::StatusOr<PackageUrl> PackageUrl::Parse(absl::string_view text) {
  PackageUrlBuffer buffer;
  PackageUrlView view;
  const char* problem = ParsePackageUrl(text, &buffer, &view);
  if (problem != nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("invalid purl \"", text, "\": ", problem));
  }
  PackageUrl purl;
  purl.type = std::string(view.type);
  purl.namespace_ = std::string(view.namespace_);
  purl.name = std::string(view.name);
  purl.version = std::string(view.version);
  purl.subpath = std::string(view.subpath);
  absl::string_view rest = view.qualifiers;
  while (!rest.empty()) {
    const absl::string_view pair = SplitOffNext(&rest, '&');
    const size_t equals = pair.find('=');
    const absl::string_view value = pair.substr(equals + 1);
    if (value.empty()) continue;
    PackageUrlBuffer decoded;
    Writer writer(decoded.bytes);
    writer.Decode(value);  // Validated by ParsePackageUrl.
    purl.qualifiers.emplace_back(absl::AsciiStrToLower(pair.substr(0, equals)),
                                 std::string(writer.Since(0)));
  }
  std::sort(purl.qualifiers.begin(), purl.qualifiers.end());
  return purl;
}

namespace {

void AppendEncoded(absl::string_view text, absl::string_view also_keep, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : text) {
    if (IsAsciiAlnum(c) || c == '.' || c == '-' || c == '_' || c == '~' || c == ':' ||
        also_keep.find(c) != absl::string_view::npos) {
      out->push_back(c);
    } else {
      const unsigned char byte = static_cast<unsigned char>(c);
      out->push_back('%');
      out->push_back(kHex[byte >> 4]);
      out->push_back(kHex[byte & 0xf]);
    }
  }
}

// Encodes each '/'-separated segment, keeping the separators.
void AppendEncodedSegments(absl::string_view text, std::string* out) {
  absl::string_view rest = text;
  bool first = true;
  while (!rest.empty()) {
    if (!first) out->push_back('/');
    AppendEncoded(SplitOffNext(&rest, '/'), "", out);
    first = false;
  }
}

}  // namespace

std::string PackageUrl::ToString() const {
  std::string out = absl::StrCat("pkg:", type, "/");
  if (!namespace_.empty()) {
    AppendEncodedSegments(namespace_, &out);
    out.push_back('/');
  }
  AppendEncoded(name, "", &out);
  if (!version.empty()) {
    out.push_back('@');
    AppendEncoded(version, "+", &out);
  }
  for (size_t i = 0; i < qualifiers.size(); ++i) {
    out.push_back(i == 0 ? '?' : '&');
    AppendEncoded(qualifiers[i].first, "", &out);
    out.push_back('=');
    AppendEncoded(qualifiers[i].second, "/", &out);
  }
  if (!subpath.empty()) {
    out.push_back('#');
    AppendEncodedSegments(subpath, &out);
  }
  return out;
}

}  // namespace policy_internal
}  // namespace interdict
