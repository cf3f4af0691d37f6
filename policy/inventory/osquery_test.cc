// Tests of the osquery reader: `osqueryi --json` arrays and osqueryd result logs
// (event, snapshot and batch formats) of the inventory tables (programs, deb_packages,
// rpm_packages, apps joined with signature, homebrew_packages, chocolatey_packages,
// npm_packages, python_packages, chrome_extensions), tables told by their columns,
// removed rows skipped, rows of other queries ignored and summarised per query, and bad
// rows reported with their JSON path while the rest is read.
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "policy/inventory/inventory.h"

namespace interdict {
namespace {

constexpr char kTestdata[] = "policy/inventory/testdata/osquery/";

std::unique_ptr<InventoryReader> OpenTestdata(const std::string& file) {
  absl::StatusOr<std::unique_ptr<InventoryReader>> reader =
      InventoryReader::Open(absl::StrCat(kTestdata, file));
  EXPECT_TRUE(reader.ok()) << reader.status();
  return reader.ok() ? *std::move(reader) : nullptr;
}

std::unique_ptr<InventoryReader> FromText(const std::string& text, std::istringstream* stream,
                                          InventoryOptions options = {}) {
  stream->str(text);
  absl::StatusOr<std::unique_ptr<InventoryReader>> reader =
      InventoryReader::FromStream(stream, "in", options);
  EXPECT_TRUE(reader.ok()) << reader.status();
  return reader.ok() ? *std::move(reader) : nullptr;
}

std::vector<InventoryRecord> ReadAll(InventoryReader* reader) {
  std::vector<InventoryRecord> records;
  InventoryRecord record;
  while (reader->Next(&record)) records.push_back(record);
  return records;
}

// The records' artifact names.
std::vector<std::string> Names(const std::vector<InventoryRecord>& records) {
  std::vector<std::string> names;
  for (const InventoryRecord& record : records) names.push_back(record.artifact.name());
  return names;
}

// The problems' messages.
std::vector<std::string> Messages(const InventoryReader& reader) {
  std::vector<std::string> messages;
  for (const InventoryProblem& problem : reader.problems()) messages.push_back(problem.message);
  return messages;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The one record of an osqueryi array holding `row` (a JSON object).
v1::Artifact OneArtifact(const std::string& row) {
  std::istringstream stream;
  auto reader = FromText(absl::StrCat("[\n  ", row, "\n]\n"), &stream);
  if (reader == nullptr) return v1::Artifact();
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  EXPECT_EQ(records.size(), 1u) << row;
  EXPECT_TRUE(reader->problems().empty()) << reader->problems()[0].ToString();
  return records.empty() ? v1::Artifact() : records[0].artifact;
}

TEST(OsqueryReaderTest, ReadsWindowsProgramsFromAnOsqueryiArray) {
  auto reader = OpenTestdata("windows_programs.json");
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->format(), InventoryFormat::kOsquery);
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  EXPECT_EQ(Names(records),
            (std::vector<std::string>{"7-Zip 23.01 (x64)", "Kaspersky Endpoint Security for Windows",
                                      "Kaspersky Security Center Network Agent", "Microsoft Edge"}));
  ASSERT_EQ(records.size(), 4u);
  const v1::Artifact& kes = records[1].artifact;
  EXPECT_EQ(kes.vendor(), "AO Kaspersky Lab");
  EXPECT_EQ(kes.version(), "12.3.0.493");
  EXPECT_EQ(kes.install_path(), "C:\\Program Files (x86)\\Kaspersky Lab\\KES.12.3.0\\");
  EXPECT_EQ(kes.msi_product_code(), "{6A1D2F27-9B2C-4B1E-9D3A-5C6F7A8B9C0D}");
  EXPECT_EQ(kes.msi_upgrade_code(), "{0F4F1B44-7F2E-4F4B-A3C5-8E8B2C7D1A60}");
  EXPECT_EQ(kes.purl(), "");
  // An array names no host; the records are numbered in the document (line 0).
  EXPECT_EQ(records[1].host, "");
  EXPECT_EQ(records[1].asset_id, "");
  EXPECT_EQ(records[1].line, 0u);
  EXPECT_EQ(records[1].index, 1u);
  // 7-Zip's uninstall key is named "7-Zip", not a product code; its upgrade code is empty.
  EXPECT_EQ(records[0].artifact.vendor(), "Igor Pavlov");
  EXPECT_EQ(records[0].artifact.msi_product_code(), "");
  EXPECT_EQ(records[0].artifact.msi_upgrade_code(), "");
  EXPECT_EQ(records[0].artifact.install_path(), "C:\\Program Files\\7-Zip\\");
  EXPECT_TRUE(reader->problems().empty());
  EXPECT_TRUE(reader->status().ok()) << reader->status();
}

TEST(OsqueryReaderTest, IdentifyingNumberIsAProductCodeOnlyWhenItIsAGuid) {
  EXPECT_EQ(OneArtifact(R"({"name":"A","identifying_number":"2924beda-e0d7-4daf-a224-50d2e0b12f5b"})")
                .msi_product_code(),
            "2924beda-e0d7-4daf-a224-50d2e0b12f5b");
  EXPECT_EQ(OneArtifact(R"({"name":"A","identifying_number":"{2924BEDA-E0D7-4DAF-A224-50D2E0B12F5B}_is1"})")
                .msi_product_code(),
            "");
  EXPECT_EQ(OneArtifact(R"({"name":"A","identifying_number":"{2924BEDA-E0D7-4DAF-A224-50D2E0B12F5}"})")
                .msi_product_code(),
            "");
  EXPECT_EQ(OneArtifact(R"({"name":"A","identifying_number":"{2924BEDA+E0D7-4DAF-A224-50D2E0B12F5B}"})")
                .msi_product_code(),
            "");
}

TEST(OsqueryReaderTest, ReadsDebPackagesFromAnEventLogWithTheirHost) {
  auto reader = OpenTestdata("linux_results.log");
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->format(), InventoryFormat::kOsquery);
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  // kav4fs keeps only its configuration files (not installed); the last line removes
  // kesl-gui: neither is a record nor a problem.
  EXPECT_EQ(Names(records), (std::vector<std::string>{"kesl", "kesl-gui", "klnagent64", "libc6"}));
  ASSERT_EQ(records.size(), 4u);
  const InventoryRecord& kesl = records[0];
  EXPECT_EQ(kesl.host, "astra-ws-01");
  EXPECT_EQ(kesl.asset_id, "astra-ws-01");
  EXPECT_EQ(kesl.line, 1u);
  EXPECT_EQ(kesl.artifact.version(), "12.0.0-6672");
  EXPECT_EQ(kesl.artifact.vendor(), "AO Kaspersky Lab");
  EXPECT_EQ(kesl.artifact.purl(), "pkg:deb/kesl@12.0.0-6672?arch=amd64");
  EXPECT_EQ(records[3].artifact.purl(), "pkg:deb/libc6@2.28-10+deb10u1+ci202311091600+astra3?arch=amd64");
  EXPECT_EQ(records[3].artifact.vendor(), "GNU Libc Maintainers");
  // The listening_ports row is of no inventory table: ignored (not a bad record), and
  // summarised with its query, columns and place; it keeps its record index (4).
  EXPECT_TRUE(reader->problems().empty()) << reader->problems()[0].ToString();
  EXPECT_EQ(reader->skipped(), 0u);
  EXPECT_EQ(reader->ignored_rows(), 1u);
  ASSERT_EQ(reader->ignored().size(), 1u);
  const IgnoredQuery& ports = reader->ignored()[0];
  EXPECT_EQ(ports.query, "pack_monitoring_listening_ports");
  EXPECT_EQ(ports.first_line, 6u);
  EXPECT_EQ(ports.first_index, 4u);
  EXPECT_EQ(ports.rows, 1u);
  EXPECT_EQ(ports.columns, (std::vector<std::string>{"address", "pid", "port", "protocol"}));
  EXPECT_EQ(ports.ToString(),
            "policy/inventory/testdata/osquery/linux_results.log:6: query \"pack_monitoring_listening_ports\": "
            "1 row ignored: not a software inventory table (columns: address, pid, port, protocol)");
  EXPECT_TRUE(reader->status().ok()) << reader->status();
}

TEST(OsqueryReaderTest, ReadsRpmPackagesFromBatchLogsWithTheEpochInTheVersion) {
  auto reader = OpenTestdata("linux_batch.log");
  ASSERT_NE(reader, nullptr);
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  // The second batch removes kesl 12.0.0 (not a record) and adds kesl 12.1.0.
  EXPECT_EQ(Names(records),
            (std::vector<std::string>{"bash", "openssl-libs", "kesl", "klnagent64", "gpg-pubkey", "kesl"}));
  ASSERT_EQ(records.size(), 6u);
  EXPECT_EQ(records[1].artifact.version(), "1:3.0.7-27.el9");
  EXPECT_EQ(records[1].artifact.purl(), "pkg:rpm/openssl-libs@3.0.7-27.el9?arch=x86_64&epoch=1");
  EXPECT_EQ(records[1].artifact.vendor(), "Red Hat, Inc.");
  EXPECT_EQ(records[3].artifact.purl(), "pkg:rpm/klnagent64@14.2.0-35148?arch=x86_64");
  EXPECT_EQ(records[3].artifact.vendor(), "AO Kaspersky Lab");
  EXPECT_EQ(records[3].host, "rhel-srv-02");
  EXPECT_EQ(records[3].asset_id, "rhel-srv-02");
  EXPECT_EQ(records[4].artifact.purl(), "pkg:rpm/gpg-pubkey@fd431d51-4ae0493b");  // No arch.
  EXPECT_EQ(records[5].artifact.version(), "12.1.0-1297");
  EXPECT_EQ(records[5].line, 2u);
  EXPECT_TRUE(reader->problems().empty()) << reader->problems()[0].ToString();
}

TEST(OsqueryReaderTest, RpmEpochZeroIsLeftOutAndAnEpochMustBeANumber) {
  EXPECT_EQ(OneArtifact(R"({"name":"a","version":"1.0","release":"2","epoch":"0","arch":"noarch"})").purl(),
            "pkg:rpm/a@1.0-2?arch=noarch");
  EXPECT_EQ(OneArtifact(R"({"name":"a","version":"1.0","release":"","epoch":"3"})").version(), "3:1.0");
  std::istringstream stream;
  auto reader = FromText(
      R"([{"name":"a","version":"1.0","release":"2","epoch":"x1"},{"name":"b","release":"1"}])", &stream);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(Names(ReadAll(reader.get())), (std::vector<std::string>{"b"}));
  EXPECT_EQ(Messages(*reader), (std::vector<std::string>{"[0].epoch: expected a number, got \"x1\""}));
}

TEST(OsqueryReaderTest, JoinsSignatureColumnsOntoAppsAndMergesTheRowsOfEachArchitecture) {
  auto reader = OpenTestdata("macos_snapshots.log");
  ASSERT_NE(reader, nullptr);
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  // Three rows of Kaspersky Security Cloud (arch "", arm64, x86_64) and two of Safari
  // make one record each.
  EXPECT_EQ(Names(records), (std::vector<std::string>{"Kaspersky Security Cloud", "Safari", "Lark",
                                                      "openssl@3", "google-chrome"}));
  ASSERT_EQ(records.size(), 5u);
  const v1::Artifact& ksc = records[0].artifact;
  EXPECT_EQ(ksc.bundle_id(), "com.kaspersky.kav");
  EXPECT_EQ(ksc.version(), "21.3.10.391");
  EXPECT_EQ(ksc.install_path(), "/Applications/Kaspersky Security Cloud.app");
  EXPECT_EQ(ksc.team_id(), "2Y8XE5CQ94");
  EXPECT_EQ(ksc.signing_id(), "2Y8XE5CQ94:com.kaspersky.kav");
  EXPECT_EQ(ksc.signer_subject(), "Developer ID Application: Kaspersky Lab UK Limited (2Y8XE5CQ94)");
  EXPECT_EQ(ksc.vendor(), "");
  EXPECT_EQ(records[0].host, "mac-fin-07");
  EXPECT_EQ(records[0].asset_id, "mac-fin-07");
  // Apple's own code has no team: Santa's "platform:" signing id.
  EXPECT_EQ(records[1].artifact.signing_id(), "platform:com.apple.Safari");
  EXPECT_EQ(records[1].artifact.team_id(), "");
  EXPECT_EQ(records[1].artifact.signer_subject(), "Software Signing");
  // Unsigned: no signing fields.
  EXPECT_EQ(records[2].artifact.signing_id(), "");
  EXPECT_EQ(records[2].artifact.bundle_id(), "com.electron.lark");
  // Homebrew: name, version, path; no vendor, no purl.
  EXPECT_EQ(records[3].artifact.version(), "3.3.0");
  EXPECT_EQ(records[3].artifact.install_path(), "/opt/homebrew/Cellar/openssl@3");
  EXPECT_EQ(records[3].artifact.purl(), "");
  EXPECT_EQ(records[4].line, 2u);
  EXPECT_TRUE(reader->problems().empty()) << reader->problems()[0].ToString();
}

TEST(OsqueryReaderTest, JoinsSeparateSignatureRowsOntoAppsByPath) {
  std::istringstream stream;
  auto reader = FromText(
      R"js([
  {"bundle_identifier":"com.kaspersky.kav","bundle_short_version":"","bundle_version":"391","name":"Kaspersky Security Cloud.app","path":"/Applications/Kaspersky Security Cloud.app"},
  {"bundle_identifier":"com.example.tool","bundle_short_version":"2.0","name":"Tool.app","path":"/Applications/Tool.app"},
  {"arch":"x86_64","authority":"Developer ID Application: Kaspersky (2Y8XE5CQ94)","identifier":"com.kaspersky.kav.x86","path":"/Applications/Kaspersky Security Cloud.app/","signed":"1","team_identifier":"2Y8XE5CQ94"},
  {"arch":"","authority":"Developer ID Application: Kaspersky (2Y8XE5CQ94)","identifier":"com.kaspersky.kav","path":"/Applications/Kaspersky Security Cloud.app","signed":"0","team_identifier":"2Y8XE5CQ94"},
  {"arch":"","authority":"Developer ID Application: Kaspersky (2Y8XE5CQ94)","identifier":"com.kaspersky.kav.agent","path":"/Library/Application Support/Kaspersky Lab/kav_agent","signed":"1","team_identifier":"2Y8XE5CQ94"},
  {"arch":"arm64","authority":"Developer ID Application: Kaspersky (2Y8XE5CQ94)","identifier":"com.kaspersky.kav.agent","path":"/Library/Application Support/Kaspersky Lab/kav_agent","signed":"1","team_identifier":"2Y8XE5CQ94"},
  {"arch":"","authority":"","identifier":"a.out-5555","path":"/usr/local/bin/adhoc","signed":"1","team_identifier":""}
]
)js",
      &stream);
  ASSERT_NE(reader, nullptr);
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  EXPECT_EQ(Names(records),
            (std::vector<std::string>{"Kaspersky Security Cloud", "Tool", "kav_agent", "adhoc"}));
  ASSERT_EQ(records.size(), 4u);
  // CFBundleVersion when the short version is empty; the whole file's signature row wins
  // over a slice's, even unsigned (signed 0: the bundle was modified, still Kaspersky's).
  EXPECT_EQ(records[0].artifact.version(), "391");
  EXPECT_EQ(records[0].artifact.signing_id(), "2Y8XE5CQ94:com.kaspersky.kav");
  EXPECT_EQ(records[0].artifact.team_id(), "2Y8XE5CQ94");
  EXPECT_EQ(records[1].artifact.team_id(), "");
  // A signature of no app is a record of its own, named by its path (one per path).
  EXPECT_EQ(records[2].artifact.install_path(), "/Library/Application Support/Kaspersky Lab/kav_agent");
  EXPECT_EQ(records[2].artifact.signing_id(), "2Y8XE5CQ94:com.kaspersky.kav.agent");
  EXPECT_EQ(records[2].artifact.signer_subject(), "Developer ID Application: Kaspersky (2Y8XE5CQ94)");
  // Ad hoc signing: an identifier without a team is no signing identity.
  EXPECT_EQ(records[3].artifact.signing_id(), "");
  EXPECT_TRUE(reader->problems().empty()) << reader->problems()[0].ToString();
}

