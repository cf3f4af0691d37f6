// Reading CycloneDX JSON SBOMs through InventoryReader: real documents made by
// cyclonedx-npm, syft, trivy and cdxgen (testdata/cyclonedx/, each with its
// SOURCE.md), and small inline documents for each mapping and each bad entry.
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/inventory/inventory.h"

namespace interdict {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kTestdata[] = "policy/inventory/testdata/cyclonedx/";

// Everything a reader gave: its records, its problems' messages, its status.
struct Result {
  InventoryFormat format = InventoryFormat::kAuto;
  std::vector<InventoryRecord> records;
  std::vector<InventoryProblem> problems;
  absl::Status status;

  std::vector<std::string> Messages() const {
    std::vector<std::string> messages;
    for (const InventoryProblem& problem : problems) messages.push_back(problem.message);
    return messages;
  }
};

Result ReadAll(InventoryReader* reader) {
  Result result;
  result.format = reader->format();
  InventoryRecord record;
  while (reader->Next(&record)) result.records.push_back(record);
  result.problems = reader->problems();
  result.status = reader->status();
  return result;
}

// Reads a committed document (detecting its format).
Result ReadFile(const std::string& name) {
  absl::StatusOr<std::unique_ptr<InventoryReader>> reader =
      InventoryReader::Open(absl::StrCat(kTestdata, name));
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return {};
  return ReadAll(reader->get());
}

// Reads an inline document as the named format (auto-detected by default).
Result ReadText(const std::string& text, InventoryFormat format = InventoryFormat::kAuto) {
  std::istringstream in(text);
  InventoryOptions options;
  options.format = format;
  absl::StatusOr<std::unique_ptr<InventoryReader>> reader =
      InventoryReader::FromStream(&in, "bom.json", options);
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return {};
  return ReadAll(reader->get());
}

// A CycloneDX 1.6 document with these top-level components (a JSON array's
// elements) and this metadata (a JSON object's members).
std::string Document(const std::string& components, const std::string& metadata = "") {
  return absl::StrCat(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,)",
                      R"( "serialNumber": "urn:uuid:0b3a9b5e-4a54-4c1a-9d7b-2f8e1c6d5a40",)",
                      R"( "metadata": {)", metadata, R"(}, "components": [)", components, "]}");
}

// The artifact and every component in it, at any depth.
size_t CountAll(const v1::Artifact& artifact) {
  size_t count = 1;
  for (const v1::Artifact& component : artifact.components()) count += CountAll(component);
  return count;
}

// Every component (not the root) for which `match` holds, depth first.
void Collect(const v1::Artifact& artifact, const std::function<bool(const v1::Artifact&)>& match,
             std::vector<const v1::Artifact*>* found) {
  for (const v1::Artifact& component : artifact.components()) {
    if (match(component)) found->push_back(&component);
    Collect(component, match, found);
  }
}

std::vector<const v1::Artifact*> WithPurl(const v1::Artifact& root, const std::string& purl) {
  std::vector<const v1::Artifact*> found;
  const auto has_purl = [&](const v1::Artifact& a) { return a.purl() == purl; };
  Collect(root, has_purl, &found);
  return found;
}

std::vector<const v1::Artifact*> Named(const v1::Artifact& root, const std::string& name) {
  std::vector<const v1::Artifact*> found;
  const auto has_name = [&](const v1::Artifact& a) { return a.name() == name; };
  Collect(root, has_name, &found);
  return found;
}

// --- Real documents -------------------------------------------------------------

TEST(CycloneDxRealDocuments, CycloneDxNpmTreeKeepsNestingGroupsAndRepeatedPurls) {
  const Result result = ReadFile("cyclonedx-npm-6.0.1.cdx.json");
  EXPECT_EQ(result.format, InventoryFormat::kCycloneDx);
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_THAT(result.Messages(), IsEmpty());
  ASSERT_EQ(result.records.size(), 1u);
  const v1::Artifact& root = result.records[0].artifact;
  EXPECT_EQ(result.records[0].index, 0u);
  EXPECT_EQ(root.name(), "cdx_cyclonedx");
  EXPECT_EQ(root.version(), "1.0.0");
  EXPECT_EQ(root.purl(), "pkg:npm/cdx_cyclonedx@1.0.0");
  EXPECT_EQ(root.id(), "cdx_cyclonedx@1.0.0");
  EXPECT_EQ(root.components_size(), 9);
  EXPECT_EQ(CountAll(root), 1u + 11u);

  // npm nests a second copy of supports-color 7.2.0 under chalk and under
  // supports-hyperlinks: two distinct components with one purl.
  const std::vector<const v1::Artifact*> copies = WithPurl(root, "pkg:npm/supports-color@7.2.0");
  ASSERT_EQ(copies.size(), 2u);
  EXPECT_EQ(copies[0]->id(), "cdx_cyclonedx@1.0.0|chalk@4.1.2|supports-color@7.2.0");
  EXPECT_EQ(copies[1]->id(), "cdx_cyclonedx@1.0.0|supports-hyperlinks@2.3.0|supports-color@7.2.0");
  EXPECT_EQ(copies[0]->vendor(), "Sindre Sorhus");  // `author`, still written in 1.6.
  const std::vector<const v1::Artifact*> chalk = Named(root, "chalk");
  ASSERT_EQ(chalk.size(), 1u);
  ASSERT_EQ(chalk[0]->components_size(), 1);
  EXPECT_EQ(chalk[0]->components(0).name(), "supports-color");
  EXPECT_EQ(chalk[0]->vendor(), "");  // chalk's package.json names no author.

  // The npm scope stays in the purl; the name is the package's own.
  const std::vector<const v1::Artifact*> colors = WithPurl(root, "pkg:npm/%40colors/colors@1.6.0");
  ASSERT_EQ(colors.size(), 1u);
  EXPECT_EQ(colors[0]->name(), "colors");
  EXPECT_EQ(colors[0]->version(), "1.6.0");
  EXPECT_EQ(colors[0]->vendor(), "DABH");
}

