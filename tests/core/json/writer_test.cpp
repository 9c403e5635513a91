#include "core/json/writer.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

namespace ex = exertrack;

namespace {
std::string str(std::string_view s) {
  std::string out;
  ex::core::json::append_json_string(out, s);
  return out;
}
}  // namespace

TEST(JsonOut, StringsAreEscapedAndAlwaysValidUtf8) {
  EXPECT_EQ(str("Bench Press (Barbell)"), "\"Bench Press (Barbell)\"");
  EXPECT_EQ(str("a\"b\\c\nd\te\x01"), "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
  EXPECT_EQ(str("Kniebeuge \xC3\xBC"), "\"Kniebeuge \xC3\xBC\"");
  EXPECT_EQ(str("\xE5\x8D\xA7\xE6\x8E\xA8"), "\"\xE5\x8D\xA7\xE6\x8E\xA8\"");  // 卧推
  EXPECT_EQ(str("\xF0\x9F\x92\xAA"), "\"\xF0\x9F\x92\xAA\"");                  // 4-byte emoji
  // Invalid: a lone continuation byte, a truncated sequence, an overlong, a surrogate.
  EXPECT_EQ(str("x\x80y"), "\"x\xEF\xBF\xBDy\"");
  EXPECT_EQ(str("\xC3"), "\"\xEF\xBF\xBD\"");
  EXPECT_EQ(str("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(str("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  // Whatever the bytes, the result parses.
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  EXPECT_TRUE(nlohmann::json::accept(str(all)));
}

TEST(JsonOut, NumbersAreShortestAndNeverInvalidJson) {
  std::string out;
  ex::core::json::append_json_number(out, 102.5);
  out += ' ';
  ex::core::json::append_json_number(out, std::numeric_limits<double>::infinity());
  out += ' ';
  ex::core::json::append_json_float(out, 0.91F);
  out += ' ';
  ex::core::json::append_json_float(out, std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(out, "102.5 null 0.91 null");
}
