// SPDX 2.3 JSON documents (decoders.h).
//
// Each package of `packages[]` is read into an Artifact. The document's roots (its
// `documentDescribes`, top level or inside `creationInfo`, and its `DESCRIBES` and
// `DESCRIBED_BY` relationships) each become one record, with the packages they contain
// or depend on nested as components (breadth first: each package once per record, at
// its shallowest place, at most kMaxDepth levels deep). Packages that no record reached
// become records of their own, so no package is dropped. Files and snippets are not
// read. Relationships naming what is not a package of this document (files, NONE,
// NOASSERTION, other documents, misspelled identifiers) are ignored: they lose nothing
// an Artifact can carry. A key repeated in a package makes that package a problem (it is
// skipped, as a package that cannot be read), in a relationship that relationship
// (ignored), and anywhere else (the document's own members, creationInfo, files...) the
// whole document: one problem, no record.
#include <cstddef>
#include <deque>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "policy/inventory/internal/decoders.h"
#include "policy/inventory/internal/json_text.h"

namespace interdict {
namespace inventory_internal {
namespace {

// Levels of components under a record; a package reached only deeper is not nested
// there (it is read under another record, or as a record of its own).
constexpr int kMaxDepth = 64;
// Component entries (copies of packages nested under records) in one document: a
// document of n roots sharing a tree of m packages makes n * m entries. Past the
// limit, packages are no longer nested but still read as records of their own.
constexpr size_t kMaxComponentEntries = size_t{1} << 20;

// Which side of a relationship is the component.
enum class Direction {
  kRelatedIsComponent,  // "A CONTAINS B": B is a component of A.
  kElementIsComponent,  // "B CONTAINED_BY A": B is a component of A.
};

struct ComponentRelationship {
  absl::string_view type;
  Direction direction;
};

// The SPDX 2.3 relationships (spec clause 11.1, table 68) that make one package part of
// another: containment, the dependencies that ship and run with the package, linking,
// and the package and optional-component relations. Build, development, test and
// provided dependencies, prerequisites, tools, documentation, provenance (GENERATED_FROM,
// ANCESTOR_OF, COPY_OF...) and the others are not: they name what is used to make or
// check a package, or what must already be present beside it, not what it is made of.
constexpr ComponentRelationship kComponentRelationships[] = {
    {"CONTAINS", Direction::kRelatedIsComponent},
    {"DEPENDS_ON", Direction::kRelatedIsComponent},
    {"STATIC_LINK", Direction::kRelatedIsComponent},
    {"DYNAMIC_LINK", Direction::kRelatedIsComponent},
    {"CONTAINED_BY", Direction::kElementIsComponent},
    {"DEPENDENCY_OF", Direction::kElementIsComponent},
    {"RUNTIME_DEPENDENCY_OF", Direction::kElementIsComponent},
    {"OPTIONAL_DEPENDENCY_OF", Direction::kElementIsComponent},
    {"OPTIONAL_COMPONENT_OF", Direction::kElementIsComponent},
    {"PACKAGE_OF", Direction::kElementIsComponent},
};

// A package read from packages[], without its components.
struct Package {
  size_t index = 0;     // In packages[].
  std::string spdx_id;  // Empty when the package has none.
  v1::Artifact artifact;
};

// "NOASSERTION" and "NONE": SPDX's "not known" and "there is none".
bool IsNoValue(absl::string_view value) { return value == "NOASSERTION" || value == "NONE"; }

// Removes a trailing contact, "(...)" or "<...>", when it is empty or an e-mail address.
absl::string_view StripContact(absl::string_view text, char open, char close) {
  if (text.empty() || text.back() != close) return text;
  const size_t at = text.rfind(open);
  if (at == absl::string_view::npos) return text;
  const absl::string_view contact = text.substr(at + 1, text.size() - at - 2);
  if (!contact.empty() && !absl::StrContains(contact, '@')) return text;
  return absl::StripTrailingAsciiWhitespace(text.substr(0, at));
}

// The name in an SPDX agent ("Organization: Acme (info@acme.example)", "Person: Jane
// Doe <jane@example.com>", "Tool: x"), or "" for NOASSERTION, NONE or nothing.
std::string AgentName(absl::string_view agent) {
  agent = absl::StripAsciiWhitespace(agent);
  for (absl::string_view prefix : {"Organization:", "Person:", "Tool:"}) {
    if (absl::StartsWithIgnoreCase(agent, prefix)) {
      agent = absl::StripAsciiWhitespace(agent.substr(prefix.size()));
      break;
    }
  }
  agent = StripContact(agent, '(', ')');
  agent = StripContact(agent, '<', '>');
  if (IsNoValue(agent)) return "";
  return std::string(agent);
}

// "PACKAGE-MANAGER" as the spec writes it, or "PACKAGE_MANAGER" as some tools do.
bool IsPackageManagerCategory(absl::string_view category) {
  return absl::EqualsIgnoreCase(category, "PACKAGE-MANAGER") ||
         absl::EqualsIgnoreCase(category, "PACKAGE_MANAGER");
}

// "SHA256" or "SHA-256" -> "SHA256"; the algorithm upper-cased without hyphens.
std::string AlgorithmKey(absl::string_view algorithm) {
  std::string key;
  for (char c : algorithm) {
    if (c != '-') key.push_back(absl::ascii_toupper(static_cast<unsigned char>(c)));
  }
  return key;
}

// The array member `key` of `object` into `*array` (null when absent or null); false
// with "<path>.<key>: expected an array, got ..." in `*problem` when it is not one.
bool FindArray(const nlohmann::json& object, const char* key, const std::string& path,
               const nlohmann::json** array, std::string* problem) {
  *array = nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return true;
  if (!it->is_array()) {
    *problem = absl::StrCat(path.empty() ? "" : absl::StrCat(path, "."), key, ": expected an array, got ",
                            JsonTypeName(*it));
    return false;
  }
  *array = &*it;
  return true;
}

// Reads the string member `key` of `object` at `path`, prefixing a problem with it.
bool ReadField(const nlohmann::json& object, const std::string& path, absl::string_view key,
               std::string* out, std::string* problem) {
  std::string field_problem;
  if (ReadString(object, key, out, &field_problem)) return true;
  *problem = absl::StrCat(path, ".", field_problem);
  return false;
}

// externalRefs[]: the first purl (PACKAGE-MANAGER or PACKAGE_MANAGER / purl) and the
// first CPE 2.3 name (SECURITY / cpe23Type).
bool ReadExternalRefs(const nlohmann::json& package, const std::string& path, v1::Artifact* artifact,
                      std::string* problem) {
  const nlohmann::json* refs = nullptr;
  if (!FindArray(package, "externalRefs", path, &refs, problem)) return false;
  if (refs == nullptr) return true;
  for (size_t i = 0; i < refs->size(); ++i) {
    const nlohmann::json& ref = (*refs)[i];
    const std::string ref_path = absl::StrCat(path, ".externalRefs[", i, "]");
    if (!ref.is_object()) {
      *problem = absl::StrCat(ref_path, ": expected an object, got ", JsonTypeName(ref));
      return false;
    }
    std::string category, type, locator;
    if (!ReadField(ref, ref_path, "referenceCategory", &category, problem) ||
        !ReadField(ref, ref_path, "referenceType", &type, problem) ||
        !ReadField(ref, ref_path, "referenceLocator", &locator, problem)) {
      return false;
    }
    locator = std::string(absl::StripAsciiWhitespace(locator));
    if (locator.empty()) continue;
    if (artifact->purl().empty() && IsPackageManagerCategory(category) && absl::EqualsIgnoreCase(type, "purl")) {
      artifact->set_purl(locator);
    } else if (artifact->cpe().empty() && absl::EqualsIgnoreCase(category, "SECURITY") &&
               absl::EqualsIgnoreCase(type, "cpe23Type")) {
      artifact->set_cpe(locator);
    }
  }
  return true;
}

// checksums[]: the first SHA256 and SHA1 values.
bool ReadChecksums(const nlohmann::json& package, const std::string& path, v1::Artifact* artifact,
                   std::string* problem) {
  const nlohmann::json* checksums = nullptr;
  if (!FindArray(package, "checksums", path, &checksums, problem)) return false;
  if (checksums == nullptr) return true;
  for (size_t i = 0; i < checksums->size(); ++i) {
    const nlohmann::json& checksum = (*checksums)[i];
    const std::string checksum_path = absl::StrCat(path, ".checksums[", i, "]");
    if (!checksum.is_object()) {
      *problem = absl::StrCat(checksum_path, ": expected an object, got ", JsonTypeName(checksum));
      return false;
    }
    std::string algorithm, value;
    if (!ReadField(checksum, checksum_path, "algorithm", &algorithm, problem) ||
        !ReadField(checksum, checksum_path, "checksumValue", &value, problem)) {
      return false;
    }
    value = std::string(absl::StripAsciiWhitespace(value));
    if (value.empty()) continue;
    const std::string key = AlgorithmKey(algorithm);
    if (key == "SHA256" && artifact->sha256().empty()) artifact->set_sha256(value);
    if (key == "SHA1" && artifact->sha1().empty()) artifact->set_sha1(value);
  }
  return true;
}

// Reads packages[index] (at `path`) into `*package`; false with the reason in `*problem`.
bool ReadPackage(const nlohmann::json& value, const std::string& path, Package* package, std::string* problem) {
  if (!value.is_object()) {
    *problem = absl::StrCat(path, ": expected an object, got ", JsonTypeName(value));
    return false;
  }
  v1::Artifact& artifact = package->artifact;
  std::string name, version, supplier, originator;
  if (!ReadField(value, path, "SPDXID", &package->spdx_id, problem) ||
      !ReadField(value, path, "name", &name, problem) ||
      !ReadField(value, path, "versionInfo", &version, problem) ||
      !ReadField(value, path, "supplier", &supplier, problem) ||
      !ReadField(value, path, "originator", &originator, problem)) {
    return false;
  }
  name = std::string(absl::StripAsciiWhitespace(name));
  if (name.empty()) {
    *problem = absl::StrCat(path, ".name: required");
    return false;
  }
  if (!ReadExternalRefs(value, path, &artifact, problem) || !ReadChecksums(value, path, &artifact, problem)) {
    return false;
  }
  artifact.set_id(package->spdx_id);
  artifact.set_name(name);
  version = std::string(absl::StripAsciiWhitespace(version));
  if (!IsNoValue(version)) artifact.set_version(version);
  std::string vendor = AgentName(supplier);
  if (vendor.empty()) vendor = AgentName(originator);
  artifact.set_vendor(vendor);
  return true;
}

// Decodes one document into `out`: first the problems met reading it (in document
// order), then one record per root, then the packages no record reached.
class SpdxDecoder {
 public:
  SpdxDecoder(const ParsedJson& parsed, std::vector<DecodedItem>* out)
      : document_(parsed.value), duplicates_(parsed.duplicates), out_(out) {}

