#include "data_options.hpp"

#include <iostream>

namespace exertrack::cli {

void add_data_options(CLI::App& cmd, DataOptions& options) {
  cmd.add_option("--data", options.path, "Workout export (Strong, Hevy, FitNotes, Fitbod CSV); default: the embedded synthetic log");
  cmd.add_option("--weight-unit", options.weight_unit, "Unit of a weight column that does not name one")
      ->check(CLI::IsMember({"lb", "kg"}))
      ->capture_default_str();
  cmd.add_option("--format", options.format, "Export format; 'auto' detects it")->capture_default_str();
  cmd.add_flag("--strict", options.strict, "Fail on any row that would be dropped");
  cmd.add_option("--synth-seed", options.synth.seed, "Seed of the embedded synthetic log (without --data)")
      ->capture_default_str();
}

WorkoutLog load_data(const DataOptions& options) {
  if (options.path.empty()) {
    std::cerr << "exertrack: no --data given; using the embedded synthetic log (seed " << options.synth.seed
              << ", " << options.synth.weeks << " weeks)\n";
    return synth_workout_log(options.synth);
  }
  ReadOptions read;
  read.default_unit = options.weight_unit == "kg" ? WeightUnit::kg : WeightUnit::lb;
  read.format = options.format;
  read.strict = options.strict;
  return read_workout_log(options.path, read);
}

}  // namespace exertrack::cli
