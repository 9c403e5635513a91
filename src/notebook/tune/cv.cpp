#include "notebook/tune/cv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <mutex>
#include <numeric>

#include "core/util/error.hpp"
#include "notebook/dataset/dataset.hpp"
#include "notebook/nn/mlp.hpp"
#include "notebook/nn/rng.hpp"
#include "notebook/tune/detail.hpp"
#include "notebook/tune/parallel.hpp"

namespace nn = exertrack::notebook::nn;
using exertrack::core::util::InputError;
using exertrack::notebook::dataset::fit_standardizer;
using exertrack::notebook::dataset::identity_standardizer;
using exertrack::notebook::dataset::Standardizer;
using exertrack::notebook::dataset::take;
using exertrack::notebook::dataset::take_rows;

namespace exertrack::notebook::tune {

std::vector<std::vector<std::size_t>> stratified_kfold(std::span<const int> y, int folds, std::uint64_t seed) {
  // sklearn.model_selection.StratifiedKFold._make_test_folds (scikit-learn
  // >= 0.22, sklearn/model_selection/_split.py, read via the search tool):
  //  1. encode classes by order of first appearance in y;
  //  2. allocation[i][k] = rows of class k in fold i, from a round robin over
  //     the SORTED encoded labels (fold i takes sorted positions i, i+n, ...),
  //     so each fold gets floor or ceil of count_k / n of every class;
  //  3. per class k (in encoded order) the fold numbers 0,0,..,1,1,.. (each
  //     repeated allocation[i][k] times) are shuffled with the one RNG when
  //     shuffle=True and handed to the class's rows in data order.
  //  Errors as sklearn: n_splits > n_samples, and every class smaller than
  //  n_splits. Our RNG is nn::Rng (numpy's Mersenne-Twister stream cannot be
  //  matched bit for bit), so the assignment differs from sklearn's for the
  //  same seed but has the same distribution and guarantees.
  const std::size_t n = y.size();
  if (folds < 2) throw InputError("cross-validation needs at least 2 folds, got " + std::to_string(folds));
  if (static_cast<std::size_t>(folds) > n) {
    throw InputError("cannot make " + std::to_string(folds) + " folds from " + std::to_string(n) + " rows");
  }
  std::vector<int> encoded(n);
  std::vector<int> first_seen;  // original label of each encoded class
  for (std::size_t i = 0; i < n; ++i) {
    if (y[i] < 0) throw InputError("label " + std::to_string(y[i]) + " at row " + std::to_string(i) + " is negative");
    auto it = std::find(first_seen.begin(), first_seen.end(), y[i]);
    if (it == first_seen.end()) {
      first_seen.push_back(y[i]);
      it = first_seen.end() - 1;
    }
    encoded[i] = static_cast<int>(it - first_seen.begin());
  }
  const std::size_t classes = first_seen.size();
  std::vector<std::size_t> counts(classes, 0);
  for (int e : encoded) ++counts[static_cast<std::size_t>(e)];
  const auto k = static_cast<std::size_t>(folds);
  if (std::all_of(counts.begin(), counts.end(), [&](std::size_t c) { return c < k; })) {
    throw InputError("n_splits=" + std::to_string(folds) + " cannot be greater than the number of members in each class");
  }
  // Round robin over the sorted labels: class c occupies sorted positions
  // [begin_c, begin_c + count_c); fold i gets those p with p % k == i.
  std::vector<std::vector<std::size_t>> allocation(k, std::vector<std::size_t>(classes, 0));
  std::size_t begin = 0;
  for (std::size_t c = 0; c < classes; ++c) {
    for (std::size_t p = begin; p < begin + counts[c]; ++p) ++allocation[p % k][c];
    begin += counts[c];
  }
  nn::Rng rng(seed);
  std::vector<int> test_fold(n, 0);
  for (std::size_t c = 0; c < classes; ++c) {
    std::vector<int> folds_for_class;
    folds_for_class.reserve(counts[c]);
    for (std::size_t i = 0; i < k; ++i) folds_for_class.insert(folds_for_class.end(), allocation[i][c], static_cast<int>(i));
    rng.shuffle(folds_for_class);
    std::size_t next = 0;
    for (std::size_t r = 0; r < n; ++r) {
      if (static_cast<std::size_t>(encoded[r]) == c) test_fold[r] = folds_for_class[next++];
    }
  }
  std::vector<std::vector<std::size_t>> out(k);
  for (std::size_t r = 0; r < n; ++r) out[static_cast<std::size_t>(test_fold[r])].push_back(r);
  return out;
}

std::vector<std::size_t> complement(std::size_t n, std::span<const std::size_t> test) {
  std::vector<std::size_t> out;
  out.reserve(n >= test.size() ? n - test.size() : 0);
  std::size_t t = 0;
  for (std::size_t r = 0; r < n; ++r) {
    while (t < test.size() && test[t] < r) ++t;
    if (t < test.size() && test[t] == r) continue;
    out.push_back(r);
  }
  return out;
}

Summary summarize(std::span<const double> values) {
  Summary s;
  if (values.empty()) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return Summary{nan, nan, nan, nan};
  }
  double sum = 0.0;
  s.min = values[0];
  s.max = values[0];
  for (double v : values) {
    sum += v;
    s.min = std::min(s.min, v);
    s.max = std::max(s.max, v);
  }
  s.mean = sum / static_cast<double>(values.size());
  if (values.size() > 1) {
    double ss = 0.0;
    for (double v : values) ss += (v - s.mean) * (v - s.mean);
    s.std = std::sqrt(ss / static_cast<double>(values.size() - 1));
  }
  return s;
}

