#pragma once
// The next-session task's unit of data: one row per (exercise, session) of a
// lifter, built from the normalised log's working sets. A forecast says what
// the lifter will do in the exercise's next session, so everything here is
// about sessions, not single sets.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/workout_log.hpp"
#include "core/units/loads.hpp"

namespace exertrack::next_session::model {

// What "heavier" means for an exercise.
//   weighted    plates, dumbbells, stacks: progress is more weight, then more reps.
//   bodyweight  every working set at weight 0 (push-ups, pull-ups): progress is
//               reps; a belt's added weight later makes it weighted.
//   assisted    the load helps the lifter: negative weights (Fitbod, Hevy) or a
//               positive weight on an exercise named "Assisted" (Strong logs
//               the assistance there). Stored negated, so the "heaviest" set
//               is the one with the least assistance and every rule that
//               prefers more weight prefers less assistance.
enum class LoadKind : std::uint8_t { weighted, bodyweight, assisted };
[[nodiscard]] std::string_view load_kind_name(LoadKind k);

struct SessionSet {
  double weight_kg = 0;  // signed load (assistance negative)
  double reps = 0;
  double rpe = std::numeric_limits<double>::quiet_NaN();
};

struct Session {
  std::int64_t time = 0;  // the session's start as written (seconds since 1970-01-01)
  // The top set: heaviest load, ties -> most reps.
  double top_weight_kg = 0;
  double top_reps = 0;
  // Epley, w * (1 + r / 30), best over the working sets with a positive
  // load; 0 when the session has none (bodyweight, assisted).
  double e1rm_kg = 0;
  int working_sets = 0;
  int distinct_loads = 0;
  double volume_kg = 0;  // sum of weight * reps over sets with a positive load
  double min_reps = 0, max_reps = 0;
  double rpe = std::numeric_limits<double>::quiet_NaN();  // the top set's, when logged
  double days_since_previous = std::numeric_limits<double>::quiet_NaN();  // NaN: first session
  std::uint32_t line = 0;        // file line of the session's first working set
  std::vector<SessionSet> sets;  // the working sets in the order done
};

struct ExerciseSessions {
  std::string name;
  core::units::Equipment equipment = core::units::Equipment::other;
  LoadKind kind = LoadKind::weighted;
  // The file logged the assistance as a positive weight (Strong's
  // "(Assisted)" exercises): shown back to the lifter the same way.
  bool assistance_logged_positive = false;
  // The sessions came without dates (a JSON request may send only their
  // order): their times only order them, nothing is said about days
  // between them (days_since_previous is missing, inactivity not judged)
  // and no answer shows a date.
  bool dated = true;
  std::vector<Session> sessions;  // oldest first
};

// An exercise that has sets but no working set, and why: it gets no
// weight x reps target (cardio, timed holds, warm-ups only).
struct LeftOutExercise {
  std::string name;
  std::string reason;
};

// A lifter's sessions, exercise by exercise (bytewise by name).
struct SessionLog {
  std::string lifter;
  std::int64_t last_time = 0;  // the log's last set, any exercise
  std::vector<ExerciseSessions> exercises;
  std::vector<LeftOutExercise> left_out;  // bytewise by name
  std::size_t working_sets = 0;
  std::size_t sets_skipped = 0;  // warm-up, drop, timed, outlier and 0-rep sets
};

// A working set: a normal or failure set with reps > 0 that the reader did
// not flag (timed, outlier). Warm-ups and drop sets are not what a lifter
// progresses on.
[[nodiscard]] bool is_working_set(const core::ingest::SetRecord& set);

// True for exercise names that log assistance as a positive weight ("Pull Up
// (Assisted)", "Assisted Dip").
[[nodiscard]] bool is_assisted_name(std::string_view exercise_name);

// Groups the working sets into sessions. A session is one workout: its name
// and start time (Strong, Hevy), or its day (FitNotes and Fitbod, whose
// workout is the day). Exercises without working sets are left out.
[[nodiscard]] SessionLog build_sessions(const core::ingest::WorkoutLog& log, std::string lifter);

// Marks an exercise's sessions as known only by their order (sent without
// dates): `dated` false and days_since_previous missing, since the times
// that order them are not days anybody gave.
void forget_dates(ExerciseSessions& ex);

// Epley's estimated one-repetition maximum and its inverse (the load for
// `reps` from an estimated maximum).
[[nodiscard]] double epley_1rm(double weight, double reps);
[[nodiscard]] double epley_load(double one_rm, double reps);

}  // namespace exertrack::next_session::model
