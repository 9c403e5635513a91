#pragma once
// Recommendations as JSON, written straight into a string: the one format
// `exertrack recommend --json` and the HTTP API share. Hand-written (not
// nlohmann::json::dump) because serving writes one per request and a DOM
// costs several allocations per field; and because names from an uploaded
// CSV may be invalid UTF-8, which dump() throws on, while this writes U+FFFD.
#include <string>
#include <string_view>

#include "predict/predictor.hpp"
#include "sessions/advice.hpp"

namespace exertrack {

// A JSON string literal: quotes, backslashes and control characters escaped,
// invalid UTF-8 sequences replaced by U+FFFD.
void append_json_string(std::string& out, std::string_view s);
// Shortest round-trip form of a double (JavaScript's String(x) digits); null
// for NaN / ±inf, which JSON cannot hold.
void append_json_number(std::string& out, double x);
// Shortest round-trip form of a float (so 0.91f prints as 0.91, not
// 0.9100000262260437); null when not finite.
void append_json_float(std::string& out, float x);

// {"name", "equipment", "label", "probabilities": {class: p, ...},
//  "rule_label", "target": {"weight", "unit", "reps"}, "reason",
//  "last_set": {"weight", "unit", "reps"}, "features": {feature name: value, ...}}
void append_recommendation_json(std::string& out, const Recommendation& r);
// The next-session task's result: {"name", "equipment", "kind", "unit",
//  "last_session": {"date", "weight", "reps", "unit"}, "inactive", "sessions",
//  "action", "probability", "probabilities": {action: p, ...},
//  "ready_to_add_weight", "target": {"weight", "reps", "unit"},
//  "plates_per_side": [plate, ...] | null,
//  "planned": [{"reps", "weight", "unit"}, ...], "reason"}, and with
//  `history`: "history": [{"date", "weight", "reps", "e1rm"}, ...] (every
//  session, oldest first; e1rm null when no set had a positive load).
void append_advice_json(std::string& out, const NextSessionAdvice& a, bool history = false);
// {"name", "reason"}: an exercise without a weight x reps target.
void append_left_out_json(std::string& out, const LeftOutExercise& e);

// {"task": "next-session", "results": [advice...], "not_strength": [...]}
// (each result with its "history" when `history`).
[[nodiscard]] std::string log_advice_json(const LogAdvice& a, bool history = false);

// {"label", "probabilities": {...}}
void append_prediction_json(std::string& out, const Prediction& p);

}  // namespace exertrack
