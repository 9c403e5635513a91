// Tree inference for the next-session model (issue 20): the shipped model's
// four heads (models/next-session/forecast.json) on the session features of
// real transitions, through XGBoost's C API and through exertrack's Forest.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/test_data.hpp"
#include "core/ingest/workout_log.hpp"
#include "core/util/files.hpp"
#include "next_session/model/forest.hpp"
#include "next_session/train/xgb.hpp"
#include "next_session/train/lifters.hpp"
#include "synth/synth.hpp"

namespace {

namespace ex = exertrack;
namespace m = exertrack::next_session::model;

const nlohmann::json& model_json() {
  static const nlohmann::json j =
      nlohmann::json::parse(ex::core::util::read_file(std::filesystem::path(EXERTRACK_SOURCE_DIR) / "models/next-session/forecast.json"));
  return j;
}

struct Rows {
  std::vector<float> session;  // transitions x 36
  std::vector<float> load;     // transitions with a planned-reps row x 41
  std::size_t n = 0, n_load = 0;
};

// Every transition of the shared lifters (the embedded synthetic ones without the data).
const Rows& rows() {
  static const Rows r = [] {
    Rows out;
    const m::ForecastDefinition def;
    std::vector<ex::next_session::train::Lifter> lifters;
    const auto dir = ex::testing::data_dir();
    if (std::filesystem::exists(dir / "lifters")) {
      std::vector<std::filesystem::path> files = {dir / "weightlifting_721_workouts.csv", dir / "exports", dir / "lifters"};
      for (const auto& f : ex::next_session::train::expand_data_paths(files)) {
        const auto log = ex::core::ingest::read_workout_log(f);
        lifters.push_back(ex::next_session::train::lifter_from_log(log, f.stem().string(), ex::core::ingest::WeightUnit::kg, def));
      }
    } else {
      for (const auto& l : ex::synth::synth_lifters({})) {
        const auto log = ex::core::ingest::parse_workout_log(l.csv, l.name);
        lifters.push_back(ex::next_session::train::lifter_from_log(log, l.name, ex::core::ingest::WeightUnit::kg, def));
      }
    }
    for (const auto& l : lifters) {
      for (const auto& tr : l.transitions) {
        const auto& e = l.sessions.exercises[tr.exercise];
        m::append_session_row(e, tr.t, def, out.session);
        ++out.n;
        m::append_load_row(e, tr.t, tr.next_reps, def, out.load);
        ++out.n_load;
      }
    }
    std::fprintf(stderr, "bench_forest: %zu transitions\n", out.n);
    return out;
  }();
  return r;
}

const char* const kHeads[] = {"action", "weight", "reps", "load"};

std::span<const float> head_rows(int head, std::size_t n) {
  const Rows& r = rows();
  return head == 3 ? std::span<const float>(r.load).first(n * 41) : std::span<const float>(r.session).first(n * 36);
}

void BM_Xgboost(benchmark::State& state) {
  const int head = static_cast<int>(state.range(0));
  const auto n = static_cast<std::size_t>(state.range(1));
  ex::next_session::train::xgb::Booster b;
  b.load_json(model_json()["heads"][kHeads[head]].dump());
  const auto x = head_rows(head, n);
  for (auto _ : state) benchmark::DoNotOptimize(b.predict(x, n, x.size() / n));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.SetLabel(kHeads[head]);
}

void BM_Forest(benchmark::State& state) {
  const int head = static_cast<int>(state.range(0));
  const auto n = static_cast<std::size_t>(state.range(1));
  const auto layout = state.range(2) == 0 ? m::Forest::Layout::levels : m::Forest::Layout::nodes;
  const m::Forest f(m::read_xgb_model(model_json()["heads"][kHeads[head]], kHeads[head]), layout);
  const auto x = head_rows(head, n);
  std::vector<float> out(n * static_cast<std::size_t>(f.groups()));
  for (auto _ : state) {
    f.predict(x, n, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.SetLabel(std::string(kHeads[head]) + (state.range(2) == 0 ? " levels" : " nodes"));
}

// Equal to XGBoost on every row, or no timing at all.
bool check() {
  const Rows& r = rows();
  for (int head = 0; head < 4; ++head) {
    ex::next_session::train::xgb::Booster b;
    b.load_json(model_json()["heads"][kHeads[head]].dump());
    const std::size_t n = head == 3 ? r.n_load : r.n;
    const auto x = head_rows(head, n);
    const std::vector<float> want = b.predict(x, n, x.size() / n);
    for (auto layout : {m::Forest::Layout::levels, m::Forest::Layout::nodes}) {
      const m::Forest f(m::read_xgb_model(model_json()["heads"][kHeads[head]], kHeads[head]), layout);
      const std::vector<float> got = f.predict(x, n);
      std::size_t differ = 0;
      for (std::size_t i = 0; i < want.size(); ++i) differ += std::memcmp(&want[i], &got[i], sizeof(float)) != 0 ? 1 : 0;
      std::fprintf(stderr, "bench_forest: %s %s: %zu of %zu outputs differ from XGBoost\n", kHeads[head],
                   layout == m::Forest::Layout::levels ? "levels" : "nodes", differ, want.size());
      if (differ != 0) return false;
    }
  }
  return true;
}

void args(benchmark::internal::Benchmark* b) {
  for (int head = 0; head < 4; ++head) {
    for (int n : {1, 16, 192, 4096}) b->Args({head, n});
  }
}
void forest_args(benchmark::internal::Benchmark* b) {
  for (int layout = 0; layout < 2; ++layout) {
    for (int head = 0; head < 4; ++head) {
      for (int n : {1, 16, 192, 4096}) b->Args({head, n, layout});
    }
  }
}
BENCHMARK(BM_Xgboost)->Apply(args);
BENCHMARK(BM_Forest)->Apply(forest_args);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (!check()) return 1;
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
