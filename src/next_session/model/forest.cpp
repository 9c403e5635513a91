#include "next_session/model/forest.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <type_traits>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/util/error.hpp"

using exertrack::core::util::InputError;

namespace exertrack::next_session::model {
namespace {

// ------------------------------------------------------------------ reading

const nlohmann::json& at(const nlohmann::json& j, const char* key, const std::string& where) {
  if (!j.is_object() || !j.contains(key)) throw InputError(where + ": not an XGBoost JSON model (missing '" + key + "')");
  return j.at(key);
}

// XGBoost writes its parameters as strings ("5E-1", "36").
double parameter(const nlohmann::json& j, const char* key, const std::string& where) {
  const nlohmann::json& v = at(j, key, where);
  if (v.is_number()) return v.get<double>();
  if (!v.is_string()) throw InputError(where + ": '" + key + "' is not a number");
  const std::string& s = v.get_ref<const std::string&>();
  char* end = nullptr;
  const double x = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size()) throw InputError(where + ": '" + key + "' is not a number: " + s);
  return x;
}

template <typename T>
std::vector<T> numbers(const nlohmann::json& tree, const char* key, std::size_t n, const std::string& where) {
  const nlohmann::json& v = at(tree, key, where);
  if (!v.is_array() || v.size() != n) throw InputError(where + ": '" + key + "' does not have one value per node");
  std::vector<T> out;
  out.reserve(n);
  try {
    for (const nlohmann::json& x : v) out.push_back(x.get<T>());
  } catch (const nlohmann::json::exception&) {
    throw InputError(where + ": '" + key + "' holds a value that is not a number");
  }
  return out;
}

XgbTree read_tree(const nlohmann::json& t, int features, const std::string& where) {
  const std::size_t n = at(t, "left_children", where).size();
  if (n == 0) throw InputError(where + ": a tree without nodes");
  XgbTree tree;
  tree.left = numbers<std::int32_t>(t, "left_children", n, where);
  tree.right = numbers<std::int32_t>(t, "right_children", n, where);
  tree.feature = numbers<std::uint32_t>(t, "split_indices", n, where);
  tree.value = numbers<float>(t, "split_conditions", n, where);
  tree.default_left = numbers<std::uint8_t>(t, "default_left", n, where);
  if (t.contains("split_type")) {
    for (const nlohmann::json& s : t.at("split_type")) {
      if (s != 0) throw InputError(where + ": categorical splits are not supported");
    }
  }
  if (t.contains("tree_param") && parameter(t.at("tree_param"), "size_leaf_vector", where) != 0) {
    throw InputError(where + ": vector leaves are not supported");
  }
  // Children come after their parent (XGBoost appends them so), which
  // also rules out cycles: every walk ends at a leaf.
  for (std::size_t i = 0; i < n; ++i) {
    if (tree.left[i] == -1) continue;
    const auto in_range = [&](std::int32_t c) { return c > static_cast<std::int32_t>(i) && static_cast<std::size_t>(c) < n; };
    if (!in_range(tree.left[i]) || !in_range(tree.right[i])) throw InputError(where + ": node " + std::to_string(i) + " has a child out of order");
    if (tree.feature[i] >= static_cast<std::uint32_t>(features)) throw InputError(where + ": node " + std::to_string(i) + " splits on a feature out of range");
    // !(x < NaN) is true for every x: XGBoost would send every row right,
    // which the layouts below cannot express (and no trainer writes).
    if (std::isnan(tree.value[i])) throw InputError(where + ": node " + std::to_string(i) + " has a NaN split condition");
  }
  return tree;
}

}  // namespace

