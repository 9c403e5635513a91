#pragma once
// The notebook end to end (docs/notebook.md steps 7-12) as one call:
// cross-validation, split and scaling, Hyperband, the best-epoch run, the
// final model, its evaluation and everything a run directory holds.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/eval/metrics.hpp"
#include "core/ingest/workout_log.hpp"
#include "notebook/dataset/dataset.hpp"
#include "notebook/features/features.hpp"
#include "notebook/nn/nn.hpp"
#include "notebook/tune/cv.hpp"
#include "notebook/tune/hyperband.hpp"

namespace exertrack::notebook::pipeline {

struct NotebookTrainOptions {
  // Step 7: stratified K-fold CV on the whole table (0 folds: skipped).
  std::optional<notebook::tune::CvOptions> cv = notebook::tune::CvOptions{};
  // Step 9: Hyperband on the train/validation split (nullopt: skipped, and
  // the hyperparameters below are used as given).
  std::optional<notebook::tune::HyperbandOptions> hyperband = notebook::tune::HyperbandOptions{};
  notebook::tune::SearchSpace search_space;
  // The final model (steps 10-11); Hyperband's best trial overrides units,
  // learning rate, dropout and batch size.
  std::vector<int> units{32, 96};
  double learning_rate = 0.01;
  int epochs = 100;
  int patience = 10;
  int batch_size = 32;
  float dropout = 0.0F;
  std::string monitor = "val_loss";  // early stopping while searching for the best epoch
  std::uint64_t seed = 42;
  notebook::dataset::SplitKind split = notebook::dataset::SplitKind::notebook;
  notebook::features::FeatureDefinition features = notebook::features::notebook_definition();
  int threads = 0;  // 0: all cores
};

struct TrainResult {
  std::optional<notebook::tune::CvResult> cv;
  std::optional<notebook::tune::TuneResult> tuning;
  notebook::tune::Hyperparameters chosen;  // what the final model was trained with
  notebook::features::FeatureTable table;
  notebook::dataset::Split split;
  notebook::dataset::Standardizer standardizer;
  notebook::nn::History search_history;  // the up-to-`epochs` run that finds the best epoch
  int best_epoch = 0;
  notebook::nn::History final_history;   // the fresh model trained for best_epoch epochs
  notebook::nn::Mlp model;               // on standardized inputs
  notebook::nn::Mlp raw_model;           // standardization folded in: takes raw features
  notebook::nn::EvalResult test_eval;
  core::eval::ClassificationMetrics test_metrics;
  double rule_agreement_raw = 0;  // share of test rows where the raw model's label equals the rule's
  nlohmann::json metrics;         // metrics.json
};

// Trains and evaluates on `log` (data_sha256 fingerprints its bytes).
// `log_line` receives progress lines (may be empty to stay quiet). The
// seed and thread count of `options` also drive CV and Hyperband.
[[nodiscard]] TrainResult run_training(const core::ingest::WorkoutLog& log, const std::string& data_sha256,
                                       const NotebookTrainOptions& options,
                                       const std::function<void(const std::string&)>& log_line = {});

// DIR/model/{model.json, group1-shard1of1.bin}, metrics.json,
// classification_report.txt, history.csv, dataset.csv (each written
// atomically).
void write_run_directory(const std::filesystem::path& dir, const TrainResult& result);

// history.csv: epoch,loss,accuracy,val_loss,val_accuracy (+ a "run" column
// telling the best-epoch search from the final training).
[[nodiscard]] std::string history_csv(const notebook::nn::History& search, const notebook::nn::History& final_run);

// dataset.csv: every row of the feature table with its date, split part and
// the final model's prediction, so reports can be rebuilt without retraining:
// source_row,date,exercise,set_order,weight_kg,reps,weight_change_pct,
// reps_change_pct,weight_ma,reps_ma,label,split,predicted
[[nodiscard]] std::string dataset_csv(const TrainResult& result);

}  // namespace exertrack::notebook::pipeline
