#include "serve/api.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <simdjson.h>

#include "core/ingest/read_settings.hpp"
#include "core/ingest/values.hpp"
#include "core/util/error.hpp"
#include "next_session/model/advice_json.hpp"
#include "notebook/export/metadata.hpp"
#include "notebook/predict/json_out.hpp"

namespace ingest = exertrack::core::ingest;
using exertrack::core::ingest::kMaxPlausibleReps;
using exertrack::core::ingest::kMaxPlausibleWeightKg;
using exertrack::core::ingest::read_options;
using exertrack::core::ingest::read_setting;
using exertrack::core::ingest::ReadOptions;
using exertrack::core::ingest::ReadSetting;
using exertrack::core::ingest::ReadSettings;
using exertrack::core::ingest::SetRecord;
using exertrack::core::ingest::switch_value;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::json::append_json_string;
using exertrack::core::units::Equipment;
using exertrack::core::units::equipment_by_name;
using exertrack::core::units::target_unit;
using exertrack::core::units::unit_by_name;
using exertrack::core::units::unit_to_kg;
using exertrack::core::util::InputError;
using exertrack::core::util::InputKind;
using exertrack::next_session::model::build_sessions;
using exertrack::next_session::model::ExerciseSessions;
using exertrack::next_session::model::forget_dates;
using exertrack::next_session::model::ForecastDefinition;
using exertrack::next_session::model::ForecastModel;
using exertrack::next_session::model::is_forecast_model_dir;
using exertrack::next_session::model::LifterForecast;
using exertrack::next_session::model::LogAdvice;
using exertrack::next_session::model::planned_reps_problem;
using exertrack::next_session::model::SessionLog;
using exertrack::notebook::export_::feature_definition_to_json;
using exertrack::notebook::export_::LoadedModel;
using exertrack::notebook::predict::ExerciseHistory;
using exertrack::notebook::predict::histories_from_log;
using exertrack::notebook::predict::HistorySet;
using exertrack::notebook::predict::Predictor;
using exertrack::notebook::predict::Recommendation;

