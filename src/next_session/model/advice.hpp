#pragma once
// What the next-session model tells a lifter about one exercise: the most
// likely action with a concrete top set to attempt — a loadable weight in
// the unit the lifter logs in and whole reps —, its probability, how likely
// the lifter is ready to add weight, loads for other rep counts on request,
// and a reason drawn from the history. The Node.js package builds the same
// from the same model file (js/src/forecast/functions/advice.js), tested
// against golden vectors.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "next_session/model/forecast_model.hpp"
#include "next_session/model/load_grid.hpp"

namespace exertrack::next_session::model {

// An exercise not trained for this many days before the log's last date is
// listed as inactive.
inline constexpr double kInactiveAfterDays = 56;

struct TopSet {
  double weight = 0;  // in the advice's unit; assistance as the lifter logged it
  double reps = 0;
};

struct PlannedLoad {
  double reps = 0;
  double weight = 0;  // in the advice's unit, loadable
};

// One session of the exercise as a chart shows it, in the advice's unit.
struct HistoryPoint {
  std::int64_t time = 0;  // the session's start as written
  TopSet top;             // as the lifter logs it (assistance positive where logged so)
  double e1rm = 0;        // Epley, best over the sets with a positive load; 0 when none
};

struct NextSessionAdvice {
  std::string name;
  core::units::Equipment equipment = core::units::Equipment::other;
  LoadKind kind = LoadKind::weighted;
  core::ingest::WeightUnit unit = core::ingest::WeightUnit::kg;
  std::int64_t last_time = 0;  // the last session's start (seconds since 1970-01-01, as written)
  TopSet last;                 // its top set
  bool dated = true;     // ExerciseSessions::dated: false leaves the dates and inactivity out of the answer
  bool inactive = false;  // judged only when dated
  std::size_t sessions = 0;
  int action = 0;  // index into kActionNames
  std::array<double, kActionCount> probabilities{};
  double ready_to_add_weight = 0;  // P(increase weight) + P(increase weight, decrease reps)
  TopSet target;
  // Barbell targets of weighted work: the plates on each side of the bar
  // (model.plates, the advice's unit), heaviest first; nullopt for other
  // equipment, a target below the bar or off the plate grid, or a model
  // without plate sets.
  std::optional<std::vector<double>> plates_per_side;
  std::vector<PlannedLoad> planned;
  std::vector<HistoryPoint> history;  // every session, oldest first
  std::string reason;
};

// The top set to attempt after a session whose top set had `last_reps`, in
// the lifter's unit: the weight head's forecast (`predicted_u`, unsnapped)
// moved onto the loadable grid, then made to agree with the action. An
// "increase weight" is at least the next loadable weight up, at the last
// reps; "increase weight, decrease reps" as heavy, at fewer reps (at least
// 1); "increase reps" the same weight for at least one rep more; "repeat"
// the same set; "decrease weight" at most the next loadable weight down,
// never below 0 unless the load is assistance.
[[nodiscard]] TopSet target_for(int action, const LoadGrid& grid, double last_reps, double predicted_u, double predicted_reps,
                                LoadKind kind);

// Why: the last (up to three) sessions' top sets as the lifter logs them,
// where the last one stands in the exercise's rep range, and what to do:
// "100 kg × 10, × 10, × 10 in your last three sessions, the top of your
// 8-10 range: add weight, 102.5 kg × 10."
[[nodiscard]] std::string reason_for(const ExerciseSessions& ex, core::ingest::WeightUnit unit, int action, const TopSet& target);

// The advice after the exercise's last session, in `unit`, from what the
// model forecast for it (ForecastModel::forecast, which also gives the
// loads for `planned_reps`, in that order). `log_last_time` decides
// inactivity.
[[nodiscard]] NextSessionAdvice advise(const ForecastModel& model, const ExerciseSessions& ex, const ExerciseForecast& forecast,
                                       core::ingest::WeightUnit unit, std::int64_t log_last_time,
                                       const std::vector<double>& planned_reps = {});
// One exercise alone at a given lifter's temperature (tests, and callers
// that know T_l): its forecast made here, one batch of its own rows.
[[nodiscard]] NextSessionAdvice advise(const ForecastModel& model, const ExerciseSessions& ex, core::ingest::WeightUnit unit,
                                       std::int64_t log_last_time, const std::vector<double>& planned_reps = {},
                                       double lifter_temperature = 1.0);

// Every exercise of a log: advice for those with working sets, the others
// listed apart with the reason, the probabilities at the lifter's temperature
// from the whole log (one batch for the whole log: ForecastModel::forecast).
// `only` (when not empty) keeps that exercise; throws InputError when it has
// no sets, or when the log has none at all.
struct LogAdvice {
  std::vector<NextSessionAdvice> results;
  std::vector<LeftOutExercise> not_strength;
};
[[nodiscard]] LogAdvice advise_log(const ForecastModel& model, const core::ingest::WorkoutLog& log, core::ingest::WeightUnit unit, std::string_view only = {},
                                   const std::vector<double>& planned_reps = {});
// advise_log after its first steps (build_sessions, the forecast), for a
// lifter whose history arrives in parts: POST /v1/recommendations sends each
// exercise apart, and the temperature comes from all of them, as it does for
// the export they came from. `forecasts` holds one per exercise of
// `sessions`, in order.
[[nodiscard]] LogAdvice advise_sessions(const ForecastModel& model, SessionLog sessions, core::ingest::WeightUnit unit,
                                        std::span<const ExerciseForecast> forecasts, const std::vector<double>& planned_reps);

// The one check of the rep counts a lifter plans (recommend --planned-reps,
// the HTTP API's planned_reps, advise_log): whole numbers from 1 to
// def.max_planned_reps. The problem with `reps` ("8.5 is not a whole number
// of reps from 1 to 300"), or nullopt when it is one.
[[nodiscard]] std::optional<std::string> planned_reps_problem(double reps, const ForecastDefinition& def);
// Throws InputError "planned reps: <problem>" for the first that is not.
void check_planned_reps(const std::vector<double>& planned_reps, const ForecastDefinition& def);

// A load as the advice writes it: "81.65 kg" to the hundredth (a kg log of
// pound plates holds 81.646627 kg; the page and js/ round alike), or
// "bodyweight" for 0.
[[nodiscard]] std::string load_text(double weight, core::ingest::WeightUnit unit);

// The top set's load as the lifter sees it, in `unit` (assistance logged as
// a positive weight shown positive again).
[[nodiscard]] double displayed_weight(const ExerciseSessions& ex, double weight_kg, core::ingest::WeightUnit unit);

}  // namespace exertrack::next_session::model
