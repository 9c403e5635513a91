#include "next_session/model/forecast_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/util/error.hpp"
#include "core/util/files.hpp"

using exertrack::core::units::load_steps_from_json;
using exertrack::core::units::plate_sets_from_json;
using exertrack::core::util::InputError;
using exertrack::core::util::read_file;
using exertrack::core::util::write_file_atomic;

namespace exertrack::next_session::model {
namespace {

std::filesystem::path model_file(const std::filesystem::path& dir) {
  if (std::filesystem::exists(dir / kForecastModelFile)) return dir / kForecastModelFile;
  return dir / "model" / kForecastModelFile;
}

template <typename T>
T required(const nlohmann::json& j, const char* key, const std::string& file) {
  if (!j.is_object() || !j.contains(key)) throw InputError(file + ": missing '" + key + "'");
  try {
    return j.at(key).get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw InputError(file + ": '" + key + "': " + e.what());
  }
}

const nlohmann::json& member(const nlohmann::json& j, const char* key, const std::string& file) {
  if (!j.is_object() || !j.contains(key)) throw InputError(file + ": missing '" + key + "'");
  return j.at(key);
}

void check_names(const nlohmann::json& j, const char* key, std::span<const std::string_view> expected,
                 const std::string& file) {
  const auto names = required<std::vector<std::string>>(j, key, file);
  if (names.size() != expected.size() || !std::equal(names.begin(), names.end(), expected.begin())) {
    throw InputError(file + ": '" + key + "' are not the ones this exertrack computes (model from another version?)");
  }
}

}  // namespace

nlohmann::json definition_to_json(const ForecastDefinition& def) {
  return {{"name", def.name},
          {"weight_tolerance_kg", def.weight_tolerance_kg},
          {"scale_floor_kg", def.scale_floor_kg},
          {"recent_sessions", def.recent_sessions},
          {"moving_average", def.moving_average},
          {"change_cap_pct", def.change_cap_pct},
          {"load_scale_floor_kg", def.load_scale_floor_kg},
          {"max_planned_reps", def.max_planned_reps}};
}

ForecastDefinition definition_from_json(const nlohmann::json& j) {
  const std::string where = "definition";
  ForecastDefinition d;
  d.name = required<std::string>(j, "name", where);
  d.weight_tolerance_kg = required<double>(j, "weight_tolerance_kg", where);
  d.scale_floor_kg = required<double>(j, "scale_floor_kg", where);
  d.recent_sessions = required<int>(j, "recent_sessions", where);
  d.moving_average = required<int>(j, "moving_average", where);
  d.change_cap_pct = required<double>(j, "change_cap_pct", where);
  // Models written before the load head had its own scale used scale_floor_kg.
  d.load_scale_floor_kg = j.contains("load_scale_floor_kg") ? required<double>(j, "load_scale_floor_kg", where) : d.scale_floor_kg;
  // Models written before the limit was recorded keep the default, which they were checked against.
  if (j.contains("max_planned_reps")) d.max_planned_reps = required<int>(j, "max_planned_reps", where);
  if (!(d.weight_tolerance_kg >= 0) || !(d.scale_floor_kg > 0) || !(d.load_scale_floor_kg > 0) || d.recent_sessions < 1 || d.moving_average < 1 ||
      !(d.change_cap_pct > 0) || d.max_planned_reps < 1) {
    throw InputError("definition: a parameter is out of range");
  }
  return d;
}

LifterCalibration default_lifter_calibration() {
  LifterCalibration c;
  for (int i = 0; i <= 50; ++i) c.temperatures.push_back(0.5 + 0.05 * i);
  return c;
}

namespace {

// Sixteen grid temperatures at once (one AVX-512 register, two AVX2 ones:
// GCC's vector extensions lower it to what the target has).
constexpr std::size_t kGridLanes = 16;
using Floats = float __attribute__((vector_size(kGridLanes * sizeof(float))));
using Ints = std::int32_t __attribute__((vector_size(kGridLanes * sizeof(std::int32_t))));
using Doubles = double __attribute__((vector_size(kGridLanes * sizeof(double))));

Floats lanes(float v) { return v - Floats{}; }

template <typename V>
V load(const auto* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// e^x for x <= 0, to about 1e-7 relative (x below -87 is taken as -87:
// 1.6e-38 instead of an underflow, nothing next to the 1 it is added to).
// k = round(x / ln 2) and r = x - k ln 2 (ln 2 in two parts, k ln2_hi
// exact), e^r by its Taylor series to r^7 (|r| <= 0.35: the next term is
// < 1e-8), times 2^k built in the exponent bits.
Floats exp_lanes(Floats x) {
  x = x < lanes(-87) ? lanes(-87) : x;
  const Floats shift = lanes(0x1.8p23F);  // adding it rounds to an integer
  const Floats k = (x * 0x1.715476p0F + shift) - shift;
  const Floats r = (x - k * 0x1.62ep-1F) - k * 0x1.0bfbe8p-15F;
  static constexpr std::array<float, 8> kInverseFactorials = {1.0F, 1.0F, 1.0F / 2, 1.0F / 6, 1.0F / 24, 1.0F / 120, 1.0F / 720, 1.0F / 5040};
  Floats p = lanes(kInverseFactorials[7]);
  for (std::size_t n = 7; n-- > 0;) p = p * r + kInverseFactorials[n];
  const Ints exponent = (__builtin_convertvector(k, Ints) + 127) << 23;
  return p * reinterpret_cast<Floats>(exponent);
}

// ln y for y in [1, 16), to about 1e-7: y = m 2^e with m in [sqrt(1/2),
// sqrt(2)), ln m = 2 atanh(f), f = (m - 1) / (m + 1), |f| <= 0.172, by its
// series to f^9 (the next term < 1e-9).
Floats log_lanes(Floats y) {
  const Ints bits = reinterpret_cast<Ints>(y);
  Ints e = (bits >> 23) - 127;
  Floats m = reinterpret_cast<Floats>((bits & 0x007FFFFF) | 0x3F800000);
  const Ints big = m > lanes(0x1.6a09e6p0F);  // -1 where m > sqrt(2)
  m = big != 0 ? m * 0.5F : m;
  e = e - big;
  const Floats f = (m - 1.0F) / (m + 1.0F);
  const Floats s = f * f;
  const Floats p = (((s * (1.0F / 9) + 1.0F / 7) * s + 1.0F / 5) * s + 1.0F / 3) * s + 1.0F;
  return __builtin_convertvector(e, Floats) * 0x1.62e430p-1F + 2.0F * f * p;
}

}  // namespace

LifterTemperature::LifterTemperature(const LifterCalibration& c, std::size_t transitions) : calibration_(&c) {
  const std::size_t n = c.temperatures.size();
  const std::size_t padded = (n + kGridLanes - 1) / kGridLanes * kGridLanes;
  inverse_.assign(padded, 1.0);
  inverse_float_.assign(padded, 1.0F);
  nll_.assign(padded, 0.0);
  prior_.reserve(n);
  known_.reserve(transitions);
  for (std::size_t g = 0; g < n; ++g) {
    const double t = c.temperatures[g];
    inverse_[g] = 1.0 / t;
    inverse_float_[g] = static_cast<float>(inverse_[g]);
    const double log_t = std::log(t);  // once: glibc's log was called twice per grid value, every request
    prior_.push_back(c.prior * log_t * log_t);
  }
  largest_inverse_ = n == 0 ? 0 : *std::max_element(inverse_.begin(), inverse_.end());
}

void LifterTemperature::add(const std::array<double, kActionCount>& probabilities, int action) {
  Known k{{}, action};
  std::size_t top = 0;
  for (std::size_t c = 0; c < kActionCount; ++c) {
    k.log_p[c] = std::log(std::max(probabilities[c], 1e-12));
    if (k.log_p[c] > k.log_p[top]) top = c;
  }
  known_.push_back(k);
  const auto a = static_cast<std::size_t>(action);
  // Per grid temperature t, with z = ln p / t: ln sum_c e^(z_c - z_top) +
  // z_top - z_action. The first part, between 0 and ln 5, in float (the top
  // class adds e^0 = 1); the second, up to the whole z range, in double.
  const double linear = k.log_p[top] - k.log_p[a];
  for (std::size_t g = 0; g < nll_.size(); g += kGridLanes) {
    const auto inverse = load<Floats>(inverse_float_.data() + g);
    Floats sum = lanes(1.0F);
    for (std::size_t c = 0; c < kActionCount; ++c) {
      if (c != top) sum += exp_lanes(static_cast<float>(k.log_p[c] - k.log_p[top]) * inverse);
    }
    const Doubles nll = load<Doubles>(nll_.data() + g) + (__builtin_convertvector(log_lanes(sum), Doubles) + linear * load<Doubles>(inverse_.data() + g));
    std::memcpy(nll_.data() + g, &nll, sizeof nll);
  }
  linear_magnitude_ += std::abs(linear) * largest_inverse_;
}

// The sum add() used to make, as it made it: what value() falls back to.
double LifterTemperature::exact_objective(std::size_t g) const {
  const double t = calibration_->temperatures[g];
  double nll = 0;
  for (const Known& k : known_) {
    std::array<double, kActionCount> z{};
    double top = -std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < z.size(); ++c) {
      z[c] = k.log_p[c] / t;
      top = std::max(top, z[c]);
    }
    double sum = 0;
    for (double v : z) sum += std::exp(v - top);
    nll += std::log(sum) + top - z[static_cast<std::size_t>(k.action)];
  }
  return nll + prior_[g];
}

double LifterTemperature::value() const {
  const std::size_t n = prior_.size();
  if (n == 0) return 1.0;
  std::size_t best = 0;
  for (std::size_t g = 1; g < n; ++g) {
    if (nll_[g] + prior_[g] < nll_[best] + prior_[best]) best = g;
  }
  // Each fast sum is within `bound` of the exact one: per summand, the
  // float part's error (measured: exp to 1.0e-7 relative, log to 1.3e-7
  // absolute; with the roundings of the float inputs and of the sum of up
  // to 5 terms, under 1e-6: 1e-5 is ten times that) and the double part's
  // (1/t in place of / t); and the two sums' roundings (n ulps of the
  // largest partial sum each).
  const auto n_known = static_cast<double>(known_.size());
  const double magnitude = linear_magnitude_ + std::log(5.0) * n_known;
  const double bound = 1e-5 * n_known + magnitude * (1e-14 + 2.3e-16 * n_known);
  std::vector<std::size_t> close;
  for (std::size_t g = 0; g < n; ++g) {
    if (nll_[g] + prior_[g] <= nll_[best] + prior_[best] + 2 * bound) close.push_back(g);
  }
  if (close.size() == 1) return calibration_->temperatures[best];
  double best_t = 1.0, best_objective = std::numeric_limits<double>::infinity();
  for (std::size_t g : close) {
    const double objective = exact_objective(g);
    if (objective < best_objective) {
      best_objective = objective;
      best_t = calibration_->temperatures[g];
    }
  }
  return best_t;
}

namespace {

// p_c proportional to p_c^(1/T), in place: the global and the lifter's temperature alike.
void temper(std::array<double, kActionCount>& probabilities, double temperature) {
  double sum = 0;
  for (double& p : probabilities) {
    p = std::exp(std::log(std::max(p, 1e-12)) / temperature);
    sum += p;
  }
  for (double& p : probabilities) p /= sum;
}

}  // namespace

void apply_lifter_temperature(ForecastOutput& out, double lifter_temperature) {
  if (lifter_temperature != 1.0) temper(out.probabilities, lifter_temperature);
}

double ForecastModel::lifter_temperature(const SessionLog& log) const { return forecast(log.exercises, {}, {}).temperature; }

LifterForecast ForecastModel::forecast(std::span<const ExerciseSessions> history, std::span<const std::size_t> advised,
                                       std::span<const double> planned_reps, std::optional<double> temperature) const {
  // The rows: after each advised exercise's last session first (every
  // head reads them), then every transition of the history, exercise by
  // exercise as transitions_of orders them (the action head alone).
  const std::span<const ExerciseSessions> transitions = temperature ? std::span<const ExerciseSessions>{} : history;
  std::size_t n = advised.size();
  for (const ExerciseSessions& ex : transitions) n += ex.sessions.empty() ? 0 : ex.sessions.size() - 1;
  std::vector<float> rows;
  rows.reserve(n * static_cast<std::size_t>(session_feature_count()));  // allocated once, not grown row by row
  for (std::size_t e : advised) append_session_row(history[e], history[e].sessions.size() - 1, definition, rows);
  for (const ExerciseSessions& ex : transitions) {
    for (std::size_t t = 0; t + 1 < ex.sessions.size(); ++t) append_session_row(ex, t, definition, rows);
  }
  std::vector<float> p(n * kActionCount);
  if (n > 0) action.forest.predict(rows, n, p);

  LifterForecast out;
  LifterTemperature lt(lifter, n - advised.size());
  std::size_t row = advised.size();
  for (const ExerciseSessions& ex : transitions) {
    for (std::size_t t = 0; t + 1 < ex.sessions.size(); ++t, ++row) {
      ForecastOutput o;
      finish_action(std::span(p).subspan(row * kActionCount, kActionCount), o);
      lt.add(o.probabilities, action_between(ex.sessions[t], ex.sessions[t + 1], definition));
    }
  }
  out.temperature = temperature ? *temperature : lt.value();
  if (advised.empty()) return out;

  const std::size_t k = advised.size();
  const auto cols = static_cast<std::size_t>(session_feature_count());
  const std::span<const float> last_rows = std::span<const float>(rows).first(k * cols);
  std::vector<float> w(k), r(k);
  weight.forest.predict(last_rows, k, w);
  reps.forest.predict(last_rows, k, r);
  std::vector<float> load_rows;
  for (std::size_t e : advised) {
    for (double reps_planned : planned_reps) append_load_row(history[e], history[e].sessions.size() - 1, reps_planned, definition, load_rows);
  }
  const std::vector<double> load_rel = planned_reps.empty() ? std::vector<double>{} : predict_load_rel(load_rows, k * planned_reps.size());
  out.exercises.resize(k);
  for (std::size_t i = 0; i < k; ++i) {
    const ExerciseSessions& ex = history[advised[i]];
    const std::size_t t = ex.sessions.size() - 1;
    ExerciseForecast& f = out.exercises[i];
    finish_action(std::span(p).subspan(i * kActionCount, kActionCount), f.next);
    finish_regression(last_rows.subspan(i * cols, cols), w[i], r[i], f.next);
    apply_lifter_temperature(f.next, out.temperature);
    for (std::size_t j = 0; j < planned_reps.size(); ++j) {
      f.planned_load_kg.push_back(load_kg(ex, t, planned_reps[j], load_rel[i * planned_reps.size() + j]));
    }
  }
  return out;
}

ForecastHead ForecastHead::from_json(nlohmann::json j, const std::string& where) {
  Forest forest(read_xgb_model(j, where));
  return {std::move(j), std::move(forest)};
}

nlohmann::json ForecastModel::to_json() const {
  nlohmann::json j;
  j["format"] = kForecastFormat;
  j["format_version"] = 1;
  j["task"] = "next-session";
  j["definition"] = definition_to_json(definition);
  j["actions"] = kActionNames;
  j["features"] = session_feature_names();
  j["planned_reps_features"] = planned_reps_feature_names();
  j["targets"] = {{"weight", "(next top weight - top weight) / max(|top weight|, scale_floor_kg)"},
                  {"reps", "next top reps - top reps"},
                  {"load", "(next top weight - load base) / max(|top weight|, load_scale_floor_kg), given the next top reps; load base = Epley's load for those reps from the session's best e1RM, else the top weight"}};
  j["calibration"] = {{"temperature", temperature}, {"lifter_prior", lifter.prior}, {"lifter_temperatures", lifter.temperatures}};
  if (plates) j["plates"] = plate_sets_to_json(*plates);
  j["steps"] = load_steps_to_json(steps);
  j["training"] = training;
  j["heads"] = {{"action", action.xgboost}, {"weight", weight.xgboost}, {"reps", reps.xgboost}, {"load", load.xgboost}};
  return j;
}

void ForecastModel::write(const std::filesystem::path& dir) const {
  std::filesystem::create_directories(dir);
  write_file_atomic(dir / kForecastModelFile, to_json().dump() + "\n");
}

std::string ForecastModel::training_summary() const {
  std::string out = "next-session model";
  if (const auto v = training.find("xgboost_version"); v != training.end() && v->is_string()) {
    out += ", XGBoost " + v->get<std::string>();
  }
  if (const auto l = training.find("lifters"); l != training.end() && l->is_array()) {
    out += ", trained on " + std::to_string(l->size()) + (l->size() == 1 ? " lifter" : " lifters");
    if (const auto t = training.find("transitions"); t != training.end() && t->is_number_unsigned()) {
      out += " (" + std::to_string(t->get<std::uint64_t>()) + " transitions)";
    }
  }
  return out;
}

bool is_forecast_model_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::is_regular_file(model_file(dir), ec);
}

