#pragma once
// The notebook's recommendations as JSON, written straight into a string
// (core/json/writer.hpp): the one format `exertrack recommend --json` and the
// HTTP API share.
#include <string>

#include "core/json/writer.hpp"
#include "notebook/predict/predictor.hpp"

namespace exertrack::notebook::predict {

// {"name", "equipment", "label", "probabilities": {class: p, ...},
//  "rule_label", "target": {"weight", "unit", "reps"}, "reason",
//  "last_set": {"weight", "unit", "reps"}, "features": {feature name: value, ...}}
void append_recommendation_json(std::string& out, const Recommendation& r);
// {"label", "probabilities": {...}}
void append_prediction_json(std::string& out, const Prediction& p);

}  // namespace exertrack::notebook::predict
