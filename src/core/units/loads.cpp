#include "core/units/loads.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "core/util/error.hpp"

using exertrack::core::ingest::kPoundsPerKilogram;
using exertrack::core::ingest::ReadOptions;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::InputError;

namespace exertrack::core::units {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

template <typename T>
T required(const nlohmann::json& j, const char* key, const std::string& where) {
  if (!j.is_object() || !j.contains(key)) throw InputError(where + ": missing '" + key + "'");
  try {
    return j.at(key).get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw InputError(where + ": '" + key + "': " + e.what());
  }
}

}  // namespace

std::string_view equipment_name(Equipment e) {
  switch (e) {
    case Equipment::barbell: return "barbell";
    case Equipment::dumbbell: return "dumbbell";
    case Equipment::machine: return "machine";
    case Equipment::kettlebell: return "kettlebell";
    case Equipment::other: return "other";
  }
  return "other";
}

std::optional<Equipment> equipment_by_name(std::string_view name) {
  const std::string n = lower(name);
  if (n == "barbell") return Equipment::barbell;
  if (n == "dumbbell") return Equipment::dumbbell;
  if (n == "machine" || n == "cable") return Equipment::machine;
  if (n == "kettlebell") return Equipment::kettlebell;
  if (n == "other") return Equipment::other;
  return std::nullopt;
}

Equipment equipment_from_exercise_name(std::string_view exercise_name) {
  const std::string n = lower(exercise_name);
  // Strong/Hevy put the equipment in the last parentheses; the words alone
  // decide otherwise. Smith machines and EZ/trap bars take plates.
  std::string_view key = n;
  if (const auto open = n.rfind('('); open != std::string::npos) {
    const auto close = n.find(')', open);
    key = std::string_view(n).substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
  }
  auto classify = [](std::string_view s) -> std::optional<Equipment> {
    if (contains(s, "smith") || contains(s, "barbell") || contains(s, "ez bar") || contains(s, "trap bar") ||
        contains(s, "hex bar")) {
      return Equipment::barbell;
    }
    if (contains(s, "dumbbell")) return Equipment::dumbbell;
    if (contains(s, "kettlebell")) return Equipment::kettlebell;
    if (contains(s, "machine") || contains(s, "cable") || contains(s, "pulldown") || contains(s, "leg press")) {
      return Equipment::machine;
    }
    return std::nullopt;
  };
  if (auto e = classify(key)) return *e;
  if (auto e = classify(n)) return *e;
  return Equipment::other;
}

std::string_view unit_name(WeightUnit u) { return u == WeightUnit::lb ? "lb" : "kg"; }

std::optional<WeightUnit> unit_by_name(std::string_view name) {
  const std::string n = lower(name);
  if (n == "kg" || n == "kgs") return WeightUnit::kg;
  if (n == "lb" || n == "lbs") return WeightUnit::lb;
  return std::nullopt;
}

double default_increment(WeightUnit unit, Equipment equipment) {
  const bool kg = unit == WeightUnit::kg;
  switch (equipment) {
    case Equipment::barbell: return kg ? 2.5 : 5.0;
    case Equipment::dumbbell: return kg ? 2.0 : 5.0;
    case Equipment::machine: return kg ? 5.0 : 10.0;
    case Equipment::kettlebell: return kg ? 4.0 : 10.0;
    case Equipment::other: return kg ? 2.5 : 5.0;
  }
  return kg ? 2.5 : 5.0;
}

LoadSteps default_load_steps() {
  LoadSteps s;
  for (std::size_t e = 0; e < kEquipmentCount; ++e) {
    s.kg[e] = default_increment(WeightUnit::kg, static_cast<Equipment>(e));
    s.lb[e] = default_increment(WeightUnit::lb, static_cast<Equipment>(e));
  }
  return s;
}

double next_loadable(double x, double step) { return (std::floor(x / step + 1e-9) + 1.0) * step; }

double kg_to_unit(double kg, WeightUnit unit) {
  if (unit == WeightUnit::kg) return kg;
  return std::round(kg * kPoundsPerKilogram * 1e6) / 1e6;
}

