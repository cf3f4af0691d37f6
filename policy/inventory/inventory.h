// File: policy/inventory/inventory.h
// -----------------------------------------------------------------------------
//
// Reading the inventories organisations already have into Artifacts: osquery
// results (`osqueryi --json` arrays and `osqueryd` result logs), CycloneDX and SPDX
// JSON SBOMs, and JSONL of interdict.v1.InventoryItem. The format is detected from
// the content (InventoryFormat::kAuto) or forced.
//
// InventoryReader streams records: line formats (JSONL, osquery result logs) are read
// one line at a time in bounded memory; whole documents (an osquery JSON array, an
// SBOM) are parsed at once, up to InventoryOptions::max_document_bytes. A bad record
// (malformed JSON, a missing or mistyped field, invalid UTF-8, a key repeated in one
// JSON object, a line over max_line_bytes) is reported as an InventoryProblem with its
// source, line and record index, and skipped; the rest is read. A repeated key is
// never resolved to one of its values: what holds it (a line, an osquery row, an SBOM
// component or package; a whole SBOM when it is outside those) is the problem. What
// ends the reading early (a read error, a document truncated or too large) is
// status(), never silent. A leading UTF-8 byte-order mark is skipped in every format.
//
// osquery results carry every scheduled query, not only software inventory: a row
// whose columns are no inventory table's (a `processes` or `listening_ports` query in
// the same osqueryd log, an `osqueryi --json "SELECT * FROM users"` array, or a
// software query selecting too few columns to tell its table) is an ignored row,
// neither a record nor a problem (not in skipped()). It keeps its record index, so
// later records keep theirs. ignored() summarises them per query name, in the order
// they first appear: IgnoredQuery, one entry per distinct name up to
// InventoryOptions::max_ignored_queries, then one entry counting the rows of all the
// other queries; memory stays bounded however many queries a log holds. A row of an
// inventory table that cannot be read (a missing name, a mistyped column) is still a
// problem. An input that held ignored rows and nothing else of software inventory (no
// record, no bad record, and no row of an inventory table for software not installed:
// removed, or a deb package's leftover configuration files) ends, once read to its
// end, with status() kInvalidArgument "<source>: no software inventory rows: ...", so
// that it is not taken for a host without software; an input with no rows at all
// (`[]`) is still an empty inventory.
//
// Example:
//
//   absl::StatusOr<std::unique_ptr<interdict::InventoryReader>> reader =
//       interdict::InventoryReader::Open("hosts.jsonl");
//   if (!reader.ok()) { ... }
//   interdict::InventoryRecord record;
//   while ((*reader)->Next(&record)) { ... record.artifact ... }
//   for (const interdict::InventoryProblem& problem : (*reader)->problems()) { ... }
//   for (const interdict::IgnoredQuery& query : (*reader)->ignored()) { ... query.ToString() ... }
//   if (!(*reader)->status().ok()) { ... the input ended early, or held no inventory ... }
//
// Thread safety: a reader is thread-hostile (one thread reads it); records are plain
// values.

#ifndef INTERDICT_POLICY_INVENTORY_INVENTORY_H_
#define INTERDICT_POLICY_INVENTORY_INVENTORY_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <istream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "interdict/v1/artifact.pb.h"

namespace interdict {

namespace inventory_internal {
struct DecodedItem;
struct IgnoredRow;
}  // namespace inventory_internal

enum class InventoryFormat {
  kAuto,     // Detected from the content.
  kJsonl,    // One interdict.v1.InventoryItem per line (protobuf JSON mapping).
  kOsquery,  // `osqueryi --json` arrays, or osqueryd result logs (one JSON object per line).
  kCycloneDx,  // CycloneDX JSON 1.4 to 1.7.
  kSpdx,       // SPDX 2.3 JSON.
};

// "auto", "jsonl", "osquery", "cyclonedx", "spdx".
absl::string_view InventoryFormatName(InventoryFormat format);
// The format named so (as InventoryFormatName writes it); kInvalidArgument otherwise.
absl::StatusOr<InventoryFormat> ParseInventoryFormat(absl::string_view name);

// One artifact read from an inventory, with where it came from.
struct InventoryRecord {
  std::string source;  // The file name, or "-" for standard input.
  uint64_t line = 0;   // The 1-based line it starts on; 0 when not known (binary input).
  uint64_t index = 0;  // Its 0-based index among the source's records, bad ones included.
  std::string host;    // osquery's hostIdentifier, when the source names one.
  std::string asset_id;
  std::string org_unit;
  v1::Artifact artifact;
};

// A record that could not be read, and was skipped.
struct InventoryProblem {
  std::string source;
  uint64_t line = 0;
  uint64_t index = 0;
  std::string message;  // e.g. "artifact.name: required"

