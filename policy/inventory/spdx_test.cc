// Tests of the SPDX 2.3 JSON reader: real documents by npm, Microsoft's sbom-tool,
// syft, trivy and the SPDX specification (testdata/spdx/, each with its SOURCE.md), and
// small inline documents for each mapping, relationship direction, root form, cycle,
// dangling reference, limit and bad record.
#include <algorithm>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "policy/inventory/inventory.h"

namespace interdict {
namespace {

constexpr char kTestdata[] = "policy/inventory/testdata/spdx/";

// Everything a reader gave.
struct ReadResult {
  InventoryFormat format = InventoryFormat::kAuto;
  std::vector<InventoryRecord> records;
  std::vector<std::string> problems;  // InventoryProblem::ToString().
  absl::Status status;
};

ReadResult Drain(InventoryReader* reader) {
  ReadResult result;
  result.format = reader->format();
  InventoryRecord record;
  while (reader->Next(&record)) result.records.push_back(record);
  for (const InventoryProblem& problem : reader->problems()) result.problems.push_back(problem.ToString());
  result.status = reader->status();
  return result;
}

ReadResult ReadText(const std::string& text, InventoryFormat format = InventoryFormat::kAuto) {
  std::istringstream stream(text);
  InventoryOptions options;
  options.format = format;
  absl::StatusOr<std::unique_ptr<InventoryReader>> reader = InventoryReader::FromStream(&stream, "in", options);
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return {};
  return Drain(reader->get());
}

ReadResult ReadFile(const std::string& name) {
  absl::StatusOr<std::unique_ptr<InventoryReader>> reader = InventoryReader::Open(absl::StrCat(kTestdata, name));
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return {};
  return Drain(reader->get());
}

// "name(component,component(...))": the shape of an artifact's component tree.
std::string Tree(const v1::Artifact& artifact) {
  if (artifact.components().empty()) return artifact.name();
  std::vector<std::string> parts;
  for (const v1::Artifact& component : artifact.components()) parts.push_back(Tree(component));
  return absl::StrCat(artifact.name(), "(", absl::StrJoin(parts, ","), ")");
}

// Each record's Tree().
std::vector<std::string> Trees(const ReadResult& result) {
  std::vector<std::string> trees;
  for (const InventoryRecord& record : result.records) trees.push_back(Tree(record.artifact));
  return trees;
}

// The first artifact named `name` in `artifact`'s tree (itself included), or null.
const v1::Artifact* Find(const v1::Artifact& artifact, const std::string& name) {
  if (artifact.name() == name) return &artifact;
  for (const v1::Artifact& component : artifact.components()) {
    if (const v1::Artifact* found = Find(component, name)) return found;
  }
  return nullptr;
}

// Components at any depth, and the number of levels of them.
int CountComponents(const v1::Artifact& artifact) {
  int count = 0;
  for (const v1::Artifact& component : artifact.components()) count += 1 + CountComponents(component);
  return count;
}
int Depth(const v1::Artifact& artifact) {
  int depth = 0;
  for (const v1::Artifact& component : artifact.components()) depth = std::max(depth, 1 + Depth(component));
  return depth;
}

// Inline documents: a package (`fields` are more JSON members, each with its leading
// comma), a relationship, and a document of them.
std::string Package(const std::string& id, const std::string& name, const std::string& fields = "") {
  return absl::StrCat(R"({"SPDXID": ")", id, R"(", "name": ")", name, "\"", fields, "}");
}
std::string Relationship(const std::string& element, const std::string& type, const std::string& related) {
  return absl::StrCat(R"({"spdxElementId": ")", element, R"(", "relationshipType": ")", type,
                      R"(", "relatedSpdxElement": ")", related, R"("})");
}
std::string Document(const std::vector<std::string>& packages, const std::vector<std::string>& relationships,
                     const std::string& fields = "") {
  return absl::StrCat(R"({"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT")", fields,
                      R"(, "packages": [)", absl::StrJoin(packages, ",\n"), R"(], "relationships": [)",
                      absl::StrJoin(relationships, ",\n"), "]}");
}

// --- Real documents ---------------------------------------------------------------

