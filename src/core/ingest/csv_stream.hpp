#pragma once
// Streaming RFC 4180 reader: bytes go in in chunks of any size, whole records
// come out with the physical line they start on, so memory stays flat however
// large the file is.
//
// Hand-written rather than libcsv (Debian libcsv-dev) because a benchmark
// showed it was needed: the reader on libcsv, which feeds every byte through
// a state machine and copies it into its field buffer, read the 721 file at
// about 90 MB/s end to end, under the 200 MB/s target; libcsv alone tokenises
// at about 350 MB/s, this tokeniser (zero-copy views, copying only fields
// with doubled quotes) at about 1 GB/s (bench_ingest: BM_TokenizeLibcsv vs
// BM_TokenizeCsvStream, one core). It keeps libcsv's semantics for every
// input, malformed ones included (with no space trimming): fuzz_ingest checks
// that the two agree record for record.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace exertrack::core::ingest {

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

  // Parses the next bytes; a UTF-8 byte-order mark at the very start is skipped.
  void feed(std::string_view bytes);
  // Ends the input: emits the last record (a missing final newline is fine)
  // and throws InputError for a quoted field that was never closed.
  void finish();

  // The header names, when the caller knows them, make error messages name the column.
  void set_column_names(std::vector<std::string> names) { column_names_ = std::move(names); }
  [[nodiscard]] std::size_t records() const { return record_index_; }
  // Bytes the tokeniser has examined so far, re-examinations included: the
  // measure that reading is linear in the input whatever the chunking.
  [[nodiscard]] std::size_t bytes_examined() const { return examined_; }

 private:
  // Parses the complete records of `text`; returns how many bytes were used.
  // With `final` the end of text ends the last record.
  std::size_t parse(std::string_view text, bool final);
  // One record starting at text[pos]; returns the position after its
  // terminator, or npos when the text ends inside it (and !final).
  std::size_t parse_record(std::string_view text, std::size_t pos, bool final);
  // Where the unfinished record in carry_ stands: the scan of a chunk that
  // arrives resumes from here instead of re-parsing the record from its start.
  enum class Scan : std::uint8_t { field_start, unquoted, quoted, quote_in_quoted };
  // Advances scan_ over `bytes`; returns the offset just past the end of the
  // unfinished record (its terminator, "\r\n" whole when both are there), or
  // npos when the record goes on past `bytes`.
  std::size_t scan(std::string_view bytes);
  // The bytes of the first chunk(s), once the byte-order mark question is settled.
  void feed_started(std::string_view bytes);
  [[noreturn]] void unterminated(std::string_view rest, std::size_t column, std::size_t lines) const;

  std::string source_;
  char delimiter_;
  Sink sink_;
  std::vector<std::string> column_names_;
  CsvRecord record_;
  std::deque<std::string> unescaped_;  // fields whose quotes had to be rewritten; stable addresses
  std::size_t unescaped_used_ = 0;
  std::string carry_;                  // an incomplete record waiting for the next chunk
  Scan scan_ = Scan::field_start;     // state at the end of carry_
  std::size_t examined_ = 0;
  std::size_t line_ = 1;               // physical line the parser is on
  std::size_t record_index_ = 0;
  bool started_ = false;               // BOM check done
  bool skip_lf_ = false;               // the last chunk ended in '\r': a leading '\n' belongs to it
};

// Picks the delimiter of a CSV text from its first record: the most frequent
// of ',', ';' and tab outside quotes (a semicolon export with decimal commas
// still has more semicolons than commas on its first line).
[[nodiscard]] char sniff_delimiter(std::string_view head);

}  // namespace exertrack::core::ingest
