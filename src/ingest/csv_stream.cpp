#include "ingest/csv_stream.hpp"

#include <algorithm>
#include <array>

#include "util/error.hpp"

namespace exertrack::ingest {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::size_t npos = std::string_view::npos;

}  // namespace

CsvStream::CsvStream(std::string source, char delimiter, Sink sink)
    : source_(std::move(source)), delimiter_(delimiter), sink_(std::move(sink)) {
  record_.fields.reserve(32);
}

void CsvStream::feed(std::string_view bytes) {
  if (!started_) {
    // The byte-order mark may be split across chunks: hold back a partial one.
    carry_.append(bytes);
    if (carry_.size() < kBom.size() && kBom.substr(0, carry_.size()) == carry_) return;
    started_ = true;
    if (std::string_view(carry_).substr(0, kBom.size()) == kBom) carry_.erase(0, kBom.size());
    bytes = {};
  }
  if (skip_lf_ && !bytes.empty()) {
    skip_lf_ = false;
    if (bytes.front() == '\n') bytes.remove_prefix(1);
  }
  // Finish the record the last chunk ended inside: append just enough of
  // the new bytes (doubling, so an unclosed quote stays linear) to complete it.
  while (!carry_.empty() && !bytes.empty()) {
    const std::size_t piece = std::min(std::max<std::size_t>(carry_.size(), 4096), bytes.size());
    carry_.append(bytes.substr(0, piece));
    bytes.remove_prefix(piece);
    const std::size_t used = parse(carry_, false);
    const std::size_t unparsed = carry_.size() - used;
    if (unparsed <= piece) {
      // What is left came from `bytes`: continue from there without copying.
      bytes = std::string_view(bytes.data() - unparsed, bytes.size() + unparsed);
      carry_.clear();
    } else {
      carry_.erase(0, used);
    }
  }
  if (carry_.empty()) {
    // The common case: parse straight from the caller's bytes, copy only the
    // tail that ends inside a record.
    const std::size_t used = parse(bytes, false);
    carry_.assign(bytes.substr(used));
  }
}

void CsvStream::finish() {
  if (!started_) {
    started_ = true;
    if (std::string_view(carry_).substr(0, kBom.size()) == kBom) carry_.erase(0, kBom.size());
  }
  const std::size_t used = parse(carry_, true);
  carry_.erase(0, used);
}

std::size_t CsvStream::parse(std::string_view text, bool final) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '\n') {  // blank line
      ++line_;
      ++pos;
    } else if (c == '\r') {
      ++line_;
      ++pos;
      if (pos < text.size()) {
        if (text[pos] == '\n') ++pos;
      } else if (!final) {
        skip_lf_ = true;
      }
    } else {
      const std::size_t next = parse_record(text, pos, final);
      if (next == npos) return pos;
      pos = next;
    }
  }
  return pos;
}

std::size_t CsvStream::parse_record(std::string_view text, std::size_t pos, bool final) {
  record_.fields.clear();
  unescaped_used_ = 0;
  const std::size_t n = text.size();
  const char* s = text.data();
  const char delim = delimiter_;
  std::size_t lines = 0;  // newlines inside quoted fields
  std::size_t p = pos;
  for (;;) {
    if (p < n && s[p] == '"') {
      // Quoted field. libcsv's rules: "" is one quote; a closing quote not
      // followed by a delimiter or newline is kept, and the field stays quoted.
      const std::size_t field_start = p;
      std::size_t q = p + 1;
      const std::size_t content_start = q;
      std::string* buffer = nullptr;
      for (;;) {
        std::size_t i = q;
        for (; i < n; ++i) {
          const char ch = s[i];
          if (ch == '"') break;
          if (ch == '\r' || (ch == '\n' && s[i - 1] != '\r')) ++lines;
        }
        if (i == n) {
          if (!final) return npos;
          unterminated(text.substr(field_start), record_.fields.size(), lines);
        }
        if (i + 1 == n && !final) return npos;
        const char after = i + 1 < n ? s[i + 1] : delim;
        if (after == delim || after == '\r' || after == '\n') {
          if (buffer != nullptr) {
            buffer->append(s + q, i - q);
            record_.fields.emplace_back(*buffer);
          } else {
            record_.fields.emplace_back(s + content_start, i - content_start);
          }
          p = i + 1;
          break;
        }
        if (buffer == nullptr) {
          if (unescaped_used_ == unescaped_.size()) unescaped_.emplace_back();
          buffer = &unescaped_[unescaped_used_++];
          buffer->assign(s + content_start, i - content_start);
        } else {
          buffer->append(s + q, i - q);
        }
        if (after == '"') {
          buffer->push_back('"');  // doubled quote
        } else {
          buffer->push_back('"');  // a stray closing quote stays, with the byte after it
          buffer->push_back(after);
        }
        q = i + 2;
      }
    } else {
      std::size_t e = p;
      while (e < n && s[e] != delim && s[e] != '\n' && s[e] != '\r') ++e;
      if (e == n && !final) return npos;
      record_.fields.emplace_back(s + p, e - p);
      p = e;
    }
    if (p >= n) break;  // final: the text ends the record
    const char c = s[p++];
    if (c == delim) {
      if (p == n) {
        if (!final) return npos;
        record_.fields.emplace_back();  // "a,b," ends with an empty field
        break;
      }
      continue;
    }
    // c is '\r' or '\n'
    if (c == '\r') {
      if (p < n) {
        if (s[p] == '\n') ++p;
      } else if (!final) {
        skip_lf_ = true;
      }
    }
    lines += 1;
    break;
  }
  // A line holding only "" is blank to us (as to pandas' skip_blank_lines).
  if (!(record_.fields.size() == 1 && record_.fields[0].empty())) {
    record_.line = line_;
    record_.index = record_index_++;
    sink_(record_);
  }
  line_ += lines;
  return p;
}

void CsvStream::unterminated(std::string_view rest, std::size_t column, std::size_t) const {
  const std::string name = column < column_names_.size() ? column_names_[column] : "field " + std::to_string(column + 1);
  const std::size_t shown = std::min<std::size_t>(rest.size(), 40);
  std::string value(rest.substr(0, shown));
  std::replace(value.begin(), value.end(), '\n', ' ');
  std::replace(value.begin(), value.end(), '\r', ' ');
  throw_input_error({source_, line_, name}, "value '" + value + (rest.size() > shown ? "..." : "") +
                                                "' opens a quote that is never closed (reached the end of the file)");
}

char sniff_delimiter(std::string_view head) {
  if (head.substr(0, kBom.size()) == kBom) head.remove_prefix(kBom.size());
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
