// The API functions without HTTP: shapes, limits and error statuses.
#include "serve/api.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/util/js_number.hpp"
#include "notebook/predict/test_model.hpp"
#include "serve/server.hpp"

namespace ex = exertrack;
namespace sv = exertrack::serve;
using nlohmann::json;

namespace {

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!ex::testing::have_721()) return;  // SetUp skips each test
    predictor_ = std::make_unique<ex::notebook::predict::Predictor>(ex::notebook::predict::Predictor::load(ex::testing::trained_721_run() / "model"));
  }
  void SetUp() override { EXERTRACK_REQUIRE_DATA(ex::testing::data_721()); }
  static void TearDownTestSuite() { predictor_.reset(); }

  sv::ApiResponse post(const std::string& body, const sv::ApiLimits& limits = {}) {
    return sv::recommend_json(*predictor_, body, limits, ws_);
  }
  // The error message of a non-200 answer.
  static std::string message(const sv::ApiResponse& r) {
    return json::parse(r.body)["error"]["message"].get<std::string>();
  }

  static std::unique_ptr<ex::notebook::predict::Predictor> predictor_;
  sv::ApiWorkspace ws_;
};
std::unique_ptr<ex::notebook::predict::Predictor> ApiTest::predictor_;

const char* kIssueExample =
    R"json({"exercises": [{"name": "Bench Press (Barbell)", "unit": "kg", "sets": [
        {"weight": 100, "reps": 10}, {"weight": 100, "reps": 10}, {"weight": 100, "reps": 10},
        {"weight": 100, "reps": 20}, {"weight": 100, "reps": 30}, {"weight": 120, "reps": 10},
        {"weight": 130, "reps": 8}]}]})json";

}  // namespace

TEST_F(ApiTest, TheIssueExample) {
  const auto r = post(kIssueExample);
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  ASSERT_EQ(j["results"].size(), 1U);
  const json& res = j["results"][0];
  EXPECT_EQ(res["name"], "Bench Press (Barbell)");
  EXPECT_EQ(res["label"], "increase reps");
  EXPECT_EQ(res["rule_label"], "increase reps");
  EXPECT_EQ(res["target"], (json{{"weight", 130}, {"unit", "kg"}, {"reps", 9}}));
  EXPECT_EQ(res["reason"], "Your last set was 130 kg for 8 reps; stay at 130 kg and aim for 9 reps before adding weight.");
  double sum = 0;
  for (const auto& [k, p] : res["probabilities"].items()) sum += p.get<double>();
  EXPECT_NEAR(sum, 1.0, 1e-5);
  EXPECT_EQ(res["probabilities"].size(), 3U);
}

