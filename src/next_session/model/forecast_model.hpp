#pragma once
// The next-session model as serving uses it: four gradient-boosted tree
// ensembles (trained by XGBoost, evaluated by exertrack's Forest) over the
// session features —
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

#include "next_session/model/forest.hpp"
#include "next_session/model/session_features.hpp"

namespace exertrack::next_session::model {

inline constexpr std::string_view kForecastModelFile = "forecast.json";
inline constexpr std::string_view kForecastFormat = "exertrack-next-session";

struct ForecastOutput {
  std::array<double, kActionCount> probabilities{};  // calibrated, kActionNames order
  int action = 0;                                     // the most probable action
  double weight_kg = 0;                               // next top set, unsnapped
  double reps = 0;
};

// The lifter's own temperature, from the actions they took after the
// sessions of their history so far: lifters differ in how predictable they
// are, by more than one temperature fitted on the training lifters can say
// (on lifters it never saw, the model is from 25 points too confident to 26
// too shy). T_l is the grid value minimising the negative log-likelihood of
// those actions under p_c^(1/T_l) plus prior * ln(T_l)^2, which keeps T_l
// near 1 while the history is short. The grid runs from 0.5 (sharpen) to 3
// (soften): the model a user gets is trained on other lifters, and for a
// stranger's history the predictable lifters (accuracy 0.6 and more, ECE
// 0.09-0.18 when only softening) are as common as the erratic ones. Measured
// with the 51 training lifters of docs/model-card.md: 10 folds of whole
// lifters ECE 0.059 -> 0.049 (grid from 0.7: 0.050; prior 3 / 30: 0.051 /
// 0.049), 65 of the held-out lifters of docs/heldout-lifters.md 0.052 -> 0.044.
// The cost is in the temporal protocol, where the history is one the model
// learned from and looks more predictable than it is: 0.105 -> 0.110 (its
// floor 0.092; on 13 lifters, 0.059 -> 0.076). Prior 10 was chosen on the 13
// lifters' lolo (ECE 0.049 -> 0.043; 30: 0.044, 100: 0.044).
struct LifterCalibration {
  double prior = 10;
  std::vector<double> temperatures;  // the grid searched; empty: T_l = 1
};
[[nodiscard]] LifterCalibration default_lifter_calibration();

// T_l over a growing history: add() each transition whose outcome is known,
// value() at any point. Keeps a reference to the calibration it is given.
//
// value() is the grid value the definition above picks (the first of equal
// minima), computed with glibc's log and exp as it always was, but not
// every time: add() accumulates each grid temperature's negative
// log-likelihood with exp and log 16 temperatures at once (to ~1e-7), which
// settles the choice whenever no other temperature comes within that
// accumulation's error bound of the best; only then are the candidates
// recomputed exactly from the history kept. The exact sums cost 561 calls
// to exp and log per transition (51 temperatures x 5 classes, and a log
// each), 53 % of a one-exercise request's time; the fast ones, in float
// where the values are small, 8.5 % (perf on bench_serve's
// BM_ForecastJson/1; bench/README.md, "Tree inference").
class LifterTemperature {
 public:
  // `transitions`: how many add() calls to make room for.
  explicit LifterTemperature(const LifterCalibration& c, std::size_t transitions = 0);
  void add(const std::array<double, kActionCount>& probabilities, int action);
  [[nodiscard]] double value() const;

 private:
  struct Known {
    std::array<double, kActionCount> log_p;  // log(max(p_c, 1e-12))
    int action;
  };
  [[nodiscard]] double exact_objective(std::size_t g) const;

