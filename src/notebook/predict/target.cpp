#include "notebook/predict/target.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "core/units/loads.hpp"
#include "core/util/error.hpp"

using exertrack::core::ingest::WeightUnit;
using exertrack::core::units::Equipment;
using exertrack::core::units::load_steps_from_json;
using exertrack::core::units::next_loadable;
using exertrack::core::units::unit_name;
using exertrack::core::util::append_js_number;
using exertrack::core::util::InputError;
using exertrack::core::util::js_number;

namespace exertrack::notebook::predict {

TargetRule TargetRules::of(WeightUnit unit, Equipment equipment) const {
  TargetRule rule;
  rule.increment = steps.of(unit, equipment);
  rule.reps_step = reps_step;
  rule.min_reps = min_reps;
  rule.unit = unit;
  return rule;
}

TargetRule default_target_rule(WeightUnit unit, Equipment equipment) { return TargetRules{}.of(unit, equipment); }

nlohmann::json target_rules_to_json(const TargetRules& rules) {
  return {{"steps", load_steps_to_json(rules.steps)}, {"reps_step", rules.reps_step}, {"min_reps", rules.min_reps}};
}

TargetRules target_rules_from_json(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) throw InputError(where + ": must be an object {\"steps\", \"reps_step\", \"min_reps\"}");
  TargetRules rules;
  if (!j.contains("steps")) throw InputError(where + ": missing 'steps'");
  rules.steps = load_steps_from_json(j.at("steps"), where + ".steps");
  for (const char* key : {"reps_step", "min_reps"}) {
    if (!j.contains(key)) throw InputError(where + ": missing '" + key + "'");
    const nlohmann::json& v = j.at(key);
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0 || v.get<double>() > 1000) {
      throw InputError(where + "." + key + ": must be a number from 0 to 1000, got " + v.dump());
    }
    (std::string_view(key) == "reps_step" ? rules.reps_step : rules.min_reps) = v.get<double>();
  }
  return rules;
}

void check_target_rule(const TargetRule& rule) {
  if (!std::isfinite(rule.increment) || rule.increment <= 0) {
    throw InputError("target rule: increment must be a number > 0, got " + js_number(rule.increment));
  }
  if (!std::isfinite(rule.reps_step) || rule.reps_step < 0) {
    throw InputError("target rule: reps_step must be a number >= 0, got " + js_number(rule.reps_step));
  }
  if (!std::isfinite(rule.min_reps) || rule.min_reps < 0) {
    throw InputError("target rule: min_reps must be a number >= 0, got " + js_number(rule.min_reps));
  }
}

namespace {

void append_reps(std::string& out, double n) {
  append_js_number(out, n);
  out += n == 1 ? " rep" : " reps";
}

}  // namespace

TargetAdvice next_target(std::string_view label, double last_weight, double last_reps, const TargetRule& rule) {
  check_target_rule(rule);
  const double up = next_loadable(last_weight, rule.increment);
  const std::string_view u = unit_name(rule.unit);
  TargetAdvice advice;
  std::string& r = advice.reason;
  r.reserve(128);
  r += "Your last set was ";
  append_js_number(r, last_weight);
  r += ' ';
  r += u;
  r += " for ";
  append_reps(r, last_reps);
  advice.target.unit = rule.unit;
  if (label == "increase weight") {
    advice.target.weight = up;
    advice.target.reps = last_reps;
    r += "; next time load ";
    append_js_number(r, up);
    r += ' ';
    r += u;
    r += " and do the same ";
    append_reps(r, last_reps);
    r += '.';
  } else if (label == "increase reps") {
    const double reps = last_reps + rule.reps_step;
    advice.target.weight = last_weight;
    advice.target.reps = reps;
    r += "; stay at ";
    append_js_number(r, last_weight);
    r += ' ';
    r += u;
    r += " and aim for ";
    append_reps(r, reps);
    r += " before adding weight.";
  } else if (label == "increase weight, decrease reps") {
    const double reps = std::max(rule.min_reps, last_reps - rule.reps_step);
    advice.target.weight = up;
    advice.target.reps = reps;
    r += "; load ";
    append_js_number(r, up);
    r += ' ';
    r += u;
    r += " and aim for ";
    append_reps(r, reps);
    r += ", trading reps for the heavier weight.";
  } else {
    throw InputError("no target rule for label '" + std::string(label) + "'");
  }
  return advice;
}

}  // namespace exertrack::notebook::predict
