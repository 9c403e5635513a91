#pragma once
// The forecast stage's fitting pieces, shared by training (train.cpp) and
// the hyperparameter search (search.cpp): the rows each head learns from,
// a configured XGBoost booster per head, the calibration split and the
// temperature. Internal to src/forecast.
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "forecast/train.hpp"
#include "sessions/xgb.hpp"

namespace exertrack::forecast {

// The rows one head learns from: float32 features (row-major) and targets.
struct Rows {
  std::vector<float> x;
  std::vector<float> y;
  std::vector<float> w;  // sample weights; empty: all 1
  std::size_t n = 0;
};

struct HeadData {
  Rows action, weight, reps, load;
};

[[nodiscard]] const Session& session_of(const Lifter& l, const Transition& tr);
[[nodiscard]] HeadData head_rows(std::span<const Lifter> lifters, std::span<const TransitionRef> refs,
                                 const ForecastDefinition& def);

// What one head learns: its objective and boosting settings.
struct Head {
  std::string objective;
  HeadOptions boosting;
  double huber_slope = 0;  // reg:pseudohubererror only
};
[[nodiscard]] Head action_head(const TrainOptions& o);
[[nodiscard]] Head weight_head(const TrainOptions& o);
[[nodiscard]] Head reps_head(const TrainOptions& o);
[[nodiscard]] Head load_head(const TrainOptions& o);

[[nodiscard]] xgb::Matrix matrix_of(const Rows& rows, std::size_t cols);
// A booster for `head` on `m`, no rounds yet (update() adds them).
[[nodiscard]] xgb::Booster new_booster(const xgb::Matrix& m, const Head& head, const TrainOptions& o);
// A booster for `head` trained for its rounds.
[[nodiscard]] xgb::Booster fit(const Rows& rows, std::size_t cols, const Head& head, const TrainOptions& o);

// The training transitions split for calibration (and the search's
// validation): whole lifters held out (every calibration_every-th, by name,
// when there are that many), and the latest calibration_share (by the date
// of session t) of every other lifter. First: what the probe learns from.
[[nodiscard]] std::pair<std::vector<TransitionRef>, std::vector<TransitionRef>> calibration_split(
    std::span<const Lifter> lifters, std::span<const TransitionRef> train, const TrainOptions& o);

// The temperature for softmax probabilities `raw` (rows x kActionCount)
// that makes them best calibrated on `labels`.
[[nodiscard]] double fit_temperature(std::span<const float> raw, std::span<const float> labels);

[[nodiscard]] std::string number(double x);  // 17 significant digits: XGBoost parameters round-trip

}  // namespace exertrack::forecast
