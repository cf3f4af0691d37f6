// osquery results (decoders.h): `osqueryi --json` arrays of rows, and osqueryd
// result-log lines (differential events, snapshots, batches).
//
// A row's table is not named anywhere (a log's query name is free text), so it is
// recognised by its columns: a row belongs to a table when every column it has is one
// of that table's (apps rows may also carry the signature table's columns, and
// chrome_extensions and python_packages rows the users table's, as the joins osquery's
// documentation shows add them) and one of its columns tells that table from the
// others (e.g. `identifying_number` for programs, `maintainer` for deb_packages; a few
// tables are told by their paths: `.nuspec` for chocolatey_packages, `node_modules` for
// npm_packages, `site-packages` for python_packages, `/Cellar/` for homebrew_packages).
// A row of no such table is of another query a result log carries (processes,
// listening_ports...): it is ignored, not a problem; a row that is a table's but cannot
// be read is a problem. The mapping and its decisions are written in the README's
// osquery section, and above each table's reader below.
#include <cstddef>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "policy/inventory/internal/decoders.h"
#include "policy/inventory/internal/json_text.h"

namespace interdict {
namespace inventory_internal {
namespace {

using Json = nlohmann::json;

// ---------------------------------------------------------------------------------
// Tables and their columns (osquery 5.23.1 specs/*.table, hidden columns included).

enum class Table {
  kNone,
  kPrograms,
  kDebPackages,
  kRpmPackages,
  kApps,
  kSignature,
  kHomebrewPackages,
  kChocolateyPackages,
  kNpmPackages,
  kPythonPackages,
  kChromeExtensions,
};

// A list of column names.
struct Columns {
  const absl::string_view* names;
  size_t size;

