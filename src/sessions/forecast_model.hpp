#pragma once
// The next-session model as serving uses it: four gradient-boosted tree
// ensembles (XGBoost) over the session features —
//   action  multi:softprob over kActionNames, then temperature-scaled
//   weight  the next top set's weight, as (w' - w_t) / s
//   reps    the next top set's reps, as r' - r_t
//   load    the load for the reps the lifter plans next, as (w' - base) / s_load
//           with base = load_base_kg (Epley) and s_load = load_head_scale,
//           from the session features plus planned_reps_features
// — and the definition that makes their inputs. Stored as one JSON file,
// DIR/forecast.json, which the Node.js package reads too (schema:
// docs/forecast-model.schema.json).
#include <array>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sessions/session_features.hpp"
#include "sessions/xgb.hpp"

namespace exertrack {

inline constexpr std::string_view kForecastModelFile = "forecast.json";
inline constexpr std::string_view kForecastFormat = "exertrack-next-session";

struct ForecastOutput {
  std::array<double, kActionCount> probabilities{};  // calibrated, kActionNames order
  int action = 0;                                     // the most probable action
  double weight_kg = 0;                               // next top set, unsnapped
  double reps = 0;
};

class ForecastModel {
 public:
  ForecastDefinition definition;
  double temperature = 1.0;  // p_c proportional to p_raw_c^(1/T), fitted for calibration
  xgb::Booster action, weight, reps, load;
  nlohmann::json training;   // what the model was trained on (lifters, transitions, parameters)
  // The bar and plates barbell targets are loaded with ("plates" in
  // forecast.json); nullopt for a model file written before it carried them
  // (its advice then names no plates, in C++ and in JS alike).
  std::optional<PlateSets> plates = default_plate_sets();
  // The loadable step per unit and equipment targets move by ("steps" in
  // forecast.json); a file written before it carried them reads as the
  // defaults, which it was made with.
  LoadSteps steps = default_load_steps();

  // Reads DIR/forecast.json (DIR may be a run directory holding model/).
  // Throws InputError naming the file and what is wrong.
  [[nodiscard]] static ForecastModel read(const std::filesystem::path& dir);
  // Writes DIR/forecast.json atomically.
  void write(const std::filesystem::path& dir) const;
  [[nodiscard]] nlohmann::json to_json() const;

  // Batch prediction over rows of session features (session_feature_count()
  // columns, row-major).
  [[nodiscard]] std::vector<ForecastOutput> predict(std::span<const float> features, std::size_t rows) const;
  // The load head's raw outputs: rows of session + planned-reps features.
  [[nodiscard]] std::vector<double> predict_load_rel(std::span<const float> features, std::size_t rows) const;
  // A load head output back to kilograms.
  [[nodiscard]] double load_kg(const ExerciseSessions& ex, std::size_t t, double planned_reps, double rel) const;

  // One exercise after its session t.
  [[nodiscard]] ForecastOutput predict(const ExerciseSessions& ex, std::size_t t) const;
  [[nodiscard]] double load_for_reps(const ExerciseSessions& ex, std::size_t t, double planned_reps) const;

  // The calibrated probabilities and the most probable action from raw softmax outputs.
  void finish_action(std::span<const float> raw, ForecastOutput& out) const;
};

// True when DIR (or DIR/model) holds a next-session model.
[[nodiscard]] bool is_forecast_model_dir(const std::filesystem::path& dir);

// Definition <-> JSON, as recorded in forecast.json's "definition".
[[nodiscard]] nlohmann::json definition_to_json(const ForecastDefinition& def);
[[nodiscard]] ForecastDefinition definition_from_json(const nlohmann::json& j);

// Plate sets <-> JSON, as recorded in forecast.json's "plates":
// {"kg": {"bar": 20, "plates": [25, ...]}, "lb": {...}}; plates heaviest
// first, each > 0, the bar >= 0 (from_json throws InputError otherwise).
[[nodiscard]] nlohmann::json plate_sets_to_json(const PlateSets& p);
[[nodiscard]] PlateSets plate_sets_from_json(const nlohmann::json& j, const std::string& where);
// Steps <-> JSON, as recorded in forecast.json's "steps":
// {"kg": {"barbell": 2.5, "dumbbell": 2, ...}, "lb": {...}}.
[[nodiscard]] nlohmann::json load_steps_to_json(const LoadSteps& s);
[[nodiscard]] LoadSteps load_steps_from_json(const nlohmann::json& j, const std::string& where);

// Session features of row t as float32 model inputs.
void append_session_row(const ExerciseSessions& ex, std::size_t t, const ForecastDefinition& def, std::vector<float>& out);
void append_load_row(const ExerciseSessions& ex, std::size_t t, double planned_reps, const ForecastDefinition& def,
                     std::vector<float>& out);

}  // namespace exertrack