TEST(OsqueryReaderTest, ReadsChromeExtensionsJoinedWithUsers) {
  auto reader = OpenTestdata("browser_extensions.json");
  ASSERT_NE(reader, nullptr);
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  ASSERT_EQ(records.size(), 3u);
  const v1::Artifact& kaspersky = records[1].artifact;
  EXPECT_EQ(kaspersky.name(), "Kaspersky Protection");
  EXPECT_EQ(kaspersky.vendor(), "AO Kaspersky Lab");
  EXPECT_EQ(kaspersky.version(), "4.0.98.0");
  EXPECT_EQ(kaspersky.id(), "amkpcclbbgegoafihnpgomddadjhcadd");
  EXPECT_EQ(kaspersky.install_path(),
            "/Users/jdoe/Library/Application Support/Google/Chrome/Default/Extensions/"
            "amkpcclbbgegoafihnpgomddadjhcadd/4.0.98.0_0");
  EXPECT_EQ(kaspersky.purl(), "");
  // The TikTok look-alike names no author: no vendor.
  EXPECT_EQ(records[2].artifact.name(), "TikTok Video Downloader - No Watermark");
  EXPECT_EQ(records[2].artifact.vendor(), "");
  EXPECT_TRUE(reader->problems().empty()) << reader->problems()[0].ToString();
}

