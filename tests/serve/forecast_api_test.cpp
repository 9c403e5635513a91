// The HTTP API's handlers with a next-session model: sessions in, advice
// out, and clear 422s for what a next-session model cannot read.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "forecast/lifters.hpp"
#include "forecast/train.hpp"
#include "serve/api.hpp"
#include "synth/synth.hpp"

namespace exertrack::serve {
namespace {

// A small model from the embedded synthetic log (always present). Never
// destroyed: XGBoost's own globals may be gone by the time static objects
// are, and freeing a booster then crashes at exit.
const ForecastModel& model() {
  static const ForecastModel& m = *new ForecastModel([] {
    const WorkoutLog log = synth_workout_log(SynthOptions{});
    std::vector<forecast::Lifter> lifters{forecast::lifter_from_log(log, "synthetic", WeightUnit::lb, ForecastDefinition{})};
    forecast::TrainOptions o;
    o.set_rounds(20);
    o.threads = 1;
    return forecast::train_model(lifters, forecast::all_transitions(lifters), o);
  }());
  return m;
}

TEST(ForecastApi, SessionsInAdviceOut) {
  ApiWorkspace ws;
  const std::string body = R"json({"planned_reps": [5], "exercises": [{"name": "Bench Press (Barbell)", "unit": "kg", "sessions": [
      {"date": "2024-05-01", "sets": [{"weight": 100, "reps": 10}, {"weight": 100, "reps": 9}]},
      {"date": "2024-05-04", "sets": [{"weight": 100, "reps": 10}]},
      {"date": "2024-05-08", "sets": [{"weight": 102.5, "reps": 8}]}]}]})json";
  const ApiResponse r = recommend_json(model(), body, ApiLimits{}, ws);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["task"], "next-session");
  const auto& a = j["results"][0];
  EXPECT_EQ(a["last_session"]["date"], "2024-05-08");
  EXPECT_EQ(a["last_session"]["weight"], 102.5);
  EXPECT_EQ(a["target"]["unit"], "kg");
  const double steps = (a["target"]["weight"].get<double>() - 102.5) / 2.5;
  EXPECT_EQ(steps, std::round(steps));
  EXPECT_EQ(a["planned"].size(), 1U);
  EXPECT_EQ(a["planned"][0]["reps"], 5);
  EXPECT_FALSE(a["reason"].get<std::string>().empty());
  EXPECT_GE(a["ready_to_add_weight"].get<double>(), 0);
}

TEST(ForecastApi, WhatItCannotRead) {
  ApiWorkspace ws;
  auto status_and_message = [&](const std::string& body) {
    const ApiResponse r = recommend_json(model(), body, ApiLimits{}, ws);
    return std::to_string(r.status) + " " + nlohmann::json::parse(r.body).value("error", nlohmann::json::object()).value("message", "");
  };
  EXPECT_EQ(status_and_message(R"json({"exercises": [{"name": "A", "unit": "kg", "sets": [{"weight": 1, "reps": 1}]}]})json").substr(0, 4), "422 ");
  EXPECT_NE(status_and_message(R"json({"exercises": [{"name": "A", "unit": "kg", "sets": []}]})json").find("sessions"), std::string::npos);
  EXPECT_NE(status_and_message(R"json({"exercises": [{"name": "A", "unit": "kg", "sessions": [{"date": "yesterday", "sets": [{"weight": 1, "reps": 1}]}]}]})json")
                .find("exercises[0].sessions[0].date"),
            std::string::npos);
  EXPECT_NE(status_and_message(R"json({"planned_reps": [0], "exercises": [{"name": "A", "unit": "kg", "sessions": [{"sets": [{"weight": 1, "reps": 1}]}]}]})json")
                .find("planned_reps[0]"),
            std::string::npos);
  // A timed-only exercise is listed apart, never given a target.
  const ApiResponse r = recommend_json(model(), R"json({"exercises": [{"name": "Plank", "unit": "kg", "sessions": [{"sets": [{"weight": 0, "reps": 0}]}]}]})json",
                                       ApiLimits{}, ws);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = nlohmann::json::parse(r.body);
  EXPECT_TRUE(j["results"].empty());
  EXPECT_EQ(j["not_strength"][0]["name"], "Plank");
}

TEST(ForecastApi, CsvUploadAnswersInTheUnitTheFileStates) {
  const std::string csv =
      "Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes\n"
      "2024-01-01 10:00:00,A,Squat (Barbell),1,100,5,,,\n"
      "2024-01-03 10:00:00,A,Squat (Barbell),1,102.5,5,,,\n"
      "2024-01-05 10:00:00,A,Squat (Barbell),1,105,5,,,\n";
  const ApiResponse r = recommend_csv(model(), csv, CsvQuery{}, ApiLimits{});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["results"][0]["unit"], "kg");
  EXPECT_EQ(j["results"][0]["last_session"]["weight"], 105);
  CsvQuery lb;
  lb.unit = "lb";
  EXPECT_EQ(nlohmann::json::parse(recommend_csv(model(), csv, lb, ApiLimits{}).body)["results"][0]["unit"], "lb");
  EXPECT_EQ(recommend_csv(model(), "garbage\x01", CsvQuery{}, ApiLimits{}).status, 422);
  const auto info = nlohmann::json::parse(model_info_json(model(), "dir", "now"));
  EXPECT_EQ(info["task"], "next-session");
  EXPECT_EQ(info["actions"].size(), 5U);
}

}  // namespace
}  // namespace exertrack::serve
