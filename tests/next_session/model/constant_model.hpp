#pragma once
// Small hand-made inputs for the next-session model's direct tests: a model
// whose four heads answer the same for every row (XGBoost 1.7 JSON, one leaf
// per output group, read through ForecastModel::read as any model file is),
// and logs written as Strong CSV rows.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>
#include <vector>

#include "common/test_data.hpp"
#include "core/ingest/values.hpp"
#include "core/ingest/workout_log.hpp"
#include "core/util/files.hpp"
#include "next_session/model/forecast_model.hpp"
#include "next_session/model/sessions.hpp"

namespace exertrack::next_session::model::testing {

// One tree of one leaf: every row gets `value`.
inline nlohmann::json leaf_tree(int id, double value, int features) {
  return {{"base_weights", {value}},
          {"categories", nlohmann::json::array()},
          {"categories_nodes", nlohmann::json::array()},
          {"categories_segments", nlohmann::json::array()},
          {"categories_sizes", nlohmann::json::array()},
          {"default_left", {0}},
          {"id", id},
          {"left_children", {-1}},
          {"loss_changes", {0.0}},
          {"parents", {2147483647}},
          {"right_children", {-1}},
          {"split_conditions", {value}},
          {"split_indices", {0}},
          {"split_type", {0}},
          {"sum_hessian", {1.0}},
          {"tree_param", {{"num_deleted", "0"}, {"num_feature", std::to_string(features)}, {"num_nodes", "1"}, {"size_leaf_vector", "0"}}}};
}

// An XGBoost head whose margin is `leaves[g]` for output group g (base score
// 0): a regression head with one leaf, or multi:softprob over leaves.size()
// classes, whose probabilities are then softmax(leaves).
inline nlohmann::json constant_head(const std::vector<double>& leaves, int features) {
  const bool softprob = leaves.size() > 1;
  nlohmann::json trees = nlohmann::json::array(), info = nlohmann::json::array();
  for (std::size_t g = 0; g < leaves.size(); ++g) {
    trees.push_back(leaf_tree(static_cast<int>(g), leaves[g], features));
    info.push_back(g);
  }
  const std::string classes = std::to_string(softprob ? leaves.size() : 0);
  nlohmann::json objective = softprob ? nlohmann::json{{"name", "multi:softprob"}, {"softmax_multiclass_param", {{"num_class", classes}}}}
                                      : nlohmann::json{{"name", "reg:squarederror"}, {"reg_loss_param", {{"scale_pos_weight", "1"}}}};
  return {{"learner",
           {{"attributes", nlohmann::json::object()},
            {"feature_names", nlohmann::json::array()},
            {"feature_types", nlohmann::json::array()},
            {"gradient_booster",
             {{"model",
               {{"gbtree_model_param", {{"num_parallel_tree", "1"}, {"num_trees", std::to_string(leaves.size())}, {"size_leaf_vector", "0"}}},
                {"tree_info", info},
                {"trees", trees}}},
              {"name", "gbtree"}}},
            {"learner_model_param",
             {{"base_score", "0E0"}, {"boost_from_average", "0"}, {"num_class", classes}, {"num_feature", std::to_string(features)},
              {"num_target", "1"}}},
            {"objective", objective}}},
          {"version", {1, 7, 4}}};
}

// What the constant heads say.
struct ConstantHeads {
  std::vector<double> probabilities{0.1, 0.1, 0.6, 0.1, 0.1};  // kActionNames order
  double weight_rel = 0;  // next top weight: w_t + this * max(|w_t|, scale_floor_kg)
  double reps_delta = 0;  // next top reps: r_t + this
  double load_rel = 0;    // load for planned reps: Epley's base + this * max(|w_t|, load_scale_floor_kg)
};

// forecast.json with the default definition, calibration, plates and steps
// and constant heads; edit it before read_model to test what the file
// decides.
inline nlohmann::json constant_model_json(const ConstantHeads& h = {}) {
  const int cols = session_feature_count();
  std::vector<double> margins;
  for (double p : h.probabilities) margins.push_back(std::log(p));
  const LifterCalibration lifter = default_lifter_calibration();
  return {{"format", kForecastFormat},
          {"format_version", 1},
          {"task", "next-session"},
          {"definition", definition_to_json(ForecastDefinition{})},
          {"actions", kActionNames},
          {"features", session_feature_names()},
          {"planned_reps_features", planned_reps_feature_names()},
          {"calibration", {{"temperature", 1.0}, {"lifter_prior", lifter.prior}, {"lifter_temperatures", lifter.temperatures}}},
          {"plates", core::units::plate_sets_to_json(core::units::default_plate_sets())},
          {"steps", core::units::load_steps_to_json(core::units::default_load_steps())},
          {"training", nlohmann::json::object()},
          {"heads",
           {{"action", constant_head(margins, cols)},
            {"weight", constant_head({h.weight_rel}, cols)},
            {"reps", constant_head({h.reps_delta}, cols)},
            {"load", constant_head({h.load_rel}, cols + planned_reps_feature_count())}}}};
}

// The model `j` describes, read back as serving reads a model directory.
// The directory is this process's (CTest runs each test of a binary as its
// own process, side by side) and is gone once the model is read.
inline ForecastModel read_model(const nlohmann::json& j, const std::string& name) {
  const std::filesystem::path dir = exertrack::testing::scratch_dir("constant-model-" + name + "-" + std::to_string(::getpid()));
  core::util::write_file_atomic(dir / std::string(kForecastModelFile), j.dump());
  ForecastModel model = ForecastModel::read(dir);
  std::filesystem::remove_all(dir);
  return model;
}

// A log from Strong CSV rows (Date, Workout Name, Exercise Name, Set Order,
// Weight, Reps, Distance, Seconds, Notes, Workout Notes), weights in `unit`.
inline core::ingest::WorkoutLog strong_log(const std::string& rows, core::ingest::WeightUnit unit = core::ingest::WeightUnit::kg) {
  core::ingest::ReadOptions o;
  o.default_unit = unit;
  return core::ingest::parse_workout_log(
      "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n" + rows, "in.csv", o);
}

inline constexpr std::int64_t kJanuary2024 = 1704067200;  // 2024-01-01

// One exercise's sessions, from (weight, reps) top sets one per session,
// three days apart from 2024-01-01 (each session one set).
inline ExerciseSessions sessions_of(const std::string& name, const std::vector<std::pair<double, double>>& sets,
                                    core::ingest::WeightUnit unit = core::ingest::WeightUnit::kg) {
  std::string rows;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    const std::int64_t time = kJanuary2024 + static_cast<std::int64_t>(i) * 3 * 86400;
    char row[256];
    std::snprintf(row, sizeof row, "%s 10:00:00,W%zu,%s,1,%.10g,%.10g,,,,\n", core::ingest::format_date(time).c_str(), i, name.c_str(),
                  sets[i].first, sets[i].second);
    rows += row;
  }
  SessionLog log = build_sessions(strong_log(rows, unit), "me");
  return std::move(log.exercises.at(0));
}

}  // namespace exertrack::next_session::model::testing
