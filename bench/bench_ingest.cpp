// Ingest speed: the notebook's 721-workouts file, and a generated 10M-row
// Strong export (about 0.8 GB) read from disk, reported as MB/s of CSV.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <csv.h>

#include "common/test_data.hpp"
#include "core/ingest/csv_stream.hpp"
#include "core/ingest/workout_log.hpp"
#include "core/util/files.hpp"

namespace {

namespace fs = std::filesystem;

using exertrack::testing::data_dir;  // $EXERTRACK_DATA_DIR or ../shared/data

// A Strong 10-column export with realistic values and quoting, written once
// per process into the temp directory and removed at exit.
class GeneratedExport {
 public:
  explicit GeneratedExport(std::size_t rows, int first_year = 2000)
      : path_(fs::temp_directory_path() /
              ("exertrack-bench-ingest-" + std::to_string(rows) + "-" + std::to_string(first_year) + ".csv")) {
    static const char* kExercises[] = {"Bench Press (Barbell)", "Squat (Barbell)", "Deadlift (Barbell)",
                                       "Overhead Press (Barbell)", "Lat Pulldown (Cable)", "Bicep Curl (Dumbbell)",
                                       "Leg Press", "Seated Row (Cable)"};
    std::mt19937_64 rng(42);
    std::ofstream out(path_, std::ios::binary);
    out << "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n";
    // 20 sets a workout make 500,000 workouts of 10M rows. One a day would
    // run to the year 3400, and the reader flags every set dated after next
    // year as implausible: the benchmark would measure flagging, which a real
    // export never needs. A workout every 20 minutes from 2000 stays within
    // 2000-2019 and keeps the file in time order, as Strong writes it.
    // (BM_IngestGeneratedImplausible starts in 3000 to measure that flagging.)
    constexpr std::int64_t kWorkoutEveryMinutes = 20;
    const std::chrono::sys_days first_day{std::chrono::year{first_year} / 1 / 1};
    std::int64_t workout = -1;
    int set = 1;
    for (std::size_t i = 0; i < rows; ++i) {
      if (i % 20 == 0) ++workout;
      if (i % 4 == 0) set = 1;
      const std::int64_t minutes = workout * kWorkoutEveryMinutes;
      const std::chrono::year_month_day ymd{first_day + std::chrono::days{minutes / 1440}};
      char buf[256];
      const int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:37,\"Day %d\",\"%s\",%d,%g,%d,0,0,\"\",\"\"\n",
                                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                                  static_cast<unsigned>(ymd.day()), static_cast<int>(minutes % 1440 / 60),
                                  static_cast<int>(minutes % 60), static_cast<int>(workout % 5), kExercises[(i / 4) % 8],
                                  set++, 45.0 + 2.5 * static_cast<double>(rng() % 100), 1 + static_cast<int>(rng() % 12));
      out.write(buf, n);
    }
    out.close();
    bytes_ = fs::file_size(path_);
  }
  ~GeneratedExport() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  GeneratedExport(const GeneratedExport&) = delete;
  GeneratedExport& operator=(const GeneratedExport&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }
  [[nodiscard]] std::uintmax_t bytes() const { return bytes_; }

 private:
  fs::path path_;
  std::uintmax_t bytes_ = 0;
};

void report(benchmark::State& state, std::uintmax_t bytes, std::size_t rows) {
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
  state.counters["MB/s"] = benchmark::Counter(static_cast<double>(bytes) * static_cast<double>(state.iterations()) / 1e6,
                                              benchmark::Counter::kIsRate);
  state.counters["rows"] = static_cast<double>(rows);
}

void BM_Ingest721Workouts(benchmark::State& state) {
  const fs::path path = data_dir() / "weightlifting_721_workouts.csv";
  std::size_t rows = 0;
  for (auto _ : state) {
    const exertrack::core::ingest::WorkoutLog log = exertrack::core::ingest::read_workout_log(path);
    rows = log.sets.size();
    benchmark::DoNotOptimize(log.sets.data());
  }
  report(state, fs::file_size(path), rows);
}
BENCHMARK(BM_Ingest721Workouts)->Unit(benchmark::kMillisecond);

