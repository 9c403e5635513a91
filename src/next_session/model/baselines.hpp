#pragma once
// What a coach would forecast without a model, on the same transitions the
// model is judged on. Each baseline forecasts what it can: an action, the
// next top set, or the load for the reps the lifter will do; the rest is
// NaN / -1 and is left out of that baseline's metrics.
#include <array>
#include <limits>
#include <string_view>

#include "next_session/model/session_features.hpp"

namespace exertrack::next_session::model {

enum class Baseline : std::uint8_t {
  majority,            // the most common action in the training transitions
  persistence,         // the last action again, with the same change of weight and reps; load: today's top weight
  repeat,              // the same top set again
  double_progression,  // a rep range per exercise: at its top add the increment and go back to its bottom, else add a rep
  epley,               // the load for the planned reps from today's best estimated 1RM
  last_load_at_reps,   // the load last used for the planned reps (nearest rep count when never done)
};
inline constexpr std::array<std::string_view, 6> kBaselineNames = {
    "majority", "persistence", "repeat", "double_progression", "epley", "last_load_at_reps"};

struct NextForecast {
  int action = -1;  // index into kActionNames, -1: none
  double weight_kg = std::numeric_limits<double>::quiet_NaN();
  double reps = std::numeric_limits<double>::quiet_NaN();
  double load_kg = std::numeric_limits<double>::quiet_NaN();  // for the planned reps
};

// Double progression's rep range for an exercise at session t: the 25th and
// 75th percentiles (rounded) of its top-set reps over sessions 0..t, so a
// lifter who works in 8-12 gets 8-12 and one who always does 5 gets 5-5
// (plain linear progression).
struct RepRange {
  double low = 0, high = 0;
};
[[nodiscard]] RepRange rep_range(const ExerciseSessions& ex, std::size_t t);

// The smallest loadable weight above `weight_kg` for the exercise's
// equipment in the lifter's unit, back in kg.
[[nodiscard]] double next_loadable_kg(double weight_kg, core::units::Equipment equipment, core::ingest::WeightUnit unit);

// `weight_kg` moved onto the lifter's own grid around `anchor_kg` (the last
// top weight): anchor + k * step, k whole, step the equipment's loadable
// step in the lifter's unit. Anchoring keeps a lifter's own offsets (2.5 lb
// plates on a 5 lb grid, a 27.2 kg kettlebell).
[[nodiscard]] double snap_near(double weight_kg, double anchor_kg, core::units::Equipment equipment, core::ingest::WeightUnit unit);

// `majority_action` is the training transitions' most common action;
// `planned_reps` the reps of the next session's top set.
[[nodiscard]] NextForecast baseline_forecast(Baseline b, const ExerciseSessions& ex, std::size_t t, double planned_reps,
                                             int majority_action, core::ingest::WeightUnit unit, const ForecastDefinition& def);

}  // namespace exertrack::next_session::model
