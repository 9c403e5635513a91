#pragma once
// `exertrack train --task next-session` as one call: the temporal
// evaluation beside the baselines (what the run's numbers mean), then the
// model on every transition, and the run directory that holds both.
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "forecast/evaluate.hpp"

namespace exertrack::forecast {

struct NextSessionRun {
  ForecastModel model;  // trained on every transition of every lifter
  Evaluation evaluation;  // temporal protocol, same options
  std::vector<std::pair<std::string, std::size_t>> lifters;  // name, transitions
  double train_seconds = 0;
};

[[nodiscard]] NextSessionRun run_next_session_training(std::span<const Lifter> lifters, const EvaluateOptions& options,
                                                       const std::function<void(const std::string&)>& log_line = {});

// DIR/model/forecast.json, DIR/metrics.json ({"task": "next-session",
// "lifters", "training", "evaluation"} — docs/forecast.md) and
// DIR/evaluation.txt, each written atomically.
void write_next_session_run(const std::filesystem::path& dir, const NextSessionRun& run);

}  // namespace exertrack::forecast
