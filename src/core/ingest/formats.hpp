#pragma once
// Which app wrote a file and where its columns are: header names (in the
// languages Strong exports in) mapped to the roles of a set record, or, for a
// file without a header line, Strong's known column layouts by field count.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/workout_log.hpp"

namespace exertrack::core::ingest {

enum class Column : std::uint8_t {
  date,
  workout,
  exercise,
  set_order,
  weight,
  weight_unit,
  reps,
  rpe,
  distance,
  distance_unit,
  seconds,
  notes,
  set_type,   // Hevy: normal / warmup / failure / dropset
  is_warmup,  // Fitbod: true / false
  time_of_day,  // GymBook: the set's time ("12:05") beside a date without one
  skipped,      // GymBook: Yes / No
  status,       // FitNotes' newer export: Done / Failed / NotStarted
  count
};
inline constexpr std::size_t kColumnCount = static_cast<std::size_t>(Column::count);

struct Layout {
  std::string format;  // strong, strong-2024, hevy, fitnotes, fitbod, gymbook
  bool has_header = true;
  std::array<int, kColumnCount> index{};  // field index per role, -1 = absent
  std::vector<std::string> names;         // column names for messages (the header, or Strong's names)
  // Unit named by the header ("Weight (kg)", "weight_lbs", "kg"); nullopt: a
  // unit column decides per row, else ReadOptions::default_unit.
  std::optional<WeightUnit> weight_unit;
  std::optional<double> metres_per_distance_unit;  // from the header ("Distance (meters)", "distance_miles", "km")
  bool seconds_is_clock = false;                    // FitNotes "Time" holds h:mm:ss
  bool exercise_absorbs_extra_fields = false;       // FitNotes writes names with unquoted commas
  std::string_view warmup_marker;                   // the language's warm-up letter besides W ("A" in Portuguese)
  bool date_is_day_month_year = false;              // GymBook: "01/07/2026" is 1 July
  bool weight_carries_unit = false;                 // GymBook: "25.00 kg"
  // A file without a CSV header of its own (JEFIT's sections, Alpha
  // Progression's blocks): what it is, for the reader's report, and what
  // said its weight unit, when neither the header nor a unit column did.
  std::string description;
  std::string unit_evidence;
  // The language of the header's names ("French", "German", "Spanish",
  // "Portuguese", "Chinese"), when most of them are that language's own;
  // empty for English and for names this reader does not know. Evidence
  // for the weight unit (core/ingest/units.hpp).
  std::string header_language;
  // Set when the header's names were not understood and the columns were
  // taken by position: which column was read as what, for a warning.
  std::string assumed_by_position;

  [[nodiscard]] int at(Column c) const { return index[static_cast<std::size_t>(c)]; }
  [[nodiscard]] bool has(Column c) const { return at(c) >= 0; }
  [[nodiscard]] const std::string& name(Column c) const;
};

// Format names --format accepts.
[[nodiscard]] const std::vector<std::string>& known_formats();

// The layout of the records read_jefit() (core/ingest/jefit.hpp) makes of a
// JEFIT export's sets, whose weights are in `unit` as `evidence` says.
[[nodiscard]] Layout jefit_layout(WeightUnit unit, const std::string& evidence);
// The layout of the records read_alpha_progression()
// (core/ingest/alpha_progression.hpp) makes of an Alpha Progression export's sets.
[[nodiscard]] Layout alpha_progression_layout();

// Decides from the first record whether it is a header and which layout the
// file has. `forced_format` is "auto" or one of known_formats(). Throws
// InputError (file, line 1, the missing column) when a required column is absent.
[[nodiscard]] Layout detect_layout(const std::vector<std::string_view>& first_record, const std::string& forced_format,
                                   const std::string& source);

// Metres per unit for a distance unit name ("km", "mi", "miles", "m", "ft", "yd"); nullopt if unknown.
[[nodiscard]] std::optional<double> metres_per(std::string_view unit);
// kg / lb from a unit cell ("kg", "kgs", "lb", "lbs"); nullopt if unknown.
[[nodiscard]] std::optional<WeightUnit> weight_unit_from(std::string_view unit);

}  // namespace exertrack::core::ingest