TEST_F(ApiTest, ManyExercisesSessionsAndOptions) {
  json body = {{"unit", "lb"}, {"exercises", json::array()}};
  for (int i = 0; i < 64; ++i) {
    body["exercises"].push_back({{"name", "Exercise " + std::to_string(i) + " (Dumbbell)"},
                                 {"sets", {{{"weight", 40 + i}, {"reps", 10}}, {{"weight", 40 + i}, {"reps", 10}}}}});
  }
  // Sessions are flattened in order; the request unit is the default.
  body["exercises"][1] = {{"name", "Squat (Barbell)"},
                          {"unit", "kg"},
                          {"target_unit", "lb"},
                          {"sessions", {{{"sets", {{{"weight", 100}, {"reps", 5}}}}}, {{"sets", {{{"weight", 100}, {"reps", 5}}}}}}}};
  body["exercises"][2]["equipment"] = "machine";
  body["exercises"][3]["increment"] = 2.5;
  const auto r = post(body.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  ASSERT_EQ(j["results"].size(), 64U);
  for (int i = 0; i < 64; ++i) {
    if (i == 1) continue;
    EXPECT_EQ(j["results"][i]["name"], "Exercise " + std::to_string(i) + " (Dumbbell)");
    EXPECT_EQ(j["results"][i]["target"]["unit"], "lb");
  }
  EXPECT_EQ(j["results"][0]["equipment"], "dumbbell");
  EXPECT_EQ(j["results"][1]["target"]["unit"], "lb");
  EXPECT_EQ(j["results"][1]["last_set"]["weight"], 220.462262);
  EXPECT_EQ(j["results"][2]["equipment"], "machine");
  if (j["results"][0]["label"] == "increase weight") {  // 40 + 5 lb
    EXPECT_EQ(j["results"][0]["target"]["weight"], 45);
  }
  if (j["results"][2]["label"] == "increase weight") {  // 42 + 10 -> 50
    EXPECT_EQ(j["results"][2]["target"]["weight"], 50);
  }
  if (j["results"][3]["label"] == "increase weight") {  // 43 + 2.5 -> 45
    EXPECT_EQ(j["results"][3]["target"]["weight"], 45);
  }
}

TEST_F(ApiTest, MalformedJsonIs400) {
  for (const char* body : {"", "{", "{\"exercises\": [}", "nul", "[1,2", "{\"a\":1}{", "\xff\xfe"}) {
    const auto r = post(body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_TRUE(json::accept(r.body)) << r.body;
  }
  EXPECT_NE(message(post("{\"exercises\": [}")).find("not JSON"), std::string::npos);
  // Deep nesting is refused before parsing.
  EXPECT_EQ(post(std::string(100000, '[')).status, 400);
}

TEST_F(ApiTest, JsonEdgeCasesGetAnAnswerThatIsJson) {
  const auto one_set = [](const std::string& name, const std::string& weight) {
    return R"({"exercises": [{"name": )" + name + R"(, "unit": "kg", "sets": [{"weight": )" + weight +
           R"(, "reps": 5}]}]})";
  };
  // An integer past 64 bits is still a number: out of range (422), not "not JSON".
  auto r = post(one_set("\"A\"", "100000000000000000000000"));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(post(one_set("\"A\"", "1e400")).status, 400);
  EXPECT_EQ(post(one_set("\"A\"", "-0")).status, 200);
  // Escapes are decoded; a lone surrogate or invalid UTF-8 is not JSON.
  r = post(one_set(R"("Squat \u00e9\n")", "100"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["results"][0]["name"], "Squat \u00e9\n");
  for (const std::string& name : {std::string(R"("\ud800")"), std::string("\"\xC0\xAF\""), std::string("\"a\x01\"")}) {
    r = post(one_set(name, "100"));
    EXPECT_EQ(r.status, 400) << name;
    EXPECT_TRUE(json::accept(r.body)) << r.body;
  }
  // Trailing garbage after the object is not JSON.
  EXPECT_EQ(post(std::string(kIssueExample) + " x").status, 400);
  EXPECT_EQ(post(std::string(kIssueExample) + " \n").status, 200);
}

TEST_F(ApiTest, WrongShapesAre422WithThePath) {
  struct Case {
    const char* body;
    const char* path;
  };
  const Case cases[] = {
      {"[]", "must be an object"},
      {"{}", "exercises"},
      {R"({"exercises": []})", "exercises"},
      {R"({"exercises": {}})", "exercises"},
      {R"({"exercises": [1]})", "exercises[0]"},
      {R"({"exercises": [{"unit": "kg", "sets": [{"weight": 1, "reps": 1}]}]})", "exercises[0].name"},
      {R"({"exercises": [{"name": "", "unit": "kg", "sets": [{"weight": 1, "reps": 1}]}]})", "exercises[0].name"},
      {R"({"exercises": [{"name": "A", "sets": [{"weight": 1, "reps": 1}]}]})", "exercises[0].unit"},
      {R"({"exercises": [{"name": "A", "unit": "stone", "sets": [{"weight": 1, "reps": 1}]}]})", "exercises[0].unit"},
      {R"({"exercises": [{"name": "A", "unit": "kg"}]})", "exercises[0]"},
      {R"({"exercises": [{"name": "A", "unit": "kg", "sets": []}]})", "no sets"},
      {R"({"exercises": [{"name": "A", "unit": "kg", "sets": [{"weight": 1}]}]})", "exercises[0].sets[0].reps"},
      {R"({"exercises": [{"name": "A", "unit": "kg", "sets": [{"weight": 1, "reps": -1}]}]})", "exercises[0].sets[0].reps"},
      {R"({"exercises": [{"name": "A", "unit": "kg", "sets": [{"weight": "100", "reps": 1}]}]})", "exercises[0].sets[0].weight"},
      {R"({"exercises": [{"name": "A", "unit": "kg", "sets": [{"weight": 1e300, "reps": 1}]}]})", "exercises[0].sets[0].weight"},
      {R"({"exercises": [{"name": "A", "unit": "kg", "sets": [{"weight": true, "reps": 1}]}]})", "exercises[0].sets[0].weight"},
      {R"({"exercises": [{"name": "A", "unit": "kg", "sets": [{"weight": 1, "reps": 1}, 7]}]})", "exercises[0].sets[1]"},
      {R"({"exercises": [{"name": "A", "unit": "kg", "equipment": "spoon", "sets": [{"weight": 1, "reps": 1}]}]})", "exercises[0].equipment"},
      {R"({"exercises": [{"name": "A", "unit": "kg", "increment": 0, "sets": [{"weight": 1, "reps": 1}]}]})", "exercises[0].increment"},
      {R"({"exercises": [{"name": "A", "unit": "kg", "reps_step": -1, "sets": [{"weight": 1, "reps": 1}]}]})", "exercises[0].reps_step"},
      {R"({"exercises": [{"name": "A", "unit": "kg", "sets": [{"weight": 1, "reps": 1}], "sessions": []}]})", "exactly one"},
  };
  for (const Case& c : cases) {
    const auto r = post(c.body);
    EXPECT_EQ(r.status, 422) << c.body << " -> " << r.body;
    if (r.status == 422) {
      EXPECT_NE(message(r).find(c.path), std::string::npos) << c.body << " -> " << r.body;
    }
  }
}

TEST_F(ApiTest, LimitsAre413) {
  sv::ApiLimits limits;
  limits.max_json_body_bytes = 200;
  EXPECT_EQ(post(kIssueExample, limits).status, 413);
  limits = {};
  limits.max_exercises = 2;
  json body = {{"unit", "kg"}, {"exercises", json::array()}};
  for (int i = 0; i < 3; ++i) body["exercises"].push_back({{"name", "A"}, {"sets", {{{"weight", 1}, {"reps", 1}}}}});
  EXPECT_EQ(post(body.dump(), limits).status, 413);
  limits = {};
  limits.max_sets_per_exercise = 5;
  EXPECT_EQ(post(kIssueExample, limits).status, 413);
  EXPECT_NE(message(post(kIssueExample, limits)).find("more than 5 sets"), std::string::npos);
  limits = {};
  limits.max_total_sets = 10;
  body["exercises"] = json::array();
  for (int i = 0; i < 2; ++i) body["exercises"].push_back(json::parse(kIssueExample)["exercises"][0]);
  EXPECT_EQ(post(body.dump(), limits).status, 413);
  limits = {};
  limits.max_name_bytes = 4;
  EXPECT_EQ(post(kIssueExample, limits).status, 422);
}

TEST_F(ApiTest, CsvUpload) {
  // The first 200 rows of the 721 file (pounds; Strong's format).
  const std::string all = ex::core::util::read_file(ex::testing::data_file("weightlifting_721_workouts.csv"));
  std::size_t pos = 0;
  for (int i = 0; i < 201; ++i) pos = all.find('\n', pos) + 1;
  const std::string head = all.substr(0, pos);
  sv::CsvQuery q;
  auto r = sv::recommend_csv(*predictor_, head, q, {}, ws_);
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  ASSERT_FALSE(j["results"].empty());
  for (std::size_t i = 1; i < j["results"].size(); ++i) {
    EXPECT_LT(j["results"][i - 1]["name"].get<std::string>(), j["results"][i]["name"].get<std::string>());
  }
  for (const auto& res : j["results"]) EXPECT_EQ(res["target"]["unit"], "lb");
  q.unit = "kg";
  q.exercise = "Squat (Barbell)";
  r = sv::recommend_csv(*predictor_, head, q, {}, ws_);
  ASSERT_EQ(r.status, 200) << r.body;
  j = json::parse(r.body);
  ASSERT_EQ(j["results"].size(), 1U);
  EXPECT_EQ(j["results"][0]["target"]["unit"], "kg");
  // The last weight converted from pounds reads as a weight, not 17 digits.
  const double last = j["results"][0]["last_set"]["weight"].get<double>();
  EXPECT_EQ(last, std::round(last * 100) / 100);

  q.exercise = "Nope";
  EXPECT_EQ(sv::recommend_csv(*predictor_, head, q, {}, ws_).status, 422);
  q = {};
  q.unit = "stone";
  EXPECT_EQ(sv::recommend_csv(*predictor_, head, q, {}, ws_).status, 422);
  q = {};
  EXPECT_EQ(sv::recommend_csv(*predictor_, "", q, {}, ws_).status, 422);
  const auto bad = sv::recommend_csv(*predictor_, "Date,Exercise Name,Weight,Reps\n2020-01-01,Squat,abc,5\n", q, {}, ws_);
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(message(bad).find("abc"), std::string::npos) << bad.body;
  sv::ApiLimits limits;
  limits.max_csv_body_bytes = 100;
  EXPECT_EQ(sv::recommend_csv(*predictor_, head, q, limits, ws_).status, 413);
  limits = {};
  limits.max_sets_per_exercise = 3;
  EXPECT_EQ(sv::recommend_csv(*predictor_, head, q, limits, ws_).status, 413);
}

// A file that names no unit: the loads decide, as `--weight-unit auto` does
// on the command line (2.5 kg barbell steps, 2 kg dumbbell steps, none of
// the 45-lb-bar totals a pound log is full of).
TEST_F(ApiTest, CsvUploadDecidesAnUnnamedUnitFromTheLoads) {
  std::string text = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n";
  const char* names[] = {"Bench Press (Barbell)", "Squat (Barbell)", "Bicep Curl (Dumbbell)"};
  const double start[] = {50, 60, 8};
  const double step[] = {2.5, 2.5, 2};
  for (int week = 0; week < 12; ++week) {
    char date[32];
    std::snprintf(date, sizeof date, "2021-01-%02d 18:00:00", 1 + 2 * week);
    for (int e = 0; e < 3; ++e) {
      for (int set = 1; set <= 3; ++set) {
        text += std::string(date) + ",Day," + names[e] + "," + std::to_string(set) + "," +
                ex::core::util::js_number(start[e] + step[e] * (week / 2)) + ",8,0,0,,\n";
      }
    }
  }
  sv::CsvQuery q;
  auto r = sv::recommend_csv(*predictor_, text, q, {}, ws_);
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  ASSERT_EQ(j["results"].size(), 3U);
  for (const auto& res : j["results"]) EXPECT_EQ(res["target"]["unit"], "kg") << res.dump();
  EXPECT_EQ(j["results"][2]["last_set"]["weight"], 72.5) << "squat read as kg, not converted from pounds";
  q.read["weight_unit"] = "lb";  // the caller's word overrides the loads
  r = sv::recommend_csv(*predictor_, text, q, {}, ws_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["results"][0]["target"]["unit"], "lb");
  q.read["weight_unit"] = "stone";
  r = sv::recommend_csv(*predictor_, text, q, {}, ws_);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(message(r).find("auto, kg or lb"), std::string::npos) << r.body;
}

// Targets come in the unit the lifter logs in unless the request names
// one, whichever task's model answers: weight_unit speaks only for a weight
// column that names no unit, so a file whose header says kg is answered in
// kg with weight_unit=lb too, as `exertrack recommend --weight-unit lb`
// and a next-session model answer it (a notebook model answered in lb).
TEST_F(ApiTest, CsvUploadAnswersInTheUnitTheFileStatesWhateverWeightUnitSays) {
  const std::string csv =
      "Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes\n"
      "2024-01-01 10:00:00,A,Squat (Barbell),1,100,5,,,\n"
      "2024-01-03 10:00:00,A,Squat (Barbell),1,102.5,5,,,\n"
      "2024-01-05 10:00:00,A,Squat (Barbell),1,105,5,,,\n";
  sv::CsvQuery q;
  q.read["weight_unit"] = "lb";
  const auto r = sv::recommend_csv(*predictor_, csv, q, {}, ws_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["results"][0]["target"]["unit"], "kg") << r.body;
  EXPECT_EQ(json::parse(r.body)["results"][0]["last_set"]["weight"], 105) << r.body;
  q.unit = "lb";  // the request's own word still decides
  EXPECT_EQ(json::parse(sv::recommend_csv(*predictor_, csv, q, {}, ws_).body)["results"][0]["target"]["unit"], "lb");
}

TEST_F(ApiTest, ModelInfoAndErrorBodies) {
  const json info = json::parse(sv::model_info_json(*predictor_, "/m", "2026-01-01T00:00:00Z"));
  EXPECT_EQ(info["classes"].size(), 3U);
  EXPECT_EQ(info["feature_names"][0], "Weight Change %");
  EXPECT_EQ(info["feature_definition"]["name"], "notebook");
  EXPECT_EQ(info["model_dir"], "/m");
  EXPECT_TRUE(info["metadata"].contains("standardization"));
  EXPECT_EQ(json::parse(sv::error_body(422, sv::ErrorCode::invalid_request, "a \"b\"")),
            (json{{"error", {{"status", 422}, {"code", "invalid_request"}, {"message", "a \"b\""}}}}));
}

TEST(MediaType, IgnoresCaseAndParameters) {
  EXPECT_TRUE(sv::media_type_is("application/json", {"application/json"}));
  EXPECT_TRUE(sv::media_type_is("Application/JSON; charset=utf-8", {"application/json"}));
  EXPECT_TRUE(sv::media_type_is(" text/csv ", {"text/plain", "text/csv"}));
  EXPECT_FALSE(sv::media_type_is("", {"application/json"}));
  EXPECT_FALSE(sv::media_type_is("application/jsonp", {"application/json"}));
  EXPECT_FALSE(sv::media_type_is("text/html", {"application/json"}));
}

TEST(AccessLogLine, OneLineWithStatusSizeAndTime) {
  const std::string line = sv::access_log_line("127.0.0.1", 5555, "POST", "/v1/recommendations", 200, 312, 0.4125);
  EXPECT_NE(line.find(" 127.0.0.1:5555 \"POST /v1/recommendations\" 200 312B 0.412ms"), std::string::npos) << line;
  EXPECT_EQ(line.find('\n'), std::string::npos);
  // A client cannot forge a second line or break the quoting.
  const std::string forged = sv::access_log_line("::1", 1, "GET", "/x\n\"y", 404, 0, -1);
  EXPECT_EQ(forged.find('\n'), std::string::npos);
  EXPECT_NE(forged.find("/x\\x0a\\x22y\" 404 0B -"), std::string::npos) << forged;
}
