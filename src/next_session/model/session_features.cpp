#include "next_session/model/session_features.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace exertrack::next_session::model {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The order the study found most useful first: recent loads relative to
// today's, where today's reps sit in the lifter's range, the session's
// shape, the notebook's four, then what added little.
constexpr std::array<std::string_view, 36> kSessionFeatures = {
    "top_weight_kg",           // w_t
    "top_reps",                // r_t
    "load_kind",               // 0 weighted, 1 bodyweight, 2 assisted
    "equipment",               // Equipment's index
    "rel_weight_lag1",         // (w_{t-1} - w_t) / s
    "rel_weight_lag2",
    "rel_weight_lag3",
    "rel_weight_recent_median",  // of w_{t-5..t-1}
    "rel_weight_recent_max",
    "rel_weight_recent_min",
    "rel_weight_best",           // heaviest top weight before t
    "reps_position",             // (r_t - min r) / (max r - min r) over sessions 0..t
    "reps_history_min",
    "reps_history_max",
    "reps_vs_best_at_weight",    // r_t - most reps done at >= w_t before t
    "reps_change_lag1",          // r_t - r_{t-1}
    "working_sets",
    "distinct_loads",
    "rep_spread",                // max - min reps of the session's working sets
    "sets_at_top",               // working sets within tolerance of the top weight
    "last_set_reps_vs_top",      // reps of the last working set - r_t
    "reps_recent_median",        // of r_{t-4..t}
    "weight_change_pct",         // the notebook's four, on top sets
    "reps_change_pct",
    "rel_weight_moving_average",
    "reps_moving_average",
    "last_action",               // action t-1 -> t
    "days_since_previous",
    "rel_e1rm_slope",            // (e1RM_t - e1RM_{t-3}) / s
    "sessions_so_far",
    "same_weight_streak",        // consecutive sessions up to t at w_t
    // How this lifter has moved on this exercise so far: the share of each
    // action over the transitions 0 -> 1 ... t-1 -> t. A new lifter's own
    // habits, which the pooled model cannot know otherwise.
    "past_share_decrease_weight",
    "past_share_increase_reps",
    "past_share_increase_weight",
    "past_share_increase_weight_decrease_reps",
    "past_share_repeat",
};
// (+ "rpe" would be the 32nd; most logs have none, so it is left out until
// a lifter cohort with RPE shows it matters.)
constexpr std::array<std::string_view, 5> kPlannedFeatures = {
    "planned_reps",
    "planned_reps_vs_top",       // planned - r_t
    "rel_epley_load",            // (e1RM_t / (1 + planned/30) - w_t) / s
    "rel_epley_recent_load",     // the same from the best e1RM of sessions t-4..t
    "rel_last_load_at_reps",     // (last load done for planned reps - w_t) / s
};

// Sorts `v` (a scratch copy) in place.
double median_of(std::vector<double>& v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double pct_change(double now, double before, double cap) {
  if (before == 0) return kNaN;
  return std::clamp((now / before - 1.0) * 100.0, -cap, cap);
}

}  // namespace

int action_by_name(std::string_view name) {
  for (int i = 0; i < kActionCount; ++i) {
    if (kActionNames[static_cast<std::size_t>(i)] == name) return i;
  }
  return -1;
}

int action_between(const Session& a, const Session& b, const ForecastDefinition& def) {
  const double dw = b.top_weight_kg - a.top_weight_kg;
  if (dw > def.weight_tolerance_kg) return b.top_reps < a.top_reps ? kIncreaseWeightDecreaseReps : kIncreaseWeight;
  if (dw < -def.weight_tolerance_kg) return kDecreaseWeight;
  return b.top_reps > a.top_reps ? kIncreaseReps : kRepeat;
}

double load_scale(const Session& s, const ForecastDefinition& def) {
  return std::max(std::abs(s.top_weight_kg), def.scale_floor_kg);
}

double load_head_scale(const Session& s, const ForecastDefinition& def) {
  return std::max(std::abs(s.top_weight_kg), def.load_scale_floor_kg);
}

