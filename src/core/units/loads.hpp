#pragma once
// What a weight can be loaded with: the equipment an exercise uses, the
// unit's smallest loadable step for it, the loadable grid and the plates,
// with the JSON form model files record them in. Shared by the next-session
// forecast (sessions, baselines, forecast.json) and the notebook's target
// rule (predict), so both step and snap weights alike.
#include <array>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/workout_log.hpp"

namespace exertrack::core::units {

// What the exercise is loaded with; decides the smallest weight step.
enum class Equipment : std::uint8_t { barbell, dumbbell, machine, kettlebell, other };
inline constexpr std::size_t kEquipmentCount = 5;

// "barbell", "dumbbell", "machine", "kettlebell", "other".
[[nodiscard]] std::string_view equipment_name(Equipment e);
// Inverse of equipment_name ("cable" is accepted as machine); nullopt otherwise.
[[nodiscard]] std::optional<Equipment> equipment_by_name(std::string_view name);
// From an exercise name as the apps write it: "Bench Press (Barbell)",
// "Curl (Dumbbell)", "Lat Pulldown (Cable)", "Leg Press (Machine)", "Squat
// (Smith Machine)" (plates: barbell steps); words without parentheses
// ("Dumbbell Row") count too; anything else is `other`.
[[nodiscard]] Equipment equipment_from_exercise_name(std::string_view exercise_name);

// "kg" / "lb"; unit_by_name accepts kg, kgs, lb, lbs (any case).
[[nodiscard]] std::string_view unit_name(core::ingest::WeightUnit u);
[[nodiscard]] std::optional<core::ingest::WeightUnit> unit_by_name(std::string_view name);

// The loadable step for a unit and equipment: barbell 2.5 kg / 5 lb (the
// smallest common plate pair), dumbbell 2 kg / 5 lb (fixed-dumbbell racks),
// machine and cable stacks 5 kg / 10 lb, kettlebell 4 kg / 10 lb, other
// (bodyweight with a belt, anything unknown) 2.5 kg / 5 lb.
[[nodiscard]] double default_increment(core::ingest::WeightUnit unit, Equipment equipment);

// Every equipment's step in both units, as data: a next-session model
// writes them into forecast.json ("steps") and the Node.js package reads
// them there instead of keeping a second table.
struct LoadSteps {
  std::array<double, kEquipmentCount> kg{};
  std::array<double, kEquipmentCount> lb{};
  [[nodiscard]] double of(core::ingest::WeightUnit u, Equipment e) const {
    return (u == core::ingest::WeightUnit::lb ? lb : kg)[static_cast<std::size_t>(e)];
  }
};
// default_increment's steps.
[[nodiscard]] LoadSteps default_load_steps();
// The smallest multiple of `step` strictly above x: (floor(x / step + 1e-9)
// + 1) * step, the next weight that can be loaded (85 lb on a 10 lb stack ->
// 90, not 100; 61.23 kg with 2.5 kg plates -> 62.5). The 1e-9 absorbs unit
// conversion noise (99.99999999999999 counts as 100). Same expression as
// JS's nextLoadable, so both give the same bits.
[[nodiscard]] double next_loadable(double x, double step);

// kg -> unit (lb: x * kPoundsPerKilogram rounded to 1e-6, so 225 lb read as
// kg comes back as 225, not 225.00000000000003); unit -> kg (lb / factor).
[[nodiscard]] double kg_to_unit(double kg, core::ingest::WeightUnit unit);
[[nodiscard]] double unit_to_kg(double w, core::ingest::WeightUnit unit);

// A bar and the plates a gym has for it, in one unit.
struct PlateSet {
  double bar = 0;
  std::vector<double> plates;  // heaviest first
};
// Both units' plate sets. Data, not code: a next-session model writes them
// into forecast.json ("plates") and the Node.js package reads them there, so
// the two sides cannot drift.
struct PlateSets {
  PlateSet kg;
  PlateSet lb;
  [[nodiscard]] const PlateSet& of(core::ingest::WeightUnit u) const { return u == core::ingest::WeightUnit::lb ? lb : kg; }
};
// A 20 kg bar with 25, 20, 15, 10, 5, 2.5 and 1.25 kg plates (calibrated
// plates as competition gyms have them); a 45 lb bar with 45, 35, 25, 10, 5
// and 2.5 lb plates (the usual commercial-gym set).
[[nodiscard]] PlateSets default_plate_sets();

// The plates on each side of the bar that make `weight` (in the set's
// unit), heaviest first, greedy from the heaviest plate (the fewest plates
// for these sets); empty for the bare bar. nullopt when `weight` is below the
// bar or the plates cannot make it exactly (a weight off the plate grid).
// Computed in hundredths of the unit as whole numbers, so JS's platesPerSide
// gives the same plates for the same weight.
[[nodiscard]] std::optional<std::vector<double>> plates_per_side(double weight, const PlateSet& set);

// Plate sets <-> JSON, as recorded in forecast.json's "plates":
// {"kg": {"bar": 20, "plates": [25, ...]}, "lb": {...}}; plates heaviest
// first, each > 0, the bar >= 0 (from_json throws InputError otherwise).
[[nodiscard]] nlohmann::json plate_sets_to_json(const PlateSets& p);
[[nodiscard]] PlateSets plate_sets_from_json(const nlohmann::json& j, const std::string& where);
// Steps <-> JSON, as recorded in forecast.json's "steps":
// {"kg": {"barbell": 2.5, "dumbbell": 2, ...}, "lb": {...}}.
[[nodiscard]] nlohmann::json load_steps_to_json(const LoadSteps& s);
[[nodiscard]] LoadSteps load_steps_from_json(const nlohmann::json& j, const std::string& where);

// The unit a lifter logs in, for targets and loadable steps: what the file
// states, the reader detected or --weight-unit said (WorkoutLog::weight_unit),
// else the unit most of its rows name (a unit column, GymBook), else
// `fallback`.
[[nodiscard]] core::ingest::WeightUnit logged_unit(const core::ingest::WorkoutLog& log, core::ingest::WeightUnit fallback);

// The unit a log's targets are given in: `requested` when the caller names
// one (recommend --unit, the HTTP API's unit), else the unit the lifter logs
// in, falling back to what `read` assumed for a weight column that names
// none. Every command, the HTTP API (either task's model) and training ask
// here, so a file is answered in the same unit wherever it is sent.
[[nodiscard]] core::ingest::WeightUnit target_unit(const core::ingest::WorkoutLog& log, const core::ingest::ReadOptions& read,
                                                   std::optional<core::ingest::WeightUnit> requested = std::nullopt);

}  // namespace exertrack::core::units
