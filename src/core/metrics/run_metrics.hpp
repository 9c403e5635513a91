#pragma once
// metrics.json, the contract between the training pipeline (which writes it)
// and everything that reads a run directory (the report, model cards). Its
// JSON Schema is docs/metrics.schema.json; a test holds every document the
// pipeline writes to it.
//
// Reading is strict: a missing key or a value of the wrong type throws
// InputError naming the file and the key's dotted path, so a renamed key
// fails loudly instead of blanking a report section.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace exertrack::core::metrics {

struct DataSource {
  std::string source, format, format_details, sha256;
};

// What happened to one reason's rows: how many and the first lines.
struct RowStats {
  std::uint64_t count = 0;
  std::vector<std::uint64_t> first_lines;
};

struct Cleaning {
  std::uint64_t rows_read = 0, rows_kept = 0;
  std::map<std::string, RowStats> dropped, flagged;  // by reason
};

struct RowCounts {
  std::uint64_t input = 0, features_input = 0, skipped_flagged = 0, after_outliers = 0, train = 0, val = 0, test = 0;
};

struct OutlierBounds {
  double q1 = 0, q3 = 0, lower = 0, upper = 0;
};

struct HyperparameterRecord {
  std::vector<int> units;
  double learning_rate = 0;
  int batch_size = 0;
  double dropout = 0;
  int epochs = 0, patience = 0;
  std::string monitor;
  std::uint64_t seed = 0;
  std::string chosen_by;  // "hyperband" | "flags"
};

// One training run's course (the epochs themselves are in history.csv).
struct HistorySummary {
  std::uint64_t epochs = 0;
  int best_epoch = 0;
  bool stopped_early = false;
  int stopped_epoch = 0;
  bool restored_best_weights = false;
};

struct ClassScores {
  double precision = 0, recall = 0, f1 = 0;
  std::uint64_t support = 0;
};

struct TestMetrics {
  double loss = 0, accuracy = 0;
  double precision_macro = 0, recall_macro = 0, f1_macro = 0;
  double precision_weighted = 0, recall_weighted = 0, f1_weighted = 0;
  std::uint64_t support = 0;
  std::map<std::string, ClassScores> per_class;
  std::vector<std::vector<std::uint64_t>> confusion_matrix;  // [true][predicted]
  double raw_model_rule_agreement = 0;
};

struct RunMetrics {
  std::vector<std::string> classes;
  std::vector<std::string> feature_names;
  DataSource data;
  Cleaning cleaning;
  RowCounts rows;
  OutlierBounds outlier_bounds_kg;
  std::map<std::string, std::uint64_t> label_counts;
  nlohmann::json feature_definition;  // the features stage's own serialization (an object)
  std::string split;                  // "notebook" | "temporal"
  nlohmann::json standardization;     // the export stage's own serialization (an object)
  HyperparameterRecord hyperparameters;
  int best_epoch = 0;
  HistorySummary best_epoch_search, final_training;
  TestMetrics test;
  std::map<std::string, double> timings_s;  // seconds per stage

  // Optional sections: written as null (cv, tuning) or left out (later
  // sections) when that part of the flow did not run. The tune stage owns the
  // inner shape of cv and tuning. A new section goes here as a
  // std::optional, in to_json/from_json and in docs/metrics.schema.json
  // (whose top level allows no unknown key, so it cannot be forgotten).
  std::optional<nlohmann::json> cv;
  std::optional<nlohmann::json> tuning;
};

[[nodiscard]] nlohmann::json to_json(const RunMetrics& m);

// Throws InputError "<source>: key "<dotted.path>": ..." for a missing key
// or a value of the wrong type.
[[nodiscard]] RunMetrics from_json(const nlohmann::json& j, const std::string& source = "metrics.json");

// Parses metrics.json text (invalid JSON is an InputError too).
[[nodiscard]] RunMetrics parse_run_metrics(const std::string& text, const std::string& source);

}  // namespace exertrack::core::metrics
