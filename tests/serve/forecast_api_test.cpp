// The HTTP API's handlers with a next-session model: sessions in, advice
// out, and clear 422s for what a next-session model cannot read.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"
#include "core/util/files.hpp"
#include "next_session/model/advice.hpp"
#include "next_session/train/lifters.hpp"
#include "next_session/train/train.hpp"
#include "serve/api.hpp"
#include "synth/synth.hpp"

namespace forecast = exertrack::next_session::train;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::next_session::model::ForecastDefinition;
using exertrack::next_session::model::ForecastModel;
using exertrack::synth::SynthOptions;

namespace exertrack::serve {
namespace {

// A small model from the embedded synthetic log (always present). Never
// destroyed: XGBoost's own globals may be gone by the time static objects
// are, and freeing a booster then crashes at exit.
const ForecastModel& model() {
  static const ForecastModel& m = *new ForecastModel([] {
    const WorkoutLog log = synth_workout_log(SynthOptions{});
    std::vector<forecast::Lifter> lifters{forecast::lifter_from_log(log, "synthetic", WeightUnit::lb, ForecastDefinition{})};
    forecast::ForecastTrainOptions o;
    o.set_rounds(20);
    o.threads = 1;
    return forecast::train_model(lifters, forecast::all_transitions(lifters), o);
  }());
  return m;
}

std::string code_of(const ApiResponse& r) { return nlohmann::json::parse(r.body)["error"]["code"].get<std::string>(); }

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

// Sessions sent without dates: the answer carries no date (none was given),
// judges no inactivity, and the model is not told the days between them.
TEST(ForecastApi, UndatedSessionsGetNoInventedDates) {
  ApiWorkspace ws;
  auto body = [](bool dates) {
    const char* days[] = {"2024-05-01", "2024-05-04", "2024-05-08", "2024-05-11"};
    nlohmann::json sessions = nlohmann::json::array();
    for (int k = 0; k < 4; ++k) {
      nlohmann::json session = {{"sets", {{{"weight", 100 + 2.5 * (k / 2)}, {"reps", 8 + k % 2}}}}};
      if (dates) session["date"] = days[k];
      sessions.push_back(session);
    }
    return nlohmann::json{{"unit", "kg"}, {"exercises", {{{"name", "Bench Press (Barbell)"}, {"sessions", sessions}}}}}.dump();
  };
  const ApiResponse undated = recommend_json(model(), body(false), ApiLimits{}, ws);
  ASSERT_EQ(undated.status, 200) << undated.body;
  EXPECT_EQ(undated.body.find("1970"), std::string::npos) << undated.body;
  const auto j = nlohmann::json::parse(undated.body)["results"][0];
  EXPECT_TRUE(j["last_session"]["date"].is_null());
  EXPECT_TRUE(j["inactive"].is_null());
  EXPECT_EQ(j["sessions"], 4);
  const ApiResponse dated = recommend_json(model(), body(true), ApiLimits{}, ws);
  ASSERT_EQ(dated.status, 200) << dated.body;
  const auto d = nlohmann::json::parse(dated.body)["results"][0];
  EXPECT_EQ(d["last_session"]["date"], "2024-05-11");
  EXPECT_EQ(d["inactive"], false);

  // Some sessions dated and some not: which is which cannot be guessed.
  const ApiResponse mixed = recommend_json(
      model(), R"json({"unit": "kg", "exercises": [{"name": "Row", "sessions": [{"date": "2024-05-01", "sets": [{"weight": 50, "reps": 8}]},
          {"sets": [{"weight": 50, "reps": 9}]}]}]})json", ApiLimits{}, ws);
  EXPECT_EQ(mixed.status, 422);
  EXPECT_NE(mixed.body.find("exercises[0].sessions[1].date: missing, after dated sessions"), std::string::npos) << mixed.body;
  const ApiResponse late = recommend_json(
      model(), R"json({"unit": "kg", "exercises": [{"name": "Row", "sessions": [{"sets": [{"weight": 50, "reps": 8}]},
          {"date": "2024-05-01", "sets": [{"weight": 50, "reps": 9}]}]}]})json", ApiLimits{}, ws);
  EXPECT_EQ(late.status, 422);
  EXPECT_NE(late.body.find("exercises[0].sessions[1].date: given, after sessions without one"), std::string::npos) << late.body;
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