ForecastModel ForecastModel::read(const std::filesystem::path& dir) {
  const std::filesystem::path path = model_file(dir);
  const std::string file = path.string();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(read_file(path));
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(file + ": not JSON: " + e.what());
  }
  if (!j.is_object() || j.value("format", "") != kForecastFormat) {
    throw InputError(file + ": not an exertrack next-session model ('format' is not \"" + std::string(kForecastFormat) + "\")");
  }
  if (required<int>(j, "format_version", file) != 1) throw InputError(file + ": unsupported format_version");
  ForecastModel m;
  const auto& definition = member(j, "definition", file);
  try {
    m.definition = definition_from_json(definition);
  } catch (const InputError& e) {
    throw InputError(file + ": " + e.what());
  }
  check_names(j, "actions", kActionNames, file);
  check_names(j, "features", session_feature_names(), file);
  check_names(j, "planned_reps_features", planned_reps_feature_names(), file);
  const auto& calibration = member(j, "calibration", file);
  m.temperature = required<double>(calibration, "temperature", file);
  if (!(m.temperature > 0) || !std::isfinite(m.temperature)) throw InputError(file + ": calibration temperature must be > 0");
  m.lifter = {};  // a file from before the lifter's temperature has none
  if (calibration.contains("lifter_temperatures") || calibration.contains("lifter_prior")) {
    m.lifter.prior = required<double>(calibration, "lifter_prior", file);
    m.lifter.temperatures = required<std::vector<double>>(calibration, "lifter_temperatures", file);
    const bool positive = std::all_of(m.lifter.temperatures.begin(), m.lifter.temperatures.end(),
                                      [](double t) { return t > 0 && std::isfinite(t); });
    if (!(m.lifter.prior >= 0) || !std::isfinite(m.lifter.prior) || m.lifter.temperatures.empty() || !positive) {
      throw InputError(file + ": calibration: lifter_prior must be >= 0 and lifter_temperatures positive numbers");
    }
  }
  m.training = j.value("training", nlohmann::json::object());
  m.plates.reset();
  if (j.contains("plates")) m.plates = plate_sets_from_json(j.at("plates"), file + ": plates");
  if (j.contains("steps")) m.steps = load_steps_from_json(j.at("steps"), file + ": steps");
  const auto& heads = member(j, "heads", file);
  // Each head predicts from the columns its rows have: the action head the
  // softmax over the actions, the others one value.
  auto load_head = [&](const char* name, int features, int groups) {
    if (!heads.contains(name)) throw InputError(file + ": missing head '" + name + "'");
    const std::string where = file + ": head '" + name + "'";
    ForecastHead h = ForecastHead::from_json(heads.at(name), where);
    if (h.forest.features() != features) {
      throw InputError(where + ": reads " + std::to_string(h.forest.features()) + " features, not the " + std::to_string(features) + " this exertrack computes");
    }
    if (h.forest.groups() != groups) throw InputError(where + ": has " + std::to_string(h.forest.groups()) + " outputs, not " + std::to_string(groups));
    return h;
  };
  m.action = load_head("action", session_feature_count(), kActionCount);
  m.weight = load_head("weight", session_feature_count(), 1);
  m.reps = load_head("reps", session_feature_count(), 1);
  m.load = load_head("load", session_feature_count() + planned_reps_feature_count(), 1);
  return m;
}

