#pragma once
// The --data family of flags every command that reads a log shares, and the
// fallback to the embedded synthetic log when --data is omitted.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "core/ingest/read_settings.hpp"
#include "core/ingest/workout_log.hpp"
#include "notebook/features/features.hpp"
#include "synth/synth.hpp"

namespace exertrack::cli {

struct DataOptions {
  std::string path;  // empty: the embedded synthetic log
  // Commands that learn across lifters take --data more than once (one file
  // per lifter, or a directory of exports): add_data_options(..., true).
  std::vector<std::string> paths;
  // --weight-unit, --format, --date-order, --strict (core/ingest/read_settings.hpp).
  core::ingest::ReadSettings read;
  // Exercise names exactly as written (the notebook grouped "Lat Pulldown"
  // and "Lat Pulldown " apart); set by commands using the notebook features.
  bool names_as_written = false;
  synth::SynthOptions synth;
};

void add_data_options(CLI::App& cmd, DataOptions& options, bool many_files = false);

// How the reading settings (and the notebook's names as written) read a file.
[[nodiscard]] core::ingest::ReadOptions read_options(const DataOptions& options);

// Reads --data, or generates the default log and says so on stderr.
[[nodiscard]] core::ingest::WorkoutLog load_data(const DataOptions& options);

// The same plus the SHA-256 of the input bytes (the training-data
// fingerprint a model records).
struct LoadedData {
  core::ingest::WorkoutLog log;
  std::string sha256;
};
[[nodiscard]] LoadedData load_data_with_fingerprint(const DataOptions& options);

// --feature-set and the flagged-set switches, shared by the commands that
// build features.
struct FeatureOptions {
  std::string name = "notebook";
  bool include_flagged = false;
  bool exclude_flagged = false;
};
void add_feature_options(CLI::App& cmd, FeatureOptions& options);

// The chosen definition. The notebook definition also makes `data` keep
// exercise names as written, as pandas did.
[[nodiscard]] notebook::features::FeatureDefinition resolve_features(const FeatureOptions& options, DataOptions& data);

// What the reader made of the input: format and the cleaning summary, on stderr.
void report_cleaning(const core::ingest::WorkoutLog& log);

// "32,96" -> {32, 96}; throws InputError on anything else.
[[nodiscard]] std::vector<int> parse_units(const std::string& text);

}  // namespace exertrack::cli
