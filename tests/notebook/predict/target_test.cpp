// The target rule must be js/src/target.js's: these cases are
// js/tests/target.test.js's, with the same expected numbers and sentences.
#include "notebook/predict/target.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include "core/util/error.hpp"

using exertrack::core::ingest::WeightUnit;
using exertrack::core::units::Equipment;

namespace ex = exertrack;

TEST(JsNumber, MatchesJavaScriptStringOfNumber) {
  EXPECT_EQ(ex::core::util::js_number(100), "100");
  EXPECT_EQ(ex::core::util::js_number(102.5), "102.5");
  EXPECT_EQ(ex::core::util::js_number(0.1), "0.1");
  EXPECT_EQ(ex::core::util::js_number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(ex::core::util::js_number(-0.0), "0");
  EXPECT_EQ(ex::core::util::js_number(-17.5), "-17.5");
  EXPECT_EQ(ex::core::util::js_number(100000), "100000");  // std::to_chars alone would write 1e+05
  EXPECT_EQ(ex::core::util::js_number(1e20), "100000000000000000000");
  EXPECT_EQ(ex::core::util::js_number(1e21), "1e+21");
  EXPECT_EQ(ex::core::util::js_number(1.5e300), "1.5e+300");
  // Both sides of the whole-number shortcut.
  EXPECT_EQ(ex::core::util::js_number(999999999999999.0), "999999999999999");
  EXPECT_EQ(ex::core::util::js_number(1e15), "1000000000000000");
  EXPECT_EQ(ex::core::util::js_number(-123456.789), "-123456.789");
  EXPECT_EQ(ex::core::util::js_number(0.000001), "0.000001");
  EXPECT_EQ(ex::core::util::js_number(1e-7), "1e-7");
  EXPECT_EQ(ex::core::util::js_number(1.25e-7), "1.25e-7");
  EXPECT_EQ(ex::core::util::js_number(123.456), "123.456");
  EXPECT_EQ(ex::core::util::js_number(5e-324), "5e-324");
  EXPECT_EQ(ex::core::util::js_number(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(ex::core::util::js_number(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(NextLoadable, SmallestMultipleStrictlyAbove) {
  EXPECT_EQ(ex::core::units::next_loadable(100, 2.5), 102.5);
  EXPECT_EQ(ex::core::units::next_loadable(63.7, 2.5), 65);
  EXPECT_EQ(ex::core::units::next_loadable(85, 10), 90);    // not 100: one plate on the stack
  EXPECT_EQ(ex::core::units::next_loadable(145, 10), 150);
  EXPECT_EQ(ex::core::units::next_loadable(99.99999999999999, 2.5), 102.5);  // conversion noise is 100
  EXPECT_EQ(ex::core::units::next_loadable(-20, 2.5), -17.5);  // assisted: less assistance
  EXPECT_EQ(ex::core::units::next_loadable(0, 5), 5);
}

namespace {
ex::notebook::predict::TargetRule kg_rule(double increment = 2.5) {
  ex::notebook::predict::TargetRule r;
  r.increment = increment;
  return r;
}
}  // namespace

TEST(NextTarget, IncreaseWeightGoesToTheNextLoadableWeight) {
  auto t = ex::notebook::predict::next_target("increase weight", 100, 5, kg_rule()).target;
  EXPECT_EQ(t.weight, 102.5);
  EXPECT_EQ(t.reps, 5);
  EXPECT_EQ(t.unit, ex::core::ingest::WeightUnit::kg);
  EXPECT_EQ(ex::notebook::predict::next_target("increase weight", 61.2, 8, kg_rule()).target.weight, 62.5);
  EXPECT_EQ(ex::notebook::predict::next_target("increase weight", 61.25, 8, kg_rule()).target.weight, 62.5);
  EXPECT_EQ(ex::notebook::predict::next_target("increase weight", 0, 8, kg_rule()).target.weight, 2.5);
  EXPECT_EQ(ex::notebook::predict::next_target("increase weight", -20, 8, kg_rule()).target.weight, -17.5);
  EXPECT_EQ(ex::notebook::predict::next_target("increase weight", -6.25, 8, kg_rule()).target.weight, -5);
  EXPECT_EQ(ex::notebook::predict::next_target("increase weight", 100, 5, kg_rule(5)).target.weight, 105);
}

TEST(NextTarget, IncreaseRepsKeepsTheWeight) {
  auto t = ex::notebook::predict::next_target("increase reps", 61.2, 8, kg_rule()).target;
  EXPECT_EQ(t.weight, 61.2);
  EXPECT_EQ(t.reps, 9);
  ex::notebook::predict::TargetRule two = kg_rule();
  two.reps_step = 2;
  EXPECT_EQ(ex::notebook::predict::next_target("increase reps", 60, 8, two).target.reps, 10);
}

TEST(NextTarget, IncreaseWeightDecreaseRepsNeverGoesBelowMinReps) {
  auto t = ex::notebook::predict::next_target("increase weight, decrease reps", 130, 8, kg_rule()).target;
  EXPECT_EQ(t.weight, 132.5);
  EXPECT_EQ(t.reps, 7);
  EXPECT_EQ(ex::notebook::predict::next_target("increase weight, decrease reps", 130, 1, kg_rule()).target.reps, 1);
  EXPECT_EQ(ex::notebook::predict::next_target("increase weight, decrease reps", 130, 0, kg_rule()).target.reps, 1);
}

TEST(NextTarget, ReasonSentencesAreTheNodePackages) {
  EXPECT_EQ(ex::notebook::predict::next_target("increase weight", 100, 5, kg_rule()).reason,
            "Your last set was 100 kg for 5 reps; next time load 102.5 kg and do the same 5 reps.");
  EXPECT_EQ(ex::notebook::predict::next_target("increase reps", 120, 1, kg_rule()).reason,
            "Your last set was 120 kg for 1 rep; stay at 120 kg and aim for 2 reps before adding weight.");
  EXPECT_EQ(ex::notebook::predict::next_target("increase weight, decrease reps", 130, 8, kg_rule()).reason,
            "Your last set was 130 kg for 8 reps; load 132.5 kg and aim for 7 reps, trading reps for the heavier weight.");
  ex::notebook::predict::TargetRule lb = ex::notebook::predict::default_target_rule(ex::core::ingest::WeightUnit::lb, ex::core::units::Equipment::barbell);
  EXPECT_EQ(ex::notebook::predict::next_target("increase weight", 225, 5, lb).reason,
            "Your last set was 225 lb for 5 reps; next time load 230 lb and do the same 5 reps.");
}

TEST(NextTarget, RejectsUnknownLabelsAndBadRules) {
  EXPECT_THROW((void)ex::notebook::predict::next_target("rest", 1, 1, kg_rule()), ex::core::util::InputError);
  EXPECT_THROW((void)ex::notebook::predict::next_target("increase weight", 1, 1, kg_rule(0)), ex::core::util::InputError);
  ex::notebook::predict::TargetRule bad = kg_rule();
  bad.reps_step = -1;
  EXPECT_THROW((void)ex::notebook::predict::next_target("increase weight", 1, 1, bad), ex::core::util::InputError);
  bad = kg_rule(std::numeric_limits<double>::infinity());
  EXPECT_THROW(ex::notebook::predict::check_target_rule(bad), ex::core::util::InputError);
}

TEST(Equipment, FromExerciseNames) {
  EXPECT_EQ(ex::core::units::equipment_from_exercise_name("Bench Press (Barbell)"), ex::core::units::Equipment::barbell);
  EXPECT_EQ(ex::core::units::equipment_from_exercise_name("Bicep Curl (Dumbbell)"), ex::core::units::Equipment::dumbbell);
  EXPECT_EQ(ex::core::units::equipment_from_exercise_name("Seated Row (Cable)"), ex::core::units::Equipment::machine);
  EXPECT_EQ(ex::core::units::equipment_from_exercise_name("Leg Extension (Machine)"), ex::core::units::Equipment::machine);
  EXPECT_EQ(ex::core::units::equipment_from_exercise_name("Squat (Smith Machine)"), ex::core::units::Equipment::barbell);
  EXPECT_EQ(ex::core::units::equipment_from_exercise_name("Goblet Squat (Kettlebell)"), ex::core::units::Equipment::kettlebell);
  EXPECT_EQ(ex::core::units::equipment_from_exercise_name("Dumbbell Row"), ex::core::units::Equipment::dumbbell);
  EXPECT_EQ(ex::core::units::equipment_from_exercise_name("Lat Pulldown"), ex::core::units::Equipment::machine);
  EXPECT_EQ(ex::core::units::equipment_from_exercise_name("Pull Up"), ex::core::units::Equipment::other);
  EXPECT_EQ(ex::core::units::equipment_by_name("Cable"), ex::core::units::Equipment::machine);
  EXPECT_EQ(ex::core::units::equipment_by_name("DUMBBELL"), ex::core::units::Equipment::dumbbell);
  EXPECT_FALSE(ex::core::units::equipment_by_name("spoon").has_value());
  EXPECT_EQ(ex::core::units::equipment_name(ex::core::units::Equipment::kettlebell), "kettlebell");
}

TEST(Increments, LoadableStepsPerUnitAndEquipment) {
  using ex::core::units::Equipment;
  using ex::core::ingest::WeightUnit;
  EXPECT_EQ(ex::core::units::default_increment(WeightUnit::kg, Equipment::barbell), 2.5);
  EXPECT_EQ(ex::core::units::default_increment(WeightUnit::kg, Equipment::dumbbell), 2.0);
  EXPECT_EQ(ex::core::units::default_increment(WeightUnit::lb, Equipment::barbell), 5.0);
  EXPECT_EQ(ex::core::units::default_increment(WeightUnit::lb, Equipment::dumbbell), 5.0);
  EXPECT_EQ(ex::core::units::default_increment(WeightUnit::kg, Equipment::machine), 5.0);
  const auto rule = ex::notebook::predict::default_target_rule(WeightUnit::kg, Equipment::dumbbell);
  EXPECT_EQ(rule.increment, 2.0);
  EXPECT_EQ(rule.reps_step, 1);
  EXPECT_EQ(rule.min_reps, 1);
  // 21 kg dumbbells: the next pair on a 2 kg rack is 22 kg
  EXPECT_EQ(ex::notebook::predict::next_target("increase weight", 21, 10, rule).target.weight, 22);
}

TEST(Units, Names) {
  EXPECT_EQ(ex::core::units::unit_by_name("KG"), ex::core::ingest::WeightUnit::kg);
  EXPECT_EQ(ex::core::units::unit_by_name("lbs"), ex::core::ingest::WeightUnit::lb);
  EXPECT_FALSE(ex::core::units::unit_by_name("stone").has_value());
  EXPECT_EQ(ex::core::units::unit_name(ex::core::ingest::WeightUnit::lb), "lb");
}

TEST(TargetRules, RoundTripThroughTheModelMetadataShape) {
  const nlohmann::json j = ex::notebook::predict::target_rules_to_json(ex::notebook::predict::TargetRules{});
  EXPECT_EQ(j.at("steps").at("kg").at("dumbbell"), 2.0);
  EXPECT_EQ(j.at("steps").at("lb").at("machine"), 10.0);
  EXPECT_EQ(j.at("reps_step"), 1.0);
  EXPECT_EQ(j.at("min_reps"), 1.0);
  ex::notebook::predict::TargetRules custom;
  custom.steps.kg[static_cast<std::size_t>(ex::core::units::Equipment::barbell)] = 1.25;
  custom.reps_step = 2;
  custom.min_reps = 3;
  const ex::notebook::predict::TargetRules back = ex::notebook::predict::target_rules_from_json(ex::notebook::predict::target_rules_to_json(custom), "t");
  const ex::notebook::predict::TargetRule rule = back.of(ex::core::ingest::WeightUnit::kg, ex::core::units::Equipment::barbell);
  EXPECT_EQ(rule.increment, 1.25);
  EXPECT_EQ(rule.reps_step, 2);
  EXPECT_EQ(rule.min_reps, 3);
  EXPECT_EQ(rule.unit, ex::core::ingest::WeightUnit::kg);
  EXPECT_EQ(back.of(ex::core::ingest::WeightUnit::lb, ex::core::units::Equipment::kettlebell).increment, 10);
}

TEST(TargetRules, MalformedMetadataNamesTheKey) {
  auto error = [](const std::function<void(nlohmann::json&)>& edit) -> std::string {
    nlohmann::json j = ex::notebook::predict::target_rules_to_json(ex::notebook::predict::TargetRules{});
    edit(j);
    try {
      (void)ex::notebook::predict::target_rules_from_json(j, "target_rule");
    } catch (const ex::core::util::InputError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(error([](auto& j) { j.erase("steps"); }).find("target_rule: missing 'steps'"), std::string::npos);
  EXPECT_NE(error([](auto& j) { j["steps"]["lb"].erase("other"); }).find("target_rule.steps.lb: missing 'other'"), std::string::npos);
  EXPECT_NE(error([](auto& j) { j["steps"]["kg"]["machine"] = 0; }).find("target_rule.steps.kg.machine"), std::string::npos);
  EXPECT_NE(error([](auto& j) { j["reps_step"] = -1; }).find("target_rule.reps_step: must be a number from 0 to 1000, got -1"),
            std::string::npos);
  EXPECT_NE(error([](auto& j) { j["min_reps"] = "one"; }).find("target_rule.min_reps"), std::string::npos);
  EXPECT_NE(error([](auto& j) { j = nlohmann::json::array(); }).find("target_rule: must be an object"), std::string::npos);
}