void ForecastModel::finish_action(std::span<const float> raw, ForecastOutput& out) const {
  for (std::size_t c = 0; c < out.probabilities.size(); ++c) out.probabilities[c] = static_cast<double>(raw[c]);
  temper(out.probabilities, temperature);
  // Ties go to the first action in kActionNames order.
  out.action = static_cast<int>(std::max_element(out.probabilities.begin(), out.probabilities.end()) - out.probabilities.begin());
}

void ForecastModel::finish_regression(std::span<const float> row, float weight_out, float reps_out, ForecastOutput& out) const {
  const double top = row[0];
  const double scale = std::max(std::abs(top), definition.scale_floor_kg);
  out.weight_kg = top + static_cast<double>(weight_out) * scale;
  out.reps = std::max(1.0, static_cast<double>(row[1]) + static_cast<double>(reps_out));
}

std::vector<ForecastOutput> ForecastModel::predict(std::span<const float> features, std::size_t rows) const {
  const auto cols = static_cast<std::size_t>(session_feature_count());
  const std::vector<float> p = action.forest.predict(features, rows);
  const std::vector<float> w = weight.forest.predict(features, rows);
  const std::vector<float> r = reps.forest.predict(features, rows);
  std::vector<ForecastOutput> out(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    finish_action(std::span(p).subspan(i * kActionCount, kActionCount), out[i]);
    finish_regression(features.subspan(i * cols, cols), w[i], r[i], out[i]);
  }
  return out;
}

