// Tree inference for the next-session model (issue 20): the shipped model's
// four heads (models/next-session/forecast.json) on the session features of
// every transition of the shared lifters (the embedded synthetic lifters
// without the data), through XGBoost's C API, through exertrack's Forest and
// through the layouts that were tried for it (bench/README.md, "Tree
// inference"). Every layout is checked equal to XGBoost, bit for bit, on
// every row before anything is timed.
//
//   BM_Xgboost/<head>/<rows>            XGBoosterPredict (DMatrix included)
//   BM_Forest/<head>/<rows>/<layout>    the product: 0 levels, 1 nodes
//   BM_Tried/<head>/<rows>/<variant>    the layouts tried (kVariants)
//   BM_AllHeads/<rows>                  one row's forecast: all four heads
//   BM_VisitBound                       the pure tree-walk bound (below)
// heads: 0 action (500 trees, depth 4), 1 weight, 2 reps (150, depth 2),
// 3 load (600, depth 2).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "common/test_data.hpp"
#include "core/ingest/workout_log.hpp"
#include "core/util/files.hpp"
#include "next_session/model/forest.hpp"
#include "next_session/train/lifters.hpp"
#include "next_session/train/xgb.hpp"
#include "synth/synth.hpp"

namespace {

namespace ex = exertrack;
namespace m = exertrack::next_session::model;

const nlohmann::json& model_json() {
  static const nlohmann::json j =
      nlohmann::json::parse(ex::core::util::read_file(std::filesystem::path(EXERTRACK_SOURCE_DIR) / "models/next-session/forecast.json"));
  return j;
}

const char* const kHeads[] = {"action", "weight", "reps", "load"};

const m::XgbModel& xgb_model(int head) {
  static const std::array<m::XgbModel, 4> models = {
      m::read_xgb_model(model_json()["heads"]["action"], "action"), m::read_xgb_model(model_json()["heads"]["weight"], "weight"),
      m::read_xgb_model(model_json()["heads"]["reps"], "reps"), m::read_xgb_model(model_json()["heads"]["load"], "load")};
  return models[static_cast<std::size_t>(head)];
}

struct Rows {
  std::vector<float> session;  // transitions x 36
  std::vector<float> load;     // transitions x 41 (the reps done next as the planned reps)
  std::size_t n = 0;
};

// Every transition of the shared lifters (the embedded synthetic ones without the data).
const Rows& rows() {
  static const Rows r = [] {
    Rows out;
    const m::ForecastDefinition def;
    std::vector<ex::next_session::train::Lifter> lifters;
    const auto dir = ex::testing::data_dir();
    if (std::filesystem::exists(dir / "lifters")) {
      const std::vector<std::filesystem::path> files = {dir / "weightlifting_721_workouts.csv", dir / "exports", dir / "lifters"};
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
        m::append_load_row(e, tr.t, tr.next_reps, def, out.load);
        ++out.n;
      }
    }
    std::fprintf(stderr, "bench_forest: %zu transitions\n", out.n);
    return out;
  }();
  return r;
}

std::span<const float> head_rows(int head, std::size_t n) {
  const Rows& r = rows();
  return head == 3 ? std::span<const float>(r.load).first(n * 41) : std::span<const float>(r.session).first(n * 36);
}

// ---------------------------------------------------------------- the layouts tried
//
// Each computes the margins (rows x groups) from base_score and the trees;
// m::xgboost_softmax finishes them as XGBoost does, so each is compared with
// XGBoosterPredict as it is.