// Planned reps are checked once (planned_reps_problem), against the limit
// the model file records in its definition, which the Node.js package reads
// too: a model that says 8 refuses 10 reps in advise_log and in the API,
// and names its own limit.
TEST(ForecastApi, PlannedRepsAreCheckedAgainstTheModelsLimit) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("exertrack-planned-reps-" + std::to_string(::getpid()));
  nlohmann::json j = model().to_json();
  EXPECT_EQ(j["definition"]["max_planned_reps"], 300);
  j["definition"]["max_planned_reps"] = 8;
  std::filesystem::create_directories(dir);
  core::util::write_file_atomic(dir / "forecast.json", j.dump());
  const ForecastModel eight = ForecastModel::read(dir);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(eight.definition.max_planned_reps, 8);
  const WorkoutLog log = synth_workout_log(SynthOptions{});
  EXPECT_EQ(next_session::model::advise_log(eight, log, WeightUnit::lb, {}, {8}).results.front().planned.size(), 1U);
  try {
    (void)next_session::model::advise_log(eight, log, WeightUnit::lb, {}, {10});
    ADD_FAILURE() << "10 planned reps were taken by a model whose limit is 8";
  } catch (const core::util::InputError& e) {
    EXPECT_STREQ(e.what(), "planned reps: 10 is not a whole number of reps from 1 to 8");
  }
  ApiWorkspace ws;
  const std::string body = R"json({"planned_reps": [5, 10], "exercises": [{"name": "Bench Press (Barbell)", "unit": "kg", "sessions": [
      {"sets": [{"weight": 100, "reps": 10}]}, {"sets": [{"weight": 102.5, "reps": 8}]}]}]})json";
  const ApiResponse refused = recommend_json(eight, body, ApiLimits{}, ws);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("planned_reps[1]: 10 is not a whole number of reps from 1 to 8"), std::string::npos) << refused.body;
  EXPECT_EQ(recommend_json(model(), body, ApiLimits{}, ws).status, 200) << "the usual limit, 300";
  const ApiResponse half = recommend_json(model(), R"json({"planned_reps": [8.5], "exercises": []})json", ApiLimits{}, ws);
  EXPECT_NE(half.body.find("planned_reps[0]: 8.5 is not a whole number of reps from 1 to 300"), std::string::npos) << half.body;
}

// The upload takes every reading setting (core/ingest/read_settings.hpp) as
// a query parameter of the same name: strict too, which it ignored.
TEST(ForecastApi, CsvUploadTakesEveryReadingSetting) {
  const std::string csv =
      "Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes\n"
      "2024-01-01 10:00:00,A,Squat (Barbell),1,100,5,,,\n"
      "2024-01-03 10:00:00,A,Squat (Barbell),1,abc,5,,,\n"
      "2024-01-05 10:00:00,A,Squat (Barbell),1,105,5,,,\n";
  EXPECT_EQ(recommend_csv(model(), csv, CsvQuery{}, ApiLimits{}).status, 200) << "the unreadable set is left out";
  CsvQuery strict;
  strict.read["strict"] = "true";
  const ApiResponse refused = recommend_csv(model(), csv, strict, ApiLimits{});
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(code_of(refused), "unreadable_export");
  EXPECT_NE(refused.body.find("upload:3: column 'kg': value 'abc'"), std::string::npos) << refused.body;
  strict.read["strict"] = "0";
  EXPECT_EQ(recommend_csv(model(), csv, strict, ApiLimits{}).status, 200);
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"strict", "maybe"}, {"format", "excel"}, {"weight_unit", "stone"}, {"date_order", "sideways"}, {"units", "kg"}}) {
    CsvQuery q;
    q.read[name] = value;
    const ApiResponse bad = recommend_csv(model(), csv, q, ApiLimits{});
    EXPECT_EQ(bad.status, 422) << name;
    EXPECT_EQ(code_of(bad), "invalid_request") << name;
    EXPECT_NE(bad.body.find(name + ": "), std::string::npos) << bad.body;
  }
  CsvQuery gymbook;
  gymbook.read["format"] = "gymbook";
  const ApiResponse not_gymbook = recommend_csv(model(), csv, gymbook, ApiLimits{});
  EXPECT_EQ(not_gymbook.status, 422);
  EXPECT_NE(not_gymbook.body.find("--format gymbook reads GymBook"), std::string::npos) << not_gymbook.body;
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
  // A spreadsheet-saved file whose dates do not tell day from month.
  const std::string us = "Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes\n"
                         "9/1/2024 10:00,A,Squat (Barbell),1,100,5,,,\n"
                         "10/2/2024 10:00,A,Squat (Barbell),1,102.5,5,,,\n";
  const ApiResponse undecided = recommend_csv(model(), us, CsvQuery{}, ApiLimits{});
  EXPECT_EQ(undecided.status, 422);
  EXPECT_NE(undecided.body.find("date_order"), std::string::npos) << undecided.body;
  CsvQuery month_first;
  month_first.read["date_order"] = "month-first";
  const ApiResponse read = recommend_csv(model(), us, month_first, ApiLimits{});
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(nlohmann::json::parse(read.body)["results"][0]["last_session"]["date"], "2024-10-02");
  CsvQuery sideways;
  sideways.read["date_order"] = "sideways";
  const ApiResponse bad = recommend_csv(model(), us, sideways, ApiLimits{});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("date_order: must be auto, day-first or month-first"), std::string::npos) << bad.body;
  const auto info = nlohmann::json::parse(model_info_json(model(), "dir", "now"));
  EXPECT_EQ(info["task"], "next-session");
  EXPECT_EQ(info["actions"].size(), 5U);
}

