#pragma once
// The --data family of flags every command that reads a log shares, and the
// fallback to the embedded synthetic log when --data is omitted.
#include <CLI/CLI.hpp>
#include <string>

#include "ingest/workout_log.hpp"
#include "synth/synth.hpp"

namespace exertrack::cli {

struct DataOptions {
  std::string path;  // empty: the embedded synthetic log
  std::string weight_unit = "lb";
  std::string format = "auto";
  bool strict = false;
  SynthOptions synth;
};

void add_data_options(CLI::App& cmd, DataOptions& options);

// Reads --data, or generates the default log and says so on stderr.
[[nodiscard]] WorkoutLog load_data(const DataOptions& options);

}  // namespace exertrack::cli
