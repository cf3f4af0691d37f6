// Tests of the inventory reader's framework: format detection (past a byte-order
// mark), JSONL of InventoryItem, line handling (blank lines, CRLF, long lines, the
// first one included), bad records (repeated keys among them) reported with their line
// and skipped, and inputs that end early, fail to read or are no regular files.
#include "policy/inventory/inventory.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <ios>
#include <sstream>
#include <streambuf>
#include <string>
#include <thread>
#include <utility>
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

// Under auto-detection the first line is read only up to the detection limit (1 MiB):
// an over-long first record is skipped, and the next line tells the format.
TEST(InventoryReaderTest, AFirstLineOverTheLimitIsSkippedAndTheFormatToldFromTheNext) {
  InventoryOptions options;
  options.max_line_bytes = 100;
  const std::string text = absl::StrCat("{\"assetId\": \"a\", \"artifact\": {\"name\": \"",
                                        std::string(3 << 20, 'x'), "\"}}\n\n",
                                        "{\"assetId\": \"a\", \"artifact\": {\"name\": \"after\"}}\n");
  for (InventoryFormat format : {InventoryFormat::kAuto, InventoryFormat::kJsonl}) {
    options.format = format;
    std::istringstream stream;
    auto reader = FromText(text, &stream, options);
    ASSERT_NE(reader, nullptr);
    EXPECT_EQ(reader->format(), InventoryFormat::kJsonl);
    EXPECT_EQ(ReadAll(reader.get()), (std::vector<std::string>{"3:1:after"}));
    ASSERT_EQ(reader->problems().size(), 1u);
    EXPECT_EQ(reader->problems()[0].ToString(), "in:1: record 0: line longer than 100 bytes: skipped");
    EXPECT_TRUE(reader->status().ok());
  }
}

TEST(InventoryReaderTest, AMinifiedDocumentOverTheDocumentLimitEndsTheInput) {
  InventoryOptions options;
  options.max_document_bytes = 1000;
  std::istringstream stream(absl::StrCat("{\"bomFormat\": \"CycloneDX\", \"components\": [",
                                         std::string(5000, ' '), "]}"));
  auto reader = FromText(stream.str(), &stream, options);
  ASSERT_NE(reader, nullptr);
  EXPECT_TRUE(ReadAll(reader.get()).empty());
  EXPECT_EQ(reader->status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(reader->status().message(), "in: the document is larger than 1000 bytes");
}

// Windows tools (Notepad, PowerShell's Out-File) begin UTF-8 text with a byte-order mark.
TEST(InventoryReaderTest, AByteOrderMarkIsSkippedInEveryFormat) {
  const struct {
    const char* name;
    std::string text;
    InventoryFormat format;
    std::string record;
  } cases[] = {
      {"jsonl", R"({"assetId": "a", "artifact": {"name": "one"}})", InventoryFormat::kJsonl, "1:0:one"},
      {"osquery log",
       R"({"name": "q", "hostIdentifier": "h", "action": "added", "columns": {"name": "zlib1g", "maintainer": "Debian"}})",
       InventoryFormat::kOsquery, "1:0:zlib1g"},
      {"osquery array", R"([{"name": "zlib1g", "maintainer": "Debian"}])", InventoryFormat::kOsquery, "0:0:zlib1g"},
      {"cyclonedx", R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": {"component": {"name": "app"}}})",
       InventoryFormat::kCycloneDx, "0:0:app"},
      {"cyclonedx, pretty", "{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",\n"
                            "  \"metadata\": {\"component\": {\"name\": \"app\"}}\n}\n",
       InventoryFormat::kCycloneDx, "0:0:app"},
      {"spdx", R"({"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "packages": [{"SPDXID": "SPDXRef-a", "name": "a"}]})",
       InventoryFormat::kSpdx, "0:0:a"},
  };
  for (const auto& c : cases) {
    std::istringstream stream;
    auto reader = FromText(absl::StrCat("\xEF\xBB\xBF", c.text), &stream);
    ASSERT_NE(reader, nullptr) << c.name;
    EXPECT_EQ(reader->format(), c.format) << c.name;
    EXPECT_EQ(ReadAll(reader.get()), std::vector<std::string>{c.record}) << c.name;
    EXPECT_TRUE(reader->problems().empty()) << c.name << ": " << reader->problems()[0].ToString();
    EXPECT_TRUE(reader->status().ok()) << c.name << ": " << reader->status();
  }
}

TEST(InventoryReaderTest, Utf16TextIsRefusedWithWhatToDo) {
  std::istringstream stream(std::string("\xFF\xFE[\0]\0", 6));
  absl::StatusOr<std::unique_ptr<InventoryReader>> reader = InventoryReader::FromStream(&stream, "ps.json");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().message(),
            "ps.json: UTF-16 text (it begins with a UTF-16 byte-order mark); convert it to UTF-8");
}

