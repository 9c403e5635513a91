// libFuzzer target for POST /v1/recommendations' body.
//
// recommend_json on any bytes must answer: status 200 with {"results": [one
// per exercise]}, or 400 / 413 / 422 with {"error": {"status", "message"}},
// and the body must always be valid JSON (nlohmann parses it). Anything else
// (a crash, an escaped exception, a sanitizer report, a hang) is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "serve/api.hpp"
#include "serve_fuzz_model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace sv = exertrack::serve;
  static exertrack::serve::ApiWorkspace ws;
  sv::ApiLimits limits;
  limits.max_sets_per_exercise = 2000;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const sv::ApiResponse r = sv::recommend_json(exertrack::fuzzing::fuzz_predictor(), body, limits, ws);
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded()) std::abort();
  if (r.status == 200) {
    if (!j.contains("results") || !j["results"].is_array() || j["results"].empty()) std::abort();
  } else if (r.status == 400 || r.status == 413 || r.status == 422) {
    if (j["error"]["status"] != r.status || !j["error"]["code"].is_string() || !j["error"]["message"].is_string()) std::abort();
  } else {
    std::abort();
  }
  return 0;
}
