// Ingest + feature engineering end to end (issue: the 721 file in < 20 ms;
// 1,000,000 synthetic rows in < 1.5 s with peak memory < 300 MB, one core).
// Peak memory is the process's ru_maxrss, so run each case in its own
// process (--benchmark_filter) to read it; bench/README.md does.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <filesystem>

#include "common/test_data.hpp"
#include "core/util/files.hpp"
#include "notebook/features/features.hpp"
#include "synth/synth.hpp"

namespace {

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void run(benchmark::State& state, const std::filesystem::path& file, bool names_as_written) {
  exertrack::core::ingest::ReadOptions read;
  read.trim_names = !names_as_written;
  std::size_t rows = 0;
  for (auto _ : state) {
    const auto log = exertrack::core::ingest::read_workout_log(file, read);
    const auto table = exertrack::notebook::features::build_feature_table(log, exertrack::notebook::features::notebook_definition());
    rows = table.rows.size();
    benchmark::DoNotOptimize(table.rows.data());
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["MB_per_s"] = benchmark::Counter(static_cast<double>(std::filesystem::file_size(file)) / 1e6,
                                                  benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_rss_MB"] = peak_rss_mb();
}

void BM_IngestFeatures_721(benchmark::State& state) {
  const auto file = exertrack::testing::data_file("weightlifting_721_workouts.csv");
  if (!std::filesystem::exists(file)) {
    state.SkipWithError("weightlifting_721_workouts.csv not found; set EXERTRACK_DATA_DIR");
    return;
  }
  run(state, file, true);
}
BENCHMARK(BM_IngestFeatures_721)->Unit(benchmark::kMillisecond);

void BM_IngestFeatures_Synthetic(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const auto file = std::filesystem::temp_directory_path() / ("exertrack-bench-synth-" + std::to_string(rows) + ".csv");
  if (!std::filesystem::exists(file)) {
    exertrack::synth::SynthOptions synth;
    synth.rows = rows;
    exertrack::core::util::write_file_atomic(file, exertrack::synth::synth_strong_csv(synth));
  }
  run(state, file, false);
}
BENCHMARK(BM_IngestFeatures_Synthetic)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
