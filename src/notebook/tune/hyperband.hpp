#pragma once
// Hyperband with Keras Tuner 1.4 semantics (keras_tuner/tuners/hyperband.py,
// HyperbandOracle + Hyperband tuner, read via the search tool), as the
// notebook's step 9 ran it: objective val_accuracy, max_epochs 20, factor 3,
// EarlyStopping(val_loss, patience 10, restore_best_weights) inside trials.
//
// What is reproduced exactly (see hyperband.cpp for the citations):
//  - the bracket / round arithmetic (_get_num_brackets, _get_size,
//    _get_epochs): for (20, 3): bracket 2 = 12 x 3 ep -> 4 x 7 -> 2 x 20,
//    bracket 1 = 6 x 7 -> 2 x 20, bracket 0 = 4 x 20; 30 trials;
//  - brackets run from the most aggressive (highest) down to 0, and again
//    for each of `iterations`;
//  - trial ids in the order a sequential Keras Tuner search creates them;
//  - promotion: the best trials of the previous round (sorted by score,
//    stable, so ties go to the earlier trial); a promoted trial copies its
//    parent's hyperparameters, records it as parent ("tuner/trial_id"),
//    trains epochs [initial_epoch, epochs) with initial_epoch = the previous
//    round's epochs ("tuner/initial_epoch"), starting from the parent's
//    best-epoch weights (SaveBestEpoch checkpoint);
//  - score = the best val_accuracy over the trial's own epochs;
//  - the best trial = highest score, ties to the earlier trial;
//  - random sampling avoids repeating a hyperparameter set (up to 20
//    collisions, then the search stops as Keras Tuner's does).
//  - a round is promoted only once all its trials are done: what a
//    sequential search (the notebook's) does; Keras Tuner's distributed mode
//    may promote earlier, which would make results depend on timing.
// Design decision: a promoted trial also continues its parent's Adam state
// (moments and step count) from that best epoch. Keras 2's TF-format weight
// checkpoint holds the optimizer's variables too (whether they reach the
// fresh optimizer depends on TF's deferred restoration), and resuming a run
// should not restart Adam's bias correction. carry_optimizer_state = false
// starts a fresh Adam instead.
//
// Parallelism: every round of every bracket is known in advance; rounds of
// different brackets are independent, so all runnable trials go to a
// WorkQueue (round 0 first, then by id) and a finished round submits the
// next one. Each trial draws from notebook::nn::Rng(task_seed(seed, trial stream, id)), so
// results are identical for any thread count.
#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "notebook/nn/rng.hpp"
#include "notebook/nn/train.hpp"
#include "notebook/tune/cv.hpp"
#include "notebook/tune/search_space.hpp"

namespace exertrack::notebook::tune {

struct HyperbandOptions {
  int max_epochs = 20;
  int factor = 3;
  int iterations = 1;  // hyperband_iterations
  int patience = 10;   // EarlyStopping(val_loss, restore_best_weights) inside trials; negative: none
  int classes = 3;
  bool carry_optimizer_state = true;
  std::uint64_t seed = 42;
  int threads = 0;  // 0: all cores
};

// ---- schedule arithmetic (HyperbandOracle) -----------------------------
// _get_num_brackets: how many times max_epochs can be divided by factor
// while staying >= 1 (min_epochs): 3 for (20, 3).
[[nodiscard]] int hyperband_brackets(int max_epochs, int factor);
// _get_size: trials in `round` of `bracket`:
// ceil(ceil(1 + log_factor(max_epochs)) / (bracket + 1) * factor^(bracket - round)).
[[nodiscard]] int hyperband_round_size(int max_epochs, int factor, int bracket, int round);
// _get_epochs: ceil(max_epochs / factor^(bracket - round)).
[[nodiscard]] int hyperband_round_epochs(int max_epochs, int factor, int bracket, int round);

struct ScheduledTrial {
  int id = 0;  // 0-based, in Keras Tuner's sequential creation order
  int iteration = 0;
  int bracket = 0;
  int round = 0;
  int epochs = 0;         // "tuner/epochs": train up to this epoch
  int initial_epoch = 0;  // "tuner/initial_epoch"
  int rank = 0;           // round 0: index within the round; later: rank of the parent in the previous round
};
// Every trial of the search, in id order (no early truncation).
[[nodiscard]] std::vector<ScheduledTrial> hyperband_schedule(int max_epochs, int factor, int iterations);

// Indices of `scores` from best to worst (higher is better), stable: equal
// scores keep their order, so the earlier trial wins a tie.
[[nodiscard]] std::vector<std::size_t> rank_by_score(std::span<const double> scores);

// ---- sampling -----------------------------------------------------------
// Keras Tuner's _random_values: each dimension drawn uniformly from its
// values, in order units_1.., learning_rate, dropout, batch_size; a set
// already tried is redrawn, and after more than 20 collisions in a row
// nullopt (space exhausted). Seeded, so the sequence is fixed by the seed.
class Sampler {
 public:
  Sampler(const SearchSpace& space, std::uint64_t seed);
  [[nodiscard]] std::optional<Hyperparameters> next();