TEST(OsqueryReaderTest, ReadsNpmAndPythonPackagesFromSnapshotEventsWithTheirPurls) {
  auto reader = OpenTestdata("dev_packages.log");
  ASSERT_NE(reader, nullptr);
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(records[0].artifact.purl(), "pkg:npm/tiktok-scraper@1.4.36");
  EXPECT_EQ(records[0].artifact.vendor(), "drawrowfly");
  EXPECT_EQ(records[0].artifact.install_path(), "/Users/dev/src/web/node_modules/tiktok-scraper");
  EXPECT_EQ(records[1].artifact.name(), "@bytedance/mona-cli");
  EXPECT_EQ(records[1].artifact.purl(), "pkg:npm/%40bytedance/mona-cli@0.3.2");
  EXPECT_EQ(records[1].artifact.vendor(), "ByteDance");
  EXPECT_EQ(records[3].artifact.name(), "TikTokApi");
  EXPECT_EQ(records[3].artifact.purl(), "pkg:pypi/tiktokapi@6.3.0");
  EXPECT_EQ(records[3].artifact.vendor(), "David Teather");
  EXPECT_EQ(records[4].artifact.purl(), "pkg:pypi/typing-extensions@4.11.0");
  EXPECT_EQ(records[4].host, "dev-mbp-12");
  EXPECT_TRUE(reader->problems().empty()) << reader->problems()[0].ToString();
}

TEST(OsqueryReaderTest, ReadsChocolateyPackagesWithoutAPurl) {
  auto reader = OpenTestdata("windows_chocolatey.json");
  ASSERT_NE(reader, nullptr);
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].artifact.name(), "7zip.install");
  EXPECT_EQ(records[0].artifact.version(), "23.1.0");
  EXPECT_EQ(records[0].artifact.vendor(), "Igor Pavlov");
  EXPECT_EQ(records[0].artifact.install_path(),
            "C:\\ProgramData\\chocolatey\\lib\\7zip.install\\7zip.install.nuspec");
  EXPECT_EQ(records[0].artifact.purl(), "");
  EXPECT_TRUE(reader->problems().empty()) << reader->problems()[0].ToString();
}

// One row per table, with only some of its columns, and what it becomes.
struct TableCase {
  const char* label;
  const char* row;
  const char* purl;      // Expected purl ("" for none).
  const char* expected;  // Another field's expected value, as "field=value".
};

class OsqueryTableTest : public testing::TestWithParam<TableCase> {};

TEST_P(OsqueryTableTest, TellsTheTableByItsColumns) {
  const TableCase& c = GetParam();
  const v1::Artifact artifact = OneArtifact(c.row);
  EXPECT_EQ(artifact.purl(), c.purl);
  const std::string expected = c.expected;
  const std::string field = expected.substr(0, expected.find('='));
  const std::string value = expected.substr(expected.find('=') + 1);
  const google::protobuf::FieldDescriptor* descriptor = artifact.GetDescriptor()->FindFieldByName(field);
  ASSERT_NE(descriptor, nullptr) << field;
  EXPECT_EQ(artifact.GetReflection()->GetString(artifact, descriptor), value);
}

