#pragma once
// A training run directory (written by write_run_directory) read back, so a
// report can be rebuilt without retraining.
#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/ingest/workout_log.hpp"
#include "core/metrics/run_metrics.hpp"

namespace exertrack::report {

// One row of history.csv.
struct HistoryRow {
  std::string run;  // "best_epoch_search" or "final"
  int epoch = 0;
  double loss = 0, accuracy = 0, val_loss = 0, val_accuracy = 0;
};

// One row of dataset.csv.
struct DatasetRow {
  long long source_row = 0;
  std::string date;  // "YYYY-MM-DD HH:MM:SS" (UTC)
  long long time = 0;  // seconds since the epoch, from `date`
  std::string exercise;
  int set_order = 0;
  double weight_kg = 0, reps = 0;
  double weight_change_pct = 0, reps_change_pct = 0, weight_ma = 0, reps_ma = 0;
  int label = 0;
  std::string split;  // train | val | test | none
  int predicted = 0;
};

// One result of recommendations.json: what `exertrack recommend --model DIR
// --json` answers for the data the run learned from (the HTTP API's Result,
// docs/openapi.yaml), as far as the report shows it.
struct Recommended {
  std::string name, equipment, label, reason;
  core::ingest::WeightUnit unit = core::ingest::WeightUnit::kg;  // of both sets
  double probability = 0;  // of `label`
  double last_weight = 0, last_reps = 0;
  double target_weight = 0, target_reps = 0;
};

struct RunData {
  std::filesystem::path dir;
  core::metrics::RunMetrics doc;               // metrics.json, read strictly (every required key present)
  nlohmann::json metrics;                // the same document as JSON, for the sections' generic rendering
  std::vector<std::string> classes;      // metrics["classes"]
  std::vector<std::string> feature_names;
  std::vector<HistoryRow> history;
  std::vector<DatasetRow> dataset;
  std::string classification_report;    // classification_report.txt ("" when missing)
  nlohmann::json model_metadata;         // model/model.json userDefinedMetadata (null when missing)
  // recommendations.json; nullopt for a run written before train kept it.
  std::optional<std::vector<Recommended>> recommendations;
};

// Reads DIR/metrics.json (through core::metrics::from_json: a missing or mistyped
// key throws InputError naming it), history.csv and dataset.csv (required) and
// classification_report.txt, model/model.json and recommendations.json (optional). Throws InputError
// naming the file (and line and column for CSV values) when one is missing
// or malformed.
[[nodiscard]] RunData load_run(const std::filesystem::path& dir);

// Parsers behind load_run, on text; `source` names the file in errors.
[[nodiscard]] std::vector<HistoryRow> parse_history_csv(const std::string& text, const std::string& source);
[[nodiscard]] std::vector<Recommended> parse_recommendations_json(const std::string& text, const std::string& source);
[[nodiscard]] std::vector<DatasetRow> parse_dataset_csv(const std::string& text, const std::string& source,
                                                        std::size_t class_count);

// Rows of the test split labelled `increase reps` whose weight change
// feature is 0: the notebook's label leak (the label saw a 0 -> x change as
// +inf, the features then replaced it by 0). -1 when `classes` has no
// "increase reps".
[[nodiscard]] long long count_label_leak_rows(const RunData& run);

}  // namespace exertrack::report
