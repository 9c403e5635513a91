// Serving's in-process hot path, without HTTP (bench/serve/run.sh measures
// the HTTP server with wrk): for the notebook model, one request body of 1 or
// 64 exercises (the 7-set example history) through recommend_json,
// and one history through Predictor::recommend; for the next-session model
// (the shipped one), bodies of 1 and 16 exercises and the largest shared
// export uploaded as CSV. The model is the notebook architecture
// after Hyperband (64/96 units), randomly initialised: speed does not depend
// on the weights.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "common/test_data.hpp"
#include "core/util/files.hpp"
#include "core/util/js_number.hpp"
#include "next_session/model/forecast_model.hpp"
#include "notebook/export/metadata.hpp"
#include "notebook/nn/mlp.hpp"
#include "notebook/nn/row_inference.hpp"
#include "notebook/predict/predictor.hpp"
#include "serve/api.hpp"

namespace {

namespace ex = exertrack;

const ex::notebook::predict::Predictor& predictor() {
  static const ex::notebook::predict::Predictor p = [] {
    ex::notebook::nn::Rng rng(42);
    const int hidden[] = {64, 96};
    ex::notebook::export_::LoadedModel m;
    m.model = ex::notebook::nn::make_mlp(ex::notebook::features::kFeatureCount, hidden, ex::notebook::features::kClassCount, 0.0F, rng);
    m.definition = ex::notebook::features::notebook_definition();
    m.metadata = ex::notebook::export_::make_model_metadata(m.definition, ex::notebook::dataset::identity_standardizer(ex::notebook::features::kFeatureCount), "bench",
                                         nlohmann::json::object());
    m.classes.assign(ex::notebook::features::kClassNames.begin(), ex::notebook::features::kClassNames.end());
    m.feature_names.assign(ex::notebook::features::kFeatureNames.begin(), ex::notebook::features::kFeatureNames.end());
    return ex::notebook::predict::Predictor(std::move(m));
  }();
  return p;
}

std::string body(int exercises) {
  std::string b = "{\"exercises\":[";
  for (int i = 0; i < exercises; ++i) {
    if (i > 0) b += ',';
    b += "{\"name\":\"Bench Press (Barbell) " + std::to_string(i) + "\",\"unit\":\"kg\",\"sets\":[";
    const int sets[][2] = {{100, 10}, {100, 10}, {100, 10}, {100, 20}, {100, 30}, {120, 10}, {130, 8}};
    for (int k = 0; k < 7; ++k) {
      if (k > 0) b += ',';
      b += "{\"weight\":" + std::to_string(sets[k][0] + i % 7) + ",\"reps\":" + std::to_string(sets[k][1]) + "}";
    }
    b += "]}";
  }
  return b + "]}";
}

void BM_RecommendJson(benchmark::State& state) {
  const std::string b = body(static_cast<int>(state.range(0)));
  ex::serve::ApiWorkspace ws;
  const ex::serve::ApiLimits limits;
  for (auto _ : state) {
    auto r = ex::serve::recommend_json(predictor(), b, limits, ws);
    benchmark::DoNotOptimize(r.body.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetLabel("items = exercises");
}
BENCHMARK(BM_RecommendJson)->Arg(1)->Arg(64);

void BM_Recommend(benchmark::State& state) {
  ex::notebook::predict::ExerciseHistory h;
  h.name = "Bench Press (Barbell)";
  h.sets = {{100, 10}, {100, 10}, {100, 10}, {100, 20}, {100, 30}, {120, 10}, {130, 8}};
  ex::notebook::predict::PredictWorkspace ws;
  for (auto _ : state) {
    auto r = predictor().recommend(h, ws);
    benchmark::DoNotOptimize(r.prediction.probabilities.data());
  }
}
BENCHMARK(BM_Recommend);

// The network alone on one row: serving's RowInference against nn's
// general (Eigen) predict_proba on a 1-row matrix.
void BM_RowInference(benchmark::State& state) {
  const ex::notebook::nn::RowInference row(predictor().model().model);
  ex::notebook::nn::RowWorkspace ws;
  const std::array<float, ex::notebook::features::kFeatureCount> x = {8.3F, -20.0F, 110.0F, 9.5F};
  std::array<float, ex::notebook::features::kClassCount> out{};
  for (auto _ : state) {
    row.predict_proba(x, out, ws);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_RowInference);

void BM_PredictProbaOneRow(benchmark::State& state) {
  Eigen::MatrixXf x(1, ex::notebook::features::kFeatureCount);
  x << 8.3F, -20.0F, 110.0F, 9.5F;
  Eigen::MatrixXf out;
  ex::notebook::nn::InferenceWorkspace ws;
  for (auto _ : state) {
    ex::notebook::nn::predict_proba(predictor().model().model, x, out, ws);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_PredictProbaOneRow);

// The next-session model exertrack ships, on the requests: each
// exercise 12 dated sessions of 3 sets (bench/serve/make_bodies.py writes the
// same bodies for the HTTP benchmark), 1 or 16 exercises per request.
const ex::next_session::model::ForecastModel& forecast_model() {
  static const auto m = ex::next_session::model::ForecastModel::read(std::filesystem::path(EXERTRACK_SOURCE_DIR) / "models" / "next-session");
  return m;
}

std::string forecast_body(int exercises) {
  static constexpr double kWeight[] = {80, 80, 80, 82.5, 82.5, 82.5, 85, 85, 82.5, 85, 87.5, 87.5};
  static constexpr int kReps[] = {8, 9, 10, 8, 9, 10, 8, 8, 10, 9, 7, 8};
  std::string b = "{\"exercises\":[";
  for (int i = 0; i < exercises; ++i) {
    if (i > 0) b += ',';
    b += "{\"name\":\"Bench Press (Barbell) " + std::to_string(i) + "\",\"unit\":\"kg\",\"sessions\":[";
    for (int s = 0; s < 12; ++s) {
      char date[16];
      std::snprintf(date, sizeof date, "2024-01-%02d", 1 + 2 * s);
      if (s > 0) b += ',';
      b += std::string("{\"date\":\"") + date + "\",\"sets\":[";
      for (int k = 0; k < 3; ++k) {
        if (k > 0) b += ',';
        b += "{\"weight\":" + ex::core::util::js_number(kWeight[s] + i) + ",\"reps\":" + std::to_string(kReps[s]) + "}";
      }
      b += "]}";
    }
    b += "]}";
  }
  return b + "]}";
}

void BM_ForecastJson(benchmark::State& state) {
  const std::string b = forecast_body(static_cast<int>(state.range(0)));
  ex::serve::ApiWorkspace ws;
  const ex::serve::ApiLimits limits;
  if (ex::serve::recommend_json(forecast_model(), b, limits, ws).status != 200) state.SkipWithError("not 200");
  for (auto _ : state) {
    auto r = ex::serve::recommend_json(forecast_model(), b, limits, ws);
    benchmark::DoNotOptimize(r.body.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetLabel("items = exercises");
}
BENCHMARK(BM_ForecastJson)->Arg(1)->Arg(16);
// A fixed number of requests, for instruction counts under callgrind
// (bench/README.md, "The forecast in the server"), which must not depend on
// how many iterations the machine's speed that day asked for.
BENCHMARK(BM_ForecastJson)->Arg(1)->Iterations(2000);
BENCHMARK(BM_ForecastJson)->Arg(16)->Iterations(150);

// The largest shared export (by size, among lifters/ and exports/) uploaded
// to POST /v1/recommendations/csv.
void BM_ForecastCsv(benchmark::State& state) {
  const auto dir = ex::testing::data_dir();
  std::filesystem::path largest;
  std::uintmax_t size = 0;
  for (const char* sub : {"lifters", "exports"}) {
    if (!std::filesystem::exists(dir / sub)) continue;
    for (const auto& f : std::filesystem::directory_iterator(dir / sub)) {
      if (f.is_regular_file() && f.file_size() > size) {
        size = f.file_size();
        largest = f.path();
      }
    }
  }
  if (largest.empty()) {
    state.SkipWithError("needs the shared data (EXERTRACK_DATA_DIR)");
    return;
  }
  const std::string body = ex::core::util::read_file(largest);
  const ex::serve::ApiLimits limits;
  const ex::serve::CsvQuery query;
  if (ex::serve::recommend_csv(forecast_model(), body, query, limits).status != 200) state.SkipWithError("not 200");
  for (auto _ : state) {
    auto r = ex::serve::recommend_csv(forecast_model(), body, query, limits);
    benchmark::DoNotOptimize(r.body.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
  state.SetLabel(largest.filename().string());
}
BENCHMARK(BM_ForecastCsv)->Unit(benchmark::kMillisecond);

}  // namespace
