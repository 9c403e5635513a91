// exertrack's Forest against XGBoost's own prediction (XGBoosterPredict),
// bit for bit: the shipped model on every transition of the shared lifters,
// models trained here on the embedded synthetic lifters (every depth the
// two layouts handle), and rows placed on, just above and just below every
// split condition, with missing values.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "common/input_error.hpp"
#include "common/test_data.hpp"
#include "core/ingest/workout_log.hpp"
#include "core/util/files.hpp"
#include "next_session/model/forecast_model.hpp"
#include "next_session/model/forest.hpp"
#include "next_session/train/boosting.hpp"
#include "next_session/train/lifters.hpp"
#include "next_session/train/train.hpp"
#include "next_session/train/xgb.hpp"
#include "synth/synth.hpp"

namespace exertrack::next_session::train {
namespace {

using model::ForecastDefinition;
using model::ForecastModel;
using model::Forest;
using model::read_xgb_model;
using testing::data_dir;
using testing::input_error;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// The rows every head reads, from every transition of `lifters`: the
// session features, and the load head's with the reps done next.
struct Rows {
  std::vector<float> session, load;
  std::size_t n = 0;
};

Rows rows_of(const std::vector<Lifter>& lifters, const ForecastDefinition& def) {
  Rows r;
  for (const Lifter& l : lifters) {
    for (const model::Transition& tr : l.transitions) {
      const model::ExerciseSessions& ex = l.sessions.exercises[tr.exercise];
      model::append_session_row(ex, tr.t, def, r.session);
      model::append_load_row(ex, tr.t, tr.next_reps, def, r.load);
      ++r.n;
    }
  }
  return r;
}

// How many of the outputs differ in any bit from XGBoost's, for each
// layout the forest can take.
void expect_same_as_xgboost(const nlohmann::json& head, std::span<const float> x, std::size_t rows, const std::string& what) {
  xgb::Booster booster;
  booster.load_json(head.dump());
  const std::vector<float> want = booster.predict(x, rows, x.size() / rows);
  const model::XgbModel m = read_xgb_model(head, what);
  for (const Forest::Layout layout : {Forest::Layout::levels, Forest::Layout::nodes}) {
    const Forest forest(m, layout);
    const std::vector<float> got = forest.predict(x, rows);
    ASSERT_EQ(got.size(), want.size()) << what;
    std::size_t differ = 0;
    for (std::size_t i = 0; i < want.size(); ++i) differ += std::memcmp(&got[i], &want[i], sizeof(float)) != 0 ? 1 : 0;
    EXPECT_EQ(differ, 0U) << what << (forest.layout() == Forest::Layout::levels ? " (levels)" : " (nodes)") << ": " << differ
                          << " of " << want.size() << " outputs differ from XGBoost's";
    // Rows alone and in a short block take other paths than full blocks.
    const auto cols = x.size() / rows;
    const auto g = static_cast<std::size_t>(forest.groups());
    std::size_t alone = 0;
    for (std::size_t r = 0; r < std::min<std::size_t>(rows, 300); ++r) {
      const std::vector<float> one = forest.predict(x.subspan(r * cols, cols), 1);
      alone += std::memcmp(one.data(), want.data() + r * g, g * sizeof(float)) != 0 ? 1 : 0;
    }
    EXPECT_EQ(alone, 0U) << what << ": rows predicted one at a time";
    const std::size_t short_block = std::min<std::size_t>(rows, 5);
    const std::vector<float> few = forest.predict(x.first(short_block * cols), short_block);
    EXPECT_EQ(0, std::memcmp(few.data(), want.data(), few.size() * sizeof(float))) << what << ": a block of " << short_block << " rows";
  }
}

void expect_model_same_as_xgboost(const ForecastModel& model, const Rows& r, const std::string& what) {
  expect_same_as_xgboost(model.action.xgboost, r.session, r.n, what + ": action");
  expect_same_as_xgboost(model.weight.xgboost, r.session, r.n, what + ": weight");
  expect_same_as_xgboost(model.reps.xgboost, r.session, r.n, what + ": reps");
  expect_same_as_xgboost(model.load.xgboost, r.load, r.n, what + ": load");
}

std::vector<Lifter> synthetic_lifters(const ForecastDefinition& def) {
  std::vector<Lifter> out;
  for (const synth::SynthLifter& l : synth::synth_lifters({})) {
    const core::ingest::WorkoutLog log = core::ingest::parse_workout_log(l.csv, "synthetic lifter " + l.name);
    out.push_back(lifter_from_log(log, l.name, core::ingest::WeightUnit::kg, def));
  }
  return out;
}

// Rows with each split's feature exactly at its condition, one float step
// either side, and missing, from one real row each: the comparisons' edges
// and the default directions.
std::vector<float> edge_rows(const nlohmann::json& head, std::span<const float> base, std::size_t cols, std::size_t& n) {
  const model::XgbModel m = read_xgb_model(head, "edges");
  std::vector<float> out;
  n = 0;
  std::size_t k = 0;
  for (const model::XgbTree& t : m.trees) {
    for (std::size_t i = 0; i < t.left.size(); ++i, ++k) {
      if (t.left[i] == -1) continue;
      const float c = t.value[i];
      for (const float v : {c, std::nextafter(c, -INFINITY), std::nextafter(c, INFINITY), kNaN}) {
        const std::size_t row = k % (base.size() / cols);
        out.insert(out.end(), base.begin() + static_cast<std::ptrdiff_t>(row * cols), base.begin() + static_cast<std::ptrdiff_t>((row + 1) * cols));
        out[n * cols + t.feature[i]] = v;
        ++n;
      }
    }
  }
  return out;
}

// The synthetic lifters' rows, read once per test.
const Rows& synthetic_rows() {
  static const Rows r = rows_of(synthetic_lifters(ForecastDefinition{}), ForecastDefinition{});
  return r;
}

// A head as training fits it (boosting.hpp), on the synthetic rows.
nlohmann::json fitted(const Head& head, bool load, int depth, int rounds) {
  const ForecastDefinition def;
  const std::vector<Lifter> lifters = synthetic_lifters(def);
  const HeadData data = head_rows(lifters, all_transitions(lifters), def);
  ForecastTrainOptions o;
  o.threads = 2;
  Head h = head;
  h.boosting.max_depth = depth;
  h.boosting.rounds = rounds;
  const std::size_t cols = static_cast<std::size_t>(model::session_feature_count() + (load ? model::planned_reps_feature_count() : 0));
  return head_of(fit(load ? data.load : data.action, cols, h, o), "head").xgboost;
}

nlohmann::json fitted_action(int depth, int rounds) { return fitted(action_head(ForecastTrainOptions{}), false, depth, rounds); }

// The whole model as `train` makes it (its calibration probe included), and
// single heads of every depth the levels layout takes and deeper, which
// only the node arrays take; each also on rows at its split edges.
TEST(Forest, SameAsXgboostOnTheSyntheticLifters) {
  const ForecastDefinition def;
  const std::vector<Lifter> lifters = synthetic_lifters(def);
  const Rows& r = synthetic_rows();
  ASSERT_GT(r.n, 1000U);
  ForecastTrainOptions o;
  o.set_rounds(8);
  o.threads = 2;
  const ForecastModel model = train_model(lifters, all_transitions(lifters), o);
  EXPECT_NE(model.temperature, 1.0);  // the probe predicted
  expect_model_same_as_xgboost(model, r, "model");

  const auto cols = static_cast<std::size_t>(model::session_feature_count());
  for (const int depth : {1, 3, 4, 6}) {
    const nlohmann::json head = fitted_action(depth, 5);
    const Forest forest = model::forest_from_json(head, "action");
    EXPECT_EQ(forest.layout(), depth <= Forest::kMaxLevelDepth ? Forest::Layout::levels : Forest::Layout::nodes) << depth;
    expect_same_as_xgboost(head, r.session, r.n, "action, max_depth " + std::to_string(depth));
    std::size_t n = 0;
    const std::vector<float> edges = edge_rows(head, r.session, cols, n);
    ASSERT_GE(n, 100U);
    expect_same_as_xgboost(head, edges, n, "split edges, max_depth " + std::to_string(depth));
  }
  const nlohmann::json load = fitted(load_head(ForecastTrainOptions{}), true, 3, 10);
  expect_same_as_xgboost(load, r.load, r.n, "load, max_depth 3");
}

// XGBoost refuses infinite inputs; the rule (!(x < condition) goes right)
// still decides them, and both layouts must agree on it.
TEST(Forest, LayoutsAgreeOnInfiniteValues) {
  const Rows& r = synthetic_rows();
  const nlohmann::json head = fitted_action(4, 10);
  const auto cols = static_cast<std::size_t>(model::session_feature_count());
  std::vector<float> x(r.session.begin(), r.session.begin() + static_cast<std::ptrdiff_t>(200 * cols));
  for (std::size_t i = 0; i < x.size(); i += 7) x[i] = (i / 7) % 2 == 0 ? INFINITY : -INFINITY;
  const model::XgbModel m = read_xgb_model(head, "action");
  const std::vector<float> levels = Forest(m, Forest::Layout::levels).predict(x, 200);
  const std::vector<float> nodes = Forest(m, Forest::Layout::nodes).predict(x, 200);
  EXPECT_EQ(0, std::memcmp(levels.data(), nodes.data(), levels.size() * sizeof(float)));
}

// The model exertrack ships, on every transition of the 51 lifters it was
// trained on.
TEST(Forest, ShippedModelSameAsXgboostOnTheSharedLifters) {
  const std::filesystem::path sources[] = {data_dir() / "weightlifting_721_workouts.csv", data_dir() / "exports", data_dir() / "lifters"};
  for (const auto& s : sources) EXERTRACK_REQUIRE_DATA(s);
  const ForecastModel model = ForecastModel::read(testing::source_dir() / "models" / "next-session");
  std::vector<Lifter> lifters;
  for (const auto& file : expand_data_paths({sources[0], sources[1], sources[2]})) {
    const core::ingest::WorkoutLog log = core::ingest::read_workout_log(file);
    lifters.push_back(lifter_from_log(log, file.stem().string(), core::ingest::WeightUnit::kg, model.definition));
  }
  ASSERT_EQ(lifters.size(), 51U);
  const Rows r = rows_of(lifters, model.definition);
  EXPECT_GT(r.n, 70000U);
  EXPECT_EQ(model.action.forest.layout(), Forest::Layout::levels);
  expect_model_same_as_xgboost(model, r, "shipped model");
}

// One Forest, many threads, no lock: each thread's answers are the ones a
// lone thread gets.
TEST(Forest, SharedByThreads) {
  const Rows& r = synthetic_rows();
  const Forest forest = model::forest_from_json(fitted_action(4, 10), "action");
  const std::vector<float> alone = forest.predict(r.session, r.n);
  std::vector<std::vector<float>> got(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 5; ++k) got[i] = forest.predict(r.session, r.n);
    });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& g : got) EXPECT_EQ(0, std::memcmp(g.data(), alone.data(), alone.size() * sizeof(float)));
}