  const LifterCalibration* calibration_;
  std::vector<double> inverse_;    // 1 / t per grid temperature, padded to whole vectors
  std::vector<float> inverse_float_;
  std::vector<double> nll_;        // the fast sums, per grid temperature (padded alike)
  std::vector<double> prior_;      // prior * ln(t)^2 per grid temperature
  std::vector<Known> known_;
  double largest_inverse_ = 0;     // 1 / the smallest t
  double linear_magnitude_ = 0;    // a bound of the double parts' absolute values, summed
};

// One head: the XGBoost JSON model it was trained as (written back to
// forecast.json unchanged) and the Forest that predicts with it.
struct ForecastHead {
  nlohmann::json xgboost;
  Forest forest;
  // Throws InputError naming `where` when the JSON is not a model the
  // Forest evaluates.
  [[nodiscard]] static ForecastHead from_json(nlohmann::json j, const std::string& where);
};

// What the model says after one exercise's last session.
struct ExerciseForecast {
  ForecastOutput next;                  // at the lifter's temperature
  std::vector<double> planned_load_kg;  // the load for each planned rep count asked for
};

// One lifter's request, predicted as one batch of rows.
struct LifterForecast {
  double temperature = 1.0;  // the lifter's, from every transition of the history
  std::vector<ExerciseForecast> exercises;  // one per advised exercise, in its order
};

class ForecastModel {
 public:
  ForecastDefinition definition;
  double temperature = 1.0;  // p_c proportional to p_raw_c^(1/T), fitted for calibration
  // Then per lifter ("lifter_prior", "lifter_temperatures" in forecast.json's
  // calibration); a file without them has none (T_l = 1).
  LifterCalibration lifter = default_lifter_calibration();
  ForecastHead action, weight, reps, load;
  nlohmann::json training;   // what the model was trained on (lifters, transitions, parameters)
  // The bar and plates barbell targets are loaded with ("plates" in
  // forecast.json); nullopt for a model file written before it carried them
  // (its advice then names no plates, in C++ and in JS alike).
  std::optional<core::units::PlateSets> plates = core::units::default_plate_sets();
  // The loadable step per unit and equipment targets move by ("steps" in
  // forecast.json); a file written before it carried them reads as the
  // defaults, which it was made with.
  core::units::LoadSteps steps = core::units::default_load_steps();

  // One line on what the model learned from, from its training record:
  // "next-session model, XGBoost 1.7.4, trained on 51 lifters (71995
  // transitions)"; what it lacks (an older file) is left out.
  [[nodiscard]] std::string training_summary() const;

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
  // The next top set from the weight and reps heads' outputs on `row`.
  void finish_regression(std::span<const float> row, float weight_out, float reps_out, ForecastOutput& out) const;
  // The lifter's temperature over everything their history shows: every
  // session followed by another of the same exercise.
  [[nodiscard]] double lifter_temperature(const SessionLog& log) const;

  // The request path: the lifter's temperature from every transition of
  // `history` and the forecast after the last session of each exercise
  // `advised` names (indices into `history`), with the loads for
  // `planned_reps`, all heads over one batch of rows (the advised rows and
  // every transition's, each head once). A `temperature` given is taken
  // as the lifter's instead: the history's transitions are not predicted.
  [[nodiscard]] LifterForecast forecast(std::span<const ExerciseSessions> history, std::span<const std::size_t> advised,
                                        std::span<const double> planned_reps, std::optional<double> temperature = std::nullopt) const;
};

// p_c proportional to p_c^(1/T_l); the most probable action stays.
void apply_lifter_temperature(ForecastOutput& out, double lifter_temperature);

// True when DIR (or DIR/model) holds a next-session model.
[[nodiscard]] bool is_forecast_model_dir(const std::filesystem::path& dir);

// Definition <-> JSON, as recorded in forecast.json's "definition".
[[nodiscard]] nlohmann::json definition_to_json(const ForecastDefinition& def);
[[nodiscard]] ForecastDefinition definition_from_json(const nlohmann::json& j);

// Session features of row t as float32 model inputs.
void append_session_row(const ExerciseSessions& ex, std::size_t t, const ForecastDefinition& def, std::vector<float>& out);
void append_load_row(const ExerciseSessions& ex, std::size_t t, double planned_reps, const ForecastDefinition& def,
                     std::vector<float>& out);

}  // namespace exertrack::next_session::model
