#include "lifter_data.hpp"

#include <iostream>

#include "forecast/lifters.hpp"
#include "util/error.hpp"

namespace exertrack::cli {

void add_lifter_data_options(CLI::App& cmd, LifterDataOptions& options) {
  cmd.add_option("--data", options.paths,
                 "Exports, one lifter per file; a directory is every export in it (repeatable); default: the embedded "
                 "synthetic lifters");
  cmd.add_option("--weight-unit", options.read.weight_unit, "Unit of a weight column that does not name one")
      ->check(CLI::IsMember({"lb", "kg"}))
      ->capture_default_str();
  cmd.add_option("--format", options.read.format, "Export format; 'auto' detects it")->capture_default_str();
  cmd.add_flag("--strict", options.read.strict, "Fail on any row that would be dropped");
}

void add_forecast_train_options(CLI::App& cmd, forecast::TrainOptions& options) {
  cmd.add_option("--rounds", options.rounds, "Boosting rounds per model")->capture_default_str()->check(CLI::Range(1, 100000));
  cmd.add_option("--max-depth", options.max_depth, "Tree depth")->capture_default_str()->check(CLI::Range(1, 16));
  cmd.add_option("--eta", options.eta, "Learning rate (shrinkage)")->capture_default_str()->check(CLI::Range(1e-6, 1.0));
  cmd.add_option("--min-child-weight", options.min_child_weight, "Smallest leaf (sum of hessians)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  cmd.add_option("--seed", options.seed, "Seed (row and column subsampling)")->capture_default_str();
  cmd.add_option("--threads", options.threads, "Threads (0: all cores; results do not depend on it)")->capture_default_str();
}

WeightUnit logged_unit(const WorkoutLog& log, WeightUnit fallback) {
  // The reader states where the unit came from in format_details.
  if (log.format_details.find("weight in kg") != std::string::npos) return WeightUnit::kg;
  if (log.format_details.find("weight in lb") != std::string::npos) return WeightUnit::lb;
  return fallback;
}

std::vector<forecast::Lifter> load_lifters(const LifterDataOptions& options, const ForecastDefinition& def) {
  std::vector<forecast::Lifter> lifters;
  const ReadOptions read = read_options(options.read);
  if (options.paths.empty()) {
    throw InputError("--data is required (one export per lifter, or a directory of exports)");
  }
  std::vector<std::filesystem::path> paths(options.paths.begin(), options.paths.end());
  for (const auto& file : forecast::expand_data_paths(paths)) {
    const WorkoutLog log = read_workout_log(file, read);
    if (!options.quiet) report_cleaning(log);
    lifters.push_back(forecast::lifter_from_log(log, file.stem().string(), logged_unit(log, read.default_unit), def));
  }
  return lifters;
}

}  // namespace exertrack::cli