// protobuf's JSON parser keeps one value of a repeated key, silently: a line that names
// "Kaspersky Anti-Virus" to one tool could name "Notepad" to Interdict.
TEST(InventoryReaderTest, ARepeatedKeyMakesTheInventoryItemABadRecord) {
  std::istringstream stream;
  auto reader = FromText(
      "{\"assetId\": \"a\", \"artifact\": {\"name\": \"Kaspersky Anti-Virus\", \"name\": \"Notepad\"}}\n"
      "{\"assetId\": \"a\", \"artifact\": {\"name\": \"Kaspersky Anti-Virus\"}, \"artifact\": {\"name\": \"x\"}}\n"
      "{\"assetId\": \"a\", \"artifact\": {\"name\": \"after\"}}\n",
      &stream);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(ReadAll(reader.get()), (std::vector<std::string>{"3:2:after"}));
  ASSERT_EQ(reader->problems().size(), 2u);
  EXPECT_EQ(reader->problems()[0].ToString(), "in:1: record 0: artifact: duplicate key \"name\"");
  EXPECT_EQ(reader->problems()[1].ToString(), "in:2: record 1: duplicate key \"artifact\"");
}

// Gives `text`, then fails as a disk does: std::filebuf throws on a read error, which
// the stream catches and turns into badbit.
class FailingBuffer : public std::streambuf {
 public:
  explicit FailingBuffer(std::string text) : text_(std::move(text)) {
    setg(text_.data(), text_.data(), text_.data() + text_.size());
  }

 protected:
  int_type underflow() override { throw std::ios_base::failure("Input/output error"); }

 private:
  std::string text_;
};

TEST(InventoryReaderTest, AReadErrorEndsTheInputWithAStatusNotSilently) {
  {
    // The line cut by the error is no record, nor a bad one.
    FailingBuffer buffer("{\"assetId\": \"a\", \"artifact\": {\"name\": \"one\"}}\n{\"assetId\": \"a\", \"art");
    std::istream in(&buffer);
    absl::StatusOr<std::unique_ptr<InventoryReader>> reader = InventoryReader::FromStream(&in, "in");
    ASSERT_TRUE(reader.ok()) << reader.status();
    EXPECT_EQ(ReadAll(reader->get()), (std::vector<std::string>{"1:0:one"}));
    EXPECT_TRUE((*reader)->problems().empty());
    EXPECT_EQ((*reader)->status().code(), absl::StatusCode::kDataLoss);
    EXPECT_EQ((*reader)->status().message(), "in: read error after line 1");
  }
  {
    FailingBuffer buffer("[{\"name\": \"zlib1g\", \"maintainer\": \"Debian\"},\n{\"na");
    std::istream in(&buffer);
    absl::StatusOr<std::unique_ptr<InventoryReader>> reader = InventoryReader::FromStream(&in, "in");
    ASSERT_TRUE(reader.ok()) << reader.status();
    EXPECT_TRUE(ReadAll(reader->get()).empty());
    EXPECT_EQ((*reader)->status().message(), "in: read error after 49 bytes");
  }
  {
    FailingBuffer buffer("");
    std::istream in(&buffer);
    absl::StatusOr<std::unique_ptr<InventoryReader>> reader = InventoryReader::FromStream(&in, "in");
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_EQ(reader.status().message(), "in: read error after 0 bytes");
  }
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

// A directory would read as an empty inventory and a device may never end: only
// regular files and pipes are opened.
TEST(InventoryReaderTest, ADirectoryOrADeviceIsRefused) {
  const struct {
    std::string path;
    std::string message;
  } cases[] = {
      {"policy/inventory", "policy/inventory: is a directory, not an inventory"},
      {"/dev/zero", "/dev/zero: is a character device, not an inventory"},
  };
  for (const auto& c : cases) {
    absl::StatusOr<std::unique_ptr<InventoryReader>> reader = InventoryReader::Open(c.path);
    ASSERT_FALSE(reader.ok()) << c.path;
    EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(reader.status().message(), c.message);
  }
}

// A pipe (a FIFO, a shell's process substitution) is streamed like standard input.
TEST(InventoryReaderTest, APipeIsStreamed) {
  const std::string fifo = std::string(std::getenv("TEST_TMPDIR")) + "/inventory.fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&fifo] {
    std::ofstream out(fifo);
    out << "{\"assetId\": \"h1\", \"artifact\": {\"name\": \"a\"}}\n";
  });
  absl::StatusOr<std::unique_ptr<InventoryReader>> reader = InventoryReader::Open(fifo);
  ASSERT_TRUE(reader.ok()) << reader.status();
  InventoryRecord record;
  ASSERT_TRUE((*reader)->Next(&record));
  EXPECT_EQ(record.artifact.name(), "a");
  EXPECT_FALSE((*reader)->Next(&record));
  EXPECT_TRUE((*reader)->status().ok()) << (*reader)->status();
  EXPECT_EQ((*reader)->total_bytes(), 0u);
  writer.join();
}

TEST(InventoryReaderTest, AMissingOrUnreadableFileIsAnError) {
  absl::StatusOr<std::unique_ptr<InventoryReader>> missing = InventoryReader::Open("no/such/file.jsonl");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "no/such/file.jsonl: cannot open: No such file or directory");
  // Reading a process's memory at address 0 fails (EIO).
  absl::StatusOr<std::unique_ptr<InventoryReader>> unreadable = InventoryReader::Open("/proc/self/mem");
  ASSERT_FALSE(unreadable.ok());
  EXPECT_EQ(unreadable.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(unreadable.status().message(), "/proc/self/mem: read error after 0 bytes");
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