std::span<const std::string_view> session_feature_names() { return kSessionFeatures; }
std::span<const std::string_view> planned_reps_feature_names() { return kPlannedFeatures; }
int session_feature_count() { return static_cast<int>(kSessionFeatures.size()); }
int planned_reps_feature_count() { return static_cast<int>(kPlannedFeatures.size()); }

void session_features(const ExerciseSessions& ex, std::size_t t, const ForecastDefinition& def, std::span<double> out) {
  assert(out.size() == kSessionFeatures.size() && t < ex.sessions.size());
  const auto& ss = ex.sessions;
  const Session& now = ss[t];
  const double w = now.top_weight_kg;
  const double r = now.top_reps;
  const double s = load_scale(now, def);
  auto rel = [&](double x) { return (x - w) / s; };
  auto lag_weight = [&](std::size_t k) { return t >= k ? rel(ss[t - k].top_weight_kg) : kNaN; };
  std::size_t i = 0;
  out[i++] = w;
  out[i++] = r;
  out[i++] = static_cast<double>(ex.kind);
  out[i++] = static_cast<double>(ex.equipment);
  out[i++] = lag_weight(1);
  out[i++] = lag_weight(2);
  out[i++] = lag_weight(3);

  // Recent top weights before t: lifters rotate heavy and light days and
  // come back to their usual load. The scratch vectors are the thread's,
  // reused: a request computes these for every session of its history.
  thread_local std::vector<double> recent, recent_reps;
  recent.clear();
  const std::size_t first_recent = t >= static_cast<std::size_t>(def.recent_sessions) ? t - def.recent_sessions : 0;
  for (std::size_t k = first_recent; k < t; ++k) recent.push_back(ss[k].top_weight_kg);
  out[i++] = recent.empty() ? kNaN : rel(median_of(recent));
  out[i++] = recent.empty() ? kNaN : rel(*std::max_element(recent.begin(), recent.end()));
  out[i++] = recent.empty() ? kNaN : rel(*std::min_element(recent.begin(), recent.end()));
  double best = -std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < t; ++k) best = std::max(best, ss[k].top_weight_kg);
  out[i++] = t == 0 ? kNaN : rel(best);

  // Today's reps against the lifter's own range for this exercise.
  double rmin = r, rmax = r;
  for (std::size_t k = 0; k < t; ++k) {
    rmin = std::min(rmin, ss[k].top_reps);
    rmax = std::max(rmax, ss[k].top_reps);
  }
  out[i++] = rmax > rmin ? (r - rmin) / (rmax - rmin) : 0.5;
  out[i++] = rmin;
  out[i++] = rmax;
  double best_reps_here = kNaN;
  for (std::size_t k = 0; k < t; ++k) {
    for (const SessionSet& set : ss[k].sets) {
      if (set.weight_kg >= w - def.weight_tolerance_kg && !(set.reps <= best_reps_here)) best_reps_here = set.reps;
    }
  }
  out[i++] = std::isnan(best_reps_here) ? kNaN : r - best_reps_here;
  out[i++] = t >= 1 ? r - ss[t - 1].top_reps : kNaN;

  // The session's shape.
  out[i++] = now.working_sets;
  out[i++] = now.distinct_loads;
  out[i++] = now.max_reps - now.min_reps;
  int at_top = 0;
  for (const SessionSet& set : now.sets) at_top += set.weight_kg >= w - def.weight_tolerance_kg ? 1 : 0;
  out[i++] = at_top;
  out[i++] = now.sets.back().reps - r;
  recent_reps.clear();
  const std::size_t ma_first = t + 1 >= static_cast<std::size_t>(def.moving_average) ? t + 1 - def.moving_average : 0;
  for (std::size_t k = ma_first; k <= t; ++k) recent_reps.push_back(ss[k].top_reps);
  out[i++] = median_of(recent_reps);

  // The notebook's four, on the top set of each session.
  out[i++] = t >= 1 ? pct_change(w, ss[t - 1].top_weight_kg, def.change_cap_pct) : kNaN;
  out[i++] = t >= 1 ? pct_change(r, ss[t - 1].top_reps, def.change_cap_pct) : kNaN;
  double wsum = 0, rsum = 0;
  for (std::size_t k = ma_first; k <= t; ++k) {
    wsum += ss[k].top_weight_kg;
    rsum += ss[k].top_reps;
  }
  const double n_ma = static_cast<double>(t + 1 - ma_first);
  out[i++] = rel(wsum / n_ma);
  out[i++] = rsum / n_ma;

  // What the study found added little; kept, measured in the importance table.
  out[i++] = t >= 1 ? action_between(ss[t - 1], now, def) : kNaN;
  out[i++] = now.days_since_previous;
  out[i++] = t >= 3 && now.e1rm_kg > 0 && ss[t - 3].e1rm_kg > 0 ? (now.e1rm_kg - ss[t - 3].e1rm_kg) / s : kNaN;
  out[i++] = static_cast<double>(t + 1);
  int streak = 0;
  for (std::size_t k = t + 1; k-- > 0;) {
    if (std::abs(ss[k].top_weight_kg - w) > def.weight_tolerance_kg) break;
    ++streak;
  }
  out[i++] = streak;
  std::array<double, kActionCount> seen{};
  for (std::size_t k = 1; k <= t; ++k) seen[static_cast<std::size_t>(action_between(ss[k - 1], ss[k], def))] += 1;
  for (double n : seen) out[i++] = t == 0 ? kNaN : n / static_cast<double>(t);
  assert(i == kSessionFeatures.size());
}