INSTANTIATE_TEST_SUITE_P(
    Tables, OsqueryTableTest,
    testing::Values(
        TableCase{"programs", R"({"name":"Kaspersky Free","publisher":"AO Kaspersky Lab"})", "",
                  "vendor=AO Kaspersky Lab"},
        TableCase{"deb", R"({"name":"kesl","version":"1:12.0","maintainer":"Kaspersky"})",
                  "pkg:deb/kesl@1:12.0", "vendor=Kaspersky"},
        TableCase{"rpm", R"({"name":"kesl","version":"12.0","vendor":"AO Kaspersky Lab"})",
                  "pkg:rpm/kesl@12.0", "vendor=AO Kaspersky Lab"},
        TableCase{"apps", R"({"name":"Kaspersky Free.app","bundle_identifier":"com.kaspersky.kfa"})", "",
                  "name=Kaspersky Free"},
        TableCase{"homebrew_old", R"({"name":"wget","path":"/usr/local/Cellar/wget","version":"1.24.5"})", "",
                  "install_path=/usr/local/Cellar/wget"},
        TableCase{"homebrew", R"({"name":"wget","type":"formula","version":"1.24.5"})", "", "version=1.24.5"},
        TableCase{"npm_by_path", R"({"name":"x","version":"1.0.0","path":"/srv/app/node_modules/x"})",
                  "pkg:npm/x@1.0.0", "install_path=/srv/app/node_modules/x"},
        TableCase{
            "npm",
            R"js({"name":"@types/node","version":"20.1.0","homepage":"","author":"Jane Doe <jane@example.com> (https://example.com)"})js",
            "pkg:npm/%40types/node@20.1.0", "vendor=Jane Doe"},
        TableCase{
            "python_by_path",
            R"({"name":"Django_Rest","version":"3.15","path":"C:\\Python312\\Lib\\site-packages\\django_rest-3.15.dist-info"})",
            "pkg:pypi/django-rest@3.15", "name=Django_Rest"},
        TableCase{"python", R"({"name":"a b","version":"1.0","uid":"0","author":"<dev@example.com>"})",
                  "pkg:pypi/a%20b@1.0", "vendor=<dev@example.com>"},
        TableCase{
            "chocolatey",
            R"({"name":"git","version":"2.45.1","author":"Git for Windows","path":"C:\\ProgramData\\chocolatey\\lib\\git\\git.NUSPEC"})",
            "", "vendor=Git for Windows"},
        TableCase{"chrome",
                  R"({"name":"TikTok","identifier":"abcdefghijklmnopabcdefghijklmnop","version":"1.0"})", "",
                  "id=abcdefghijklmnopabcdefghijklmnop"}),
    [](const testing::TestParamInfo<TableCase>& info) { return std::string(info.param.label); });

TEST(OsqueryReaderTest, RowsOfNoInventoryTableAreIgnoredNotTakenForPackagesNorReported) {
  std::istringstream stream;
  auto reader = FromText(
      R"([
  {"name":"kesl","version":"12.0"},
  {"name":"sshd","path":"/usr/sbin/sshd","pid":"812"},
  {"name":"kesl","version":"12.0","maintainer":"Kaspersky","computed":"1"},
  {"name":"git","summary":"Git","author":"x"},
  {"name":"ok","publisher":"P"},
  {"description":"","display_name":"Kaspersky Security Service","module_path":"","name":"AVP","path":"C:\\avp.exe","pid":"4","service_exit_code":"0","service_type":"OWN_PROCESS","start_type":"AUTO_START","status":"RUNNING","user_account":"LocalSystem","win32_exit_code":"0"},
  {"architectures":"amd64","base_uri":"https://download.astralinux.ru/astra/stable/1.7_x86-64/repository-main","components":"main contrib non-free","maintainer":"","name":"download.astralinux.ru","release":"1.7_x86-64","source":"/etc/apt/sources.list","version":""}
]
)",
      &stream);
  ASSERT_NE(reader, nullptr);
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  EXPECT_EQ(Names(records), (std::vector<std::string>{"ok"}));
  // Columns every table has tell none; an extra column makes a row no table's; a summary
  // without a path could be Chocolatey's or Python's; a services row has apps'
  // display_name and deb's status, an apt_sources row deb's maintainer and rpm's release.
  // None is a bad record: each is a row of no inventory table.
  EXPECT_TRUE(reader->problems().empty()) << reader->problems()[0].ToString();
  EXPECT_EQ(reader->skipped(), 0u);
  EXPECT_EQ(reader->ignored_rows(), 6u);
  // An osqueryi array is one unnamed query: one entry, with its first row's columns.
  ASSERT_EQ(reader->ignored().size(), 1u);
  const IgnoredQuery& ignored = reader->ignored()[0];
  EXPECT_EQ(ignored.query, "");
  EXPECT_FALSE(ignored.other_queries);
  EXPECT_EQ(ignored.first_line, 0u);
  EXPECT_EQ(ignored.first_index, 0u);
  EXPECT_EQ(ignored.rows, 6u);
  EXPECT_EQ(ignored.columns, (std::vector<std::string>{"name", "version"}));
  EXPECT_EQ(ignored.ToString(), "in: 6 rows ignored: not a software inventory table (columns: name, version)");
  // Ignored rows keep their record indexes: "ok" is the fifth row.
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].index, 4u);
  EXPECT_TRUE(reader->status().ok()) << reader->status();
}

// Whether `row` (a JSON object), alone in an osqueryi array, is an ignored row.
bool IsIgnored(const std::string& row) {
  std::istringstream stream;
  auto reader = FromText(absl::StrCat("[", row, "]"), &stream);
  if (reader == nullptr) return false;
  const bool no_record = ReadAll(reader.get()).empty();
  return no_record && reader->problems().empty() && reader->ignored_rows() == 1;
}

TEST(OsqueryReaderTest, UsersUserGroupsAndFirewallExceptionsAreNotTakenForPackages) {
  // `users` and `user_groups` rows have `uid` (python_packages'), but every column is
  // the joined users table's; `alf_exceptions` (osquery's incident-response and
  // it-compliance packs) is `path` and `state`, which chrome_extensions also has.
  EXPECT_TRUE(IsIgnored(
      R"({"description":"root","directory":"/root","gid":"0","gid_signed":"0","shell":"/bin/bash","uid":"0","uid_signed":"0","username":"root","uuid":""})"));
  EXPECT_TRUE(IsIgnored(R"({"gid":"1000","uid":"1000"})"));
  EXPECT_TRUE(IsIgnored(R"({"path":"/System/Library/CoreServices/UniversalControl.app/","state":"0"})"));
  // Joined with a package table, they are that table's rows.
  EXPECT_EQ(
      OneArtifact(
          R"({"author":"Kenneth Reitz","description":"","directory":"/usr/lib/python3/dist-packages","gid":"0","gid_signed":"0","license":"Apache 2.0","name":"requests","path":"/usr/lib/python3/dist-packages/requests-2.25.1.egg-info","shell":"/bin/bash","summary":"Python HTTP for Humans.","uid":"0","uid_signed":"0","username":"root","uuid":"","version":"2.25.1"})")
          .purl(),
      "pkg:pypi/requests@2.25.1");
  EXPECT_EQ(OneArtifact(R"({"name":"X","identifier":"abcdefghijklmnopabcdefghijklmnop","state":"1"})").id(),
            "abcdefghijklmnopabcdefghijklmnop");
}

