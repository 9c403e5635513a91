#include "ingest/csv_stream.hpp"

#include <array>
#include <cstring>
#include <new>

#include "util/error.hpp"

namespace exertrack::ingest {
namespace {

// libcsv.c's parser state for "inside a field" (FIELD_BEGUN); libcsv does not
// export the constant, but the state lives in the public struct csv_parser.
constexpr int kLibcsvFieldBegun = 2;

// Newlines inside a (quoted) field: "\r\n" counts once, a lone '\r' or '\n' once.
std::size_t count_newlines(const char* s, std::size_t n) {
  std::size_t lines = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (s[i] == '\n') {
      ++lines;
    } else if (s[i] == '\r') {
      ++lines;
      if (i + 1 < n && s[i + 1] == '\n') ++i;
    }
  }
  return lines;
}

}  // namespace

CsvStream::CsvStream(std::string source, char delimiter, Sink sink)
    : source_(std::move(source)), sink_(std::move(sink)) {
  // CSV_REPALL_NL: libcsv reports every newline, including blank lines and the
  // '\n' of "\r\n", which is what lets us count physical lines exactly.
  if (csv_init(&parser_, CSV_REPALL_NL) != 0) throw std::bad_alloc();
  csv_set_delim(&parser_, static_cast<unsigned char>(delimiter));
  // RFC 4180 (and pandas) keep spaces around unquoted values: "Glute extension. "
  // is a different name from "Glute extension." in the notebook's table.
  // libcsv trims them unless told that no character is a space.
  csv_set_space_func(&parser_, [](unsigned char) { return 0; });
  // Fields are copied out of libcsv's buffer as they end; grow it in large
  // steps so long quoted notes do not realloc every 128 bytes.
  csv_set_blk_size(&parser_, 4096);
  row_bytes_.reserve(1024);
  spans_.reserve(32);
}

CsvStream::~CsvStream() { csv_free(&parser_); }

void CsvStream::feed(std::string_view bytes) {
  std::string joined;
  if (!started_) {
    // The byte-order mark may be split across chunks: hold back a partial one.
    static constexpr std::string_view kBom = "\xEF\xBB\xBF";
    head_.append(bytes);
    if (head_.size() < kBom.size() && kBom.substr(0, head_.size()) == head_) return;
    started_ = true;
    joined.swap(head_);
    bytes = joined;
    if (bytes.substr(0, kBom.size()) == kBom) bytes.remove_prefix(kBom.size());
  }
  const std::size_t used = csv_parse(&parser_, bytes.data(), bytes.size(), &CsvStream::on_field, &CsvStream::on_row, this);
  if (used != bytes.size()) {
    // Non-strict libcsv only stops early when it cannot grow its field buffer.
    throw_input_error({source_, line_, ""}, std::string("cannot parse CSV: ") + csv_strerror(csv_error(&parser_)));
  }
}

void CsvStream::finish() {
  if (!started_) {
    started_ = true;
    std::string rest;
    rest.swap(head_);
    feed(rest);
  }
  if (parser_.pstate == kLibcsvFieldBegun && parser_.quoted != 0) {
    const std::size_t column = spans_.size();
    std::string name = column < column_names_.size() ? column_names_[column] : "field " + std::to_string(column + 1);
    std::string start(reinterpret_cast<const char*>(parser_.entry_buf), std::min<std::size_t>(parser_.entry_pos, 40));
    throw_input_error({source_, spans_.empty() ? line_ : record_line_, name},
                      "value '\"" + start + (parser_.entry_pos > 40 ? "..." : "") +
                          "' opens a quote that is never closed (reached the end of the file)");
  }
  csv_fini(&parser_, &CsvStream::on_field, &CsvStream::on_row, this);
}

void CsvStream::on_field(void* data, std::size_t len, void* self_ptr) {
  auto& self = *static_cast<CsvStream*>(self_ptr);
  const char* s = static_cast<const char*>(data);
  if (self.spans_.empty()) self.record_line_ = self.line_;
  self.spans_.emplace_back(self.row_bytes_.size(), len);
  if (len > 0) {
    self.row_bytes_.append(s, len);
    if (std::memchr(s, '\n', len) != nullptr || std::memchr(s, '\r', len) != nullptr) self.line_ += count_newlines(s, len);
  }
}

void CsvStream::on_row(int terminator, void* self_ptr) {
  auto& self = *static_cast<CsvStream*>(self_ptr);
  const bool newline = terminator == '\n' || terminator == '\r';
  if (self.spans_.empty()) {
    // No fields: a blank line, or the '\n' of a "\r\n" that already ended a record.
    if (newline && !(terminator == '\n' && self.previous_terminator_ == '\r')) ++self.line_;
    self.previous_terminator_ = terminator;
    return;
  }
  // A line holding only "" is blank to us (as to pandas' skip_blank_lines).
  if (!(self.spans_.size() == 1 && self.spans_[0].second == 0)) self.emit();
  self.spans_.clear();
  self.row_bytes_.clear();
  if (newline) ++self.line_;
  self.previous_terminator_ = terminator;
}

void CsvStream::emit() {
  record_.fields.clear();
  for (const auto& [offset, length] : spans_) record_.fields.emplace_back(row_bytes_.data() + offset, length);
  record_.line = record_line_;
  record_.index = record_index_++;
  sink_(record_);
}

char sniff_delimiter(std::string_view head) {
  if (head.size() >= 3 && head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  std::array<std::size_t, 3> counts{};  // , ; \t
  bool quoted = false;
  for (const char c : head) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted) {
      if (c == '\n' || c == '\r') break;
      if (c == ',') ++counts[0];
      if (c == ';') ++counts[1];
      if (c == '\t') ++counts[2];
    }
  }
  if (counts[1] > counts[0] && counts[1] >= counts[2]) return ';';
  if (counts[2] > counts[0] && counts[2] > counts[1]) return '\t';
  return ',';
}

}  // namespace exertrack::ingest
