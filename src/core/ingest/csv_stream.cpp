#include "core/ingest/csv_stream.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "core/util/error.hpp"

using exertrack::core::util::throw_input_error;

namespace exertrack::core::ingest {
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
    const std::string first = std::move(carry_);
    carry_.clear();
    std::string_view text(first);
    if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
    feed_started(text);
    return;
  }
  feed_started(bytes);
}

void CsvStream::feed_started(std::string_view bytes) {
  if (skip_lf_ && !bytes.empty()) {
    skip_lf_ = false;
    if (bytes.front() == '\n') bytes.remove_prefix(1);
  }
  if (!carry_.empty()) {
    // The last chunk ended inside a record. Re-parsing it from its start on
    // every chunk made reading quadratic in a record's length (a 100 MB
    // quoted field took 7 s; 1-16 byte chunks of a 64 KB field timed the
    // fuzzer out), so the scan resumes where it stopped and the record is
    // parsed once, when its end has arrived.
    const std::size_t end = scan(bytes);
    if (end == npos) {
      carry_.append(bytes);
      return;
    }
    carry_.append(bytes.substr(0, end));
    bytes.remove_prefix(end);
    (void)parse(carry_, false);  // exactly one whole record
    carry_.clear();
    // A record ending in a lone '\r' makes parse expect a '\n' in the next
    // chunk; the scan already looked at the byte after it.
    if (!bytes.empty()) skip_lf_ = false;
  }
  // The common case: parse straight from the caller's bytes, copy only the
  // tail that ends inside a record, and note where in it the record stands.
  const std::size_t used = parse(bytes, false);
  carry_.assign(bytes.substr(used));
  scan_ = Scan::field_start;
  if (!carry_.empty()) (void)scan(carry_);
}

std::size_t CsvStream::scan(std::string_view bytes) {
  // The same record boundaries as parse_record (libcsv's rules): a quote
  // opens a quoted field only at a field's start; inside one, a quote
  // followed by the delimiter or a newline closes it, any other byte after a
  // quote (a second quote included) keeps it open.
  const char* s = bytes.data();
  const std::size_t n = bytes.size();
  const char delim = delimiter_;
  Scan state = scan_;
  std::size_t i = 0;
  const auto ended = [&](std::size_t at) {  // `at` is just past a '\r' or '\n'
    if (s[at - 1] == '\r' && at < n && s[at] == '\n') ++at;
    examined_ += at;
    scan_ = Scan::field_start;
    return at;
  };
  while (i < n) {
    switch (state) {
      case Scan::quoted: {
        const void* quote = std::memchr(s + i, '"', n - i);
        if (quote == nullptr) {
          i = n;
        } else {
          i = static_cast<std::size_t>(static_cast<const char*>(quote) - s) + 1;
          state = Scan::quote_in_quoted;
        }
        break;
      }
      case Scan::quote_in_quoted: {
        const char c = s[i++];
        if (c == '\n' || c == '\r') return ended(i);
        state = c == delim ? Scan::field_start : Scan::quoted;
        break;
      }
      case Scan::field_start:
        if (s[i] == '"') {
          ++i;
          state = Scan::quoted;
          break;
        }
        state = Scan::unquoted;
        [[fallthrough]];
      case Scan::unquoted: {
        while (i < n && s[i] != delim && s[i] != '\n' && s[i] != '\r') ++i;
        if (i == n) break;
        const char c = s[i++];
        if (c != delim) return ended(i);
        state = Scan::field_start;
        break;
      }
    }
  }
  examined_ += n;
  scan_ = state;
  return npos;
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
  examined_ += text.size();  // an upper bound: a record left unfinished was read to the end
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
  throw_input_error({source_, line_, name},
                    "value '" + value + (rest.size() > shown ? "..." : "") +
                        "' opens a quote that is never closed (reached the end of the file)",
                    std::string(rest.substr(0, shown)));
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

}  // namespace exertrack::core::ingest