// 1. XGBoost's own walk on its own arrays, row by row (GetLeafIndex of
// dmlc/xgboost@36ad160 src/predictor/cpu_predictor.cc): a branch per node.
void margins_xgboost_walk(const m::XgbModel& mo, std::span<const float> x, std::size_t rows, float* out) {
  const auto cols = static_cast<std::size_t>(mo.features);
  const auto g = static_cast<std::size_t>(mo.groups);
  for (std::size_t r = 0; r < rows; ++r) {
    const float* row = x.data() + r * cols;
    for (std::size_t k = 0; k < g; ++k) out[r * g + k] = mo.base_score;
    for (std::size_t t = 0; t < mo.trees.size(); ++t) {
      const m::XgbTree& tree = mo.trees[t];
      std::size_t n = 0;
      while (tree.left[n] != -1) {
        const float v = row[tree.feature[n]];
        if (std::isnan(v)) {
          n = static_cast<std::size_t>(tree.default_left[n] != 0 ? tree.left[n] : tree.right[n]);
        } else {
          n = static_cast<std::size_t>(v < tree.value[n] ? tree.left[n] : tree.right[n]);
        }
      }
      out[r * g + static_cast<std::size_t>(mo.tree_group[t])] += tree.value[n];
    }
  }
}

// Complete trees of depth D, level by level (as the product's levels
// layout), for the variants below.
struct Complete {
  int depth = 0, internal = 0;
  std::vector<std::uint32_t> column;  // 2f + default_left, per node
  std::vector<float> condition;
  std::vector<std::array<float, 16>> leaves;
  std::vector<int> group;

  explicit Complete(const m::XgbModel& mo) : group(mo.tree_group) {
    const auto depth_of = [&](const m::XgbTree& t) {
      int d = 0;
      std::vector<std::pair<std::size_t, int>> stack = {{0, 0}};
      while (!stack.empty()) {
        auto [n, l] = stack.back();
        stack.pop_back();
        d = std::max(d, l);
        if (t.left[n] != -1) {
          stack.push_back({static_cast<std::size_t>(t.left[n]), l + 1});
          stack.push_back({static_cast<std::size_t>(t.right[n]), l + 1});
        }
      }
      return d;
    };
    for (const auto& t : mo.trees) depth = std::max(depth, depth_of(t));
    internal = (1 << depth) - 1;
    column.resize(mo.trees.size() * static_cast<std::size_t>(internal));
    condition.resize(column.size());
    leaves.resize(mo.trees.size());
    for (std::size_t t = 0; t < mo.trees.size(); ++t) place(mo.trees[t], t, 0, 0, 0);
  }
  void place(const m::XgbTree& tree, std::size_t t, std::size_t node, int level, int position) {
    if (level == depth) {
      leaves[t][static_cast<std::size_t>(position)] = tree.value[node];
      return;
    }
    const std::size_t slot = t * static_cast<std::size_t>(internal) + static_cast<std::size_t>((1 << level) - 1 + position);
    const bool leaf = tree.left[node] == -1;
    column[slot] = leaf ? 0 : 2 * tree.feature[node] + (tree.default_left[node] != 0 ? 1 : 0);
    condition[slot] = leaf ? 0 : tree.value[node];
    place(tree, t, leaf ? node : static_cast<std::size_t>(tree.left[node]), level + 1, 2 * position);
    place(tree, t, leaf ? node : static_cast<std::size_t>(tree.right[node]), level + 1, 2 * position + 1);
  }
};

// A block of 16 rows by column, NaN as +inf (column 2f) and as -inf (2f + 1).
void transpose16(std::span<const float> x, std::size_t cols, std::size_t first, std::size_t n, float* columns) {
  for (std::size_t f = 0; f < cols; ++f) {
    for (std::size_t lane = 0; lane < 16; ++lane) {
      const float v = lane < n ? x[(first + lane) * cols + f] : 0.0F;
      columns[(2 * f) * 16 + lane] = std::isnan(v) ? INFINITY : v;
      columns[(2 * f + 1) * 16 + lane] = std::isnan(v) ? -INFINITY : v;
    }
  }
}

