// Reading inventories (inventory.h).
#include "policy/inventory/inventory.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "policy/internal/regular_file.h"
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

// The format of a line that is one JSON value by itself, by its keys: a minified
// SBOM, an InventoryItem, an osquery result-log line; kAuto when none fits.
InventoryFormat FormatOfRecord(const nlohmann::json& value) {
  if (Has(value, "bomFormat")) return InventoryFormat::kCycloneDx;
  if (Has(value, "spdxVersion")) return InventoryFormat::kSpdx;
  if (Has(value, "artifact") || Has(value, "assetId") || Has(value, "asset_id")) return InventoryFormat::kJsonl;
  if (Has(value, "hostIdentifier") || Has(value, "columns") || Has(value, "snapshot") || Has(value, "diffResults")) {
    return InventoryFormat::kOsquery;
  }
  return InventoryFormat::kAuto;
}

// The format of a document by its marks in its beginning; kAuto when it has none.
InventoryFormat FormatOfDocument(absl::string_view beginning) {
  if (absl::StrContains(beginning, "\"bomFormat\"")) return InventoryFormat::kCycloneDx;
  if (absl::StrContains(beginning, "\"spdxVersion\"")) return InventoryFormat::kSpdx;
  return InventoryFormat::kAuto;
}

// Removes a UTF-8 byte-order mark from the beginning of the input: Windows tools
// (Notepad, PowerShell's Out-File -Encoding utf8) write one, and neither format
// detection nor protobuf's JSON parser would read past it.
void StripByteOrderMark(std::string* text) {
  if (absl::StartsWith(*text, "\xEF\xBB\xBF")) text->erase(0, 3);
}

