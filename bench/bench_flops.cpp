// This CPU's peak single-core float32 FMA throughput: the denominator of the
// FLOP lower bound in bench/peers/run.sh (an epoch cannot finish faster than
// its FLOP count divided by this).
//   bench_flops --benchmark_format=json   -> counter "GFLOPs" per benchmark
//
// Each loop iteration issues kChains independent FMAs (acc = acc * a + b) on
// full vectors. The chains are independent so latency is hidden: with FMA
// latency 4-5 cycles and two FMA pipes, ≥10 chains in flight saturate both.
// An FMA counts as 2 FLOPs, so the ideal is
//   2 pipes x lanes x 2 FLOP per cycle (AVX2: 8 lanes -> 32 FLOP/cycle).
// On CPUs that split 512-bit ops into two 256-bit halves (AMD Zen 4) the
// AVX-512 figure equals the AVX2 one; run.sh takes the larger.
// The rate is per CPU second (Google Benchmark's kIsRate divides by CPU
// time), so other load on a shared machine does not lower it much.
#include <benchmark/benchmark.h>
#include <immintrin.h>

#include <cstdint>

namespace {

constexpr int kChains = 12;
constexpr std::int64_t kInner = 1 << 16;

void set_rate(benchmark::State& state, int lanes) {
  const double flops_per_iter = 2.0 * lanes * kChains * static_cast<double>(kInner);
  state.counters["GFLOPs"] =
      benchmark::Counter(flops_per_iter * static_cast<double>(state.iterations()) / 1e9, benchmark::Counter::kIsRate);
}

// The kernels carry their own target attribute and are registered only when
// the CPU has the instructions, so the binary measures the real peak even in
// a build without -march=native (EXERTRACK_NATIVE=OFF).
// Twelve named accumulators, not an array: GCC keeps an array of vectors
// in memory and the loop then measures store-to-load forwarding instead.
// a < 1 and b > 0: every chain converges to b / (1 - a) instead of
// overflowing or going subnormal, so no slow paths are ever taken.
__attribute__((target("avx2,fma"))) void fma_peak_avx2(benchmark::State& state) {
  __m256 c0 = _mm256_set1_ps(1.0F + 0e-3F);
  __m256 c1 = _mm256_set1_ps(1.0F + 1e-3F);
  __m256 c2 = _mm256_set1_ps(1.0F + 2e-3F);
  __m256 c3 = _mm256_set1_ps(1.0F + 3e-3F);
  __m256 c4 = _mm256_set1_ps(1.0F + 4e-3F);
  __m256 c5 = _mm256_set1_ps(1.0F + 5e-3F);
  __m256 c6 = _mm256_set1_ps(1.0F + 6e-3F);
  __m256 c7 = _mm256_set1_ps(1.0F + 7e-3F);
  __m256 c8 = _mm256_set1_ps(1.0F + 8e-3F);
  __m256 c9 = _mm256_set1_ps(1.0F + 9e-3F);
  __m256 c10 = _mm256_set1_ps(1.0F + 10e-3F);
  __m256 c11 = _mm256_set1_ps(1.0F + 11e-3F);
  const __m256 a = _mm256_set1_ps(0.999999F);
  const __m256 b = _mm256_set1_ps(1e-6F);
  for (auto _ : state) {
    for (std::int64_t i = 0; i < kInner; ++i) {
      c0 = _mm256_fmadd_ps(c0, a, b);
      c1 = _mm256_fmadd_ps(c1, a, b);
      c2 = _mm256_fmadd_ps(c2, a, b);
      c3 = _mm256_fmadd_ps(c3, a, b);
      c4 = _mm256_fmadd_ps(c4, a, b);
      c5 = _mm256_fmadd_ps(c5, a, b);
      c6 = _mm256_fmadd_ps(c6, a, b);
      c7 = _mm256_fmadd_ps(c7, a, b);
      c8 = _mm256_fmadd_ps(c8, a, b);
      c9 = _mm256_fmadd_ps(c9, a, b);
      c10 = _mm256_fmadd_ps(c10, a, b);
      c11 = _mm256_fmadd_ps(c11, a, b);
    }
    benchmark::DoNotOptimize(c0); benchmark::DoNotOptimize(c1); benchmark::DoNotOptimize(c2); benchmark::DoNotOptimize(c3); benchmark::DoNotOptimize(c4); benchmark::DoNotOptimize(c5); benchmark::DoNotOptimize(c6); benchmark::DoNotOptimize(c7); benchmark::DoNotOptimize(c8); benchmark::DoNotOptimize(c9); benchmark::DoNotOptimize(c10); benchmark::DoNotOptimize(c11);
  }
  set_rate(state, 8);
}

__attribute__((target("avx512f"))) void fma_peak_avx512(benchmark::State& state) {
  __m512 c0 = _mm512_set1_ps(1.0F + 0e-3F);
  __m512 c1 = _mm512_set1_ps(1.0F + 1e-3F);
  __m512 c2 = _mm512_set1_ps(1.0F + 2e-3F);
  __m512 c3 = _mm512_set1_ps(1.0F + 3e-3F);
  __m512 c4 = _mm512_set1_ps(1.0F + 4e-3F);
  __m512 c5 = _mm512_set1_ps(1.0F + 5e-3F);
  __m512 c6 = _mm512_set1_ps(1.0F + 6e-3F);
  __m512 c7 = _mm512_set1_ps(1.0F + 7e-3F);
  __m512 c8 = _mm512_set1_ps(1.0F + 8e-3F);
  __m512 c9 = _mm512_set1_ps(1.0F + 9e-3F);
  __m512 c10 = _mm512_set1_ps(1.0F + 10e-3F);
  __m512 c11 = _mm512_set1_ps(1.0F + 11e-3F);
  const __m512 a = _mm512_set1_ps(0.999999F);
  const __m512 b = _mm512_set1_ps(1e-6F);
  for (auto _ : state) {
    for (std::int64_t i = 0; i < kInner; ++i) {
      c0 = _mm512_fmadd_ps(c0, a, b);
      c1 = _mm512_fmadd_ps(c1, a, b);
      c2 = _mm512_fmadd_ps(c2, a, b);
      c3 = _mm512_fmadd_ps(c3, a, b);
      c4 = _mm512_fmadd_ps(c4, a, b);
      c5 = _mm512_fmadd_ps(c5, a, b);
      c6 = _mm512_fmadd_ps(c6, a, b);
      c7 = _mm512_fmadd_ps(c7, a, b);
      c8 = _mm512_fmadd_ps(c8, a, b);
      c9 = _mm512_fmadd_ps(c9, a, b);
      c10 = _mm512_fmadd_ps(c10, a, b);
      c11 = _mm512_fmadd_ps(c11, a, b);
    }
    benchmark::DoNotOptimize(c0); benchmark::DoNotOptimize(c1); benchmark::DoNotOptimize(c2); benchmark::DoNotOptimize(c3); benchmark::DoNotOptimize(c4); benchmark::DoNotOptimize(c5); benchmark::DoNotOptimize(c6); benchmark::DoNotOptimize(c7); benchmark::DoNotOptimize(c8); benchmark::DoNotOptimize(c9); benchmark::DoNotOptimize(c10); benchmark::DoNotOptimize(c11);
  }
  set_rate(state, 16);
}

bool register_kernels() {
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    benchmark::RegisterBenchmark("BM_FmaPeak_AVX2", fma_peak_avx2)->Unit(benchmark::kMillisecond)->MinTime(0.3);
  }
  if (__builtin_cpu_supports("avx512f")) {
    benchmark::RegisterBenchmark("BM_FmaPeak_AVX512", fma_peak_avx512)->Unit(benchmark::kMillisecond)->MinTime(0.3);
  }
  return true;
}
[[maybe_unused]] const bool kRegistered = register_kernels();

}  // namespace