// 2. Complete trees, one row at a time within a block of 16, the walk
// predicated: position = 2 position + (x >= condition), D steps, no branch.
void margins_levels_scalar(const Complete& c, std::span<const float> x, std::size_t rows, std::size_t cols, int groups,
                           float base, float* out) {
  std::vector<float> columns(2 * cols * 16);
  const auto g = static_cast<std::size_t>(groups);
  for (std::size_t first = 0; first < rows; first += 16) {
    const std::size_t n = std::min<std::size_t>(16, rows - first);
    transpose16(x, cols, first, n, columns.data());
    for (std::size_t lane = 0; lane < n; ++lane) {
      for (std::size_t k = 0; k < g; ++k) out[(first + lane) * g + k] = base;
    }
    for (std::size_t t = 0; t < c.group.size(); ++t) {
      const std::uint32_t* col = c.column.data() + t * static_cast<std::size_t>(c.internal);
      const float* thr = c.condition.data() + t * static_cast<std::size_t>(c.internal);
      for (std::size_t lane = 0; lane < n; ++lane) {
        std::size_t p = 0;
        for (int level = 0; level < c.depth; ++level) {
          const std::size_t node = (std::size_t{1} << level) - 1 + p;
          p = 2 * p + (columns[col[node] * 16 + lane] >= thr[node] ? 1 : 0);
        }
        out[(first + lane) * g + static_cast<std::size_t>(c.group[t])] += c.leaves[t][p];
      }
    }
  }
}

#if defined(__AVX512F__)
// 3. The product's QuickScorer masks in AVX-512 intrinsics: byte offsets
// stored (no shift), the condition an embedded broadcast, `Rows` registers
// (16 or 32 rows) per pass over the trees.
template <int D, int Rows>
void block_masks_avx512(const Complete& c, const std::uint32_t* offsets, const float* columns, std::size_t table_bytes, float base, int groups,
                        __m512* acc) {
  constexpr int kInternal = (1 << D) - 1;
  for (int k = 0; k < groups * Rows; ++k) acc[k] = _mm512_set1_ps(base);
  const auto* bytes = reinterpret_cast<const char*>(columns);
  for (std::size_t t = 0; t < c.group.size(); ++t) {
    const std::uint32_t* off = offsets + t * kInternal;
    const float* thr = c.condition.data() + t * kInternal;
    __m512i leaves[Rows];
    for (int r = 0; r < Rows; ++r) leaves[r] = _mm512_set1_epi32((1 << (1 << D)) - 1);
    for (int node = 0; node < kInternal; ++node) {
      const int level = 31 - __builtin_clz(static_cast<unsigned>(node) + 1);
      const int position = node + 1 - (1 << level);
      const int half = 1 << (D - level - 1);
      const __m512i keep = _mm512_set1_epi32(~(((1 << half) - 1) << (2 * half * position)));
      const __m512 threshold = _mm512_set1_ps(thr[node]);
      for (int r = 0; r < Rows; ++r) {
        const __mmask16 right =
            _mm512_cmp_ps_mask(_mm512_load_ps(reinterpret_cast<const float*>(bytes + off[node] + static_cast<std::size_t>(r) * table_bytes)), threshold, _CMP_GE_OQ);
        leaves[r] = _mm512_mask_and_epi32(leaves[r], right, leaves[r], keep);
      }
    }
    const __m512 leaf_values = _mm512_loadu_ps(c.leaves[t].data());
    for (int r = 0; r < Rows; ++r) {
      const __m512i index = _mm512_sub_epi32(_mm512_set1_epi32(31), _mm512_lzcnt_epi32(_mm512_and_si512(leaves[r], _mm512_sub_epi32(_mm512_setzero_si512(), leaves[r]))));
      acc[c.group[t] * Rows + r] = _mm512_add_ps(acc[c.group[t] * Rows + r], _mm512_permutexvar_ps(index, leaf_values));
    }
  }
}