XgbModel read_xgb_model(const nlohmann::json& j, const std::string& where) {
  if (const auto v = j.find("version"); v != j.end() && (!v->is_array() || v->empty() || v->at(0) != 1)) {
    throw InputError(where + ": an XGBoost model of version " + v->dump() + " (1.x is read)");
  }
  const nlohmann::json& learner = at(j, "learner", where);
  const nlohmann::json& booster = at(learner, "gradient_booster", where);
  if (at(booster, "name", where) != "gbtree") throw InputError(where + ": booster " + booster.at("name").dump() + " is not supported (gbtree only)");
  const nlohmann::json& param = at(learner, "learner_model_param", where);
  XgbModel m;
  m.objective = at(at(learner, "objective", where), "name", where).get<std::string>();
  m.features = static_cast<int>(parameter(param, "num_feature", where));
  if (m.features < 1) throw InputError(where + ": num_feature must be >= 1");
  if (m.objective == "multi:softprob") {
    m.softmax = true;
    m.groups = static_cast<int>(parameter(param, "num_class", where));
    if (m.groups < 1) throw InputError(where + ": num_class must be >= 1");
  } else if (m.objective == "reg:squarederror" || m.objective == "reg:pseudohubererror" || m.objective == "reg:absoluteerror") {
    m.groups = 1;
  } else {
    throw InputError(where + ": objective '" + m.objective + "' is not supported");
  }
  if (param.contains("num_target") && parameter(param, "num_target", where) != 1) throw InputError(where + ": multiple targets are not supported");
  // Stored in the user's (probability) space; for these objectives
  // ProbToMargin is the identity, so it is the margin too.
  m.base_score = static_cast<float>(parameter(param, "base_score", where));
  const nlohmann::json& model = at(booster, "model", where);
  if (model.contains("gbtree_model_param") && parameter(model.at("gbtree_model_param"), "num_parallel_tree", where) != 1) {
    throw InputError(where + ": num_parallel_tree other than 1 is not supported");
  }
  const nlohmann::json& trees = at(model, "trees", where);
  const nlohmann::json& info = at(model, "tree_info", where);
  if (!trees.is_array() || !info.is_array() || trees.size() != info.size()) throw InputError(where + ": tree_info does not match the trees");
  m.trees.reserve(trees.size());
  for (std::size_t t = 0; t < trees.size(); ++t) {
    const std::string tree_where = where + ": tree " + std::to_string(t);
    m.trees.push_back(read_tree(trees[t], m.features, tree_where));
    if (!info[t].is_number_integer() || info[t].get<int>() < 0 || info[t].get<int>() >= m.groups) {
      throw InputError(tree_where + ": its output group is out of range");
    }
    m.tree_group.push_back(info[t].get<int>());
  }
  return m;
}

namespace {

// ------------------------------------------------------------------ layouts

int depth_of(const XgbTree& t, std::int32_t node = 0) {
  if (t.left[static_cast<std::size_t>(node)] == -1) return 0;
  return 1 + std::max(depth_of(t, t.left[static_cast<std::size_t>(node)]), depth_of(t, t.right[static_cast<std::size_t>(node)]));
}

// The rows of a block are walked together: 16 float32 lanes, one AVX-512
// register (two AVX2 ones, four SSE ones: GCC's vector extensions lower it
// to what the target has).
constexpr std::size_t kLanes = 16;
using Floats = float __attribute__((vector_size(kLanes * sizeof(float))));
using Ints = std::int32_t __attribute__((vector_size(kLanes * sizeof(std::int32_t))));

Floats broadcast(float v) { return v - Floats{}; }  // v - 0 is v, -0 included

// A block's features by column, twice: column 2f is feature f with a
// missing value as +inf, column 2f + 1 with it as -inf. A node that sends
// missing values right compares column 2f, one that sends them left
// column 2f + 1, so every node is the same test, x >= condition, which for
// a present x is XGBoost's !(x < condition) (infinities included).
void transpose_block(std::span<const float> x, std::size_t features, std::size_t first, std::size_t n, Floats* columns) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  for (std::size_t f = 0; f < features; ++f) {
    Floats plus{}, minus{};
    for (std::size_t lane = 0; lane < n; ++lane) {
      const float v = x[(first + lane) * features + f];
      const bool missing = std::isnan(v);
      plus[lane] = missing ? kInf : v;
      minus[lane] = missing ? -kInf : v;
    }
    columns[2 * f] = plus;
    columns[2 * f + 1] = minus;
  }
}

// Complete trees of one depth D, level by level: the internal node at
// position p of level l is number 2^l - 1 + p, its children are positions
// 2p and 2p + 1 of level l + 1, and the leaves are positions 0..2^D - 1 of
// level D. A tree shallower somewhere is padded: a leaf above level D
// becomes a node whose subtree's leaves all hold its value (its test, any).
struct LevelTrees {
  int depth = 0;
  int internal = 0;                    // 2^depth - 1 nodes per tree
  std::vector<std::uint32_t> column;   // per node: the block column it tests (2f or 2f + 1)
  std::vector<float> condition;        // per node
  std::vector<Floats> leaves;          // per tree: its 2^depth leaf values (the rest 0)
  std::vector<int> group;

  LevelTrees(const XgbModel& m, int d) : depth(d), internal((1 << d) - 1), leaves(m.trees.size()), group(m.tree_group) {
    column.resize(m.trees.size() * static_cast<std::size_t>(internal));
    condition.resize(column.size());
    for (std::size_t t = 0; t < m.trees.size(); ++t) place(m.trees[t], t, 0, 0, 0);
  }

