#include "next_session/model/sessions.hpp"

#include <limits>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <tuple>

using exertrack::core::ingest::SetKind;
using exertrack::core::ingest::SetRecord;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::units::equipment_from_exercise_name;

namespace exertrack::next_session::model {

std::string_view load_kind_name(LoadKind k) {
  switch (k) {
    case LoadKind::weighted: return "weighted";
    case LoadKind::bodyweight: return "bodyweight";
    case LoadKind::assisted: return "assisted";
  }
  return "weighted";
}

bool is_working_set(const SetRecord& set) {
  return (set.kind == SetKind::normal || set.kind == SetKind::failure) && !set.timed && !set.outlier &&
         set.reps > 0 && std::isfinite(set.reps) && std::isfinite(set.weight_kg);
}

bool is_assisted_name(std::string_view exercise_name) {
  std::string n(exercise_name);
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return n.find("assisted") != std::string::npos;
}

double epley_1rm(double weight, double reps) { return weight * (1.0 + reps / 30.0); }
double epley_load(double one_rm, double reps) { return one_rm / (1.0 + reps / 30.0); }

namespace {

// Fills the summary fields of a session from its sets.
void summarise(Session& s) {
  const SessionSet* top = nullptr;
  thread_local std::vector<double> loads;  // scratch, reused across sessions
  loads.clear();
  for (const SessionSet& set : s.sets) {
    if (top == nullptr || set.weight_kg > top->weight_kg || (set.weight_kg == top->weight_kg && set.reps > top->reps)) {
      top = &set;
    }
    if (set.weight_kg > 0) {
      s.e1rm_kg = std::max(s.e1rm_kg, epley_1rm(set.weight_kg, set.reps));
      s.volume_kg += set.weight_kg * set.reps;
    }
    loads.push_back(set.weight_kg);
  }
  s.top_weight_kg = top->weight_kg;
  s.top_reps = top->reps;
  s.rpe = top->rpe;
  s.working_sets = static_cast<int>(s.sets.size());
  std::sort(loads.begin(), loads.end());
  s.distinct_loads = static_cast<int>(std::unique(loads.begin(), loads.end()) - loads.begin());
  const auto [lo, hi] = std::minmax_element(s.sets.begin(), s.sets.end(),
                                            [](const SessionSet& a, const SessionSet& b) { return a.reps < b.reps; });
  s.min_reps = lo->reps;
  s.max_reps = hi->reps;
}

LoadKind kind_of(const ExerciseSessions& e) {
  bool any_negative = false, any_positive = false;
  for (const Session& s : e.sessions) {
    for (const SessionSet& set : s.sets) {
      any_negative |= set.weight_kg < 0;
      any_positive |= set.weight_kg > 0;
    }
  }
  if (any_negative) return LoadKind::assisted;
  return any_positive ? LoadKind::weighted : LoadKind::bodyweight;
}

}  // namespace

SessionLog build_sessions(const WorkoutLog& log, std::string lifter) {
  SessionLog out;
  out.lifter = std::move(lifter);
  // FitNotes and Fitbod name the workout after its day; their per-set
  // timestamps (Fitbod) must not split one day's sets into several sessions.
  const bool day_sessions = log.format == "fitnotes" || log.format == "fitbod";
  std::vector<bool> assisted_name(log.exercises.size());
  for (std::size_t i = 0; i < log.exercises.size(); ++i) assisted_name[i] = is_assisted_name(log.exercises[i]);

  // (exercise, workout, start) -> session, kept in first-seen order per exercise.
  using Key = std::tuple<std::uint32_t, std::uint32_t, std::int64_t>;
  std::map<Key, std::size_t> index;
  const std::pair<const Key, std::size_t>* previous = nullptr;  // map nodes stay put
  std::vector<std::vector<Session>> per_exercise(log.exercises.size());
  // Per exercise: sets seen, and of the non-working ones how many were timed.
  std::vector<std::size_t> seen(log.exercises.size()), timed(log.exercises.size());
  // Each working set's session, found first, so that every session's sets
  // are allocated once at their number: growing them set by set was a
  // quarter of a one-exercise POST /v1/recommendations' allocations.
  constexpr auto kNoSession = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> session_of(log.sets.size(), kNoSession);
  for (std::size_t i = 0; i < log.sets.size(); ++i) {
    const SetRecord& set = log.sets[i];
    if (set.time > out.last_time) out.last_time = set.time;
    ++seen[set.exercise];
    if (!is_working_set(set)) {
      ++out.sets_skipped;
      timed[set.exercise] += set.timed ? 1 : 0;
      continue;
    }
    ++out.working_sets;
    const std::int64_t start = day_sessions ? set.time - ((set.time % 86400) + 86400) % 86400 : set.time;
    const Key key{set.exercise, set.workout, start};
    auto& sessions = per_exercise[set.exercise];
    // A session's sets mostly follow one another: the previous set's
    // session is looked up first, the index only when it is another.
    if (!(previous && previous->first == key)) {
      auto [it, fresh] = index.try_emplace(key, sessions.size());
      if (fresh) {
        Session s;
        s.time = start;
        s.line = set.line;
        sessions.push_back(std::move(s));
      }
      previous = &*it;
    }
    session_of[i] = previous->second;
    ++sessions[previous->second].working_sets;  // summarise() sets it again, to the same count
  }
  for (auto& sessions : per_exercise) {
    for (Session& s : sessions) s.sets.reserve(static_cast<std::size_t>(s.working_sets));
  }
  for (std::size_t i = 0; i < log.sets.size(); ++i) {
    if (session_of[i] == kNoSession) continue;
    const SetRecord& set = log.sets[i];
    const double load = assisted_name[set.exercise] && set.weight_kg > 0 ? -set.weight_kg : set.weight_kg;
    per_exercise[set.exercise][session_of[i]].sets.push_back({load, set.reps, set.rpe});
  }

  // Exercises bytewise by name, as the feature table orders them.
  std::vector<std::uint32_t> order;
  for (std::uint32_t e = 0; e < per_exercise.size(); ++e) {
    if (!per_exercise[e].empty()) {
      order.push_back(e);
    } else if (seen[e] > 0) {
      out.left_out.push_back({log.exercises[e], timed[e] > 0 ? "timed or cardio sets only (distance or duration, no reps)"
                                                             : "no working set (warm-up, drop, 0-rep or implausible sets only)"});
    }
  }
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return log.exercises[a] < log.exercises[b]; });
  std::sort(out.left_out.begin(), out.left_out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (const std::uint32_t e : order) {
    ExerciseSessions ex;
    ex.name = log.exercises[e];
    ex.equipment = equipment_from_exercise_name(ex.name);
    ex.assistance_logged_positive = assisted_name[e];
    ex.sessions = std::move(per_exercise[e]);
    // The log is in time order, so sessions are too, but two workouts at one
    // time (a duplicated import) must still come out in a fixed order. Most
    // logs need no sort at all, and then no temporary buffer of sessions.
    const auto earlier = [](const Session& a, const Session& b) { return a.time < b.time; };
    if (!std::is_sorted(ex.sessions.begin(), ex.sessions.end(), earlier)) std::stable_sort(ex.sessions.begin(), ex.sessions.end(), earlier);
    for (std::size_t i = 0; i < ex.sessions.size(); ++i) {
      Session& s = ex.sessions[i];
      summarise(s);
      if (i > 0) s.days_since_previous = static_cast<double>(s.time - ex.sessions[i - 1].time) / 86400.0;
    }
    ex.kind = kind_of(ex);
    out.exercises.push_back(std::move(ex));
  }
  return out;
}

void forget_dates(ExerciseSessions& ex) {
  ex.dated = false;
  for (Session& s : ex.sessions) s.days_since_previous = std::numeric_limits<double>::quiet_NaN();
}

}  // namespace exertrack::next_session::model
