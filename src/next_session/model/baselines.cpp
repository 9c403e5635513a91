#include "next_session/model/baselines.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

using exertrack::core::ingest::kPoundsPerKilogram;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::units::Equipment;
using exertrack::core::units::next_loadable;

namespace exertrack::next_session::model {

RepRange rep_range(const ExerciseSessions& ex, std::size_t t) {
  std::vector<double> reps;
  reps.reserve(t + 1);
  for (std::size_t k = 0; k <= t; ++k) reps.push_back(ex.sessions[k].top_reps);
  std::sort(reps.begin(), reps.end());
  auto at = [&](double q) {
    const double pos = q * static_cast<double>(reps.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, reps.size() - 1);
    return std::round(reps[lo] + (pos - static_cast<double>(lo)) * (reps[hi] - reps[lo]));
  };
  return {at(0.25), at(0.75)};
}

double next_loadable_kg(double weight_kg, Equipment equipment, WeightUnit unit) {
  const double in_unit = unit == WeightUnit::lb ? weight_kg * kPoundsPerKilogram : weight_kg;
  const double up = next_loadable(in_unit, default_increment(unit, equipment));
  return unit == WeightUnit::lb ? up / kPoundsPerKilogram : up;
}

double snap_near(double weight_kg, double anchor_kg, Equipment equipment, WeightUnit unit) {
  const double step_kg = unit == WeightUnit::lb ? default_increment(unit, equipment) / kPoundsPerKilogram
                                                : default_increment(unit, equipment);
  return anchor_kg + std::round((weight_kg - anchor_kg) / step_kg) * step_kg;
}

namespace {

NextForecast persistence(const ExerciseSessions& ex, std::size_t t, int majority_action, const ForecastDefinition& def) {
  const Session& now = ex.sessions[t];
  NextForecast f;
  f.load_kg = now.top_weight_kg;
  if (t == 0) {
    f.action = majority_action;
    f.weight_kg = now.top_weight_kg;
    f.reps = now.top_reps;
    return f;
  }
  const Session& before = ex.sessions[t - 1];
  f.action = action_between(before, now, def);
  f.weight_kg = now.top_weight_kg + (now.top_weight_kg - before.top_weight_kg);
  f.reps = std::max(1.0, now.top_reps + (now.top_reps - before.top_reps));
  return f;
}

NextForecast double_progression(const ExerciseSessions& ex, std::size_t t, WeightUnit unit) {
  const Session& now = ex.sessions[t];
  const RepRange range = rep_range(ex, t);
  NextForecast f;
  // Bodyweight work has no plate to add: it progresses by reps alone.
  if (now.top_reps >= range.high && ex.kind != LoadKind::bodyweight) {
    f.weight_kg = next_loadable_kg(now.top_weight_kg, ex.equipment, unit);
    f.reps = range.low;
    f.action = range.low < now.top_reps ? kIncreaseWeightDecreaseReps : kIncreaseWeight;
  } else {
    f.weight_kg = now.top_weight_kg;
    f.reps = now.top_reps + 1;
    f.action = kIncreaseReps;
  }
  return f;
}

}  // namespace

NextForecast baseline_forecast(Baseline b, const ExerciseSessions& ex, std::size_t t, double planned_reps,
                               int majority_action, WeightUnit unit, const ForecastDefinition& def) {
  const Session& now = ex.sessions[t];
  NextForecast f;
  switch (b) {
    case Baseline::majority:
      f.action = majority_action;
      break;
    case Baseline::persistence:
      f = persistence(ex, t, majority_action, def);
      break;
    case Baseline::repeat:
      f.action = kRepeat;
      f.weight_kg = now.top_weight_kg;
      f.reps = now.top_reps;
      break;
    case Baseline::double_progression:
      f = double_progression(ex, t, unit);
      break;
    case Baseline::epley:
      if (now.e1rm_kg > 0) f.load_kg = snap_near(epley_load(now.e1rm_kg, planned_reps), now.top_weight_kg, ex.equipment, unit);
      break;
    case Baseline::last_load_at_reps:
      f.load_kg = last_load_at_reps(ex, t, planned_reps);
      break;
  }
  return f;
}

}  // namespace exertrack::next_session::model
