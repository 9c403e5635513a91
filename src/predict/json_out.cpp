#include "predict/json_out.hpp"

#include "ingest/values.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace exertrack {
namespace {

// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no
// overlongs, no surrogates, <= U+10FFFF), or 0 if it is not one.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k) { return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0U) == 0x80U; };
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b0 == 0xE0 && b1 < 0xA0) return 0;  // overlong
    if (b0 == 0xED && b1 >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b0 == 0xF0 && b1 < 0x90) return 0;  // overlong
    if (b0 == 0xF4 && b1 >= 0x90) return 0;  // > U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t i = 0;
  auto plain = [](unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; };
  while (i < s.size()) {
    // Runs of plain ASCII go out in one append.
    std::size_t run = i;
    while (run < s.size() && plain(static_cast<unsigned char>(s[run]))) ++run;
    out.append(s.data() + i, run - i);
    i = run;
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; ++i; continue;
      case '\\': out += "\\\\"; ++i; continue;
      case '\n': out += "\\n"; ++i; continue;
      case '\r': out += "\\r"; ++i; continue;
      case '\t': out += "\\t"; ++i; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7F) {
      out += "\\u00";
      out += kHex[c >> 4U];
      out += kHex[c & 0xFU];
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  out += '"';
}

void append_json_number(std::string& out, double x) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  append_js_number(out, x);
}

void append_json_float(std::string& out, float x) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  std::array<char, 32> buf{};
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  out.append(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
}

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

// A session's date, or null for sessions sent without dates: an answer
// never carries a date nobody gave.
void append_date(std::string& out, bool dated, std::int64_t time) {
  if (dated) append_json_string(out, ingest::format_date(time));
  else out += "null";
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
  std::string out = "{\"task\":\"next-session\",\"results\":[";
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

}  // namespace exertrack
