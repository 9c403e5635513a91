#pragma once
// The normalised workout log every reader produces: one record per set, in
// time order, weights in kilograms. Everything downstream (features, serving)
// reads only this, never a file format.
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace exertrack {

enum class WeightUnit : std::uint8_t { kg, lb };
// The notebook's factor (step 1 of seed-notebook.md): kg = lb / 2.2046226218.
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
struct DropStats {
  std::size_t count = 0;
  std::vector<std::size_t> first_lines;  // the first few (<= 5) 1-based line numbers
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
  std::vector<std::string> exercises;  // interned names, trimmed
  std::vector<std::string> workouts;
  std::vector<std::string> notes;      // notes[0] is ""
  std::vector<SetRecord> sets;         // time order; file order among equal times
  CleaningSummary summary;
};

struct ReadOptions {
  // What a weight column that does not name its unit holds (the notebook assumed pounds).
  WeightUnit default_unit = WeightUnit::lb;
  std::string format = "auto";  // or a format name to skip detection
  bool strict = false;          // any dropped row becomes an InputError naming file, line and column
};

// Reads an export file. Unreadable input throws InputError whose message
// names the file, the line, the column and the offending value.
[[nodiscard]] WorkoutLog read_workout_log(const std::filesystem::path& path, const ReadOptions& options = {});

// The same from bytes in memory (an HTTP upload, a test fixture); `source`
// names it in error messages.
[[nodiscard]] WorkoutLog parse_workout_log(std::string_view text, const std::string& source,
                                           const ReadOptions& options = {});

}  // namespace exertrack