// Every error answer names its kind in `code` (docs/openapi.yaml), which the
// reader set where it raised the error: a client (the web page) branches on
// it, never on the message's words.
TEST(ForecastApi, ErrorsCarryAStableCode) {
  const std::string header = "Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes\n";
  const std::string undecidable = header + "9/1/2024 10:00,A,Squat (Barbell),1,100,5,,,\n10/2/2024 10:00,A,Squat (Barbell),1,102.5,5,,,\n";
  const ApiResponse r = recommend_csv(model(), undecidable, CsvQuery{}, ApiLimits{});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(code_of(r), "date_order_undecidable") << r.body;
  // Day first by its own values (13/1), read as month first by request.
  CsvQuery month_first;
  month_first.read["date_order"] = "month-first";
  const std::string day_first = header + "13/1/2024 10:00,A,Squat (Barbell),1,100,5,,,\n";
  EXPECT_EQ(code_of(recommend_csv(model(), day_first, month_first, ApiLimits{})), "date_order_inconsistent");
  const std::string both = header + "13/1/2024 10:00,A,Squat (Barbell),1,100,5,,,\n1/14/2024 10:00,A,Squat (Barbell),1,100,5,,,\n";
  EXPECT_EQ(code_of(recommend_csv(model(), both, CsvQuery{}, ApiLimits{})), "date_order_inconsistent");
  EXPECT_EQ(code_of(recommend_csv(model(), "", CsvQuery{}, ApiLimits{})), "unreadable_export");
  EXPECT_EQ(code_of(recommend_csv(model(), header + "2024-01-01 10:00:00,A,Squat (Barbell),1,abc,5,,,\n", CsvQuery{}, ApiLimits{})),
            "unreadable_export");
  CsvQuery sideways;
  sideways.read["date_order"] = "sideways";
  EXPECT_EQ(code_of(recommend_csv(model(), undecidable, sideways, ApiLimits{})), "invalid_request");
  CsvQuery nope = month_first;
  nope.exercise = "Bench Press (Barbell)";
  EXPECT_EQ(code_of(recommend_csv(model(), undecidable, nope, ApiLimits{})), "no_such_exercise");
  ApiLimits small;
  small.max_csv_body_bytes = 10;
  EXPECT_EQ(code_of(recommend_csv(model(), undecidable, month_first, small)), "too_large");

  ApiWorkspace ws;
  EXPECT_EQ(code_of(recommend_json(model(), "{", ApiLimits{}, ws)), "not_json");
  EXPECT_EQ(code_of(recommend_json(model(), R"({"planned_reps": [0], "exercises": []})", ApiLimits{}, ws)), "invalid_request");
  EXPECT_EQ(code_of(recommend_json(model(), R"({"exercises": [{"name": "Squat", "unit": "kg", "sessions": []}]})", ApiLimits{}, ws)),
            "invalid_request");
}

// A next-session body nested `depth` levels deep (its object is level 1,
// an exercise's sets 7): the exercise carries a member of nested arrays,
// the body a string of `pad` bytes, and `first` comes first in the body.
std::string nested_body(std::size_t depth, std::size_t pad = 0, std::string_view first = {}) {
  const std::size_t arrays = depth - 3;  // inside the body, "exercises" and the exercise
  return "{" + std::string(first) + R"("pad": ")" + std::string(pad, 'p') + R"(", "exercises": [{"name": "A", "unit": "kg", "x": )" +
         std::string(arrays, '[') + std::string(arrays, ']') +
         R"(, "sessions": [{"sets": [{"weight": 100, "reps": 5}]}, {"sets": [{"weight": 100, "reps": 6}]}]}]})";
}