// Whether the input begins with a UTF-16 byte-order mark (PowerShell 5's `>` writes
// UTF-16): its JSON would read as no format at all.
bool IsUtf16(absl::string_view text) {
  return absl::StartsWith(text, "\xFF\xFE") || absl::StartsWith(text, "\xFE\xFF");
}

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
  // A regular file, or a pipe (a FIFO, `<(osqueryi --json ...)`, /dev/stdin), which is
  // streamed like standard input: waiting for its writer is what reading it means. A
  // directory would read as nothing and a device may never end: refused.
  struct stat info;
  if (stat(path.c_str(), &info) != 0) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  }
  const bool pipe = S_ISFIFO(info.st_mode);
  if (absl::Status regular = policy_internal::CheckRegularFile(path, info.st_mode, "an inventory");
      !regular.ok() && !pipe) {
    return regular;
  }
  if (pipe) info.st_size = 0;  // Unknown: no percentage in the progress line.
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file) return absl::NotFoundError(absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  std::istream* in = file.get();
  std::unique_ptr<InventoryReader> reader(
      new InventoryReader(in, std::move(file), path, options, static_cast<uint64_t>(info.st_size)));
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

bool InventoryReader::ReadFailed() const {
  // std::cin reads through stdio unless the host turned that off, and stdio reports a
  // read error as an end of file: ferror tells the two apart.
  return in_->bad() || (in_ == &std::cin && std::ferror(stdin) != 0);
}

InventoryReader::LineEnd InventoryReader::AppendLine(std::string* text, size_t limit) {
  char chunk[64 * 1024];
  bool any = false;
  for (;;) {
    const size_t room = limit - std::min(limit, text->size());
    if (room == 0) {
      // The limit is reached: the line may still end right here.
      const int next = in_->peek();
      if (next == '\n') {
        in_->get();
        ++bytes_read_;
      }
      return next == '\n' || next == std::char_traits<char>::eof() ? LineEnd::kComplete : LineEnd::kCut;
    }
    // getline stores at most its count - 1 bytes.
    in_->getline(chunk, static_cast<std::streamsize>(std::min(sizeof(chunk) - 1, room) + 1));
    const size_t got = static_cast<size_t>(in_->gcount());
    bytes_read_ += got;
    any = any || got > 0;
    if (in_->eof() || in_->bad()) {
      text->append(chunk, got);
      return any ? LineEnd::kComplete : LineEnd::kNone;
    }
    if (in_->fail()) {  // The chunk filled up before the end of the line: read on.
      text->append(chunk, got);
      in_->clear();
      continue;
    }
    text->append(chunk, got - 1);  // gcount counts the '\n' that getline consumed, not stored.
    return LineEnd::kComplete;
  }
}

void InventoryReader::SkipRestOfLine() {
  in_->ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  bytes_read_ += static_cast<uint64_t>(in_->gcount());
}

bool InventoryReader::ReadLine(std::string* line, bool* too_long) {
  line->clear();
  const LineEnd end = AppendLine(line, options_.max_line_bytes);
  if (end == LineEnd::kNone) return false;
  *too_long = end == LineEnd::kCut;
  if (*too_long) {
    // What was read of it is dropped, and the rest is never held.
    line->clear();
    SkipRestOfLine();
  } else if (!line->empty() && line->back() == '\r') {
    line->pop_back();
  }
  return true;
}

absl::Status InventoryReader::Start() {
  // The first line tells the format. It may be a whole minified document, or an
  // over-long record of a line format: only its beginning is read here (enough to
  // detect a document by its marks), the rest by ReadDocument or SkipRestOfLine.
  std::string first;
  const LineEnd end = AppendLine(&first, std::max(options_.max_line_bytes, kDetectionBytes));
  if (ReadFailed()) return ReadError();
  if (IsUtf16(first)) {
    return absl::InvalidArgumentError(
        absl::StrCat(source_, ": UTF-16 text (it begins with a UTF-16 byte-order mark); convert it to UTF-8"));
  }
  StripByteOrderMark(&first);
  const absl::string_view head = absl::StripLeadingAsciiWhitespace(first);
  const bool blank = end == LineEnd::kNone || head.empty();
  const bool starts_array = !blank && head[0] == '[';
  bool cut = end == LineEnd::kCut;
  format_ = options_.format;
  if (format_ == InventoryFormat::kAuto) {
    absl::StatusOr<inventory_internal::ParsedJson> parsed;
    if (blank) {
      // Look for the first non-blank line by treating the input as lines; an empty
      // input is an empty inventory.
      format_ = InventoryFormat::kJsonl;
    } else if (starts_array) {
      format_ = InventoryFormat::kOsquery;
    } else if (!cut && (parsed = inventory_internal::ParseJson(first)).ok()) {
      format_ = FormatOfRecord(parsed->value);
    } else {
      // Not one JSON value: the beginning of a document, over several lines or on one
      // long line; or an over-long first record.
      const bool first_line_cut = cut;
      cut = ReadBeginning(&first, cut);
      if (ReadFailed()) return ReadError();
      format_ = FormatOfDocument(first);
      if (format_ == InventoryFormat::kAuto && first_line_cut) return StartAfterLongFirstLine();
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
              (format_ == InventoryFormat::kOsquery && starts_array);
  if (document_) {
    pending_document_ = std::move(first);
    pending_cut_ = cut;
    return absl::OkStatus();
  }
  if (end == LineEnd::kNone) return absl::OkStatus();
  return KeepLine(std::move(first), cut, 1);
}

absl::Status InventoryReader::KeepLine(std::string line, bool cut, uint64_t number) {
  if (cut) {
    SkipRestOfLine();
    if (ReadFailed()) return ReadError();
  }
  if (cut || line.size() > options_.max_line_bytes) {
    pending_lines_.push_back({"", true, number});
    return absl::OkStatus();
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  pending_lines_.push_back({std::move(line), false, number});
  return absl::OkStatus();
}

absl::Status InventoryReader::StartAfterLongFirstLine() {
  if (absl::Status kept = KeepLine("", /*cut=*/true, 1); !kept.ok()) return kept;
  std::string line;
  bool too_long = false;
  uint64_t number = 1;
  while (ReadLine(&line, &too_long)) {
    ++number;
    if (!too_long && absl::StripAsciiWhitespace(line).empty()) continue;
    absl::StatusOr<inventory_internal::ParsedJson> parsed = inventory_internal::ParseJson(line);
    if (parsed.ok()) format_ = FormatOfRecord(parsed->value);
    if (format_ == InventoryFormat::kJsonl || format_ == InventoryFormat::kOsquery) {
      pending_lines_.push_back({std::move(line), false, number});
      return absl::OkStatus();
    }
    break;
  }
  if (ReadFailed()) return ReadError();
  return absl::InvalidArgumentError(absl::StrCat(
      source_, ": cannot tell the inventory format: the first line is longer than ", options_.max_line_bytes,
      " bytes and what follows is not a record of JSONL or an osquery result log; name the format (jsonl, "
      "osquery, cyclonedx, spdx)"));
}

absl::Status InventoryReader::ReadError() const {
  return absl::DataLossError(absl::StrCat(source_, ": read error after ", bytes_read_, " bytes"));
}

bool InventoryReader::ReadBeginning(std::string* text, bool cut) {
  while (!cut && text->size() < kDetectionBytes) {
    text->push_back('\n');
    const LineEnd end = AppendLine(text, kDetectionBytes);
    if (end == LineEnd::kNone) {
      text->pop_back();
      break;
    }
    cut = end == LineEnd::kCut;
  }
  return cut;
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
  // Lines of a document have no length limit of their own (minified SBOMs are one
  // line); the document has. The text may end in the middle of a line (pending_cut_):
  // that line is continued first.
  bool mid_line = pending_cut_;
  while (text.size() <= options_.max_document_bytes) {
    if (!mid_line) text.push_back('\n');
    const LineEnd end = AppendLine(&text, options_.max_document_bytes + 1);
    if (end == LineEnd::kNone) {
      if (!mid_line) text.pop_back();
      break;
    }
    mid_line = end == LineEnd::kCut;
  }
  if (ReadFailed()) {
    status_ = ReadError();
    return false;
  }
  if (text.size() > options_.max_document_bytes) {
    status_ = absl::ResourceExhaustedError(absl::StrCat(
        source_, ": the document is larger than ", options_.max_document_bytes, " bytes"));
    return false;
  }
  absl::StatusOr<inventory_internal::ParsedJson> document = inventory_internal::ParseJson(text);
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

bool InventoryReader::NextLine(std::string* line, bool* too_long) {
  if (!pending_lines_.empty()) {
    PendingLine& pending = pending_lines_.front();
    *line = std::move(pending.text);
    *too_long = pending.too_long;
    line_ = pending.number;
    pending_lines_.pop_front();
    return true;
  }
  // A line cut by a read error is not counted: it is no record.
  if (!ReadLine(line, too_long) || ReadFailed()) return false;
  ++line_;
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
    if (!NextLine(&line, &too_long)) {
      finished_ = true;
      if (ReadFailed()) {
        status_ = absl::DataLossError(absl::StrCat(source_, ": read error after line ", line_));
      } else {
        CheckInventoryRows();
      }
      return false;
    }
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
      absl::StatusOr<inventory_internal::ParsedJson> value = inventory_internal::ParseJson(line);
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
