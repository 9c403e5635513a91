#include "next_session/model/advice.hpp"

#include <algorithm>
#include <cmath>

#include "core/util/error.hpp"
#include "core/util/js_number.hpp"
#include "next_session/model/baselines.hpp"

using exertrack::core::ingest::kMaxPlausibleReps;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::units::Equipment;
using exertrack::core::units::kg_to_unit;
using exertrack::core::units::unit_name;
using exertrack::core::units::unit_to_kg;
using exertrack::core::util::InputError;
using exertrack::core::util::js_number;

namespace exertrack::next_session::model {
namespace {

// Unit conversions leave 1e-12 noise; targets are shown and compared as written.
double tidy(double x) { return std::round(x * 1e6) / 1e6; }

// A load in the lifter's unit as the lifter logs it (+ 0.0 turns -0 into 0).
double as_logged(const ExerciseSessions& ex, double w_unit) { return ex.assistance_logged_positive ? -w_unit + 0.0 : w_unit; }

std::string set_text(const TopSet& s, WeightUnit unit) { return load_text(s.weight, unit) + " × " + js_number(s.reps); }

bool on_plates(double w, const ForecastModel& model, WeightUnit unit) {
  const std::vector<double>& plates = model.plates->of(unit).plates;
  if (plates.empty()) return false;
  const double k = w / plates.back();
  return std::abs(k - std::round(k)) < 1e-6;
}

// Where a target can land, in the lifter's unit, around the last top weight
// L. The grid is one unit's multiples of the equipment's step:
// 1. L on the finest plate of the model's plate set (22.5 kg dumbbells) is
//    loadable: steps go from it.
// 2. L within the labels' weight tolerance of the step grid is a unit
//    conversion's noise (64.86 kg, 374.79 lb): it moves onto the grid (65 kg,
//    375 lb), so "add weight" is a real step up.
// 3. L that is exactly a weight of the other unit's plates (63.502932 kg is
//    140 lb: a kg log of a gym in pounds) is loaded with those: the grid is
//    that unit's, and a step up is 150 lb, written 68.04 kg — 65 kg could not
//    be loaded there.
// 4. Any other L is a weight the lifter loads some other way: "the same
//    weight" stays it (to the hundredth) rather than a nudge up or down
//    under "increase reps", and a change of weight goes to the grid, the
//    lightest weight that counts as heavier by the labels' tolerance or the
//    heaviest that counts as lighter.
// The plates, steps and tolerance travel in the model file, so js/ lands
// alike; a model without plate sets keeps L as loadable.
class LoadGrid {
 public:
  LoadGrid(double last_u, WeightUnit unit, Equipment equipment, const ForecastModel& model)
      : unit_(unit), grid_unit_(unit), base_(last_u), step_(model.steps.of(unit, equipment)),
        tolerance_(kg_to_unit(model.definition.weight_tolerance_kg, unit)) {
    if (!model.plates || model.plates->of(unit).plates.empty() || on_plates(last_u, model, unit)) return;
    const double nearest = tidy(std::round(last_u / step_) * step_);
    if (std::abs(nearest - last_u) <= tolerance_) {
      base_ = nearest;
      return;
    }
    const WeightUnit other = unit == WeightUnit::kg ? WeightUnit::lb : WeightUnit::kg;
    const double in_other = kg_to_unit(unit_to_kg(last_u, unit), other);
    if (on_plates(in_other, model, other)) {
      grid_unit_ = other;
      base_ = in_other;
      step_ = model.steps.of(other, equipment);
      tolerance_ = kg_to_unit(model.definition.weight_tolerance_kg, other);
      return;
    }
    base_ = std::round(last_u * 100) / 100;
    on_grid_ = false;
  }
  // The target for "the same weight".
  [[nodiscard]] double same() const { return to_unit(base_); }
  // The loadable weight nearest x (in the lifter's unit).
  [[nodiscard]] double snap(double x_u) const {
    const double x = from_unit(x_u);
    if (on_grid_) return to_unit(base_ + std::round((x - base_) / step_) * step_);
    if (std::abs(x - base_) <= tolerance_) return to_unit(base_);
    return to_unit(std::round(x / step_) * step_);
  }
  [[nodiscard]] double up() const {
    return to_unit(on_grid_ ? base_ + step_ : (std::floor((base_ + tolerance_) / step_) + 1) * step_);
  }
  [[nodiscard]] double down() const {
    return to_unit(on_grid_ ? base_ - step_ : (std::ceil((base_ - tolerance_) / step_) - 1) * step_);
  }

