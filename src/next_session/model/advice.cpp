#include "next_session/model/advice.hpp"

#include <algorithm>
#include <cmath>

#include "core/util/error.hpp"
#include "core/util/js_number.hpp"
#include "next_session/model/baselines.hpp"
#include "next_session/model/load_grid.hpp"

using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::units::Equipment;
using exertrack::core::units::kg_to_unit;
using exertrack::core::units::unit_name;
using exertrack::core::util::InputError;
using exertrack::core::util::InputKind;
using exertrack::core::util::append_js_number;
using exertrack::core::util::js_number;

namespace exertrack::next_session::model {
namespace {

// A load in the lifter's unit as the lifter logs it (+ 0.0 turns -0 into 0).
double as_logged(const ExerciseSessions& ex, double w_unit) { return ex.assistance_logged_positive ? -w_unit + 0.0 : w_unit; }

// The reason is written into one string: its pieces as strings of their
// own, joined, were a fifth of the advice's time (perf, bench_serve
// BM_ForecastJson/1).
void append_load_text(std::string& out, double weight, WeightUnit unit) {
  if (weight == 0) {
    out += "bodyweight";
    return;
  }
  append_js_number(out, std::round(weight * 100) / 100);
  out += ' ';
  out += unit_name(unit);
}

void append_set_text(std::string& out, const TopSet& s, WeightUnit unit) {
  append_load_text(out, s.weight, unit);
  out += " × ";
  append_js_number(out, s.reps);
}

}  // namespace

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

std::string reason_for(const ExerciseSessions& ex, WeightUnit unit, int action, const TopSet& target) {
  static constexpr std::array<std::string_view, 3> kCount = {"session", "two sessions", "three sessions"};
  const std::size_t t = ex.sessions.size() - 1;
  const std::size_t shown = std::min<std::size_t>(3, ex.sessions.size());
  std::string r;
  r.reserve(192);
  double previous_weight = std::nan("");
  for (std::size_t k = ex.sessions.size() - shown; k <= t; ++k) {
    const Session& s = ex.sessions[k];
    const TopSet top{displayed_weight(ex, s.top_weight_kg, unit), s.top_reps};
    if (!r.empty()) r += ", ";
    if (top.weight == previous_weight) {
      r += "× ";
      append_js_number(r, top.reps);
    } else {
      append_set_text(r, top, unit);
    }
    previous_weight = top.weight;
  }
  r += " in your last ";
  r += kCount[shown - 1];
  const RepRange range = rep_range(ex, t);
  const double reps = ex.sessions[t].top_reps;
  if (range.low == range.high) {
    r += ", your usual ";
    append_js_number(r, range.low);
    r += " reps";
  } else {
    r += reps >= range.high ? ", the top of your " : reps <= range.low ? ", the bottom of your " : ", within your ";
    append_js_number(r, range.low);
    r += '-';
    append_js_number(r, range.high);
    r += " range";
  }
  switch (action) {
    case kIncreaseWeight:
      r += ": add weight, ";
      append_set_text(r, target, unit);
      break;
    case kIncreaseWeightDecreaseReps:
      r += ": go heavier for fewer reps, ";
      append_set_text(r, target, unit);
      break;
    case kIncreaseReps:
      r += ": stay at ";
      append_load_text(r, target.weight, unit);
      r += " and aim for ";
      append_js_number(r, target.reps);
      r += " reps";
      break;
    case kRepeat:
      r += ": repeat ";
      append_set_text(r, target, unit);
      r += " and make it solid";
      break;
    default:
      r += ": back off to ";
      append_set_text(r, target, unit);
      break;
  }
  r += '.';
  return r;
}

std::optional<std::string> planned_reps_problem(double reps, const ForecastDefinition& def) {
  if (reps >= 1 && reps <= def.max_planned_reps && reps == std::floor(reps)) return std::nullopt;
  return js_number(reps) + " is not a whole number of reps from 1 to " + std::to_string(def.max_planned_reps);
}

void check_planned_reps(const std::vector<double>& planned_reps, const ForecastDefinition& def) {
  for (double r : planned_reps) {
    if (const auto problem = planned_reps_problem(r, def)) throw InputError("planned reps: " + *problem);
  }
}

std::string load_text(double weight, WeightUnit unit) {
  std::string out;
  append_load_text(out, weight, unit);
  return out;
}

double displayed_weight(const ExerciseSessions& ex, double weight_kg, WeightUnit unit) {
  return as_logged(ex, tidy(kg_to_unit(weight_kg, unit)));
}

NextSessionAdvice advise(const ForecastModel& model, const ExerciseSessions& ex, const ExerciseForecast& forecast, WeightUnit unit,
                         std::int64_t log_last_time, const std::vector<double>& planned_reps) {
  const std::size_t t = ex.sessions.size() - 1;
  const Session& last = ex.sessions[t];
  const ForecastOutput& out = forecast.next;
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
  for (std::size_t i = 0; i < planned_reps.size(); ++i) {
    const double reps = planned_reps[i];
    const double load_u = kg_to_unit(forecast.planned_load_kg.at(i), unit);
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

NextSessionAdvice advise(const ForecastModel& model, const ExerciseSessions& ex, WeightUnit unit, std::int64_t log_last_time,
                         const std::vector<double>& planned_reps, double lifter_temperature) {
  check_planned_reps(planned_reps, model.definition);
  const std::span<const ExerciseSessions> one(&ex, 1);
  const std::size_t advised = 0;
  ExerciseForecast forecast = model.forecast(one, std::span(&advised, 1), planned_reps, lifter_temperature).exercises.front();
  return advise(model, ex, forecast, unit, log_last_time, planned_reps);
}

LogAdvice advise_log(const ForecastModel& model, const WorkoutLog& log, WeightUnit unit, std::string_view only,
                     const std::vector<double>& planned_reps) {
  check_planned_reps(planned_reps, model.definition);  // before the whole history is predicted
  SessionLog sessions = build_sessions(log, log.source);
  std::vector<std::size_t> advised;
  for (std::size_t e = 0; e < sessions.exercises.size(); ++e) {
    if (only.empty() || sessions.exercises[e].name == only) advised.push_back(e);
  }
  if (!only.empty()) {
    std::erase_if(sessions.left_out, [&](const LeftOutExercise& e) { return e.name != only; });
    if (advised.empty() && sessions.left_out.empty()) {
      throw InputError("exercise '" + std::string(only) + "' has no sets in " + sessions.lifter, InputKind::no_such_exercise);
    }
  }
  // The temperature from every exercise, the advice for `only`'s.
  const LifterForecast forecast = model.forecast(sessions.exercises, advised, planned_reps);
  if (!only.empty()) std::erase_if(sessions.exercises, [&](const ExerciseSessions& e) { return e.name != only; });
  return advise_sessions(model, std::move(sessions), unit, forecast.exercises, planned_reps);
}

LogAdvice advise_sessions(const ForecastModel& model, SessionLog sessions, WeightUnit unit, std::span<const ExerciseForecast> forecasts,
                          const std::vector<double>& planned_reps) {
  check_planned_reps(planned_reps, model.definition);
  if (sessions.exercises.empty() && sessions.left_out.empty()) {
    throw InputError(sessions.lifter + ": no exercise has a set to recommend from", InputKind::nothing_to_recommend);
  }
  if (forecasts.size() != sessions.exercises.size()) throw std::invalid_argument("advise_sessions: not one forecast per exercise");
  LogAdvice out;
  for (std::size_t e = 0; e < sessions.exercises.size(); ++e) {
    out.results.push_back(advise(model, sessions.exercises[e], forecasts[e], unit, sessions.last_time, planned_reps));
  }
  out.not_strength = std::move(sessions.left_out);
  return out;
}

}  // namespace exertrack::next_session::model