TEST(SpdxTest, NpmSbomIsOneRecordWithItsDependencyOfTreeNestedUnderTheProject) {
  ReadResult result = ReadFile("npm-sbom.spdx.json");
  EXPECT_EQ(result.format, InventoryFormat::kSpdx);
  EXPECT_TRUE(result.status.ok()) << result.status;
  EXPECT_TRUE(result.problems.empty()) << absl::StrJoin(result.problems, "\n");
  // npm writes "chalk DEPENDENCY_OF spdx": chalk is a component of the project.
  EXPECT_EQ(Trees(result), (std::vector<std::string>{
                               "spdx(chalk(ansi-styles(color-convert(color-name)),supports-color(has-flag)),left-pad)"}));
  const v1::Artifact& root = result.records[0].artifact;
  EXPECT_EQ(root.id(), "SPDXRef-Package-spdx-1.0.0");
  EXPECT_EQ(root.version(), "1.0.0");
  EXPECT_EQ(root.purl(), "pkg:npm/spdx@1.0.0");
  const v1::Artifact* chalk = Find(root, "chalk");
  ASSERT_NE(chalk, nullptr);
  EXPECT_EQ(chalk->version(), "4.1.2");
  EXPECT_EQ(chalk->purl(), "pkg:npm/chalk@4.1.2");
  EXPECT_EQ(chalk->vendor(), "");  // npm writes no supplier.
  EXPECT_EQ(chalk->sha256(), "");  // npm's checksums are SHA512 only.
  EXPECT_EQ(chalk->sha1(), "");
}

TEST(SpdxTest, SbomToolDependsOnTreeNestsEveryPackageUnderTheRootPackage) {
  ReadResult result = ReadFile("sbom-tool-manifest.spdx.json");
  EXPECT_EQ(result.format, InventoryFormat::kSpdx);
  EXPECT_TRUE(result.status.ok()) << result.status;
  EXPECT_TRUE(result.problems.empty()) << absl::StrJoin(result.problems, "\n");
  // documentDescribes and a DESCRIBES relationship name the same root: one record.
  ASSERT_EQ(result.records.size(), 1u);
  const v1::Artifact& root = result.records[0].artifact;
  EXPECT_EQ(root.name(), "sbom-tool sample");
  EXPECT_EQ(root.version(), "4.0.3");
  EXPECT_EQ(root.vendor(), "Microsoft");  // "Organization: Microsoft".
  EXPECT_EQ(root.purl(),
            "pkg:swid/Microsoft/spdx.org/sbom-tool%20sample@4.0.3?tag_id=0b377ae1-d479-479c-805a-5dec38458a66");
  EXPECT_EQ(root.components_size(), 48);  // Its direct DEPENDS_ON.
  EXPECT_EQ(CountComponents(root), 266);  // All 267 packages, each once.
  EXPECT_EQ(Depth(root), 9);
  const v1::Artifact* castle = Find(root, "Castle.Core");
  ASSERT_NE(castle, nullptr);
  EXPECT_EQ(castle->version(), "5.1.1");
  EXPECT_EQ(castle->purl(), "pkg:nuget/Castle.Core@5.1.1");
  EXPECT_EQ(castle->vendor(), "");  // NOASSERTION.
  const v1::Artifact* targets = Find(root, "Microsoft.Sbom.Targets");
  ASSERT_NE(targets, nullptr);
  EXPECT_EQ(targets->vendor(), "Microsoft");
}

TEST(SpdxTest, SyftDocumentWithoutRootsGivesEachPackageItsOwnRecord) {
  ReadResult result = ReadFile("syft-alpine-3.10.spdx.json");
  EXPECT_EQ(result.format, InventoryFormat::kSpdx);
  EXPECT_TRUE(result.status.ok()) << result.status;
  // Its CONTAINS relationships name files, some of them not in the document: ignored,
  // not reported, since no package is lost.
  EXPECT_TRUE(result.problems.empty()) << absl::StrJoin(result.problems, "\n");
  EXPECT_EQ(Trees(result), (std::vector<std::string>{"busybox", "libssl1.1", "ssl_client"}));
  const v1::Artifact& busybox = result.records[0].artifact;
  EXPECT_EQ(busybox.version(), "1.30.1-r5");
  // syft of 2022 wrote PACKAGE_MANAGER, and the author as originator.
  EXPECT_EQ(busybox.purl(), "pkg:apk/alpine/busybox@1.30.1-r5?arch=x86_64&distro=alpine-3.10.9");
  EXPECT_EQ(busybox.vendor(), "Natanael Copa");  // "Person: Natanael Copa <ncopa@alpinelinux.org>".
  EXPECT_EQ(busybox.cpe(), "cpe:2.3:a:busybox:busybox:1.30.1-r5:*:*:*:*:*:*:*");
  EXPECT_EQ(result.records[1].artifact.vendor(), "Timo Teras");
  // The first of its six cpe23Type references.
  EXPECT_EQ(result.records[2].artifact.cpe(), "cpe:2.3:a:ssl-client:ssl-client:1.30.1-r5:*:*:*:*:*:*:*");
}

