#include "data_options.hpp"

#include <charconv>
#include <iostream>

#include "core/util/error.hpp"
#include "core/util/files.hpp"

using exertrack::core::ingest::read_settings;
using exertrack::core::ingest::ReadOptions;
using exertrack::core::ingest::ReadSetting;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::InputError;
using exertrack::core::util::read_file;
using exertrack::core::util::sha256_hex;
using exertrack::notebook::features::definition_by_name;
using exertrack::notebook::features::FeatureDefinition;

namespace exertrack::cli {

void add_data_options(CLI::App& cmd, DataOptions& options, bool many_files) {
  if (many_files) {
    cmd.add_option("--data", options.paths,
                   "Workout exports (Strong, Hevy, FitNotes, Fitbod, GymBook, JEFIT, Alpha Progression), one lifter per "
                   "file, a directory = every export in it (repeatable); default: the embedded synthetic data");
  } else {
    cmd.add_option("--data", options.path,
                   "Workout export (Strong, Hevy, FitNotes, Fitbod, GymBook, JEFIT, Alpha Progression); default: the "
                   "embedded synthetic log");
  }
  for (const ReadSetting& s : read_settings()) {
    if (s.is_switch()) {
      cmd.add_flag(std::string(s.flag), options.read.*s.on, std::string(s.help));
    } else {
      cmd.add_option(std::string(s.flag), options.read.*s.choice, std::string(s.help))->check(CLI::IsMember(s.values))->capture_default_str();
    }
  }
  cmd.add_option("--synth-seed", options.synth.seed, "Seed of the embedded synthetic log (without --data)")
      ->capture_default_str();
}

ReadOptions read_options(const DataOptions& options) {
  ReadOptions read = core::ingest::read_options(options.read);
  read.trim_names = !options.names_as_written;
  return read;
}

namespace {

void announce_synthetic(const DataOptions& options) {
  std::cerr << "exertrack: no --data given; using the embedded synthetic log (seed " << options.synth.seed << ", "
            << options.synth.weeks << " weeks)\n";
}

}  // namespace

WorkoutLog load_data(const DataOptions& options) {
  if (options.path.empty()) {
    announce_synthetic(options);
    return synth_workout_log(options.synth);
  }
  return read_workout_log(options.path, read_options(options));
}

LoadedData load_data_with_fingerprint(const DataOptions& options) {
  if (options.path.empty()) {
    announce_synthetic(options);
    const std::string csv = synth_strong_csv(options.synth);
    ReadOptions read;
    return {parse_workout_log(csv, synth_workout_log_source(options.synth), read), sha256_hex(csv)};
  }
  const std::string bytes = read_file(options.path);
  return {parse_workout_log(bytes, options.path, read_options(options)), sha256_hex(bytes)};
}

void add_feature_options(CLI::App& cmd, FeatureOptions& options) {
  // Not --features: predict's --features is the 4 numbers of one row.
  cmd.add_option("--feature-set", options.name, "Feature definition: notebook | v2 (no label leak)")
      ->check(CLI::IsMember({"notebook", "v2"}))
      ->capture_default_str();
  cmd.add_flag("--include-flagged", options.include_flagged,
               "Keep warm-up, timed and outlier sets in the progression (v2 leaves them out by default)");
  cmd.add_flag("--exclude-flagged", options.exclude_flagged,
               "Leave warm-up, timed and outlier sets out (the notebook definition keeps them by default)");
}

FeatureDefinition resolve_features(const FeatureOptions& options, DataOptions& data) {
  FeatureDefinition def = definition_by_name(options.name);
  if (options.include_flagged) def.include_flagged_sets = true;
  if (options.exclude_flagged) def.include_flagged_sets = false;
  data.names_as_written = def.name == "notebook";
  return def;
}

void report_cleaning(const WorkoutLog& log) {
  std::cerr << "exertrack: " << log.source << ": " << log.format;
  if (!log.format_details.empty()) std::cerr << " (" << log.format_details << ")";
  std::cerr << "\n";
  for (const std::string& warning : log.warnings) std::cerr << "exertrack: warning: " << warning << "\n";
  std::cerr << format_cleaning_summary(log.summary);
}

std::vector<int> parse_units(const std::string& text) {
  std::vector<int> units;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    int value = 0;
    const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (ec != std::errc() || ptr != item.data() + item.size() || value < 1 || value > 65536) {
      throw InputError("--units: '" + item + "' is not a layer size (expected e.g. 32,96)");
    }
    units.push_back(value);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return units;
}

}  // namespace exertrack::cli