// Bodies nest 16 levels at most. simdjson refuses deeper ones while it
// parses, with the workspace's parser and with a large body's own; a body it
// refuses for something it meets first is checked before nlohmann reads it.
// Either way the answer is the one the scan before parsing gave.
TEST(ForecastApi, BodiesNestAtMost16Deep) {
  const std::string too_deep = R"({"error":{"status":400,"code":"not_json","message":"the body nests arrays/objects more than 16 deep"}})";
  ApiWorkspace ws;
  for (const std::size_t pad : {std::size_t{0}, std::size_t{100000}}) {  // past the 64 KiB the workspace's parser takes
    const ApiResponse ok = recommend_json(model(), nested_body(16, pad), ApiLimits{}, ws);
    EXPECT_EQ(ok.status, 200) << pad << " " << ok.body.substr(0, 200);
    EXPECT_EQ(recommend_json(model(), nested_body(17, pad), ApiLimits{}, ws).body, too_deep) << pad;
  }
  // An integer past 64 bits (nlohmann reads it), a bad literal: simdjson
  // stops there, before the depth.
  for (const std::string_view first : {R"("big": 100000000000000000000000, )", R"("bad": nul, )"}) {
    EXPECT_EQ(recommend_json(model(), nested_body(17, 0, first), ApiLimits{}, ws).body, too_deep) << first;
  }
  EXPECT_EQ(recommend_json(model(), nested_body(16, 0, R"("big": 100000000000000000000000, )"), ApiLimits{}, ws).status, 200);
  EXPECT_EQ(recommend_json(model(), std::string(100000, '['), ApiLimits{}, ws).body, too_deep);
  EXPECT_EQ(recommend_json(model(), std::string(100000, '[') + "\"", ApiLimits{}, ws).body, too_deep);
}

// POST /v1/recommendations takes each exercise apart, but they are one
// lifter's: the temperature comes from all of them, as it does for the same
// history uploaded as an export. Here a lifter whose squat jumps about
// unpredictably (the model is overconfident on it) sends three bench sessions,
// too few to soften anything alone.
TEST(ForecastApi, OneTemperatureForEveryExerciseOfARequest) {
  nlohmann::json squat = {{"name", "Squat (Barbell)"}, {"unit", "kg"}, {"sessions", nlohmann::json::array()}};
  nlohmann::json bench = {{"name", "Bench Press (Barbell)"}, {"unit", "kg"}, {"sessions", nlohmann::json::array()}};
  std::string csv = "Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes\n";
  auto add = [&](nlohmann::json& exercise, int day, double weight, int reps) {
    char date[32];
    std::snprintf(date, sizeof date, "2024-%02d-%02d", 1 + day / 28, 1 + day % 28);
    exercise["sessions"].push_back({{"date", date}, {"sets", {{{"weight", weight}, {"reps", reps}}}}});
    csv += std::string(date) + " 10:00:00,A," + exercise["name"].get<std::string>() + ",1," + std::to_string(weight) + "," +
           std::to_string(reps) + ",,,\n";
  };
  const double weights[] = {60, 100, 70, 95, 65, 110, 80, 62.5};
  const int reps[] = {12, 3, 9, 5, 10, 2, 8, 11, 4};
  for (int day = 0; day < 60; ++day) add(squat, day, weights[day % 8], reps[day % 9]);
  for (int day = 60; day < 63; ++day) add(bench, day, 80, 8 + day % 2);
  ApiWorkspace ws;
  auto bench_probabilities = [&](const nlohmann::json& body) {
    const ApiResponse r = recommend_json(model(), body.dump(), ApiLimits{}, ws);
    EXPECT_EQ(r.status, 200) << r.body;
    const nlohmann::json answer = nlohmann::json::parse(r.body);
    for (const auto& a : answer["results"]) {
      if (a["name"] == "Bench Press (Barbell)") return a["probabilities"];
    }
    return nlohmann::json();
  };
  const nlohmann::json pooled = bench_probabilities({{"exercises", {squat, bench}}});
  const nlohmann::json alone = bench_probabilities({{"exercises", {bench}}});
  ASSERT_TRUE(pooled.is_object());
  auto most_probable = [](const nlohmann::json& p) {
    double top = 0;
    for (const auto& [action, probability] : p.items()) top = std::max(top, probability.get<double>());
    return top;
  };
  // Softer, never sharper: the lifter's temperature only spreads the probabilities.
  EXPECT_LT(most_probable(pooled), most_probable(alone) - 1e-6);
  const ApiResponse upload = recommend_csv(model(), csv, CsvQuery{}, ApiLimits{});
  ASSERT_EQ(upload.status, 200) << upload.body;
  const nlohmann::json answer = nlohmann::json::parse(upload.body);
  ASSERT_EQ(answer["results"].size(), 2U);
  for (const auto& a : answer["results"]) {
    if (a["name"] == "Bench Press (Barbell)") {
      EXPECT_EQ(a["probabilities"], pooled);
    }
  }
}

}  // namespace
}  // namespace exertrack::serve