TEST(SpdxTest, TrivyDescribesRelationshipStandsInForDocumentDescribes) {
  ReadResult result = ReadFile("trivy-ca-certificates.spdx.json");
  EXPECT_TRUE(result.status.ok()) << result.status;
  EXPECT_TRUE(result.problems.empty()) << absl::StrJoin(result.problems, "\n");
  EXPECT_EQ(Trees(result), (std::vector<std::string>{"debian(ca-certificates)"}));
  EXPECT_EQ(result.records[0].artifact.version(), "12.9");
  const v1::Artifact& certificates = result.records[0].artifact.components(0);
  EXPECT_EQ(certificates.version(), "20230311");
  EXPECT_EQ(certificates.purl(), "pkg:deb/debian/ca-certificates@20230311?arch=all&distro=debian-12.9");
  // "Organization: Julien Cristau <jcristau@debian.org>".
  EXPECT_EQ(certificates.vendor(), "Julien Cristau");
}

TEST(SpdxTest, SpecExampleReadsChecksumsCpeLinksAndUnrelatedPackages) {
  ReadResult result = ReadFile("spdx-spec-example-v2.3.spdx.json");
  EXPECT_TRUE(result.status.ok()) << result.status;
  EXPECT_TRUE(result.problems.empty()) << absl::StrJoin(result.problems, "\n");
  // documentDescribes names a file (not read) and glibc, which DYNAMIC_LINKs Saxon; Jena
  // and Apache Commons Lang are related to no package and come after, in document order.
  EXPECT_EQ(Trees(result), (std::vector<std::string>{"glibc(Saxon)", "Apache Commons Lang", "Jena"}));
  const v1::Artifact& glibc = result.records[0].artifact;
  EXPECT_EQ(glibc.id(), "SPDXRef-Package");
  EXPECT_EQ(glibc.version(), "2.11.1");
  EXPECT_EQ(glibc.vendor(), "Jane Doe");  // Supplier "Person: Jane Doe (jane.doe@example.com)".
  EXPECT_EQ(glibc.sha1(), "85ed0817af83a24ad8da68c2b5094de69833983c");
  EXPECT_EQ(glibc.sha256(), "11b6d3ee554eedf79299905a98f9b9a04e498210b59f15094c916c91d150efcd");
  EXPECT_EQ(glibc.cpe(), "cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*");
  EXPECT_EQ(glibc.purl(), "");  // Its other reference is OTHER, not a purl.
  EXPECT_EQ(glibc.components(0).sha1(), "85ed0817af83a24ad8da68c2b5094de69833983c");
  EXPECT_EQ(result.records[2].artifact.purl(), "pkg:maven/org.apache.jena/apache-jena@3.12.0");
}

// --- Field mapping ----------------------------------------------------------------

TEST(SpdxTest, VendorIsTheSupplierOrOriginatorNameWithoutItsPrefixAndContact) {
  struct Case {
    std::string fields;
    std::string vendor;
  };
  const std::vector<Case> cases = {
      {R"j(, "supplier": "Organization: AO Kaspersky Lab (info@kaspersky.com)")j", "AO Kaspersky Lab"},
      {R"(, "supplier": "Person: Jane Doe <jane@example.com>")", "Jane Doe"},
      {R"(, "supplier": "Tool: builder-1.0")", "builder-1.0"},
      {R"j(, "supplier": "Organization: Acme (Europe)")j", "Acme (Europe)"},  // Not a contact.
      {R"j(, "supplier": "Organization: Acme ()")j", "Acme"},
      {R"(, "supplier": "Acme Corp")", "Acme Corp"},
      {R"(, "supplier": "NOASSERTION", "originator": "Organization: ByteDance Ltd.")", "ByteDance Ltd."},
      {R"(, "supplier": "NONE", "originator": "Person: Ann")", "Ann"},
      {R"(, "supplier": "Organization: NOASSERTION", "originator": "Organization: Origin")", "Origin"},
      {R"(, "originator": "Organization: Origin")", "Origin"},
      {R"(, "supplier": "Organization: Supplier", "originator": "Organization: Origin")", "Supplier"},
      {R"(, "supplier": "NOASSERTION", "originator": "NOASSERTION")", ""},
  };
  for (const Case& c : cases) {
    ReadResult result = ReadText(Document({Package("SPDXRef-a", "a", c.fields)}, {}));
    ASSERT_EQ(result.records.size(), 1u) << c.fields << absl::StrJoin(result.problems, "\n");
    EXPECT_EQ(result.records[0].artifact.vendor(), c.vendor) << c.fields;
  }
}