 private:
  [[nodiscard]] double to_unit(double g) const { return grid_unit_ == unit_ ? g : kg_to_unit(unit_to_kg(g, grid_unit_), unit_); }
  [[nodiscard]] double from_unit(double u) const {
    return grid_unit_ == unit_ ? u : kg_to_unit(unit_to_kg(u, unit_), grid_unit_);
  }

  WeightUnit unit_;
  WeightUnit grid_unit_;  // the unit whose plates load the weights
  double base_;           // in grid_unit_
  double step_;
  double tolerance_;
  bool on_grid_ = true;   // false: case 4
};

// The top set to attempt, in the lifter's unit: the weight head's forecast
// moved onto the loadable grid, then made to agree with the action (an
// "increase weight" is at least the next loadable weight up).
TopSet target_for(int action, const LoadGrid& grid, double last_reps, double predicted_u, double predicted_reps, LoadKind kind) {
  const double snapped = grid.snap(predicted_u);
  const double reps = std::max(1.0, std::round(predicted_reps));
  TopSet t;
  switch (action) {
    case kIncreaseWeight:
      t = {std::max(snapped, grid.up()), last_reps};
      break;
    case kIncreaseWeightDecreaseReps:
      t = {std::max(snapped, grid.up()), std::clamp(reps, 1.0, std::max(1.0, last_reps - 1))};
      break;
    case kIncreaseReps:
      t = {grid.same(), std::max(reps, last_reps + 1)};
      break;
    case kRepeat:
      t = {grid.same(), last_reps};
      break;
    default:  // kDecreaseWeight
      t = {std::min(snapped, grid.down()), reps};
      if (kind != LoadKind::assisted) t.weight = std::max(t.weight, 0.0);
      break;
  }
  t.weight = tidy(t.weight);
  return t;
}

// "100 kg × 10, × 10, × 10 in your last three sessions, the top of your
// 8-10 range: add weight: 102.5 kg × 10."
std::string reason_for(const ExerciseSessions& ex, WeightUnit unit, int action, const TopSet& target) {
  static constexpr std::array<std::string_view, 3> kCount = {"session", "two sessions", "three sessions"};
  const std::size_t t = ex.sessions.size() - 1;
  const std::size_t shown = std::min<std::size_t>(3, ex.sessions.size());
  std::string r;
  double previous_weight = std::nan("");
  for (std::size_t k = ex.sessions.size() - shown; k <= t; ++k) {
    const Session& s = ex.sessions[k];
    const TopSet top{displayed_weight(ex, s.top_weight_kg, unit), s.top_reps};
    if (!r.empty()) r += ", ";
    r += top.weight == previous_weight ? "× " + js_number(top.reps) : set_text(top, unit);
    previous_weight = top.weight;
  }
  r += shown == 1 ? " in your last session" : " in your last " + std::string(kCount[shown - 1]);
  const RepRange range = rep_range(ex, t);
  const double reps = ex.sessions[t].top_reps;
  const std::string span = range.low == range.high ? "your usual " + js_number(range.low) + " reps"
                                                   : "your " + js_number(range.low) + "-" + js_number(range.high) + " range";
  if (range.low == range.high) r += ", " + span;
  else if (reps >= range.high) r += ", the top of " + span;
  else if (reps <= range.low) r += ", the bottom of " + span;
  else r += ", within " + span;
  switch (action) {
    case kIncreaseWeight: r += ": add weight, " + set_text(target, unit); break;
    case kIncreaseWeightDecreaseReps: r += ": go heavier for fewer reps, " + set_text(target, unit); break;
    case kIncreaseReps: r += ": stay at " + load_text(target.weight, unit) + " and aim for " + js_number(target.reps) + " reps"; break;
    case kRepeat: r += ": repeat " + set_text(target, unit) + " and make it solid"; break;
    default: r += ": back off to " + set_text(target, unit); break;
  }
  r += '.';
  return r;
}

void check_planned_reps(const std::vector<double>& planned_reps) {
  for (double r : planned_reps) {
    if (!(r >= 1 && r <= kMaxPlausibleReps && r == std::floor(r))) {
      throw InputError("planned reps: " + js_number(r) + " is not a whole number of reps from 1 to 300");
    }
  }
}

}  // namespace

std::string load_text(double weight, WeightUnit unit) {
  if (weight == 0) return "bodyweight";
  return js_number(std::round(weight * 100) / 100) + " " + std::string(unit_name(unit));
}

double displayed_weight(const ExerciseSessions& ex, double weight_kg, WeightUnit unit) {
  return as_logged(ex, tidy(kg_to_unit(weight_kg, unit)));
}

NextSessionAdvice advise(const ForecastModel& model, const ExerciseSessions& ex, WeightUnit unit, std::int64_t log_last_time,
                         const std::vector<double>& planned_reps, double lifter_temperature) {
  const std::size_t t = ex.sessions.size() - 1;
  const Session& last = ex.sessions[t];
  ForecastOutput out = model.predict(ex, t);
  apply_lifter_temperature(out, lifter_temperature);
  NextSessionAdvice a;
  a.name = ex.name;
  a.equipment = ex.equipment;
  a.kind = ex.kind;
  a.unit = unit;
  a.last_time = last.time;
  a.last = {displayed_weight(ex, last.top_weight_kg, unit), last.top_reps};
  a.dated = ex.dated;
  a.inactive = ex.dated && static_cast<double>(log_last_time - last.time) > kInactiveAfterDays * 86400;
  a.sessions = ex.sessions.size();
  a.action = out.action;
  a.probabilities = out.probabilities;
  a.ready_to_add_weight = out.probabilities[kIncreaseWeight] + out.probabilities[kIncreaseWeightDecreaseReps];
  const LoadGrid grid(tidy(kg_to_unit(last.top_weight_kg, unit)), unit, ex.equipment, model);
  TopSet target = target_for(out.action, grid, last.top_reps, kg_to_unit(out.weight_kg, unit), out.reps, ex.kind);
  for (double reps : planned_reps) {
    const double load_u = kg_to_unit(model.load_for_reps(ex, t, reps), unit);
    double weight = tidy(grid.snap(load_u));
    // Only assisted work has loads below zero (less help is progress).
    if (ex.kind != LoadKind::assisted) weight = std::max(weight, 0.0);
    a.planned.push_back({reps, as_logged(ex, weight)});
  }
  a.target = {as_logged(ex, target.weight), target.reps};
  if (model.plates && ex.equipment == Equipment::barbell && ex.kind == LoadKind::weighted) {
    a.plates_per_side = plates_per_side(a.target.weight, model.plates->of(unit));
  }
  a.history.reserve(ex.sessions.size());
  for (const Session& s : ex.sessions) {
    a.history.push_back({s.time, {displayed_weight(ex, s.top_weight_kg, unit), s.top_reps}, tidy(kg_to_unit(s.e1rm_kg, unit))});
  }
  a.reason = reason_for(ex, unit, out.action, a.target);
  return a;
}

LogAdvice advise_log(const ForecastModel& model, const WorkoutLog& log, WeightUnit unit, std::string_view only,
                     const std::vector<double>& planned_reps) {
  check_planned_reps(planned_reps);  // before the lifter's temperature predicts the whole history
  SessionLog sessions = build_sessions(log, log.source);
  const double lifter_temperature = model.lifter_temperature(sessions);
  return advise_sessions(model, std::move(sessions), unit, only, planned_reps, lifter_temperature);
}

LogAdvice advise_sessions(const ForecastModel& model, SessionLog sessions, WeightUnit unit, std::string_view only,
                          const std::vector<double>& planned_reps, double lifter_temperature) {
  check_planned_reps(planned_reps);
  if (!only.empty()) {
    std::erase_if(sessions.exercises, [&](const ExerciseSessions& e) { return e.name != only; });
    std::erase_if(sessions.left_out, [&](const LeftOutExercise& e) { return e.name != only; });
    if (sessions.exercises.empty() && sessions.left_out.empty()) {
      throw InputError("exercise '" + std::string(only) + "' has no sets in " + sessions.lifter);
    }
  }
  if (sessions.exercises.empty() && sessions.left_out.empty()) throw InputError(sessions.lifter + ": no exercise has a set to recommend from");
  LogAdvice out;
  for (const ExerciseSessions& ex : sessions.exercises) out.results.push_back(advise(model, ex, unit, sessions.last_time, planned_reps, lifter_temperature));
  out.not_strength = std::move(sessions.left_out);
  return out;
}

}  // namespace exertrack::next_session::model
