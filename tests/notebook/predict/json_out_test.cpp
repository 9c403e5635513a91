#include "notebook/predict/json_out.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

namespace ex = exertrack;

TEST(JsonOut, RecommendationHasTheApiFields) {
  ex::notebook::predict::Recommendation r;
  r.name = "Squat (Barbell)";
  r.equipment = ex::core::units::Equipment::barbell;
  r.prediction.label = 0;
  r.prediction.probabilities = {0.75F, 0.25F, 0.0F};
  r.rule_label = 0;
  r.features = {8.3, -20, 110, 15.6};
  r.target = {130, ex::core::ingest::WeightUnit::kg, 9};
  r.reason = "Your last set was 130 kg for 8 reps; stay at 130 kg and aim for 9 reps before adding weight.";
  std::string out;
  ex::notebook::predict::append_recommendation_json(out, r);
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
  ex::notebook::predict::append_prediction_json(p, r.prediction);
  EXPECT_EQ(p, "{\"label\":\"increase reps\",\"probabilities\":{\"increase reps\":0.75,\"increase weight\":0.25,"
               "\"increase weight, decrease reps\":0}}");
}