TEST(SpdxTest, PurlIsTheFirstPackageManagerPurlInEitherSpellingAndCpeTheFirstCpe23) {
  const std::string refs = R"(, "externalRefs": [
      {"referenceCategory": "SECURITY", "referenceType": "cpe22Type", "referenceLocator": "cpe:/a:acme:tool:1.0"},
      {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "maven-central", "referenceLocator": "org.acme:tool:1.0"},
      {"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl", "referenceLocator": "pkg:maven/org.acme/tool@1.0"},
      {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:maven/org.acme/other@1.0"},
      {"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:acme:tool:1.0:*:*:*:*:*:*:*"},
      {"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:acme:other:1.0:*:*:*:*:*:*:*"}])";
  const std::string hyphen = R"(, "externalRefs": [
      {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/%40acme/b@2.0.0"}])";
  ReadResult result = ReadText(Document({Package("SPDXRef-a", "a", refs), Package("SPDXRef-b", "b", hyphen)}, {}));
  ASSERT_EQ(result.records.size(), 2u) << absl::StrJoin(result.problems, "\n");
  EXPECT_EQ(result.records[0].artifact.purl(), "pkg:maven/org.acme/tool@1.0");
  EXPECT_EQ(result.records[0].artifact.cpe(), "cpe:2.3:a:acme:tool:1.0:*:*:*:*:*:*:*");
  EXPECT_EQ(result.records[1].artifact.purl(), "pkg:npm/%40acme/b@2.0.0");
  EXPECT_EQ(result.records[1].artifact.cpe(), "");
}