  bool Contains(absl::string_view column) const {
    for (size_t i = 0; i < size; ++i) {
      if (names[i] == column) return true;
    }
    return false;
  }
};

template <size_t N>
constexpr Columns ColumnsOf(const absl::string_view (&names)[N]) {
  return Columns{names, N};
}
constexpr Columns kNoColumns{nullptr, 0};

constexpr absl::string_view kProgramsColumns[] = {
    "name",        "version",          "install_location", "install_source",     "language",
    "publisher",   "uninstall_string", "install_date",     "identifying_number", "package_family_name",
    "upgrade_code"};
constexpr absl::string_view kProgramsMarks[] = {"install_location",   "install_source",      "language",
                                                "publisher",          "uninstall_string",    "install_date",
                                                "identifying_number", "package_family_name", "upgrade_code"};

constexpr absl::string_view kDebColumns[] = {"name",
                                             "version",
                                             "source",
                                             "size",
                                             "arch",
                                             "revision",
                                             "status",
                                             "maintainer",
                                             "section",
                                             "priority",
                                             "admindir",
                                             "pid_with_namespace",
                                             "mount_namespace_id"};
constexpr absl::string_view kDebMarks[] = {"revision", "status",   "maintainer",
                                           "section",  "priority", "admindir"};

constexpr absl::string_view kRpmColumns[] = {"name",
                                             "version",
                                             "release",
                                             "source",
                                             "size",
                                             "sha1",
                                             "arch",
                                             "epoch",
                                             "install_time",
                                             "vendor",
                                             "package_group",
                                             "pid_with_namespace",
                                             "mount_namespace_id"};
constexpr absl::string_view kRpmMarks[] = {"release",      "sha1",   "epoch",
                                           "install_time", "vendor", "package_group"};

constexpr absl::string_view kAppsColumns[] = {"name",
                                              "path",
                                              "bundle_executable",
                                              "bundle_identifier",
                                              "bundle_name",
                                              "bundle_short_version",
                                              "bundle_version",
                                              "bundle_package_type",
                                              "environment",
                                              "element",
                                              "compiler",
                                              "development_region",
                                              "display_name",
                                              "info_string",
                                              "minimum_system_version",
                                              "category",
                                              "applescript_enabled",
                                              "copyright",
                                              "last_opened_time"};
// Every apps column but the first two (`name` and `path`, which other tables have too).
constexpr Columns kAppsMarks{kAppsColumns + 2, std::size(kAppsColumns) - 2};
static_assert(kAppsColumns[0] == "name" && kAppsColumns[1] == "path", "kAppsMarks skips these two");

constexpr absl::string_view kSignatureColumns[] = {
    "path",       "hash_resources", "hash_executable", "arch",      "signed",
    "identifier", "cdhash",         "team_identifier", "authority", "entitlements"};
constexpr absl::string_view kSignatureMarks[] = {
    "hash_resources", "hash_executable", "signed", "cdhash", "team_identifier", "authority", "entitlements"};

constexpr absl::string_view kHomebrewColumns[] = {"name",         "path",     "version", "type",
                                                  "auto_updates", "app_name", "prefix"};
constexpr absl::string_view kHomebrewMarks[] = {"type", "auto_updates", "app_name", "prefix"};

constexpr absl::string_view kChocolateyColumns[] = {"name",   "version", "summary",
                                                    "author", "license", "path"};

constexpr absl::string_view kNpmColumns[] = {"name",
                                             "version",
                                             "description",
                                             "author",
                                             "license",
                                             "homepage",
                                             "path",
                                             "directory",
                                             "depth",
                                             "max_depth",
                                             "pid_with_namespace",
                                             "mount_namespace_id"};
constexpr absl::string_view kNpmMarks[] = {"description", "homepage", "depth", "max_depth"};

constexpr absl::string_view kPythonColumns[] = {"name",    "uid",  "version",   "summary",           "author",
                                                "license", "path", "directory", "pid_with_namespace"};
// `summary` is Chocolatey's too: without `uid`, a path must tell.
constexpr absl::string_view kPythonMarks[] = {"uid"};

constexpr absl::string_view kChromeColumns[] = {"browser_type",
                                                "uid",
                                                "name",
                                                "profile",
                                                "profile_path",
                                                "referenced_identifier",
                                                "identifier",
                                                "version",
                                                "description",
                                                "default_locale",
                                                "locale",
                                                "current_locale",
                                                "update_url",
                                                "author",
                                                "persistent",
                                                "path",
                                                "permissions",
                                                "permissions_json",
                                                "optional_permissions",
                                                "optional_permissions_json",
                                                "manifest_hash",
                                                "referenced",
                                                "from_webstore",
                                                "state",
                                                "install_time",
                                                "install_timestamp",
                                                "manifest_json",
                                                "key"};
// Not `state`: the whole row of macOS' alf_exceptions (in osquery's own packs) is
// `path` and `state`.
constexpr absl::string_view kChromeMarks[] = {"browser_type",
                                              "profile",
                                              "profile_path",
                                              "referenced_identifier",
                                              "identifier",
                                              "default_locale",
                                              "locale",
                                              "current_locale",
                                              "update_url",
                                              "persistent",
                                              "permissions",
                                              "permissions_json",
                                              "optional_permissions",
                                              "optional_permissions_json",
                                              "manifest_hash",
                                              "referenced",
                                              "from_webstore",
                                              "install_time",
                                              "install_timestamp",
                                              "manifest_json",
                                              "key"};

// The users table, joined onto per-user tables (`SELECT * FROM users JOIN
// chrome_extensions USING (uid)`, as osquery's specs show).
constexpr absl::string_view kUsersColumns[] = {"uid",      "gid",         "uid_signed", "gid_signed",
                                               "username", "description", "directory",  "shell",
                                               "uuid",     "type",        "is_hidden",  "pid_with_namespace"};

// Whether `text` contains `needle`, ignoring ASCII case.
bool ContainsIgnoringCase(absl::string_view text, absl::string_view needle) {
  if (needle.size() > text.size()) return false;
  for (size_t i = 0; i + needle.size() <= text.size(); ++i) {
    if (absl::EqualsIgnoreCase(text.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

// The string column `key` of `row` ("" when absent or not a string): for telling tables
// apart by their paths.
absl::string_view StringColumn(const Json& row, const char* key) {
  auto it = row.find(key);
  if (it == row.end() || !it->is_string()) return "";
  return it->get_ref<const std::string&>();
}

// Paths that tell a table whose columns do not.
bool HomebrewPath(const Json& row) {
  const absl::string_view path = StringColumn(row, "path");
  return absl::StrContains(path, "/Cellar/") || absl::StrContains(path, "/Caskroom/");
}
bool ChocolateyPath(const Json& row) {
  return absl::EndsWithIgnoreCase(StringColumn(row, "path"), ".nuspec");
}
bool NpmPath(const Json& row) {
  return absl::StrContains(StringColumn(row, "path"), "node_modules") ||
         absl::StrContains(StringColumn(row, "directory"), "node_modules");
}
bool PythonPath(const Json& row) {
  for (const char* key : {"path", "directory"}) {
    const absl::string_view path = StringColumn(row, key);
    for (absl::string_view mark : {"site-packages", "dist-packages", ".dist-info", ".egg-info"}) {
      if (ContainsIgnoringCase(path, mark)) return true;
    }
  }
  return false;
}

// How a table is recognised: all of a row's columns are among `columns` or `extra`,
// not all among `extra` (a row of the joined table alone, a `users` or `user_groups`
// row, is not the package table's, though it has `uid`), and one is among `marks` (or
// `path_mark` holds).
struct TableSpec {
  Table table;
  Columns columns;
  Columns extra;
  Columns marks;
  bool (*path_mark)(const Json& row);
};

// In the order they are tried (the first that fits wins).
constexpr TableSpec kTables[] = {
    {Table::kApps, ColumnsOf(kAppsColumns), ColumnsOf(kSignatureColumns), kAppsMarks, nullptr},
    {Table::kSignature, ColumnsOf(kSignatureColumns), kNoColumns, ColumnsOf(kSignatureMarks), nullptr},
    {Table::kPrograms, ColumnsOf(kProgramsColumns), kNoColumns, ColumnsOf(kProgramsMarks), nullptr},
    {Table::kRpmPackages, ColumnsOf(kRpmColumns), kNoColumns, ColumnsOf(kRpmMarks), nullptr},
    {Table::kDebPackages, ColumnsOf(kDebColumns), kNoColumns, ColumnsOf(kDebMarks), nullptr},
    {Table::kChromeExtensions, ColumnsOf(kChromeColumns), ColumnsOf(kUsersColumns), ColumnsOf(kChromeMarks),
     nullptr},
    {Table::kNpmPackages, ColumnsOf(kNpmColumns), kNoColumns, ColumnsOf(kNpmMarks), &NpmPath},
    {Table::kHomebrewPackages, ColumnsOf(kHomebrewColumns), kNoColumns, ColumnsOf(kHomebrewMarks),
     &HomebrewPath},
    {Table::kChocolateyPackages, ColumnsOf(kChocolateyColumns), kNoColumns, kNoColumns, &ChocolateyPath},
    {Table::kPythonPackages, ColumnsOf(kPythonColumns), ColumnsOf(kUsersColumns), ColumnsOf(kPythonMarks),
     &PythonPath},
};

// Whether `row` (an object) fits `spec`.
bool Fits(const Json& row, const TableSpec& spec) {
  bool marked = false;
  bool own = false;  // A column that is not only the joined table's.
  for (auto it = row.begin(); it != row.end(); ++it) {
    const std::string& column = it.key();
    const bool extra = spec.extra.Contains(column);
    if (!extra && !spec.columns.Contains(column)) return false;
    if (!extra) own = true;
    if (spec.marks.Contains(column)) marked = true;
  }
  return own && (marked || (spec.path_mark != nullptr && spec.path_mark(row)));
}

// The table `row` (an object) belongs to; kNone when none fits.
Table Recognise(const Json& row) {
  for (const TableSpec& spec : kTables) {
    if (Fits(row, spec)) return spec.table;
  }
  return Table::kNone;
}

// The column names of `row` (an object), sorted (nlohmann::json keeps keys sorted).
std::vector<std::string> ColumnNames(const Json& row) {
  std::vector<std::string> names;
  names.reserve(row.size());
  for (auto it = row.begin(); it != row.end(); ++it) names.push_back(it.key());
  return names;
}

// ---------------------------------------------------------------------------------
// Reading values.

// Reads the columns of one row (osquery writes them all as strings, numbers too unless
// --logger_numerics), remembering the first mistyped one as a problem at its path.
class RowReader {
 public:
  RowReader(const Json& row, std::string where) : row_(row), where_(std::move(where)) {}

  // The column `key`, "" when absent, null, empty or mistyped (then ok() is false).
  std::string Get(absl::string_view key) {
    std::string value;
    std::string problem;
    if (!ReadString(row_, key, &value, &problem)) {
      if (problem_.empty()) problem_ = absl::StrCat(where_, ".", problem);
      return "";
    }
    return value;
  }
  bool Has(const char* key) const { return row_.find(key) != row_.end(); }

  // Records "<where>.<key>: <message>" unless a problem is already recorded.
  void Fail(absl::string_view key, absl::string_view message) {
    if (problem_.empty()) problem_ = absl::StrCat(where_, ".", key, ": ", message);
  }
  bool ok() const { return problem_.empty(); }
  const std::string& problem() const { return problem_; }

 private:
  const Json& row_;
  std::string where_;
  std::string problem_;
};

// A GUID, braced or not ("{8-4-4-4-12}" hex digits): what Windows Installer product codes
// look like (programs.identifying_number is the uninstall key's name, a GUID only for
// MSI products).
bool IsGuid(absl::string_view value) {
  if (value.size() == 38) {
    if (value.front() != '{' || value.back() != '}') return false;
    value = value.substr(1, 36);
  }
  if (value.size() != 36) return false;
  for (size_t i = 0; i < value.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? value[i] != '-' : !absl::ascii_isxdigit(static_cast<unsigned char>(value[i]))) {
      return false;
    }
  }
  return true;
}

bool IsDigits(absl::string_view value) {
  if (value.empty()) return false;
  for (char c : value) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The name of a person or team as packages write it, without the e-mail address and
// web site: "Kaspersky Lab <support@kaspersky.com>" and "Jane Doe <jane@example.com>
// (https://example.com)" give "Kaspersky Lab" and "Jane Doe"; a bare address stays.
std::string PersonName(absl::string_view text) {
  absl::string_view name = absl::StripAsciiWhitespace(text);
  if (absl::EndsWith(name, ")")) {
    const size_t open = name.rfind(" (");
    if (open != absl::string_view::npos && open > 0) name = absl::StripAsciiWhitespace(name.substr(0, open));
  }
  const size_t angle = name.find('<');
  if (angle != absl::string_view::npos && angle > 0) {
    const absl::string_view before = absl::StripAsciiWhitespace(name.substr(0, angle));
    if (!before.empty()) name = before;
  }
  return std::string(name);
}

// The last component of a path ('/' or '\' separated), trailing separators ignored.
absl::string_view BaseName(absl::string_view path) {
  while (!path.empty() && (path.back() == '/' || path.back() == '\\')) path.remove_suffix(1);
  const size_t slash = path.find_last_of("/\\");
  return slash == absl::string_view::npos ? path : path.substr(slash + 1);
}

// The last space-separated word of `text` (dpkg's status "want flag status").
absl::string_view LastWord(absl::string_view text) {
  text = absl::StripTrailingAsciiWhitespace(text);
  const size_t space = text.find_last_of(' ');
  return space == absl::string_view::npos ? text : text.substr(space + 1);
}

// A macOS bundle folder's name without ".app" ("Kaspersky Security Cloud.app" is the
// product "Kaspersky Security Cloud", as other inventories name it).
std::string WithoutAppSuffix(absl::string_view name) {
  if (name.size() > 4 && absl::EndsWithIgnoreCase(name, ".app")) name.remove_suffix(4);
  return std::string(name);
}

// The key that joins apps and signature rows: the path without trailing '/'.
std::string JoinKey(absl::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return std::string(path);
}

// Percent-encodes one purl component: letters, digits and ".-_~:" are kept, and the
// characters of `keep`; anything else is written %XX (purl-spec).
std::string PurlEncode(absl::string_view text, absl::string_view keep = "") {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(byte) || c == '.' || c == '-' || c == '_' || c == '~' || c == ':' ||
        keep.find(c) != absl::string_view::npos) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    }
  }
  return out;
}

// "pkg:<type>/<encoded name>[@<encoded version>][?arch=<arch>]" (`name` is encoded
// already: it may hold a namespace).
std::string Purl(absl::string_view type, absl::string_view encoded_name, absl::string_view version,
                 absl::string_view arch) {
  std::string purl = absl::StrCat("pkg:", type, "/", encoded_name);
  if (!version.empty()) absl::StrAppend(&purl, "@", PurlEncode(version, "+"));
  if (!arch.empty()) absl::StrAppend(&purl, "?arch=", PurlEncode(arch));
  return purl;
}

// ---------------------------------------------------------------------------------
// Code signing (the signature table), joined onto apps by path.

struct Signing {
  std::string team_id;
  std::string identifier;
  std::string authority;
  bool whole_file = false;  // arch "" (the file as a whole), not one slice of it.
  bool any = false;         // Some signature column was present.
};

// The signature columns of `row`.
Signing ReadSigning(RowReader* reader) {
  Signing signing;
  signing.any = reader->Has("team_identifier") || reader->Has("identifier") || reader->Has("authority") ||
                reader->Has("signed") || reader->Has("cdhash");
  signing.team_id = reader->Get("team_identifier");
  signing.identifier = reader->Get("identifier");
  signing.authority = reader->Get("authority");
  signing.whole_file = reader->Get("arch").empty();
  return signing;
}

// Merges `from` into `into`: osquery's signature table gives one row per architecture
// of a universal binary (arch "", "x86_64", "arm64"); the whole file's row is preferred,
// then the first non-empty value.
void MergeSigning(const Signing& from, Signing* into) {
  const bool prefer = from.whole_file && !into->whole_file;
  auto take = [prefer](const std::string& value, std::string* field) {
    if (!value.empty() && (prefer || field->empty())) *field = value;
  };
  take(from.team_id, &into->team_id);
  take(from.identifier, &into->identifier);
  take(from.authority, &into->authority);
  into->whole_file = into->whole_file || from.whole_file;
  into->any = into->any || from.any;
}

// Sets the Artifact's signing fields. The signing id is written as Santa writes it,
// "TEAMID:identifier" ("platform:identifier" for Apple's own code, signed "Software
// Signing" without a team); an identifier with neither (ad hoc signing) is not an
// identity and is left out. The signature's claims are taken even when `signed` is 0
// (a modified bundle is still its vendor's software).
void ApplySigning(const Signing& signing, v1::Artifact* artifact) {
  artifact->set_team_id(signing.team_id);
  artifact->set_signer_subject(signing.authority);
  if (signing.identifier.empty()) return;
  if (signing.identifier.find(':') != std::string::npos) {
    artifact->set_signing_id(signing.identifier);
  } else if (!signing.team_id.empty()) {
    artifact->set_signing_id(absl::StrCat(signing.team_id, ":", signing.identifier));
  } else if (signing.authority == "Software Signing") {
    artifact->set_signing_id(absl::StrCat("platform:", signing.identifier));
  }
}

// ---------------------------------------------------------------------------------
// One reader per table. Each fills `*artifact` from a row, or records a problem in
// `*reader`; false when the row is to be skipped without a record or a problem.

// The required name column.
std::string RequiredName(RowReader* reader) {
  std::string name = reader->Get("name");
  if (name.empty() && reader->ok()) reader->Fail("name", "required");
  return name;
}

// programs (Windows): publisher is the vendor; identifying_number is an MSI product code
// only when it is a GUID (other uninstall entries are named "7-Zip", ...).
bool ReadPrograms(RowReader* reader, v1::Artifact* artifact) {
  artifact->set_name(RequiredName(reader));
  artifact->set_version(reader->Get("version"));
  artifact->set_vendor(reader->Get("publisher"));
  artifact->set_install_path(reader->Get("install_location"));
  const std::string product_code = reader->Get("identifying_number");
  if (IsGuid(product_code)) artifact->set_msi_product_code(product_code);
  artifact->set_msi_upgrade_code(reader->Get("upgrade_code"));
  return true;
}

// deb_packages: the maintainer's name is the vendor (a vendor's own package names it;
// a distribution's names its team, which names no banned entity); the purl has no
// namespace, since osquery does not say the distribution. Packages dpkg keeps only the
// configuration files of (status "deinstall ok config-files") are not installed: skipped.
bool ReadDebPackages(RowReader* reader, v1::Artifact* artifact) {
  const std::string name = RequiredName(reader);
  const std::string version = reader->Get("version");
  const std::string arch = reader->Get("arch");
  const std::string status = reader->Get("status");
  const absl::string_view state = LastWord(status);
  if (reader->ok() && (state == "config-files" || state == "not-installed")) return false;
  artifact->set_name(name);
  artifact->set_version(version);
  artifact->set_vendor(PersonName(reader->Get("maintainer")));
  if (!name.empty()) artifact->set_purl(Purl("deb", PurlEncode(name), version, arch));
  return true;
}

// rpm_packages: the Artifact's version is rpm's [epoch:]version-release (epoch 0 left
// out, as rpm takes an absent epoch for 0); the purl carries the epoch where purl-spec
// puts it for rpm, in the `epoch` qualifier (qualifiers in key order).
bool ReadRpmPackages(RowReader* reader, v1::Artifact* artifact) {
  const std::string name = RequiredName(reader);
  std::string epoch = reader->Get("epoch");
  if (!epoch.empty() && !IsDigits(epoch))
    reader->Fail("epoch", absl::StrCat("expected a number, got \"", epoch, "\""));
  if (epoch == "0") epoch.clear();
  std::string version = reader->Get("version");
  const std::string release = reader->Get("release");
  if (!version.empty() && !release.empty()) absl::StrAppend(&version, "-", release);
  const bool has_epoch = !version.empty() && !epoch.empty();
  artifact->set_name(name);
  artifact->set_version(has_epoch ? absl::StrCat(epoch, ":", version) : version);
  artifact->set_vendor(reader->Get("vendor"));
  if (name.empty()) return true;
  const std::string arch = reader->Get("arch");
  std::string purl = Purl("rpm", PurlEncode(name), version, arch);
  if (has_epoch) absl::StrAppend(&purl, arch.empty() ? "?" : "&", "epoch=", epoch);
  artifact->set_purl(purl);
  return true;
}

// apps (macOS): the bundle folder's name without ".app"; CFBundleShortVersionString, or
// CFBundleVersion when it is empty. Signing comes from the join (ApplySigning).
bool ReadApps(RowReader* reader, v1::Artifact* artifact) {
  artifact->set_name(WithoutAppSuffix(RequiredName(reader)));
  artifact->set_bundle_id(reader->Get("bundle_identifier"));
  std::string version = reader->Get("bundle_short_version");
  if (version.empty()) version = reader->Get("bundle_version");
  artifact->set_version(version);
  artifact->set_install_path(reader->Get("path"));
  return true;
}

// signature rows that no apps row of the same path takes: a signed file or bundle,
// named by its path's last component (without ".app"; the path itself when it has none).
bool ReadSignature(RowReader* reader, v1::Artifact* artifact) {
  const std::string path = reader->Get("path");
  if (path.empty() && reader->ok()) reader->Fail("path", "required");
  const absl::string_view base = BaseName(path);
  artifact->set_name(base.empty() ? path : WithoutAppSuffix(base));
  artifact->set_install_path(path);
  return true;
}

// homebrew_packages: no vendor and no purl (Homebrew has no purl type).
bool ReadHomebrewPackages(RowReader* reader, v1::Artifact* artifact) {
  artifact->set_name(RequiredName(reader));
  artifact->set_version(reader->Get("version"));
  artifact->set_install_path(reader->Get("path"));
  return true;
}

// chocolatey_packages: the nuspec's authors are the vendor. No purl: a Chocolatey
// package is NuGet-shaped but comes from a Chocolatey feed, and pkg:nuget names
// nuget.org's packages, whose ids are not Chocolatey's.
bool ReadChocolateyPackages(RowReader* reader, v1::Artifact* artifact) {
  artifact->set_name(RequiredName(reader));
  artifact->set_version(reader->Get("version"));
  artifact->set_vendor(reader->Get("author"));
  artifact->set_install_path(reader->Get("path"));
  return true;
}

// npm_packages: pkg:npm, a scope ("@bytedance/x") as the namespace "%40bytedance".
bool ReadNpmPackages(RowReader* reader, v1::Artifact* artifact) {
  const std::string name = RequiredName(reader);
  const std::string version = reader->Get("version");
  artifact->set_name(name);
  artifact->set_version(version);
  artifact->set_vendor(PersonName(reader->Get("author")));
  artifact->set_install_path(reader->Get("path"));
  if (name.empty()) return true;
  std::string encoded = PurlEncode(name);
  const size_t slash = name.find('/');
  if (name[0] == '@' && slash != std::string::npos && slash > 1 && slash + 1 < name.size()) {
    encoded = absl::StrCat(PurlEncode(name.substr(0, slash)), "/", PurlEncode(name.substr(slash + 1)));
  }
  artifact->set_purl(Purl("npm", encoded, version, ""));
  return true;
}

// python_packages: pkg:pypi with the name as purl-spec writes it (lowercase, '_' as '-').
bool ReadPythonPackages(RowReader* reader, v1::Artifact* artifact) {
  const std::string name = RequiredName(reader);
  const std::string version = reader->Get("version");
  artifact->set_name(name);
  artifact->set_version(version);
  artifact->set_vendor(PersonName(reader->Get("author")));
  artifact->set_install_path(reader->Get("path"));
  if (name.empty()) return true;
  std::string purl_name = absl::AsciiStrToLower(name);
  for (char& c : purl_name) {
    if (c == '_') c = '-';
  }
  artifact->set_purl(Purl("pypi", PurlEncode(purl_name), version, ""));
  return true;
}

// chrome_extensions: the manifest's author is the vendor; the extension id is the
// Artifact's id (for reports) and is in its path (".../Extensions/<id>/<version>"), which
// install-path globs match.
bool ReadChromeExtensions(RowReader* reader, v1::Artifact* artifact) {
  artifact->set_name(RequiredName(reader));
  artifact->set_version(reader->Get("version"));
  artifact->set_vendor(PersonName(reader->Get("author")));
  artifact->set_id(reader->Get("identifier"));
  artifact->set_install_path(reader->Get("path"));
  return true;
}

// ---------------------------------------------------------------------------------
// Rows, and the shapes that hold them.

// A row and what it says (first pass over a set of rows).
struct DecodedRow {
  Table table = Table::kNone;
  DecodedItem item;  // A record, a problem, an ignored row, or software not installed.
  std::string join_key;  // apps and signature: the path.
  Signing signing;

  bool is_record() const { return item.problem.empty() && !item.ignored && !item.not_installed; }
};

// Decodes the row `row` at JSON path `where`, of the query named `query` ("" for
// osqueryi's arrays). A row of no inventory table is ignored whatever its values: its
// table is another query's (processes, listening_ports...), not a bad inventory row.
// A row that repeats a column is a problem whatever its table: which value is meant
// (a path that tells the table, a name) cannot be told.
DecodedRow DecodeRow(const Json& row, const std::string& where, absl::string_view query,
                     const DuplicateKeys& duplicates) {
  DecodedRow decoded;
  if (!row.is_object()) {
    decoded.item.problem = absl::StrCat(where, ": expected an object (a row), got ", JsonTypeName(row));
    return decoded;
  }
  if (const DuplicateKey* repeated = duplicates.Within(where)) {
    decoded.item.problem = repeated->ToString();
    return decoded;
  }
  decoded.table = Recognise(row);
  if (decoded.table == Table::kNone) {
    decoded.item.ignored = IgnoredRow{std::string(query), ColumnNames(row)};
    return decoded;
  }
  RowReader reader(row, where);
  v1::Artifact* artifact = &decoded.item.record.artifact;
  bool keep = true;
  switch (decoded.table) {
    case Table::kPrograms:
      keep = ReadPrograms(&reader, artifact);
      break;
    case Table::kDebPackages:
      keep = ReadDebPackages(&reader, artifact);
      break;
    case Table::kRpmPackages:
      keep = ReadRpmPackages(&reader, artifact);
      break;
    case Table::kApps:
      keep = ReadApps(&reader, artifact);
      break;
    case Table::kSignature:
      keep = ReadSignature(&reader, artifact);
      break;
    case Table::kHomebrewPackages:
      keep = ReadHomebrewPackages(&reader, artifact);
      break;
    case Table::kChocolateyPackages:
      keep = ReadChocolateyPackages(&reader, artifact);
      break;
    case Table::kNpmPackages:
      keep = ReadNpmPackages(&reader, artifact);
      break;
    case Table::kPythonPackages:
      keep = ReadPythonPackages(&reader, artifact);
      break;
    case Table::kChromeExtensions:
      keep = ReadChromeExtensions(&reader, artifact);
      break;
    case Table::kNone:
      break;
  }
  if (decoded.table == Table::kApps || decoded.table == Table::kSignature) {
    decoded.signing = ReadSigning(&reader);
    decoded.join_key = JoinKey(reader.Get("path"));
  }
  if (!reader.ok()) {
    decoded.item = DecodedItem();
    decoded.item.problem = reader.problem();
    return decoded;
  }
  decoded.item.not_installed = !keep;
  return decoded;
}

// A row of a set, and its JSON path.
struct RowRef {
  const Json* row;
  std::string where;
};

// Decodes a set of rows (an array, a snapshot, a batch's added rows, an event's
// columns) into `*out`, in order, each record naming `host` and each ignored row
// `query`. signature rows are joined
// onto the apps rows of the same path; rows that repeat an app's path (a join with
// signature gives one row per architecture) make one record; signature rows of no app
// are records of their own.
void DecodeRows(const std::vector<RowRef>& rows, absl::string_view host, absl::string_view query,
                const DuplicateKeys& duplicates, std::vector<DecodedItem>* out) {
  std::vector<DecodedRow> decoded;
  decoded.reserve(rows.size());
  std::set<std::string> app_paths;
  std::map<std::string, Signing> signings;
  for (const RowRef& ref : rows) {
    decoded.push_back(DecodeRow(*ref.row, ref.where, query, duplicates));
    const DecodedRow& row = decoded.back();
    if (!row.is_record() || row.join_key.empty()) continue;
    if (row.table == Table::kApps) app_paths.insert(row.join_key);
    if (row.table == Table::kSignature || row.signing.any) MergeSigning(row.signing, &signings[row.join_key]);
  }
  std::set<std::string> emitted_paths;
  for (DecodedRow& row : decoded) {
    if (row.is_record()) {
      if (row.table == Table::kApps || row.table == Table::kSignature) {
        if (row.table == Table::kSignature && app_paths.count(row.join_key) > 0) continue;
        if (!row.join_key.empty()) {
          if (!emitted_paths.insert(row.join_key).second) continue;
          ApplySigning(signings[row.join_key], &row.item.record.artifact);
        } else {
          ApplySigning(row.signing, &row.item.record.artifact);
        }
      }
      row.item.record.host = std::string(host);
      row.item.record.asset_id = std::string(host);
    }
    out->push_back(std::move(row.item));
  }
}

// Appends the elements of the array `array`, named "<prefix>[i]".
void AddRows(const Json& array, absl::string_view prefix, std::vector<RowRef>* rows) {
  rows->reserve(rows->size() + array.size());
  size_t i = 0;
  for (const Json& row : array) {
    rows->push_back({&row, absl::StrCat(prefix, "[", i++, "]")});
  }
}

void AddProblem(std::string problem, std::vector<DecodedItem>* out) {
  DecodedItem item;
  item.problem = std::move(problem);
  out->push_back(std::move(item));
}

// A removed row (an event's or a batch's) describes software no longer present: no
// record, and its columns are not checked. When it is an inventory table's, it still
// shows that the input is software inventory (the reader's status tells an input of
// other queries only), so it becomes a not-installed item; other removed rows (a
// listening port closed) are left out like any removed row.
void AddRemoved(const Json& row, std::vector<DecodedItem>* out) {
  if (!row.is_object() || Recognise(row) == Table::kNone) return;
  DecodedItem item;
  item.not_installed = true;
  out->push_back(std::move(item));
}

// An osqueryd result-log line: a differential or snapshot event ("columns" and
// "action"), a snapshot ("snapshot": rows) or a batch ("diffResults": added and removed
// rows). Removed rows are software no longer present: neither records nor problems. A
// key repeated outside the rows (two "action"s, two "columns") makes the whole line
// one problem; one in a row, that row.
void DecodeLogLine(const Json& line, const DuplicateKeys& duplicates, std::vector<DecodedItem>* out) {
  if (const DuplicateKey* repeated =
          duplicates.Outside({"columns", "snapshot", "diffResults.added", "diffResults.removed"})) {
    AddProblem(repeated->ToString(), out);
    return;
  }
  std::string problem;
  std::string host;
  std::string query;
  if (!ReadString(line, "hostIdentifier", &host, &problem) || !ReadString(line, "name", &query, &problem)) {
    AddProblem(std::move(problem), out);
    return;
  }
  std::vector<RowRef> rows;
  if (line.contains("columns")) {
    std::string action;
    if (!ReadString(line, "action", &action, &problem)) {
      AddProblem(std::move(problem), out);
      return;
    }
    if (action == "removed") {
      AddRemoved(line["columns"], out);
      return;
    }
    if (action != "added" && action != "snapshot") {
      AddProblem(
          action.empty()
              ? std::string("action: required")
              : absl::StrCat("action: expected \"added\", \"removed\" or \"snapshot\", got \"", action, "\""),
          out);
      return;
    }
    rows.push_back({&line["columns"], "columns"});
  } else if (line.contains("snapshot")) {
    const Json& snapshot = line["snapshot"];
    if (!snapshot.is_array()) {
      AddProblem(absl::StrCat("snapshot: expected an array, got ", JsonTypeName(snapshot)), out);
      return;
    }
    AddRows(snapshot, "snapshot", &rows);
  } else if (line.contains("diffResults")) {
    const Json& diff = line["diffResults"];
    if (!diff.is_object()) {
      AddProblem(absl::StrCat("diffResults: expected an object, got ", JsonTypeName(diff)), out);
      return;
    }
    auto removed = diff.find("removed");
    if (removed != diff.end() && removed->is_array()) {
      for (const Json& row : *removed) AddRemoved(row, out);
    }
    auto added = diff.find("added");
    if (added != diff.end() && !added->is_null()) {
      if (!added->is_array()) {
        AddProblem(absl::StrCat("diffResults.added: expected an array, got ", JsonTypeName(*added)), out);
        return;
      }
      AddRows(*added, "diffResults.added", &rows);
    }
  } else {
    AddProblem("not an osquery result-log line: expected \"columns\", \"snapshot\" or \"diffResults\"", out);
    return;
  }
  DecodeRows(rows, host, query, duplicates, out);
}

}  // namespace

void DecodeOsquery(const ParsedJson& parsed, std::vector<DecodedItem>* out) {
  const Json& value = parsed.value;
  if (value.is_array()) {
    std::vector<RowRef> rows;
    AddRows(value, "", &rows);
    DecodeRows(rows, "", "", parsed.duplicates, out);
  } else if (value.is_object()) {
    DecodeLogLine(value, parsed.duplicates, out);
  } else {
    AddProblem(absl::StrCat("expected an osquery result (an array of rows, or a result-log object), got ",
                            JsonTypeName(value)),
               out);
  }
}

}  // namespace inventory_internal
}  // namespace interdict
