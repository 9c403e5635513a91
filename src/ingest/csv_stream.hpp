#pragma once
// Streaming RFC 4180 reader on top of libcsv (Debian libcsv-dev): bytes go in
// in chunks of any size, whole records come out with the physical line they
// start on, so memory stays flat however large the file is.
#include <csv.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace exertrack::ingest {

struct CsvRecord {
  std::vector<std::string_view> fields;  // valid only during the callback
  std::size_t line = 0;                  // 1-based physical line where the record starts
  std::size_t index = 0;                 // 0-based record index (header included, blank lines not)
};

class CsvStream {
 public:
  using Sink = std::function<void(const CsvRecord&)>;

  // `source` names the input in error messages. `delimiter` is ',' ';' or '\t'.
  CsvStream(std::string source, char delimiter, Sink sink);
  ~CsvStream();
  CsvStream(const CsvStream&) = delete;
  CsvStream& operator=(const CsvStream&) = delete;

  // Parses the next bytes; a UTF-8 byte-order mark at the very start is skipped.
  void feed(std::string_view bytes);
  // Ends the input: emits the last record (a missing final newline is fine)
  // and throws InputError for a quoted field that was never closed.
  void finish();

  // The header names, when the caller knows them, make error messages name the column.
  void set_column_names(std::vector<std::string> names) { column_names_ = std::move(names); }
  [[nodiscard]] std::size_t records() const { return record_index_; }

 private:
  static void on_field(void* data, std::size_t len, void* self);
  static void on_row(int terminator, void* self);
  void emit();

  std::string source_;
  Sink sink_;
  csv_parser parser_{};
  std::vector<std::string> column_names_;
  std::string row_bytes_;                                // the current record's field bytes, back to back
  std::vector<std::pair<std::size_t, std::size_t>> spans_;  // (offset, length) into row_bytes_
  CsvRecord record_;
  std::size_t line_ = 1;               // physical line the parser is on
  std::size_t record_line_ = 1;        // line where the current record began
  std::size_t record_index_ = 0;
  int previous_terminator_ = 0;
  bool started_ = false;               // first bytes seen (BOM check done)
  std::string head_;                   // the first bytes while they could still be a BOM
};

// Picks the delimiter of a CSV text from its first record: the most frequent
// of ',', ';' and tab outside quotes (a semicolon export with decimal commas
// still has more semicolons than commas on its first line).
[[nodiscard]] char sniff_delimiter(std::string_view head);

}  // namespace exertrack::ingest