// An osqueryd result-log event line (the default format) of `query`, as osquery 5 writes
// it on astra-ws-01 (see testdata/osquery/linux_results.log).
std::string EventLine(const std::string& query, const std::string& columns, const std::string& action) {
  return absl::StrCat(
      R"({"name":")", query,
      R"(","hostIdentifier":"astra-ws-01","calendarTime":"Tue May 14 09:12:41 2024 UTC","unixTime":1715677961,"epoch":0,"counter":0,"numerics":false,"decorations":{"host_uuid":"4c4c4544-0051-3510-8052-b4c04f4d4a32","hostname":"astra-ws-01"},"columns":)",
      columns, R"(,"action":")", action, "\"}\n");
}

// A snapshot query's line (`"snapshot": true` in the schedule) of `query`.
std::string SnapshotLine(const std::string& query, const std::string& rows) {
  return absl::StrCat(
      R"({"snapshot":)", rows, R"(,"action":"snapshot","name":")", query,
      R"(","hostIdentifier":"astra-ws-01","calendarTime":"Tue May 14 09:12:41 2024 UTC","unixTime":1715677961,"epoch":0,"counter":0,"numerics":false,"decorations":{"host_uuid":"4c4c4544-0051-3510-8052-b4c04f4d4a32","hostname":"astra-ws-01"}})",
      "\n");
}

std::string DebRow(const std::string& name, const std::string& version) {
  return absl::StrCat(
      R"({"admindir":"/var/lib/dpkg","arch":"amd64","maintainer":"AO Kaspersky Lab <support@kaspersky.com>","name":")",
      name, R"(","priority":"optional","revision":"","section":"non-free/utils","size":"402653184","source":"","status":"install ok installed","version":")",
      version, R"("})");
}

std::string PortRow(const std::string& port, const std::string& pid) {
  return absl::StrCat(
      R"({"address":"0.0.0.0","family":"2","fd":"7","net_namespace":"4026531840","path":"","pid":")", pid,
      R"(","port":")", port, R"(","protocol":"6","socket":"29812"})");
}

constexpr char kOsqueryInfoRow[] =
    R"({"build_distro":"centos7","build_platform":"linux","config_hash":"b7a4a9b1c7c4d1f0e6a3a0f2f0c4f8d2e1b9a7c3","config_valid":"1","extensions":"active","instance_id":"c2a8b5d0-6f5e-4d1b-9a0e-3f7c2b1d4e5a","pid":"1042","platform_mask":"9","start_time":"1715677900","uuid":"4C4C4544-0051-3510-8052-B4C04F4D4A32","version":"5.23.1","watcher":"1040"})";

constexpr char kUsersRows[] =
    R"([{"description":"root","directory":"/root","gid":"0","gid_signed":"0","shell":"/bin/bash","uid":"0","uid_signed":"0","username":"root","uuid":""},{"description":"Astra User,,,","directory":"/home/astra","gid":"1000","gid_signed":"1000","shell":"/bin/bash","uid":"1000","uid_signed":"1000","username":"astra","uuid":""}])";

TEST(OsqueryReaderTest, ALogMixingInventoryAndOtherQueriesReadsEveryRecordAndSummarisesEachOtherQuery) {
  std::istringstream stream;
  auto reader = FromText(
      absl::StrCat(EventLine("pack_inventory_deb_packages", DebRow("kesl", "12.0.0-6672"), "added"),
                   EventLine("pack_monitoring_listening_ports", PortRow("15000", "1187"), "added"),
                   EventLine("pack_monitoring_listening_ports", PortRow("22", "812"), "added"),
                   SnapshotLine("pack_osquery-monitoring_osquery_info", absl::StrCat("[", kOsqueryInfoRow, "]")),
                   EventLine("pack_inventory_deb_packages", DebRow("klnagent64", "14.2.0-35148"), "added"),
                   EventLine("pack_monitoring_listening_ports", PortRow("631", "955"), "removed"),
                   SnapshotLine("pack_incident-response_users", kUsersRows),
                   EventLine("pack_monitoring_listening_ports", PortRow("8080", "2210"), "added"),
                   EventLine("pack_inventory_deb_packages", DebRow("libc6", "2.28-10"), "added")),
      &stream);
  ASSERT_NE(reader, nullptr);
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  EXPECT_EQ(Names(records), (std::vector<std::string>{"kesl", "klnagent64", "libc6"}));
  ASSERT_EQ(records.size(), 3u);
  // Ignored rows take record indexes (a removed row takes none, as before).
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[0].index, 0u);
  EXPECT_EQ(records[1].line, 5u);
  EXPECT_EQ(records[1].index, 4u);
  EXPECT_EQ(records[2].line, 9u);
  EXPECT_EQ(records[2].index, 8u);
  EXPECT_EQ(records[2].host, "astra-ws-01");
  EXPECT_TRUE(reader->problems().empty()) << reader->problems()[0].ToString();
  EXPECT_EQ(reader->skipped(), 0u);
  // One entry per query, in the order they first appear.
  EXPECT_EQ(reader->ignored_rows(), 6u);
  ASSERT_EQ(reader->ignored().size(), 3u);
  const IgnoredQuery& ports = reader->ignored()[0];
  EXPECT_EQ(ports.source, "in");
  EXPECT_EQ(ports.query, "pack_monitoring_listening_ports");
  EXPECT_EQ(ports.rows, 3u);
  EXPECT_EQ(ports.first_line, 2u);
  EXPECT_EQ(ports.first_index, 1u);
  EXPECT_EQ(ports.columns, (std::vector<std::string>{"address", "family", "fd", "net_namespace", "path", "pid",
                                                     "port", "protocol", "socket"}));
  EXPECT_EQ(ports.column_count, 9u);
  const IgnoredQuery& info = reader->ignored()[1];
  EXPECT_EQ(info.query, "pack_osquery-monitoring_osquery_info");
  EXPECT_EQ(info.rows, 1u);
  EXPECT_EQ(info.first_line, 4u);
  EXPECT_EQ(info.first_index, 3u);
  const IgnoredQuery& users = reader->ignored()[2];
  EXPECT_EQ(users.query, "pack_incident-response_users");
  EXPECT_EQ(users.rows, 2u);
  EXPECT_EQ(users.first_line, 7u);
  EXPECT_EQ(users.first_index, 5u);
  EXPECT_EQ(users.ToString(),
            "in:7: query \"pack_incident-response_users\": 2 rows ignored: not a software inventory table "
            "(columns: description, directory, gid, gid_signed, shell, uid, uid_signed, username, uuid)");
  EXPECT_TRUE(reader->status().ok()) << reader->status();
}