// 4. Complete trees walked level by level in AVX-512 with per-lane node
// numbers: each level gathers every lane's own feature (vgatherdps) and
// picks its condition by a permute; D steps instead of 2^D - 1 tests.
template <int D>
void block_gather_avx512(const Complete& c, const float* columns, float base, int groups, __m512* acc) {
  constexpr int kInternal = (1 << D) - 1;
  for (int k = 0; k < groups; ++k) acc[k] = _mm512_set1_ps(base);
  const __m512i lane = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  const __m512i mask = _mm512_set1_epi32(kInternal);
  for (std::size_t t = 0; t < c.group.size(); ++t) {
    const __m512i cols = _mm512_maskz_loadu_epi32(static_cast<__mmask16>((1u << kInternal) - 1), c.column.data() + t * kInternal);
    const __m512 thr = _mm512_maskz_loadu_ps(static_cast<__mmask16>((1u << kInternal) - 1), c.condition.data() + t * kInternal);
    __m512i node = _mm512_setzero_si512();
    for (int level = 0; level < D; ++level) {
      // Each lane's own node's column, at the lane's row: col * 16 + lane.
      const __m512i at = _mm512_add_epi32(_mm512_slli_epi32(_mm512_permutexvar_epi32(_mm512_and_si512(node, mask), cols), 4), lane);
      const __m512 v = _mm512_i32gather_ps(at, columns, 4);
      const __mmask16 right = _mm512_cmp_ps_mask(v, _mm512_permutexvar_ps(_mm512_and_si512(node, mask), thr), _CMP_GE_OQ);
      node = _mm512_mask_add_epi32(_mm512_add_epi32(_mm512_add_epi32(node, node), _mm512_set1_epi32(1)), right,
                                   _mm512_add_epi32(_mm512_add_epi32(node, node), _mm512_set1_epi32(1)), _mm512_set1_epi32(1));
    }
    const __m512 leaf = _mm512_permutexvar_ps(_mm512_sub_epi32(node, mask), _mm512_loadu_ps(c.leaves[t].data()));
    acc[c.group[t]] = _mm512_add_ps(acc[c.group[t]], leaf);
  }
}
#endif

enum Variant {
  kXgboostWalk,     // 1
  kLevelsScalar,    // 2
  kMasks16,         // 3, 16 rows per pass
  kMasks32,         // 3, 32 rows per pass
  kGather16,        // 4
  kVariantCount
};
const char* const kVariantNames[] = {"xgboost walk", "levels scalar", "masks avx512 x16", "masks avx512 x32", "gather avx512 x16"};

// The margins of `variant`, rows x groups; false when it is not compiled in.
bool margins(Variant variant, const m::XgbModel& mo, const Complete& c, const std::vector<std::uint32_t>& offsets, std::span<const float> x,
             std::size_t rows, float* out) {
  const auto cols = static_cast<std::size_t>(mo.features);
  const auto g = static_cast<std::size_t>(mo.groups);
  switch (variant) {
    case kXgboostWalk: margins_xgboost_walk(mo, x, rows, out); return true;
    case kLevelsScalar: margins_levels_scalar(c, x, rows, cols, mo.groups, mo.base_score, out); return true;
    default: break;
  }
#if defined(__AVX512F__)
  const std::size_t block = variant == kMasks32 ? 32 : 16;
  std::vector<float, std::allocator<float>> storage(2 * cols * 32 + 16);
  float* columns = reinterpret_cast<float*>((reinterpret_cast<std::uintptr_t>(storage.data()) + 63) / 64 * 64);
  __m512 acc[16];  // groups x rows registers: at most 5 x 2 here
  for (std::size_t first = 0; first < rows; first += block) {
    const std::size_t n = std::min(block, rows - first);
    // 32 rows: two 16-row column tables side by side, the second 2 cols x 16 floats on.
    transpose16(x, cols, first, std::min<std::size_t>(16, n), columns);
    if (block == 32) transpose16(x, cols, first + 16, n > 16 ? n - 16 : 0, columns + 2 * cols * 16);
    if (variant == kGather16) {
      if (c.depth == 4) block_gather_avx512<4>(c, columns, mo.base_score, mo.groups, acc);
      else block_gather_avx512<2>(c, columns, mo.base_score, mo.groups, acc);
    } else if (variant == kMasks16) {
      if (c.depth == 4) block_masks_avx512<4, 1>(c, offsets.data(), columns, 0, mo.base_score, mo.groups, acc);
      else block_masks_avx512<2, 1>(c, offsets.data(), columns, 0, mo.base_score, mo.groups, acc);
    } else {
      // 32 rows: the second register reads the second table, a fixed distance on.
      const std::size_t table = 2 * cols * 16 * sizeof(float);
      if (c.depth == 4) block_masks_avx512<4, 2>(c, offsets.data(), columns, table, mo.base_score, mo.groups, acc);
      else block_masks_avx512<2, 2>(c, offsets.data(), columns, table, mo.base_score, mo.groups, acc);
    }
    for (std::size_t lane = 0; lane < n; ++lane) {
      for (std::size_t k = 0; k < g; ++k) {
        alignas(64) float v[16];
        _mm512_store_ps(v, acc[variant == kMasks32 ? k * 2 + lane / 16 : k]);
        out[(first + lane) * g + k] = v[lane % 16];
      }
    }
  }
  return true;
#else
  (void)x, (void)rows, (void)out, (void)offsets, (void)cols, (void)g;
  return false;
#endif
}