std::vector<double> ForecastModel::predict_load_rel(std::span<const float> features, std::size_t rows) const {
  const std::vector<float> y = load.forest.predict(features, rows);
  return {y.begin(), y.end()};
}

void append_session_row(const ExerciseSessions& ex, std::size_t t, const ForecastDefinition& def, std::vector<float>& out) {
  thread_local std::vector<double> row;  // reused: no allocation per row
  row.resize(static_cast<std::size_t>(session_feature_count()));
  session_features(ex, t, def, row);
  for (double v : row) out.push_back(static_cast<float>(v));
}

void append_load_row(const ExerciseSessions& ex, std::size_t t, double planned_reps, const ForecastDefinition& def,
                     std::vector<float>& out) {
  append_session_row(ex, t, def, out);
  std::vector<double> extra(static_cast<std::size_t>(planned_reps_feature_count()));
  planned_reps_features(ex, t, planned_reps, def, extra);
  for (double v : extra) out.push_back(static_cast<float>(v));
}

ForecastOutput ForecastModel::predict(const ExerciseSessions& ex, std::size_t t) const {
  std::vector<float> row;
  append_session_row(ex, t, definition, row);
  return predict(row, 1).front();
}

double ForecastModel::load_for_reps(const ExerciseSessions& ex, std::size_t t, double planned_reps) const {
  std::vector<float> row;
  append_load_row(ex, t, planned_reps, definition, row);
  return load_kg(ex, t, planned_reps, predict_load_rel(row, 1).front());
}

double ForecastModel::load_kg(const ExerciseSessions& ex, std::size_t t, double planned_reps, double rel) const {
  return load_base_kg(ex, t, planned_reps) + rel * load_head_scale(ex.sessions[t], definition);
}

}  // namespace exertrack::next_session::model