  void place(const XgbTree& tree, std::size_t t, std::int32_t node, int level, int position) {
    const auto i = static_cast<std::size_t>(node);
    if (level == depth) {
      leaves[t][position] = tree.value[i];
      return;
    }
    const std::size_t slot = t * static_cast<std::size_t>(internal) + static_cast<std::size_t>((1 << level) - 1 + position);
    if (tree.left[i] == -1) {  // padding
      column[slot] = 0;
      condition[slot] = 0;
      place(tree, t, node, level + 1, 2 * position);
      place(tree, t, node, level + 1, 2 * position + 1);
      return;
    }
    column[slot] = 2 * tree.feature[i] + (tree.default_left[i] != 0 ? 1 : 0);
    condition[slot] = tree.value[i];
    place(tree, t, tree.left[i], level + 1, 2 * position);
    place(tree, t, tree.right[i], level + 1, 2 * position + 1);
  }
};

// table[index[i]] in every lane. GCC has it as one builtin with a variable
// index vector; clang (the fuzz and sanitizer builds) has no such builtin,
// so there it is the same permutation lane by lane.
inline Floats permute(const Floats& table, const Ints& index) {
#if defined(__clang__)
  Floats out;
  for (std::size_t i = 0; i < kLanes; ++i) out[i] = table[index[i] & static_cast<int>(kLanes - 1)];
  return out;
#else
  return __builtin_shuffle(table, index);
#endif
}

// One tree for the rows of a block, QuickScorer's way: each lane holds a
// bit per leaf (leaf i is bit i), all set; every node is tested on all 16
// lanes, and a lane that goes right at a node clears the leaves of the
// node's left subtree. The lowest leaf left is the one the lane's walk ends
// at: a leaf left of it lies in the left subtree of a node on its path that
// went right, and nodes off the path clear only leaves of their own
// subtrees. D fixed at compile time: straight-line code, no branch on the
// data, the masks constants.
template <int D>
inline Floats leaf_of(const LevelTrees& f, std::size_t t, const Floats* columns) {
  constexpr int kInternal = (1 << D) - 1;
  const std::uint32_t* column = f.column.data() + t * kInternal;
  const float* condition = f.condition.data() + t * kInternal;
  Ints leaves = Ints{} + ((1 << (1 << D)) - 1);
#pragma GCC unroll 16
  for (int node = 0; node < kInternal; ++node) {
    const int level = std::bit_width(static_cast<unsigned>(node) + 1) - 1;
    const int position = node + 1 - (1 << level);
    const int half = 1 << (D - level - 1);  // leaves per child subtree
    const int keep = ~(((1 << half) - 1) << (2 * half * position));
    const Ints right = columns[column[node]] >= condition[node];
    leaves = right ? (leaves & keep) : leaves;
  }
  // The lowest set bit alone is a power of two, which float32 holds
  // exactly: its exponent is the leaf's number.
  const Ints lowest = leaves & -leaves;
  const Ints exponent = reinterpret_cast<Ints>(__builtin_convertvector(lowest, Floats)) >> 23;
  return permute(f.leaves[t], exponent - 127);
}

// The margins of one block: accumulators[g] starts at base_score and
// takes each tree's leaf in tree order.
template <int D>
void walk_block(const LevelTrees& f, const Floats* columns, float base_score, Floats* accumulators, int groups) {
  const std::size_t trees = f.group.size();
  if (groups == 1) {
    Floats sum = broadcast(base_score);
    for (std::size_t t = 0; t < trees; ++t) sum += leaf_of<D>(f, t, columns);
    accumulators[0] = sum;
    return;
  }
  for (int g = 0; g < groups; ++g) accumulators[g] = broadcast(base_score);
  for (std::size_t t = 0; t < trees; ++t) accumulators[f.group[t]] += leaf_of<D>(f, t, columns);
}