TEST(OsqueryReaderTest, BadRowsOfInventoryTablesAreStillProblemsAmongIgnoredRows) {
  std::istringstream stream;
  auto reader = FromText(
      absl::StrCat(
          EventLine("pack_monitoring_listening_ports", PortRow("15000", "1187"), "added"),
          EventLine("pack_inventory_deb_packages", DebRow("", "12.0.0-6672"), "added"),
          EventLine("pack_inventory_deb_packages",
                    R"({"arch":"amd64","maintainer":{"name":"K"},"name":"kesl","status":"install ok installed","version":"12.0"})",
                    "added"),
          EventLine("pack_inventory_rpm_packages", R"({"epoch":"x1","name":"kesl","release":"1","version":"12.0"})",
                    "added"),
          EventLine("pack_inventory_deb_packages", DebRow("klnagent64", "14.2.0-35148"), "added")),
      &stream);
  ASSERT_NE(reader, nullptr);
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  EXPECT_EQ(Names(records), (std::vector<std::string>{"klnagent64"}));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].index, 4u);
  EXPECT_EQ(Messages(*reader), (std::vector<std::string>{"columns.name: required",
                                                         "columns.maintainer: expected a string, got an object",
                                                         "columns.epoch: expected a number, got \"x1\""}));
  EXPECT_EQ(reader->problems()[0].line, 2u);
  EXPECT_EQ(reader->problems()[0].index, 1u);
  EXPECT_EQ(reader->skipped(), 3u);
  EXPECT_EQ(reader->ignored_rows(), 1u);
  ASSERT_EQ(reader->ignored().size(), 1u);
  EXPECT_EQ(reader->ignored()[0].query, "pack_monitoring_listening_ports");
  EXPECT_TRUE(reader->status().ok()) << reader->status();
}

TEST(OsqueryReaderTest, AnOsqueryiArrayOfAnotherTableIsNoInventory) {
  auto reader = OpenTestdata("linux_processes.json");
  ASSERT_NE(reader, nullptr);
  EXPECT_TRUE(ReadAll(reader.get()).empty());
  EXPECT_TRUE(reader->problems().empty());
  EXPECT_EQ(reader->skipped(), 0u);
  ASSERT_EQ(reader->ignored().size(), 1u);
  EXPECT_EQ(reader->ignored()[0].rows, 2u);
  EXPECT_EQ(reader->ignored()[0].column_count, 27u);
  // Not a host without software: the input holds no software inventory at all.
  EXPECT_EQ(reader->status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(reader->status().message(),
            "policy/inventory/testdata/osquery/linux_processes.json: no software inventory rows: 2 rows of "
            "queries over other tables, ignored");
}

TEST(OsqueryReaderTest, ALogOfOtherQueriesOnlyIsNoInventory) {
  std::istringstream stream;
  auto reader = FromText(absl::StrCat(EventLine("pack_monitoring_listening_ports", PortRow("22", "812"), "added"),
                                      SnapshotLine("pack_osquery-monitoring_osquery_info",
                                                   absl::StrCat("[", kOsqueryInfoRow, "]"))),
                         &stream);
  ASSERT_NE(reader, nullptr);
  EXPECT_TRUE(ReadAll(reader.get()).empty());
  EXPECT_EQ(reader->ignored().size(), 2u);
  EXPECT_EQ(reader->status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(reader->status().message(),
            "in: no software inventory rows: 2 rows of queries over other tables, ignored");
}

TEST(OsqueryReaderTest, ALogWhoseInventoryRowsAreAllRemovedOrBadIsStillInventory) {
  // A day of differential results may only remove software, or keep only a package's
  // configuration files; a bad inventory row is reported as it is. None of these is a
  // log without inventory, though none gives a record.
  const std::string ports = EventLine("pack_monitoring_listening_ports", PortRow("22", "812"), "added");
  const std::string inputs[] = {
      absl::StrCat(ports, EventLine("pack_inventory_deb_packages", DebRow("kesl-gui", "12.0.0-6672"), "removed")),
      absl::StrCat(
          ports,
          R"({"diffResults":{"removed":[{"name":"kesl","release":"1","vendor":"AO Kaspersky Lab","version":"12.0.0"}],"added":[]},"name":"pack_inventory_rpm_packages","hostIdentifier":"rhel-srv-02"})",
          "\n"),
      absl::StrCat(
          ports,
          EventLine("pack_inventory_deb_packages",
                    R"({"admindir":"/var/lib/dpkg","arch":"i386","maintainer":"Kaspersky Lab <support@kaspersky.com>","name":"kav4fs","status":"deinstall ok config-files","version":"8.0.4-312"})",
                    "added")),
      absl::StrCat(ports, EventLine("pack_inventory_deb_packages", DebRow("", "1.0"), "added")),
  };
  for (const std::string& input : inputs) {
    std::istringstream stream;
    auto reader = FromText(input, &stream);
    ASSERT_NE(reader, nullptr);
    EXPECT_TRUE(ReadAll(reader.get()).empty()) << input;
    EXPECT_EQ(reader->ignored_rows(), 1u) << input;
    EXPECT_TRUE(reader->status().ok()) << reader->status() << "\n" << input;
  }
}

TEST(OsqueryReaderTest, QueriesPastTheFirstThousandAreCountedInOneLastEntry) {
  std::string log;
  for (int i = 0; i < 1003; ++i) {
    absl::StrAppend(&log, EventLine(absl::StrCat("q", i), PortRow("22", "812"), "added"));
  }
  absl::StrAppend(&log, EventLine("q5", PortRow("23", "813"), "added"));  // A query already listed.
  absl::StrAppend(&log, EventLine("q1001", PortRow("24", "814"), "added"));
  absl::StrAppend(&log, EventLine("pack_inventory_deb_packages", DebRow("kesl", "12.0.0-6672"), "added"));
  std::istringstream stream;
  auto reader = FromText(log, &stream);
  ASSERT_NE(reader, nullptr);
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].index, 1005u);
  EXPECT_EQ(reader->ignored_rows(), 1005u);
  const std::vector<IgnoredQuery>& ignored = reader->ignored();
  ASSERT_EQ(ignored.size(), 1001u);
  EXPECT_EQ(ignored[5].rows, 2u);
  EXPECT_EQ(ignored[999].query, "q999");
  EXPECT_FALSE(ignored[999].other_queries);
  const IgnoredQuery& other = ignored.back();
  EXPECT_TRUE(other.other_queries);
  EXPECT_EQ(other.query, "q1000");
  EXPECT_EQ(other.rows, 4u);  // q1000, q1001 (twice), q1002.
  EXPECT_EQ(other.first_line, 1001u);
  EXPECT_EQ(other.first_index, 1000u);
  EXPECT_EQ(other.ToString(),
            "in:1001: query \"q1000\" and the other queries not listed one by one: 4 rows ignored: not a "
            "software inventory table (columns: address, family, fd, net_namespace, path, pid, port, protocol, "
            "socket)");
}

