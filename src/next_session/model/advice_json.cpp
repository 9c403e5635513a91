#include "next_session/model/advice_json.hpp"

#include "core/ingest/values.hpp"

namespace ingest = exertrack::core::ingest;
using exertrack::core::json::append_json_number;
using exertrack::core::json::append_json_string;
using exertrack::core::units::unit_name;

namespace exertrack::next_session::model {
namespace {

// A session's date, or null for sessions sent without dates: an answer
// never carries a date nobody gave.
void append_date(std::string& out, bool dated, std::int64_t time) {
  if (dated) append_json_string(out, ingest::format_date(time));
  else out += "null";
}

}  // namespace

void append_advice_json(std::string& out, const NextSessionAdvice& a, bool history) {
  const std::string_view unit = unit_name(a.unit);
  auto weight_reps = [&](double weight, double reps) {
    out += "\"weight\":";
    append_json_number(out, weight);
    out += ",\"reps\":";
    append_json_number(out, reps);
    out += ",\"unit\":\"";
    out += unit;
    out += '"';
  };
  out += "{\"name\":";
  append_json_string(out, a.name);
  out += ",\"equipment\":\"";
  out += equipment_name(a.equipment);
  out += "\",\"kind\":\"";
  out += load_kind_name(a.kind);
  out += "\",\"unit\":\"";
  out += unit;
  out += "\",\"last_session\":{\"date\":";
  append_date(out, a.dated, a.last_time);
  out += ',';
  weight_reps(a.last.weight, a.last.reps);
  out += "},\"inactive\":";
  out += !a.dated ? "null" : a.inactive ? "true" : "false";
  out += ",\"sessions\":";
  append_json_number(out, static_cast<double>(a.sessions));
  out += ",\"action\":";
  append_json_string(out, kActionNames[static_cast<std::size_t>(a.action)]);
  out += ",\"probability\":";
  append_json_number(out, a.probabilities[static_cast<std::size_t>(a.action)]);
  out += ",\"probabilities\":{";
  for (std::size_t c = 0; c < kActionNames.size(); ++c) {
    if (c > 0) out += ',';
    append_json_string(out, kActionNames[c]);
    out += ':';
    append_json_number(out, a.probabilities[c]);
  }
  out += "},\"ready_to_add_weight\":";
  append_json_number(out, a.ready_to_add_weight);
  out += ",\"target\":{";
  weight_reps(a.target.weight, a.target.reps);
  out += "},\"plates_per_side\":";
  if (a.plates_per_side) {
    out += '[';
    for (std::size_t i = 0; i < a.plates_per_side->size(); ++i) {
      if (i > 0) out += ',';
      append_json_number(out, (*a.plates_per_side)[i]);
    }
    out += ']';
  } else {
    out += "null";
  }
  out += ",\"planned\":[";
  for (std::size_t i = 0; i < a.planned.size(); ++i) {
    if (i > 0) out += ',';
    out += '{';
    weight_reps(a.planned[i].weight, a.planned[i].reps);
    out += '}';
  }
  out += "],\"reason\":";
  append_json_string(out, a.reason);
  if (history) {
    out += ",\"history\":[";
    for (std::size_t i = 0; i < a.history.size(); ++i) {
      const HistoryPoint& h = a.history[i];
      if (i > 0) out += ',';
      out += "{\"date\":";
      append_date(out, a.dated, h.time);
      out += ",\"weight\":";
      append_json_number(out, h.top.weight);
      out += ",\"reps\":";
      append_json_number(out, h.top.reps);
      out += ",\"e1rm\":";
      if (h.e1rm > 0) append_json_number(out, h.e1rm);
      else out += "null";
      out += '}';
    }
    out += ']';
  }
  out += '}';
}

std::string log_advice_json(const LogAdvice& a, bool history) {
  std::string out;
  // An exercise's advice is 0.7-1 KB (more with planned loads or its
  // history): room made once, not grown in doublings.
  out.reserve(64 + a.results.size() * (history ? 4096 : 1024));
  out += "{\"task\":\"next-session\",\"results\":[";
  for (std::size_t i = 0; i < a.results.size(); ++i) {
    if (i > 0) out += ',';
    append_advice_json(out, a.results[i], history);
  }
  out += "],\"not_strength\":[";
  for (std::size_t i = 0; i < a.not_strength.size(); ++i) {
    if (i > 0) out += ',';
    append_left_out_json(out, a.not_strength[i]);
  }
  out += "]}";
  return out;
}

void append_left_out_json(std::string& out, const LeftOutExercise& e) {
  out += "{\"name\":";
  append_json_string(out, e.name);
  out += ",\"reason\":";
  append_json_string(out, e.reason);
  out += '}';
}

}  // namespace exertrack::next_session::model