// One row alone: 15 of a block's 16 lanes would be tested for nothing
// (a depth-4 tree's 15 tests against the 4 nodes one row visits), so the
// row walks each complete tree itself, predicated: position = 2 position
// + (x >= condition), D steps. Measured (bench_forest, bench/README.md): the
// action head 3.0 us of CPU for one row this way against 6.1 us for a block
// (whatever number of its lanes are rows: BM_Forest/0/12/0), the depth-2
// heads 0.53 against 0.77 us.
template <int D>
void walk_row(const LevelTrees& f, const float* columns, float base_score, float* out, int groups) {
  constexpr int kInternal = (1 << D) - 1;
  const auto leaf = [&](std::size_t t) {
    const std::uint32_t* column = f.column.data() + t * kInternal;
    const float* condition = f.condition.data() + t * kInternal;
    int position = 0;
    for (int level = 0; level < D; ++level) {
      const int node = (1 << level) - 1 + position;
      position = 2 * position + (columns[column[node]] >= condition[node] ? 1 : 0);
    }
    return f.leaves[t][position];
  };
  const std::size_t trees = f.group.size();
  if (groups == 1) {
    // The sum in a register: added through out[0] (which may alias the
    // trees' arrays, so the compiler keeps it in memory), every tree waited
    // for the previous one's store, and the weight and reps heads' one row
    // took 1.1 us of a one-exercise request (perf, bench_serve
    // BM_ForecastJson/1). Same additions in the same order.
    float sum = base_score;
    for (std::size_t t = 0; t < trees; ++t) sum += leaf(t);
    out[0] = sum;
    return;
  }
  for (int g = 0; g < groups; ++g) out[g] = base_score;
  for (std::size_t t = 0; t < trees; ++t) out[f.group[t]] += leaf(t);
}

// Calls walk(std::integral_constant<int, D>) with D = depth: the walks are
// compiled for each depth the level layout holds (0 to kMaxLevelDepth;
// deeper forests use the node arrays), so the loops over a tree's levels unroll.
template <typename Walk>
void at_depth(int depth, Walk&& walk) {
  static_assert(Forest::kMaxLevelDepth == 4, "a case per depth below");
  switch (depth) {
    case 0: walk(std::integral_constant<int, 0>{}); break;
    case 1: walk(std::integral_constant<int, 1>{}); break;
    case 2: walk(std::integral_constant<int, 2>{}); break;
    case 3: walk(std::integral_constant<int, 3>{}); break;
    default: walk(std::integral_constant<int, 4>{}); break;
  }
}

// XGBoost's node arrays, re-laid breadth first so a node's right child
// follows its left one: the walk's step is left + (goes right).
struct NodeTrees {
  struct Node {
    std::int32_t left = -1;      // -1: a leaf
    std::uint32_t feature = 0;
    float value = 0;             // condition, or the leaf's value
    std::uint32_t default_left = 0;
  };
  std::vector<Node> nodes;
  std::vector<std::size_t> root;  // per tree
  std::vector<int> group;

  explicit NodeTrees(const XgbModel& m) : group(m.tree_group) {
    for (const XgbTree& tree : m.trees) {
      root.push_back(nodes.size());
      // Breadth first from the root; `order` maps new positions to XGBoost's.
      std::vector<std::int32_t> order = {0};
      const std::size_t base = nodes.size();
      for (std::size_t k = 0; k < order.size(); ++k) {
        const auto i = static_cast<std::size_t>(order[k]);
        Node n;
        n.value = tree.value[i];
        if (tree.left[i] != -1) {
          n.left = static_cast<std::int32_t>(base + order.size());
          n.feature = tree.feature[i];
          n.default_left = tree.default_left[i];
          order.push_back(tree.left[i]);
          order.push_back(tree.right[i]);
        }
        nodes.push_back(n);
      }
    }
  }

  [[nodiscard]] float leaf(std::size_t t, const float* row) const {
    const Node* n = &nodes[root[t]];
    while (n->left >= 0) {
      const float x = row[n->feature];
      const bool right = std::isnan(x) ? n->default_left == 0 : !(x < n->value);
      n = &nodes[static_cast<std::size_t>(n->left) + (right ? 1 : 0)];
    }
    return n->value;
  }
};

}  // namespace

void xgboost_softmax(std::span<float> p) {
  float top = p[0];
  for (const float v : p.subspan(1)) top = std::fmax(v, top);
  double sum = 0;
  for (float& v : p) {
    v = std::exp(v - top);
    sum += v;
  }
  for (float& v : p) v /= static_cast<float>(sum);
}

struct Forest::Impl {
  int features = 0;
  int groups = 1;
  bool softmax = false;
  float base_score = 0;
  std::size_t trees = 0;
  Layout layout = Layout::nodes;
  std::optional<LevelTrees> levels;
  std::optional<NodeTrees> nodes;

  void margins_levels(std::span<const float> x, std::size_t rows, std::span<float> out) const;
  void margins_row(std::span<const float> row, std::span<float> out) const;
  void margins_nodes(std::span<const float> x, std::size_t rows, std::span<float> out) const;
};