  void Decode() {
    if (const DuplicateKey* repeated = duplicates_.Outside({"packages", "relationships"})) {
      Problem(absl::StrCat(repeated->ToString(), " (the document is not read)"));
      return;
    }
    if (!CheckDocument()) return;
    ReadPackages();
    ReadDocumentDescribes();
    ReadRelationships();
    covered_.assign(packages_.size(), false);
    for (int root : roots_) EmitRecord(root);
    // What no root reached: packages nothing else contains first, each with what it
    // contains, then the rest (cycles, packages cut off by the limits) in document order.
    for (size_t i = 0; i < packages_.size(); ++i) {
      if (!covered_[i] && !has_parent_[i]) EmitRecord(static_cast<int>(i));
    }
    for (size_t i = 0; i < packages_.size(); ++i) {
      if (!covered_[i]) EmitRecord(static_cast<int>(i));
    }
  }

 private:
  void Problem(std::string message) {
    DecodedItem item;
    item.problem = std::move(message);
    out_->push_back(std::move(item));
  }

  // "packages[3] (SPDXRef-x)": a package in messages.
  std::string Describe(int package) const {
    const Package& p = packages_[package];
    return absl::StrCat("packages[", p.index, "]", p.spdx_id.empty() ? "" : absl::StrCat(" (", p.spdx_id, ")"));
  }

