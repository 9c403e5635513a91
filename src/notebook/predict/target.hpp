#pragma once
// The next-session target: from the predicted label and the last set, the
// concrete weight and reps to attempt, rounded to what can be loaded, and a
// one-sentence reason. The rule is the Node.js package's (js/src/target.js,
// stated in js/README.md) operation for operation, so C++ and JS recommend
// the same thing: same parameters, same rounding, same sentences.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/ingest/workout_log.hpp"
#include "core/units/loads.hpp"
#include "core/util/js_number.hpp"

namespace exertrack::notebook::predict {

// The target rule's parameters (js/README.md "The next-set target rule"):
// weight step `increment` (in `unit`), reps step, lowest rep target.
struct TargetRule {
  double increment = 2.5;
  double reps_step = 1;
  double min_reps = 1;
  core::ingest::WeightUnit unit = core::ingest::WeightUnit::kg;
};

// The rule's parameters for every unit and equipment. A notebook model
// records them in its metadata ("target_rule") and serving reads them there,
// so the C++ predictor and the Node.js package step weights from one table.
struct TargetRules {
  core::units::LoadSteps steps = core::units::default_load_steps();
  double reps_step = 1;
  double min_reps = 1;
  [[nodiscard]] TargetRule of(core::ingest::WeightUnit unit, core::units::Equipment equipment) const;
};

// {default_increment(unit, equipment), 1, 1, unit}.
[[nodiscard]] TargetRule default_target_rule(core::ingest::WeightUnit unit, core::units::Equipment equipment);
// Throws InputError unless increment > 0 and reps_step, min_reps >= 0, all finite.
void check_target_rule(const TargetRule& rule);

// {"steps": {"kg": {"barbell": 2.5, ...}, "lb": {...}}, "reps_step": 1,
//  "min_reps": 1}: the "target_rule" of a notebook model's metadata.
[[nodiscard]] nlohmann::json target_rules_to_json(const TargetRules& rules);
// Inverse of the above; throws InputError naming the key (prefixed by
// `where`) when one is missing or out of range.
[[nodiscard]] TargetRules target_rules_from_json(const nlohmann::json& j, const std::string& where);

struct Target {
  double weight = 0;  // in unit
  core::ingest::WeightUnit unit = core::ingest::WeightUnit::kg;
  double reps = 0;
};
struct TargetAdvice {
  Target target;
  std::string reason;
};

// The rule for a label (one of kClassNames) after a last set of
// `last_weight` (in rule.unit) x `last_reps`. Throws InputError on an
// unknown label or a bad rule.
[[nodiscard]] TargetAdvice next_target(std::string_view label, double last_weight, double last_reps,
                                       const TargetRule& rule);

}  // namespace exertrack::notebook::predict