TEST(OsqueryReaderTest, WhatAnIgnoredQueryKeepsIsBounded) {
  // Windows' processes table has 33 columns; a query name is free text.
  const std::string long_name = absl::StrCat(std::string(255, 'q'), "\xC3\xA9", std::string(100, 'q'));
  const std::string row =
      R"({"cmdline":"\"C:\\Program Files (x86)\\Kaspersky Lab\\KES.12.3.0\\avp.exe\"","cwd":"C:\\Windows\\system32\\","disk_bytes_read":"2654208","disk_bytes_written":"0","egid":"-1","elapsed_time":"8123","elevated_token":"1","euid":"-1","gid":"-1","handle_count":"1043","name":"avp.exe","nice":"32","on_disk":"1","parent":"708","path":"C:\\Program Files (x86)\\Kaspersky Lab\\KES.12.3.0\\avp.exe","percent_processor_time":"51406250","pgroup":"-1","pid":"3412","protection_type":"PsProtectedSignerAntimalware-Light","resident_size":"210829312","root":"","secure_process":"0","sgid":"-1","start_time":"1715677570","state":"STILL_ACTIVE","suid":"-1","system_time":"1875","threads":"71","total_size":"283303936","uid":"-1","user_time":"3265","virtual_process":"0","wired_size":"-1"})";
  std::istringstream stream;
  auto reader = FromText(EventLine(long_name, row, "added"), &stream);
  ASSERT_NE(reader, nullptr);
  ReadAll(reader.get());
  ASSERT_EQ(reader->ignored().size(), 1u);
  const IgnoredQuery& ignored = reader->ignored()[0];
  // Cut before the two-byte character that would cross 256 bytes.
  EXPECT_EQ(ignored.query, absl::StrCat(std::string(255, 'q'), "..."));
  EXPECT_EQ(ignored.column_count, 33u);
  ASSERT_EQ(ignored.columns.size(), 32u);
  EXPECT_EQ(ignored.columns.back(), "virtual_process");
  EXPECT_TRUE(Contains(ignored.ToString(), "(columns: cmdline, cwd, ") &&
              Contains(ignored.ToString(), ", user_time, virtual_process, ... (33 in all))"))
      << ignored.ToString();
}

TEST(OsqueryReaderTest, RowsWithoutANameAreReportedWithTheirPathAndTheRestIsRead) {
  std::istringstream stream;
  auto reader = FromText(
      absl::StrCat(
          R"({"snapshot":[{"name":"kesl","maintainer":"K"},{"name":"","maintainer":"K"},{"maintainer":"K","version":"1"}],"action":"snapshot","name":"q","hostIdentifier":"h1"})",
          "\n",
          R"({"diffResults":{"removed":[{"maintainer":"K"}],"added":[{"publisher":"P"},{"name":"b","publisher":"P"}]},"name":"q","hostIdentifier":"h2"})",
          "\n",
          R"({"name":"q","hostIdentifier":"h3","columns":{"bundle_identifier":"x.y"},"action":"added"})",
          "\n", R"({"name":"q","hostIdentifier":"h3","columns":{"path":"/","signed":"0"},"action":"added"})",
          "\n", R"({"name":"q","hostIdentifier":"h3","columns":{"publisher":"P"},"action":"removed"})", "\n"),
      &stream);
  ASSERT_NE(reader, nullptr);
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  EXPECT_EQ(Names(records), (std::vector<std::string>{"kesl", "b", "/"}));
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].host, "h2");
  // A signature row of "/" has no last component: it is named by its path.
  EXPECT_EQ(records[2].artifact.install_path(), "/");
  EXPECT_EQ(Messages(*reader),
            (std::vector<std::string>{"snapshot[1].name: required", "snapshot[2].name: required",
                                      "diffResults.added[0].name: required", "columns.name: required"}));
  EXPECT_EQ(reader->problems()[2].line, 2u);
  EXPECT_EQ(reader->problems()[2].index, 3u);
}

TEST(OsqueryReaderTest, MistypedColumnsAreReportedWithTheirPath) {
  std::string deep = "\"x\"";
  for (int i = 0; i < 200; ++i) deep = absl::StrCat("[", deep, "]");
  std::istringstream stream;
  auto reader = FromText(
      absl::StrCat(
          R"([{"name":"a","publisher":{"n":"x"}},{"name":)", deep,
          R"(,"publisher":"P"},"row",{"name":"ok","version":7,"publisher":true},{"signed":"1","team_identifier":["T"],"path":"/x"}])"),
      &stream);
  ASSERT_NE(reader, nullptr);
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  ASSERT_EQ(records.size(), 1u);
  // osquery --logger_numerics writes numbers as numbers: read as text.
  EXPECT_EQ(records[0].artifact.version(), "7");
  EXPECT_EQ(records[0].artifact.vendor(), "true");
  EXPECT_EQ(records[0].index, 3u);
  EXPECT_EQ(Messages(*reader),
            (std::vector<std::string>{"[0].publisher: expected a string, got an object",
                                      "[1].name: expected a string, got an array",
                                      "[2]: expected an object (a row), got a string",
                                      "[4].team_identifier: expected a string, got an array"}));
}

TEST(OsqueryReaderTest, MalformedResultLogLinesAreReportedAndTheRestIsRead) {
  std::istringstream stream;
  auto reader = FromText(
      absl::StrCat(
          R"({"name":"q","hostIdentifier":"h","columns":{"name":"one","publisher":"P"},"action":"added"})",
          "\n", R"({"name":"q","hostIdentifier":"h","columns":"x","action":"added"})", "\n",
          R"({"name":"q","hostIdentifier":"h","columns":{"name":"a","publisher":"P"},"action":"changed"})",
          "\n", R"({"name":"q","hostIdentifier":"h","columns":{"name":"a","publisher":"P"}})", "\n",
          R"({"name":"q","hostIdentifier":{"id":1},"columns":{"name":"a","publisher":"P"},"action":"added"})",
          "\n", R"({"name":"q","hostIdentifier":"h","snapshot":{"name":"a"},"action":"snapshot"})", "\n",
          R"({"name":"q","hostIdentifier":"h","diffResults":[]})", "\n",
          R"({"name":"q","hostIdentifier":"h","diffResults":{"added":{"name":"a"}}})", "\n",
          R"({"name":"q","hostIdentifier":"h","calendarTime":"Tue Sep 30 17:37:30 2014 UTC"})", "\n", "42\n",
          R"({"name":"q","hostIdentifier":"h","columns":{"name":"two","publisher":"P"},"action":"added"})",
          "\n", R"({"name":"q","hostIdentifier":"h","columns":{"name":"three","publisher":"P"},"act)", "\n",
          R"({"name":"q","hostIdentifier":"h","columns":{"name":"four","publisher":"P"},"action":"snapshot"})",
          "\n"),
      &stream, InventoryOptions{InventoryFormat::kOsquery});
  ASSERT_NE(reader, nullptr);
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  EXPECT_EQ(Names(records), (std::vector<std::string>{"one", "two", "four"}));
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[2].line, 13u);
  const std::vector<std::string> messages = Messages(*reader);
  ASSERT_EQ(messages.size(), 10u);
  EXPECT_EQ(messages[0], "columns: expected an object (a row), got a string");
  EXPECT_EQ(messages[1], "action: expected \"added\", \"removed\" or \"snapshot\", got \"changed\"");
  EXPECT_EQ(messages[2], "action: required");
  EXPECT_EQ(messages[3], "hostIdentifier: expected a string, got an object");
  EXPECT_EQ(messages[4], "snapshot: expected an array, got an object");
  EXPECT_EQ(messages[5], "diffResults: expected an object, got an array");
  EXPECT_EQ(messages[6], "diffResults.added: expected an array, got an object");
  EXPECT_EQ(messages[7],
            "not an osquery result-log line: expected \"columns\", \"snapshot\" or \"diffResults\"");
  EXPECT_EQ(messages[8],
            "expected an osquery result (an array of rows, or a result-log object), got a number");
  EXPECT_TRUE(Contains(messages[9], "line 1, column")) << messages[9];  // The truncated line 12.
  EXPECT_EQ(reader->problems()[9].line, 12u);
  EXPECT_TRUE(reader->status().ok());
}

