// Serving's in-process hot path, without HTTP (bench/serve/run.sh measures
// the HTTP server with wrk): one request body of 1 or 64 exercises (the
// issue's 7-set example history) through recommend_json, and one history
// through Predictor::recommend. The model is the notebook architecture
// after Hyperband (64/96 units), randomly initialised: speed does not depend
// on the weights.
#include <benchmark/benchmark.h>

#include <array>
#include <string>

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

}  // namespace
