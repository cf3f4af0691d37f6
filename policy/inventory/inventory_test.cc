// Tests of the inventory reader's framework: format detection, JSONL of
// InventoryItem, line handling (blank lines, CRLF, long lines), bad records reported
// with their line and skipped, and inputs that end early or cannot be read.
#include "policy/inventory/inventory.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace interdict {
namespace {

// Every record of `reader`, as "line:index:name".
std::vector<std::string> ReadAll(InventoryReader* reader) {
  std::vector<std::string> out;
  InventoryRecord record;
  while (reader->Next(&record)) {
    out.push_back(absl::StrCat(record.line, ":", record.index, ":", record.artifact.name()));
  }
  return out;
}

std::unique_ptr<InventoryReader> FromText(const std::string& text, std::istringstream* stream,
                                          InventoryOptions options = {}) {
  stream->str(text);
  absl::StatusOr<std::unique_ptr<InventoryReader>> reader = InventoryReader::FromStream(stream, "in", options);
  EXPECT_TRUE(reader.ok()) << reader.status();
  return reader.ok() ? *std::move(reader) : nullptr;
}

TEST(InventoryReaderTest, ReadsJsonlOfInventoryItemsWithTheirLinesAndAssets) {
  absl::StatusOr<std::unique_ptr<InventoryReader>> reader =
      InventoryReader::Open("policy/inventory/testdata/jsonl/fleet.jsonl");
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->format(), InventoryFormat::kJsonl);
  InventoryRecord record;
  ASSERT_TRUE((*reader)->Next(&record));
  EXPECT_EQ(record.source, "policy/inventory/testdata/jsonl/fleet.jsonl");
  EXPECT_EQ(record.line, 1u);
  EXPECT_EQ(record.asset_id, "hr-laptop-14");
  EXPECT_EQ(record.org_unit, "corporate/hr");
  EXPECT_EQ(record.artifact.vendor(), "AO Kaspersky Lab");
  ASSERT_TRUE((*reader)->Next(&record));
  EXPECT_EQ(record.line, 3u);  // The blank line 2 is not a record.
  EXPECT_EQ(record.index, 1u);
  ASSERT_TRUE((*reader)->Next(&record));
  ASSERT_EQ(record.artifact.components_size(), 1);
  EXPECT_EQ(record.artifact.components(0).vendor(), "AO Kaspersky Lab");
  EXPECT_FALSE((*reader)->Next(&record));
  EXPECT_TRUE((*reader)->status().ok());
  EXPECT_TRUE((*reader)->problems().empty());
  EXPECT_EQ((*reader)->bytes_read(), (*reader)->total_bytes());
}

TEST(InventoryReaderTest, BadRecordsAreReportedWithTheirLineAndTheRestIsRead) {
  std::istringstream stream;
  auto reader = FromText(
      "{\"assetId\": \"a\", \"artifact\": {\"name\": \"one\"}}\r\n"
      "{\"assetId\": \"a\", \"artifact\": {\"name\": \"two\", \"version\": 3.1, \"bogus\": 1}}\n"
      "{\"assetId\": \"a\", \"artifact\": {\"vendor\": \"no name\"}}\n"
      "{\"assetId\": \"a\", \"artifact\": {\"name\": \"three\"\n"
      "{\"assetId\": \"a\", \"artifact\": {\"name\": \"\xff\"}}\n"
      "{\"assetId\": \"a\", \"artifact\": {\"name\": \"four\"}}",
      &stream);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(ReadAll(reader.get()), (std::vector<std::string>{"1:0:one", "6:5:four"}));
  ASSERT_EQ(reader->problems().size(), 4u);
  EXPECT_EQ(reader->problems()[0].line, 2u);
  EXPECT_EQ(reader->problems()[0].index, 1u);
  EXPECT_NE(reader->problems()[0].message.find("not an InventoryItem"), std::string::npos);
  EXPECT_EQ(reader->problems()[1].ToString(), "in:3: record 2: artifact.name: required");
  EXPECT_EQ(reader->problems()[2].line, 4u);
  EXPECT_EQ(reader->problems()[3].line, 5u);  // Invalid UTF-8.
  EXPECT_TRUE(reader->status().ok());
}

