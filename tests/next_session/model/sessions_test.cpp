// Sessions, their features and targets, and the coach baselines, on small
// logs whose answers can be worked out by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "core/ingest/workout_log.hpp"
#include "core/util/error.hpp"
#include "next_session/model/baselines.hpp"
#include "next_session/model/forecast_model.hpp"
#include "next_session/model/session_features.hpp"
#include "next_session/model/sessions.hpp"

using exertrack::core::ingest::kPoundsPerKilogram;
using exertrack::core::ingest::ReadOptions;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::units::Equipment;

namespace exertrack::next_session::model {
namespace {

constexpr const char* kHeader = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n";

WorkoutLog read(const std::string& rows) {
  ReadOptions o;
  o.default_unit = WeightUnit::kg;
  return parse_workout_log(std::string(kHeader) + rows, "in.csv", o);
}

const ExerciseSessions& exercise(const SessionLog& log, const std::string& name) {
  for (const auto& e : log.exercises) {
    if (e.name == name) return e;
  }
  throw std::runtime_error("no exercise " + name);
}

TEST(Sessions, OnlyWorkingSetsMakeTheTopSet) {
  const WorkoutLog log = read(
      "2024-01-01 10:00:00,A,Squat (Barbell),W,60,5,,,,\n"       // warm-up
      "2024-01-01 10:00:00,A,Squat (Barbell),1,100,5,,,,\n"
      "2024-01-01 10:00:00,A,Squat (Barbell),2,100,6,,,,\n"      // tie on weight: most reps wins
      "2024-01-01 10:00:00,A,Squat (Barbell),3,95,8,,,,\n"
      "2024-01-01 10:00:00,A,Squat (Barbell),D,120,2,,,,\n"      // drop set: not a working set
      "2024-01-01 10:00:00,A,Squat (Barbell),4,110,0,,,,\n"      // 0 reps
      "2024-01-04 10:00:00,B,Squat (Barbell),1,102.5,5,,,,\n"
      "2024-01-04 10:00:00,B,Rowing (Machine),1,0,0,2000,600,,\n");
  const SessionLog s = build_sessions(log, "me");
  const ExerciseSessions& squat = exercise(s, "Squat (Barbell)");
  ASSERT_EQ(squat.sessions.size(), 2U);
  const Session& first = squat.sessions[0];
  EXPECT_EQ(first.top_weight_kg, 100);
  EXPECT_EQ(first.top_reps, 6);
  EXPECT_EQ(first.working_sets, 3);
  EXPECT_EQ(first.distinct_loads, 2);
  EXPECT_DOUBLE_EQ(first.e1rm_kg, 95 * (1 + 8 / 30.0));  // the best estimate, not the top set's
  EXPECT_DOUBLE_EQ(first.volume_kg, 100 * 5 + 100 * 6 + 95 * 8);
  EXPECT_TRUE(std::isnan(first.days_since_previous));
  EXPECT_DOUBLE_EQ(squat.sessions[1].days_since_previous, 3.0);
  EXPECT_EQ(squat.kind, LoadKind::weighted);
  EXPECT_EQ(squat.equipment, Equipment::barbell);
  // Rowing has sets but no working set: listed apart, never given a target.
  ASSERT_EQ(s.left_out.size(), 1U);
  EXPECT_EQ(s.left_out[0].name, "Rowing (Machine)");
  EXPECT_NE(s.left_out[0].reason.find("timed"), std::string::npos);
}

TEST(Sessions, AssistedAndBodyweightExercises) {
  const WorkoutLog log = read(
      "2024-01-01 10:00:00,A,Pull Up (Assisted),1,40,8,,,,\n"
      "2024-01-01 10:00:00,A,Pull Up (Assisted),2,30,6,,,,\n"
      "2024-01-01 10:00:00,A,Push Up,1,0,20,,,,\n"
      "2024-01-01 10:00:00,A,Push Up,2,0,25,,,,\n");
  const SessionLog s = build_sessions(log, "me");
  const ExerciseSessions& pull = exercise(s, "Pull Up (Assisted)");
  EXPECT_EQ(pull.kind, LoadKind::assisted);
  EXPECT_TRUE(pull.assistance_logged_positive);
  // Less assistance is "heavier": the 30 kg-assisted set is the top set.
  EXPECT_EQ(pull.sessions[0].top_weight_kg, -30);
  EXPECT_EQ(pull.sessions[0].e1rm_kg, 0);
  const ExerciseSessions& push = exercise(s, "Push Up");
  EXPECT_EQ(push.kind, LoadKind::bodyweight);
  EXPECT_EQ(push.sessions[0].top_reps, 25);
}

TEST(Sessions, ActionsCompareTopSetsWithATolerance) {
  const ForecastDefinition def;
  auto session = [](double w, double r) {
    Session s;
    s.top_weight_kg = w;
    s.top_reps = r;
    return s;
  };
  EXPECT_EQ(action_between(session(100, 8), session(102.5, 8), def), kIncreaseWeight);
  EXPECT_EQ(action_between(session(100, 8), session(102.5, 9), def), kIncreaseWeight);
  EXPECT_EQ(action_between(session(100, 8), session(105, 6), def), kIncreaseWeightDecreaseReps);
  EXPECT_EQ(action_between(session(100, 8), session(100.2, 9), def), kIncreaseReps);  // within 0.25 kg
  EXPECT_EQ(action_between(session(100, 8), session(100, 8), def), kRepeat);
  EXPECT_EQ(action_between(session(100, 8), session(99.8, 6), def), kRepeat);
  EXPECT_EQ(action_between(session(100, 8), session(95, 12), def), kDecreaseWeight);
  EXPECT_EQ(action_by_name("increase reps"), kIncreaseReps);
  EXPECT_EQ(action_by_name("nope"), -1);
}

// Five sessions: 100x8, 100x10, 105x6, 100x12, 110x5.
SessionLog five_sessions() {
  return build_sessions(read("2024-01-01 10:00:00,A,Bench Press (Barbell),1,100,8,,,,\n"
                             "2024-01-03 10:00:00,A,Bench Press (Barbell),1,100,10,,,,\n"
                             "2024-01-05 10:00:00,A,Bench Press (Barbell),1,105,6,,,,\n"
                             "2024-01-07 10:00:00,A,Bench Press (Barbell),1,100,12,,,,\n"
                             "2024-01-09 10:00:00,A,Bench Press (Barbell),1,110,5,,,,\n"),
                        "me");
}

double feature(const ExerciseSessions& ex, std::size_t t, std::string_view name) {
  std::vector<double> row(static_cast<std::size_t>(session_feature_count()));
  session_features(ex, t, ForecastDefinition{}, row);
  const auto names = session_feature_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return row[i];
  }
  throw std::runtime_error("no feature " + std::string(name));
}

TEST(SessionFeatures, ValuesWorkedOutByHand) {
  const SessionLog log = five_sessions();
  const ExerciseSessions& ex = log.exercises[0];
  // t = 3 (100 x 12): s = 100.
  EXPECT_DOUBLE_EQ(feature(ex, 3, "rel_weight_lag1"), (105 - 100) / 100.0);
  EXPECT_DOUBLE_EQ(feature(ex, 3, "rel_weight_recent_max"), 0.05);
  EXPECT_DOUBLE_EQ(feature(ex, 3, "rel_weight_recent_median"), 0.0);  // median of 100, 100, 105
  EXPECT_DOUBLE_EQ(feature(ex, 3, "reps_position"), 1.0);             // 12 is the most reps so far
  EXPECT_DOUBLE_EQ(feature(ex, 3, "reps_vs_best_at_weight"), 12 - 10);  // best at >= 100 kg before: 10
  EXPECT_DOUBLE_EQ(feature(ex, 3, "last_action"), kDecreaseWeight);
  EXPECT_DOUBLE_EQ(feature(ex, 3, "days_since_previous"), 2.0);
  EXPECT_TRUE(std::isnan(feature(ex, 0, "rel_weight_lag1")));
  EXPECT_DOUBLE_EQ(feature(ex, 1, "same_weight_streak"), 2);
}

TEST(SessionFeatures, UseOnlyTheHistoryUpToTheSession) {
  SessionLog a = five_sessions();
  SessionLog b = five_sessions();
  b.exercises[0].sessions[4].top_weight_kg = 500;  // the future changes...
  b.exercises[0].sessions[4].sets[0].weight_kg = 500;
  for (std::size_t t = 0; t < 4; ++t) {  // ...the features up to t = 3 do not
    std::vector<double> fa(static_cast<std::size_t>(session_feature_count())), fb(fa.size());
    session_features(a.exercises[0], t, ForecastDefinition{}, fa);
    session_features(b.exercises[0], t, ForecastDefinition{}, fb);
    for (std::size_t i = 0; i < fa.size(); ++i) {
      EXPECT_TRUE(fa[i] == fb[i] || (std::isnan(fa[i]) && std::isnan(fb[i]))) << session_feature_names()[i] << " at t=" << t;
    }
  }
}

TEST(SessionFeatures, TransitionsAreEverySessionWithANextOne) {
  const SessionLog log = five_sessions();
  const auto tr = transitions_of(log, ForecastDefinition{});
  ASSERT_EQ(tr.size(), 4U);
  EXPECT_EQ(tr[0].action, kIncreaseReps);
  EXPECT_EQ(tr[1].action, kIncreaseWeightDecreaseReps);
  EXPECT_EQ(tr[2].action, kDecreaseWeight);
  EXPECT_EQ(tr[3].next_weight_kg, 110);
  EXPECT_EQ(tr[3].next_reps, 5);
}

TEST(Baselines, WhatACoachWouldSay) {
  const SessionLog log = five_sessions();
  const ExerciseSessions& ex = log.exercises[0];
  const ForecastDefinition def;
  // Repeat: the same top set.
  NextForecast f = baseline_forecast(Baseline::repeat, ex, 3, 8, kRepeat, WeightUnit::kg, def);
  EXPECT_EQ(f.action, kRepeat);
  EXPECT_EQ(f.weight_kg, 100);
  EXPECT_EQ(f.reps, 12);
  // Double progression: 12 reps is past the top of the 8-11 range (quartiles
  // of 8, 10, 6, 12 rounded) -> one barbell step up, back to the bottom.
  const RepRange range = rep_range(ex, 3);
  EXPECT_EQ(range.low, 8);
  EXPECT_EQ(range.high, 11);
  f = baseline_forecast(Baseline::double_progression, ex, 3, 8, kRepeat, WeightUnit::kg, def);
  EXPECT_EQ(f.weight_kg, 102.5);
  EXPECT_EQ(f.reps, 8);
  EXPECT_EQ(f.action, kIncreaseWeightDecreaseReps);
  // Below the top (6 reps, range 7-9 at t = 2): add a rep.
  f = baseline_forecast(Baseline::double_progression, ex, 2, 8, kRepeat, WeightUnit::kg, def);
  EXPECT_EQ(f.action, kIncreaseReps);
  EXPECT_EQ(f.weight_kg, 105);
  EXPECT_EQ(f.reps, 7);
  // Persistence: the last change again (t = 3 came after 105 -> 100 kg).
  f = baseline_forecast(Baseline::persistence, ex, 3, 8, kRepeat, WeightUnit::kg, def);
  EXPECT_EQ(f.action, kDecreaseWeight);
  EXPECT_EQ(f.weight_kg, 95);
  EXPECT_EQ(f.load_kg, 100);
  // Epley from 100 x 12 (e1RM 140) for 5 reps: 120, on the 2.5 kg grid.
  f = baseline_forecast(Baseline::epley, ex, 3, 5, kRepeat, WeightUnit::kg, def);
  EXPECT_DOUBLE_EQ(f.load_kg, 120);
  // Last load at 5 reps: never done before t = 4; nearest is 6 reps at 105.
  f = baseline_forecast(Baseline::last_load_at_reps, ex, 3, 5, kRepeat, WeightUnit::kg, def);
  EXPECT_EQ(f.load_kg, 105);
  EXPECT_EQ(baseline_forecast(Baseline::majority, ex, 3, 5, kIncreaseReps, WeightUnit::kg, def).action, kIncreaseReps);
}

TEST(Loads, SnapNearKeepsTheLiftersOwnGrid) {
  EXPECT_DOUBLE_EQ(snap_near(103.4, 100, Equipment::barbell, WeightUnit::kg), 102.5);
  EXPECT_DOUBLE_EQ(snap_near(101.0, 100, Equipment::barbell, WeightUnit::kg), 100);
  // lb: a 5 lb barbell step around 225 lb.
  const double lb = 1 / kPoundsPerKilogram;
  EXPECT_NEAR(snap_near(233 * lb, 225 * lb, Equipment::barbell, WeightUnit::lb) * kPoundsPerKilogram, 235, 1e-9);
  EXPECT_NEAR(next_loadable_kg(225 * lb, Equipment::barbell, WeightUnit::lb) * kPoundsPerKilogram, 230, 1e-9);
}

}  // namespace
}  // namespace exertrack::next_session::model