  // An SPDX 2.x JSON document: an object whose spdxVersion (when given) is "SPDX-2.x".
  bool CheckDocument() {
    if (!document_.is_object()) {
      Problem(absl::StrCat("expected an SPDX document (a JSON object), got ", JsonTypeName(document_)));
      return false;
    }
    std::string version, problem;
    if (!ReadString(document_, "spdxVersion", &version, &problem)) {
      Problem(problem);
      return false;
    }
    if (version.empty() && document_.find("packages") == document_.end()) {
      Problem("not an SPDX 2.x JSON document: it has neither spdxVersion nor packages");
      return false;
    }
    if (!version.empty() && !absl::StartsWith(version, "SPDX-2.")) {
      Problem(absl::StrCat("spdxVersion: \"", version, "\" is not supported (SPDX 2.x JSON expected)"));
      return false;
    }
    if (!ReadString(document_, "SPDXID", &document_id_, &problem)) Problem(absl::StrCat(problem, " (ignored)"));
    if (document_id_.empty()) document_id_ = "SPDXRef-DOCUMENT";
    return true;
  }

  void ReadPackages() {
    const nlohmann::json* packages = nullptr;
    std::string problem;
    if (!FindArray(document_, "packages", "", &packages, &problem)) {
      Problem(problem);
      return;
    }
    if (packages == nullptr) return;
    for (size_t i = 0; i < packages->size(); ++i) {
      Package package;
      package.index = i;
      const std::string path = absl::StrCat("packages[", i, "]");
      if (const DuplicateKey* repeated = duplicates_.Within(path)) {
        Problem(repeated->ToString());
        continue;
      }
      if (!ReadPackage((*packages)[i], path, &package, &problem)) {
        Problem(problem);
        continue;
      }
      // The first package of an SPDXID owns it; a later one is read on its own.
      if (!package.spdx_id.empty()) by_id_.emplace(package.spdx_id, static_cast<int>(packages_.size()));
      packages_.push_back(std::move(package));
    }
    children_.resize(packages_.size());
    has_parent_.assign(packages_.size(), false);
    is_root_.assign(packages_.size(), false);
  }

