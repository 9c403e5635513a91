// The next-session advice on small hand-made histories (advice.hpp): the
// reason's words, and advise / advise_log with a model whose heads answer
// the same for every row, so each number below can be worked out by hand.
#include <gtest/gtest.h>

#include "common/input_error.hpp"
#include "core/util/error.hpp"
#include "next_session/model/advice.hpp"
#include "next_session/model/constant_model.hpp"

using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::units::Equipment;
using exertrack::core::util::InputError;
using exertrack::testing::input_error;

namespace exertrack::next_session::model {
namespace {

using testing::ConstantHeads;
using testing::constant_model_json;
using testing::read_model;
using testing::sessions_of;
using testing::strong_log;

// ---------------------------------------------------------------- reasons

TEST(Reason, OneSessionIsTheUsualReps) {
  const ExerciseSessions ex = sessions_of("Bench Press (Barbell)", {{100, 5}});
  EXPECT_EQ(reason_for(ex, WeightUnit::kg, kIncreaseWeight, {102.5, 5}),
            "100 kg × 5 in your last session, your usual 5 reps: add weight, 102.5 kg × 5.");
}

TEST(Reason, TheLastThreeSessionsAndTheTopOfTheRange) {
  // Four sessions: the reason shows the last three, a weight said once while
  // it stays. Rep range: quartiles of 8, 9, 10, 10, rounded: 9-10.
  const ExerciseSessions ex = sessions_of("Bench Press (Barbell)", {{100, 8}, {100, 9}, {100, 10}, {100, 10}});
  EXPECT_EQ(reason_for(ex, WeightUnit::kg, kRepeat, {100, 10}),
            "100 kg × 9, × 10, × 10 in your last three sessions, the top of your 9-10 range: repeat 100 kg × 10 and make it solid.");
}

TEST(Reason, TheBottomOfTheRange) {
  // Range of 8, 12, 8: 8-10; the last 8 is its bottom.
  const ExerciseSessions ex = sessions_of("Curl (Dumbbell)", {{60, 8}, {60, 12}, {62.5, 8}});
  EXPECT_EQ(reason_for(ex, WeightUnit::kg, kIncreaseReps, {62.5, 9}),
            "60 kg × 8, × 12, 62.5 kg × 8 in your last three sessions, the bottom of your 8-10 range: stay at 62.5 kg and aim for 9 reps.");
  // Range of 12 and 8: 9-11; 8 is below it.
  const ExerciseSessions two = sessions_of("Curl (Dumbbell)", {{60, 12}, {62.5, 8}});
  EXPECT_EQ(reason_for(two, WeightUnit::kg, kIncreaseReps, {62.5, 9}),
            "60 kg × 12, 62.5 kg × 8 in your last two sessions, the bottom of your 9-11 range: stay at 62.5 kg and aim for 9 reps.");
}

TEST(Reason, WithinTheRange) {
  // Range of 8, 12, 10: 9-11.
  const ExerciseSessions ex = sessions_of("Bench Press (Barbell)", {{100, 8}, {100, 12}, {100, 10}});
  EXPECT_EQ(reason_for(ex, WeightUnit::kg, kIncreaseWeightDecreaseReps, {105, 6}),
            "100 kg × 8, × 12, × 10 in your last three sessions, within your 9-11 range: go heavier for fewer reps, 105 kg × 6.");
  EXPECT_EQ(reason_for(ex, WeightUnit::kg, kDecreaseWeight, {90, 8}),
            "100 kg × 8, × 12, × 10 in your last three sessions, within your 9-11 range: back off to 90 kg × 8.");
}

TEST(Reason, AsTheLifterLogsIt) {
  // Assistance logged as a positive weight is shown positive.
  const ExerciseSessions pull = sessions_of("Pull Up (Assisted)", {{30, 8}, {25, 8}});
  ASSERT_EQ(pull.kind, LoadKind::assisted);
  EXPECT_EQ(reason_for(pull, WeightUnit::kg, kRepeat, {25, 8}),
            "30 kg × 8, 25 kg × 8 in your last two sessions, your usual 8 reps: repeat 25 kg × 8 and make it solid.");
  // Weight 0 is bodyweight. Range of 20 and 22: 21-22.
  const ExerciseSessions push = sessions_of("Push Up", {{0, 20}, {0, 22}});
  EXPECT_EQ(reason_for(push, WeightUnit::kg, kIncreaseReps, {0, 23}),
            "bodyweight × 20, × 22 in your last two sessions, the top of your 21-22 range: stay at bodyweight and aim for 23 reps.");
  // A pound log in pounds; a kg log of pound plates to the hundredth.
  const ExerciseSessions squat = sessions_of("Squat (Barbell)", {{225, 5}}, WeightUnit::lb);
  EXPECT_EQ(reason_for(squat, WeightUnit::lb, kIncreaseWeight, {230, 5}),
            "225 lb × 5 in your last session, your usual 5 reps: add weight, 230 lb × 5.");
  EXPECT_EQ(reason_for(squat, WeightUnit::kg, kRepeat, {102.058, 5}),
            "102.06 kg × 5 in your last session, your usual 5 reps: repeat 102.06 kg × 5 and make it solid.");
}

// ---------------------------------------------------------------- advise

// Heads: P(increase weight) 0.6, the others 0.1; the next top set and the
// loads for planned reps exactly the heads' bases (rel 0).
const ForecastModel& model() {
  static const ForecastModel& m = *new ForecastModel(read_model(constant_model_json(), "advice"));
  return m;
}

TEST(Advise, TargetPlannedLoadsAndPlatesFromTheHeads) {
  const ExerciseSessions ex = sessions_of("Bench Press (Barbell)", {{97.5, 5}, {100, 5}});
  const std::int64_t last = ex.sessions.back().time;
  const NextSessionAdvice a = advise(model(), ex, WeightUnit::kg, last, {3, 8});
  EXPECT_EQ(a.name, "Bench Press (Barbell)");
  EXPECT_EQ(a.equipment, Equipment::barbell);
  EXPECT_EQ(a.kind, LoadKind::weighted);
  EXPECT_EQ(a.sessions, 2U);
  EXPECT_EQ(a.last_time, last);
  EXPECT_EQ(a.last.weight, 100);
  EXPECT_EQ(a.last.reps, 5);
  EXPECT_EQ(a.action, kIncreaseWeight);
  const std::array<double, kActionCount> p = {0.1, 0.1, 0.6, 0.1, 0.1};
  for (int c = 0; c < kActionCount; ++c) EXPECT_NEAR(a.probabilities[c], p[c], 1e-6) << kActionNames[c];
  EXPECT_NEAR(a.ready_to_add_weight, 0.7, 1e-6);
  // The weight head says "the same weight": increase weight is one step up.
  EXPECT_EQ(a.target.weight, 102.5);
  EXPECT_EQ(a.target.reps, 5);
  ASSERT_TRUE(a.plates_per_side.has_value());
  EXPECT_EQ(*a.plates_per_side, (std::vector<double>{25, 15, 1.25}));  // 20 kg bar + 2 x 41.25
  // Epley from 100 x 5 (e1RM 116.67): 106.06 kg for 3 reps, 92.11 for 8,
  // each on the 2.5 kg grid around 100.
  ASSERT_EQ(a.planned.size(), 2U);
  EXPECT_EQ(a.planned[0].reps, 3);
  EXPECT_EQ(a.planned[0].weight, 105);
  EXPECT_EQ(a.planned[1].reps, 8);
  EXPECT_EQ(a.planned[1].weight, 92.5);
  ASSERT_EQ(a.history.size(), 2U);
  EXPECT_EQ(a.history[0].top.weight, 97.5);
  EXPECT_DOUBLE_EQ(a.history[1].e1rm, tidy(100 * (1 + 5 / 30.0)));
  EXPECT_EQ(a.reason, "97.5 kg × 5, 100 kg × 5 in your last two sessions, your usual 5 reps: add weight, 102.5 kg × 5.");
  EXPECT_FALSE(a.inactive);
  EXPECT_TRUE(a.dated);
}

TEST(Advise, TheWeightHeadMovesTheTargetOnTheGrid) {
  ConstantHeads h;
  h.weight_rel = 0.06;  // 100 + 0.06 x 100 = 106 kg -> 105
  h.reps_delta = 1.4;   // unused by "increase weight": the last reps stay
  const ForecastModel m = read_model(constant_model_json(h), "weight-head");
  const ExerciseSessions ex = sessions_of("Bench Press (Barbell)", {{100, 5}});
  const NextSessionAdvice a = advise(m, ex, WeightUnit::kg, ex.sessions.back().time);
  EXPECT_EQ(a.target.weight, 105);
  EXPECT_EQ(a.target.reps, 5);
  EXPECT_EQ(*a.plates_per_side, (std::vector<double>{25, 15, 2.5}));  // 20 kg bar + 2 x 42.5
}

TEST(Advise, InactiveAfterFiftySixDaysOfTheLogOnlyWhenDated) {
  ExerciseSessions ex = sessions_of("Bench Press (Barbell)", {{100, 5}, {100, 6}});
  const std::int64_t last = ex.sessions.back().time;
  EXPECT_FALSE(advise(model(), ex, WeightUnit::kg, last + 56 * 86400).inactive);
  EXPECT_TRUE(advise(model(), ex, WeightUnit::kg, last + 56 * 86400 + 1).inactive);
  forget_dates(ex);
  const NextSessionAdvice undated = advise(model(), ex, WeightUnit::kg, last + 365 * 86400);
  EXPECT_FALSE(undated.dated);
  EXPECT_FALSE(undated.inactive);
}

TEST(Advise, OnlyAssistanceHasLoadsBelowZero) {
  ConstantHeads h;
  h.load_rel = -2;  // two scales below Epley's base (or the top weight)
  const ForecastModel m = read_model(constant_model_json(h), "loads-below-zero");
  // Bodyweight: base 0, scale max(0, 1 kg) -> -2 kg, snapped to -2.5: none below 0.
  const ExerciseSessions push = sessions_of("Push Up", {{0, 20}, {0, 22}});
  const NextSessionAdvice p = advise(m, push, WeightUnit::kg, push.sessions.back().time, {10});
  EXPECT_EQ(p.kind, LoadKind::bodyweight);
  EXPECT_EQ(p.planned.at(0).weight, 0);
  EXPECT_FALSE(p.plates_per_side.has_value());
  // Assisted (logged positive, stored -25): -25 - 2 x 25 = -75 kg, 75 kg of
  // help as the lifter logs it; "increase weight" is less help, 22.5 kg.
  const ExerciseSessions pull = sessions_of("Pull Up (Assisted)", {{30, 8}, {25, 8}});
  const NextSessionAdvice a = advise(m, pull, WeightUnit::kg, pull.sessions.back().time, {8});
  EXPECT_EQ(a.kind, LoadKind::assisted);
  EXPECT_EQ(a.last.weight, 25);
  EXPECT_EQ(a.planned.at(0).weight, 75);
  EXPECT_EQ(a.target.weight, 22.5);
  EXPECT_FALSE(a.plates_per_side.has_value());
}

// Plates per side only for weighted barbell work: not for assistance on a
// Smith machine, though its target as logged (27.5 kg of help) is a weight
// the bar and plates could make, nor for dumbbells.
TEST(Advise, PlatesOnlyForWeightedBarbellWork) {
  const ExerciseSessions smith = sessions_of("Assisted Squat (Smith Machine)", {{30, 8}, {30, 8}});
  ASSERT_EQ(smith.equipment, Equipment::barbell);
  const NextSessionAdvice a = advise(model(), smith, WeightUnit::kg, smith.sessions.back().time);
  EXPECT_EQ(a.target.weight, 27.5);
  EXPECT_FALSE(a.plates_per_side.has_value());
  const ExerciseSessions curl = sessions_of("Curl (Dumbbell)", {{20, 10}, {20, 10}});
  EXPECT_FALSE(advise(model(), curl, WeightUnit::kg, curl.sessions.back().time).plates_per_side.has_value());
}

TEST(Advise, InTheAdvicesUnit) {
  // 225 lb logged, advised in kg: the pound plates' grid (case 3), 230 lb
  // written in kg.
  const ExerciseSessions squat = sessions_of("Squat (Barbell)", {{225, 5}}, WeightUnit::lb);
  const NextSessionAdvice kg = advise(model(), squat, WeightUnit::kg, squat.sessions.back().time);
  EXPECT_EQ(kg.target.weight, tidy(230 / core::ingest::kPoundsPerKilogram));
  EXPECT_FALSE(kg.plates_per_side.has_value());  // 104.33 kg is no kg plate weight
  const NextSessionAdvice lb = advise(model(), squat, WeightUnit::lb, squat.sessions.back().time);
  EXPECT_EQ(lb.target.weight, 230);
  EXPECT_EQ(*lb.plates_per_side, (std::vector<double>{45, 45, 2.5}));  // 45 lb bar + 2 x 92.5
}

// ---------------------------------------------------------------- advise_log

const char* kLog =
    "2024-01-01 10:00:00,A,Bench Press (Barbell),1,100,5,,,,\n"
    "2024-01-01 10:00:00,A,Plank,1,0,0,,60,,\n"
    "2024-01-01 10:00:00,A,Face Pull (Cable),W,20,15,,,,\n"
    "2024-01-04 10:00:00,B,Bench Press (Barbell),1,102.5,5,,,,\n"
    "2024-01-04 10:00:00,B,Squat (Barbell),1,140,5,,,,\n";

TEST(AdviseLog, EveryExerciseAndThoseWithoutATargetApart) {
  const LogAdvice a = advise_log(model(), strong_log(kLog), WeightUnit::kg, {}, {5});
  ASSERT_EQ(a.results.size(), 2U);
  EXPECT_EQ(a.results[0].name, "Bench Press (Barbell)");
  EXPECT_EQ(a.results[1].name, "Squat (Barbell)");
  EXPECT_EQ(a.results[0].planned.at(0).weight, 102.5);
  ASSERT_EQ(a.not_strength.size(), 2U);
  EXPECT_EQ(a.not_strength[0].name, "Face Pull (Cable)");
  EXPECT_EQ(a.not_strength[1].name, "Plank");
  EXPECT_NE(a.not_strength[1].reason.find("timed"), std::string::npos);
}

TEST(AdviseLog, OneExerciseOnRequest) {
  const WorkoutLog log = strong_log(kLog);
  const LogAdvice squat = advise_log(model(), log, WeightUnit::kg, "Squat (Barbell)");
  ASSERT_EQ(squat.results.size(), 1U);
  EXPECT_EQ(squat.results[0].name, "Squat (Barbell)");
  EXPECT_TRUE(squat.not_strength.empty());
  const LogAdvice plank = advise_log(model(), log, WeightUnit::kg, "Plank");
  EXPECT_TRUE(plank.results.empty());
  ASSERT_EQ(plank.not_strength.size(), 1U);
  EXPECT_EQ(input_error([&] { (void)advise_log(model(), log, WeightUnit::kg, "Deadlift"); }), "exercise 'Deadlift' has no sets in in.csv");
}

TEST(AdviseLog, PlannedRepsAreWholeRepsFromOneTo300) {
  const WorkoutLog log = strong_log(kLog);
  EXPECT_NO_THROW((void)advise_log(model(), log, WeightUnit::kg, {}, {1, 300}));
  for (const double bad : {0.0, 8.5, 301.0, -1.0}) {
    EXPECT_THROW((void)advise_log(model(), log, WeightUnit::kg, {}, {5, bad}), InputError) << bad;
  }
  EXPECT_EQ(input_error([&] { (void)advise_log(model(), log, WeightUnit::kg, {}, {8.5}); }),
            "planned reps: 8.5 is not a whole number of reps from 1 to 300");
}

// The probabilities of every exercise's advice are at the lifter's
// temperature, from the whole log (lifter_temperature_test.cpp pins it).
TEST(AdviseLog, ProbabilitiesAtTheLiftersTemperature) {
  std::string rows;
  for (int s = 0; s < 20; ++s) {  // repeats every session: the heads (increase weight 0.6) are wrong 19 times
    rows += "2024-02-" + std::string(s < 9 ? "0" : "") + std::to_string(s + 1) + " 10:00:00,W" + std::to_string(s) + ",Row (Machine),1,50,10,,,,\n";
  }
  const WorkoutLog log = strong_log(rows);
  const LogAdvice a = advise_log(model(), log, WeightUnit::kg);
  const double t = model().lifter_temperature(build_sessions(log, "me"));
  ASSERT_GT(t, 1.0);
  ForecastOutput out = model().predict(build_sessions(log, "me").exercises[0], 19);
  const double raw = out.probabilities[kIncreaseWeight];
  apply_lifter_temperature(out, t);
  EXPECT_LT(a.results[0].probabilities[kIncreaseWeight], raw - 0.05);
  for (int c = 0; c < kActionCount; ++c) EXPECT_EQ(a.results[0].probabilities[c], out.probabilities[c]) << kActionNames[c];
}

}  // namespace
}  // namespace exertrack::next_session::model
