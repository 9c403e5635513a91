#include "notebook/tune/cv.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <mutex>
#include <numeric>
#include <set>

#include "common/test_data.hpp"
#include "core/ingest/workout_log.hpp"
#include "core/util/error.hpp"
#include "notebook/dataset/dataset.hpp"
#include "notebook/features/features.hpp"
#include "notebook/tune/synthetic.hpp"

using exertrack::core::ingest::read_workout_log;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::InputError;
using exertrack::notebook::dataset::Dataset;
using exertrack::notebook::dataset::dataset_from_table;
using exertrack::notebook::features::notebook_definition;

namespace exertrack::notebook::tune {
namespace {

std::vector<std::size_t> class_counts(std::span<const int> y, std::span<const std::size_t> rows, int classes) {
  std::vector<std::size_t> c(static_cast<std::size_t>(classes), 0);
  for (std::size_t r : rows) ++c[static_cast<std::size_t>(y[r])];
  return c;
}

// Every fold within one row per class of count / folds, folds partition [0, n).
void expect_stratified_partition(std::span<const int> y, const std::vector<std::vector<std::size_t>>& folds,
                                 int classes) {
  const std::vector<std::size_t> all_rows = [&] {
    std::vector<std::size_t> v(y.size());
    std::iota(v.begin(), v.end(), std::size_t{0});
    return v;
  }();
  const std::vector<std::size_t> total = class_counts(y, all_rows, classes);
  std::vector<int> seen(y.size(), 0);
  for (const auto& fold : folds) {
    EXPECT_TRUE(std::is_sorted(fold.begin(), fold.end()));
    for (std::size_t r : fold) ++seen[r];
    const auto c = class_counts(y, fold, classes);
    for (int k = 0; k < classes; ++k) {
      const double expected = static_cast<double>(total[static_cast<std::size_t>(k)]) / static_cast<double>(folds.size());
      EXPECT_LE(std::abs(static_cast<double>(c[static_cast<std::size_t>(k)]) - expected), 1.0)
          << "class " << k << " in a fold of " << fold.size();
    }
  }
  for (int s : seen) EXPECT_EQ(s, 1);  // every row in exactly one test fold
}

TEST(StratifiedKFold, PartitionsAndStratifies) {
  const auto p = testing::make_problem(503, 1);
  const auto folds = stratified_kfold(p.y, 5, 42);
  ASSERT_EQ(folds.size(), 5U);
  expect_stratified_partition(p.y, folds, 3);
  // Fold sizes differ by at most the number of classes.
  for (const auto& f : folds) EXPECT_NEAR(static_cast<double>(f.size()), 503.0 / 5.0, 3.0);
}

TEST(StratifiedKFold, DeterministicForASeedAndShuffled) {
  const auto p = testing::make_problem(300, 2);
  EXPECT_EQ(stratified_kfold(p.y, 4, 7), stratified_kfold(p.y, 4, 7));
  EXPECT_NE(stratified_kfold(p.y, 4, 7), stratified_kfold(p.y, 4, 8));
  // Shuffled: fold 0 is not just the first rows of each class (sklearn's
  // unshuffled block assignment).
  const auto f = stratified_kfold(p.y, 4, 7);
  std::vector<std::size_t> first_rows;
  std::vector<int> taken(3, 0);
  for (std::size_t r = 0; r < p.y.size(); ++r) {
    const auto k = static_cast<std::size_t>(p.y[r]);
    if (taken[k] < static_cast<int>(class_counts(p.y, f[0], 3)[k])) {
      first_rows.push_back(r);
      ++taken[k];
    }
  }
  EXPECT_NE(f[0], first_rows);
}

TEST(StratifiedKFold, RoundRobinAllocationOfSmallClasses) {
  // 3 rows of class 9, 7 of class 5, 2 folds. sklearn encodes classes by
  // first appearance (9 first), so the sorted encoded labels are
  // 999 5555555 and fold 0 takes positions 0,2,4,6,8: two 9s, three 5s.
  // (Encoding by label value would give fold 0 a single 9.)
  const std::vector<int> y{9, 5, 5, 9, 5, 5, 9, 5, 5, 5};
  const auto folds = stratified_kfold(y, 2, 3);
  std::size_t nines = 0;
  for (std::size_t r : folds[0]) nines += y[r] == 9 ? 1 : 0;
  EXPECT_EQ(nines, 2U);
  EXPECT_EQ(folds[0].size(), 5U);
  EXPECT_EQ(folds[1].size(), 5U);
}

TEST(StratifiedKFold, Errors) {
  const std::vector<int> y{0, 1, 0, 1, 2};
  EXPECT_THROW((void)stratified_kfold(y, 1, 0), InputError);
  EXPECT_THROW((void)stratified_kfold(y, 6, 0), InputError);
  EXPECT_THROW((void)stratified_kfold(std::vector<int>{0, -1, 0}, 2, 0), InputError);
  // Every class smaller than the number of folds (sklearn's ValueError).
  EXPECT_THROW((void)stratified_kfold(y, 3, 0), InputError);
  // Only some classes smaller: allowed (sklearn warns), still a partition.
  const std::vector<int> y2{0, 0, 0, 0, 1};
  const auto f = stratified_kfold(y2, 3, 0);
  EXPECT_EQ(f[0].size() + f[1].size() + f[2].size(), 5U);
}

TEST(StratifiedKFold, RealLabelsOfThe721File) {
  EXERTRACK_REQUIRE_DATA(exertrack::testing::data_file("weightlifting_721_workouts.csv"));
  const WorkoutLog log = read_workout_log(exertrack::testing::data_file("weightlifting_721_workouts.csv"));
  const Dataset data = dataset_from_table(build_feature_table(log, notebook_definition()));
  ASSERT_EQ(data.y.size(), 9746U);
  const auto folds = stratified_kfold(data.y, 5, 42);
  expect_stratified_partition(data.y, folds, 3);
}

TEST(Complement, IsTheRestInOrder) {
  const std::vector<std::size_t> test{1, 4, 5};
  EXPECT_EQ(complement(7, test), (std::vector<std::size_t>{0, 2, 3, 6}));
  EXPECT_EQ(complement(3, std::vector<std::size_t>{}), (std::vector<std::size_t>{0, 1, 2}));
}

TEST(Summarize, SampleStdAsTheNotebookPrinted) {
  // The notebook's fold accuracies (%) and its printed mean 96.53, std 0.62.
  const std::vector<double> acc{96.92, 97.02, 95.69, 96.97, 96.05};
  const Summary s = summarize(acc);
  EXPECT_NEAR(s.mean, 96.53, 0.005);
  EXPECT_NEAR(s.std, 0.62, 0.005);
  EXPECT_DOUBLE_EQ(s.min, 95.69);
  EXPECT_DOUBLE_EQ(s.max, 97.02);
  EXPECT_DOUBLE_EQ(summarize(std::vector<double>{3.0}).std, 0.0);
  EXPECT_TRUE(std::isnan(summarize(std::vector<double>{}).mean));
}

CvOptions small_options(int threads) {
  CvOptions o;
  o.folds = 4;
  o.units = {16, 8};
  o.learning_rate = 1e-2;
  o.epochs = 30;
  o.patience = 3;
  o.seed = 11;
  o.threads = threads;
  return o;
}

TEST(CrossValidate, LearnsAndReportsEveryFold) {
  const auto p = testing::make_problem(600, 3);
  std::mutex m;
  std::vector<int> reported;
  const CvResult r = cross_validate(p.x, p.y, small_options(2), [&](const CvFold& f, int folds) {
    const std::lock_guard lock(m);
    EXPECT_EQ(folds, 4);
    reported.push_back(f.fold);
    EXPECT_FALSE(format_fold_progress(f, folds).empty());
  });
  std::sort(reported.begin(), reported.end());
  EXPECT_EQ(reported, (std::vector<int>{0, 1, 2, 3}));
  ASSERT_EQ(r.folds.size(), 4U);
  std::vector<double> acc;
  std::size_t test_rows = 0;
  for (const CvFold& f : r.folds) {
    EXPECT_EQ(f.train_rows + f.test_rows, 600U);
    test_rows += f.test_rows;
    EXPECT_GT(f.accuracy, 0.8) << "fold " << f.fold;
    EXPECT_GT(f.epochs_run, 0);
    EXPECT_GE(f.best_epoch, 1);
    EXPECT_LE(f.best_epoch, f.epochs_run);
    EXPECT_EQ(f.epochs_run, static_cast<int>(f.history.epochs.size()));
    std::size_t counted = 0;
    for (std::size_t c : f.test_class_counts) counted += c;
    EXPECT_EQ(counted, f.test_rows);
    if (f.stopped_early) {
      // restore_best_weights: the evaluated model is the best val_loss epoch's.
      EXPECT_NEAR(f.loss, f.history.epochs[static_cast<std::size_t>(f.best_epoch - 1)].val_loss, 1e-9);
    } else {
      EXPECT_NEAR(f.loss, f.history.epochs.back().val_loss, 1e-9);
    }
    acc.push_back(f.accuracy);
  }
  EXPECT_EQ(test_rows, 600U);
  const Summary s = summarize(acc);
  EXPECT_DOUBLE_EQ(r.accuracy.mean, s.mean);
  EXPECT_DOUBLE_EQ(r.accuracy.std, s.std);
  EXPECT_LE(r.accuracy.min, r.accuracy.mean);
  EXPECT_GE(r.accuracy.max, r.accuracy.mean);

  const nlohmann::json j = r;
  EXPECT_EQ(j["folds"].size(), 4U);
  EXPECT_EQ(j["folds"][0]["fold"], 1);
  EXPECT_DOUBLE_EQ(j["accuracy"]["std"].get<double>(), r.accuracy.std);
  EXPECT_EQ(cv_options_json(small_options(1))["folds"], 4);
}

TEST(CrossValidate, IdenticalForEveryThreadCount) {
  const auto p = testing::make_problem(400, 4);
  const CvResult one = cross_validate(p.x, p.y, small_options(1));
  const CvResult two = cross_validate(p.x, p.y, small_options(2));
  const CvResult three = cross_validate(p.x, p.y, small_options(3));
  for (const CvResult* other : {&two, &three}) {
    ASSERT_EQ(one.folds.size(), other->folds.size());
    for (std::size_t i = 0; i < one.folds.size(); ++i) {
      EXPECT_TRUE(testing::same_bits(one.folds[i].loss, other->folds[i].loss));
      EXPECT_TRUE(testing::same_bits(one.folds[i].accuracy, other->folds[i].accuracy));
      testing::expect_same_history(one.folds[i].history, other->folds[i].history);
    }
    EXPECT_EQ(nlohmann::json(one).dump(), nlohmann::json(*other).dump());
  }
}

TEST(CrossValidate, ScalingChangesTheInputsOnly) {
  auto p = testing::make_problem(300, 5);
  // Blow one feature up: unscaled training sees it raw, --cv-scale does not.
  p.x.col(2) *= 1000.0;
  p.x.col(2).array() += 5000.0;
  CvOptions o = small_options(2);
  o.scale = true;
  const CvResult scaled = cross_validate(p.x, p.y, o);
  o.scale = false;
  const CvResult raw = cross_validate(p.x, p.y, o);
  EXPECT_NE(nlohmann::json(scaled).dump(), nlohmann::json(raw).dump());
  // Same folds either way.
  for (std::size_t i = 0; i < scaled.folds.size(); ++i) {
    EXPECT_EQ(scaled.folds[i].test_class_counts, raw.folds[i].test_class_counts);
  }
  EXPECT_GT(scaled.accuracy.mean, 0.8);
}

TEST(CrossValidate, BadInput) {
  const auto p = testing::make_problem(50, 6);
  CvOptions o = small_options(1);
  std::vector<int> short_y(p.y.begin(), p.y.begin() + 10);
  EXPECT_THROW((void)cross_validate(p.x, short_y, o), InputError);
  std::vector<int> bad = p.y;
  bad[7] = 3;
  try {
    (void)cross_validate(p.x, bad, o);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("row 7"), std::string::npos) << e.what();
  }
  o.units = {0};
  EXPECT_THROW((void)cross_validate(p.x, p.y, o), InputError);
  o = small_options(1);
  o.folds = 1;
  EXPECT_THROW((void)cross_validate(p.x, p.y, o), InputError);
}

TEST(CrossValidate, ProgressLine) {
  CvFold f;
  f.fold = 2;
  f.epochs_run = 23;
  f.best_epoch = 13;
  f.loss = 0.09121;
  f.accuracy = 0.96921;
  EXPECT_EQ(format_fold_progress(f, 5), "fold 3 of 5 \u00b7 23 epochs (best 13) \u00b7 loss 0.0912 \u00b7 accuracy 0.9692");
}

}  // namespace
}  // namespace exertrack::notebook::tune