  // The package of this document with SPDXID `id`; -1 for anything else.
  int Lookup(const std::string& id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? -1 : it->second;
  }

  void AddRoot(const std::string& id) {
    const int package = Lookup(id);
    if (package < 0 || is_root_[package]) return;
    is_root_[package] = true;
    roots_.push_back(package);
  }

  // documentDescribes, at the top level and inside creationInfo (where one tool writes it).
  void ReadDocumentDescribes() {
    ReadDescribesArray(document_, "documentDescribes");
    auto creation = document_.find("creationInfo");
    if (creation != document_.end() && creation->is_object()) {
      ReadDescribesArray(*creation, "creationInfo.documentDescribes");
    }
  }

  void ReadDescribesArray(const nlohmann::json& object, const std::string& path) {
    auto it = object.find("documentDescribes");
    if (it == object.end() || it->is_null()) return;
    if (!it->is_array()) {
      Problem(absl::StrCat(path, ": expected an array, got ", JsonTypeName(*it), " (ignored)"));
      return;
    }
    for (size_t i = 0; i < it->size(); ++i) {
      const nlohmann::json& id = (*it)[i];
      if (!id.is_string()) {
        Problem(absl::StrCat(path, "[", i, "]: expected a string, got ", JsonTypeName(id), " (ignored)"));
        continue;
      }
      AddRoot(id.get<std::string>());
    }
  }

  void AddComponent(int parent, int child) {
    if (parent == child || !edges_.emplace(parent, child).second) return;
    children_[parent].push_back(child);
    has_parent_[child] = true;
  }

  void ReadRelationships() {
    const nlohmann::json* relationships = nullptr;
    std::string problem;
    if (!FindArray(document_, "relationships", "", &relationships, &problem)) {
      Problem(absl::StrCat(problem, " (ignored)"));
      return;
    }
    if (relationships == nullptr) return;
    for (size_t i = 0; i < relationships->size(); ++i) {
      const nlohmann::json& relationship = (*relationships)[i];
      const std::string path = absl::StrCat("relationships[", i, "]");
      if (!relationship.is_object()) {
        Problem(absl::StrCat(path, ": expected an object, got ", JsonTypeName(relationship), " (ignored)"));
        continue;
      }
      if (const DuplicateKey* repeated = duplicates_.Within(path)) {
        Problem(absl::StrCat(repeated->ToString(), " (ignored)"));
        continue;
      }
      std::string element, type, related;
      if (!ReadField(relationship, path, "spdxElementId", &element, &problem) ||
          !ReadField(relationship, path, "relationshipType", &type, &problem) ||
          !ReadField(relationship, path, "relatedSpdxElement", &related, &problem)) {
        Problem(absl::StrCat(problem, " (ignored)"));
        continue;
      }
      const char* missing = element.empty() ? "spdxElementId"
                            : type.empty()  ? "relationshipType"
                            : related.empty() ? "relatedSpdxElement"
                                              : nullptr;
      if (missing != nullptr) {
        Problem(absl::StrCat(path, ".", missing, ": required (ignored)"));
        continue;
      }
      AddRelationship(element, absl::AsciiStrToUpper(type), related);
    }
  }

