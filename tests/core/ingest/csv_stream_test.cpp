// CsvStream reads any chunking in time linear in the input (issue 14 item 7):
// an unfinished record is resumed where the last chunk ended, not re-parsed.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/ingest/csv_stream.hpp"
#include "core/util/error.hpp"

using exertrack::core::util::InputError;

namespace exertrack::core::ingest {
namespace {

struct Parsed {
  std::vector<std::pair<std::size_t, std::vector<std::string>>> records;
  std::string error;  // empty: no InputError
  std::size_t examined = 0;
  bool operator==(const Parsed& o) const { return records == o.records && error == o.error; }
};

// Feeds `text` in chunks whose sizes `next_chunk` picks.
template <typename NextChunk>
Parsed parse_chunked(std::string_view text, char delimiter, NextChunk next_chunk) {
  Parsed out;
  CsvStream csv("t.csv", delimiter, [&](const CsvRecord& r) {
    out.records.emplace_back(r.line, std::vector<std::string>(r.fields.begin(), r.fields.end()));
  });
  try {
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t n = std::min(next_chunk(), text.size() - i);
      csv.feed(text.substr(i, n));
      i += n;
    }
    csv.finish();
  } catch (const InputError& e) {
    out.error = e.what();
  }
  out.examined = csv.bytes_examined();
  return out;
}

Parsed parse_whole(std::string_view text, char delimiter = ',') {
  return parse_chunked(text, delimiter, [&] { return text.size(); });
}

// A few MB: ordinary records around one record whose quoted field is
// 4 MB long, with doubled quotes, CRLF and LF inside.
std::string large_text() {
  std::string text = "Date,Notes,Reps\n2020-01-01,short,5\n2020-01-02,\"";
  for (int i = 0; i < 4 << 20; ++i) {
    const int k = i % 1000;
    text += k == 998 ? '\r' : k == 999 ? '\n' : k == 500 ? '"' : static_cast<char>('a' + i % 26);
    if (k == 500) text += '"';  // doubled: one quote in the value
  }
  text += "\",6\r\n2020-01-03,\"after\",7\n";
  return text;
}

TEST(CsvStreamLinear, OneLongQuotedFieldByteByByte) {
  const std::string text = large_text();
  const Parsed whole = parse_whole(text);
  ASSERT_TRUE(whole.error.empty()) << whole.error;
  ASSERT_EQ(whole.records.size(), 4u);
  EXPECT_EQ(whole.records[2].second[1].size(), 4u << 20) << "doubled quotes are one quote";
  EXPECT_EQ(whole.records[3].first, 4u + (4u << 20) / 1000u) << "physical line after the long field";

  const Parsed bytewise = parse_chunked(text, ',', [] { return std::size_t{1}; });
  EXPECT_EQ(bytewise, whole);
  // Each byte is looked at a bounded number of times (the old stream
  // re-parsed the unfinished record on every chunk: about 4 MB x 4 M here).
  EXPECT_LE(bytewise.examined, 4 * text.size()) << "examined " << bytewise.examined << " of " << text.size();

  std::mt19937 rng(14);
  const Parsed small = parse_chunked(text, ',', [&] { return std::size_t{1} + rng() % 16; });
  EXPECT_EQ(small, whole);
  EXPECT_LE(small.examined, 4 * text.size());
}

TEST(CsvStreamLinear, UnclosedLongQuoteFailsOnceAtTheEnd) {
  std::string text = "a,b\n1,\"";
  text.append(2 << 20, 'x');
  const Parsed bytewise = parse_chunked(text, ',', [] { return std::size_t{1}; });
  EXPECT_NE(bytewise.error.find("t.csv:2: column 'field 2'"), std::string::npos) << bytewise.error;
  EXPECT_NE(bytewise.error.find("never closed"), std::string::npos) << bytewise.error;
  EXPECT_LE(bytewise.examined, 4 * text.size());
}

TEST(CsvStreamLinear, LongUnquotedRecordByteByByte) {
  std::string text = "a;b\n";
  for (int i = 0; i < 1 << 20; ++i) text += (i % 7 == 0) ? ';' : 'v';
  text += "\r\nx;y";
  const Parsed whole = parse_whole(text, ';');
  const Parsed bytewise = parse_chunked(text, ';', [] { return std::size_t{1}; });
  EXPECT_EQ(bytewise, whole);
  EXPECT_EQ(whole.records.size(), 3u);
  EXPECT_LE(bytewise.examined, 4 * text.size());
}

// The resumed scan must end records exactly where the parser does, for
// malformed input too: small random texts over the bytes that matter, every
// chunking against the whole text.
TEST(CsvStreamLinear, ChunkedEqualsWholeOnRandomTexts) {
  std::mt19937 rng(7);
  const std::string alphabet = "a,;\"\r\n\"\xEF";
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    if (round % 5 == 0) text = "\xEF\xBB\xBF";
    const std::size_t length = rng() % 40;
    for (std::size_t i = 0; i < length; ++i) text += alphabet[rng() % alphabet.size()];
    const char delimiter = round % 2 == 0 ? ',' : ';';
    const Parsed whole = parse_whole(text, delimiter);
    const std::size_t fixed = 1 + rng() % 5;
    ASSERT_EQ(parse_chunked(text, delimiter, [&] { return fixed; }), whole) << "chunk " << fixed << " text " << text;
    ASSERT_EQ(parse_chunked(text, delimiter, [&] { return std::size_t{1} + rng() % 16; }), whole) << "text " << text;
  }
}

}  // namespace
}  // namespace exertrack::core::ingest
