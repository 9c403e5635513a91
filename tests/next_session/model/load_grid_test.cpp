// LoadGrid, one case of its four at a time (load_grid.hpp), and the target
// each action gets on it (target_for): where a next-session target can land.
#include <gtest/gtest.h>

#include "next_session/model/advice.hpp"
#include "next_session/model/load_grid.hpp"
#include "next_session/model/constant_model.hpp"

using exertrack::core::ingest::kPoundsPerKilogram;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::units::Equipment;

namespace exertrack::next_session::model {
namespace {

using testing::constant_model_json;
using testing::read_model;

// The default plates (kg: 20 kg bar, 25 ... 1.25 kg plates; lb: 45 lb bar,
// 45 ... 2.5 lb) and steps (barbell 2.5 kg / 5 lb, dumbbell 2 kg / 5 lb),
// tolerance 0.25 kg.
const ForecastModel& model() {
  static const ForecastModel& m = *new ForecastModel(read_model(constant_model_json(), "load-grid"));
  return m;
}

// Case 1: a weight on the finest plate (22.5 kg = 18 x 1.25) is loadable,
// so the steps go from it, though 22.5 is off the 2 kg dumbbell grid.
TEST(LoadGrid, AWeightOnTheFinestPlateStepsFromItself) {
  const LoadGrid grid(22.5, WeightUnit::kg, Equipment::dumbbell, model());
  EXPECT_EQ(grid.same(), 22.5);
  EXPECT_EQ(grid.up(), 24.5);
  EXPECT_EQ(grid.down(), 20.5);
  EXPECT_EQ(grid.snap(25.4), 24.5);
  EXPECT_EQ(grid.snap(26.6), 26.5);
}

// Case 2: within the tolerance of the step grid is a conversion's noise.
TEST(LoadGrid, NoiseNearTheStepGridMovesOntoIt) {
  const LoadGrid kg(64.86, WeightUnit::kg, Equipment::barbell, model());
  EXPECT_EQ(kg.same(), 65);
  EXPECT_EQ(kg.up(), 67.5);
  EXPECT_EQ(kg.down(), 62.5);
  // 374.79 lb: 0.21 lb from 375, within 0.25 kg (0.55 lb).
  const LoadGrid lb(374.79, WeightUnit::lb, Equipment::barbell, model());
  EXPECT_EQ(lb.same(), 375);
  EXPECT_EQ(lb.up(), 380);
  EXPECT_EQ(lb.snap(391), 390);
}

// Case 3: 63.502932 kg is 140 lb, a kg log of a gym in pounds: the grid is
// the pound plates', so a step up is 145 lb (65.77 kg), not 65 kg.
TEST(LoadGrid, AWeightOfTheOtherUnitsPlatesTakesTheirGrid) {
  const LoadGrid grid(63.502932, WeightUnit::kg, Equipment::barbell, model());
  EXPECT_EQ(grid.same(), 140 / kPoundsPerKilogram);
  EXPECT_EQ(grid.up(), 145 / kPoundsPerKilogram);
  EXPECT_EQ(grid.down(), 135 / kPoundsPerKilogram);
  EXPECT_EQ(load_text(tidy(grid.up()), WeightUnit::kg), "65.77 kg");
  EXPECT_EQ(grid.snap(72.0), 160 / kPoundsPerKilogram);  // 158.7 lb -> 160 lb
}

// Case 4: any other weight stays as logged for "the same weight"; a change
// goes to the grid, past the tolerance.
TEST(LoadGrid, AnyOtherWeightStaysAndChangesGoToTheGrid) {
  const LoadGrid grid(61.23, WeightUnit::kg, Equipment::barbell, model());
  EXPECT_EQ(grid.same(), 61.23);
  EXPECT_EQ(grid.up(), 62.5);
  EXPECT_EQ(grid.down(), 60);
  EXPECT_EQ(grid.snap(61.4), 61.23);  // within 0.25 kg: the same weight
  EXPECT_EQ(grid.snap(63.9), 65);
  // To the hundredth the lifter sees.
  EXPECT_EQ(LoadGrid(61.234, WeightUnit::kg, Equipment::barbell, model()).same(), 61.23);
}

// A model file without plate sets keeps the last weight as loadable.
TEST(LoadGrid, WithoutPlateSetsTheLastWeightIsLoadable) {
  nlohmann::json j = constant_model_json();
  j.erase("plates");
  const ForecastModel no_plates = read_model(j, "no-plates");
  const LoadGrid grid(64.86, WeightUnit::kg, Equipment::barbell, no_plates);
  EXPECT_EQ(grid.same(), 64.86);
  EXPECT_DOUBLE_EQ(grid.up(), 67.36);
}

// The steps are the model file's.
TEST(LoadGrid, StepsAreTheModelFiles) {
  nlohmann::json j = constant_model_json();
  j["steps"]["kg"]["machine"] = 7;
  const ForecastModel sevens = read_model(j, "steps");
  EXPECT_EQ(LoadGrid(70, WeightUnit::kg, Equipment::machine, sevens).up(), 77);
  EXPECT_EQ(LoadGrid(70, WeightUnit::kg, Equipment::machine, model()).up(), 75);
}

// On a 100 kg barbell grid (2.5 kg steps), after a top set of 8 reps.
TopSet target(int action, double predicted_kg, double predicted_reps, LoadKind kind = LoadKind::weighted, double last = 100) {
  const LoadGrid grid(last, WeightUnit::kg, Equipment::barbell, model());
  return target_for(action, grid, 8, predicted_kg, predicted_reps, kind);
}

void expect_set(const TopSet& t, double weight, double reps) {
  EXPECT_EQ(t.weight, weight);
  EXPECT_EQ(t.reps, reps);
}

TEST(TargetFor, IncreaseWeightIsAtLeastOneStepUpAtTheSameReps) {
  expect_set(target(kIncreaseWeight, 100.4, 6), 102.5, 8);  // the head said "the same": one step up
  expect_set(target(kIncreaseWeight, 106, 6), 105, 8);      // the head's own jump, snapped
}

TEST(TargetFor, IncreaseWeightDecreaseRepsTradesRepsForWeight) {
  expect_set(target(kIncreaseWeightDecreaseReps, 100, 5.4), 102.5, 5);
  expect_set(target(kIncreaseWeightDecreaseReps, 100, 9.6), 102.5, 7);  // fewer than the last 8
  expect_set(target(kIncreaseWeightDecreaseReps, 100, -3), 102.5, 1);   // at least 1
}

TEST(TargetFor, IncreaseRepsKeepsTheWeightForAtLeastOneMoreRep) {
  expect_set(target(kIncreaseReps, 107, 8.2), 100, 9);
  expect_set(target(kIncreaseReps, 95, 11.5), 100, 12);  // halves away from zero, as std::round
}

TEST(TargetFor, RepeatIsTheLastSetWhateverTheHeadsSay) { expect_set(target(kRepeat, 120, 3), 100, 8); }

TEST(TargetFor, DecreaseWeightIsAtLeastOneStepDownAndNeverBelowZeroUnlessAssisted) {
  expect_set(target(kDecreaseWeight, 100.4, 8), 97.5, 8);
  expect_set(target(kDecreaseWeight, 90.2, 9.5), 90, 10);
  expect_set(target(kDecreaseWeight, -10, 8, LoadKind::weighted, 2.5), 0, 8);
  // Assistance (stored negative): more help is a lower load.
  expect_set(target(kDecreaseWeight, -40, 8, LoadKind::assisted, -30), -40, 8);
}

}  // namespace
}  // namespace exertrack::next_session::model