TEST(CycloneDxRealDocuments, SyftAlpineImageGivesPublisherCpeAndTheOperatingSystem) {
  const Result result = ReadFile("syft-0.58.0-alpine.cdx.json");
  EXPECT_EQ(result.format, InventoryFormat::kCycloneDx);
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_THAT(result.Messages(), IsEmpty());  // metadata.tools in the 1.4 list form.
  ASSERT_EQ(result.records.size(), 1u);
  const v1::Artifact& root = result.records[0].artifact;
  EXPECT_EQ(root.name(), "docker.io/library/alpine:latest");
  EXPECT_EQ(root.version(), "sha256:cbaa390ec61abd889dfa5146a411c11717c19ef9e5e18458dbdc06439076ffe7");
  EXPECT_EQ(root.id(), "685d54d5e8f71d2f");
  EXPECT_EQ(root.components_size(), 15);
  EXPECT_EQ(CountAll(root), 16u);

  const std::vector<const v1::Artifact*> busybox =
      WithPurl(root, "pkg:alpine/busybox@1.35.0-r17?arch=x86_64&upstream=busybox&distro=alpine-3.16.2");
  ASSERT_EQ(busybox.size(), 1u);
  EXPECT_EQ(busybox[0]->name(), "busybox");
  EXPECT_EQ(busybox[0]->version(), "1.35.0-r17");
  EXPECT_EQ(busybox[0]->vendor(), "S\xC3\xB6ren Tempel <soeren+alpine@soeren-tempel.net>");
  EXPECT_EQ(busybox[0]->cpe(), "cpe:2.3:a:busybox:busybox:1.35.0-r17:*:*:*:*:*:*:*");

  // The operating system has no purl and no bom-ref; its SWID tag id stands as its id.
  const std::vector<const v1::Artifact*> alpine = Named(root, "alpine");
  ASSERT_EQ(alpine.size(), 1u);
  EXPECT_EQ(alpine[0]->version(), "3.16.2");
  EXPECT_EQ(alpine[0]->id(), "alpine");
  EXPECT_EQ(alpine[0]->purl(), "");
}

TEST(CycloneDxRealDocuments, TrivyFluentdImageGivesSupplierAndSha1) {
  const Result result = ReadFile("trivy-fluentd.cdx.json");
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_THAT(result.Messages(), IsEmpty());  // 1.7, tools as an object with a manufacturer.
  ASSERT_EQ(result.records.size(), 1u);
  const v1::Artifact& root = result.records[0].artifact;
  EXPECT_EQ(root.name(), "testdata/fixtures/images/fluentd-multiple-lockfiles.tar.gz");
  EXPECT_EQ(root.version(), "");  // trivy gives the image no version.
  EXPECT_EQ(root.components_size(), 161);
  EXPECT_EQ(CountAll(root), 162u);

  const std::vector<const v1::Artifact*> adduser =
      WithPurl(root, "pkg:deb/debian/adduser@3.118?arch=all&distro=debian-10.2");
  ASSERT_EQ(adduser.size(), 1u);
  EXPECT_EQ(adduser[0]->vendor(), "Debian Adduser Developers <adduser@packages.debian.org>");

  const std::vector<const v1::Artifact*> fluentd = WithPurl(root, "pkg:gem/fluentd@1.8.0");
  ASSERT_EQ(fluentd.size(), 1u);
  EXPECT_EQ(fluentd[0]->sha1(), "5f31ca316e345410e5a5b70b5fafed8a51fd5092");
  EXPECT_EQ(fluentd[0]->sha256(), "");
  EXPECT_EQ(fluentd[0]->id(), "pkg:gem/fluentd@1.8.0");

  const std::vector<const v1::Artifact*> debian = Named(root, "debian");
  ASSERT_EQ(debian.size(), 1u);
  EXPECT_EQ(debian[0]->version(), "10.2");
}

