// Reading inventories (inventory.h).
#include "policy/inventory/inventory.h"

#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "policy/inventory/internal/decoders.h"
#include "policy/inventory/internal/json_text.h"

namespace interdict {
namespace {

using inventory_internal::DecodedItem;
using inventory_internal::IgnoredRow;

// How much of the input format detection may look at.
constexpr size_t kDetectionBytes = size_t{1} << 20;

// What an IgnoredQuery keeps of its first row, so that its size is bounded whatever
// the row (query and column names are free text, as long as a line).
constexpr size_t kMaxIgnoredColumns = 32;
constexpr size_t kMaxNameBytes = 256;

struct FormatNameEntry {
  InventoryFormat format;
  absl::string_view name;
};
constexpr FormatNameEntry kFormatNames[] = {
    {InventoryFormat::kAuto, "auto"},           {InventoryFormat::kJsonl, "jsonl"},
    {InventoryFormat::kOsquery, "osquery"},     {InventoryFormat::kCycloneDx, "cyclonedx"},
    {InventoryFormat::kSpdx, "spdx"},
};

bool Has(const nlohmann::json& object, const char* key) {
  return object.is_object() && object.find(key) != object.end();
}

// `name` cut to kMaxNameBytes, at a UTF-8 character boundary, marked "...".
std::string BoundedName(std::string name) {
  if (name.size() <= kMaxNameBytes) return name;
  size_t end = kMaxNameBytes;
  while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) --end;
  name.resize(end);
  name.append("...");
  return name;
}

// "1 row", "3 rows".
std::string Rows(uint64_t rows) { return absl::StrCat(rows, rows == 1 ? " row" : " rows"); }

}  // namespace

absl::string_view InventoryFormatName(InventoryFormat format) {
  for (const FormatNameEntry& entry : kFormatNames) {
    if (entry.format == format) return entry.name;
  }
  return "";
}

absl::StatusOr<InventoryFormat> ParseInventoryFormat(absl::string_view name) {
  for (const FormatNameEntry& entry : kFormatNames) {
    if (entry.name == name) return entry.format;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown inventory format \"", name, "\": expected auto, jsonl, osquery, cyclonedx or spdx"));
}

std::string InventoryProblem::ToString() const {
  return absl::StrCat(source, line > 0 ? absl::StrCat(":", line) : "", ": record ", index, ": ", message);
}

std::string IgnoredQuery::ToString() const {
  std::string text = absl::StrCat(source, first_line > 0 ? absl::StrCat(":", first_line) : "", ": ");
  if (other_queries) {
    absl::StrAppend(&text, "query \"", query, "\" and the other queries not listed one by one: ");
  } else if (!query.empty()) {
    absl::StrAppend(&text, "query \"", query, "\": ");
  }
  absl::StrAppend(&text, Rows(rows), " ignored: not a software inventory table (columns: ",
                  columns.empty() ? "none" : absl::StrJoin(columns, ", "));
  if (column_count > columns.size()) absl::StrAppend(&text, ", ... (", column_count, " in all)");
  text.push_back(')');
  return text;
}

absl::StatusOr<std::unique_ptr<InventoryReader>> InventoryReader::Open(const std::string& path,
                                                                       InventoryOptions options) {
  if (path == "-") return FromStream(&std::cin, "-", options);
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": is a directory, not an inventory"));
  }
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  uint64_t size = 0;
  if (std::filesystem::is_regular_file(path, error)) size = std::filesystem::file_size(path, error);
  std::istream* in = file.get();
  std::unique_ptr<InventoryReader> reader(new InventoryReader(in, std::move(file), path, options, error ? 0 : size));
  absl::Status status = reader->Start();
  if (!status.ok()) return status;
  return reader;
}

absl::StatusOr<std::unique_ptr<InventoryReader>> InventoryReader::FromStream(std::istream* in,
                                                                             std::string source,
                                                                             InventoryOptions options) {
  std::unique_ptr<InventoryReader> reader(new InventoryReader(in, nullptr, std::move(source), options, 0));
  absl::Status status = reader->Start();
  if (!status.ok()) return status;
  return reader;
}

InventoryReader::InventoryReader(std::istream* in, std::unique_ptr<std::istream> owned, std::string source,
                                 InventoryOptions options, uint64_t total_bytes)
    : owned_(std::move(owned)),
      in_(in),
      source_(std::move(source)),
      options_(options),
      total_bytes_(total_bytes) {}

InventoryReader::~InventoryReader() = default;

