#include "predict/json_out.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

namespace ex = exertrack;

namespace {
std::string str(std::string_view s) {
  std::string out;
  ex::append_json_string(out, s);
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
  ex::append_json_number(out, 102.5);
  out += ' ';
  ex::append_json_number(out, std::numeric_limits<double>::infinity());
  out += ' ';
  ex::append_json_float(out, 0.91F);
  out += ' ';
  ex::append_json_float(out, std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(out, "102.5 null 0.91 null");
}

TEST(JsonOut, RecommendationHasTheApiFields) {
  ex::Recommendation r;
  r.name = "Squat (Barbell)";
  r.equipment = ex::Equipment::barbell;
  r.prediction.label = 0;
  r.prediction.probabilities = {0.75F, 0.25F, 0.0F};
  r.rule_label = 0;
  r.features = {8.3, -20, 110, 15.6};
  r.target = {130, ex::WeightUnit::kg, 9};
  r.reason = "Your last set was 130 kg for 8 reps; stay at 130 kg and aim for 9 reps before adding weight.";
  std::string out;
  ex::append_recommendation_json(out, r);
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["name"], "Squat (Barbell)");
  EXPECT_EQ(j["equipment"], "barbell");
  EXPECT_EQ(j["label"], "increase reps");
  EXPECT_EQ(j["rule_label"], "increase reps");
  EXPECT_DOUBLE_EQ(j["probabilities"]["increase reps"].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(j["probabilities"]["increase weight"].get<double>(), 0.25);
  EXPECT_EQ(j["target"], (nlohmann::json{{"weight", 130}, {"unit", "kg"}, {"reps", 9}}));
  EXPECT_EQ(j["reason"], r.reason);
  EXPECT_DOUBLE_EQ(j["features"]["Reps Moving Average"].get<double>(), 15.6);
  EXPECT_EQ(j["last_set"], (nlohmann::json{{"weight", 0}, {"unit", "kg"}, {"reps", 0}}));

  std::string p;
  ex::append_prediction_json(p, r.prediction);
  EXPECT_EQ(p, "{\"label\":\"increase reps\",\"probabilities\":{\"increase reps\":0.75,\"increase weight\":0.25,"
               "\"increase weight, decrease reps\":0}}");
}