// The columns of a row tell its table and its software: a row that repeats one could
// be read as another table or another name.
TEST(OsqueryReaderTest, ARepeatedColumnMakesItsRowAProblemAndTheRestIsRead) {
  std::istringstream array;
  auto from_array = FromText(R"([{"name": "one", "publisher": "P"},
    {"name": "Kaspersky Endpoint Security", "publisher": "AO Kaspersky Lab", "name": "Notepad"},
    {"pid": "1", "pid": "2", "port": "22"},
    {"name": "two", "publisher": "P"}])",
                             &array);
  ASSERT_NE(from_array, nullptr);
  EXPECT_EQ(Names(ReadAll(from_array.get())), (std::vector<std::string>{"one", "two"}));
  // A row of another table that repeats a column is a problem too: its columns decide
  // whether it is ignored.
  EXPECT_EQ(Messages(*from_array),
            (std::vector<std::string>{"[1]: duplicate key \"name\"", "[2]: duplicate key \"pid\""}));

  // In a log line, a repeated column skips its row; a key repeated outside the rows (two
  // actions, two lists of added rows) skips the whole line.
  std::istringstream log;
  auto from_log = FromText(
      absl::StrCat(
          R"({"name":"q","hostIdentifier":"h","action":"snapshot","snapshot":[{"name":"a","publisher":"P"},)",
          R"({"name":"b","publisher":"P","publisher":"Q"}]})", "\n",
          R"({"name":"q","hostIdentifier":"h","columns":{"name":"c","name":"d","publisher":"P"},"action":"added"})",
          "\n",
          R"({"name":"q","hostIdentifier":"h","columns":{"name":"e","publisher":"P"},"action":"removed","action":"added"})",
          "\n", R"({"name":"q","hostIdentifier":"h","diffResults":{"added":[],"added":[{"name":"f","publisher":"P"}]}})",
          "\n", R"({"name":"q","hostIdentifier":"h","columns":{"name":"g","publisher":"P"},"action":"added"})", "\n"),
      &log, InventoryOptions{InventoryFormat::kOsquery});
  ASSERT_NE(from_log, nullptr);
  EXPECT_EQ(Names(ReadAll(from_log.get())), (std::vector<std::string>{"a", "g"}));
  EXPECT_EQ(Messages(*from_log), (std::vector<std::string>{"snapshot[1]: duplicate key \"publisher\"",
                                                          "columns: duplicate key \"name\"",
                                                          "duplicate key \"action\"",
                                                          "diffResults: duplicate key \"added\""}));
  EXPECT_TRUE(from_log->status().ok());
}

TEST(OsqueryReaderTest, DetectsArraysPrettyArraysAndResultLogs) {
  struct Case {
    const char* text;
    size_t records;
  };
  const Case cases[] = {
      {"[\n  {\"name\":\"a\",\"publisher\":\"P\"}\n]\n", 1},                    // osqueryi --json
      {"[\n  {\n    \"name\": \"a\",\n    \"publisher\": \"P\"\n  }\n]\n", 1},  // --json_pretty
      {"[\n\n]\n", 0},  // osqueryi --json with no rows
      {"{\"snapshot\":[],\"action\":\"snapshot\",\"name\":\"q\",\"hostIdentifier\":\"h\"}\n", 0},
      {"{\"diffResults\":{\"removed\":[],\"added\":[{\"name\":\"a\",\"publisher\":\"P\"}]},\"name\":\"q\"}\n",
       1},
      {"{\"name\":\"q\",\"columns\":{\"name\":\"a\",\"publisher\":\"P\"},\"action\":\"added\"}\n", 1},
  };
  for (const Case& c : cases) {
    std::istringstream stream;
    auto reader = FromText(c.text, &stream);
    ASSERT_NE(reader, nullptr) << c.text;
    EXPECT_EQ(reader->format(), InventoryFormat::kOsquery) << c.text;
    EXPECT_EQ(ReadAll(reader.get()).size(), c.records) << c.text;
    EXPECT_TRUE(reader->problems().empty()) << c.text;
    EXPECT_TRUE(reader->status().ok()) << c.text;
  }
}

TEST(OsqueryReaderTest, ATruncatedArrayEndsTheReadingWithAStatus) {
  std::istringstream stream;
  auto reader = FromText("[\n  {\"name\":\"a\",\"publisher\":\"P\"},\n  {\"name\":\"b\",\"publ", &stream);
  ASSERT_NE(reader, nullptr);
  EXPECT_TRUE(ReadAll(reader.get()).empty());
  EXPECT_EQ(reader->status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(std::string(reader->status().message()),
                       "in: not a complete JSON document (truncated or malformed)"))
      << reader->status();
}

TEST(OsqueryReaderTest, AnArrayLargerThanTheLimitEndsTheReadingWithAStatus) {
  std::istringstream stream;
  InventoryOptions options;
  options.max_document_bytes = 64;
  auto reader = FromText(
      "[\n  {\"name\":\"a\",\"publisher\":\"P\"},\n  {\"name\":\"b\",\"publisher\":\"P\"},\n"
      "  {\"name\":\"c\",\"publisher\":\"P\"}\n]\n",
      &stream, options);
  ASSERT_NE(reader, nullptr);
  EXPECT_TRUE(ReadAll(reader.get()).empty());
  EXPECT_EQ(reader->status().code(), absl::StatusCode::kResourceExhausted);
}

TEST(OsqueryReaderTest, DebPackagesThatAreNotInstalledAreSkippedWithoutAProblem) {
  std::istringstream stream;
  auto reader = FromText(
      R"([
  {"name":"a","version":"1","status":"install ok installed"},
  {"name":"b","version":"1","status":"deinstall ok config-files"},
  {"name":"c","version":"1","status":"install ok unpacked"},
  {"name":"d","version":"1","status":"purge ok not-installed"},
  {"name":"e","version":"1","status":"install reinstreq half-installed"}
]
)",
      &stream);
  ASSERT_NE(reader, nullptr);
  std::vector<InventoryRecord> records = ReadAll(reader.get());
  EXPECT_EQ(Names(records), (std::vector<std::string>{"a", "c", "e"}));
  EXPECT_TRUE(reader->problems().empty());
  // Skipped rows take no record index.
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[2].index, 2u);
}

}  // namespace
}  // namespace interdict
