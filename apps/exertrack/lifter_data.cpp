#include "lifter_data.hpp"

#include <cstdio>
#include <iostream>
#include <string>

#include "core/util/error.hpp"
#include "next_session/train/lifters.hpp"
#include "synth/synth.hpp"

namespace forecast = exertrack::next_session::train;
using exertrack::core::ingest::ReadOptions;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::units::target_unit;
using exertrack::core::util::InputError;
using exertrack::next_session::model::ForecastDefinition;
using exertrack::synth::SynthCohortOptions;
using exertrack::synth::SynthLifter;

namespace exertrack::cli {
namespace {

std::string shortest(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

}  // namespace

// "action 100, weight 150, reps 150, load 600": one field of every head's defaults.
template <typename Field>
std::string per_head(const forecast::ForecastTrainOptions& o, Field field) {
  return "action " + shortest(o.action.*field) + ", weight " + shortest(o.weight.*field) + ", reps " + shortest(o.reps.*field) +
         ", load " + shortest(o.load.*field);
}

void add_forecast_train_options(CLI::App& cmd, forecast::ForecastTrainOptions& options) {
  // One flag sets every head: their defaults differ (train.hpp says why).
  using forecast::HeadOptions;
  cmd.add_option_function<int>(
         "--rounds", [&options](int n) { options.set_rounds(n); },
         "Boosting rounds of every head (next-session; default: " + per_head(options, &HeadOptions::rounds) + ")")
      ->check(CLI::Range(1, 100000));
  cmd.add_option_function<int>(
         "--max-depth", [&options](int d) { options.set_max_depth(d); },
         "Tree depth of every head (next-session; default: " + per_head(options, &HeadOptions::max_depth) + ")")
      ->check(CLI::Range(1, 16));
  cmd.add_option_function<double>(
         "--eta", [&options](double eta) { options.set_eta(eta); },
         "Boosting learning rate of every head (next-session; default: " + per_head(options, &HeadOptions::eta) + ")")
      ->check(CLI::Range(1e-6, 1.0));
  cmd.add_option_function<double>(
         "--min-child-weight", [&options](double w) { options.set_min_child_weight(w); },
         "Smallest leaf of every head, sum of hessians (next-session; default: " +
             per_head(options, &HeadOptions::min_child_weight) + ")")
      ->check(CLI::Range(0.0, 1e9));
}

void reject_flags(const CLI::App& cmd, std::initializer_list<const char*> flags, const std::string& why) {
  for (const char* flag : flags) {
    if (cmd.count(flag) > 0) throw InputError(std::string(flag) + " " + why);
  }
}

std::vector<forecast::Lifter> load_lifters(const DataOptions& data, const ForecastDefinition& def, bool quiet) {
  const ReadOptions read = read_options(data);
  std::vector<forecast::Lifter> lifters;
  if (data.paths.empty()) {
    // The embedded cohort, read by the regular reader exactly as files are,
    // so the default run exercises the same path a user's exports take.
    SynthCohortOptions cohort;
    cohort.seed = data.synth.seed;
    const std::vector<SynthLifter> synthetic = synth_lifters(cohort);
    std::cerr << "exertrack: no --data given; using the " << synthetic.size() << " embedded synthetic lifters (seed "
              << cohort.seed << ")\n";
    for (const SynthLifter& l : synthetic) {
      const WorkoutLog log = parse_workout_log(l.csv, "synthetic lifter " + l.name, read);
      if (!quiet) report_cleaning(log);
      lifters.push_back(forecast::lifter_from_log(log, l.name, target_unit(log, read), def));
    }
    return lifters;
  }
  const std::vector<std::filesystem::path> paths(data.paths.begin(), data.paths.end());
  for (const auto& file : forecast::expand_data_paths(paths)) {
    const WorkoutLog log = read_workout_log(file, read);
    if (!quiet) report_cleaning(log);
    lifters.push_back(forecast::lifter_from_log(log, file.stem().string(), target_unit(log, read), def));
  }
  return lifters;
}

}  // namespace exertrack::cli
