#include "notebook/export/metadata.hpp"

#include <cmath>
#include <limits>
#include <string_view>

#include "core/util/error.hpp"

using exertrack::core::util::InputError;
using exertrack::notebook::dataset::Standardizer;
using exertrack::notebook::features::definition_by_name;
using exertrack::notebook::features::FeatureDefinition;
using exertrack::notebook::features::kClassNames;
using exertrack::notebook::features::kFeatureNames;

namespace exertrack::notebook::export_ {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& where, const std::string& problem) {
  throw InputError(where + ": " + problem);
}

double number_at(const json& j, const char* key, double fallback, const std::string& where) {
  if (!j.contains(key)) return fallback;
  const json& v = j.at(key);
  if (!v.is_number()) bad(where, std::string("'") + key + "' must be a number, got " + v.dump());
  const double d = v.get<double>();
  if (!std::isfinite(d)) bad(where, std::string("'") + key + "' must be finite, got " + v.dump());
  return d;
}

}  // namespace

json feature_definition_to_json(const FeatureDefinition& def) {
  json j = json::object();
  j["name"] = def.name;
  // JSON has no infinity; null reads back as "no cap".
  j["change_cap"] = std::isinf(def.change_cap) ? json(nullptr) : json(def.change_cap);
  j["window"] = def.window;
  j["iqr_k"] = def.iqr_k;
  j["weight_step_pct"] = def.weight_step_pct;
  j["weight_step_pct_heavy"] = def.weight_step_pct_heavy;
  j["heavy_kg"] = def.heavy_kg;
  j["reps_jump_pct"] = def.reps_jump_pct;
  j["reps_jump_pct_high"] = def.reps_jump_pct_high;
  j["high_reps"] = def.high_reps;
  j["reps_flat_pct"] = def.reps_flat_pct;
  j["include_flagged_sets"] = def.include_flagged_sets;
  return j;
}

FeatureDefinition feature_definition_from_json(const json& j) {
  const std::string where = "feature_definition";
  if (!j.is_object()) bad(where, "must be a JSON object, got " + j.dump());
  if (!j.contains("name") || !j.at("name").is_string()) bad(where, "'name' (\"notebook\" or \"v2\") is missing or not a string");
  FeatureDefinition def = definition_by_name(j.at("name").get<std::string>());

  if (j.contains("change_cap")) {
    const json& cap = j.at("change_cap");
    if (cap.is_null()) {
      def.change_cap = std::numeric_limits<double>::infinity();
    } else if (cap.is_string()) {
      const auto s = cap.get<std::string>();
      if (s != "inf" && s != "Infinity" && s != "+inf") bad(where, "'change_cap' must be a number or null/\"inf\", got " + cap.dump());
      def.change_cap = std::numeric_limits<double>::infinity();
    } else {
      def.change_cap = number_at(j, "change_cap", def.change_cap, where);
    }
    if (!(def.change_cap > 0)) bad(where, "'change_cap' must be > 0, got " + cap.dump());
  }
  if (j.contains("window")) {
    const json& w = j.at("window");
    if (!w.is_number_integer() || w.get<std::int64_t>() < 1 || w.get<std::int64_t>() > 1'000'000) {
      bad(where, "'window' must be an integer >= 1, got " + w.dump());
    }
    def.window = w.get<int>();
  }
  def.iqr_k = number_at(j, "iqr_k", def.iqr_k, where);
  if (def.iqr_k < 0) bad(where, "'iqr_k' must be >= 0, got " + j.at("iqr_k").dump());
  def.weight_step_pct = number_at(j, "weight_step_pct", def.weight_step_pct, where);
  def.weight_step_pct_heavy = number_at(j, "weight_step_pct_heavy", def.weight_step_pct_heavy, where);
  def.heavy_kg = number_at(j, "heavy_kg", def.heavy_kg, where);
  def.reps_jump_pct = number_at(j, "reps_jump_pct", def.reps_jump_pct, where);
  def.reps_jump_pct_high = number_at(j, "reps_jump_pct_high", def.reps_jump_pct_high, where);
  def.high_reps = number_at(j, "high_reps", def.high_reps, where);
  def.reps_flat_pct = number_at(j, "reps_flat_pct", def.reps_flat_pct, where);
  if (j.contains("include_flagged_sets")) {
    const json& f = j.at("include_flagged_sets");
    if (!f.is_boolean()) bad(where, "'include_flagged_sets' must be true or false, got " + f.dump());
    def.include_flagged_sets = f.get<bool>();
  }
  return def;
}

json standardizer_to_json(const Standardizer& s) { return json{{"mean", s.mean}, {"scale", s.scale}}; }

Standardizer standardizer_from_json(const json& j) {
  const std::string where = "standardization";
  if (!j.is_object()) bad(where, "must be a JSON object, got " + j.dump());
  Standardizer s;
  for (const char* key : {"mean", "scale"}) {
    if (!j.contains(key) || !j.at(key).is_array()) bad(where, std::string("'") + key + "' is missing or not an array");
    std::vector<double>& out = std::string_view(key) == "mean" ? s.mean : s.scale;
    for (const json& v : j.at(key)) {
      if (!v.is_number() || !std::isfinite(v.get<double>())) {
        bad(where, std::string("'") + key + "' holds " + v.dump() + ", expected finite numbers");
      }
      out.push_back(v.get<double>());
    }
  }
  if (s.mean.size() != s.scale.size()) {
    bad(where, "'mean' has " + std::to_string(s.mean.size()) + " values but 'scale' has " + std::to_string(s.scale.size()));
  }
  for (const double v : s.scale) {
    if (!(v > 0)) bad(where, "'scale' must be > 0, got " + json(v).dump());
  }
  return s;
}

json make_model_metadata(const FeatureDefinition& def, const Standardizer& standardization,
                         const std::string& data_sha256, const json& test_metrics, const json& extra) {
  json m = json::object();
  m["classes"] = json::array();
  for (const auto name : kClassNames) m["classes"].push_back(std::string(name));
  m["feature_names"] = json::array();
  for (const auto name : kFeatureNames) m["feature_names"].push_back(std::string(name));
  m["feature_definition"] = feature_definition_to_json(def);
  json st = standardizer_to_json(standardization);
  st["applied"] = kStandardizationFolded;
  st["formula"] = "model(x_raw) = network((x_raw - mean) / scale): kernel'[i,:] = kernel[i,:] / scale[i], "
                  "bias' = bias - sum_i (mean[i] / scale[i]) * kernel[i,:]";
  m["standardization"] = std::move(st);
  m["input"] = {
      {"features", "raw"},
      {"weight_unit", "kg"},
      {"description",
       "one row per set of one exercise, in order; features computed by feature_definition over the "
       "exercise's sets up to and including that set, infinities replaced by 0"},
  };
  m["training_data_sha256"] = data_sha256;
  m["test_metrics"] = test_metrics;
  m["exertrack_version"] = EXERTRACK_VERSION;
  if (!extra.is_null()) {
    if (!extra.is_object()) throw std::invalid_argument("make_model_metadata: extra must be a JSON object");
    for (const auto& [key, value] : extra.items()) m[key] = value;
  }
  return m;
}

}  // namespace exertrack::notebook::export_