namespace exertrack::serve {
namespace {

using nlohmann::json;

// An error answer on its way out of the parsing code.
struct Failure {
  int status;
  ErrorCode code;
  std::string message;
};

[[noreturn]] void fail(int status, ErrorCode code, std::string message) { throw Failure{status, code, std::move(message)}; }

// The code a status has unless a call says otherwise: 400 the body is not
// JSON, 413 past a limit, 422 a value of the request.
[[noreturn]] void fail(int status, std::string message) {
  fail(status, status == 400 ? ErrorCode::not_json : status == 413 ? ErrorCode::too_large : ErrorCode::invalid_request,
       std::move(message));
}

// An InputError from the readers or the models as a 422: its kind, where
// the raiser gave one, else `otherwise`.
[[noreturn]] void fail_input(const InputError& e, ErrorCode otherwise, const std::string& prefix = {}) {
  ErrorCode code = otherwise;
  switch (e.kind()) {
    case InputKind::invalid: break;
    case InputKind::bad_setting: code = ErrorCode::invalid_request; break;
    case InputKind::date_order_undecidable: code = ErrorCode::date_order_undecidable; break;
    case InputKind::date_order_inconsistent: code = ErrorCode::date_order_inconsistent; break;
    case InputKind::no_such_exercise: code = ErrorCode::no_such_exercise; break;
    case InputKind::nothing_to_recommend: code = ErrorCode::nothing_to_recommend; break;
  }
  fail(422, code, prefix + e.what());
}

// How deep a body may nest arrays and objects: ours need 4 levels; a body
// nested thousands deep is refused before a DOM is built for it.
constexpr std::size_t kMaxNesting = 16;
constexpr std::string_view kTooDeep = "the body nests arrays/objects more than 16 deep";

// Deepest [ / { nesting, strings skipped, stopping past `stop_at`: the
// check for a body simdjson refused for another reason, before nlohmann
// (which has no depth limit) reads it.
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

namespace dom = simdjson::dom;

// nlohmann's names for the JSON types, as the messages always said.
const char* type_of(const dom::element& v) {
  switch (v.type()) {
    case dom::element_type::ARRAY: return "array";
    case dom::element_type::OBJECT: return "object";
    case dom::element_type::STRING: return "string";
    case dom::element_type::BOOL: return "boolean";
    case dom::element_type::NULL_VALUE: return "null";
    default: return "number";
  }
}

// A short rendering of a bad value for a message (never the whole body).
std::string show(const dom::element& v) {
  std::string s = simdjson::minify(v);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

// The member `key` of an object, if present (the first one when a key is
// repeated).
std::optional<dom::element> member(const dom::object& o, std::string_view key) {
  dom::element v;
  if (o.at_key(key).get(v) != simdjson::SUCCESS) return std::nullopt;
  return v;
}

// `where` makes the JSON path, called only when the value is bad: building
// "exercises[3].sets[12].reps" eagerly for every field cost more than the
// whole prediction.
template <typename Where>
double number_at(const dom::element& v, const Where& where, double lo, double hi, const char* what) {
  double x = 0;
  if (v.get_double().get(x) != simdjson::SUCCESS) {
    fail(422, where() + ": must be a number (" + what + "), got " + type_of(v) + " " + show(v));
  }
  if (!std::isfinite(x) || x < lo || x > hi) fail(422, where() + ": must be " + what + ", got " + show(v));
  return x;
}

double number_at(const dom::element& v, const std::string& path, double lo, double hi, const char* what) {
  return number_at(v, [&] { return path; }, lo, hi, what);
}

WeightUnit unit_at(const dom::element& v, const std::string& path) {
  std::string_view name;
  if (v.get_string().get(name) != simdjson::SUCCESS) fail(422, path + ": must be \"kg\" or \"lb\", got " + show(v));
  const auto u = unit_by_name(name);
  if (!u) fail(422, path + ": must be \"kg\" or \"lb\", got " + show(v));
  return *u;
}

// `path` makes the sets' JSON path, as `where` above: only for a message.
template <typename Path>
void read_sets(const dom::element& sets, const Path& path, const ApiLimits& limits, std::size_t& total, std::vector<HistorySet>& out) {
  dom::array array;
  if (sets.get_array().get(array) != simdjson::SUCCESS) {
    fail(422, path() + ": must be an array of {\"weight\", \"reps\"}, got " + type_of(sets));
  }
  // size() saturates at 2^24 - 1, far past both limits.
  const std::size_t n = array.size();
  if (out.size() + n > limits.max_sets_per_exercise) {
    fail(413, path() + ": the history holds more than " + std::to_string(limits.max_sets_per_exercise) +
                  " sets (the limit per exercise)");
  }
  total += n;
  if (total > limits.max_total_sets) {
    fail(413, "the request holds more than " + std::to_string(limits.max_total_sets) + " sets (the limit per request)");
  }
  out.reserve(out.size() + n);
  std::size_t i = 0;
  for (const dom::element s : array) {
    auto at = [&](const char* field) { return [&path, i, field] { return path() + "[" + std::to_string(i) + "]" + field; }; };
    dom::object set_object;
    if (s.get_object().get(set_object) != simdjson::SUCCESS) {
      fail(422, at("")() + ": must be an object {\"weight\", \"reps\"}, got " + show(s));
    }
    const auto w = member(set_object, "weight");
    const auto r = member(set_object, "reps");
    if (!w) fail(422, at(".weight")() + ": missing");
    if (!r) fail(422, at(".reps")() + ": missing");
    HistorySet set;
    // Assisted (negative) weights are real; past 10 t nothing is.
    set.weight = number_at(*w, at(".weight"), -1e4, 1e4, "a number between -10000 and 10000");
    set.reps = number_at(*r, at(".reps"), 0, 1e5, "a number >= 0");
    out.push_back(set);
    ++i;
  }
}

ExerciseHistory read_exercise(const dom::element& e, std::size_t index, std::optional<WeightUnit> default_unit,
                              const ApiLimits& limits, std::size_t& total) {
  const std::string path = "exercises[" + std::to_string(index) + "]";
  dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) {
    fail(422, path + ": must be an object {\"name\", \"unit\", \"sets\"}, got " + type_of(e));
  }
  ExerciseHistory h;
  std::string_view name;
  if (const auto n = member(o, "name"); !n || n->get_string().get(name) != simdjson::SUCCESS) {
    fail(422, path + ".name: must be a string (the exercise name)");
  }
  if (name.empty() || name.size() > limits.max_name_bytes) {
    fail(422, path + ".name: must hold 1 to " + std::to_string(limits.max_name_bytes) + " bytes");
  }
  h.name = name;
  if (const auto u = member(o, "unit")) {
    h.unit = unit_at(*u, path + ".unit");
  } else if (default_unit) {
    h.unit = *default_unit;
  } else {
    fail(422, path + ".unit: missing (\"kg\" or \"lb\": the unit of the weights)");
  }
  if (const auto u = member(o, "target_unit")) h.target_unit = unit_at(*u, path + ".target_unit");
  if (const auto eq = member(o, "equipment")) {
    std::string_view text;
    std::optional<Equipment> equipment;
    if (eq->get_string().get(text) == simdjson::SUCCESS) equipment = equipment_by_name(text);
    if (!equipment) {
      fail(422, path + ".equipment: must be one of barbell, dumbbell, machine, cable, kettlebell, other; got " + show(*eq));
    }
    h.equipment = equipment;
  }
  if (const auto inc = member(o, "increment")) {
    h.increment = number_at(*inc, path + ".increment", 1e-6, 1000, "a number > 0 (and <= 1000)");
  }
  if (const auto step = member(o, "reps_step")) {
    h.reps_step = number_at(*step, path + ".reps_step", 0, 1000, "a number >= 0 (and <= 1000)");
  }
  const auto sets = member(o, "sets");
  const auto sessions = member(o, "sessions");
  if (sets.has_value() == sessions.has_value()) {
    fail(422, path + ": needs exactly one of \"sets\" (every set, oldest first) or \"sessions\" ([{\"sets\": [...]}, ...])");
  }
  if (sets) {
    read_sets(*sets, [&] { return path + ".sets"; }, limits, total, h.sets);
  } else {
    dom::array list;
    if (sessions->get_array().get(list) != simdjson::SUCCESS) {
      fail(422, path + ".sessions: must be an array of {\"sets\": [...]}, got " + type_of(*sessions));
    }
    std::size_t k = 0;
    for (const dom::element s : list) {
      const std::string sp = path + ".sessions[" + std::to_string(k++) + "]";
      dom::object session;
      std::optional<dom::element> session_sets;
      if (s.get_object().get(session) == simdjson::SUCCESS) session_sets = member(session, "sets");
      if (!session_sets) fail(422, sp + ": must be an object {\"sets\": [...]}");
      read_sets(*session_sets, [&] { return sp + ".sets"; }, limits, total, h.sets);
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

// Bodies up to this size are parsed by the workspace's (reused) parser.
constexpr std::size_t kWorkspaceParserBytes = 64 * 1024;

// Parses `body` into `doc` or fails with 400. simdjson refuses a little
// JSON that nlohmann reads (integers past 64 bits, read as doubles) and its
// error codes carry no position, so a body it refuses goes to nlohmann: for
// the message ("parse error at line 1, column 3: ..."), or, when nlohmann
// reads it, for a rewrite that simdjson then parses.
//
// The depth limit is simdjson's own (its parser counts the nesting while it
// builds the tape, and keeps the limit when it grows): the scan of the body
// that checked it before parsing was 4 % of a one-exercise forecast
// request (perf on bench_serve's BM_ForecastJson/1). A body simdjson
// refuses for another reason is scanned before nlohmann reads it, so every
// body nested past the limit gets the same answer as when the scan came
// first.
void parse_body(dom::parser& parser, std::string_view body, dom::element& doc) {
  if (parser.max_depth() != kMaxNesting &&
      parser.allocate(std::max(parser.capacity(), simdjson::dom::MINIMAL_DOCUMENT_CAPACITY), kMaxNesting) != simdjson::SUCCESS) {
    throw std::bad_alloc();
  }
  const auto err = parser.parse(body.data(), body.size()).get(doc);
  if (err == simdjson::SUCCESS) return;
  if (err == simdjson::DEPTH_ERROR || nesting_depth(body, kMaxNesting) > kMaxNesting) fail(400, std::string(kTooDeep));
  json fallback;
  try {
    fallback = json::parse(body);
  } catch (const json::exception& e) {
    const std::string what = e.what();  // "[json.exception.parse_error.101] parse error at ..."
    const auto close = what.find("] ");
    fail(400, "the body is not JSON: " + (close == std::string::npos ? what : what.substr(close + 2)));
  }
  const std::string rewritten = fallback.dump(-1, ' ', false, json::error_handler_t::replace);
  if (parser.parse(rewritten).get(doc) != simdjson::SUCCESS) {
    fail(400, std::string("the body is not JSON: ") + simdjson::error_message(err));
  }
}

// An uploaded export and the unit of its targets (the query's, else the
// unit the lifter logs in); fails 422 naming line and column.
struct Upload {
  WorkoutLog log;
  WeightUnit unit = WeightUnit::kg;
};
Upload read_upload(std::string_view body, const CsvQuery& query) {
  ReadSettings settings;
  for (const auto& [name, value] : query.read) {
    const ReadSetting* setting = read_setting(name);
    if (setting == nullptr) fail(422, name + ": is not a query parameter of this endpoint");
    try {
      setting->set(settings, value, name);
    } catch (const InputError& e) {
      fail_input(e, ErrorCode::invalid_request);
    }
  }
  const auto unit = query.unit.empty() ? std::nullopt : unit_by_name(query.unit);
  if (!query.unit.empty() && !unit) fail(422, "unit: must be kg or lb, got '" + query.unit + "'");
  if (body.empty()) fail(422, ErrorCode::unreadable_export, "the body is empty (send the export file)");
  const ReadOptions read = read_options(settings);
  Upload up;
  try {
    up.log = parse_workout_log(body, "upload", read);
  } catch (const InputError& e) {
    fail_input(e, ErrorCode::unreadable_export);
  }
  up.unit = target_unit(up.log, read, unit);
  return up;
}

}  // namespace

struct ApiWorkspace::ForecastBuffers {
  WorkoutLog log;               // one exercise's sets, as read
  std::vector<HistorySet> sets;  // one session's
};

ApiWorkspace::ApiWorkspace() = default;
ApiWorkspace::~ApiWorkspace() = default;

simdjson::dom::parser& ApiWorkspace::json() {
  if (!json_) json_ = std::make_unique<simdjson::dom::parser>();
  return *json_;
}

ApiWorkspace::ForecastBuffers& ApiWorkspace::forecast() {
  if (!forecast_) forecast_ = std::make_unique<ForecastBuffers>();
  return *forecast_;
}

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::not_json: return "not_json";
    case ErrorCode::malformed_http: return "malformed_http";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::method_not_allowed: return "method_not_allowed";
    case ErrorCode::too_large: return "too_large";
    case ErrorCode::uri_too_long: return "uri_too_long";
    case ErrorCode::unsupported_media_type: return "unsupported_media_type";
    case ErrorCode::invalid_request: return "invalid_request";
    case ErrorCode::unreadable_export: return "unreadable_export";
    case ErrorCode::date_order_undecidable: return "date_order_undecidable";
    case ErrorCode::date_order_inconsistent: return "date_order_inconsistent";
    case ErrorCode::no_such_exercise: return "no_such_exercise";
    case ErrorCode::nothing_to_recommend: return "nothing_to_recommend";
    case ErrorCode::http_error: return "http_error";
    case ErrorCode::internal_error: return "internal_error";
  }
  return "internal_error";
}

std::string error_body(int status, ErrorCode code, std::string_view message) {
  std::string out = "{\"error\":{\"status\":";
  out += std::to_string(status);
  out += ",\"code\":\"";
  out += error_code_name(code);
  out += "\",\"message\":";
  append_json_string(out, message);
  out += "}}";
  return out;
}

ApiResponse error_response(int status, ErrorCode code, std::string_view message) {
  return {status, error_body(status, code, message)};
}

ApiResponse recommend_json(const Predictor& predictor, std::string_view body, const ApiLimits& limits,
                           ApiWorkspace& ws) {
  try {
    if (body.size() > limits.max_json_body_bytes) {
      fail(413, "the body has " + std::to_string(body.size()) + " bytes; the limit is " +
                    std::to_string(limits.max_json_body_bytes));
    }
    // Large bodies get a parser of their own, freed with the request: the
    // workspace's parser keeps the capacity of the largest body it saw, and
    // a thousand connections' threads must not each keep megabytes.
    std::optional<dom::parser> own_parser;
    dom::parser& parser = body.size() <= kWorkspaceParserBytes ? ws.json() : own_parser.emplace();
    dom::element doc;
    parse_body(parser, body, doc);
    dom::object top;
    if (doc.get_object().get(top) != simdjson::SUCCESS) {
      fail(422, "the body must be an object {\"exercises\": [...]}, got " + std::string(type_of(doc)));
    }
    std::optional<WeightUnit> default_unit;
    if (const auto u = member(top, "unit")) default_unit = unit_at(*u, "unit");
    dom::array exercises;
    if (const auto ex = member(top, "exercises"); !ex || ex->get_array().get(exercises) != simdjson::SUCCESS) {
      fail(422, "exercises: must be an array of exercise histories");
    }
    const std::size_t count = exercises.size();
    if (count == 0) fail(422, "exercises: the array is empty (send at least one exercise)");
    if (count > limits.max_exercises) {
      fail(413, "exercises: " + std::to_string(count) + " exercises; the limit per request is " +
                    std::to_string(limits.max_exercises));
    }
    std::vector<Recommendation> recs;
    recs.reserve(count);
    std::size_t total = 0;
    std::size_t i = 0;
    for (const dom::element e : exercises) {
      const ExerciseHistory h = read_exercise(e, i, default_unit, limits, total);
      try {
        recs.push_back(predictor.recommend(h, ws.predict));
      } catch (const InputError& e) {
        fail_input(e, ErrorCode::invalid_request, "exercises[" + std::to_string(i) + "]: ");
      }
      ++i;
    }
    return {200, results_body(recs)};
  } catch (const Failure& f) {
    return error_response(f.status, f.code, f.message);
  }
}

ApiResponse recommend_csv(const Predictor& predictor, std::string_view body, const CsvQuery& query,
                          const ApiLimits& limits, ApiWorkspace& ws) {
  try {
    if (body.size() > limits.max_csv_body_bytes) {
      fail(413, "the body has " + std::to_string(body.size()) + " bytes; the limit is " +
                    std::to_string(limits.max_csv_body_bytes));
    }
    const auto [log, unit] = read_upload(body, query);
    std::vector<ExerciseHistory> histories = histories_from_log(log, predictor.definition(), unit);
    if (!query.exercise.empty()) {
      std::erase_if(histories, [&](const ExerciseHistory& h) { return h.name != query.exercise; });
      if (histories.empty()) fail(422, ErrorCode::no_such_exercise, "exercise: '" + query.exercise + "' has no sets in the upload");
    }
    if (histories.empty()) fail(422, ErrorCode::nothing_to_recommend, "the upload holds no set to recommend from");
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
        recs.push_back(predictor.recommend(h, ws.predict));
      } catch (const InputError& e) {
        fail_input(e, ErrorCode::invalid_request);
      }
    }
    return {200, results_body(recs)};
  } catch (const Failure& f) {
    return error_response(f.status, f.code, f.message);
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

namespace {

// One exercise of a next-session JSON body as a one-exercise log: sessions
// become workouts, so the sessions stage groups them as it groups a file's.
// Every session has a date or none has: undated ones are placed a day apart
// only to keep their order, and `dated` says so (their days are unknown).
void read_exercise_sessions(const dom::element& e, std::size_t index, std::optional<WeightUnit> default_unit,
                            const ApiLimits& limits, std::size_t& total, WorkoutLog& log, std::optional<WeightUnit>& target,
                            bool& dated, std::vector<HistorySet>& sets) {
  const std::string path = "exercises[" + std::to_string(index) + "]";
  dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) {
    fail(422, path + ": must be an object {\"name\", \"unit\", \"sessions\"}, got " + type_of(e));
  }
  std::string_view name;
  if (const auto n = member(o, "name"); !n || n->get_string().get(name) != simdjson::SUCCESS || name.empty() ||
                                        name.size() > limits.max_name_bytes) {
    fail(422, path + ".name: must be a string of 1 to " + std::to_string(limits.max_name_bytes) + " bytes");
  }
  WeightUnit unit = WeightUnit::kg;
  if (const auto u = member(o, "unit")) unit = unit_at(*u, path + ".unit");
  else if (default_unit) unit = *default_unit;
  else fail(422, path + ".unit: missing (\"kg\" or \"lb\": the unit of the weights)");
  target = unit;
  if (const auto u = member(o, "target_unit")) target = unit_at(*u, path + ".target_unit");
  dom::array list;
  if (const auto ss = member(o, "sessions"); !ss || ss->get_array().get(list) != simdjson::SUCCESS) {
    fail(422, path + ".sessions: must be an array of {\"date\"?, \"sets\": [...]}, oldest first (a next-session model reads sessions)");
  }
  const auto exercise = static_cast<std::uint32_t>(log.exercises.size());
  log.exercises.emplace_back(name);
  std::size_t k = 0;
  for (const dom::element s : list) {
    // The session's JSON path, made only for a message (as `where` above).
    const auto sp = [&path, k] { return path + ".sessions[" + std::to_string(k) + "]"; };
    dom::object session;
    std::optional<dom::element> session_sets;
    if (s.get_object().get(session) == simdjson::SUCCESS) session_sets = member(session, "sets");
    if (!session_sets) fail(422, sp() + ": must be an object {\"date\"?, \"sets\": [...]}");
    std::int64_t time = static_cast<std::int64_t>(k) * 86400;
    const auto d = member(session, "date");
    if (k == 0) dated = d.has_value();
    else if (d.has_value() != dated) {
      fail(422, sp() + ".date: " + (dated ? "missing, after dated sessions" : "given, after sessions without one") +
                    ": give every session of an exercise its date, or none (then only their order is used)");
    }
    if (d) {
      std::string_view text;
      std::optional<std::int64_t> parsed;
      if (d->get_string().get(text) == simdjson::SUCCESS) parsed = ingest::parse_date_time(text);
      if (!parsed) fail(422, sp() + ".date: must be a date such as \"2024-05-03\" or \"2024-05-03 18:30:00\", got " + show(*d));
      time = *parsed;
    }
    sets.clear();
    read_sets(*session_sets, [&] { return sp() + ".sets"; }, limits, total, sets);
    // A workout per session, unnamed: build_sessions groups sets by the
    // workout's index, and nothing reads a name here.
    const auto workout = static_cast<std::uint32_t>(log.workouts.size());
    log.workouts.emplace_back();
    for (const HistorySet& h : sets) {
      SetRecord r;
      r.time = time;
      r.workout = workout;
      r.exercise = exercise;
      r.weight_kg = unit_to_kg(h.weight, unit);
      r.unit = unit;
      r.reps = h.reps;
      // The readers' bound for absurd values (a typo such as reps 877777).
      r.outlier = r.reps > kMaxPlausibleReps || std::abs(r.weight_kg) > kMaxPlausibleWeightKg;
      log.sets.push_back(r);
    }
    ++k;
  }
  if (k == 0) fail(422, path + ".sessions: empty (at least one session is needed)");
}

// The rep counts the lifter plans, checked as advise_log checks them
// (planned_reps_problem: the model's definition holds the limit).
std::vector<double> planned_reps_at(const dom::object& top, const ForecastDefinition& def) {
  std::vector<double> out;
  const auto p = member(top, "planned_reps");
  if (!p) return out;
  dom::array list;
  if (p->get_array().get(list) != simdjson::SUCCESS) fail(422, "planned_reps: must be an array of rep counts, e.g. [5, 8]");
  std::size_t i = 0;
  for (const dom::element r : list) {
    const std::string path = "planned_reps[" + std::to_string(i++) + "]";
    double reps = 0;
    if (r.get_double().get(reps) != simdjson::SUCCESS) fail(422, path + ": must be a number of reps, got " + type_of(r) + " " + show(r));
    if (const auto problem = planned_reps_problem(reps, def)) fail(422, path + ": " + *problem);
    out.push_back(reps);
  }
  return out;
}

// The advice for a request's exercises, each read as its own log: one
// batch of rows for all of them (the lifter's temperature from every
// exercise's transitions, then each exercise's forecast), the exercises
// moved side by side for it and back to their logs for the advice.
LogAdvice advise_parts(const ForecastModel& model, std::vector<SessionLog> logs, const std::vector<WeightUnit>& targets,
                       const std::vector<double>& planned) {
  std::vector<ExerciseSessions> lifter;
  for (SessionLog& log : logs) std::move(log.exercises.begin(), log.exercises.end(), std::back_inserter(lifter));
  std::vector<std::size_t> every(lifter.size());
  std::iota(every.begin(), every.end(), std::size_t{0});
  const LifterForecast forecast = model.forecast(lifter, every, planned);
  LogAdvice all;
  std::size_t first = 0;
  for (std::size_t k = 0; k < logs.size(); ++k) {
    const std::size_t count = logs[k].exercises.size();
    std::move(lifter.begin() + static_cast<std::ptrdiff_t>(first), lifter.begin() + static_cast<std::ptrdiff_t>(first + count), logs[k].exercises.begin());
    try {
      LogAdvice one = advise_sessions(model, std::move(logs[k]), targets[k], std::span(forecast.exercises).subspan(first, count), planned);
      std::move(one.results.begin(), one.results.end(), std::back_inserter(all.results));
      std::move(one.not_strength.begin(), one.not_strength.end(), std::back_inserter(all.not_strength));
    } catch (const InputError& err) {
      fail_input(err, ErrorCode::invalid_request);
    }
    first += count;
  }
  return all;
}

}  // namespace

ApiResponse recommend_json(const ForecastModel& model, std::string_view body, const ApiLimits& limits, ApiWorkspace& ws) {
  try {
    if (body.size() > limits.max_json_body_bytes) {
      fail(413, "the body has " + std::to_string(body.size()) + " bytes; the limit is " + std::to_string(limits.max_json_body_bytes));
    }
    std::optional<dom::parser> own_parser;
    dom::parser& parser = body.size() <= kWorkspaceParserBytes ? ws.json() : own_parser.emplace();
    dom::element doc;
    parse_body(parser, body, doc);
    dom::object top;
    if (doc.get_object().get(top) != simdjson::SUCCESS) {
      fail(422, "the body must be an object {\"exercises\": [...]}, got " + std::string(type_of(doc)));
    }
    std::optional<WeightUnit> default_unit;
    if (const auto u = member(top, "unit")) default_unit = unit_at(*u, "unit");
    const std::vector<double> planned = planned_reps_at(top, model.definition);
    dom::array exercises;
    if (const auto ex = member(top, "exercises"); !ex || ex->get_array().get(exercises) != simdjson::SUCCESS) {
      fail(422, "exercises: must be an array of exercise histories");
    }
    if (exercises.size() == 0) fail(422, "exercises: the array is empty (send at least one exercise)");
    if (exercises.size() > limits.max_exercises) {
      fail(413, "exercises: " + std::to_string(exercises.size()) + " exercises; the limit per request is " +
                    std::to_string(limits.max_exercises));
    }
    // Each exercise is advised on its own (its own dates decide inactivity;
    // sessions without a date are a day apart), at the temperature of the
    // lifter who sent them all.
    std::vector<SessionLog> logs;
    std::vector<WeightUnit> targets;
    logs.reserve(exercises.size());
    targets.reserve(exercises.size());
    ApiWorkspace::ForecastBuffers& buffers = ws.forecast();
    std::size_t total = 0, i = 0;
    for (const dom::element e : exercises) {
      WorkoutLog& log = buffers.log;
      log.exercises.clear();
      log.workouts.clear();
      log.sets.clear();
      log.source = "exercises[" + std::to_string(i) + "]";
      std::optional<WeightUnit> target;
      bool dated = true;
      read_exercise_sessions(e, i, default_unit, limits, total, log, target, dated, buffers.sets);
      // Sessions come oldest first as a rule, and a stable sort of sorted
      // sets changes nothing: without it, no temporary buffer per exercise.
      const auto earlier = [](const SetRecord& a, const SetRecord& b) { return a.time < b.time; };
      if (!std::is_sorted(log.sets.begin(), log.sets.end(), earlier)) std::stable_sort(log.sets.begin(), log.sets.end(), earlier);
      logs.push_back(build_sessions(log, log.source));
      if (!dated) {
        for (ExerciseSessions& ex : logs.back().exercises) forget_dates(ex);
      }
      targets.push_back(*target);
      ++i;
    }
    const LogAdvice all = advise_parts(model, std::move(logs), targets, planned);
    return {200, log_advice_json(all)};
  } catch (const Failure& f) {
    return error_response(f.status, f.code, f.message);
  }
}

ApiResponse recommend_csv(const ForecastModel& model, std::string_view body, const CsvQuery& query, const ApiLimits& limits) {
  try {
    if (body.size() > limits.max_csv_body_bytes) {
      fail(413, "the body has " + std::to_string(body.size()) + " bytes; the limit is " + std::to_string(limits.max_csv_body_bytes));
    }
    const std::optional<bool> history = query.history.empty() ? false : switch_value(query.history);
    if (!history) fail(422, "history: must be true or false, got '" + query.history + "'");
    const auto [log, unit] = read_upload(body, query);
    LogAdvice advice;
    try {
      advice = advise_log(model, log, unit, query.exercise);
    } catch (const InputError& e) {
      fail_input(e, ErrorCode::invalid_request);
    }
    if (advice.results.size() > limits.max_csv_exercises) {
      fail(413, "the upload holds " + std::to_string(advice.results.size()) + " exercises; the limit is " +
                    std::to_string(limits.max_csv_exercises));
    }
    return {200, log_advice_json(advice, *history)};
  } catch (const Failure& f) {
    return error_response(f.status, f.code, f.message);
  }
}

std::string model_info_json(const ForecastModel& model, const std::string& model_dir, const std::string& loaded_at) {
  const json full = model.to_json();
  json j;
  j["task"] = "next-session";
  j["model_dir"] = model_dir;
  j["loaded_at"] = loaded_at;
  for (const char* key : {"actions", "features", "planned_reps_features", "definition", "calibration", "training"}) j[key] = full.at(key);
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

class NotebookApi final : public TaskApi {
 public:
  explicit NotebookApi(Predictor predictor) : predictor_(std::move(predictor)) {}
  ApiResponse recommend_json(std::string_view body, const ApiLimits& limits, ApiWorkspace& ws) const override {
    return serve::recommend_json(predictor_, body, limits, ws);
  }
  ApiResponse recommend_csv(std::string_view body, const CsvQuery& query, const ApiLimits& limits, ApiWorkspace& ws) const override {
    return serve::recommend_csv(predictor_, body, query, limits, ws);
  }
  std::string info_json(const std::string& model_dir, const std::string& loaded_at) const override {
    return model_info_json(predictor_, model_dir, loaded_at);
  }
  std::string summary() const override { return {}; }

 private:
  Predictor predictor_;
};

class NextSessionApi final : public TaskApi {
 public:
  explicit NextSessionApi(ForecastModel model) : model_(std::move(model)) {}
  ApiResponse recommend_json(std::string_view body, const ApiLimits& limits, ApiWorkspace& ws) const override {
    return serve::recommend_json(model_, body, limits, ws);
  }
  ApiResponse recommend_csv(std::string_view body, const CsvQuery& query, const ApiLimits& limits, ApiWorkspace&) const override {
    return serve::recommend_csv(model_, body, query, limits);
  }
  std::string info_json(const std::string& model_dir, const std::string& loaded_at) const override {
    return model_info_json(model_, model_dir, loaded_at);
  }
  std::string summary() const override { return model_.training_summary(); }

 private:
  ForecastModel model_;
};

}  // namespace

std::unique_ptr<const TaskApi> open_task_api(const std::filesystem::path& model_dir) {
  if (is_forecast_model_dir(model_dir)) return std::make_unique<NextSessionApi>(ForecastModel::read(model_dir));
  return std::make_unique<NotebookApi>(Predictor::load(model_dir));
}

}  // namespace exertrack::serve
