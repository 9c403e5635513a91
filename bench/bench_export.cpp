// Export stage: folding the scaler, serialising and reading back a
// TensorFlow.js layers-model (what `train` does once and `serve` does at
// start-up). Sizes: the notebook's tuned model (4-32-96-3), its CV model
// (4-128-64-3) and a multi-shard one (4-1100-1000-3, > 4 MiB).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <vector>

#include "common/test_data.hpp"
#include "notebook/export/metadata.hpp"
#include "notebook/export/tfjs.hpp"
#include "notebook/nn/mlp.hpp"

namespace nn = exertrack::notebook::nn;
using exertrack::notebook::dataset::Standardizer;
using exertrack::notebook::export_::fold_standardization;
using exertrack::notebook::export_::make_model_metadata;
using exertrack::notebook::export_::make_tfjs_artifacts;
using exertrack::notebook::export_::read_tfjs_model;
using exertrack::notebook::export_::TfjsArtifacts;
using exertrack::notebook::export_::write_tfjs_model;
using exertrack::notebook::features::notebook_definition;

namespace {

using namespace exertrack;

nn::Mlp model_of(int h1, int h2) {
  nn::Rng rng(1);
  const std::vector<int> hidden{h1, h2};
  return nn::make_mlp(4, hidden, 3, 0.0F, rng);
}

const Standardizer kScaler{{3.1, 4.2, 61.0, 8.7}, {21.0, 37.5, 29.0, 3.9}};

nlohmann::json meta() {
  return make_model_metadata(notebook_definition(), kScaler, "bench", nlohmann::json{{"accuracy", 0.95}});
}

void BM_Fold(benchmark::State& state) {
  const nn::Mlp m = model_of(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  for (auto _ : state) benchmark::DoNotOptimize(fold_standardization(m, kScaler));
}
BENCHMARK(BM_Fold)->Args({32, 96})->Args({128, 64});

void BM_MakeArtifacts(benchmark::State& state) {
  const nn::Mlp m = model_of(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  const auto j = meta();
  std::size_t bytes = 0;
  for (auto _ : state) {
    const TfjsArtifacts a = make_tfjs_artifacts(m, j);
    bytes = a.model_json.size();
    for (const auto& s : a.shards) bytes += s.size();
    benchmark::DoNotOptimize(bytes);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
}
BENCHMARK(BM_MakeArtifacts)->Args({32, 96})->Args({128, 64})->Args({1100, 1000})->Unit(benchmark::kMicrosecond);

void BM_WriteRead(benchmark::State& state) {
  const nn::Mlp m = model_of(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  const auto dir = testing::scratch_dir("bench_export");
  const auto j = meta();
  for (auto _ : state) {
    write_tfjs_model(dir, m, j);
    benchmark::DoNotOptimize(read_tfjs_model(dir));
  }
}
BENCHMARK(BM_WriteRead)->Args({32, 96})->Args({1100, 1000})->Unit(benchmark::kMillisecond);

void BM_Read(benchmark::State& state) {
  const nn::Mlp m = model_of(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  const auto dir = testing::scratch_dir("bench_export_read");
  write_tfjs_model(dir, m, meta());
  for (auto _ : state) benchmark::DoNotOptimize(read_tfjs_model(dir));
}
BENCHMARK(BM_Read)->Args({32, 96})->Args({1100, 1000})->Unit(benchmark::kMicrosecond);

}  // namespace
