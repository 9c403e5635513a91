#include "notebook/predict/json_out.hpp"

#include <array>

using exertrack::core::json::append_json_float;
using exertrack::core::json::append_json_number;
using exertrack::core::json::append_json_string;
using exertrack::core::units::unit_name;
using exertrack::notebook::features::kClassNames;
using exertrack::notebook::features::kFeatureCount;
using exertrack::notebook::features::kFeatureNames;

namespace exertrack::notebook::predict {
namespace {

void append_probabilities(std::string& out, const Prediction& p) {
  out += '{';
  for (std::size_t c = 0; c < kClassNames.size(); ++c) {
    if (c > 0) out += ',';
    append_json_string(out, kClassNames[c]);
    out += ':';
    append_json_float(out, p.probabilities[c]);
  }
  out += '}';
}

void append_target(std::string& out, const Target& t) {
  out += "{\"weight\":";
  append_json_number(out, t.weight);
  out += ",\"unit\":\"";
  out += unit_name(t.unit);
  out += "\",\"reps\":";
  append_json_number(out, t.reps);
  out += '}';
}

}  // namespace

void append_prediction_json(std::string& out, const Prediction& p) {
  out += "{\"label\":";
  append_json_string(out, kClassNames[static_cast<std::size_t>(p.label)]);
  out += ",\"probabilities\":";
  append_probabilities(out, p);
  out += '}';
}

void append_recommendation_json(std::string& out, const Recommendation& r) {
  out += "{\"name\":";
  append_json_string(out, r.name);
  out += ",\"equipment\":\"";
  out += equipment_name(r.equipment);
  out += "\",\"label\":";
  append_json_string(out, kClassNames[static_cast<std::size_t>(r.prediction.label)]);
  out += ",\"probabilities\":";
  append_probabilities(out, r.prediction);
  out += ",\"rule_label\":";
  append_json_string(out, kClassNames[static_cast<std::size_t>(r.rule_label)]);
  out += ",\"target\":";
  append_target(out, r.target);
  out += ",\"reason\":";
  append_json_string(out, r.reason);
  out += ",\"last_set\":";
  append_target(out, r.last_set);
  out += ",\"features\":{";
  const std::array<double, kFeatureCount> f = {r.features.weight_change_pct, r.features.reps_change_pct,
                                               r.features.weight_ma, r.features.reps_ma};
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, kFeatureNames[i]);
    out += ':';
    append_json_number(out, f[i]);
  }
  out += "}}";
}

}  // namespace exertrack::notebook::predict
