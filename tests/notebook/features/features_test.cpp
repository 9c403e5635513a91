#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/util/error.hpp"
#include "notebook/features/features.hpp"

using exertrack::core::ingest::SetRecord;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::InputError;

namespace exertrack::notebook::features {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<FeatureVector> seq(std::vector<SetValues> sets, const FeatureDefinition& def = notebook_definition()) {
  return raw_sequence_features(sets, def);
}

TEST(PctChange, FirstRowIsZeroAndLaterRowsArePandasPctChange) {
  const auto f = seq({{100, 10}, {110, 8}, {99, 8}});
  EXPECT_EQ(f[0].weight_change_pct, 0.0);
  EXPECT_EQ(f[0].reps_change_pct, 0.0);
  EXPECT_EQ(f[1].weight_change_pct, (110.0 / 100.0 - 1.0) * 100.0);
  EXPECT_EQ(f[1].reps_change_pct, (8.0 / 10.0 - 1.0) * 100.0);  // -19.999999999999996, as pandas
  EXPECT_EQ(f[2].weight_change_pct, (99.0 / 110.0 - 1.0) * 100.0);
}

TEST(PctChange, ZeroToPositiveIsInfinityAndZeroOverZeroIsZero) {
  const auto f = seq({{0, 10}, {20, 10}, {0, 0}, {0, 0}, {0, 5}});
  EXPECT_EQ(f[1].weight_change_pct, kInf);     // 0 -> 20
  EXPECT_EQ(f[2].weight_change_pct, -100.0);   // 20 -> 0
  EXPECT_EQ(f[3].weight_change_pct, 0.0);      // 0 -> 0 is NaN, then NaN -> 0
  EXPECT_EQ(f[3].reps_change_pct, 0.0);
  EXPECT_EQ(f[4].reps_change_pct, kInf);
}

TEST(PctChange, V2CapsInfinityBeforeLabelling) {
  const auto f = seq({{0, 10}, {20, 10}}, v2_definition());
  EXPECT_EQ(f[1].weight_change_pct, 1000.0);
  EXPECT_EQ(rule_label(f[1], v2_definition()), 0);
  EXPECT_EQ(model_features(f[1]).weight_change_pct, 1000.0);
}

TEST(Labels, NotebookLeakInfinityLabelsIncreaseRepsThenBecomesZero) {
  const auto f = seq({{0, 10}, {20, 10}});
  EXPECT_EQ(rule_label(f[1], notebook_definition()), 0);
  EXPECT_EQ(model_features(f[1]).weight_change_pct, 0.0);
}

TEST(MovingAverage, WindowOfFiveWithMinPeriodsOne) {
  const auto f = seq({{10, 1}, {20, 2}, {30, 3}, {40, 4}, {50, 5}, {60, 6}, {70, 7}});
  EXPECT_DOUBLE_EQ(f[0].weight_ma, 10);
  EXPECT_DOUBLE_EQ(f[1].weight_ma, 15);
  EXPECT_DOUBLE_EQ(f[4].weight_ma, 30);
  EXPECT_DOUBLE_EQ(f[5].weight_ma, 40);
  EXPECT_DOUBLE_EQ(f[6].reps_ma, 5);
}

TEST(MovingAverage, IdenticalValuesGiveThatValueExactly) {
  const double w = 100.0 / 2.2046226218 * 2.2046226218;  // not a round number in binary
  const auto f = seq({{w, 8}, {w, 8}, {w, 8}, {w, 8}, {w, 8}, {w, 8}});
  for (const auto& v : f) EXPECT_EQ(v.weight_ma, w);
}

TEST(MovingAverage, SingleRowExercise) {
  const auto f = seq({{42.5, 7}});
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].weight_ma, 42.5);
  EXPECT_EQ(f[0].reps_ma, 7);
  EXPECT_EQ(rule_label(f[0], notebook_definition()), 1);
}

TEST(Labels, ThresholdsSwitchStrictlyAboveOneHundredKgAndFifteenReps) {
  const FeatureDefinition def = notebook_definition();
  // Weight up 4.5 %: enough only when the moving average is heavy (> 100).
  EXPECT_EQ(rule_label({4.5, 0, 100.0, 8}, def), 1);  // exactly 100 is not heavy
  EXPECT_EQ(rule_label({4.5, 0, 100.5, 8}, def), 0);
  EXPECT_EQ(rule_label({5.0, 0, 50, 8}, def), 1);      // not strictly above 5
  EXPECT_EQ(rule_label({5.1, 4.9, 50, 8}, def), 0);
  EXPECT_EQ(rule_label({5.1, 5.0, 50, 8}, def), 1);    // reps must fall below 5 %
  // Reps up 18 %: a jump only for high-rep work (> 15).
  EXPECT_EQ(rule_label({0, 18, 50, 15.0}, def), 1);
  EXPECT_EQ(rule_label({0, 18, 50, 15.5}, def), 2);
  EXPECT_EQ(rule_label({0, kInf, 50, 8}, def), 2);
}

TEST(Labels, MovingAverageExactlyOneHundredFromRealSequence) {
  const auto f = seq({{100, 10}, {100, 10}, {100, 10}, {100, 10}, {104.5, 10}});
  // The window [100,100,100,100,104.5] averages 100.9: heavy.
  EXPECT_GT(f[4].weight_ma, 100.0);
  EXPECT_EQ(rule_label(f[4], notebook_definition()), 0);
  const auto g = seq({{100, 10}, {100, 10}, {104.5, 10}});
  EXPECT_EQ(g[1].weight_ma, 100.0);
}