  // "source:line: record N: message" (without ":line" when it is 0).
  std::string ToString() const;
};

// The osquery rows of one query that are no software inventory (ignored rows), e.g.
// those of a `pack_monitoring_listening_ports` query in an osqueryd log.
struct IgnoredQuery {
  std::string source;
  // The query's name (a log line's "name"); "" for an `osqueryi --json` array, which
  // names none. Names longer than 256 bytes are cut there (queries whose names agree
  // on their first 256 bytes share an entry).
  std::string query;
  // The entry past InventoryOptions::max_ignored_queries distinct names: it counts the
  // rows of every further query together; `query`, `first_line`, `first_index` and
  // `columns` are the first such row's.
  bool other_queries = false;
  uint64_t first_line = 0;   // The line of the first row (0 in a document).
  uint64_t first_index = 0;  // The record index of the first row.
  uint64_t rows = 0;
  // The first row's column names, sorted: at most 32, each cut at 256 bytes.
  std::vector<std::string> columns;
  uint64_t column_count = 0;  // The first row's number of columns.

  // "source:line: query \"q\": N rows ignored: not a software inventory table
  // (columns: a, b)" (without ":line" when it is 0, without the query when it has no
  // name).
  std::string ToString() const;
};

struct InventoryOptions {
  InventoryFormat format = InventoryFormat::kAuto;
  // Longest line of a line format; a longer one is reported and skipped without being
  // held in memory (the first line too: at most max(max_line_bytes, 1 MiB) of it is read
  // to detect the format).
  size_t max_line_bytes = size_t{16} << 20;
  // Largest whole document (osquery JSON array, SBOM).
  size_t max_document_bytes = size_t{1} << 30;
  // Most osquery query names summarised one by one in ignored(); the rows of further
  // queries are counted in one last entry (IgnoredQuery::other_queries).
  size_t max_ignored_queries = 1000;
};

class InventoryReader {
 public:
  // Opens the regular file or pipe (a FIFO, `<(cmd)`: streamed, and opening waits for
  // its writer) at `path` ("-": standard input). Errors: kNotFound when it cannot be
  // opened; kInvalidArgument when it is a directory, a device or a socket ("path: is a
  // directory, not an inventory", refused without reading), is UTF-16, or its format
  // cannot be told; kDataLoss on a read error before the format is known.
  static absl::StatusOr<std::unique_ptr<InventoryReader>> Open(const std::string& path,
                                                               InventoryOptions options = {});
  // Reads `in` (not owned; it must outlive the reader), named `source` in messages.
  static absl::StatusOr<std::unique_ptr<InventoryReader>> FromStream(std::istream* in, std::string source,
                                                                     InventoryOptions options = {});

  InventoryReader(const InventoryReader&) = delete;
  InventoryReader& operator=(const InventoryReader&) = delete;
  ~InventoryReader();

  // The next good record into `*record`; false at the end of the input or when it
  // ended early (status()).
  bool Next(InventoryRecord* record);

  InventoryFormat format() const { return format_; }
  // Records skipped so far (since the last TakeProblems), each with its reason.
  const std::vector<InventoryProblem>& problems() const { return problems_; }
  // Moves the problems out: a caller streaming a large input takes them as it goes,
  // so that memory stays bounded however many records are bad.
  std::vector<InventoryProblem> TakeProblems() { return std::exchange(problems_, {}); }
  // Records skipped in all, taken or not.
  uint64_t skipped() const { return skipped_; }
  // osquery rows of queries over tables that are no software inventory, per query (in
  // the order they first appear; complete when Next has returned false).
  const std::vector<IgnoredQuery>& ignored() const { return ignored_; }
  // Those rows in all.
  uint64_t ignored_rows() const { return ignored_rows_; }
  // OK, or why the input ended before its end: a read error (kDataLoss "read error
  // after line N"), a document truncated or larger than max_document_bytes; or, once
  // read to its end, that it held ignored rows and nothing else of software inventory
  // (kInvalidArgument "no software inventory rows: ...").
  const absl::Status& status() const { return status_; }
  // Bytes consumed so far (for progress), and the input's size when known (0 if not).
  uint64_t bytes_read() const { return bytes_read_; }
  uint64_t total_bytes() const { return total_bytes_; }

