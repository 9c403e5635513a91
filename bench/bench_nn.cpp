// Training and inference speed of the nn stage (one thread).
//   bench_nn --benchmark_filter=Epoch --benchmark_repetitions=10 --benchmark_report_aggregates_only=true
// FLOP count per epoch: 6 * n * sum(fan_in * fan_out) (forward 2, backward 4);
// the GFLOP counter is that count over the measured time. At ~110 GFLOP/s
// (one core, FMA) the bounds are 1.2 ms (32/96) and 43 ms (512/256) per epoch.
// Targets: 32/96 <= 3 ms, 512/256 <= 2x its bound. On a busy shared machine
// read the CPU column of the _min rows.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "notebook/nn/nn.hpp"

namespace {

using namespace exertrack::notebook::nn;

struct Problem {
  Eigen::MatrixXf x;
  std::vector<int> y;
};

// A synthetic stand-in shaped like the notebook's temporal train split
// (5,847 rows, 4 features, 3 classes).
Problem make_problem(int n, std::uint64_t seed) {
  Rng rng(seed);
  Problem p;
  p.x.resize(n, 4);
  p.y.resize(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    for (int f = 0; f < 4; ++f) p.x(i, f) = rng.uniform(-2.0F, 2.0F);
    const float s = p.x(i, 0) + 0.5F * p.x(i, 1) - p.x(i, 2) * p.x(i, 3);
    p.y[static_cast<std::size_t>(i)] = s < -0.5F ? 0 : (s < 0.8F ? 1 : 2);
  }
  return p;
}

void run_epoch(benchmark::State& state, int h1, int h2) {
  const Problem p = make_problem(5847, 7);
  Rng rng(42);
  const std::array<int, 2> hidden{h1, h2};
  Mlp model = make_mlp(4, hidden, 3, 0.0F, rng);
  AdamState opt;
  FitOptions o;
  o.epochs = 1;
  o.learning_rate = 1e-3;
  const Eigen::MatrixXf none;
  for (auto _ : state) {
    History h = fit(model, opt, p.x, p.y, none, {}, o, rng);
    benchmark::DoNotOptimize(h.epochs.back().loss);
  }
  const double flops = 6.0 * 5847.0 * (4.0 * h1 + static_cast<double>(h1) * h2 + h2 * 3.0);
  state.counters["GFLOP"] = benchmark::Counter(flops * static_cast<double>(state.iterations()) / 1e9,
                                                 benchmark::Counter::kIsRate);
}

void BM_Epoch_32_96(benchmark::State& state) { run_epoch(state, 32, 96); }
void BM_Epoch_128_64(benchmark::State& state) { run_epoch(state, 128, 64); }
void BM_Epoch_512_256(benchmark::State& state) { run_epoch(state, 512, 256); }
// On a shared machine the minimum over repetitions is the least disturbed
// figure: run with --benchmark_repetitions=10 and read the _min rows.
double min_of(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }
BENCHMARK(BM_Epoch_32_96)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", min_of);
BENCHMARK(BM_Epoch_128_64)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", min_of);
BENCHMARK(BM_Epoch_512_256)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", min_of);

// Serving: one row per request through a reused workspace.
void BM_PredictOneRow_32_96(benchmark::State& state) {
  Rng rng(1);
  const std::array<int, 2> hidden{32, 96};
  const Mlp model = make_mlp(4, hidden, 3, 0.0F, rng);
  Eigen::MatrixXf row(1, 4);
  row << 0.1F, -0.3F, 80.0F, 8.0F;
  Eigen::MatrixXf out;
  InferenceWorkspace ws;
  for (auto _ : state) {
    predict_proba(model, row, out, ws);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_PredictOneRow_32_96);

void BM_Evaluate_1949_32_96(benchmark::State& state) {
  const Problem p = make_problem(1949, 9);
  Rng rng(1);
  const std::array<int, 2> hidden{32, 96};
  const Mlp model = make_mlp(4, hidden, 3, 0.0F, rng);
  for (auto _ : state) benchmark::DoNotOptimize(evaluate(model, p.x, p.y).loss);
}
BENCHMARK(BM_Evaluate_1949_32_96)->Unit(benchmark::kMicrosecond);

}  // namespace