struct Study {
  Complete complete;
  std::vector<std::uint32_t> offsets;  // column * 64 bytes
  explicit Study(const m::XgbModel& mo) : complete(mo) {
    for (std::uint32_t col : complete.column) offsets.push_back(col * 64);
  }
};

const Study& study(int head) {
  static const std::array<Study, 4> s = {Study(xgb_model(0)), Study(xgb_model(1)), Study(xgb_model(2)), Study(xgb_model(3))};
  return s[static_cast<std::size_t>(head)];
}

// ---------------------------------------------------------------- benchmarks

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
  const m::Forest f(xgb_model(head), layout);
  const auto x = head_rows(head, n);
  std::vector<float> out(n * static_cast<std::size_t>(f.groups()));
  for (auto _ : state) {
    f.predict(x, n, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.SetLabel(std::string(kHeads[head]) + (state.range(2) == 0 ? " levels" : " nodes"));
}

void BM_Tried(benchmark::State& state) {
  const int head = static_cast<int>(state.range(0));
  const auto n = static_cast<std::size_t>(state.range(1));
  const auto variant = static_cast<Variant>(state.range(2));
  const m::XgbModel& mo = xgb_model(head);
  const auto x = head_rows(head, n);
  std::vector<float> out(n * static_cast<std::size_t>(mo.groups));
  if (!margins(variant, mo, study(head).complete, study(head).offsets, x, n, out.data())) {
    state.SkipWithError("not compiled for this CPU (AVX-512)");
    return;
  }
  for (auto _ : state) {
    margins(variant, mo, study(head).complete, study(head).offsets, x, n, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.SetLabel(std::string(kHeads[head]) + " " + kVariantNames[variant]);
}

// One forecast's rows through all four heads: what a row costs.
void BM_AllHeads(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::array<m::Forest, 4> f = {m::Forest(xgb_model(0)), m::Forest(xgb_model(1)), m::Forest(xgb_model(2)), m::Forest(xgb_model(3))};
  std::vector<float> out(n * 5);
  for (auto _ : state) {
    for (int head = 0; head < 4; ++head) f[static_cast<std::size_t>(head)].predict(head_rows(head, n), n, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.SetLabel("rows; all four heads");
}

// The pure tree-walk bound: the nodes one row visits through the four heads
// (the sum of every tree's depth: 500 x 4 + 150 x 2 + 150 x 2 + 600 x 2 =
// 3,800) times the cost of one visit, measured as the cheapest a visit gets:
// independent walks of 16 rows over one L1-resident complete depth-4 tree,
// each step predicated (load the node's feature and condition, compare,
// position = 2 position + outcome), nothing else (no leaf sum, no
// transposition, no softmax). items = node visits. Not vectorized (GCC
// would turn the lanes into gathers): this is the scalar visit.
__attribute__((optimize("no-tree-vectorize"))) void BM_VisitBound(benchmark::State& state) {
  const Study& s = study(0);
  const auto x = head_rows(0, 16);
  std::vector<float> columns(2 * 36 * 16);
  transpose16(x, 36, 0, 16, columns.data());
  const std::uint32_t* col = s.complete.column.data();
  const float* thr = s.complete.condition.data();
  std::size_t visits = 0;
  std::array<std::size_t, 16> sink{};
  for (auto _ : state) {
    for (int rep = 0; rep < 64; ++rep) {
      for (std::size_t lane = 0; lane < 16; ++lane) {
        std::size_t p = 0;
        for (int level = 0; level < 4; ++level) {
          const std::size_t node = (std::size_t{1} << level) - 1 + p;
          p = 2 * p + (columns[col[node] * 16 + lane] >= thr[node] ? 1 : 0);
        }
        sink[lane] += p;
      }
      visits += 16 * 4;
    }
    benchmark::DoNotOptimize(sink.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(visits));
  state.SetLabel("node visits");
}

// Equal to XGBoost on every row, or no timing at all.
bool check() {
  const Rows& r = rows();
  bool ok = true;
  for (int head = 0; head < 4; ++head) {
    ex::next_session::train::xgb::Booster b;
    b.load_json(model_json()["heads"][kHeads[head]].dump());
    const auto x = head_rows(head, r.n);
    const std::vector<float> want = b.predict(x, r.n, x.size() / r.n);
    const m::XgbModel& mo = xgb_model(head);
    auto report = [&](const std::vector<float>& got, const std::string& what) {
      std::size_t differ = 0;
      for (std::size_t i = 0; i < want.size(); ++i) differ += std::memcmp(&want[i], &got[i], sizeof(float)) != 0 ? 1 : 0;
      std::fprintf(stderr, "bench_forest: %s %s: %zu of %zu outputs differ from XGBoost\n", kHeads[head], what.c_str(), differ, want.size());
      ok = ok && differ == 0;
    };
    for (auto layout : {m::Forest::Layout::levels, m::Forest::Layout::nodes}) {
      report(m::Forest(mo, layout).predict(x, r.n), layout == m::Forest::Layout::levels ? "Forest levels" : "Forest nodes");
    }
    for (int v = 0; v < kVariantCount; ++v) {
      std::vector<float> got(want.size());
      if (!margins(static_cast<Variant>(v), mo, study(head).complete, study(head).offsets, x, r.n, got.data())) continue;
      if (mo.softmax) {
        const auto g = static_cast<std::size_t>(mo.groups);
        for (std::size_t i = 0; i < r.n; ++i) m::xgboost_softmax(std::span(got).subspan(i * g, g));
      }
      report(got, std::string("tried: ") + kVariantNames[v]);
    }
  }
  return ok;
}

void xgboost_args(benchmark::internal::Benchmark* b) {
  for (int head = 0; head < 4; ++head) {
    for (int n : {1, 12, 192, 4096}) b->Args({head, n});
  }
}
void forest_args(benchmark::internal::Benchmark* b) {
  for (int layout = 0; layout < 2; ++layout) {
    for (int head = 0; head < 4; ++head) {
      for (int n : {1, 12, 192, 4096}) b->Args({head, n, layout});
    }
  }
}
void tried_args(benchmark::internal::Benchmark* b) {
  for (int v = 0; v < kVariantCount; ++v) {
    for (int head : {0, 3}) {
      for (int n : {12, 4096}) b->Args({head, n, v});
    }
  }
}
BENCHMARK(BM_Xgboost)->Apply(xgboost_args);
BENCHMARK(BM_Forest)->Apply(forest_args);
BENCHMARK(BM_Tried)->Apply(tried_args);
BENCHMARK(BM_AllHeads)->Arg(1)->Arg(12)->Arg(4096);
BENCHMARK(BM_VisitBound);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (!check()) return 1;
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