TEST(SpdxTest, ChecksumsVersionAndIdAreMapped) {
  const std::string fields = R"(, "versionInfo": 12, "checksums": [
      {"algorithm": "MD5", "checksumValue": "624c1abb3664f4b35547e7c73864ad24"},
      {"algorithm": "SHA1", "checksumValue": "85ed0817af83a24ad8da68c2b5094de69833983c"},
      {"algorithm": "SHA256", "checksumValue": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"algorithm": "SHA256", "checksumValue": "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}])";
  ReadResult result = ReadText(Document(
      {Package("SPDXRef-a", "a", fields), Package("SPDXRef-b", "b", R"(, "versionInfo": "NOASSERTION")")}, {}));
  ASSERT_EQ(result.records.size(), 2u) << absl::StrJoin(result.problems, "\n");
  const v1::Artifact& a = result.records[0].artifact;
  EXPECT_EQ(a.id(), "SPDXRef-a");
  EXPECT_EQ(a.version(), "12");  // A number, read as text.
  EXPECT_EQ(a.sha1(), "85ed0817af83a24ad8da68c2b5094de69833983c");
  EXPECT_EQ(a.sha256(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(result.records[1].artifact.version(), "");  // NOASSERTION is no version.
}

// --- Roots ------------------------------------------------------------------------

TEST(SpdxTest, DocumentDescribesInsideCreationInfoNamesTheRoots) {
  ReadResult result = ReadText(Document(
      {Package("SPDXRef-lib", "lib"), Package("SPDXRef-app", "app")},
      {Relationship("SPDXRef-app", "CONTAINS", "SPDXRef-lib")},
      R"(, "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: x"],
          "documentDescribes": ["SPDXRef-app"]})"));
  EXPECT_TRUE(result.problems.empty()) << absl::StrJoin(result.problems, "\n");
  EXPECT_EQ(Trees(result), (std::vector<std::string>{"app(lib)"}));
}

TEST(SpdxTest, DescribesAndDescribedByRelationshipsNameRootsInTheirOrder) {
  ReadResult result = ReadText(Document(
      {Package("SPDXRef-a", "a"), Package("SPDXRef-b", "b"), Package("SPDXRef-c", "c"), Package("SPDXRef-d", "d")},
      {Relationship("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-c"),
       Relationship("SPDXRef-b", "DESCRIBED_BY", "SPDXRef-DOCUMENT"),
       // Another document's DESCRIBES is not this one's root.
       Relationship("DocumentRef-other:SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-d"),
       Relationship("SPDXRef-c", "CONTAINS", "SPDXRef-a")},
      R"(, "documentDescribes": ["SPDXRef-c"])"));
  EXPECT_TRUE(result.problems.empty()) << absl::StrJoin(result.problems, "\n");
  // c (documentDescribes and DESCRIBES: one record), b (DESCRIBED_BY), then d on its own.
  EXPECT_EQ(Trees(result), (std::vector<std::string>{"c(a)", "b", "d"}));
}

TEST(SpdxTest, PackagesNoRootReachesAreReadAsRecordsOfTheirOwnWithWhatTheyContain) {
  ReadResult result = ReadText(Document(
      {Package("SPDXRef-p", "p"), Package("SPDXRef-root", "root"), Package("SPDXRef-o", "o"),
       Package("SPDXRef-x", "x"), Package("SPDXRef-y", "y")},
      {Relationship("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-root"),
       Relationship("SPDXRef-o", "CONTAINS", "SPDXRef-p"),
       // x and y contain each other and nothing else contains them: read from x, the first.
       Relationship("SPDXRef-x", "CONTAINS", "SPDXRef-y"), Relationship("SPDXRef-y", "CONTAINS", "SPDXRef-x")}));
  EXPECT_TRUE(result.problems.empty()) << absl::StrJoin(result.problems, "\n");
  // p is read under o, which nothing contains, not on its own.
  EXPECT_EQ(Trees(result), (std::vector<std::string>{"root", "o(p)", "x(y)"}));
}

// --- Relationships ----------------------------------------------------------------

TEST(SpdxTest, EachComponentRelationshipNestsInItsSpecifiedDirection) {
  // Per SPDX 2.3 clause 11.1: "A CONTAINS B", "A DEPENDS_ON B", "B CONTAINED_BY A" and
  // "B DEPENDENCY_OF A" (and their kin) each make B part of A.
  const std::vector<std::string> forward = {"CONTAINS", "DEPENDS_ON", "STATIC_LINK", "DYNAMIC_LINK"};
  const std::vector<std::string> backward = {"CONTAINED_BY",           "DEPENDENCY_OF",         "RUNTIME_DEPENDENCY_OF",
                                             "OPTIONAL_DEPENDENCY_OF", "OPTIONAL_COMPONENT_OF", "PACKAGE_OF"};
  const std::string describes = R"(, "documentDescribes": ["SPDXRef-A"])";
  for (const std::string& type : forward) {
    ReadResult result = ReadText(Document({Package("SPDXRef-B", "B"), Package("SPDXRef-A", "A")},
                                          {Relationship("SPDXRef-A", type, "SPDXRef-B")}, describes));
    EXPECT_EQ(Trees(result), (std::vector<std::string>{"A(B)"})) << type;
  }
  for (const std::string& type : backward) {
    ReadResult result = ReadText(Document({Package("SPDXRef-B", "B"), Package("SPDXRef-A", "A")},
                                          {Relationship("SPDXRef-B", type, "SPDXRef-A")}, describes));
    EXPECT_EQ(Trees(result), (std::vector<std::string>{"A(B)"})) << type;
  }
}

TEST(SpdxTest, DependencyOfPointsFromTheDependencyToItsDependent) {
  // As npm writes it: "chalk DEPENDENCY_OF app" makes chalk part of app, never the reverse.
  ReadResult result = ReadText(Document({Package("SPDXRef-app", "app"), Package("SPDXRef-chalk", "chalk")},
                                        {Relationship("SPDXRef-chalk", "DEPENDENCY_OF", "SPDXRef-app")}));
  EXPECT_EQ(Trees(result), (std::vector<std::string>{"app(chalk)"}));
}

TEST(SpdxTest, BuildDevTestAndOtherRelationshipsDoNotNest) {
  ReadResult result = ReadText(Document(
      {Package("SPDXRef-app", "app"), Package("SPDXRef-jest", "jest"), Package("SPDXRef-gcc", "gcc"),
       Package("SPDXRef-jdk", "jdk"), Package("SPDXRef-old", "old")},
      {Relationship("SPDXRef-jest", "DEV_DEPENDENCY_OF", "SPDXRef-app"),
       Relationship("SPDXRef-gcc", "BUILD_TOOL_OF", "SPDXRef-app"),
       Relationship("SPDXRef-jdk", "PROVIDED_DEPENDENCY_OF", "SPDXRef-app"),
       Relationship("SPDXRef-app", "DESCENDANT_OF", "SPDXRef-old")},
      R"(, "documentDescribes": ["SPDXRef-app"])"));
  EXPECT_TRUE(result.problems.empty()) << absl::StrJoin(result.problems, "\n");
  // Not part of app, but still read.
  EXPECT_EQ(Trees(result), (std::vector<std::string>{"app", "jest", "gcc", "jdk", "old"}));
}

TEST(SpdxTest, CyclesEndAndAPackageReachedTwiceIsNestedOnceAtItsShallowestPlace) {
  ReadResult result = ReadText(Document(
      {Package("SPDXRef-a", "a"), Package("SPDXRef-b", "b"), Package("SPDXRef-c", "c"), Package("SPDXRef-d", "d")},
      {Relationship("SPDXRef-a", "DEPENDS_ON", "SPDXRef-b"), Relationship("SPDXRef-a", "DEPENDS_ON", "SPDXRef-c"),
       Relationship("SPDXRef-b", "DEPENDS_ON", "SPDXRef-d"), Relationship("SPDXRef-c", "DEPENDS_ON", "SPDXRef-d"),
       Relationship("SPDXRef-d", "DEPENDS_ON", "SPDXRef-a"),  // Back to the root.
       Relationship("SPDXRef-d", "DEPENDS_ON", "SPDXRef-d"),  // Itself.
       Relationship("SPDXRef-b", "DEPENDS_ON", "SPDXRef-d")},  // Twice, as syft writes some.
      R"(, "documentDescribes": ["SPDXRef-a"])"));
  EXPECT_TRUE(result.status.ok());
  EXPECT_TRUE(result.problems.empty()) << absl::StrJoin(result.problems, "\n");
  EXPECT_EQ(Trees(result), (std::vector<std::string>{"a(b(d),c)"}));
}

TEST(SpdxTest, APackageUnderTwoRootsIsNestedInEachRecord) {
  ReadResult result = ReadText(Document(
      {Package("SPDXRef-sdk", "sdk"), Package("SPDXRef-app", "app"), Package("SPDXRef-tool", "tool")},
      {Relationship("SPDXRef-app", "CONTAINS", "SPDXRef-sdk"), Relationship("SPDXRef-tool", "CONTAINS", "SPDXRef-sdk")},
      R"(, "documentDescribes": ["SPDXRef-app", "SPDXRef-tool"])"));
  EXPECT_EQ(Trees(result), (std::vector<std::string>{"app(sdk)", "tool(sdk)"}));
}

TEST(SpdxTest, ALaterPackageWithADuplicateSpdxIdIsReadOnItsOwn) {
  // The first package of an SPDXID owns the relationships that name it.
  ReadResult result = ReadText(Document(
      {Package("SPDXRef-app", "app"), Package("SPDXRef-lib", "lib"), Package("SPDXRef-lib", "lib-copy")},
      {Relationship("SPDXRef-app", "CONTAINS", "SPDXRef-lib")}, R"(, "documentDescribes": ["SPDXRef-app"])"));
  EXPECT_TRUE(result.problems.empty()) << absl::StrJoin(result.problems, "\n");
  EXPECT_EQ(Trees(result), (std::vector<std::string>{"app(lib)", "lib-copy"}));
}

TEST(SpdxTest, DanglingAndForeignReferencesAreIgnoredAndLoseNoPackage) {
  ReadResult result = ReadText(Document(
      {Package("SPDXRef-app", "app"), Package("SPDXRef-lib", "lib")},
      {Relationship("SPDXRef-app", "CONTAINS", "SPDXRef-missing"),
       Relationship("SPDXRef-gone", "CONTAINS", "SPDXRef-lib"),
       Relationship("SPDXRef-app", "CONTAINS", "NOASSERTION"), Relationship("SPDXRef-app", "DEPENDS_ON", "NONE"),
       Relationship("SPDXRef-app", "CONTAINS", "DocumentRef-ext:SPDXRef-lib"),
       Relationship("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-nothing")},
      R"(, "documentDescribes": ["SPDXRef-app", "SPDXRef-absent"])"));
  EXPECT_TRUE(result.problems.empty()) << absl::StrJoin(result.problems, "\n");
  EXPECT_EQ(Trees(result), (std::vector<std::string>{"app", "lib"}));
}

TEST(SpdxTest, ComponentsMoreThan64LevelsDownAreReportedAndReadOnTheirOwn) {
  std::vector<std::string> packages;
  std::vector<std::string> relationships;
  for (int i = 0; i <= 70; ++i) {
    packages.push_back(Package(absl::StrCat("SPDXRef-p", i), absl::StrCat("p", i)));
    if (i > 0) relationships.push_back(Relationship(absl::StrCat("SPDXRef-p", i - 1), "CONTAINS", absl::StrCat("SPDXRef-p", i)));
  }
  ReadResult result = ReadText(Document(packages, relationships, R"(, "documentDescribes": ["SPDXRef-p0"])"));
  EXPECT_TRUE(result.status.ok());
  ASSERT_EQ(result.records.size(), 2u);
  EXPECT_EQ(Depth(result.records[0].artifact), 64);  // p0 .. p64.
  // p65 .. p70, cut off, are read as a record of their own.
  EXPECT_EQ(Tree(result.records[1].artifact), "p65(p66(p67(p68(p69(p70)))))");
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0],
            "in: record 1: packages[0] (SPDXRef-p0): 1 package(s) more than 64 levels of components down, first "
            "packages[65] (SPDXRef-p65), are not nested under it (each is read under another record or as its own)");
}

// --- Bad records and documents ------------------------------------------------------

TEST(SpdxTest, BadPackagesAreReportedWithTheirPathAndTheRestIsRead) {
  ReadResult result = ReadText(Document(
      {Package("SPDXRef-app", "app"),
       R"({"SPDXID": "SPDXRef-noname", "versionInfo": "1.0"})",
       R"("not a package")",
       Package("SPDXRef-v", "v", R"(, "versionInfo": {"major": 1})"),
       Package("SPDXRef-r", "r", R"(, "externalRefs": [{"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:x:y:1:*:*:*:*:*:*:*"},
           {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": {"purl": "pkg:npm/x"}}])"),
       Package("SPDXRef-s", "s", R"(, "checksums": {"algorithm": "SHA1"})"),
       Package("SPDXRef-t", "t", R"(, "supplier": ["Organization: A"])"),
       Package("SPDXRef-u", "u", R"(, "externalRefs": ["pkg:npm/u"])"),
       Package("SPDXRef-w", "   "),
       Package("SPDXRef-child", "child")},
      {Relationship("SPDXRef-app", "CONTAINS", "SPDXRef-noname"),
       Relationship("SPDXRef-noname", "CONTAINS", "SPDXRef-child")},
      R"(, "documentDescribes": ["SPDXRef-app"])"));
  EXPECT_TRUE(result.status.ok());
  // The unnamed package's own component is not lost: nothing else reaches it.
  EXPECT_EQ(Trees(result), (std::vector<std::string>{"app", "child"}));
  EXPECT_EQ(result.problems, (std::vector<std::string>{
                                 "in: record 0: packages[1].name: required",
                                 "in: record 1: packages[2]: expected an object, got a string",
                                 "in: record 2: packages[3].versionInfo: expected a string, got an object",
                                 "in: record 3: packages[4].externalRefs[1].referenceLocator: expected a string, "
                                 "got an object",
                                 "in: record 4: packages[5].checksums: expected an array, got an object",
                                 "in: record 5: packages[6].supplier: expected a string, got an array",
                                 "in: record 6: packages[7].externalRefs[0]: expected an object, got a string",
                                 "in: record 7: packages[8].name: required",
                             }));
  EXPECT_EQ(result.records[0].index, 8u);
}

TEST(SpdxTest, MalformedRelationshipsAndRootsAreReportedAndThePackagesStillRead) {
  ReadResult result = ReadText(Document(
      {Package("SPDXRef-a", "a"), Package("SPDXRef-b", "b")},
      {R"(["SPDXRef-a", "CONTAINS", "SPDXRef-b"])", R"({"spdxElementId": "SPDXRef-a", "relatedSpdxElement": "SPDXRef-b"})",
       R"({"spdxElementId": "SPDXRef-a", "relationshipType": 7, "relatedSpdxElement": {"id": "SPDXRef-b"}})",
       Relationship("SPDXRef-a", "contains", "SPDXRef-b")},  // Lower case is read.
      R"(, "documentDescribes": ["SPDXRef-a", 3])"));
  EXPECT_EQ(Trees(result), (std::vector<std::string>{"a(b)"}));
  EXPECT_EQ(result.problems, (std::vector<std::string>{
                                 "in: record 0: documentDescribes[1]: expected a string, got a number (ignored)",
                                 "in: record 1: relationships[0]: expected an object, got an array (ignored)",
                                 "in: record 2: relationships[1].relationshipType: required (ignored)",
                                 "in: record 3: relationships[2].relatedSpdxElement: expected a string, got an "
                                 "object (ignored)",
                             }));
  ReadResult not_array = ReadText(
      R"({"spdxVersion": "SPDX-2.3", "packages": [{"SPDXID": "SPDXRef-a", "name": "a"}], "relationships": {}})");
  EXPECT_EQ(Trees(not_array), (std::vector<std::string>{"a"}));
  EXPECT_EQ(not_array.problems,
            (std::vector<std::string>{"in: record 0: relationships: expected an array, got an object (ignored)"}));
}

// A repeated key makes a package or relationship say two things: the package is
// skipped as one that cannot be read, the relationship ignored; elsewhere (the
// document's own members) the document is not read.
TEST(SpdxTest, RepeatedKeysAreReportedWithTheirPath) {
  ReadResult result = ReadText(Document(
      {Package("SPDXRef-app", "app"), Package("SPDXRef-k", "Kaspersky Anti-Virus", R"(, "name": "zlib")"),
       Package("SPDXRef-b", "b")},
      {Relationship("SPDXRef-app", "CONTAINS", "SPDXRef-b").insert(1, R"("relationshipType": "OTHER", )")},
      R"(, "documentDescribes": ["SPDXRef-app"])"));
  EXPECT_TRUE(result.status.ok());
  EXPECT_EQ(Trees(result), (std::vector<std::string>{"app", "b"}));
  EXPECT_EQ(result.problems, (std::vector<std::string>{
                                 "in: record 0: packages[1]: duplicate key \"name\"",
                                 "in: record 1: relationships[0]: duplicate key \"relationshipType\" (ignored)",
                             }));
  ReadResult document = ReadText(
      R"({"spdxVersion": "SPDX-2.3", "packages": [{"SPDXID": "SPDXRef-a", "name": "a"}], "packages": []})");
  EXPECT_TRUE(document.records.empty());
  EXPECT_EQ(document.problems,
            (std::vector<std::string>{"in: record 0: duplicate key \"packages\" (the document is not read)"}));
}

TEST(SpdxTest, DocumentsThatAreNotSpdx2JsonAreReported) {
  EXPECT_EQ(ReadText(R"({"spdxVersion": "SPDX-2.3", "packages": {"name": "a"}})").problems,
            (std::vector<std::string>{"in: record 0: packages: expected an array, got an object"}));
  EXPECT_EQ(ReadText(R"({"spdxVersion": "SPDX-3.0", "packages": []})").problems,
            (std::vector<std::string>{
                "in: record 0: spdxVersion: \"SPDX-3.0\" is not supported (SPDX 2.x JSON expected)"}));
  EXPECT_EQ(ReadText(R"({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []})",
                     InventoryFormat::kSpdx)
                .problems,
            (std::vector<std::string>{
                "in: record 0: not an SPDX 2.x JSON document: it has neither spdxVersion nor packages"}));
  EXPECT_EQ(ReadText(R"([{"name": "a"}])", InventoryFormat::kSpdx).problems,
            (std::vector<std::string>{"in: record 0: expected an SPDX document (a JSON object), got an array"}));
  // A document without packages is an empty inventory.
  ReadResult empty = ReadText(R"({"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "empty"})");
  EXPECT_TRUE(empty.records.empty());
  EXPECT_TRUE(empty.problems.empty());
  EXPECT_TRUE(empty.status.ok());
}

TEST(SpdxTest, TruncatedDocumentEndsTheReadingWithAStatus) {
  const std::string text = Document({Package("SPDXRef-a", "a"), Package("SPDXRef-b", "b")}, {});
  ReadResult result = ReadText(text.substr(0, text.size() / 2));
  EXPECT_EQ(result.format, InventoryFormat::kSpdx);
  EXPECT_TRUE(result.records.empty());
  EXPECT_EQ(result.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(result.status.message().find("not a complete JSON document (truncated or malformed)"), std::string::npos)
      << result.status;
}

TEST(SpdxTest, FormatIsDetectedFromMinifiedAndPrettyPrintedDocuments) {
  const std::string minified = Document({Package("SPDXRef-a", "a")}, {});
  ReadResult one_line = ReadText(minified);
  EXPECT_EQ(one_line.format, InventoryFormat::kSpdx);
  EXPECT_EQ(Trees(one_line), (std::vector<std::string>{"a"}));
  // spdxVersion on a later line of a pretty-printed document, as syft writes it.
  ReadResult pretty = ReadText("{\n \"SPDXID\": \"SPDXRef-DOCUMENT\",\n \"spdxVersion\": \"SPDX-2.2\",\n"
                               " \"packages\": [\n  {\"SPDXID\": \"SPDXRef-a\", \"name\": \"a\"}\n ]\n}\n");
  EXPECT_EQ(pretty.format, InventoryFormat::kSpdx);
  EXPECT_EQ(Trees(pretty), (std::vector<std::string>{"a"}));
}

TEST(SpdxTest, ComponentEntriesBeyondTheDocumentLimitAreReportedAndNoPackageIsLost) {
  // 1,100 roots sharing a hub that depends on 1,000 leaves: 1,100 * 1,001 component
  // entries, more than the limit (1,048,576).
  std::vector<std::string> packages = {Package("SPDXRef-hub", "hub")};
  std::vector<std::string> relationships;
  std::string describes = R"(, "documentDescribes": [)";
  for (int i = 0; i < 1000; ++i) {
    packages.push_back(Package(absl::StrCat("SPDXRef-l", i), absl::StrCat("l", i)));
    relationships.push_back(Relationship("SPDXRef-hub", "DEPENDS_ON", absl::StrCat("SPDXRef-l", i)));
  }
  for (int i = 0; i < 1100; ++i) {
    packages.push_back(Package(absl::StrCat("SPDXRef-r", i), absl::StrCat("r", i)));
    relationships.push_back(Relationship(absl::StrCat("SPDXRef-r", i), "DEPENDS_ON", "SPDXRef-hub"));
    absl::StrAppend(&describes, i > 0 ? "," : "", "\"SPDXRef-r", i, "\"");
  }
  absl::StrAppend(&describes, "]");
  ReadResult result = ReadText(Document(packages, relationships, describes));
  EXPECT_TRUE(result.status.ok());
  ASSERT_EQ(result.records.size(), 1100u);
  EXPECT_EQ(CountComponents(result.records[0].artifact), 1001);
  EXPECT_EQ(CountComponents(result.records[1099].artifact), 0);
  size_t entries = 0;
  for (const InventoryRecord& record : result.records) entries += CountComponents(record.artifact);
  EXPECT_EQ(entries, size_t{1} << 20);
  // Reported once, at the first record it cut (r1047: 1,047 full records, then the hub).
  ASSERT_EQ(result.problems.size(), 1u) << absl::StrJoin(result.problems, "\n");
  EXPECT_EQ(result.problems[0],
            "in: record 1048: packages[2048] (SPDXRef-r1047): the document has more than 1048576 component "
            "entries; from this record on, components are no longer nested (each package is still read, under "
            "an earlier record or as its own)");
  EXPECT_EQ(CountComponents(result.records[1047].artifact), 1048576 - 1047 * 1001);
}

}  // namespace
}  // namespace interdict