void BM_IngestGenerated(benchmark::State& state) {
  const GeneratedExport file(static_cast<std::size_t>(state.range(0)));
  std::size_t rows = 0;
  for (auto _ : state) {
    const exertrack::core::ingest::WorkoutLog log = exertrack::core::ingest::read_workout_log(file.path());
    rows = log.sets.size();
    benchmark::DoNotOptimize(log.sets.data());
  }
  report(state, file.bytes(), rows);
}
BENCHMARK(BM_IngestGenerated)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->Iterations(1);

// Every set dated in the year 3000: each is kept and flagged
// "implausible-date". Flagging counts the set and keeps the first few lines;
// it must not format a message per row (that made the reader 3x slower).
void BM_IngestGeneratedImplausible(benchmark::State& state) {
  const GeneratedExport file(static_cast<std::size_t>(state.range(0)), 3000);
  std::size_t rows = 0;
  for (auto _ : state) {
    const exertrack::core::ingest::WorkoutLog log = exertrack::core::ingest::read_workout_log(file.path());
    rows = log.summary.flagged.at("implausible-date").count;
    benchmark::DoNotOptimize(log.sets.data());
  }
  report(state, file.bytes(), rows);
}
BENCHMARK(BM_IngestGeneratedImplausible)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(1);

// Tokenising alone, the 721 file in memory: libcsv (configured as CsvStream
// needs it) against the hand-written CsvStream. This is the measurement
// behind replacing libcsv (see core/ingest/csv_stream.hpp).
void BM_TokenizeLibcsv(benchmark::State& state) {
  const std::string text = exertrack::core::util::read_file(data_dir() / "weightlifting_721_workouts.csv");
  std::size_t fields = 0;
  for (auto _ : state) {
    csv_parser parser{};
    csv_init(&parser, CSV_REPALL_NL);
    csv_set_space_func(&parser, [](unsigned char) { return 0; });
    csv_parse(
        &parser, text.data(), text.size(), [](void*, std::size_t, void* n) { ++*static_cast<std::size_t*>(n); },
        [](int, void*) {}, &fields);
    csv_fini(&parser, nullptr, nullptr, nullptr);
    csv_free(&parser);
  }
  benchmark::DoNotOptimize(fields);
  report(state, text.size(), 9932);
}
BENCHMARK(BM_TokenizeLibcsv)->Unit(benchmark::kMillisecond);

void BM_TokenizeCsvStream(benchmark::State& state) {
  const std::string text = exertrack::core::util::read_file(data_dir() / "weightlifting_721_workouts.csv");
  std::size_t fields = 0;
  for (auto _ : state) {
    exertrack::core::ingest::CsvStream stream("721", ',', [&](const exertrack::core::ingest::CsvRecord& r) { fields += r.fields.size(); });
    stream.feed(text);
    stream.finish();
  }
  benchmark::DoNotOptimize(fields);
  report(state, text.size(), 9932);
}
BENCHMARK(BM_TokenizeCsvStream)->Unit(benchmark::kMillisecond);

// One record whose quoted field is 100 MB (a note pasted into a log, or a
// malformed file), fed in chunks of state.range(0) bytes: the stream resumes
// an unfinished record where the last chunk ended, so the time is linear in
// the input whatever the chunking (re-parsing the record from its start per
// chunk took 7.4 s at 1 MB chunks, and forever at 16 bytes).
void BM_TokenizeLongQuotedField(benchmark::State& state) {
  const auto chunk = static_cast<std::size_t>(state.range(0));
  std::string text = "Date,Notes\n2020-01-01,\"";
  text.reserve(101 << 20);
  for (std::size_t i = 0; i < 100'000'000; ++i) text += (i % 80 == 79) ? '\n' : static_cast<char>('a' + i % 26);
  text += "\"\n2020-01-02,after\n";
  std::size_t fields = 0;
  std::size_t examined = 0;
  for (auto _ : state) {
    exertrack::core::ingest::CsvStream stream("long", ',', [&](const exertrack::core::ingest::CsvRecord& r) { fields += r.fields.size(); });
    for (std::size_t i = 0; i < text.size(); i += chunk) stream.feed(std::string_view(text).substr(i, chunk));
    stream.finish();
    examined = stream.bytes_examined();
  }
  benchmark::DoNotOptimize(fields);
  report(state, text.size(), 3);
  state.counters["examined/byte"] = static_cast<double>(examined) / static_cast<double>(text.size());
}
BENCHMARK(BM_TokenizeLongQuotedField)->Arg(1 << 20)->Arg(16)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
