// Plates, the logged unit and the JSON form of steps and plates, worked out
// by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/ingest/workout_log.hpp"
#include "core/units/loads.hpp"
#include "core/util/error.hpp"

using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::InputError;

namespace exertrack::core::units {
namespace {

TEST(Loads, PlatesPerSideAreTheFewestThatMakeTheWeightExactly) {
  const PlateSets sets = default_plate_sets();
  using Plates = std::vector<double>;
  EXPECT_EQ(plates_per_side(20, sets.kg), Plates{});  // the bare bar
  EXPECT_EQ(plates_per_side(102.5, sets.kg), (Plates{25, 15, 1.25}));
  EXPECT_EQ(plates_per_side(140, sets.kg), (Plates{25, 25, 10}));
  EXPECT_EQ(plates_per_side(22.5, sets.kg), Plates{1.25});
  EXPECT_EQ(plates_per_side(225, sets.lb), (Plates{45, 45}));
  EXPECT_EQ(plates_per_side(185, sets.lb), (Plates{45, 25}));
  EXPECT_EQ(plates_per_side(50, sets.lb), Plates{2.5});
  // Unit conversion noise still loads; what no plates make does not.
  EXPECT_EQ(plates_per_side(100.0000001, sets.kg), (Plates{25, 15}));
  EXPECT_EQ(plates_per_side(21.25, sets.kg), std::nullopt);     // 0.625 kg a side
  EXPECT_EQ(plates_per_side(64.863656, sets.kg), std::nullopt);  // 143 lb read as kg
  EXPECT_EQ(plates_per_side(17.5, sets.kg), std::nullopt);       // below the bar
  EXPECT_EQ(plates_per_side(47.5, sets.lb), std::nullopt);       // 1.25 lb a side
  EXPECT_EQ(plates_per_side(std::nan(""), sets.kg), std::nullopt);
}

TEST(Loads, PlateSetsTravelInTheModelFile) {
  const PlateSets sets = default_plate_sets();
  const PlateSets back = plate_sets_from_json(plate_sets_to_json(sets), "plates");
  EXPECT_EQ(back.kg.bar, 20);
  EXPECT_EQ(back.lb.bar, 45);
  EXPECT_EQ(back.kg.plates, sets.kg.plates);
  EXPECT_EQ(back.lb.plates, (std::vector<double>{45, 35, 25, 10, 5, 2.5}));
  nlohmann::json bad = plate_sets_to_json(sets);
  bad["kg"]["plates"] = {10, 20};
  EXPECT_THROW((void)plate_sets_from_json(bad, "plates"), InputError);
  bad = plate_sets_to_json(sets);
  bad.erase("lb");
  EXPECT_THROW((void)plate_sets_from_json(bad, "plates"), InputError);
  bad = plate_sets_to_json(sets);
  bad["lb"]["bar"] = -1;
  EXPECT_THROW((void)plate_sets_from_json(bad, "plates"), InputError);
}

// Targets come in the unit the lifter logs in: the file's, else the one most
// rows name (a unit column, GymBook's "65,00 kg"), else the caller's.
TEST(Loads, TheLoggedUnitIsTheFilesThenTheRowsThenTheFallback) {
  WorkoutLog log;
  EXPECT_EQ(logged_unit(log, WeightUnit::lb), WeightUnit::lb);
  log.rows_unit = WeightUnit::kg;
  EXPECT_EQ(logged_unit(log, WeightUnit::lb), WeightUnit::kg);
  log.weight_unit = WeightUnit::lb;
  EXPECT_EQ(logged_unit(log, WeightUnit::kg), WeightUnit::lb);
}

TEST(Loads, StepsTravelInTheModelFile) {
  const LoadSteps steps = default_load_steps();
  const nlohmann::json j = load_steps_to_json(steps);
  EXPECT_EQ(j["kg"]["dumbbell"], 2.0);
  EXPECT_EQ(j["lb"]["machine"], 10.0);
  const LoadSteps back = load_steps_from_json(j, "steps");
  for (std::size_t e = 0; e < kEquipmentCount; ++e) {
    for (const WeightUnit u : {WeightUnit::kg, WeightUnit::lb}) {
      EXPECT_EQ(back.of(u, static_cast<Equipment>(e)), default_increment(u, static_cast<Equipment>(e)));
    }
  }
  nlohmann::json bad = j;
  bad["lb"]["kettlebell"] = 0;
  try {
    (void)load_steps_from_json(bad, "forecast.json: steps");
    ADD_FAILURE() << "a zero step was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("steps.lb.kettlebell"), std::string::npos) << e.what();
  }
  bad = j;
  bad["kg"].erase("other");
  EXPECT_THROW((void)load_steps_from_json(bad, "steps"), InputError);
}

}  // namespace
}  // namespace exertrack::core::units
