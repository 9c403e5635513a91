#pragma once
// The forecast stage's fitting pieces, shared by training (train.cpp) and
// the hyperparameter search (search.cpp): the rows each head learns from,
// a configured XGBoost booster per head, the calibration split and the
// temperature. Internal to src/next_session/train.
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "next_session/train/xgb.hpp"
#include "next_session/train/train.hpp"

namespace exertrack::next_session::train {

// The rows one head learns from: float32 features (row-major) and targets.
struct HeadRows {
  std::vector<float> x;
  std::vector<float> y;
  std::vector<float> w;  // sample weights; empty: all 1
  std::size_t n = 0;
};

struct HeadData {
  HeadRows action, weight, reps, load;
};

[[nodiscard]] const next_session::model::Session& session_of(const Lifter& l, const next_session::model::Transition& tr);
// The load head learns only where a load means weight on the bar: both top
// sets positive (bodyweight and assisted work has no "load for 8 reps").
[[nodiscard]] bool has_load_target(const Lifter& l, const next_session::model::Transition& tr);
[[nodiscard]] HeadData head_rows(std::span<const Lifter> lifters, std::span<const TransitionRef> refs,
                                 const next_session::model::ForecastDefinition& def);

// What one head learns: its objective and boosting settings.
struct Head {
  std::string objective;
  HeadOptions boosting;
  double huber_slope = 0;  // reg:pseudohubererror only
};
[[nodiscard]] Head action_head(const ForecastTrainOptions& o);
[[nodiscard]] Head weight_head(const ForecastTrainOptions& o);
[[nodiscard]] Head reps_head(const ForecastTrainOptions& o);
[[nodiscard]] Head load_head(const ForecastTrainOptions& o);

[[nodiscard]] xgb::Matrix matrix_of(const HeadRows& rows, std::size_t cols);
// XGBoost's parameters for `head`, as set_param() takes them (nthread
// last): new_booster sets exactly these, and the Python package's Dask
// trainer passes the same list to xgboost.dask (all but nthread, which Dask
// sets per worker).
[[nodiscard]] std::vector<std::pair<std::string, std::string>> booster_params(const Head& head, const ForecastTrainOptions& o);
// A booster for `head` on `m`, no rounds yet (update() adds them).
[[nodiscard]] xgb::Booster new_booster(const xgb::Matrix& m, const Head& head, const ForecastTrainOptions& o);
// A booster for `head` trained for its rounds.
[[nodiscard]] xgb::Booster fit(const HeadRows& rows, std::size_t cols, const Head& head, const ForecastTrainOptions& o);
// A trained booster as the model keeps it: its JSON and the Forest that
// predicts with it (`name` names it in errors).
[[nodiscard]] next_session::model::ForecastHead head_of(const xgb::Booster& b, const std::string& name);

// The training transitions split for calibration (and the search's
// validation): whole lifters held out (every calibration_every-th, by name,
// when there are that many), and the latest calibration_share (by the date
// of session t) of every other lifter. First: what the probe learns from.
[[nodiscard]] std::pair<std::vector<TransitionRef>, std::vector<TransitionRef>> calibration_split(
    std::span<const Lifter> lifters, std::span<const TransitionRef> train, const ForecastTrainOptions& o);
// Its two halves, for a trainer that holds the lifters apart (the Dask
// trainer: one partition per lifter). Which of the lifters (those with a
// transition to train on, in the order given) are held out whole: every
// calibration_every-th by (name, position), when there are that many.
[[nodiscard]] std::vector<bool> calibration_held_out(std::span<const std::string> names, const ForecastTrainOptions& o);
// For one lifter not held out, given the time of session t of each of its
// training transitions: true for the latest calibration_share (by time,
// ties in the order given), which calibrate; false for those the probe learns from.
[[nodiscard]] std::vector<bool> calibration_latest(std::span<const std::int64_t> times, const ForecastTrainOptions& o);

// The temperature for softmax probabilities `raw` (rows x kActionCount)
// that makes them best calibrated on `labels`.
[[nodiscard]] double fit_temperature(std::span<const float> raw, std::span<const float> labels);

[[nodiscard]] std::string number(double x);  // 17 significant digits: XGBoost parameters round-trip

}  // namespace exertrack::next_session::train
