#pragma once
// Stratified K-fold cross-validation as the notebook's step 7 ran it:
// sklearn StratifiedKFold(n_splits, shuffle=True, random_state=seed), each
// fold a fresh Dense(128, relu) -> Dense(64, relu) -> Dense(3, softmax),
// Adam 1e-3, up to 100 epochs, EarlyStopping(val_loss, patience 10,
// restore_best_weights) with the held-out fold as validation data, then
// model.evaluate on that fold. Folds run in parallel; results do not depend
// on the thread count.
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "notebook/nn/train.hpp"

namespace exertrack::notebook::tune {

// Test-row indices (ascending) of each of `folds` folds. Classes are
// stratified as sklearn's StratifiedKFold(shuffle=True) does: every fold
// holds floor or ceil of (class count / folds) rows of each class, and
// which rows of a class go to which fold is shuffled with `seed`.
// Throws InputError if folds < 2, folds > rows, a label is negative, or
// every class has fewer than `folds` rows (sklearn's ValueError).
[[nodiscard]] std::vector<std::vector<std::size_t>> stratified_kfold(std::span<const int> y, int folds,
                                                                   std::uint64_t seed);

// Every row index in [0, n) that is not in `test` (ascending; `test` sorted).
[[nodiscard]] std::vector<std::size_t> complement(std::size_t n, std::span<const std::size_t> test);

struct CvOptions {
  int folds = 5;
  std::vector<int> units{128, 64};
  double learning_rate = 1e-3;
  int epochs = 100;
  int patience = 10;  // EarlyStopping(val_loss, patience, restore_best_weights=True); negative: none
  int batch_size = 32;
  float dropout = 0.0F;
  int classes = 3;     // output width (kClassNames.size())
  bool scale = false;  // standardize each fold with a scaler fit on its training part (notebook: off)
  std::uint64_t seed = 42;
  int threads = 0;  // 0: all cores
};

// mean, min, max and SAMPLE standard deviation (ddof = 1, what the
// notebook's printed "std 0.62" is for its five accuracies; 0 for one value).
struct Summary {
  double mean = 0.0;
  double min = 0.0;
  double max = 0.0;
  double std = 0.0;
};
[[nodiscard]] Summary summarize(std::span<const double> values);

struct CvFold {
  int fold = 0;  // 0-based
  std::size_t train_rows = 0;
  std::size_t test_rows = 0;
  std::vector<std::size_t> test_class_counts;  // rows of each class in the test fold
  double loss = 0.0;                           // model.evaluate on the test fold
  double accuracy = 0.0;
  int best_epoch = 0;  // 1-based epoch of the lowest val_loss (History::best_epoch)
  int epochs_run = 0;
  bool stopped_early = false;
  notebook::nn::History history;
};

struct CvResult {
  std::vector<CvFold> folds;  // in fold order
  Summary loss;
  Summary accuracy;
};

// Called once per finished fold, from worker threads but never concurrently,
// in completion order (which may vary with threads; the results do not).
using CvProgressFn = std::function<void(const CvFold& fold, int folds)>;

// x_raw: rows = samples (raw features); y: class indices. Throws InputError
// on bad options or shapes.
[[nodiscard]] CvResult cross_validate(const Eigen::MatrixXd& x_raw, std::span<const int> y, const CvOptions& options,
                                      const CvProgressFn& progress = {});

// "fold 3 of 5 · 23 epochs (best 13) · loss 0.0912 · accuracy 0.9692": folds
// counted from 1, as metrics.json and the report count them.
[[nodiscard]] std::string format_fold_progress(const CvFold& fold, int folds);

// metrics.json "cv": {"folds": [...], "loss": {mean,min,max,std}, "accuracy": {...}};
// cv_options_json gives the settings the run used.
void to_json(nlohmann::json& j, const Summary& s);
void to_json(nlohmann::json& j, const CvFold& f);
void to_json(nlohmann::json& j, const CvResult& r);
[[nodiscard]] nlohmann::json cv_options_json(const CvOptions& options);

}  // namespace exertrack::notebook::tune
