// The notebook's steps 8-12 on real data: the quality bar of the training
// issue, determinism, and what a run directory holds.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/test_data.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"
#include "notebook/export/tfjs.hpp"
#include "notebook/pipeline/train_run.hpp"
#include "synth/synth.hpp"

using exertrack::core::ingest::ReadOptions;
using exertrack::core::ingest::SetRecord;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::InputError;
using exertrack::core::util::read_file;
using exertrack::notebook::dataset::Dataset;
using exertrack::notebook::dataset::dataset_from_table;
using exertrack::notebook::dataset::Split;
using exertrack::notebook::dataset::SplitKind;
using exertrack::notebook::export_::LoadedModel;
using exertrack::notebook::export_::read_tfjs_model;
using exertrack::notebook::features::FeatureTable;
using exertrack::notebook::features::notebook_definition;
using exertrack::notebook::features::v2_definition;
using exertrack::synth::SynthOptions;

namespace exertrack::notebook::pipeline {
namespace {

// The training issue's set-up: units 32/96, lr 0.01, no CV, no search.
NotebookTrainOptions fixed_model() {
  NotebookTrainOptions o;
  o.cv.reset();
  o.hyperband.reset();
  return o;
}

WorkoutLog load_721() {
  ReadOptions read;
  read.trim_names = false;
  return read_workout_log(testing::data_file("weightlifting_721_workouts.csv"), read);
}

#define REQUIRE_721() EXERTRACK_REQUIRE_DATA(testing::data_file("weightlifting_721_workouts.csv"))

TEST(TrainRun, NotebookFeaturesMeetTheQualityBar) {
  REQUIRE_721();
  NotebookTrainOptions o = fixed_model();  // notebook split, notebook features
  const TrainResult r = run_training(load_721(), "sha", o);
  EXPECT_EQ(r.split.train.size(), 5847U);
  EXPECT_EQ(r.split.val.size(), 1949U);
  EXPECT_EQ(r.split.test.size(), 1950U);
  EXPECT_GE(r.test_metrics.accuracy, 0.955);
  EXPECT_GE(r.test_metrics.f1_macro, 0.95);
  // The leak caps what any model can do on these features.
  EXPECT_LE(r.test_metrics.accuracy, 0.966);
  EXPECT_EQ(static_cast<int>(r.final_history.epochs.size()), r.best_epoch);
}

TEST(TrainRun, V2FeaturesMeetTheQualityBar) {
  REQUIRE_721();
  NotebookTrainOptions o = fixed_model();
  o.features = v2_definition();
  const TrainResult r = run_training(load_721(), "sha", o);
  EXPECT_GE(r.test_metrics.accuracy, 0.99);
  EXPECT_GE(r.test_metrics.f1_macro, 0.99);
}

TEST(TrainRun, TemporalSplitKeepsSessionsWholeAndInOrder) {
  REQUIRE_721();
  const FeatureTable table = build_feature_table(load_721(), notebook_definition());
  const Dataset d = dataset_from_table(table);
  const Split s = make_split(d, SplitKind::temporal);
  std::int64_t train_max = 0, val_min = INT64_MAX, val_max = 0, test_min = INT64_MAX;
  for (auto i : s.train) train_max = std::max(train_max, d.time[i]);
  for (auto i : s.val) val_min = std::min(val_min, d.time[i]), val_max = std::max(val_max, d.time[i]);
  for (auto i : s.test) test_min = std::min(test_min, d.time[i]);
  EXPECT_LT(train_max, val_min);
  EXPECT_LT(val_max, test_min);
  EXPECT_EQ(s.train.size() + s.val.size() + s.test.size(), d.y.size());
  EXPECT_NEAR(static_cast<double>(s.train.size()) / static_cast<double>(d.y.size()), 0.6, 0.02);
}

TEST(TrainRun, SameSeedSameModelBytesAndMetrics) {
  SynthOptions synth;
  synth.weeks = 30;
  const WorkoutLog log = synth_workout_log(synth);
  NotebookTrainOptions o = fixed_model();
  o.epochs = 8;
  const auto a = testing::scratch_dir("pipeline-det-a");
  const auto b = testing::scratch_dir("pipeline-det-b");
  const TrainResult ra = run_training(log, "x", o);
  const TrainResult rb = run_training(log, "x", o);
  write_run_directory(a, ra);
  write_run_directory(b, rb);
  EXPECT_EQ(read_file(a / "model" / "group1-shard1of1.bin"), read_file(b / "model" / "group1-shard1of1.bin"));
  EXPECT_EQ(read_file(a / "history.csv"), read_file(b / "history.csv"));
  EXPECT_EQ(ra.test_metrics.accuracy, rb.test_metrics.accuracy);
  o.seed = 7;
  const TrainResult rc = run_training(log, "x", o);
  EXPECT_NE(ra.model.layers[0].kernel, rc.model.layers[0].kernel);
}

TEST(TrainRun, RunDirectoryHoldsEverythingAndTheModelLoadsBack) {
  SynthOptions synth;
  synth.weeks = 30;
  NotebookTrainOptions o = fixed_model();
  o.epochs = 5;
  const TrainResult r = run_training(synth_workout_log(synth), "abc", o);
  const auto dir = testing::scratch_dir("pipeline-run");
  write_run_directory(dir, r);
  for (const char* f : {"model/model.json", "model/group1-shard1of1.bin", "metrics.json", "classification_report.txt",
                        "history.csv", "dataset.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;
  }
  const auto m = nlohmann::json::parse(read_file(dir / "metrics.json"));
  for (const char* k : {"classes", "rows", "label_counts", "hyperparameters", "best_epoch", "test", "timings_s"}) {
    EXPECT_TRUE(m.contains(k)) << k;
  }
  for (const char* k : {"input", "after_outliers", "train", "val", "test"}) EXPECT_TRUE(m["rows"].contains(k)) << k;
  for (const char* k : {"loss", "accuracy", "precision_macro", "recall_macro", "f1_macro", "per_class", "confusion_matrix"}) {
    EXPECT_TRUE(m["test"].contains(k)) << k;
  }
  EXPECT_TRUE(m["timings_s"].contains("total"));
  const LoadedModel loaded = read_tfjs_model(dir / "model");
  EXPECT_EQ(loaded.metadata["training_data_sha256"], "abc");
  ASSERT_EQ(loaded.model.layers.size(), r.raw_model.layers.size());
  for (std::size_t i = 0; i < loaded.model.layers.size(); ++i) {
    EXPECT_EQ(loaded.model.layers[i].kernel, r.raw_model.layers[i].kernel);
  }
  // history.csv: the search run then exactly best_epoch final epochs.
  const std::string hist = read_file(dir / "history.csv");
  std::size_t finals = 0;
  for (std::size_t p = hist.find("\nfinal,"); p != std::string::npos; p = hist.find("\nfinal,", p + 1)) ++finals;
  EXPECT_EQ(static_cast<int>(finals), r.best_epoch);
}

TEST(TrainRun, FullFlowRecordsCvAndTuningAndIgnoresThreadCount) {
  SynthOptions synth;
  synth.weeks = 30;
  const WorkoutLog log = synth_workout_log(synth);
  NotebookTrainOptions o;  // CV + Hyperband, scaled down
  o.cv->folds = 3;
  o.cv->epochs = 6;
  o.hyperband->max_epochs = 4;
  o.epochs = 6;
  o.threads = 1;
  const TrainResult one = run_training(log, "x", o);
  o.threads = 2;
  const TrainResult two = run_training(log, "x", o);
  ASSERT_TRUE(one.cv && one.tuning);
  EXPECT_EQ(one.cv->folds.size(), 3U);
  EXPECT_FALSE(one.tuning->trials.empty());
  EXPECT_EQ(one.chosen, one.tuning->best);
  EXPECT_EQ(one.metrics["hyperparameters"]["chosen_by"], "hyperband");
  EXPECT_EQ(one.metrics["cv"]["folds"].size(), 3U);
  EXPECT_EQ(one.metrics["tuning"]["trials"].size(), one.tuning->trials.size());
  // Same seed, any thread count: the same search and the same model.
  EXPECT_EQ(one.metrics["cv"].dump(), two.metrics["cv"].dump());
  EXPECT_EQ(one.metrics["tuning"].dump(), two.metrics["tuning"].dump());
  EXPECT_EQ(one.raw_model.layers[0].kernel, two.raw_model.layers[0].kernel);
  EXPECT_EQ(one.test_metrics.accuracy, two.test_metrics.accuracy);
}

TEST(TrainRun, TooLittleDataIsAClearError) {
  WorkoutLog log;
  log.source = "tiny.csv";
  log.exercises = {"A"};
  log.workouts = {"W"};
  log.notes = {""};
  for (int i = 0; i < 5; ++i) {
    SetRecord s;
    s.time = i;
    s.weight_kg = 50 + i;
    s.reps = 5;
    log.sets.push_back(s);
  }
  EXPECT_THROW((void)run_training(log, "x", fixed_model()), InputError);
}

}  // namespace
}  // namespace exertrack::notebook::pipeline