TEST(InventoryReaderTest, ALineOverTheLimitIsReportedAndSkippedWithoutBeingHeld) {
  InventoryOptions options;
  options.max_line_bytes = 100;
  std::istringstream stream;
  const std::string long_name(200000, 'x');
  auto reader = FromText(absl::StrCat("{\"assetId\": \"a\", \"artifact\": {\"name\": \"first\"}}\n",
                                      "{\"assetId\": \"a\", \"artifact\": {\"name\": \"", long_name, "\"}}\n",
                                      "{\"assetId\": \"a\", \"artifact\": {\"name\": \"after\"}}\n"),
                         &stream, options);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(ReadAll(reader.get()), (std::vector<std::string>{"1:0:first", "3:2:after"}));
  ASSERT_EQ(reader->problems().size(), 1u);
  EXPECT_EQ(reader->problems()[0].ToString(), "in:2: record 1: line longer than 100 bytes: skipped");
}

TEST(InventoryReaderTest, AMinifiedDocumentOverTheDocumentLimitIsRefused) {
  InventoryOptions options;
  options.max_document_bytes = 1000;
  std::istringstream stream(absl::StrCat("{\"bomFormat\": \"CycloneDX\", \"components\": [",
                                         std::string(5000, ' '), "]}"));
  absl::StatusOr<std::unique_ptr<InventoryReader>> reader = InventoryReader::FromStream(&stream, "sbom.json", options);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(reader.status().message(), "sbom.json: the first line is longer than 1000 bytes (the document limit)");
}

TEST(InventoryReaderTest, AnEmptyInputIsAnEmptyInventory) {
  std::istringstream stream;
  auto reader = FromText("", &stream);
  ASSERT_NE(reader, nullptr);
  EXPECT_TRUE(ReadAll(reader.get()).empty());
  EXPECT_TRUE(reader->status().ok());
}

TEST(InventoryReaderTest, AnUnrecognisableInputIsRefusedWithWhatWasExpected) {
  std::istringstream stream("{\"hello\": \"world\"}\n");
  absl::StatusOr<std::unique_ptr<InventoryReader>> reader = InventoryReader::FromStream(&stream, "x.json");
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find("x.json: cannot tell the inventory format"), std::string::npos)
      << reader.status();
  std::istringstream text("name,version\nfoo,1\n");
  EXPECT_FALSE(InventoryReader::FromStream(&text, "x.csv").ok());
}

TEST(InventoryReaderTest, AForcedFormatIsUsedAsIs) {
  InventoryOptions options;
  options.format = InventoryFormat::kJsonl;
  std::istringstream stream;
  auto reader = FromText("{\"artifact\": {\"name\": \"a\"}}\n{\"hello\": 1}\n{\"assetId\": \"b\"}\n", &stream,
                         options);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(ReadAll(reader.get()), (std::vector<std::string>{"1:0:a"}));
  ASSERT_EQ(reader->problems().size(), 2u);
  EXPECT_EQ(reader->problems()[0].message, "not an InventoryItem: hello: Cannot find field.");
  EXPECT_EQ(reader->problems()[1].message, "artifact: required");
}

TEST(InventoryReaderTest, ADirectoryOrAMissingFileIsAnError) {
  absl::StatusOr<std::unique_ptr<InventoryReader>> directory = InventoryReader::Open("policy/inventory");
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.status().message(), "policy/inventory: is a directory, not an inventory");
  absl::StatusOr<std::unique_ptr<InventoryReader>> missing = InventoryReader::Open("no/such/file.jsonl");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
}

TEST(InventoryReaderTest, FormatNamesRoundTrip) {
  for (InventoryFormat format : {InventoryFormat::kAuto, InventoryFormat::kJsonl, InventoryFormat::kOsquery,
                                 InventoryFormat::kCycloneDx, InventoryFormat::kSpdx}) {
    absl::StatusOr<InventoryFormat> parsed = ParseInventoryFormat(InventoryFormatName(format));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, format);
  }
  EXPECT_EQ(ParseInventoryFormat("csv").status().message(),
            "unknown inventory format \"csv\": expected auto, jsonl, osquery, cyclonedx or spdx");
}

}  // namespace
}  // namespace interdict