namespace {

void check_options(const CvOptions& o, const Eigen::MatrixXd& x, std::span<const int> y) {
  if (static_cast<std::size_t>(x.rows()) != y.size()) {
    throw InputError("cross-validation: " + std::to_string(x.rows()) + " feature rows but " +
                     std::to_string(y.size()) + " labels");
  }
  if (x.cols() == 0) throw InputError("cross-validation: no feature columns");
  if (o.units.empty()) throw InputError("cross-validation: at least one hidden layer is needed");
  for (int u : o.units) {
    if (u <= 0) throw InputError("cross-validation: hidden layer width must be positive, got " + std::to_string(u));
  }
  if (!(o.learning_rate > 0.0) || !std::isfinite(o.learning_rate)) {
    throw InputError("cross-validation: learning rate must be positive");
  }
  if (o.epochs <= 0) throw InputError("cross-validation: epochs must be positive, got " + std::to_string(o.epochs));
  if (o.batch_size <= 0) throw InputError("cross-validation: batch size must be positive");
  if (!(o.dropout >= 0.0F && o.dropout < 1.0F)) throw InputError("cross-validation: dropout must be in [0, 1)");
  if (o.classes < 2) throw InputError("cross-validation: need at least 2 classes");
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (y[i] < 0 || y[i] >= o.classes) {
      throw InputError("cross-validation: label " + std::to_string(y[i]) + " at row " + std::to_string(i) +
                       " is not in [0, " + std::to_string(o.classes) + ")");
    }
  }
}

CvFold run_fold(const Eigen::MatrixXd& x_raw, std::span<const int> y, const std::vector<std::size_t>& test,
                int fold, const CvOptions& o) {
  const std::vector<std::size_t> train = complement(y.size(), test);
  const std::vector<int> labels(y.begin(), y.end());
  const Eigen::MatrixXd x_train_raw = take_rows(x_raw, train);
  const Eigen::MatrixXd x_test_raw = take_rows(x_raw, test);
  // The notebook fed raw features (its scaler came later, in step 8);
  // --cv-scale fits a scaler on this fold's training rows only.
  const Standardizer s =
      o.scale ? fit_standardizer(x_train_raw) : identity_standardizer(static_cast<int>(x_raw.cols()));
  const Eigen::MatrixXf x_train = standardize(s, x_train_raw);
  const Eigen::MatrixXf x_test = standardize(s, x_test_raw);
  const std::vector<int> y_train = take(labels, train);
  const std::vector<int> y_test = take(labels, test);

  nn::Rng rng(task_seed(o.seed, kStreamCvFold, static_cast<std::uint64_t>(fold)));
  nn::Mlp model = nn::make_mlp(static_cast<int>(x_raw.cols()), o.units, o.classes, o.dropout, rng);
  nn::AdamState adam;
  nn::FitOptions fit;
  fit.learning_rate = o.learning_rate;
  fit.epochs = o.epochs;
  fit.batch_size = o.batch_size;
  fit.early_stopping = nn::restoring_early_stopping(o.patience);

  CvFold f;
  f.fold = fold;
  f.train_rows = train.size();
  f.test_rows = test.size();
  f.test_class_counts.assign(static_cast<std::size_t>(o.classes), 0);
  for (int label : y_test) ++f.test_class_counts[static_cast<std::size_t>(label)];
  f.history = nn::fit(model, adam, x_train, y_train, x_test, y_test, fit, rng);
  const nn::EvalResult ev = nn::evaluate(model, x_test, y_test);
  f.loss = ev.loss;
  f.accuracy = ev.accuracy;
  f.best_epoch = f.history.best_epoch;
  f.epochs_run = static_cast<int>(f.history.epochs.size());
  f.stopped_early = f.history.stopped_early;
  return f;
}

}  // namespace