double unit_to_kg(double w, WeightUnit unit) { return unit == WeightUnit::lb ? w / kPoundsPerKilogram : w; }

PlateSets default_plate_sets() {
  return {{20, {25, 20, 15, 10, 5, 2.5, 1.25}}, {45, {45, 35, 25, 10, 5, 2.5}}};
}

std::optional<std::vector<double>> plates_per_side(double weight, const PlateSet& set) {
  if (!std::isfinite(weight) || weight < set.bar - 1e-9) return std::nullopt;
  // Both sides in hundredths: 1.25 kg plates and unit-converted weights
  // (1e-6 noise) are whole numbers there, and whole numbers below 2^53 add
  // and subtract exactly in every language.
  const double both = (weight - set.bar) * 100;
  const double whole = std::round(both);
  if (std::abs(both - whole) > 1e-4) return std::nullopt;
  double left = whole / 2;  // per side; a .5 remainder is no plate's
  std::vector<double> out;
  for (const double plate : set.plates) {
    const double p = std::round(plate * 100);
    while (p > 0 && left >= p) {
      out.push_back(plate);
      left -= p;
    }
  }
  if (left != 0) return std::nullopt;
  return out;
}

nlohmann::json plate_sets_to_json(const PlateSets& p) {
  auto one = [](const PlateSet& s) { return nlohmann::json{{"bar", s.bar}, {"plates", s.plates}}; };
  return {{"kg", one(p.kg)}, {"lb", one(p.lb)}};
}

PlateSets plate_sets_from_json(const nlohmann::json& j, const std::string& where) {
  auto one = [&](const char* unit) {
    const std::string at = where + "." + unit;
    if (!j.is_object() || !j.contains(unit)) throw InputError(where + ": missing '" + unit + "'");
    PlateSet s;
    s.bar = required<double>(j.at(unit), "bar", at);
    s.plates = required<std::vector<double>>(j.at(unit), "plates", at);
    if (!(s.bar >= 0 && s.bar < 1000)) throw InputError(at + ".bar: must be a weight from 0 to 1000");
    for (std::size_t i = 0; i < s.plates.size(); ++i) {
      if (!(s.plates[i] > 0 && s.plates[i] < 1000) || (i > 0 && !(s.plates[i] < s.plates[i - 1]))) {
        throw InputError(at + ".plates: must be weights > 0, heaviest first, each once");
      }
    }
    return s;
  };
  return {one("kg"), one("lb")};
}

nlohmann::json load_steps_to_json(const LoadSteps& s) {
  nlohmann::json j;
  for (std::size_t e = 0; e < kEquipmentCount; ++e) {
    const std::string name(equipment_name(static_cast<Equipment>(e)));
    j["kg"][name] = s.kg[e];
    j["lb"][name] = s.lb[e];
  }
  return j;
}

LoadSteps load_steps_from_json(const nlohmann::json& j, const std::string& where) {
  LoadSteps s;
  for (const char* unit : {"kg", "lb"}) {
    if (!j.is_object() || !j.contains(unit)) throw InputError(where + ": missing '" + unit + "'");
    auto& steps = std::string_view(unit) == "kg" ? s.kg : s.lb;
    for (std::size_t e = 0; e < kEquipmentCount; ++e) {
      const std::string name(equipment_name(static_cast<Equipment>(e)));
      steps[e] = required<double>(j.at(unit), name.c_str(), where + "." + unit);
      if (!(steps[e] > 0 && steps[e] < 1000)) throw InputError(where + "." + unit + "." + name + ": must be a weight step > 0 and < 1000");
    }
  }
  return s;
}

WeightUnit logged_unit(const WorkoutLog& log, WeightUnit fallback) {
  if (log.weight_unit) return *log.weight_unit;
  if (log.rows_unit) return *log.rows_unit;
  return fallback;
}

WeightUnit target_unit(const WorkoutLog& log, const ReadOptions& read, std::optional<WeightUnit> requested) {
  return requested ? *requested : logged_unit(log, read.default_unit);
}

}  // namespace exertrack::core::units
