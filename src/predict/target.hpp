#pragma once
// The next-session target: from the predicted label and the last set, the
// concrete weight and reps to attempt, rounded to what can be loaded, and a
// one-sentence reason. The rule is the Node.js package's (js/src/target.js,
// stated in js/README.md) operation for operation, so C++ and JS recommend
// the same thing: same parameters, same rounding, same sentences.
#include <optional>
#include <string>
#include <string_view>

#include "ingest/workout_log.hpp"

namespace exertrack {

// What the exercise is loaded with; decides the smallest weight step.
enum class Equipment : std::uint8_t { barbell, dumbbell, machine, kettlebell, other };

// "barbell", "dumbbell", "machine", "kettlebell", "other".
[[nodiscard]] std::string_view equipment_name(Equipment e);
// Inverse of equipment_name ("cable" is accepted as machine); nullopt otherwise.
[[nodiscard]] std::optional<Equipment> equipment_by_name(std::string_view name);
// From an exercise name as the apps write it: "Bench Press (Barbell)",
// "Curl (Dumbbell)", "Lat Pulldown (Cable)", "Leg Press (Machine)", "Squat
// (Smith Machine)" (plates: barbell steps); words without parentheses
// ("Dumbbell Row") count too; anything else is `other`.
[[nodiscard]] Equipment equipment_from_exercise_name(std::string_view exercise_name);

// "kg" / "lb"; unit_by_name accepts kg, kgs, lb, lbs (any case).
[[nodiscard]] std::string_view unit_name(WeightUnit u);
[[nodiscard]] std::optional<WeightUnit> unit_by_name(std::string_view name);

// The target rule's parameters (js/README.md "The next-set target rule"):
// weight step `increment` (in `unit`), reps step, lowest rep target.
struct TargetRule {
  double increment = 2.5;
  double reps_step = 1;
  double min_reps = 1;
  WeightUnit unit = WeightUnit::kg;
};

// The loadable step for a unit and equipment: barbell 2.5 kg / 5 lb (the
// smallest common plate pair), dumbbell 2 kg / 5 lb (fixed-dumbbell racks),
// machine and cable stacks 5 kg / 10 lb, kettlebell 4 kg / 10 lb, other
// (bodyweight with a belt, anything unknown) 2.5 kg / 5 lb.
[[nodiscard]] double default_increment(WeightUnit unit, Equipment equipment);
// {default_increment(unit, equipment), 1, 1, unit}.
[[nodiscard]] TargetRule default_target_rule(WeightUnit unit, Equipment equipment);
// Throws InputError unless increment > 0 and reps_step, min_reps >= 0, all finite.
void check_target_rule(const TargetRule& rule);

struct Target {
  double weight = 0;  // in unit
  WeightUnit unit = WeightUnit::kg;
  double reps = 0;
};
struct TargetAdvice {
  Target target;
  std::string reason;
};

// The smallest multiple of `step` strictly above x: (floor(x / step + 1e-9)
// + 1) * step, the next weight that can be loaded (85 lb on a 10 lb stack ->
// 90, not 100; 61.23 kg with 2.5 kg plates -> 62.5). The 1e-9 absorbs unit
// conversion noise (99.99999999999999 counts as 100). Same expression as
// JS's nextLoadable, so both give the same bits.
[[nodiscard]] double next_loadable(double x, double step);

// The rule for a label (one of kClassNames) after a last set of
// `last_weight` (in rule.unit) x `last_reps`. Throws InputError on an
// unknown label or a bad rule.
[[nodiscard]] TargetAdvice next_target(std::string_view label, double last_weight, double last_reps,
                                       const TargetRule& rule);

// A number as JavaScript's String(x) writes it (shortest round-trip digits,
// fixed notation for 1e-7 < |x| < 1e21, else "1e+21" style; -0 is "0"), so
// the reason sentences are byte-identical to the Node.js package's.
[[nodiscard]] std::string js_number(double x);
// Appends the same to `out` (no allocation beyond out's growth).
void append_js_number(std::string& out, double x);

}  // namespace exertrack