 private:
  SearchSpace space_;
  std::vector<std::vector<int>> unit_values_;
  notebook::nn::Rng rng_;
  std::vector<Hyperparameters> tried_;
};

// ---- results ------------------------------------------------------------
struct Trial {
  int id = 0;
  Hyperparameters hp;
  int iteration = 0;
  int bracket = 0;
  int round = 0;
  int epochs = 0;
  int initial_epoch = 0;
  std::optional<int> parent;  // trial id this one continues ("tuner/trial_id")
  double score = 0.0;         // best val_accuracy over this trial's epochs
  int best_epoch = 0;         // absolute 1-based epoch of that score (first on ties)
  double best_val_loss = 0.0; // val_loss at best_epoch
  int epochs_run = 0;         // epochs actually trained (early stopping may cut them)
  bool stopped_early = false;
  notebook::nn::History history;        // epochs initial_epoch+1 ..
};

// A Keras Tuner SaveBestEpoch checkpoint, kept in memory: the weights at
// the trial's best val_accuracy epoch, with Adam's state at that moment.
struct Checkpoint {
  notebook::nn::Mlp model;
  notebook::nn::AdamState adam;
};

struct TrialRun {
  Trial trial;
  std::optional<Checkpoint> best;  // when keep_checkpoint was set
};

// One trial as Hyperband.run_trial runs it: a fresh model (or `start`, the
// parent's checkpoint, for a promoted trial), fit(epochs = slot.epochs,
// initial_epoch = slot.initial_epoch) with EarlyStopping(val_loss, patience,
// restore_best_weights) and notebook::nn::Rng(task_seed(seed, kStreamTrial, slot.id)).
// The hyperband() search is made of these calls; public for tests and tools.
[[nodiscard]] TrialRun run_trial(const Eigen::MatrixXf& x_train, std::span<const int> y_train,
                                 const Eigen::MatrixXf& x_val, std::span<const int> y_val, const ScheduledTrial& slot,
                                 const Hyperparameters& hp, std::optional<int> parent, const Checkpoint* start,
                                 bool keep_checkpoint, const HyperbandOptions& options);

struct TuneResult {
  std::vector<Trial> trials;  // by id
  int best_trial = -1;        // id of the highest score (earliest on ties)
  Hyperparameters best;
  double best_score = 0.0;
  bool exhausted = false;     // the space ran out of new sets before the schedule did
};

struct TrialEvent {
  const Trial* trial = nullptr;
  int total = 0;          // trials in the schedule
  int completed = 0;      // trials finished so far, this one included
  double best_so_far = 0.0;
  bool show_dropout = false;     // the space tunes dropout
  bool show_batch_size = false;  // the space tunes batch size
};
// Called once per finished trial, never concurrently, in completion order.
using TrialProgressFn = std::function<void(const TrialEvent&)>;

// "trial 11 · units 256/96 · lr 0.001 · 7 epochs · val_accuracy 0.981 · best so far 0.994"
// (with " · dropout 0.2" / " · batch 64" after lr when those are tuned). The
// trial is named by its id, as the summary, metrics.json and the report
// name it; how many of how many are done is the caller's (progress.hpp).
[[nodiscard]] std::string format_trial_progress(const TrialEvent& event);

// Throws InputError on bad options, an invalid space or mismatched shapes.
[[nodiscard]] TuneResult hyperband(const Eigen::MatrixXf& x_train, std::span<const int> y_train,
                                   const Eigen::MatrixXf& x_val, std::span<const int> y_val,
                                   const SearchSpace& space, const HyperbandOptions& options,
                                   const TrialProgressFn& progress = {});

// Step 7 and step 9 at once on one pool of `threads` workers (0: all
// cores): the CV folds are queued first, Hyperband's trials fill the cores
// around them, so neither search's tail leaves a core idle. Results are
// exactly those of cross_validate(..cv_options..) and hyperband(..hb_options..)
// (their own `threads` fields are ignored). The two callbacks never run
// concurrently with each other.
struct CvAndTuning {
  CvResult cv;
  TuneResult tuning;
};
[[nodiscard]] CvAndTuning cross_validate_and_hyperband(const Eigen::MatrixXd& x_raw, std::span<const int> y,
                                                       const CvOptions& cv_options, const Eigen::MatrixXf& x_train,
                                                       std::span<const int> y_train, const Eigen::MatrixXf& x_val,
                                                       std::span<const int> y_val, const SearchSpace& space,
                                                       const HyperbandOptions& hb_options, int threads = 0,
                                                       const CvProgressFn& cv_progress = {},
                                                       const TrialProgressFn& trial_progress = {});

// metrics.json "tuning": {"objective", "max_epochs", "factor", ..., "trials": [
//   {"id", "hyperparameters", "bracket", "round", "epochs", "initial_epoch",
//    "parent", "score", "best_epoch", ...}], "best_trial", "best_hyperparameters", "best_score"}
void to_json(nlohmann::json& j, const Trial& t);
void to_json(nlohmann::json& j, const TuneResult& r);
[[nodiscard]] nlohmann::json hyperband_options_json(const HyperbandOptions& options, const SearchSpace& space);

}  // namespace exertrack::notebook::tune
