#pragma once
// `exertrack train --task next-session` as one call: the temporal
// evaluation beside the baselines (what the run's numbers mean), then the
// model on every transition, and the run directory that holds both.
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/metrics/next_session_metrics.hpp"
#include "next_session/train/evaluate.hpp"

namespace exertrack::next_session::train {

struct NextSessionRun {
  next_session::model::ForecastModel model;  // trained on every transition of every lifter
  Evaluation evaluation;  // temporal protocol, same options
  std::vector<std::pair<std::string, std::size_t>> lifters;  // name, transitions
  std::vector<core::ingest::WeightUnit> units;                             // the unit each lifter logs in, same order
  double train_seconds = 0;
  // Where the lifters' logs came from, so `exertrack report` can read them
  // again for the lifter section: the caller fills it (it read the files);
  // empty names and transitions are filled from `lifters` on writing.
  std::vector<core::metrics::LifterData> sources;
  core::metrics::DataRead data;
};

[[nodiscard]] NextSessionRun run_next_session_training(std::span<const Lifter> lifters, const EvaluateOptions& options,
                                                       const std::function<void(const std::string&)>& log_line = {});

// The typed metrics.json of a run (docs/metrics.schema.json, "next-session").
[[nodiscard]] core::metrics::NextSessionMetrics next_session_metrics(const NextSessionRun& run);

// DIR/model/forecast.json, DIR/metrics.json (next_session_metrics) and
// DIR/evaluation.txt, each written atomically. The report (report.html,
// plots/) is the report stage's, which the caller runs after this.
void write_next_session_run(const std::filesystem::path& dir, const NextSessionRun& run);

}  // namespace exertrack::next_session::train
