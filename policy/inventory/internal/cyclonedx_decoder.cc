// CycloneDX JSON documents (decoders.h).
//
// One record per document. Its artifact is the document's subject
// (`metadata.component`) or, when the document names none, a root named after the
// document ("CycloneDX BOM <serialNumber>"). The root's components are the subject's
// own nested `components`, then the document's top-level `components`, each keeping
// its nested `components` (containment, as CycloneDX means it) down to
// kMaxComponentDepth levels. `dependencies` are not read: they say what depends on
// what, not what contains what, and turning a dependency graph (with its cycles and
// dangling references) into a tree would repeat shared subtrees.
//
// A component that cannot be read (not an object, no name, a mistyped field this
// decoder reads, nested too deep, a key repeated in it or in what it holds other than
// its nested components) is skipped with its nested components and reported as a
// problem naming its JSON path; the rest of the document is read. Problems follow the
// record, in document order. A key repeated anywhere else (the document's own members,
// metadata, dependencies, services...) makes the document one problem and no record:
// its subject or its list of components would otherwise be one of two.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "policy/inventory/internal/decoders.h"
#include "policy/inventory/internal/json_text.h"

namespace interdict {
namespace inventory_internal {
namespace {

using Json = nlohmann::json;

// Deepest level of nesting read: top-level components are level 1. The policy
// evaluator walks at most 64 levels too (CompileOptions::max_component_depth).
constexpr int kMaxComponentDepth = 64;

// The member `key` of `object`, or nullptr when it is absent or null.
const Json* Member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

// "path.key", or "key" at the top of the document.
std::string Join(absl::string_view path, absl::string_view key) {
  return path.empty() ? std::string(key) : absl::StrCat(path, ".", key);
}

// "path[index]".
std::string Index(absl::string_view path, size_t index) { return absl::StrCat(path, "[", index, "]"); }

// A text field (name, version, vendor strings): a string, or a number or boolean
// written as text (ReadString). Absent or null gives "". Anything else sets
// `*problem` ("path.key: expected a string, got an object") and returns false.
bool ReadText(const Json& object, absl::string_view path, const char* key, std::string* out,
              std::string* problem) {
  std::string message;
  if (ReadString(object, key, out, &message)) return true;
  *problem = path.empty() ? message : absl::StrCat(path, ".", message);
  return false;
}

// An identifier field (bom-ref, purl, cpe, hash algorithm and content, SWID tag id):
// a string only, since a number there cannot be what the tool meant. Absent or null
// gives "".
bool ReadIdentifier(const Json& object, absl::string_view path, const char* key, std::string* out,
                    std::string* problem) {
  out->clear();
  const Json* value = Member(object, key);
  if (value == nullptr) return true;
  if (!value->is_string()) {
    *problem = absl::StrCat(Join(path, key), ": expected a string, got ", JsonTypeName(*value));
    return false;
  }
  *out = value->get<std::string>();
  return true;
}

// Whether `value` has something besides whitespace (cdxgen writes "publisher": "").
bool HasText(absl::string_view value) { return !absl::StripAsciiWhitespace(value).empty(); }

// The `name` of the organizational entity `key` of `object` (supplier, manufacturer,
// manufacture): "" when absent. A member that is not an object, or a mistyped name,
// is a problem.
bool ReadEntityName(const Json& object, absl::string_view path, const char* key, std::string* out,
                    std::string* problem) {
  out->clear();
  const Json* entity = Member(object, key);
  if (entity == nullptr) return true;
  if (!entity->is_object()) {
    *problem = absl::StrCat(Join(path, key), ": expected an object, got ", JsonTypeName(*entity));
    return false;
  }
  return ReadText(*entity, Join(path, key), "name", out, problem);
}

// The first non-blank `name` of the `authors` array of `object` (CycloneDX 1.6).
bool ReadFirstAuthorName(const Json& object, absl::string_view path, std::string* out, std::string* problem) {
  out->clear();
  const Json* authors = Member(object, "authors");
  if (authors == nullptr) return true;
  const std::string authors_path = Join(path, "authors");
  if (!authors->is_array()) {
    *problem = absl::StrCat(authors_path, ": expected an array, got ", JsonTypeName(*authors));
    return false;
  }
  for (size_t i = 0; i < authors->size(); ++i) {
    const Json& author = (*authors)[i];
    if (!author.is_object()) {
      *problem = absl::StrCat(Index(authors_path, i), ": expected an object, got ", JsonTypeName(author));
      return false;
    }
    std::string name;
    if (!ReadText(author, Index(authors_path, i), "name", &name, problem)) return false;
    if (out->empty() && HasText(name)) *out = std::move(name);
  }
  return true;
}

// The vendor of a component: the first non-blank of `publisher`, `supplier.name`,
// `manufacturer.name` (1.6), `author` (deprecated in 1.6, still written), and the
// first of `authors[].name` (1.6). Every one of them is type-checked, used or not.
bool ReadVendor(const Json& component, absl::string_view path, std::string* vendor, std::string* problem) {
  std::string candidates[5];
  if (!ReadText(component, path, "publisher", &candidates[0], problem) ||
      !ReadEntityName(component, path, "supplier", &candidates[1], problem) ||
      !ReadEntityName(component, path, "manufacturer", &candidates[2], problem) ||
      !ReadText(component, path, "author", &candidates[3], problem) ||
      !ReadFirstAuthorName(component, path, &candidates[4], problem)) {
    return false;
  }
  vendor->clear();
  for (std::string& candidate : candidates) {
    if (HasText(candidate)) {
      *vendor = std::move(candidate);
      break;
    }
  }
  return true;
}

// The hash algorithm `alg` as CycloneDX spells it ("SHA-256", "SHA-1"); other
// spellings of the two ("sha256", "SHA1") are accepted too.
bool IsAlgorithm(absl::string_view alg, absl::string_view canonical) {
  if (absl::EqualsIgnoreCase(alg, canonical)) return true;
  std::string without_dash(canonical);
  without_dash.erase(without_dash.find('-'), 1);
  return absl::EqualsIgnoreCase(alg, without_dash);
}

// `hashes`: SHA-256 into sha256, SHA-1 into sha1 (the first of each); other
// algorithms are ignored. Every entry must be an object with string alg and content.
bool ReadHashes(const Json& component, absl::string_view path, v1::Artifact* artifact, std::string* problem) {
  const Json* hashes = Member(component, "hashes");
  if (hashes == nullptr) return true;
  const std::string hashes_path = Join(path, "hashes");
  if (!hashes->is_array()) {
    *problem = absl::StrCat(hashes_path, ": expected an array, got ", JsonTypeName(*hashes));
    return false;
  }
  for (size_t i = 0; i < hashes->size(); ++i) {
    const Json& hash = (*hashes)[i];
    const std::string hash_path = Index(hashes_path, i);
    if (!hash.is_object()) {
      *problem = absl::StrCat(hash_path, ": expected an object, got ", JsonTypeName(hash));
      return false;
    }
    std::string alg;
    std::string content;
    if (!ReadIdentifier(hash, hash_path, "alg", &alg, problem) ||
        !ReadIdentifier(hash, hash_path, "content", &content, problem)) {
      return false;
    }
    if (IsAlgorithm(alg, "SHA-256") && artifact->sha256().empty()) {
      artifact->set_sha256(content);
    } else if (IsAlgorithm(alg, "SHA-1") && artifact->sha1().empty()) {
      artifact->set_sha1(content);
    }
  }
  return true;
}

// `swid`: its tagId and name (both required by the schema when swid is present).
bool ReadSwid(const Json& component, absl::string_view path, std::string* tag_id, std::string* name,
              std::string* problem) {
  tag_id->clear();
  name->clear();
  const Json* swid = Member(component, "swid");
  if (swid == nullptr) return true;
  const std::string swid_path = Join(path, "swid");
  if (!swid->is_object()) {
    *problem = absl::StrCat(swid_path, ": expected an object, got ", JsonTypeName(*swid));
    return false;
  }
  return ReadIdentifier(*swid, swid_path, "tagId", tag_id, problem) &&
         ReadText(*swid, swid_path, "name", name, problem);
}

// The fields of one component (not its nested components) into `*artifact`.
bool ReadComponentFields(const Json& component, absl::string_view path, v1::Artifact* artifact,
                         std::string* problem) {
  std::string name;
  std::string version;
  std::string vendor;
  std::string bom_ref;
  std::string purl;
  std::string cpe;
  std::string swid_tag_id;
  std::string swid_name;
  if (!ReadText(component, path, "name", &name, problem) ||
      !ReadText(component, path, "version", &version, problem) ||
      !ReadVendor(component, path, &vendor, problem) ||
      !ReadIdentifier(component, path, "bom-ref", &bom_ref, problem) ||
      !ReadIdentifier(component, path, "purl", &purl, problem) ||
      !ReadIdentifier(component, path, "cpe", &cpe, problem) ||
      !ReadSwid(component, path, &swid_tag_id, &swid_name, problem) ||
      !ReadHashes(component, path, artifact, problem)) {
    return false;
  }
  // A component the schema requires a name of, but that names itself only by its
  // SWID tag, is still named.
  if (!HasText(name)) name = swid_name;
  if (!HasText(name)) {
    *problem = absl::StrCat(Join(path, "name"), ": required");
    return false;
  }
  artifact->set_name(std::move(name));
  artifact->set_version(std::move(version));
  artifact->set_vendor(std::move(vendor));
  artifact->set_id(HasText(bom_ref) ? std::move(bom_ref) : std::move(swid_tag_id));
  artifact->set_purl(std::move(purl));
  artifact->set_cpe(std::move(cpe));
  return true;
}

// How many components are nested in `component`, at any depth (counted without
// recursion, so a pathologically deep document cannot exhaust the stack).
size_t CountNested(const Json& component) {
  size_t count = 0;
  std::vector<const Json*> pending = {&component};
  while (!pending.empty()) {
    const Json* current = pending.back();
    pending.pop_back();
    const Json* children = Member(*current, "components");
    if (children == nullptr || !children->is_array()) continue;
    count += children->size();
    for (const Json& child : *children) pending.push_back(&child);
  }
  return count;
}

// `problem`, saying how many nested components were skipped with the component.
std::string SkippedWith(std::string problem, const Json& component) {
  const size_t nested = CountNested(component);
  if (nested == 0) return problem;
  return absl::StrCat(problem, " (skipped with its ", nested, " nested component", nested == 1 ? "" : "s",
                      ")");
}

// Appends the components of the array `components` (at `path`), each `depth` levels
// down, to `*parent`'s components; each one that cannot be read is added to
// `*problems` (with how many nested components went with it) and skipped.
void ReadComponentList(const Json& components, const std::string& path, int depth,
                       const DuplicateKeys& duplicates, v1::Artifact* parent, std::vector<std::string>* problems);

// Reads the component at `path`, `depth` levels down (the subject is level 0), with
// its nested components, into `*artifact`. A nested component that cannot be read is
// added to `*problems` and skipped; when this one cannot be read, `*problem` says why
// and false is returned (nothing of it is kept).
bool ReadComponent(const Json& component, const std::string& path, int depth, const DuplicateKeys& duplicates,
                   v1::Artifact* artifact, std::vector<std::string>* problems, std::string* problem) {
  if (!component.is_object()) {
    *problem = absl::StrCat(path, ": expected an object, got ", JsonTypeName(component));
    return false;
  }
  if (depth > kMaxComponentDepth) {
    *problem = absl::StrCat(path, ": nested deeper than ", kMaxComponentDepth, " levels");
    return false;
  }
  const std::string children_path = Join(path, "components");
  if (const DuplicateKey* repeated = duplicates.Within(path, children_path)) {
    *problem = repeated->ToString();
    return false;
  }
  if (!ReadComponentFields(component, path, artifact, problem)) return false;
  const Json* children = Member(component, "components");
  if (children == nullptr) return true;
  if (!children->is_array()) {
    *problem = absl::StrCat(children_path, ": expected an array, got ", JsonTypeName(*children));
    return false;
  }
  ReadComponentList(*children, children_path, depth + 1, duplicates, artifact, problems);
  return true;
}

void ReadComponentList(const Json& components, const std::string& path, int depth,
                       const DuplicateKeys& duplicates, v1::Artifact* parent, std::vector<std::string>* problems) {
  for (size_t i = 0; i < components.size(); ++i) {
    const Json& component = components[i];
    v1::Artifact artifact;
    std::string problem;
    if (ReadComponent(component, Index(path, i), depth, duplicates, &artifact, problems, &problem)) {
      *parent->add_components() = std::move(artifact);
    } else {
      problems->push_back(SkippedWith(std::move(problem), component));
    }
  }
}

// Whether `document` is a CycloneDX JSON document this decoder reads: bomFormat
// "CycloneDX" and specVersion "1.N", N >= 2 (JSON exists since 1.2; 1.2 to 1.7 share
// every field read here). Otherwise `*problem` says why.
bool CheckDocument(const Json& document, std::string* problem) {
  if (!document.is_object()) {
    *problem = absl::StrCat("expected a CycloneDX document (a JSON object), got ", JsonTypeName(document));
    return false;
  }
  std::string bom_format;
  if (!ReadText(document, "", "bomFormat", &bom_format, problem)) return false;
  if (bom_format.empty()) {
    *problem = "bomFormat: required (not a CycloneDX document)";
    return false;
  }
  if (bom_format != "CycloneDX") {
    *problem = absl::StrCat("bomFormat: expected \"CycloneDX\", got \"", bom_format, "\"");
    return false;
  }
  std::string spec_version;
  if (!ReadText(document, "", "specVersion", &spec_version, problem)) return false;
  if (spec_version.empty()) {
    *problem = "specVersion: required";
    return false;
  }
  absl::string_view minor = spec_version;
  int minor_number = 0;
  if (!absl::ConsumePrefix(&minor, "1.") || minor.empty() || !absl::ascii_isdigit(minor[0]) ||
      !absl::SimpleAtoi(minor, &minor_number) || minor_number < 2) {
    *problem =
        absl::StrCat("specVersion: \"", spec_version,
                     "\" is not a CycloneDX JSON version this reader knows (1.2 to 1.7, and later 1.x)");
    return false;
  }
  return true;
}

// The root when the document has no (readable) subject: named after the document,
// "CycloneDX BOM <serialNumber>" ("CycloneDX BOM" without one), with the serial
// number as its id.
void NameDocumentRoot(const Json& document, v1::Artifact* root, std::vector<std::string>* problems) {
  std::string serial_number;
  std::string problem;
  if (!ReadText(document, "", "serialNumber", &serial_number, &problem)) {
    problems->push_back(std::move(problem));
    serial_number.clear();
  }
  root->set_name(HasText(serial_number) ? absl::StrCat("CycloneDX BOM ", serial_number) : "CycloneDX BOM");
  root->set_id(serial_number);
}

// The root's vendor when its component names none: `metadata.supplier` ("the
// organization that supplied the component that the BOM describes"), then the legacy
// `metadata.manufacture` (the component's manufacturer, before 1.6). Not
// `metadata.manufacturer` nor `metadata.authors`: since 1.6 they say who made the
// BOM, not the software.
void ReadRootVendor(const Json& metadata, v1::Artifact* root, std::vector<std::string>* problems) {
  for (const char* key : {"supplier", "manufacture"}) {
    std::string name;
    std::string problem;
    if (!ReadEntityName(metadata, "metadata", key, &name, &problem)) {
      problems->push_back(absl::StrCat(problem, " (ignored)"));
      continue;
    }
    if (root->vendor().empty() && HasText(name)) root->set_vendor(std::move(name));
  }
}

}  // namespace

void DecodeCycloneDx(const ParsedJson& parsed, std::vector<DecodedItem>* out) {
  const Json& document = parsed.value;
  std::string problem;
  const DuplicateKey* repeated = parsed.duplicates.Outside({"components", "metadata.component"});
  if (repeated != nullptr) problem = absl::StrCat(repeated->ToString(), " (the document is not read)");
  if (repeated != nullptr || !CheckDocument(document, &problem)) {
    DecodedItem item;
    item.problem = std::move(problem);
    out->push_back(std::move(item));
    return;
  }
  std::vector<std::string> problems;
  DecodedItem item;
  v1::Artifact* root = &item.record.artifact;
  const Json* metadata = Member(document, "metadata");
  if (metadata != nullptr && !metadata->is_object()) {
    problems.push_back(
        absl::StrCat("metadata: expected an object, got ", JsonTypeName(*metadata), " (ignored)"));
    metadata = nullptr;
  }
  const Json* subject = metadata == nullptr ? nullptr : Member(*metadata, "component");
  bool has_subject = false;
  if (subject != nullptr) {
    has_subject = ReadComponent(*subject, "metadata.component", 0, parsed.duplicates, root, &problems, &problem);
    if (!has_subject) {
      problems.push_back(absl::StrCat(SkippedWith(std::move(problem), *subject),
                                      "; the document's components are read under a root named after it"));
      root->Clear();
    }
  }
  if (!has_subject) NameDocumentRoot(document, root, &problems);
  if (metadata != nullptr) ReadRootVendor(*metadata, root, &problems);
  if (const Json* components = Member(document, "components"); components != nullptr) {
    if (components->is_array()) {
      ReadComponentList(*components, "components", 1, parsed.duplicates, root, &problems);
    } else {
      problems.push_back(absl::StrCat("components: expected an array, got ", JsonTypeName(*components)));
    }
  }

  out->push_back(std::move(item));
  for (std::string& message : problems) {
    DecodedItem bad;
    bad.problem = std::move(message);
    out->push_back(std::move(bad));
  }
}

}  // namespace inventory_internal
}  // namespace interdict
