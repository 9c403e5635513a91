#pragma once
// Training the next-session model (sessions/forecast_model.hpp) on the
// transitions of one or more lifters.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "sessions/forecast_model.hpp"
#include "sessions/sessions.hpp"

namespace exertrack::forecast {

// One lifter: one export file (or one synthetic log).
struct Lifter {
  std::string name;
  SessionLog sessions;
  WeightUnit unit = WeightUnit::kg;  // the unit the lifter logs in (targets, loadable steps)
  std::vector<Transition> transitions;
};

// A lifter's transition, as the protocols select them.
struct TransitionRef {
  std::size_t lifter = 0;
  std::size_t index = 0;  // into Lifter::transitions
};

struct TrainOptions {
  ForecastDefinition definition;
  // Gradient boosting (XGBoost's names). Chosen on the 13-lifter
  // leave-one-lifter-out evaluation (docs/forecast.md).
  // Shallow trees generalise across lifters: depth 2 beat 3, 4 and 5 on
  // every measure of the temporal protocol (weight MAE 5.90 vs 6.03 / 6.51 /
  // 6.87 kg, load MAE 4.66 vs 4.98 / 5.39).
  int rounds = 300;
  int max_depth = 2;
  double eta = 0.05;
  double subsample = 0.8;
  double colsample_bytree = 0.8;
  double min_child_weight = 50;
  double lambda = 1;
  // Share of each lifter's latest training transitions held out to fit the
  // calibration temperature (then the action model is refit on all).
  double calibration_share = 0.2;
  std::uint64_t seed = 42;
  int threads = 0;  // 0: all cores; results do not depend on it
};

[[nodiscard]] nlohmann::json train_options_to_json(const TrainOptions& o);

// The index set of all transitions of all lifters.
[[nodiscard]] std::vector<TransitionRef> all_transitions(std::span<const Lifter> lifters);

// Trains the four heads on `train`. Throws InputError when there are fewer
// than 20 transitions to learn from.
[[nodiscard]] ForecastModel train_model(std::span<const Lifter> lifters, std::span<const TransitionRef> train,
                                        const TrainOptions& options);

// Feature importance of the action head (total gain per feature, largest first).
[[nodiscard]] std::vector<std::pair<std::string, double>> action_feature_importance(const ForecastModel& model);

}  // namespace exertrack::forecast