// What the forest does not evaluate is refused by name, not predicted wrong.
TEST(Forest, RefusesWhatItDoesNotEvaluate) {
  const std::filesystem::path shipped = testing::source_dir() / "models" / "next-session" / "forecast.json";
  const nlohmann::json file = nlohmann::json::parse(core::util::read_file(shipped));
  const nlohmann::json& good = file["heads"]["weight"];
  EXPECT_NO_THROW((void)read_xgb_model(good, "weight"));
  auto refusal = [&](const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json j = good;
    edit(j);
    return input_error([&] { (void)read_xgb_model(j, "head 'weight'"); });
  };
  const auto tree0 = [](nlohmann::json& j) -> nlohmann::json& { return j["learner"]["gradient_booster"]["model"]["trees"][0]; };
  EXPECT_EQ(refusal([](nlohmann::json& j) { j["learner"]["objective"]["name"] = "binary:logistic"; }),
            "head 'weight': objective 'binary:logistic' is not supported");
  EXPECT_EQ(refusal([](nlohmann::json& j) { j["learner"]["gradient_booster"]["name"] = "dart"; }),
            "head 'weight': booster \"dart\" is not supported (gbtree only)");
  EXPECT_EQ(refusal([](nlohmann::json& j) { j["version"] = {2, 0, 0}; }), "head 'weight': an XGBoost model of version [2,0,0] (1.x is read)");
  EXPECT_EQ(refusal([&](nlohmann::json& j) { tree0(j)["split_type"][0] = 1; }), "head 'weight': tree 0: categorical splits are not supported");
  EXPECT_EQ(refusal([&](nlohmann::json& j) { tree0(j)["left_children"][0] = 0; }), "head 'weight': tree 0: node 0 has a child out of order");
  EXPECT_EQ(refusal([&](nlohmann::json& j) { tree0(j)["split_indices"][0] = 36; }),
            "head 'weight': tree 0: node 0 splits on a feature out of range");
  EXPECT_EQ(refusal([&](nlohmann::json& j) { tree0(j)["split_conditions"][0] = "x"; }),
            "head 'weight': tree 0: 'split_conditions' holds a value that is not a number");
  EXPECT_EQ(refusal([&](nlohmann::json& j) { tree0(j)["default_left"].erase(0); }),
            "head 'weight': tree 0: 'default_left' does not have one value per node");
  EXPECT_EQ(refusal([](nlohmann::json& j) { j["learner"]["gradient_booster"]["model"]["tree_info"].erase(0); }),
            "head 'weight': tree_info does not match the trees");
  EXPECT_EQ(refusal([](nlohmann::json& j) { j["learner"].erase("learner_model_param"); }),
            "head 'weight': not an XGBoost JSON model (missing 'learner_model_param')");

  // A model file whose head reads other columns than this exertrack computes.
  const auto dir = testing::scratch_dir("forest_refuses");
  nlohmann::json other = file;
  other["heads"]["reps"] = file["heads"]["load"];
  core::util::write_file_atomic(dir / "forecast.json", other.dump());
  EXPECT_EQ(input_error([&] { (void)ForecastModel::read(dir); }),
            (dir / "forecast.json").string() + ": head 'reps': reads 41 features, not the 36 this exertrack computes");

  const Forest forest(read_xgb_model(good, "weight"));
  const std::vector<float> short_row(35, 0.0F);
  EXPECT_THROW((void)forest.predict(short_row, 1), std::invalid_argument);
}

}  // namespace
}  // namespace exertrack::next_session::train