double last_load_at_reps(const ExerciseSessions& ex, std::size_t t, double reps) {
  double best_load = kNaN;
  double best_gap = std::numeric_limits<double>::infinity();
  for (std::size_t k = t + 1; k-- > 0;) {
    for (auto set = ex.sessions[k].sets.rbegin(); set != ex.sessions[k].sets.rend(); ++set) {
      const double gap = std::abs(set->reps - reps);
      if (gap < best_gap) {
        best_gap = gap;
        best_load = set->weight_kg;
        if (gap == 0) return best_load;
      }
    }
  }
  return best_load;
}

double load_base_kg(const ExerciseSessions& ex, std::size_t t, double planned_reps) {
  const Session& now = ex.sessions[t];
  return now.e1rm_kg > 0 ? epley_load(now.e1rm_kg, planned_reps) : now.top_weight_kg;
}

void planned_reps_features(const ExerciseSessions& ex, std::size_t t, double planned_reps, const ForecastDefinition& def,
                           std::span<double> out) {
  assert(out.size() == kPlannedFeatures.size());
  const Session& now = ex.sessions[t];
  const double s = load_scale(now, def);
  out[0] = planned_reps;
  out[1] = planned_reps - now.top_reps;
  out[2] = now.e1rm_kg > 0 ? (epley_load(now.e1rm_kg, planned_reps) - now.top_weight_kg) / s : kNaN;
  double recent_e1rm = 0;
  for (std::size_t k = t + 1 >= static_cast<std::size_t>(def.moving_average) ? t + 1 - def.moving_average : 0; k <= t; ++k) {
    recent_e1rm = std::max(recent_e1rm, ex.sessions[k].e1rm_kg);
  }
  out[3] = recent_e1rm > 0 ? (epley_load(recent_e1rm, planned_reps) - now.top_weight_kg) / s : kNaN;
  out[4] = (last_load_at_reps(ex, t, planned_reps) - now.top_weight_kg) / s;
}

std::vector<Transition> transitions_of(const SessionLog& log, const ForecastDefinition& def) {
  std::vector<Transition> out;
  for (std::size_t e = 0; e < log.exercises.size(); ++e) {
    const auto& ss = log.exercises[e].sessions;
    for (std::size_t t = 0; t + 1 < ss.size(); ++t) {
      out.push_back({e, t, action_between(ss[t], ss[t + 1], def), ss[t + 1].top_weight_kg, ss[t + 1].top_reps});
    }
  }
  return out;
}

}  // namespace exertrack::next_session::model
