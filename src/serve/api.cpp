#include "serve/api.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

#include "export/metadata.hpp"
#include "predict/json_out.hpp"
#include "util/error.hpp"

namespace exertrack::serve {
namespace {

using nlohmann::json;

// An error answer on its way out of the parsing code.
struct Failure {
  int status;
  std::string message;
};

[[noreturn]] void fail(int status, std::string message) { throw Failure{status, std::move(message)}; }

// Deepest [ / { nesting, strings skipped. Our bodies need 4 levels; a body
// nested thousands deep is rejected before a DOM is built for it.
std::size_t nesting_depth(std::string_view body, std::size_t stop_at) {
  std::size_t depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : body) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max_depth = std::max(max_depth, ++depth);
      if (max_depth > stop_at) return max_depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return max_depth;
}

std::string type_of(const json& v) { return v.type_name(); }

// A short rendering of a bad value for a message (never the whole body).
std::string show(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

// `where` makes the JSON path, called only when the value is bad: building
// "exercises[3].sets[12].reps" eagerly for every field cost more than the
// whole prediction.
template <typename Where>
double number_at(const json& v, const Where& where, double lo, double hi, const char* what) {
  if (!v.is_number()) fail(422, where() + ": must be a number (" + what + "), got " + type_of(v) + " " + show(v));
  const double x = v.get<double>();
  if (!std::isfinite(x) || x < lo || x > hi) fail(422, where() + ": must be " + what + ", got " + show(v));
  return x;
}

double number_at(const json& v, const std::string& path, double lo, double hi, const char* what) {
  return number_at(v, [&] { return path; }, lo, hi, what);
}

WeightUnit unit_at(const json& v, const std::string& path) {
  if (!v.is_string()) fail(422, path + ": must be \"kg\" or \"lb\", got " + show(v));
  const auto u = unit_by_name(v.get_ref<const std::string&>());
  if (!u) fail(422, path + ": must be \"kg\" or \"lb\", got " + show(v));
  return *u;
}

void read_sets(const json& sets, const std::string& path, const ApiLimits& limits, std::size_t& total,
               std::vector<HistorySet>& out) {
  if (!sets.is_array()) fail(422, path + ": must be an array of {\"weight\", \"reps\"}, got " + type_of(sets));
  if (out.size() + sets.size() > limits.max_sets_per_exercise) {
    fail(413, path + ": the history holds more than " + std::to_string(limits.max_sets_per_exercise) +
                  " sets (the limit per exercise)");
  }
  total += sets.size();
  if (total > limits.max_total_sets) {
    fail(413, "the request holds more than " + std::to_string(limits.max_total_sets) + " sets (the limit per request)");
  }
  for (std::size_t i = 0; i < sets.size(); ++i) {
    const json& s = sets[i];
    auto at = [&](const char* field) { return [&path, i, field] { return path + "[" + std::to_string(i) + "]" + field; }; };
    if (!s.is_object()) fail(422, at("")() + ": must be an object {\"weight\", \"reps\"}, got " + show(s));
    const auto w = s.find("weight");
    const auto r = s.find("reps");
    if (w == s.end()) fail(422, at(".weight")() + ": missing");
    if (r == s.end()) fail(422, at(".reps")() + ": missing");
    HistorySet set;
    // Assisted (negative) weights are real; past 10 t nothing is.
    set.weight = number_at(*w, at(".weight"), -1e4, 1e4, "a number between -10000 and 10000");
    set.reps = number_at(*r, at(".reps"), 0, 1e5, "a number >= 0");
    out.push_back(set);
  }
}

ExerciseHistory read_exercise(const json& e, std::size_t index, std::optional<WeightUnit> default_unit,
                              const ApiLimits& limits, std::size_t& total) {
  const std::string path = "exercises[" + std::to_string(index) + "]";
  if (!e.is_object()) fail(422, path + ": must be an object {\"name\", \"unit\", \"sets\"}, got " + type_of(e));
  ExerciseHistory h;
  const auto name = e.find("name");
  if (name == e.end() || !name->is_string()) fail(422, path + ".name: must be a string (the exercise name)");
  h.name = name->get<std::string>();
  if (h.name.empty() || h.name.size() > limits.max_name_bytes) {
    fail(422, path + ".name: must hold 1 to " + std::to_string(limits.max_name_bytes) + " bytes");
  }
  if (const auto u = e.find("unit"); u != e.end()) {
    h.unit = unit_at(*u, path + ".unit");
  } else if (default_unit) {
    h.unit = *default_unit;
  } else {
    fail(422, path + ".unit: missing (\"kg\" or \"lb\": the unit of the weights)");
  }
  if (const auto u = e.find("target_unit"); u != e.end()) h.target_unit = unit_at(*u, path + ".target_unit");
  if (const auto eq = e.find("equipment"); eq != e.end()) {
    if (!eq->is_string() || !equipment_by_name(eq->get_ref<const std::string&>())) {
      fail(422, path + ".equipment: must be one of barbell, dumbbell, machine, cable, kettlebell, other; got " + show(*eq));
    }
    h.equipment = equipment_by_name(eq->get_ref<const std::string&>());
  }
  if (const auto inc = e.find("increment"); inc != e.end()) {
    h.increment = number_at(*inc, path + ".increment", 1e-6, 1000, "a number > 0 (and <= 1000)");
    if (*h.increment <= 0) fail(422, path + ".increment: must be > 0");
  }
  if (const auto step = e.find("reps_step"); step != e.end()) {
    h.reps_step = number_at(*step, path + ".reps_step", 0, 1000, "a number >= 0 (and <= 1000)");
  }
  const auto sets = e.find("sets");
  const auto sessions = e.find("sessions");
  if ((sets == e.end()) == (sessions == e.end())) {
    fail(422, path + ": needs exactly one of \"sets\" (every set, oldest first) or \"sessions\" ([{\"sets\": [...]}, ...])");
  }
  if (sets != e.end()) {
    h.sets.reserve(sets->is_array() ? sets->size() : 0);
    read_sets(*sets, path + ".sets", limits, total, h.sets);
  } else {
    if (!sessions->is_array()) fail(422, path + ".sessions: must be an array of {\"sets\": [...]}, got " + type_of(*sessions));
    for (std::size_t k = 0; k < sessions->size(); ++k) {
      const json& s = (*sessions)[k];
      const std::string sp = path + ".sessions[" + std::to_string(k) + "]";
      if (!s.is_object() || !s.contains("sets")) fail(422, sp + ": must be an object {\"sets\": [...]}");
      read_sets(s["sets"], sp + ".sets", limits, total, h.sets);
    }
  }
  if (h.sets.empty()) fail(422, path + ": the history has no sets (at least one is needed)");
  return h;
}

std::string results_body(const std::vector<Recommendation>& recs) {
  std::string out;
  out.reserve(64 + recs.size() * 640);
  out += "{\"results\":[";
  for (std::size_t i = 0; i < recs.size(); ++i) {
    if (i > 0) out += ',';
    append_recommendation_json(out, recs[i]);
  }
  out += "]}";
  return out;
}

// "[json.exception.parse_error.101] parse error at line 1, column 3: ..." -> from "parse error".
std::string parse_error_text(const std::string& what) {
  const auto close = what.find("] ");
  return close == std::string::npos ? what : what.substr(close + 2);
}

}  // namespace

std::string error_body(int status, std::string_view message) {
  std::string out = "{\"error\":{\"status\":";
  out += std::to_string(status);
  out += ",\"message\":";
  append_json_string(out, message);
  out += "}}";
  return out;
}

ApiResponse error_response(int status, std::string_view message) { return {status, error_body(status, message)}; }

ApiResponse recommend_json(const Predictor& predictor, std::string_view body, const ApiLimits& limits,
                           PredictWorkspace& ws) {
  try {
    if (body.size() > limits.max_json_body_bytes) {
      fail(413, "the body has " + std::to_string(body.size()) + " bytes; the limit is " +
                    std::to_string(limits.max_json_body_bytes));
    }
    if (nesting_depth(body, 16) > 16) fail(400, "the body nests arrays/objects more than 16 deep");
    json doc;
    try {
      doc = json::parse(body);
    } catch (const json::exception& e) {
      // parse_error, and out_of_range for numbers past double (1e999).
      fail(400, "the body is not JSON: " + parse_error_text(e.what()));
    }
    if (!doc.is_object()) fail(422, "the body must be an object {\"exercises\": [...]}, got " + type_of(doc));
    std::optional<WeightUnit> default_unit;
    if (const auto u = doc.find("unit"); u != doc.end()) default_unit = unit_at(*u, "unit");
    const auto ex = doc.find("exercises");
    if (ex == doc.end() || !ex->is_array()) fail(422, "exercises: must be an array of exercise histories");
    if (ex->empty()) fail(422, "exercises: the array is empty (send at least one exercise)");
    if (ex->size() > limits.max_exercises) {
      fail(413, "exercises: " + std::to_string(ex->size()) + " exercises; the limit per request is " +
                    std::to_string(limits.max_exercises));
    }
    std::vector<Recommendation> recs;
    recs.reserve(ex->size());
    std::size_t total = 0;
    for (std::size_t i = 0; i < ex->size(); ++i) {
      const ExerciseHistory h = read_exercise((*ex)[i], i, default_unit, limits, total);
      try {
        recs.push_back(predictor.recommend(h, ws));
      } catch (const InputError& e) {
        fail(422, "exercises[" + std::to_string(i) + "]: " + e.what());
      }
    }
    return {200, results_body(recs)};
  } catch (const Failure& f) {
    return error_response(f.status, f.message);
  }
}

ApiResponse recommend_csv(const Predictor& predictor, std::string_view body, const CsvQuery& query,
                          const ApiLimits& limits, PredictWorkspace& ws) {
  try {
    if (body.size() > limits.max_csv_body_bytes) {
      fail(413, "the body has " + std::to_string(body.size()) + " bytes; the limit is " +
                    std::to_string(limits.max_csv_body_bytes));
    }
    const auto weight_unit = unit_by_name(query.weight_unit);
    if (!weight_unit) fail(422, "weight_unit: must be kg or lb, got '" + query.weight_unit + "'");
    const auto unit = query.unit.empty() ? weight_unit : unit_by_name(query.unit);
    if (!unit) fail(422, "unit: must be kg or lb, got '" + query.unit + "'");
    if (body.empty()) fail(422, "the body is empty (send the export file)");
    ReadOptions read;
    read.default_unit = *weight_unit;
    read.format = query.format;
    WorkoutLog log;
    try {
      log = parse_workout_log(body, "upload", read);
    } catch (const InputError& e) {
      fail(422, e.what());
    }
    std::vector<ExerciseHistory> histories = histories_from_log(log, predictor.definition(), *unit);
    if (!query.exercise.empty()) {
      std::erase_if(histories, [&](const ExerciseHistory& h) { return h.name != query.exercise; });
      if (histories.empty()) fail(422, "exercise: '" + query.exercise + "' has no sets in the upload");
    }
    if (histories.empty()) fail(422, "the upload holds no set to recommend from");
    if (histories.size() > limits.max_csv_exercises) {
      fail(413, "the upload holds " + std::to_string(histories.size()) + " exercises; the limit is " +
                    std::to_string(limits.max_csv_exercises));
    }
    std::vector<Recommendation> recs;
    recs.reserve(histories.size());
    for (ExerciseHistory& h : histories) {
      // Not truncated to the newest sets: the features depend on the whole
      // sequence (pandas' running sums), so an over-long history is refused.
      if (h.sets.size() > limits.max_sets_per_exercise) {
        fail(413, "exercise '" + h.name + "' has " + std::to_string(h.sets.size()) + " sets; the limit is " +
                      std::to_string(limits.max_sets_per_exercise));
      }
      try {
        recs.push_back(predictor.recommend(h, ws));
      } catch (const InputError& e) {
        fail(422, e.what());
      }
    }
    return {200, results_body(recs)};
  } catch (const Failure& f) {
    return error_response(f.status, f.message);
  }
}

std::string model_info_json(const Predictor& predictor, const std::string& model_dir, const std::string& loaded_at) {
  const LoadedModel& m = predictor.model();
  json j;
  j["model_dir"] = model_dir;
  j["loaded_at"] = loaded_at;
  j["classes"] = m.classes;
  j["feature_names"] = m.feature_names;
  j["feature_definition"] = feature_definition_to_json(m.definition);
  j["layers"] = json::array();
  for (const auto& layer : m.model.layers) j["layers"].push_back(layer.kernel.cols());
  j["metadata"] = m.metadata;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool media_type_is(std::string_view content_type, std::initializer_list<std::string_view> accepted) {
  std::string_view t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
  return std::any_of(accepted.begin(), accepted.end(), [&](std::string_view a) {
    return t.size() == a.size() && std::equal(t.begin(), t.end(), a.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  });
}

}  // namespace exertrack::serve
