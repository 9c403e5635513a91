#pragma once
// The --data family for commands that learn across lifters (train --task
// next-session, evaluate): --data may repeat, one file is one lifter, a
// directory is every export in it; without --data, the embedded synthetic
// lifters.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "data_options.hpp"
#include "forecast/train.hpp"

namespace exertrack::cli {

struct LifterDataOptions {
  std::vector<std::string> paths;
  DataOptions read;  // --weight-unit, --format, --strict (its --data is not used)
  bool quiet = false;
};

void add_lifter_data_options(CLI::App& cmd, LifterDataOptions& options);

// The next-session model's training flags (--rounds, --max-depth, --eta,
// --min-child-weight, --seed, --threads), defaults from forecast::TrainOptions.
void add_forecast_train_options(CLI::App& cmd, forecast::TrainOptions& options);

// Reads every lifter (the cleaning summary of each on stderr unless quiet).
[[nodiscard]] std::vector<forecast::Lifter> load_lifters(const LifterDataOptions& options, const ForecastDefinition& def);

// The unit a lifter logs in, for targets and loadable steps: what the
// file states or the reader detected, else --weight-unit.
[[nodiscard]] WeightUnit logged_unit(const WorkoutLog& log, WeightUnit fallback);

}  // namespace exertrack::cli