  // One relationship: a root, a component, or (for anything else, and for identifiers
  // that are not packages of this document) nothing.
  void AddRelationship(const std::string& element, const std::string& type, const std::string& related) {
    if (type == "DESCRIBES" && element == document_id_) {
      AddRoot(related);
      return;
    }
    if (type == "DESCRIBED_BY" && related == document_id_) {
      AddRoot(element);
      return;
    }
    for (const ComponentRelationship& kind : kComponentRelationships) {
      if (type != kind.type) continue;
      const bool related_is_component = kind.direction == Direction::kRelatedIsComponent;
      const int parent = Lookup(related_is_component ? element : related);
      const int child = Lookup(related_is_component ? related : element);
      if (parent >= 0 && child >= 0) AddComponent(parent, child);
      return;
    }
  }

  // One record: `root` with what it reaches, breadth first, each package once (at its
  // shallowest place) and at most kMaxDepth levels deep.
  void EmitRecord(int root) {
    std::unordered_map<int, std::vector<int>> tree;
    std::unordered_set<int> placed = {root};
    std::set<int> too_deep;
    bool over_limit = false;
    std::deque<std::pair<int, int>> queue = {{root, 0}};
    while (!queue.empty()) {
      const auto [package, depth] = queue.front();
      queue.pop_front();
      for (int child : children_[package]) {
        if (placed.count(child) > 0) continue;
        if (depth + 1 > kMaxDepth) {
          too_deep.insert(child);
          continue;
        }
        if (component_entries_ >= kMaxComponentEntries) {
          over_limit = true;
          continue;
        }
        ++component_entries_;
        placed.insert(child);
        tree[package].push_back(child);
        queue.emplace_back(child, depth + 1);
      }
    }
    DecodedItem item;
    Build(root, tree, &item.record.artifact);
    out_->push_back(std::move(item));
    if (!too_deep.empty()) {
      Problem(absl::StrCat(Describe(root), ": ", too_deep.size(), " package(s) more than ", kMaxDepth,
                           " levels of components down, first ", Describe(*too_deep.begin()),
                           ", are not nested under it (each is read under another record or as its own)"));
    }
    if (over_limit && !limit_reported_) {
      limit_reported_ = true;
      Problem(absl::StrCat(Describe(root), ": the document has more than ", kMaxComponentEntries,
                           " component entries; from this record on, components are no longer nested (each "
                           "package is still read, under an earlier record or as its own)"));
    }
  }

  // `package` and its components as `tree` places them, into `*artifact`.
  void Build(int package, const std::unordered_map<int, std::vector<int>>& tree, v1::Artifact* artifact) {
    *artifact = packages_[package].artifact;
    covered_[package] = true;
    auto it = tree.find(package);
    if (it == tree.end()) return;
    for (int child : it->second) Build(child, tree, artifact->add_components());
  }

  const nlohmann::json& document_;
  const DuplicateKeys& duplicates_;
  std::vector<DecodedItem>* out_;
  std::string document_id_;
  std::vector<Package> packages_;
  std::unordered_map<std::string, int> by_id_;
  std::vector<std::vector<int>> children_;  // Components of each package, in document order.
  std::set<std::pair<int, int>> edges_;     // (parent, child), to read each edge once.
  std::vector<bool> has_parent_;
  std::vector<bool> is_root_;
  std::vector<int> roots_;
  std::vector<bool> covered_;  // Placed in a record already.
  size_t component_entries_ = 0;
  bool limit_reported_ = false;  // The component-entry limit is reported once.
};

}  // namespace

void DecodeSpdx(const ParsedJson& document, std::vector<DecodedItem>* out) {
  SpdxDecoder(document, out).Decode();
}

}  // namespace inventory_internal
}  // namespace interdict