void Forest::Impl::margins_levels(std::span<const float> x, std::size_t rows, std::span<float> out) const {
  const auto cols = static_cast<std::size_t>(features);
  const auto g = static_cast<std::size_t>(groups);
  // Per thread, grown once: no allocation per call.
  thread_local std::vector<Floats> columns, accumulators;
  columns.resize(2 * cols);
  accumulators.resize(g);
  for (std::size_t first = 0; first < rows; first += kLanes) {
    const std::size_t n = std::min(kLanes, rows - first);
    if (n == 1) {
      margins_row(x.subspan(first * cols, cols), out.subspan(first * g, g));
      continue;
    }
    transpose_block(x, cols, first, n, columns.data());
    at_depth(levels->depth, [&](auto depth) {
      walk_block<depth()>(*levels, columns.data(), base_score, accumulators.data(), groups);
    });
    for (std::size_t lane = 0; lane < n; ++lane) {
      for (std::size_t k = 0; k < g; ++k) out[(first + lane) * g + k] = accumulators[k][lane];
    }
  }
}

void Forest::Impl::margins_row(std::span<const float> row, std::span<float> out) const {
  // The row as the block's columns are: 2f with a missing value as +inf,
  // 2f + 1 with it as -inf.
  thread_local std::vector<float> columns;
  columns.resize(2 * row.size());
  for (std::size_t f = 0; f < row.size(); ++f) {
    const bool missing = std::isnan(row[f]);
    columns[2 * f] = missing ? std::numeric_limits<float>::infinity() : row[f];
    columns[2 * f + 1] = missing ? -std::numeric_limits<float>::infinity() : row[f];
  }
  at_depth(levels->depth, [&](auto depth) { walk_row<depth()>(*levels, columns.data(), base_score, out.data(), groups); });
}

void Forest::Impl::margins_nodes(std::span<const float> x, std::size_t rows, std::span<float> out) const {
  const auto cols = static_cast<std::size_t>(features);
  const auto g = static_cast<std::size_t>(groups);
  std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(rows * g), base_score);
  // Rows in blocks, trees outside: a block's rows stay in cache while
  // every tree passes over them (XGBoost's 64-row blocks).
  constexpr std::size_t kBlock = 64;
  for (std::size_t first = 0; first < rows; first += kBlock) {
    const std::size_t last = std::min(rows, first + kBlock);
    for (std::size_t t = 0; t < trees; ++t) {
      const auto k = static_cast<std::size_t>(nodes->group[t]);
      for (std::size_t r = first; r < last; ++r) out[r * g + k] += nodes->leaf(t, x.data() + r * cols);
    }
  }
}

Forest::Forest() : impl_(std::make_unique<const Impl>()) {}
Forest::Forest(Forest&&) noexcept = default;
Forest& Forest::operator=(Forest&&) noexcept = default;
Forest::~Forest() = default;

Forest::Forest(const XgbModel& model, Layout layout) {
  auto impl = std::make_unique<Impl>();
  impl->features = model.features;
  impl->groups = model.groups;
  impl->softmax = model.softmax;
  impl->base_score = model.base_score;
  impl->trees = model.trees.size();
  int depth = 0;
  for (const XgbTree& t : model.trees) depth = std::max(depth, depth_of(t));
  if (layout == Layout::levels && depth <= kMaxLevelDepth) {
    impl->layout = Layout::levels;
    impl->levels.emplace(model, depth);
  } else {
    impl->layout = Layout::nodes;
    impl->nodes.emplace(model);
  }
  impl_ = std::move(impl);
}

int Forest::features() const { return impl_->features; }
int Forest::groups() const { return impl_->groups; }
Forest::Layout Forest::layout() const { return impl_->layout; }
std::size_t Forest::trees() const { return impl_->trees; }

void Forest::predict(std::span<const float> x, std::size_t rows, std::span<float> out) const {
  const auto cols = static_cast<std::size_t>(impl_->features);
  const auto g = static_cast<std::size_t>(impl_->groups);
  if (x.size() != rows * cols) throw std::invalid_argument("Forest::predict: " + std::to_string(x.size()) + " values are not " + std::to_string(rows) + " rows of " + std::to_string(cols) + " features");
  if (out.size() < rows * g) throw std::invalid_argument("Forest::predict: the output holds fewer than rows x groups values");
  if (rows == 0) return;
  if (impl_->layout == Layout::levels) impl_->margins_levels(x, rows, out);
  else impl_->margins_nodes(x, rows, out);
  if (impl_->softmax) {
    for (std::size_t r = 0; r < rows; ++r) xgboost_softmax(out.subspan(r * g, g));
  }
}

std::vector<float> Forest::predict(std::span<const float> x, std::size_t rows) const {
  std::vector<float> out(rows * static_cast<std::size_t>(impl_->groups));
  predict(x, rows, out);
  return out;
}

Forest forest_from_json(const nlohmann::json& j, const std::string& where) { return Forest(read_xgb_model(j, where)); }

}  // namespace exertrack::next_session::model