bool InventoryReader::ReadLine(std::string* line, bool* too_long) {
  line->clear();
  *too_long = false;
  if (in_->eof()) return false;
  char chunk[64 * 1024];
  bool any = false;
  for (;;) {
    in_->getline(chunk, sizeof(chunk));
    const std::streamsize got = in_->gcount();
    if (got > 0) any = true;
    bytes_read_ += static_cast<uint64_t>(got);
    // gcount counts the '\n' that getline consumed, not stored.
    const size_t stored = static_cast<size_t>(got) - (in_->fail() || in_->eof() ? 0 : 1);
    if (line->size() + stored <= options_.max_line_bytes) {
      line->append(chunk, stored);
    } else {
      *too_long = true;
    }
    if (in_->bad()) return any;
    if (in_->eof()) return any;
    if (in_->fail()) {  // The chunk filled up before the end of the line: read on.
      in_->clear();
      continue;
    }
    break;
  }
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return true;
}

absl::Status InventoryReader::Start() {
  // Look at the first line (kept, and read again as the first record or as the start
  // of the document).
  // The first line may be a whole minified document: read it up to the document limit.
  bool too_long = false;
  std::string first;
  const size_t max_line = options_.max_line_bytes;
  options_.max_line_bytes = options_.max_document_bytes + 1;
  const bool any = ReadLine(&first, &too_long);
  options_.max_line_bytes = max_line;
  pending_line_ = std::move(first);
  has_pending_line_ = any;
  pending_too_long_ = too_long;
  if (in_->bad()) return absl::DataLossError(absl::StrCat(source_, ": read error"));
  if (too_long) {
    // Neither a line nor a document may be that long.
    return absl::ResourceExhaustedError(absl::StrCat(source_, ": the first line is longer than ",
                                                     options_.max_document_bytes,
                                                     " bytes (the document limit)"));
  }
  format_ = options_.format;
  const absl::string_view head = absl::StripLeadingAsciiWhitespace(pending_line_);
  if (format_ == InventoryFormat::kAuto) {
    if (!any || head.empty()) {
      // Blank first line: look for the first non-blank one by treating the input as
      // lines; an empty input is an empty inventory.
      format_ = InventoryFormat::kJsonl;
    } else if (head[0] == '[') {
      format_ = InventoryFormat::kOsquery;
    } else {
      absl::StatusOr<nlohmann::json> value = inventory_internal::ParseJson(pending_line_);
      if (value.ok() && Has(*value, "bomFormat")) {
        format_ = InventoryFormat::kCycloneDx;
      } else if (value.ok() && Has(*value, "spdxVersion")) {
        format_ = InventoryFormat::kSpdx;
      } else if (value.ok() && (Has(*value, "artifact") || Has(*value, "assetId") || Has(*value, "asset_id"))) {
        format_ = InventoryFormat::kJsonl;
      } else if (value.ok() && (Has(*value, "hostIdentifier") || Has(*value, "columns") ||
                                Has(*value, "snapshot") || Has(*value, "diffResults"))) {
        format_ = InventoryFormat::kOsquery;
      } else if (!value.ok()) {
        // A document over several lines: look for its format's mark in its beginning.
        std::string beginning = pending_line_;
        std::string line;
        while (beginning.size() < kDetectionBytes && ReadLine(&line, &too_long)) {
          absl::StrAppend(&beginning, "\n", line);
        }
        pending_document_ = beginning;
        has_pending_line_ = false;
        if (beginning.find("\"bomFormat\"") != std::string::npos) {
          format_ = InventoryFormat::kCycloneDx;
        } else if (beginning.find("\"spdxVersion\"") != std::string::npos) {
          format_ = InventoryFormat::kSpdx;
        }
      }
    }
    if (format_ == InventoryFormat::kAuto) {
      return absl::InvalidArgumentError(absl::StrCat(
          source_, ": cannot tell the inventory format from its beginning (expected JSONL of "
                   "InventoryItem, osquery results, CycloneDX or SPDX JSON); name it (jsonl, "
                   "osquery, cyclonedx, spdx)"));
    }
  }
  // osquery results are a document when they are one JSON array (osqueryi --json),
  // lines otherwise (osqueryd result logs).
  document_ = format_ == InventoryFormat::kCycloneDx || format_ == InventoryFormat::kSpdx ||
              (format_ == InventoryFormat::kOsquery && !head.empty() && head[0] == '[');
  if (document_ && has_pending_line_) {
    pending_document_ = std::move(pending_line_);
    has_pending_line_ = false;
  } else if (has_pending_line_ && pending_line_.size() > options_.max_line_bytes) {
    pending_line_.clear();
    pending_too_long_ = true;
  }
  return absl::OkStatus();
}

void InventoryReader::Problem(uint64_t line, uint64_t index, std::string message) {
  ++skipped_;
  problems_.push_back({source_, line, index, std::move(message)});
}

