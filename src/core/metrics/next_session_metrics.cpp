#include "core/metrics/next_session_metrics.hpp"

#include <cmath>
#include <limits>

#include "core/metrics/json_reader.hpp"

namespace ingest = exertrack::core::ingest;

namespace exertrack::core::metrics {
namespace {

using json = nlohmann::json;
using detail::Reader;

json number_or_null(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

// A required key holding a number or null (null: not forecast).
double read_number_or_null(const Reader& r, const std::string& key) {
  const json& v = r.at(key);
  if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (!v.is_number()) r.fail(r.full(key), std::string("expected a number or null, got ") + v.type_name());
  return v.get<double>();
}

json scores_json(const ForecastScores& s) {
  return {{"transitions", s.transitions},
          {"accuracy", number_or_null(s.accuracy)},
          {"f1_macro", number_or_null(s.f1_macro)},
          {"weight_mae_kg", number_or_null(s.weight_mae_kg)},
          {"reps_mae", number_or_null(s.reps_mae)},
          {"load_mae_kg", number_or_null(s.load_mae_kg)},
          {"load_mae_same_reps_kg", number_or_null(s.load_mae_same_reps_kg)},
          {"load_mae_new_reps_kg", number_or_null(s.load_mae_new_reps_kg)},
          {"ece", number_or_null(s.ece)},
          {"ece_floor", number_or_null(s.ece_floor)}};
}

ForecastScores read_scores(const Reader& r) {
  ForecastScores s;
  s.transitions = r.get<std::uint64_t>("transitions");
  s.accuracy = read_number_or_null(r, "accuracy");
  s.f1_macro = read_number_or_null(r, "f1_macro");
  s.weight_mae_kg = read_number_or_null(r, "weight_mae_kg");
  s.reps_mae = read_number_or_null(r, "reps_mae");
  s.load_mae_kg = read_number_or_null(r, "load_mae_kg");
  s.load_mae_same_reps_kg = read_number_or_null(r, "load_mae_same_reps_kg");
  s.load_mae_new_reps_kg = read_number_or_null(r, "load_mae_new_reps_kg");
  s.ece = read_number_or_null(r, "ece");
  s.ece_floor = read_number_or_null(r, "ece_floor");
  return s;
}

json baselines_json(const std::map<std::string, ForecastScores>& b) {
  json j = json::object();
  for (const auto& [name, s] : b) j[name] = scores_json(s);
  return j;
}

std::map<std::string, ForecastScores> read_baselines(const Reader& parent, const std::string& key) {
  const Reader r = parent.child(key);
  std::map<std::string, ForecastScores> out;
  for (const auto& [name, _] : r.value().items()) out[name] = read_scores(r.child(name));
  if (out.empty()) parent.fail(parent.full(key), "no baseline: the model is always judged beside them");
  return out;
}

// Each reading setting under its name: a choice as its text, a switch as
// true / false.
json settings_json(const ingest::ReadSettings& settings) {
  json j = json::object();
  for (const ingest::ReadSetting& s : ingest::read_settings()) {
    if (s.is_switch()) j[std::string(s.name)] = settings.*s.on;
    else j[std::string(s.name)] = settings.*s.choice;
  }
  return j;
}

// The reading settings of "data"; one missing is its default (a run
// written before the setting was recorded: date_order until it was), one
// that is none of its values fails naming it.
ingest::ReadSettings read_settings_json(const Reader& d) {
  ingest::ReadSettings settings;
  for (const ingest::ReadSetting& s : ingest::read_settings()) {
    const std::string key(s.name);
    if (!d.value().contains(key)) continue;
    if (s.is_switch()) {
      settings.*s.on = d.get<bool>(key);
      continue;
    }
    const auto value = d.get<std::string>(key);
    if (!s.allows(value)) d.fail(d.full(key), "'" + value + "' is none of its values");
    settings.*s.choice = value;
  }
  return settings;
}

}  // namespace

std::string task_of(const json& j) {
  if (j.is_object()) {
    const auto it = j.find("task");
    if (it != j.end() && it->is_string() && it->get<std::string>() == "next-session") return "next-session";
  }
  return "notebook";
}

json to_json(const ForecastEvaluation& e) {
  json j;
  j["protocol"] = e.protocol;
  j["lifters"] = json::array();
  for (const LifterEvaluation& l : e.lifters) {
    j["lifters"].push_back({{"name", l.name}, {"transitions", l.transitions}, {"model", scores_json(l.model)},
                            {"baselines", baselines_json(l.baselines)}});
  }
  j["macro"] = {{"model", scores_json(e.macro_model)}, {"baselines", baselines_json(e.macro_baselines)}};
  json imp = json::array();
  for (const FeatureGain& g : e.action_feature_importance) imp.push_back({{"feature", g.feature}, {"gain", g.gain}});
  j["action_feature_importance"] = imp;
  j["seconds"] = e.seconds;
  return j;
}

namespace {

ForecastEvaluation read_evaluation(const Reader& r, const std::string& source) {
  ForecastEvaluation e;
  e.protocol = r.get<std::string>("protocol");
  if (e.protocol != "temporal" && e.protocol != "lolo" && e.protocol != "kfold" && e.protocol != "model") {
    r.fail(r.full("protocol"), "'" + e.protocol + "' is not temporal, lolo, kfold or model");
  }
  const json& lifters = r.at("lifters");
  if (!lifters.is_array()) r.fail(r.full("lifters"), std::string("expected an array, got ") + lifters.type_name());
  for (std::size_t i = 0; i < lifters.size(); ++i) {
    const Reader l(lifters[i], source, r.full("lifters[" + std::to_string(i) + "]"));
    e.lifters.push_back({l.get<std::string>("name"), l.get<std::uint64_t>("transitions"), read_scores(l.child("model")),
                         read_baselines(l, "baselines")});
  }
  const Reader macro = r.child("macro");
  e.macro_model = read_scores(macro.child("model"));
  e.macro_baselines = read_baselines(macro, "baselines");
  const json& imp = r.at("action_feature_importance");
  if (!imp.is_array()) r.fail(r.full("action_feature_importance"), std::string("expected an array, got ") + imp.type_name());
  for (std::size_t i = 0; i < imp.size(); ++i) {
    const Reader g(imp[i], source, r.full("action_feature_importance[" + std::to_string(i) + "]"));
    e.action_feature_importance.push_back({g.get<std::string>("feature"), g.get<double>("gain")});
  }
  e.seconds = r.get<double>("seconds");
  return e;
}

}  // namespace

ForecastEvaluation evaluation_from_json(const json& j, const std::string& source) {
  return read_evaluation(Reader(j, source, ""), source);
}

json to_json(const NextSessionMetrics& m) {
  json j;
  j["task"] = m.task;
  j["lifters"] = json::array();
  for (const LifterData& l : m.lifters) {
    j["lifters"].push_back({{"name", l.name},
                            {"transitions", l.transitions},
                            {"unit", l.unit},
                            {"path", l.path ? json(*l.path) : json(nullptr)},
                            {"sha256", l.sha256}});
  }
  j["data"] = settings_json(m.data.settings);
  j["data"]["synthetic"] = m.data.synthetic_seed ? json{{"seed", *m.data.synthetic_seed}, {"lifters", m.data.synthetic_lifters}}
                                                 : json(nullptr);
  j["training"] = {{"options", m.training.options},
                   {"transitions", m.training.transitions},
                   {"load_transitions", m.training.load_transitions},
                   {"majority_action", m.training.majority_action},
                   {"temperature", m.training.temperature},
                   {"seconds", m.training.seconds}};
  j["evaluation"] = to_json(m.evaluation);
  return j;
}

NextSessionMetrics next_session_from_json(const json& j, const std::string& source) {
  const Reader r(j, source, "");
  NextSessionMetrics m;
  m.task = r.get<std::string>("task");
  if (m.task != "next-session") r.fail("task", "'" + m.task + "' is not next-session");
  const json& lifters = r.at("lifters");
  if (!lifters.is_array() || lifters.empty()) r.fail("lifters", "expected a non-empty array");
  for (std::size_t i = 0; i < lifters.size(); ++i) {
    const Reader l(lifters[i], source, "lifters[" + std::to_string(i) + "]");
    LifterData d;
    d.name = l.get<std::string>("name");
    d.transitions = l.get<std::uint64_t>("transitions");
    d.unit = l.get<std::string>("unit");
    if (d.unit != "kg" && d.unit != "lb") l.fail(l.full("unit"), "'" + d.unit + "' is not kg or lb");
    const json& path = l.at("path");
    if (!path.is_null() && !path.is_string()) l.fail(l.full("path"), std::string("expected a string or null, got ") + path.type_name());
    if (path.is_string()) d.path = path.get<std::string>();
    d.sha256 = l.get<std::string>("sha256");
    m.lifters.push_back(std::move(d));
  }
  const Reader d = r.child("data");
  m.data.settings = read_settings_json(d);
  if (const auto synth = d.nullable_object("synthetic")) {
    const Reader s(*synth, source, "data.synthetic");
    m.data.synthetic_seed = s.get<std::uint64_t>("seed");
    m.data.synthetic_lifters = s.get<std::uint64_t>("lifters");
  }
  const Reader t = r.child("training");
  m.training.options = t.object("options");
  m.training.transitions = t.get<std::uint64_t>("transitions");
  m.training.load_transitions = t.get<std::uint64_t>("load_transitions");
  m.training.majority_action = t.get<std::string>("majority_action");
  m.training.temperature = t.get<double>("temperature");
  m.training.seconds = t.get<double>("seconds");
  m.evaluation = read_evaluation(r.child("evaluation"), source);
  return m;
}

}  // namespace exertrack::core::metrics
