#pragma once
// The HTTP API's request handling, without the HTTP: bodies in, status and
// JSON out. The server (server.hpp) only routes to these; the fuzz targets
// and tests call them directly.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "next_session/model/forecast_model.hpp"
#include "notebook/predict/predictor.hpp"

namespace simdjson::dom {
class parser;
}

namespace exertrack::serve {

// One thread's reusable state for the calls below: prediction buffers and a
// JSON parser (simdjson keeps its buffers between documents). Not shared
// between threads.
struct ApiWorkspace {
  ApiWorkspace();
  ~ApiWorkspace();
  ApiWorkspace(const ApiWorkspace&) = delete;
  ApiWorkspace& operator=(const ApiWorkspace&) = delete;

  notebook::predict::PredictWorkspace predict;
  [[nodiscard]] simdjson::dom::parser& json();
  // A next-session request's buffers for reading its exercises (api.cpp),
  // whose capacity stays for the next request: the allocations and frees
  // of reading afresh were ~5 % of a one-exercise request.
  struct ForecastBuffers;
  [[nodiscard]] ForecastBuffers& forecast();

 private:
  std::unique_ptr<simdjson::dom::parser> json_;
  std::unique_ptr<ForecastBuffers> forecast_;
};

struct ApiLimits {
  std::size_t max_json_body_bytes = std::size_t{1} << 20;  // POST /v1/recommendations
  std::size_t max_csv_body_bytes = std::size_t{16} << 20;  // POST /v1/recommendations/csv
  std::size_t max_exercises = 256;                         // per JSON request
  std::size_t max_csv_exercises = 2000;                    // per uploaded file
  std::size_t max_sets_per_exercise = 10000;               // history length
  std::size_t max_total_sets = 200000;                     // per request
  std::size_t max_name_bytes = 200;
};

struct ApiResponse {
  int status = 200;
  std::string body;  // JSON
};

// The stable, machine-readable `code` every error answer carries beside its
// message (docs/openapi.yaml lists them): a client branches on the code,
// never on the message's words, which are for people and may be reworded.
enum class ErrorCode : std::uint8_t {
  not_json,                 // 400: the body is not JSON (or nests past 16 levels)
  malformed_http,           // 400: the HTTP request itself is malformed
  not_found,                // 404: no such path
  method_not_allowed,       // 405: Allow names the right method
  too_large,                // 413: body, exercise count or history length past the limits
  uri_too_long,             // 414
  unsupported_media_type,   // 415: wrong Content-Type
  invalid_request,          // 422: the JSON or a query parameter has the wrong shape or value (the message names it)
  unreadable_export,        // 422: the uploaded export cannot be read (the message names line and column)
  date_order_undecidable,   // 422: its slash dates read either way, and none tells: send date_order
  date_order_inconsistent,  // 422: its slash dates are written both ways, or against the date_order sent
  no_such_exercise,         // 422: the exercise asked for has no sets
  nothing_to_recommend,     // 422: no exercise has a set to recommend from
  http_error,               // any other status the HTTP layer sets
  internal_error,           // 500
};
inline constexpr std::size_t kErrorCodeCount = static_cast<std::size_t>(ErrorCode::internal_error) + 1;
[[nodiscard]] std::string_view error_code_name(ErrorCode code);

// {"error": {"status": 422, "code": "invalid_request", "message": "..."}}
[[nodiscard]] std::string error_body(int status, ErrorCode code, std::string_view message);
[[nodiscard]] ApiResponse error_response(int status, ErrorCode code, std::string_view message);

// POST /v1/recommendations. Body:
//   {"exercises": [{"name": "Bench Press (Barbell)", "unit": "kg",
//                   "equipment"?: "barbell", "increment"?: 2.5, "reps_step"?: 1,
//                   "target_unit"?: "lb",
//                   "sets": [{"weight": 100, "reps": 10}, ...]
//                   | "sessions": [{"sets": [...]}, ...]}, ...],
//    "unit"?: default unit of every exercise}
// -> 200 {"results": [one recommendation per exercise, in request order]}
//    400 not JSON; 413 too many exercises / sets; 422 valid JSON of the wrong
//    shape or values (the message names the JSON path, e.g.
//    "exercises[0].sets[2].reps: must be a number >= 0, got -1").
// The body size limit is the caller's (it has to be checked before reading).
[[nodiscard]] ApiResponse recommend_json(const notebook::predict::Predictor& predictor, std::string_view body, const ApiLimits& limits,
                                         ApiWorkspace& ws);

struct CsvQuery {
  std::string unit;  // targets' unit: kg | lb; empty = the unit the lifter logs in (core::units::target_unit)
  // How the export is read: the reading settings' query parameters as sent
  // (weight_unit, format, date_order, strict: core/ingest/read_settings.hpp),
  // by name; a setting not sent keeps its default.
  std::map<std::string, std::string> read;
  std::string exercise;           // only this exercise when set
  // "true" / "1": each next-session result carries its sessions' history
  // (date, top set, e1RM) for charts; "", "false", "0": it does not.
  std::string history;
};
// POST /v1/recommendations/csv: an export file (any format ingest detects) ->
// 200 {"results": [...]} for every exercise (sorted by name), 422 when the
// file cannot be read (the message names line and column) or a query value
// is bad, 404-style 422 when `exercise` has no sets, 413 past the limits.
[[nodiscard]] ApiResponse recommend_csv(const notebook::predict::Predictor& predictor, std::string_view body, const CsvQuery& query,
                                        const ApiLimits& limits, ApiWorkspace& ws);

// GET /v1/model: {"classes", "feature_names", "feature_definition",
// "input", "metadata" (userDefinedMetadata as stored), plus `extra` fields
// (e.g. the model directory and when it was loaded)}.
[[nodiscard]] std::string model_info_json(const notebook::predict::Predictor& predictor, const std::string& model_dir,
                                          const std::string& loaded_at);

// The same three calls for a next-session model (`exertrack train --task
// next-session`). JSON bodies carry sessions, oldest first:
//   {"exercises": [{"name", "unit", "target_unit"?,
//                   "sessions": [{"date"?: "2024-05-03", "sets": [{"weight", "reps"}, ...]}, ...]}],
//    "unit"?, "planned_reps"?: [5, 8]}
// (without dates, sessions are taken a day apart). Both answer
// {"task": "next-session", "results": [advice...], "not_strength": [...]}.
[[nodiscard]] ApiResponse recommend_json(const next_session::model::ForecastModel& model, std::string_view body, const ApiLimits& limits,
                                         ApiWorkspace& ws);
[[nodiscard]] ApiResponse recommend_csv(const next_session::model::ForecastModel& model, std::string_view body, const CsvQuery& query,
                                        const ApiLimits& limits);
// {"task": "next-session", "model_dir", "loaded_at", "actions", "features",
//  "planned_reps_features", "definition", "calibration", "training"}
[[nodiscard]] std::string model_info_json(const next_session::model::ForecastModel& model, const std::string& model_dir,
                                          const std::string& loaded_at);

// The HTTP API of one served model, whichever task trained it: what the
// server's routes call. The task is asked once, when the model directory is
// read (open_task_api); the two implementations answer with the calls above.
class TaskApi {
 public:
  virtual ~TaskApi() = default;
  // POST /v1/recommendations
  [[nodiscard]] virtual ApiResponse recommend_json(std::string_view body, const ApiLimits& limits, ApiWorkspace& ws) const = 0;
  // POST /v1/recommendations/csv
  [[nodiscard]] virtual ApiResponse recommend_csv(std::string_view body, const CsvQuery& query, const ApiLimits& limits,
                                                  ApiWorkspace& ws) const = 0;
  // GET /v1/model's body
  [[nodiscard]] virtual std::string info_json(const std::string& model_dir, const std::string& loaded_at) const = 0;
  // One line on what the model learned from, for the server's start-up
  // message ("next-session model, XGBoost 1.7.4, trained on 51 lifters
  // (71995 transitions)"); empty when the model records none (a notebook model).
  [[nodiscard]] virtual std::string summary() const = 0;
};

// Reads a model directory: a next-session model when it holds forecast.json
// (next_session::model::is_forecast_model_dir), else a notebook model.
// Throws InputError when it cannot be read.
[[nodiscard]] std::unique_ptr<const TaskApi> open_task_api(const std::filesystem::path& model_dir);

// Whether a Content-Type header value is one of `accepted` media types
// (case-insensitive, parameters such as "; charset=utf-8" ignored).
[[nodiscard]] bool media_type_is(std::string_view content_type, std::initializer_list<std::string_view> accepted);

}  // namespace exertrack::serve
