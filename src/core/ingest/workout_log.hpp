#pragma once
// The normalised workout log every reader produces: one record per set, in
// time order, weights in kilograms. Everything downstream (features, serving)
// reads only this, never a file format.
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exertrack::core::ingest {

enum class WeightUnit : std::uint8_t { kg, lb };
// The notebook's factor (step 1 of docs/notebook.md): kg = lb / 2.2046226218.
inline constexpr double kPoundsPerKilogram = 2.2046226218;

enum class SetKind : std::uint8_t { normal, warmup, drop, failure };

struct SetRecord {
  std::int64_t time = 0;          // seconds since 1970-01-01 of the date-time as written (zone ignored)
  std::uint32_t workout = 0;      // index into WorkoutLog::workouts
  std::uint32_t exercise = 0;     // index into WorkoutLog::exercises
  std::int32_t set_order = 0;     // the set's number as the file gives it
  SetKind kind = SetKind::normal;
  bool timed = false;             // cardio / timed hold: distance or seconds instead of a lifted set
  bool outlier = false;           // absurd value (e.g. reps 877777): kept for the record, skipped by features
  WeightUnit unit = WeightUnit::kg;  // the unit the weight was written in (weight_kg is converted from it)
  double weight_kg = 0;           // 0 = bodyweight, negative = assisted
  double reps = 0;
  double rpe = std::numeric_limits<double>::quiet_NaN();
  double distance_m = std::numeric_limits<double>::quiet_NaN();
  double duration_s = std::numeric_limits<double>::quiet_NaN();
  std::uint32_t notes = 0;        // index into WorkoutLog::notes; 0 = no notes
  std::uint32_t source_row = 0;   // 0-based data record index in the file (pandas' row index)
  std::uint32_t line = 0;         // 1-based physical line where the record starts
};

// What happened to the rows of one input: counts and where to look.
// Reasons a row is dropped (CleaningSummary::dropped keys):
//   "rest-timer"   Strong's Set Order "Rest Timer" rows
//   "note"         Set Order "Note" rows (a note, not a set)
//   "rating"       Strong's "Intensity" pseudo-exercise: weight 0, reps = a 1-10 effort rating
//   "no-exercise"  a record without an exercise name
//   "empty-record" a record whose fields are all empty
//   "skipped"      GymBook's sets of a plan the lifter skipped (Skipped: Yes)
//   "not-started"  a planned set never lifted (FitNotes' Status NotStarted; a JEFIT set of 0 reps
//                  or a timed one of 0 seconds, which the app fills in from the plan; an Alpha
//                  Progression set "1,-,-")
//   "unknown-sub-header"  Alpha Progression: a set under a sub-header other than #,LBS,REPS,
//                  #,KG,REPS or #,REPS
//   "bad-set", "no-sets", "orphan-set-log"  JEFIT: a packed set that is not weight x reps, an
//                  exercise log with no set, a per-set row whose exercise log is not in the file
// Reasons a kept row is flagged (CleaningSummary::flagged keys); features skip these by default:
//   "warm-up"      SetRecord::kind == SetKind::warmup (W, WARM_UP, set_type warmup, isWarmup true)
//   "timed"        SetRecord::timed: no reps, but a distance or a duration (cardio, timed holds)
//   "outlier"      SetRecord::outlier: reps or weight past kMaxPlausibleReps / kMaxPlausibleWeightKg
//   "field-count"  a record with fewer or more fields than the header
//   "set-log-differs"  JEFIT: a per-set row whose reps (or seconds) are not its packed set's; its
//                  set type is not used
// Unreadable cells (ReadOptions::strict makes each an InputError instead):
//   dropped  "bad-date", "bad-weight", "bad-weight-unit", "bad-reps": the set cannot be known without them
//   flagged  "bad-rpe", "bad-distance", "bad-distance-unit", "bad-duration", "bad-set-order",
//            "bad-set-type", "bad-warm-up", "bad-skipped", "bad-status": the set is kept, that value left out (NaN, 0 or normal)
// A file from which every row is dropped is an InputError naming the first.
struct DropStats {
  std::size_t count = 0;
  std::vector<std::size_t> first_lines;  // the first few (<= 5) 1-based line numbers
  std::string first_problem;             // for unreadable cells: "12: column 'RPE': value 'x' is not a number"
};
struct CleaningSummary {
  std::size_t rows_read = 0;
  std::size_t rows_kept = 0;
  std::map<std::string, DropStats> dropped;  // reason -> rows dropped for it
  std::map<std::string, DropStats> flagged;  // kept but flagged: "warm-up", "timed", "outlier", ...
};

struct WorkoutLog {
  std::string source;   // file path, or a description such as "synthetic (seed 42)"
  std::string format;   // detected format, e.g. "strong", "strong-2024", "hevy"
  // How the file was read, for people: delimiter, header line or not, where
  // the weight unit came from, e.g. "';'-separated, no header line (Strong's
  // 14-column layout), weight unit per row (Weight Unit column)".
  std::string format_details;
  // The unit the file's weights were written in (nullopt: a unit column gives
  // it row by row) and how it was known: "header" (Weight (kg), lb, weight_kg),
  // "column" (Weight Unit), "option" (ReadOptions::default_unit, --weight-unit),
  // "detected" (from the loads, ReadOptions::detect_unit) or "assumed" (the
  // loads did not tell: default_unit). unit_reason says why, for people.
  std::optional<WeightUnit> weight_unit;
  std::string unit_source;
  std::string unit_reason;
  // When rows name their unit (a unit column, GymBook's "25.00 kg"): the unit
  // most loaded rows name, the lifter's unit for targets; nullopt otherwise
  // or when no row names one.
  std::optional<WeightUnit> rows_unit;
  // What the reader assumed and a user should check, one sentence each
  // (e.g. columns taken by position under a header it did not understand).
  std::vector<std::string> warnings;
  std::vector<std::string> exercises;  // interned names, trimmed
  std::vector<std::string> workouts;
  std::vector<std::string> notes;      // notes[0] is ""
  std::vector<SetRecord> sets;         // time order; file order among equal times
  CleaningSummary summary;
};

// Formats (ReadOptions::format, WorkoutLog::format):
//   strong       Strong's classic exports: 10, 11 or 12 columns, ',' or ';', with or without a
//                header line, "Weight" in --weight-unit, or the unit as the column name
//                ("kg"/"lb", "km"/"mi"), or Weight Unit / Distance Unit columns; headers in
//                English, German, French, Chinese or Portuguese. Set Order may be W, F, D, Rest Timer,
//                Note; in a Portuguese export A (Aquecimento) is the warm-up.
//   strong-2024  "Workout #";"Date";...;"Weight (kg)";...;"RPE" with WARM_UP / FAILURE markers
//   strong-13    Strong's 13 columns with Weight Unit and Distance Unit (2018-20 iOS) when the file has no
//                header line: without one, the values decide between it and strong-2024's 13 columns
//   hevy         title, start_time ("8 Apr 2026, 16:50"), exercise_title, set_index, set_type,
//                weight_kg or weight_lbs, reps, distance_km/miles, duration_seconds, rpe
//   fitnotes     Date, Exercise, Category, Weight (kgs)/(lbs) or Weight + Weight Unit, Reps,
//                Distance, Distance Unit, Time (h:mm:ss); unquoted commas in names are rejoined.
//                Its newer export: Name, StartTime, EndTime, BodyWeight, Exercise, Equipment, Reps,
//                Weight, Time, Distance, Status (Done; Failed: a failure set; NotStarted: dropped,
//                "not-started"), IsWarmup, RPE, RIR, Categories, Note (13 columns before IsWarmup,
//                RPE and RIR were added)
//   fitbod       Date (" +0000" zones ignored), Exercise, Reps, Weight(kg) (negative = assisted),
//                Duration(s), Distance(m), isWarmup, Note; multiplier is not applied (the weight
//                stays as logged, per implement)
//   gymbook      GymBook's logs export: UTF-16 XML, <log> per set with date (day/month/year) and
//                time, workout, exercise, type (default), reps, weight with its unit ("25.00 kg"),
//                notes, skipped (Yes: dropped); the n-th <log> is reported as line n
//   jefit        JEFIT's export: sections (### SETTING ###, ### EXERCISE LOGS ###, ...), each with
//                its own header; the sets of EXERCISE LOGS unpacked from "50.0x15,50.0x15",
//                warm-ups from EXERCISE SET LOGS, the unit from SETTING's mass, a set's time its
//                session's start (core/ingest/jefit.hpp); the workout is the day
//   alpha-progression  Alpha Progression's comma-separated Workouts export: no header line, blocks of
//                a session's title and start ("2023-03-24 7:26 pm"), exercises ("1. Curls
//                Dumbbells","Superset 1"), #,LBS,REPS / #,KG,REPS / #,REPS sub-headers (the unit, per
//                exercise) and sets ("1,27.5,20"; "1,-,-": not-started); the exercise line's note is
//                kept with its sets (core/ingest/alpha_progression.hpp)
// FitNotes and Fitbod have no workout names: the workout is the day ("2020-01-15") and the
// set number counts the sets of an exercise within the day.
struct ReadOptions {
  // What a weight column that does not name its unit holds (the notebook assumed pounds).
  WeightUnit default_unit = WeightUnit::lb;
  // Decide kg or lb from the loads when the file does not name the unit
  // (core/ingest/units.hpp); default_unit when they do not tell. A bare Distance
  // column follows the decision (km with kg, miles with lb).
  bool detect_unit = false;
  std::string format = "auto";  // or one of known_formats() to skip detection
  bool strict = false;          // any dropped row or unreadable cell becomes an InputError naming file, line and column
  // Slash dates of a spreadsheet-saved export ("1/2/2021"): "auto" takes
  // the day/month order from the file's values and refuses a file where
  // none tells; "day-first" or "month-first" says it (a value written the
  // other way is then an error).
  std::string date_order = "auto";  // one of date_orders()
  // Trim spaces around exercise and workout names. The notebook did not: the
  // 721 file has both "Lat Pulldown " (96 sets) and "Lat Pulldown" (34), which
  // pandas keeps as two exercises, so notebook parity needs trim_names = false.
  bool trim_names = true;
};

// Bounds past which a value is absurd (a typo such as reps 877777 or a
// 2,956 lb squat, 1,341 kg): the set is kept with SetRecord::outlier = true and
// counted in CleaningSummary::flagged["outlier"], and features skip it. The
// heaviest lifts ever recorded are about 500 kg and sets of more than a few
// hundred reps are not strength sets; assisted (negative) weights are bounded alike.
inline constexpr double kMaxPlausibleReps = 300;
inline constexpr double kMaxPlausibleWeightKg = 600;

// ReadOptions::date_order's values: auto, day-first, month-first.
[[nodiscard]] const std::vector<std::string>& date_orders();

// Reads an export file. Unreadable input throws InputError whose message
// names the file, the line, the column and the offending value.
[[nodiscard]] WorkoutLog read_workout_log(const std::filesystem::path& path, const ReadOptions& options = {});

// The same from bytes in memory (an HTTP upload, a test fixture); `source`
// names it in error messages.
[[nodiscard]] WorkoutLog parse_workout_log(std::string_view text, const std::string& source,
                                           const ReadOptions& options = {});

// "rows read 4690, kept 4505, dropped 185\n  dropped rating: 185 (lines 30, 61, ...)\n  flagged ..."
// for the CLI; metrics.json serialises CleaningSummary itself.
[[nodiscard]] std::string format_cleaning_summary(const CleaningSummary& summary);

}  // namespace exertrack::core::ingest