TEST(CycloneDxRealDocuments, TrivyCentosSbomInTheOldToolsListForm) {
  const Result result = ReadFile("trivy-centos-7.cdx.json");
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_THAT(result.Messages(), IsEmpty());
  ASSERT_EQ(result.records.size(), 1u);
  const v1::Artifact& root = result.records[0].artifact;
  EXPECT_EQ(root.name(), "integration/testdata/fixtures/images/centos-7.tar.gz");
  ASSERT_EQ(root.components_size(), 3);
  EXPECT_EQ(root.components(1).name(), "openssl-libs");
  EXPECT_EQ(root.components(1).version(), "1.0.2k-16.el7");
  EXPECT_EQ(root.components(1).purl(),
            "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&distro=centos-7.6.1810");
  EXPECT_EQ(root.components(2).name(), "centos");
}

TEST(CycloneDxRealDocuments, CdxgenMavenProjectGivesPublisherAndBothHashes) {
  const Result result = ReadFile("cdxgen-9.10.2-vuln-spring.cdx.json");
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_THAT(result.Messages(), IsEmpty());
  ASSERT_EQ(result.records.size(), 1u);
  const v1::Artifact& root = result.records[0].artifact;
  // The Maven group stays out of the name: it is in the purl.
  EXPECT_EQ(root.name(), "vuln-spring");
  EXPECT_EQ(root.version(), "0.0.1-SNAPSHOT");
  EXPECT_EQ(root.purl(), "pkg:maven/com.example/vuln-spring@0.0.1-SNAPSHOT?type=jar");
  EXPECT_EQ(root.components_size(), 88);

  const std::vector<const v1::Artifact*> jdbc =
      WithPurl(root, "pkg:maven/org.springframework.boot/spring-boot-starter-jdbc@2.2.6.RELEASE?type=jar");
  ASSERT_EQ(jdbc.size(), 1u);
  EXPECT_EQ(jdbc[0]->name(), "spring-boot-starter-jdbc");
  EXPECT_EQ(jdbc[0]->vendor(), "Pivotal Software, Inc.");
  // Eight algorithms are listed; SHA-256 and SHA-1 are kept.
  EXPECT_EQ(jdbc[0]->sha256(), "a246836103e5c16054aa3f4338cc1776143826515ed8696d63398914540b459b");
  EXPECT_EQ(jdbc[0]->sha1(), "ca8051a3df9eb7355728f1caf22891eec97b9b92");
}

TEST(CycloneDxRealDocuments, CdxgenEmptyPublisherIsNoVendor) {
  const Result result = ReadFile("cdxgen-5.5.6-java-maven.cdx.json");
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_THAT(result.Messages(), IsEmpty());
  ASSERT_EQ(result.records.size(), 1u);
  const v1::Artifact& root = result.records[0].artifact;
  EXPECT_EQ(root.name(), "java-maven");
  EXPECT_EQ(root.vendor(), "");  // "publisher": ""
  EXPECT_EQ(root.components_size(), 26);
  const std::vector<const v1::Artifact*> netty =
      WithPurl(root, "pkg:maven/io.netty/netty@3.9.1.Final?type=jar");
  ASSERT_EQ(netty.size(), 1u);
  EXPECT_EQ(netty[0]->version(), "3.9.1.Final");
  EXPECT_EQ(netty[0]->vendor(), "");
}

// --- Field mapping ----------------------------------------------------------------