TEST(Quantile, LinearInterpolationAsNumpy) {
  const std::vector<double> v{1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(linear_quantile(v, 0.25), 1.75);
  EXPECT_DOUBLE_EQ(linear_quantile(v, 0.75), 3.25);
  EXPECT_DOUBLE_EQ(linear_quantile(v, 0.5), 2.5);
  const std::vector<double> one{7};
  EXPECT_EQ(linear_quantile(one, 0.25), 7);
}

WorkoutLog make_log(const std::vector<std::tuple<std::string, std::int64_t, double, double>>& rows) {
  WorkoutLog log;
  log.notes.push_back("");
  log.workouts.push_back("W");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& [name, time, w, r] = rows[i];
    auto it = std::find(log.exercises.begin(), log.exercises.end(), name);
    if (it == log.exercises.end()) it = log.exercises.insert(log.exercises.end(), name);
    SetRecord s;
    s.exercise = static_cast<std::uint32_t>(it - log.exercises.begin());
    s.time = time;
    s.weight_kg = w;
    s.reps = r;
    s.set_order = static_cast<std::int32_t>(i + 1);
    s.source_row = static_cast<std::uint32_t>(i);
    log.sets.push_back(s);
  }
  return log;
}

TEST(FeatureTable, StableSortByExerciseThenDateKeepsSessionOrder) {
  const auto log = make_log({{"Squat", 200, 100, 5},
                             {"Bench", 100, 60, 8},
                             {"Bench", 100, 62.5, 6},
                             {"Squat", 100, 90, 5},
                             {"Bench", 50, 55, 8}});
  const auto t = build_feature_table(log, notebook_definition());
  ASSERT_EQ(t.rows.size(), 5U);
  std::vector<std::uint32_t> src;
  for (const auto& r : t.rows) src.push_back(r.source_row);
  EXPECT_EQ(src, (std::vector<std::uint32_t>{4, 1, 2, 3, 0}));
  // The second Bench row of the same session compares with the first.
  EXPECT_DOUBLE_EQ(t.rows[2].features.weight_change_pct, (62.5 / 60.0 - 1) * 100);
  // Squat's first row starts a fresh history.
  EXPECT_EQ(t.rows[3].features.weight_change_pct, 0.0);
}

TEST(FeatureTable, WeightExactlyOnTheIqrBoundIsKept) {
  // Sorted 10,20,30,40,70: Q1 = 20, Q3 = 40, IQR 20, bounds [-10, 70].
  const auto on = build_feature_table(
      make_log({{"A", 1, 10, 5}, {"A", 2, 20, 5}, {"A", 3, 30, 5}, {"A", 4, 40, 5}, {"B", 1, 70, 5}}),
      notebook_definition());
  EXPECT_EQ(on.weight_q1, 20);
  EXPECT_EQ(on.weight_q3, 40);
  EXPECT_EQ(on.weight_upper, 70);
  EXPECT_EQ(on.rows.size(), 5U);
  const auto off = build_feature_table(
      make_log({{"A", 1, 10, 5}, {"A", 2, 20, 5}, {"A", 3, 30, 5}, {"A", 4, 40, 5}, {"B", 1, 71, 5}}),
      notebook_definition());
  ASSERT_EQ(off.rows.size(), 4U);
  for (const auto& r : off.rows) EXPECT_NE(r.weight, 71);
}

TEST(FeatureTable, IqrBoundsInclusive) {
  // Sorted weights 0,10,10,10,10,10,10,10,10,20 -> Q1 = Q3 = 10, bounds [10,10].
  std::vector<std::tuple<std::string, std::int64_t, double, double>> rows;
  rows.emplace_back("A", 0, 0, 5);
  for (int i = 1; i <= 8; ++i) rows.emplace_back("A", i, 10, 5);
  rows.emplace_back("A", 9, 20, 5);
  const auto t = build_feature_table(make_log(rows), notebook_definition());
  EXPECT_EQ(t.weight_lower, 10);
  EXPECT_EQ(t.weight_upper, 10);
  EXPECT_EQ(t.rows.size(), 8U);  // the 10 kg rows sit exactly on both bounds
  EXPECT_EQ(t.label_counts[0] + t.label_counts[1] + t.label_counts[2], 8U);
}

TEST(FeatureTable, CsvLayoutAndQuoting) {
  const auto log = make_log({{"Curl, \"Hammer\"", 1, 10, 10}, {"Curl, \"Hammer\"", 2, 10, 14}});
  const auto csv = feature_table_csv(build_feature_table(log, notebook_definition()));
  EXPECT_NE(csv.find("1,\"Curl, \"\"Hammer\"\"\",2,10,14,0,39.999999999999993,10,12,\"increase weight, decrease reps\",2\n"),
            std::string::npos)
      << csv;
}

TEST(Definitions, ByName) {
  EXPECT_EQ(definition_by_name("v2").change_cap, 1000.0);
  EXPECT_TRUE(std::isinf(definition_by_name("notebook").change_cap));
  EXPECT_THROW((void)definition_by_name("v3"), InputError);
}

}  // namespace
}  // namespace exertrack::notebook::features