namespace detail {

CvRun::CvRun(const Eigen::MatrixXd& x_raw, std::span<const int> y, const CvOptions& options, CvProgressFn progress,
             std::mutex& report)
    : x_(x_raw), y_(y), options_(options), progress_(std::move(progress)), report_(report) {
  check_options(options_, x_, y_);
  test_sets_ = stratified_kfold(y_, options_.folds, options_.seed);
  result_.folds.resize(test_sets_.size());
}

void CvRun::submit(WorkQueue& queue, std::int64_t key_base) {
  for (std::size_t i = 0; i < test_sets_.size(); ++i) {
    queue.submit(key_base + static_cast<std::int64_t>(i), [this, i] {
      CvFold f = run_fold(x_, y_, test_sets_[i], static_cast<int>(i), options_);
      const std::lock_guard lock(report_);
      result_.folds[i] = std::move(f);
      if (progress_) progress_(result_.folds[i], options_.folds);
    });
  }
}

CvResult CvRun::finish() {
  std::vector<double> losses;
  std::vector<double> accuracies;
  for (const CvFold& f : result_.folds) {
    losses.push_back(f.loss);
    accuracies.push_back(f.accuracy);
  }
  result_.loss = summarize(losses);
  result_.accuracy = summarize(accuracies);
  return std::move(result_);
}

}  // namespace detail

CvResult cross_validate(const Eigen::MatrixXd& x_raw, std::span<const int> y, const CvOptions& options,
                        const CvProgressFn& progress) {
  std::mutex report;
  detail::CvRun run(x_raw, y, options, progress, report);
  WorkQueue queue(std::min(resolve_threads(options.threads), run.folds()));
  run.submit(queue, 0);
  queue.run();
  return run.finish();
}

std::string format_fold_progress(const CvFold& fold, int folds) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "fold %d of %d \u00b7 %d epochs (best %d) \u00b7 loss %.4f \u00b7 accuracy %.4f",
                fold.fold + 1, folds, fold.epochs_run, fold.best_epoch, fold.loss, fold.accuracy);
  return buf;
}

void to_json(nlohmann::json& j, const Summary& s) {
  j = nlohmann::json{{"mean", s.mean}, {"min", s.min}, {"max", s.max}, {"std", s.std}};
}

void to_json(nlohmann::json& j, const CvFold& f) {
  j = nlohmann::json{{"fold", f.fold + 1},
                     {"train_rows", f.train_rows},
                     {"test_rows", f.test_rows},
                     {"test_class_counts", f.test_class_counts},
                     {"loss", f.loss},
                     {"accuracy", f.accuracy},
                     {"best_epoch", f.best_epoch},
                     {"epochs_run", f.epochs_run},
                     {"stopped_early", f.stopped_early}};
}

void to_json(nlohmann::json& j, const CvResult& r) {
  j = nlohmann::json{{"folds", r.folds}, {"loss", r.loss}, {"accuracy", r.accuracy}};
}

nlohmann::json cv_options_json(const CvOptions& o) {
  return nlohmann::json{{"folds", o.folds},
                        {"units", o.units},
                        {"learning_rate", o.learning_rate},
                        {"epochs", o.epochs},
                        {"patience", o.patience},
                        {"batch_size", o.batch_size},
                        {"dropout", o.dropout},
                        {"scaled", o.scale},
                        {"seed", o.seed},
                        {"shuffle", true},
                        {"early_stopping", {{"monitor", "val_loss"}, {"restore_best_weights", true}}}};
}

}  // namespace exertrack::notebook::tune
