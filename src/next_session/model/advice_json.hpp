#pragma once
// The next-session advice as JSON (core/json/writer.hpp), the one format
// `exertrack recommend --json` and the HTTP API share for this task.
#include <string>

#include "core/json/writer.hpp"
#include "next_session/model/advice.hpp"

namespace exertrack::next_session::model {

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

}  // namespace exertrack::next_session::model
