#pragma once
// metrics.json of a next-session run (`exertrack train --task next-session`),
// the contract between the run (which writes it) and `exertrack report`
// (which redraws the run from it). Its JSON Schema is the "next-session"
// branch of docs/metrics.schema.json.
//
// Reading is as strict as the notebook run's: a missing key or a value of the
// wrong type throws InputError naming the file and the key's dotted path. A
// quantity a forecaster does not give (Epley has no action) is NaN here and
// null in the file; the key itself is still required.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/ingest/read_settings.hpp"

namespace exertrack::core::metrics {

// One forecaster's scores on a set of transitions (NaN: not forecast).
struct ForecastScores {
  std::uint64_t transitions = 0;
  double accuracy = 0, f1_macro = 0;
  double weight_mae_kg = 0, reps_mae = 0;
  double load_mae_kg = 0;  // on transitions with a load on both sessions
  // The same split by the reps planned: today's top-set reps again (where
  // Epley's answer is today's weight, usually right) or other reps.
  double load_mae_same_reps_kg = 0, load_mae_new_reps_kg = 0;
  double ece = 0;  // expected calibration error of the action probabilities (10 bins)
  // What a perfectly calibrated forecaster with these probabilities would
  // score on this many transitions, on average (expected_ece_floor): ECE of
  // a small sample is mostly noise, and this says how much.
  double ece_floor = 0;
};

struct LifterEvaluation {
  std::string name;
  std::uint64_t transitions = 0;
  ForecastScores model;
  std::map<std::string, ForecastScores> baselines;  // by baseline name
};

struct FeatureGain {
  std::string feature;
  double gain = 0;
};

// The shape of `exertrack evaluate --json` (docs/forecast.md).
struct ForecastEvaluation {
  std::string protocol;  // "temporal" | "lolo" | "model"
  std::vector<LifterEvaluation> lifters;
  ForecastScores macro_model;
  std::map<std::string, ForecastScores> macro_baselines;
  std::vector<FeatureGain> action_feature_importance;  // gain of the action head, largest first
  double seconds = 0;
};

// Where one lifter's log came from, so the report can read it again.
struct LifterData {
  std::string name;
  std::uint64_t transitions = 0;
  std::string unit;                  // "kg" | "lb": the unit the lifter logs in (targets are shown in it)
  std::optional<std::string> path;   // the export, absolute; nullopt for a synthetic lifter
  std::string sha256;                // of the export's bytes (or of the synthetic CSV)
};

// How the exports were read (the --data flags), so a rebuild reads the same.
struct DataRead {
  // Every reading setting, each under its own name in "data"
  // (core/ingest/read_settings.hpp); one a run did not record (written
  // before it was) reads as its default.
  core::ingest::ReadSettings settings;
  // The embedded synthetic cohort when no --data was given: the report
  // regenerates it from these instead of reading files.
  std::optional<std::uint64_t> synthetic_seed;
  std::uint64_t synthetic_lifters = 0;
};

struct ForecastTraining {
  nlohmann::json options;  // the forecast stage's own serialization of its training options (an object)
  std::uint64_t transitions = 0, load_transitions = 0;
  std::string majority_action;
  double temperature = 1.0;  // the action head's calibration
  double seconds = 0;        // training on every transition
};

struct NextSessionMetrics {
  std::string task = "next-session";
  std::vector<LifterData> lifters;
  DataRead data;
  ForecastTraining training;
  ForecastEvaluation evaluation;
};

[[nodiscard]] nlohmann::json to_json(const NextSessionMetrics& m);
[[nodiscard]] nlohmann::json to_json(const ForecastEvaluation& e);

// Throws InputError "<source>: key "<dotted.path>": ..." for a missing key
// or a value of the wrong type, and for a "task" other than next-session.
[[nodiscard]] NextSessionMetrics next_session_from_json(const nlohmann::json& j,
                                                        const std::string& source = "metrics.json");
[[nodiscard]] ForecastEvaluation evaluation_from_json(const nlohmann::json& j, const std::string& source = "metrics.json");

// The task a metrics.json document holds: "next-session" when its "task"
// says so, else "notebook" (notebook runs carry no "task" key).
[[nodiscard]] std::string task_of(const nlohmann::json& j);

}  // namespace exertrack::core::metrics
