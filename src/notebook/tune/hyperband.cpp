#include "notebook/tune/hyperband.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <mutex>
#include <numeric>

#include "core/util/error.hpp"
#include "notebook/nn/mlp.hpp"
#include "notebook/tune/detail.hpp"
#include "notebook/tune/parallel.hpp"

namespace nn = exertrack::notebook::nn;
using exertrack::core::util::InputError;

// References (keras-team/keras-tuner, read via the search tool):
//  - keras_tuner/tuners/hyperband.py: HyperbandOracle.populate_space,
//    _random_trial, _get_size, _get_epochs, _get_num_rounds,
//    _get_num_brackets, _increment_bracket_num; Hyperband.run_trial (sets
//    fit's epochs / initial_epoch from "tuner/epochs" /
//    "tuner/initial_epoch") and _build_hypermodel (loads the
//    "tuner/trial_id" trial's checkpoint into the new model).
//  - keras_tuner/engine/tuner_utils.py: SaveBestEpoch (checkpoint written on
//    every epoch whose objective is strictly better than the best so far;
//    appended after the user's callbacks, so after EarlyStopping).
//  - keras_tuner/engine/oracle.py: _random_values (draw every dimension,
//    retry a set already tried, give up after _max_collisions = 20),
//    get_best_trials (sorted by score, stable).
namespace exertrack::notebook::tune {
namespace {

double ipow(int base, int exp) {
  double r = 1.0;
  for (int i = 0; i < exp; ++i) r *= base;
  return r;
}

void check_schedule_args(int max_epochs, int factor) {
  if (max_epochs < 1) throw InputError("hyperband: max_epochs must be >= 1, got " + std::to_string(max_epochs));
  // HyperbandOracle.__init__: "factor needs to be a int larger than 1."
  if (factor < 2) throw InputError("hyperband: factor must be an integer larger than 1, got " + std::to_string(factor));
}

}  // namespace

int hyperband_brackets(int max_epochs, int factor) {
  check_schedule_args(max_epochs, factor);
  // _get_num_brackets: true division until below min_epochs (= 1).
  double epochs = max_epochs;
  int brackets = 0;
  while (epochs >= 1.0) {
    epochs = epochs / factor;
    ++brackets;
  }
  return brackets;
}

int hyperband_round_size(int max_epochs, int factor, int bracket, int round) {
  check_schedule_args(max_epochs, factor);
  // _get_size: math.ceil(1 + math.log(max_epochs, factor)) is the size of
  // bracket 0's last round; brackets are sized to cost about the same.
  // Python's math.log(x, b) is log(x) / log(b), computed the same way here.
  const double bracket0_end_size =
      std::ceil(1.0 + std::log(static_cast<double>(max_epochs)) / std::log(static_cast<double>(factor)));
  const double bracket_end_size = bracket0_end_size / (bracket + 1);
  return static_cast<int>(std::ceil(bracket_end_size * ipow(factor, bracket - round)));
}

int hyperband_round_epochs(int max_epochs, int factor, int bracket, int round) {
  check_schedule_args(max_epochs, factor);
  // _get_epochs: math.ceil(max_epochs / factor ** (bracket - round)).
  return static_cast<int>(std::ceil(static_cast<double>(max_epochs) / ipow(factor, bracket - round)));
}

std::vector<ScheduledTrial> hyperband_schedule(int max_epochs, int factor, int iterations) {
  if (iterations < 1) throw InputError("hyperband: iterations must be >= 1, got " + std::to_string(iterations));
  const int brackets = hyperband_brackets(max_epochs, factor);
  std::vector<ScheduledTrial> out;
  // A sequential Keras Tuner search: the oracle starts with the most
  // aggressive bracket (num_brackets - 1), fills round 0 with random
  // trials, then each later round by promoting one best remaining trial per
  // populate_space call (so promoted ids follow the parents' ranking), and
  // only when a bracket is fully created starts the next lower bracket;
  // after bracket 0 the next iteration starts again at the top.
  for (int it = 0; it < iterations; ++it) {
    for (int b = brackets - 1; b >= 0; --b) {
      for (int r = 0; r <= b; ++r) {  // _get_num_rounds = bracket + 1
        const int size = hyperband_round_size(max_epochs, factor, b, r);
        const int epochs = hyperband_round_epochs(max_epochs, factor, b, r);
        const int initial = r == 0 ? 0 : hyperband_round_epochs(max_epochs, factor, b, r - 1);
        for (int i = 0; i < size; ++i) {
          out.push_back(ScheduledTrial{static_cast<int>(out.size()), it, b, r, epochs, initial, i});
        }
      }
    }
  }
  return out;
}

std::vector<std::size_t> rank_by_score(std::span<const double> scores) {
  // populate_space: sorted(candidates, key=score, reverse=True) is stable
  // (Python keeps equal keys in input order even with reverse=True), and
  // candidates are in creation order: ties go to the earlier trial.
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  return order;
}

Sampler::Sampler(const SearchSpace& space, std::uint64_t seed) : space_(space), rng_(seed) {
  validate(space_);
  for (const IntRange& r : space_.units) unit_values_.push_back(r.values());
}

std::optional<Hyperparameters> Sampler::next() {
  // Oracle._random_values: every dimension is drawn uniformly from its
  // values; a set equal to one already tried is a collision and is redrawn;
  // more than _max_collisions (20) collisions -> None, which makes a
  // sequential Hyperband search stop.
  constexpr int kMaxCollisions = 20;
  int collisions = 0;
  for (;;) {
    Hyperparameters hp;
    hp.units.clear();
    for (const std::vector<int>& values : unit_values_) hp.units.push_back(values[rng_.below(values.size())]);
    hp.learning_rate = space_.learning_rates[rng_.below(space_.learning_rates.size())];
    hp.dropout = space_.dropout[rng_.below(space_.dropout.size())];
    hp.batch_size = space_.batch_sizes[rng_.below(space_.batch_sizes.size())];
    if (std::find(tried_.begin(), tried_.end(), hp) != tried_.end()) {
      if (++collisions > kMaxCollisions) return std::nullopt;
      continue;
    }
    tried_.push_back(hp);
    return hp;
  }
}

namespace {

using Snapshot = Checkpoint;

struct Data {
  const Eigen::MatrixXf& x_train;
  std::span<const int> y_train;
  const Eigen::MatrixXf& x_val;
  std::span<const int> y_val;
};

void check_inputs(const Data& d, const HyperbandOptions& o) {
  check_schedule_args(o.max_epochs, o.factor);
  if (o.iterations < 1) throw InputError("hyperband: iterations must be >= 1");
  if (o.classes < 2) throw InputError("hyperband: need at least 2 classes");
  if (d.x_train.rows() == 0) throw InputError("hyperband: no training rows");
  if (d.x_val.rows() == 0) throw InputError("hyperband: no validation rows (the objective is val_accuracy)");
  if (static_cast<std::size_t>(d.x_train.rows()) != d.y_train.size()) {
    throw InputError("hyperband: " + std::to_string(d.x_train.rows()) + " training rows but " +
                     std::to_string(d.y_train.size()) + " labels");
  }
  if (static_cast<std::size_t>(d.x_val.rows()) != d.y_val.size()) {
    throw InputError("hyperband: " + std::to_string(d.x_val.rows()) + " validation rows but " +
                     std::to_string(d.y_val.size()) + " labels");
  }
  if (d.x_train.cols() != d.x_val.cols() || d.x_train.cols() == 0) {
    throw InputError("hyperband: training data has " + std::to_string(d.x_train.cols()) +
                     " columns, validation data " + std::to_string(d.x_val.cols()));
  }
  for (const auto& [y, what] : {std::pair{d.y_train, "training"}, std::pair{d.y_val, "validation"}}) {
    for (std::size_t i = 0; i < y.size(); ++i) {
      if (y[i] < 0 || y[i] >= o.classes) {
        throw InputError(std::string("hyperband: ") + what + " label " + std::to_string(y[i]) + " at row " +
                         std::to_string(i) + " is not in [0, " + std::to_string(o.classes) + ")");
      }
    }
  }
}

// One trial as Hyperband.run_trial runs it: fit(epochs=tuner/epochs,
// initial_epoch=tuner/initial_epoch) with the notebook's EarlyStopping and
// Keras Tuner's SaveBestEpoch(val_accuracy), which we keep in memory.
Trial run_trial_impl(const Data& d, const ScheduledTrial& s, const Hyperparameters& hp, std::optional<int> parent,
                     const Snapshot* from, bool keep_snapshot, Snapshot& snapshot_out, const HyperbandOptions& o) {
  nn::Rng rng(task_seed(o.seed, kStreamTrial, static_cast<std::uint64_t>(s.id)));
  nn::Mlp model;
  nn::AdamState adam;
  if (from != nullptr) {
    model = from->model;
    if (o.carry_optimizer_state) adam = from->adam;
  } else {
    model = nn::make_mlp(static_cast<int>(d.x_train.cols()), hp.units, o.classes, static_cast<float>(hp.dropout), rng);
  }
  Trial t;
  t.id = s.id;
  t.hp = hp;
  t.iteration = s.iteration;
  t.bracket = s.bracket;
  t.round = s.round;
  t.epochs = s.epochs;
  t.initial_epoch = s.initial_epoch;
  t.parent = parent;
  t.score = -std::numeric_limits<double>::infinity();

  nn::FitOptions fit;
  fit.learning_rate = hp.learning_rate;
  fit.epochs = s.epochs;
  fit.initial_epoch = s.initial_epoch;
  fit.batch_size = hp.batch_size;
  fit.early_stopping = nn::restoring_early_stopping(o.patience);
  // SaveBestEpoch runs after EarlyStopping in Keras' callback list, so on
  // the epoch where stopping fires it sees the restored weights; fit's
  // on_epoch_end is likewise called after early stopping's check.
  fit.on_epoch_end = [&](const nn::EpochStats& e) {
    if (e.val_accuracy > t.score) {
      t.score = e.val_accuracy;
      t.best_epoch = e.epoch;
      t.best_val_loss = e.val_loss;
      if (keep_snapshot) {
        snapshot_out.model = model;
        snapshot_out.adam = adam;
      }
    }
    return true;
  };
  t.history = nn::fit(model, adam, d.x_train, d.y_train, d.x_val, d.y_val, fit, rng);
  t.epochs_run = static_cast<int>(t.history.epochs.size());
  t.stopped_early = t.history.stopped_early;
  if (t.best_epoch == 0) {
    // Every val_accuracy was NaN (cannot happen with validation rows, but
    // never hand a promoted trial an empty snapshot).
    t.score = std::numeric_limits<double>::quiet_NaN();
    if (keep_snapshot) snapshot_out = Snapshot{model, adam};
  }
  return t;
}

}  // namespace

TrialRun run_trial(const Eigen::MatrixXf& x_train, std::span<const int> y_train, const Eigen::MatrixXf& x_val,
                   std::span<const int> y_val, const ScheduledTrial& slot, const Hyperparameters& hp,
                   std::optional<int> parent, const Checkpoint* start, bool keep_checkpoint,
                   const HyperbandOptions& options) {
  const Data data{x_train, y_train, x_val, y_val};
  check_inputs(data, options);
  if (slot.initial_epoch < 0 || slot.epochs <= slot.initial_epoch) {
    throw InputError("hyperband: trial " + std::to_string(slot.id) + " must train epochs (" +
                     std::to_string(slot.initial_epoch) + ", " + std::to_string(slot.epochs) + "]");
  }
  TrialRun run;
  Checkpoint best;
  run.trial = run_trial_impl(data, slot, hp, parent, start, keep_checkpoint, best, options);
  if (keep_checkpoint) run.best = std::move(best);
  return run;
}

std::string format_trial_progress(const TrialEvent& e) {
  const Trial& t = *e.trial;
  std::string units;
  for (std::size_t i = 0; i < t.hp.units.size(); ++i) {
    if (i > 0) units += '/';
    units += std::to_string(t.hp.units[i]);
  }
  char lr[32];
  std::snprintf(lr, sizeof lr, "%g", t.hp.learning_rate);
  std::string line = "trial " + std::to_string(t.id) + " \u00b7 units " + units + " \u00b7 lr " + lr;
  if (e.show_dropout) {
    char d[32];
    std::snprintf(d, sizeof d, "%g", t.hp.dropout);
    line += std::string(" \u00b7 dropout ") + d;
  }
  if (e.show_batch_size) line += " \u00b7 batch " + std::to_string(t.hp.batch_size);
  char tail[96];
  std::snprintf(tail, sizeof tail, " \u00b7 %d epochs \u00b7 val_accuracy %.3f \u00b7 best so far %.3f", t.epochs, t.score,
                e.best_so_far);
  return line + tail;
}

namespace detail {

HyperbandRun::HyperbandRun(const Eigen::MatrixXf& x_train, std::span<const int> y_train, const Eigen::MatrixXf& x_val,
                           std::span<const int> y_val, const SearchSpace& space, const HyperbandOptions& options,
                           TrialProgressFn progress, std::mutex& report)
    : x_train_(x_train),
      y_train_(y_train),
      x_val_(x_val),
      y_val_(y_val),
      space_(space),
      options_(options),
      progress_(std::move(progress)),
      mutex_(report),
      best_so_far_(-std::numeric_limits<double>::infinity()) {
  check_inputs(Data{x_train_, y_train_, x_val_, y_val_}, options_);
  validate(space_);
  schedule_ = hyperband_schedule(options_.max_epochs, options_.factor, options_.iterations);

  // Draw every random trial's hyperparameters up front, in id order, so the
  // draws never depend on which thread finishes first. If the space runs out
  // (Keras Tuner: _random_trial gets None with nothing running -> STOPPED),
  // the search ends at that trial.
  hps_.resize(schedule_.size());
  Sampler sampler(space_, task_seed(options_.seed, kStreamSampling, 0));
  for (const ScheduledTrial& s : schedule_) {
    if (s.round != 0) continue;
    hps_[static_cast<std::size_t>(s.id)] = sampler.next();
    if (!hps_[static_cast<std::size_t>(s.id)]) {
      schedule_.resize(static_cast<std::size_t>(s.id));
      hps_.resize(schedule_.size());
      result_.exhausted = true;
      break;
    }
  }
  result_.trials.resize(schedule_.size());
  // Rounds: runs of consecutive ids with the same (iteration, bracket, round).
  round_of_.resize(schedule_.size());
  for (const ScheduledTrial& s : schedule_) {
    const ScheduledTrial* head =
        rounds_.empty() ? nullptr : &schedule_[static_cast<std::size_t>(rounds_.back().first)];
    if (head == nullptr || s.round != head->round || s.bracket != head->bracket || s.iteration != head->iteration) {
      rounds_.push_back(RoundSpan{s.id, 0});
    }
    ++rounds_.back().size;
    round_of_[static_cast<std::size_t>(s.id)] = static_cast<int>(rounds_.size()) - 1;
  }
  remaining_.resize(rounds_.size());
  for (std::size_t r = 0; r < rounds_.size(); ++r) remaining_[r] = rounds_[r].size;
  checkpoints_.resize(schedule_.size());
  parents_.resize(schedule_.size());
}

bool HyperbandRun::has_next_round(int r) const {
  const auto next = static_cast<std::size_t>(r) + 1;
  if (next >= rounds_.size()) return false;
  const ScheduledTrial& a = schedule_[static_cast<std::size_t>(rounds_[static_cast<std::size_t>(r)].first)];
  const ScheduledTrial& b = schedule_[static_cast<std::size_t>(rounds_[next].first)];
  return a.iteration == b.iteration && a.bracket == b.bracket && b.round == a.round + 1;
}

void HyperbandRun::submit(WorkQueue& queue, std::int64_t key_base) {
  queue_ = &queue;
  key_base_ = key_base;
  for (const ScheduledTrial& s : schedule_) {
    if (s.round == 0) submit_trial(s.id);
  }
}

void HyperbandRun::submit_trial(int id) {
  const ScheduledTrial& s = schedule_[static_cast<std::size_t>(id)];
  const std::int64_t key = key_base_ + (static_cast<std::int64_t>(s.initial_epoch) << 32) + id;
  queue_->submit(key, [this, id] { run_task(id); });
}

void HyperbandRun::run_task(int id) {
  const auto i = static_cast<std::size_t>(id);
  const ScheduledTrial& s = schedule_[i];
  const int r = round_of_[i];
  const bool keep = has_next_round(r);
  const Checkpoint* from = nullptr;
  Hyperparameters hp;
  std::optional<int> parent;
  {
    const std::lock_guard lock(mutex_);
    parent = parents_[i];
    if (parent) {
      from = checkpoints_[static_cast<std::size_t>(*parent)].get();
      hp = result_.trials[static_cast<std::size_t>(*parent)].hp;
    } else {
      hp = *hps_[i];
    }
  }
  Checkpoint best;
  Trial t = run_trial_impl(Data{x_train_, y_train_, x_val_, y_val_}, s, hp, parent, from, keep, best, options_);

  const std::lock_guard lock(mutex_);
  result_.trials[i] = std::move(t);
  if (keep) checkpoints_[i] = std::make_unique<Checkpoint>(std::move(best));
  ++completed_;
  if (result_.trials[i].score > best_so_far_) best_so_far_ = result_.trials[i].score;
  if (progress_) {
    progress_(TrialEvent{&result_.trials[i], static_cast<int>(schedule_.size()), completed_, best_so_far_,
                         space_.dropout.size() > 1, space_.batch_sizes.size() > 1});
  }
  if (--remaining_[static_cast<std::size_t>(r)] > 0) return;
  // The round is complete: the parents' checkpoints it started from are done with.
  const RoundSpan round = rounds_[static_cast<std::size_t>(r)];
  if (s.round > 0) {
    for (int k = round.first; k < round.first + round.size; ++k) {
      checkpoints_[static_cast<std::size_t>(*parents_[static_cast<std::size_t>(k)])].reset();
    }
  }
  if (!keep) return;
  // Promote: the next round's trials take the best of this round, best
  // first (their ids follow the ranking, as sequential populate_space calls
  // would create them), each continuing from its parent's checkpoint.
  std::vector<double> scores;
  for (int k = round.first; k < round.first + round.size; ++k) {
    scores.push_back(result_.trials[static_cast<std::size_t>(k)].score);
  }
  const std::vector<std::size_t> ranked = rank_by_score(scores);
  const RoundSpan next = rounds_[static_cast<std::size_t>(r) + 1];
  for (int k = 0; k < next.size; ++k) {
    parents_[static_cast<std::size_t>(next.first + k)] = round.first + static_cast<int>(ranked[static_cast<std::size_t>(k)]);
  }
  for (std::size_t k = static_cast<std::size_t>(next.size); k < ranked.size(); ++k) {
    checkpoints_[static_cast<std::size_t>(round.first) + ranked[k]].reset();  // not promoted
  }
  for (int k = 0; k < next.size; ++k) submit_trial(next.first + k);
}

TuneResult HyperbandRun::finish() {
  if (result_.trials.empty()) return std::move(result_);
  // Oracle.get_best_trials: stable sort by score over trials in id order.
  std::vector<double> scores;
  for (const Trial& t : result_.trials) {
    scores.push_back(std::isnan(t.score) ? -std::numeric_limits<double>::infinity() : t.score);
  }
  result_.best_trial = static_cast<int>(rank_by_score(scores).front());
  result_.best = result_.trials[static_cast<std::size_t>(result_.best_trial)].hp;
  result_.best_score = result_.trials[static_cast<std::size_t>(result_.best_trial)].score;
  return std::move(result_);
}

}  // namespace detail

TuneResult hyperband(const Eigen::MatrixXf& x_train, std::span<const int> y_train, const Eigen::MatrixXf& x_val,
                     std::span<const int> y_val, const SearchSpace& space, const HyperbandOptions& options,
                     const TrialProgressFn& progress) {
  std::mutex report;
  detail::HyperbandRun run(x_train, y_train, x_val, y_val, space, options, progress, report);
  WorkQueue queue(options.threads);
  run.submit(queue, 0);
  queue.run();
  return run.finish();
}

CvAndTuning cross_validate_and_hyperband(const Eigen::MatrixXd& x_raw, std::span<const int> y,
                                         const CvOptions& cv_options, const Eigen::MatrixXf& x_train,
                                         std::span<const int> y_train, const Eigen::MatrixXf& x_val,
                                         std::span<const int> y_val, const SearchSpace& space,
                                         const HyperbandOptions& hb_options, int threads,
                                         const CvProgressFn& cv_progress, const TrialProgressFn& trial_progress) {
  std::mutex report;  // one lock: the two progress callbacks never overlap
  detail::CvRun cv(x_raw, y, cv_options, cv_progress, report);
  detail::HyperbandRun hb(x_train, y_train, x_val, y_val, space, hb_options, trial_progress, report);
  WorkQueue queue(threads);
  // The folds first: they are the longest tasks (up to 100 epochs) and their
  // length is unknown until early stopping fires, so they must not be the
  // tail; Hyperband's many short trials fill the gaps around them.
  cv.submit(queue, 0);
  hb.submit(queue, cv.folds());
  queue.run();
  return CvAndTuning{cv.finish(), hb.finish()};
}

void to_json(nlohmann::json& j, const Trial& t) {
  j = nlohmann::json{{"id", t.id},
                     {"number", t.id + 1},
                     {"hyperparameters", t.hp},
                     {"iteration", t.iteration},
                     {"bracket", t.bracket},
                     {"round", t.round},
                     {"epochs", t.epochs},
                     {"initial_epoch", t.initial_epoch},
                     {"parent", t.parent ? nlohmann::json(*t.parent) : nlohmann::json(nullptr)},
                     {"score", t.score},
                     {"best_epoch", t.best_epoch},
                     {"best_val_loss", t.best_val_loss},
                     {"epochs_run", t.epochs_run},
                     {"stopped_early", t.stopped_early}};
}

void to_json(nlohmann::json& j, const TuneResult& r) {
  j = nlohmann::json{{"objective", "val_accuracy"},
                     {"trials", r.trials},
                     {"best_trial", r.best_trial},
                     {"best_score", r.best_score},
                     {"best_hyperparameters", r.best},
                     {"space_exhausted", r.exhausted}};
}

nlohmann::json hyperband_options_json(const HyperbandOptions& o, const SearchSpace& space) {
  return nlohmann::json{{"algorithm", "hyperband"},
                        {"objective", "val_accuracy"},
                        {"max_epochs", o.max_epochs},
                        {"factor", o.factor},
                        {"hyperband_iterations", o.iterations},
                        {"brackets", hyperband_brackets(o.max_epochs, o.factor)},
                        {"patience", o.patience},
                        {"carry_optimizer_state", o.carry_optimizer_state},
                        {"seed", o.seed},
                        {"search_space", to_json(space)}};
}

}  // namespace exertrack::notebook::tune