TEST(CycloneDxMapping, MapsEveryComponentField) {
  const Result result = ReadText(Document(R"(
    {"type": "application", "bom-ref": "kav-sdk-1", "group": "com.kaspersky", "name": "Anti-Virus SDK",
     "version": "8.9.2", "publisher": "AO Kaspersky Lab",
     "purl": "pkg:maven/com.kaspersky/anti-virus-sdk@8.9.2",
     "cpe": "cpe:2.3:a:kaspersky:anti-virus_sdk:8.9.2:*:*:*:*:*:*:*",
     "hashes": [
       {"alg": "MD5", "content": "9e107d9d372bb6826bd81d3542a419d6"},
       {"alg": "SHA-1", "content": "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"},
       {"alg": "SHA-256", "content": "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"},
       {"alg": "SHA-512", "content": "07e547d9586f6a73f73fbac0435ed76951218fb7d0c8d788a309d785436bbb64"}],
     "description": "ignored", "licenses": [{"license": {"id": "LicenseRef-proprietary"}}]})"));
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_THAT(result.Messages(), IsEmpty());
  ASSERT_EQ(result.records.size(), 1u);
  ASSERT_EQ(result.records[0].artifact.components_size(), 1);
  const v1::Artifact& sdk = result.records[0].artifact.components(0);
  EXPECT_EQ(sdk.name(), "Anti-Virus SDK");
  EXPECT_EQ(sdk.version(), "8.9.2");
  EXPECT_EQ(sdk.vendor(), "AO Kaspersky Lab");
  EXPECT_EQ(sdk.id(), "kav-sdk-1");
  EXPECT_EQ(sdk.purl(), "pkg:maven/com.kaspersky/anti-virus-sdk@8.9.2");
  EXPECT_EQ(sdk.cpe(), "cpe:2.3:a:kaspersky:anti-virus_sdk:8.9.2:*:*:*:*:*:*:*");
  EXPECT_EQ(sdk.sha1(), "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12");
  EXPECT_EQ(sdk.sha256(), "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592");
  EXPECT_EQ(result.records[0].source, "bom.json");
  EXPECT_EQ(result.records[0].line, 0u);
}

TEST(CycloneDxMapping, VendorComesFromPublisherThenSupplierManufacturerAuthorAuthors) {
  const Result result = ReadText(Document(R"(
    {"name": "a", "publisher": "Publisher A", "supplier": {"name": "Supplier A"}, "author": "Author A"},
    {"name": "b", "publisher": " ", "supplier": {"name": "Supplier B", "url": ["https://b.example"]},
     "manufacturer": {"name": "Manufacturer B"}},
    {"name": "c", "supplier": {"url": ["https://c.example"]}, "manufacturer": {"name": "Manufacturer C"},
     "author": "Author C"},
    {"name": "d", "author": "Author D", "authors": [{"name": "Authors D"}]},
    {"name": "e", "authors": [{"email": "first@e.example"}, {"name": ""}, {"name": "Second E"}]},
    {"name": "f", "group": "org.example"})"));
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_THAT(result.Messages(), IsEmpty());
  ASSERT_EQ(result.records.size(), 1u);
  std::vector<std::string> vendors;
  for (const v1::Artifact& component : result.records[0].artifact.components()) {
    vendors.push_back(component.vendor());
  }
  // A group is not a vendor (Maven groups, npm scopes).
  EXPECT_THAT(vendors,
              ElementsAre("Publisher A", "Supplier B", "Manufacturer C", "Author D", "Second E", ""));
}

TEST(CycloneDxMapping, VersionMayBeAbsentOrANumberAndHashNamesAreReadLeniently) {
  const Result result = ReadText(Document(R"(
    {"name": "no-version"},
    {"name": "numeric", "version": 2},
    {"name": "lower-case-hash", "hashes": [{"alg": "sha256", "content": "AB12"}, {"alg": "SHA1", "content": "CD34"}]},
    {"name": "first-hash-wins", "hashes": [{"alg": "SHA-256", "content": "01"}, {"alg": "SHA-256", "content": "02"}]})"));
  EXPECT_THAT(result.Messages(), IsEmpty());
  ASSERT_EQ(result.records.size(), 1u);
  const v1::Artifact& root = result.records[0].artifact;
  ASSERT_EQ(root.components_size(), 4);
  EXPECT_EQ(root.components(0).version(), "");
  EXPECT_EQ(root.components(1).version(), "2");
  EXPECT_EQ(root.components(2).sha256(), "AB12");
  EXPECT_EQ(root.components(2).sha1(), "CD34");
  EXPECT_EQ(root.components(3).sha256(), "01");
}

TEST(CycloneDxMapping, SwidNamesAComponentWithoutANameAndGivesItsId) {
  const Result result = ReadText(Document(R"(
    {"type": "application", "swid": {"tagId": "swidgen-acme-gateway-3.1", "name": "Acme Gateway", "version": "3.1"}},
    {"type": "application", "name": "Acme Updater", "bom-ref": "updater",
     "swid": {"tagId": "swidgen-acme-updater", "name": "Updater by SWID"}})"));
  EXPECT_THAT(result.Messages(), IsEmpty());
  ASSERT_EQ(result.records.size(), 1u);
  const v1::Artifact& root = result.records[0].artifact;
  ASSERT_EQ(root.components_size(), 2);
  EXPECT_EQ(root.components(0).name(), "Acme Gateway");
  EXPECT_EQ(root.components(0).id(), "swidgen-acme-gateway-3.1");
  // The component's own name and bom-ref win over its SWID tag's.
  EXPECT_EQ(root.components(1).name(), "Acme Updater");
  EXPECT_EQ(root.components(1).id(), "updater");
}

// --- The root -----------------------------------------------------------------

TEST(CycloneDxRoot, SubjectIsTheRecordWithItsOwnNestedComponentsFirst) {
  const Result result = ReadText(Document(R"({"name": "top-level", "version": "1"})",
                                          R"("component": {"type": "device", "bom-ref": "gw", "group": "",
                                              "name": "Acme Gateway", "version": "3.1",
                                              "manufacturer": {"name": "Acme Corp"},
                                              "components": [{"name": "firmware", "version": "3.1.7"}]})"));
  EXPECT_THAT(result.Messages(), IsEmpty());
  ASSERT_EQ(result.records.size(), 1u);
  const v1::Artifact& root = result.records[0].artifact;
  EXPECT_EQ(root.name(), "Acme Gateway");  // An empty group changes nothing.
  EXPECT_EQ(root.vendor(), "Acme Corp");
  EXPECT_EQ(root.id(), "gw");
  ASSERT_EQ(root.components_size(), 2);
  EXPECT_EQ(root.components(0).name(), "firmware");
  EXPECT_EQ(root.components(1).name(), "top-level");
}

TEST(CycloneDxRoot, WithoutSubjectTheRootIsNamedAfterTheSerialNumber) {
  const Result with_serial =
      ReadText(Document(R"({"name": "zlib", "version": "1.3"})", R"("timestamp": "2024-01-01T00:00:00Z")"));
  EXPECT_THAT(with_serial.Messages(), IsEmpty());
  ASSERT_EQ(with_serial.records.size(), 1u);
  const v1::Artifact& root = with_serial.records[0].artifact;
  EXPECT_EQ(root.name(), "CycloneDX BOM urn:uuid:0b3a9b5e-4a54-4c1a-9d7b-2f8e1c6d5a40");
  EXPECT_EQ(root.id(), "urn:uuid:0b3a9b5e-4a54-4c1a-9d7b-2f8e1c6d5a40");
  EXPECT_EQ(root.version(), "");
  ASSERT_EQ(root.components_size(), 1);
  EXPECT_EQ(root.components(0).name(), "zlib");

  const Result without = ReadText(R"({"bomFormat": "CycloneDX", "specVersion": "1.5"})");
  EXPECT_THAT(without.Messages(), IsEmpty());
  ASSERT_EQ(without.records.size(), 1u);
  EXPECT_EQ(without.records[0].artifact.name(), "CycloneDX BOM");
  EXPECT_EQ(without.records[0].artifact.components_size(), 0);
}

TEST(CycloneDxRoot, RootVendorFallsBackToMetadataSupplierNotToTheBomsMaker) {
  // metadata.manufacturer (1.6) and metadata.authors made the BOM, not the software.
  const Result supplied = ReadText(Document("", R"("component": {"name": "Acme Gateway"},
      "supplier": {"name": "Acme Distribution GmbH"}, "manufacturer": {"name": "SBOM Service Inc"},
      "authors": [{"name": "Jane Doe"}])"));
  EXPECT_THAT(supplied.Messages(), IsEmpty());
  ASSERT_EQ(supplied.records.size(), 1u);
  EXPECT_EQ(supplied.records[0].artifact.vendor(), "Acme Distribution GmbH");

  const Result made = ReadText(Document("", R"("component": {"name": "Acme Gateway"},
      "manufacture": {"name": "Acme Corp"}, "manufacturer": {"name": "SBOM Service Inc"})"));
  ASSERT_EQ(made.records.size(), 1u);
  EXPECT_EQ(made.records[0].artifact.vendor(), "Acme Corp");

  const Result bom_maker_only = ReadText(Document("", R"("component": {"name": "Acme Gateway"},
      "manufacturer": {"name": "SBOM Service Inc"}, "authors": [{"name": "Jane Doe"}])"));
  ASSERT_EQ(bom_maker_only.records.size(), 1u);
  EXPECT_EQ(bom_maker_only.records[0].artifact.vendor(), "");
}

TEST(CycloneDxRoot, NamelessSubjectIsReportedAndTheComponentsAreStillRead) {
  const Result result = ReadText(Document(R"({"name": "zlib"})",
                                          R"("component": {"type": "application", "version": "1.0",
                                              "components": [{"name": "inner"}]})"));
  ASSERT_TRUE(result.status.ok()) << result.status;
  ASSERT_EQ(result.records.size(), 1u);
  const v1::Artifact& root = result.records[0].artifact;
  EXPECT_EQ(root.name(), "CycloneDX BOM urn:uuid:0b3a9b5e-4a54-4c1a-9d7b-2f8e1c6d5a40");
  EXPECT_EQ(root.version(), "");
  ASSERT_EQ(root.components_size(), 1);
  EXPECT_EQ(root.components(0).name(), "zlib");
  EXPECT_THAT(result.Messages(),
              ElementsAre("metadata.component.name: required (skipped with its 1 nested component); the "
                          "document's components are read under a root named after it"));
  EXPECT_EQ(result.problems[0].index, 1u);
}

// --- Relationships -------------------------------------------------------------

TEST(CycloneDxRelationships, DependencyCyclesAndMissingReferencesChangeNothing) {
  const std::string text = absl::StrCat(
      R"({"bomFormat": "CycloneDX", "specVersion": "1.5",
          "metadata": {"component": {"bom-ref": "app", "name": "app"}},
          "components": [{"bom-ref": "a", "name": "a"}, {"bom-ref": "b", "name": "b"}],
          "dependencies": [
            {"ref": "app", "dependsOn": ["a"]},
            {"ref": "a", "dependsOn": ["b"]},
            {"ref": "b", "dependsOn": ["a", "app", "no-such-ref"]},
            {"ref": "ghost", "dependsOn": ["ghost"]}]})");
  const Result result = ReadText(text);
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_THAT(result.Messages(), IsEmpty());
  ASSERT_EQ(result.records.size(), 1u);
  const v1::Artifact& root = result.records[0].artifact;
  ASSERT_EQ(root.components_size(), 2);
  EXPECT_EQ(root.components(0).components_size(), 0);  // dependsOn does not nest.
  EXPECT_EQ(root.components(1).components_size(), 0);
}

TEST(CycloneDxRelationships, MetadataToolsInBothFormsAreNotComponents) {
  const Result list_form = ReadText(R"({"bomFormat": "CycloneDX", "specVersion": "1.4",
      "metadata": {"tools": [{"vendor": "anchore", "name": "syft", "version": "0.58.0"}],
                   "component": {"name": "app"}},
      "components": [{"name": "lib"}]})");
  const Result object_form = ReadText(R"({"bomFormat": "CycloneDX", "specVersion": "1.5",
      "metadata": {"tools": {"components": [{"type": "application", "name": "cdxgen"}],
                             "services": [{"name": "scanner"}]},
                   "component": {"name": "app"}},
      "components": [{"name": "lib"}]})");
  for (const Result* result : {&list_form, &object_form}) {
    EXPECT_THAT(result->Messages(), IsEmpty());
    ASSERT_EQ(result->records.size(), 1u);
    ASSERT_EQ(result->records[0].artifact.components_size(), 1);
    EXPECT_EQ(result->records[0].artifact.components(0).name(), "lib");
  }
}

TEST(CycloneDxRelationships, NestingDeeperThan64LevelsIsReportedAndCut) {
  // 70 levels: level-1 at the top, level-70 innermost.
  std::string nested;
  for (int level = 70; level >= 1; --level) {
    nested = absl::StrCat(R"({"name": "level-)", level, R"(")",
                          nested.empty() ? "" : absl::StrCat(R"(, "components": [)", nested, "]"), "}");
  }
  const Result result = ReadText(Document(nested));
  ASSERT_TRUE(result.status.ok()) << result.status;
  ASSERT_EQ(result.records.size(), 1u);
  const v1::Artifact& root = result.records[0].artifact;
  EXPECT_EQ(CountAll(root), 1u + 64u);
  const v1::Artifact* deepest = &root;
  while (deepest->components_size() > 0) deepest = &deepest->components(0);
  EXPECT_EQ(deepest->name(), "level-64");
  std::string path = "components[0]";
  for (int level = 2; level <= 65; ++level) absl::StrAppend(&path, ".components[0]");
  EXPECT_THAT(result.Messages(),
              ElementsAre(absl::StrCat(
                  path, ": nested deeper than 64 levels (skipped with its 5 nested components)")));
}

// --- Bad entries -------------------------------------------------------------------

TEST(CycloneDxBadEntries, ComponentWithoutNameIsSkippedWithItsSubtree) {
  const Result result = ReadText(Document(R"(
    {"name": "first"},
    {"type": "library", "version": "1.0", "components": [{"name": "child", "components": [{"name": "grandchild"}]}]},
    {"name": "", "purl": "pkg:npm/empty-name@1.0.0"},
    {"name": "last"})"));
  ASSERT_TRUE(result.status.ok()) << result.status;
  ASSERT_EQ(result.records.size(), 1u);
  const v1::Artifact& root = result.records[0].artifact;
  ASSERT_EQ(root.components_size(), 2);
  EXPECT_EQ(root.components(0).name(), "first");
  EXPECT_EQ(root.components(1).name(), "last");
  EXPECT_THAT(result.Messages(),
              ElementsAre("components[1].name: required (skipped with its 2 nested components)",
                          "components[2].name: required"));
  // The record is first; each skipped component is numbered after it.
  EXPECT_EQ(result.records[0].index, 0u);
  EXPECT_EQ(result.problems[0].index, 1u);
  EXPECT_EQ(result.problems[1].index, 2u);
  EXPECT_EQ(result.problems[0].ToString(),
            "bom.json: record 1: components[1].name: required (skipped with its 2 "
            "nested components)");
}

TEST(CycloneDxBadEntries, WrongTypesAreReportedWithTheirPathAndTheRestIsRead) {
  const Result result = ReadText(Document(R"(
    {"name": "h", "hashes": [{"alg": "SHA-256", "content": 12345}]},
    {"name": "parent", "components": [{"name": "ok"}, {"name": "bad-purl", "purl": {"type": "npm"}}]},
    {"name": "s", "supplier": "Acme"},
    {"name": "a", "authors": {"name": "Jane"}},
    "not a component",
    {"name": {"en": "localised"}},
    {"name": "n", "components": {"name": "not an array"}},
    {"name": "w", "swid": {"tagId": 7, "name": "w"}},
    {"name": "m", "manufacturer": {"name": ["Acme"]}},
    {"name": "good", "version": "1.0"})"));
  ASSERT_TRUE(result.status.ok()) << result.status;
  ASSERT_EQ(result.records.size(), 1u);
  const v1::Artifact& root = result.records[0].artifact;
  ASSERT_EQ(root.components_size(), 2);
  EXPECT_EQ(root.components(0).name(), "parent");
  ASSERT_EQ(root.components(0).components_size(), 1);
  EXPECT_EQ(root.components(0).components(0).name(), "ok");
  EXPECT_EQ(root.components(1).name(), "good");
  EXPECT_THAT(result.Messages(),
              ElementsAre("components[0].hashes[0].content: expected a string, got a number",
                          "components[1].components[1].purl: expected a string, got an object",
                          "components[2].supplier: expected an object, got a string",
                          "components[3].authors: expected an array, got an object",
                          "components[4]: expected an object, got a string",
                          "components[5].name: expected a string, got an object",
                          "components[6].components: expected an array, got an object",
                          "components[7].swid.tagId: expected a string, got a number",
                          "components[8].manufacturer.name: expected a string, got an array"));
}

TEST(CycloneDxBadEntries, MistypedDocumentPartsAreReportedAndIgnored) {
  const Result components =
      ReadText(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": {"name": "x"}})");
  ASSERT_EQ(components.records.size(), 1u);
  EXPECT_EQ(components.records[0].artifact.components_size(), 0);
  EXPECT_THAT(components.Messages(), ElementsAre("components: expected an array, got an object"));

  const Result metadata = ReadText(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": [],
                                       "components": [{"name": "x"}]})");
  ASSERT_EQ(metadata.records.size(), 1u);
  EXPECT_EQ(metadata.records[0].artifact.components_size(), 1);
  EXPECT_THAT(metadata.Messages(), ElementsAre("metadata: expected an object, got an array (ignored)"));

  const Result supplier = ReadText(Document("", R"("component": {"name": "app"}, "supplier": "Acme")"));
  ASSERT_EQ(supplier.records.size(), 1u);
  EXPECT_EQ(supplier.records[0].artifact.name(), "app");
  EXPECT_THAT(supplier.Messages(),
              ElementsAre("metadata.supplier: expected an object, got a string (ignored)"));
}

// A repeated key makes a component say two things (two names, two purls): the
// component is skipped as one that cannot be read, not read as either.
TEST(CycloneDxBadEntries, AComponentWithARepeatedKeyIsSkippedWithItsSubtree) {
  const Result result = ReadText(Document(R"(
    {"name": "first"},
    {"name": "Kaspersky Anti-Virus SDK", "name": "zlib", "components": [{"name": "child"}]},
    {"name": "h", "hashes": [{"alg": "SHA-256", "alg": "MD5", "content": "00"}]},
    {"name": "parent", "components": [{"name": "ok"}, {"name": "x", "purl": "pkg:npm/a", "purl": "pkg:npm/b"}]},
    {"name": "last"})",
                                          R"("component": {"name": "app", "version": "1", "version": "2"})"));
  ASSERT_TRUE(result.status.ok()) << result.status;
  ASSERT_EQ(result.records.size(), 1u);
  const v1::Artifact& root = result.records[0].artifact;
  // The subject is unreadable: the root is named after the document.
  EXPECT_EQ(root.name(), "CycloneDX BOM urn:uuid:0b3a9b5e-4a54-4c1a-9d7b-2f8e1c6d5a40");
  ASSERT_EQ(root.components_size(), 3);
  EXPECT_EQ(root.components(0).name(), "first");
  EXPECT_EQ(root.components(1).name(), "parent");
  ASSERT_EQ(root.components(1).components_size(), 1);
  EXPECT_EQ(root.components(1).components(0).name(), "ok");
  EXPECT_EQ(root.components(2).name(), "last");
  EXPECT_THAT(result.Messages(),
              ElementsAre("metadata.component: duplicate key \"version\"; the document's components are read "
                          "under a root named after it",
                          "components[1]: duplicate key \"name\" (skipped with its 1 nested component)",
                          "components[2].hashes[0]: duplicate key \"alg\"",
                          "components[3].components[1]: duplicate key \"purl\""));
}

TEST(CycloneDxBadEntries, AKeyRepeatedOutsideTheComponentsRefusesTheDocument) {
  const std::string components_twice =
      R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": "Kaspersky"}], "components": []})";
  const std::string in_dependencies =
      R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": "a"}],)"
      R"( "dependencies": [{"ref": "a", "ref": "b"}]})";
  const struct {
    std::string text;
    std::string message;
  } cases[] = {
      {components_twice, "duplicate key \"components\" (the document is not read)"},
      {in_dependencies, "dependencies[0]: duplicate key \"ref\" (the document is not read)"},
  };
  for (const auto& c : cases) {
    const Result result = ReadText(c.text);
    EXPECT_TRUE(result.records.empty());
    EXPECT_THAT(result.Messages(), ElementsAre(c.message));
  }
}

// --- Documents -----------------------------------------------------------------

TEST(CycloneDxDocuments, DetectedWhetherPrettyPrintedOrMinified) {
  const std::string minified =
      R"({"bomFormat":"CycloneDX","specVersion":"1.7","components":[{"name":"zlib","version":"1.3"}]})";
  const std::string pretty =
      "{\n  \"$schema\": \"http://cyclonedx.org/schema/bom-1.7.schema.json\",\n"
      "  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.7\",\n"
      "  \"components\": [\n    {\"name\": \"zlib\", \"version\": \"1.3\"}\n  ]\n}\n";
  for (const std::string& text : {minified, pretty}) {
    const Result result = ReadText(text);
    EXPECT_EQ(result.format, InventoryFormat::kCycloneDx);
    ASSERT_TRUE(result.status.ok()) << result.status;
    ASSERT_EQ(result.records.size(), 1u);
    ASSERT_EQ(result.records[0].artifact.components_size(), 1);
    EXPECT_EQ(result.records[0].artifact.components(0).name(), "zlib");
  }
}

TEST(CycloneDxDocuments, EverySpecVersionFrom12To17IsReadAndOthersAreRefused) {
  for (const char* version : {"1.2", "1.3", "1.4", "1.5", "1.6", "1.7"}) {
    const Result result = ReadText(absl::StrCat(R"({"bomFormat": "CycloneDX", "specVersion": ")", version,
                                                R"(", "components": [{"name": "zlib"}]})"));
    EXPECT_THAT(result.Messages(), IsEmpty()) << version;
    EXPECT_EQ(result.records.size(), 1u) << version;
  }
  for (const char* version : {"2.0", "1.1", "1.x", "one"}) {
    const Result result = ReadText(absl::StrCat(R"({"bomFormat": "CycloneDX", "specVersion": ")", version,
                                                R"(", "components": [{"name": "zlib"}]})"));
    EXPECT_THAT(result.records, IsEmpty()) << version;
    EXPECT_THAT(result.Messages(),
                ElementsAre(absl::StrCat(
                    "specVersion: \"", version,
                    "\" is not a CycloneDX JSON version this reader knows (1.2 to 1.7, and later 1.x)")));
  }
}

TEST(CycloneDxDocuments, ForcedFormatRefusesWhatIsNotCycloneDx) {
  const Result spdx = ReadText(R"({"spdxVersion": "SPDX-2.3", "packages": []})", InventoryFormat::kCycloneDx);
  EXPECT_THAT(spdx.records, IsEmpty());
  EXPECT_THAT(spdx.Messages(), ElementsAre("bomFormat: required (not a CycloneDX document)"));

  const Result other =
      ReadText(R"({"bomFormat": "SPDX", "specVersion": "1.6"})", InventoryFormat::kCycloneDx);
  EXPECT_THAT(other.Messages(), ElementsAre("bomFormat: expected \"CycloneDX\", got \"SPDX\""));

  const Result no_version = ReadText(R"({"bomFormat": "CycloneDX"})", InventoryFormat::kCycloneDx);
  EXPECT_THAT(no_version.Messages(), ElementsAre("specVersion: required"));

  const Result array = ReadText(R"([{"bomFormat": "CycloneDX"}])", InventoryFormat::kCycloneDx);
  EXPECT_THAT(array.records, IsEmpty());
  EXPECT_THAT(array.Messages(), ElementsAre("expected a CycloneDX document (a JSON object), got an array"));
}

TEST(CycloneDxDocuments, TruncatedOrMalformedDocumentEndsTheReadingWithAStatus) {
  const std::string whole = Document(R"({"name": "zlib", "version": "1.3"}, {"name": "openssl"})");
  const Result truncated = ReadText(whole.substr(0, whole.size() - 20));
  EXPECT_EQ(truncated.format, InventoryFormat::kCycloneDx);
  EXPECT_THAT(truncated.records, IsEmpty());
  EXPECT_EQ(truncated.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(truncated.status.message()),
              HasSubstr("not a complete JSON document (truncated or malformed)"));

  const Result malformed =
      ReadText(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": zlib}]})");
  EXPECT_THAT(malformed.records, IsEmpty());
  EXPECT_FALSE(malformed.status.ok());
  EXPECT_THAT(std::string(malformed.status.message()), HasSubstr("line 1, column"));
}

TEST(CycloneDxDocuments, DocumentLargerThanTheLimitIsRefused) {
  std::istringstream in(absl::StrCat("{\n\"bomFormat\": \"CycloneDX\",\n\"specVersion\": \"1.6\",\n",
                                     "\"components\": [{\"name\": \"zlib\"}, {\"name\": \"openssl\"}]\n}\n"));
  InventoryOptions options;
  options.max_document_bytes = 64;
  absl::StatusOr<std::unique_ptr<InventoryReader>> reader =
      InventoryReader::FromStream(&in, "big.json", options);
  ASSERT_TRUE(reader.ok()) << reader.status();
  const Result result = ReadAll(reader->get());
  EXPECT_THAT(result.records, IsEmpty());
  EXPECT_EQ(result.status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(result.status.message()), HasSubstr("larger than 64 bytes"));
}

}  // namespace
}  // namespace interdict
