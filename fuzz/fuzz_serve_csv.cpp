// libFuzzer target for POST /v1/recommendations/csv's body.
//
// recommend_csv on any bytes (an export file of any detected format) must
// answer 200 {"results": [...]} or 413 / 422 {"error": ...}, always with a
// body that is valid JSON (exercise names from the file may be any bytes:
// invalid UTF-8 is written as U+FFFD). The first byte picks the query
// (weight unit, target unit), the rest is the file.
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
  if (size == 0) return 0;
  sv::CsvQuery q;
  q.read["weight_unit"] = (data[0] & 1U) != 0 ? "kg" : "lb";
  q.unit = (data[0] & 2U) != 0 ? "kg" : "";
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  const sv::ApiResponse r = sv::recommend_csv(exertrack::fuzzing::fuzz_predictor(), body, q, {}, ws);
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded()) std::abort();
  if (r.status == 200) {
    if (!j.contains("results") || !j["results"].is_array() || j["results"].empty()) std::abort();
  } else if (r.status == 413 || r.status == 422) {
    if (j["error"]["status"] != r.status || !j["error"]["code"].is_string() || !j["error"]["message"].is_string()) std::abort();
  } else {
    std::abort();
  }
  return 0;
}