void InventoryReader::Ignore(uint64_t line, uint64_t index, IgnoredRow row) {
  ++ignored_rows_;
  std::string query = BoundedName(std::move(row.query));
  auto found = ignored_by_query_.find(query);
  if (found != ignored_by_query_.end()) {
    ++ignored_[found->second].rows;
    return;
  }
  const bool other = ignored_by_query_.size() >= options_.max_ignored_queries;
  // The other queries' entry comes last: it is made once no more entries are.
  if (other && !ignored_.empty() && ignored_.back().other_queries) {
    ++ignored_.back().rows;
    return;
  }
  if (!other) ignored_by_query_.emplace(query, ignored_.size());
  IgnoredQuery& entry = ignored_.emplace_back();
  entry.source = source_;
  entry.query = std::move(query);
  entry.other_queries = other;
  entry.first_line = line;
  entry.first_index = index;
  entry.rows = 1;
  entry.column_count = row.columns.size();
  for (std::string& column : row.columns) {
    if (entry.columns.size() == kMaxIgnoredColumns) break;
    entry.columns.push_back(BoundedName(std::move(column)));
  }
}

void InventoryReader::Enqueue(uint64_t line, std::vector<DecodedItem> items) {
  for (DecodedItem& item : items) {
    if (item.not_installed) {
      ++inventory_rows_;
      continue;
    }
    const uint64_t index = next_index_++;
    if (!item.problem.empty()) {
      Problem(line, index, std::move(item.problem));
      continue;
    }
    if (item.ignored.has_value()) {
      Ignore(line, index, std::move(*item.ignored));
      continue;
    }
    ++inventory_rows_;
    item.record.source = source_;
    item.record.line = line;
    item.record.index = index;
    queue_.push_back(std::move(item.record));
  }
}

void InventoryReader::CheckInventoryRows() {
  if (!status_.ok() || ignored_rows_ == 0 || inventory_rows_ > 0 || skipped_ > 0) return;
  status_ = absl::InvalidArgumentError(absl::StrCat(source_, ": no software inventory rows: ", Rows(ignored_rows_),
                                                    " of queries over other tables, ignored"));
}

bool InventoryReader::ReadDocument() {
  std::string text = std::move(pending_document_);
  std::string line;
  bool too_long = false;
  // Lines of a document have no length limit of their own (minified SBOMs are one
  // line); the document has.
  const size_t max_line = options_.max_line_bytes;
  options_.max_line_bytes = options_.max_document_bytes + 1;
  while (text.size() <= options_.max_document_bytes && ReadLine(&line, &too_long)) {
    absl::StrAppend(&text, "\n", line);
  }
  options_.max_line_bytes = max_line;
  if (in_->bad()) {
    status_ = absl::DataLossError(absl::StrCat(source_, ": read error after ", bytes_read_, " bytes"));
    return false;
  }
  if (text.size() > options_.max_document_bytes || too_long) {
    status_ = absl::ResourceExhaustedError(absl::StrCat(
        source_, ": the document is larger than ", options_.max_document_bytes, " bytes"));
    return false;
  }
  absl::StatusOr<nlohmann::json> document = inventory_internal::ParseJson(text);
  if (!document.ok()) {
    status_ = absl::InvalidArgumentError(absl::StrCat(
        source_, ": not a complete JSON document (truncated or malformed): ", document.status().message()));
    return false;
  }
  std::vector<DecodedItem> items;
  switch (format_) {
    case InventoryFormat::kCycloneDx: inventory_internal::DecodeCycloneDx(*document, &items); break;
    case InventoryFormat::kSpdx: inventory_internal::DecodeSpdx(*document, &items); break;
    default: inventory_internal::DecodeOsquery(*document, &items); break;
  }
  Enqueue(0, std::move(items));
  CheckInventoryRows();
  return true;
}

bool InventoryReader::Refill() {
  if (finished_) return false;
  if (document_) {
    finished_ = true;
    return ReadDocument();
  }
  std::string line;
  bool too_long = false;
  for (;;) {
    bool any;
    if (has_pending_line_) {
      line = std::move(pending_line_);
      too_long = pending_too_long_;
      has_pending_line_ = false;
      any = true;
    } else {
      any = ReadLine(&line, &too_long);
    }
    if (!any) {
      finished_ = true;
      if (in_->bad()) status_ = absl::DataLossError(absl::StrCat(source_, ": read error after line ", line_));
      CheckInventoryRows();
      return false;
    }
    ++line_;
    if (too_long) {
      Problem(line_, next_index_++,
              absl::StrCat("line longer than ", options_.max_line_bytes, " bytes: skipped"));
      return true;
    }
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    std::vector<DecodedItem> items;
    if (format_ == InventoryFormat::kJsonl) {
      inventory_internal::DecodeInventoryItem(line, &items);
    } else {
      absl::StatusOr<nlohmann::json> value = inventory_internal::ParseJson(line);
      if (!value.ok()) {
        Problem(line_, next_index_++, std::string(value.status().message()));
        return true;
      }
      inventory_internal::DecodeOsquery(*value, &items);
    }
    Enqueue(line_, std::move(items));
    return true;
  }
}

bool InventoryReader::Next(InventoryRecord* record) {
  while (queue_.empty()) {
    if (!Refill()) return false;
  }
  *record = std::move(queue_.front());
  queue_.pop_front();
  return true;
}

}  // namespace interdict