 private:
  InventoryReader(std::istream* in, std::unique_ptr<std::istream> owned, std::string source,
                  InventoryOptions options, uint64_t total_bytes);
  // How reading one line ended.
  enum class LineEnd {
    kNone,      // The input had ended: nothing was read.
    kComplete,  // At its '\n' (consumed) or at the end of the input.
    kCut,       // At the limit: the rest of the line is still unread.
  };

  // Detects the format from the first line (kept for reading again).
  absl::Status Start();
  // Reads on in the current line, appending to `*text` until it holds `limit` bytes.
  LineEnd AppendLine(std::string* text, size_t limit);
  // Discards the rest of the current line without holding it.
  void SkipRestOfLine();
  // Whether the input failed (a read error), as opposed to ended.
  bool ReadFailed() const;
  // DataLoss "<source>: read error after N bytes".
  absl::Status ReadError() const;
  // For format detection: reads whole lines onto `*text` (the beginning of a
  // document; `cut` when it ends mid-line) until it holds kDetectionBytes; returns
  // whether it now ends mid-line.
  bool ReadBeginning(std::string* text, bool cut);
  // Format detection when the first line is longer than the detection limit and no
  // document: it is an over-long record (kept as such), and the next non-blank line
  // tells which line format the input is.
  absl::Status StartAfterLongFirstLine();
  // Keeps line `number`, read during detection, for Refill (`cut`: its rest is still
  // unread, and is skipped; a line over max_line_bytes is kept as too long).
  absl::Status KeepLine(std::string line, bool cut, uint64_t number);
  // The next line into `*line`; when it is longer than max_line_bytes, `*too_long` and
  // `*line` empty (the line was skipped without being held). False at the end of the
  // input.
  bool ReadLine(std::string* line, bool* too_long);
  // The next line of a line format, those kept by detection first; line_ is its number.
  // False at the end of the input or on a read error.
  bool NextLine(std::string* line, bool* too_long);
  // Reads the next line, or the whole document, into queue_ and problems_; false at
  // the end (or when the input ended early: status_).
  bool Refill();
  bool ReadDocument();
  void Problem(uint64_t line, uint64_t index, std::string message);
  // Counts an ignored row into its query's entry of ignored_.
  void Ignore(uint64_t line, uint64_t index, inventory_internal::IgnoredRow row);
  // Queues the decoded items of one line (0: of the document), numbering them.
  void Enqueue(uint64_t line, std::vector<inventory_internal::DecodedItem> items);
  // At the end of the input: an input of ignored rows only is no inventory (status_).
  void CheckInventoryRows();

  std::unique_ptr<std::istream> owned_;
  std::istream* in_;
  std::string source_;
  InventoryOptions options_;
  InventoryFormat format_ = InventoryFormat::kAuto;
  bool document_ = false;  // Whole-document format.
  bool finished_ = false;
  // What format detection read and the records still need: the first lines (at most
  // two), or the beginning of a document.
  struct PendingLine {
    std::string text;
    bool too_long = false;  // Over max_line_bytes: skipped, `text` empty.
    uint64_t number = 0;
  };
  std::deque<PendingLine> pending_lines_;
  std::string pending_document_;
  bool pending_cut_ = false;  // pending_document_ ends in the middle of a line.
  uint64_t line_ = 0;      // Lines consumed.
  uint64_t next_index_ = 0;
  uint64_t bytes_read_ = 0;
  uint64_t skipped_ = 0;
  uint64_t total_bytes_ = 0;
  // Rows read as software inventory: records, and rows of software not installed.
  uint64_t inventory_rows_ = 0;
  uint64_t ignored_rows_ = 0;
  std::vector<IgnoredQuery> ignored_;
  // The entry of ignored_ of each query name (the other queries' entry is not in it).
  absl::flat_hash_map<std::string, size_t> ignored_by_query_;
  std::deque<InventoryRecord> queue_;
  std::vector<InventoryProblem> problems_;
  absl::Status status_;
};

}  // namespace interdict

#endif  // INTERDICT_POLICY_INVENTORY_INVENTORY_H_
