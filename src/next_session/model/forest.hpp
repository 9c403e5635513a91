#pragma once
// exertrack's own evaluation of the next-session model's tree ensembles:
// XGBoost 1.7 gbtree models read from the booster's JSON (the heads of
// forecast.json), laid out flat and walked over blocks of rows. A Forest is
// immutable once built: every server thread predicts with the same one, no
// lock, no per-call allocation beyond the output.
//
// Its outputs are XGBoosterPredict's, bit for bit (tests/next_session/train/
// forest_test.cpp checks every transition of the shared lifters and the
// embedded synthetic ones). What XGBoost 1.7.4 does, and this does too
// (dmlc/xgboost@36ad160501251336bfe69b602acc37ab3ec32d69, v1.7.4:
// src/predictor/predict_fn.h GetNextNode, src/predictor/cpu_predictor.cc
// PredictByAllTrees, src/predictor/predictor.cc InitOutPredictions,
// src/learner.cc ConfigureModelParamWithoutBaseScore, src/common/math.h
// Softmax):
// - features are float32 and NaN is missing: a node sends a present x to
//   its right child when !(x < split_condition), a missing one its
//   default_left way;
// - a row's outputs start at base_score, turned into a margin by the
//   objective's ProbToMargin (the identity for every objective read here),
//   and each tree's leaf value is added to its output group (tree_info) in
//   float32, in tree order;
// - multi:softprob then applies common::Softmax: the float maximum
//   (fmaxf), expf of each margin minus it, their sum in double, and each
//   divided by that sum cast to float.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <vector>

namespace exertrack::next_session::model {

// One tree as XGBoost's JSON stores it (node 0 is the root).
struct XgbTree {
  std::vector<std::int32_t> left;   // -1: a leaf
  std::vector<std::int32_t> right;
  std::vector<std::uint32_t> feature;
  std::vector<float> value;  // the split condition, or the leaf's value
  std::vector<std::uint8_t> default_left;
};

// An XGBoost JSON model as read, before any layout.
struct XgbModel {
  std::string objective;  // learner.objective.name
  bool softmax = false;   // multi:softprob
  int features = 0;       // num_feature: the columns a row has
  int groups = 1;         // outputs per row (num_class for multi:softprob)
  float base_score = 0;   // the margin every output starts from
  std::vector<XgbTree> trees;
  std::vector<int> tree_group;  // tree_info
};

// Reads XGBoost's JSON model (XGBoosterSaveModelToBuffer with format json,
// or Booster.save_model("x.json")). Throws InputError naming `where` and
// what is wrong: another booster than gbtree, an objective whose link is
// not the identity (or softmax), categorical splits, vector leaves, a
// model of another major version, or a malformed tree (a child that does
// not come after its parent, a feature out of range, a NaN condition).
[[nodiscard]] XgbModel read_xgb_model(const nlohmann::json& j, const std::string& where);

class Forest {
 public:
  // How the trees are laid out and walked (bench/README.md, "Tree
  // inference", has the measurements that chose them):
  //   levels  every tree padded to a complete tree of the ensemble's depth
  //           (at most kMaxLevelDepth), level by level; 16 rows at once,
  //           every node of a tree compared for all of them (AVX-512
  //           masks) and each row's leaf picked from the comparisons.
  //   nodes   XGBoost's node arrays re-laid with a node's children side by
  //           side, walked row by row: any depth.
  // What the compilers of tree ensembles do, and what of it is used here:
  // lleaves (siboehm/lleaves@f945b781e24576d8702b098835cf292c3d1c266c,
  // lleaves/compiler/codegen/codegen.py) emits a branch per node, decides a
  // missing value's way inside the comparison itself (an unordered <= sends
  // NaN left), and runs the trees in chunks over every row so that a chunk's
  // code stays in the instruction cache; Treelite
  // (dmlc/treelite@65cdd86945370705ae469ce00bd79157fc148d4a,
  // src/compiler/native/header_template.h; src/compiler/ast/quantize.cc at
  // 74ce8cdf08e85dad55fcd370a21af71f3ad348b9) emits if/else with
  // LIKELY/UNLIKELY hints from a branch-frequency record and can quantize
  // the thresholds to integers. Here, without generating code: the missing
  // value's way folded into the comparison (as lleaves, through the +inf and
  // -inf columns of forest.cpp), rows in blocks with the trees outside (as
  // lleaves's chunks and XGBoost's 64-row blocks), and no branch on the data
  // at all for the shallow trees (which makes branch hints moot); quantized
  // thresholds would change no comparison's outcome but were not needed.
  enum class Layout { levels, nodes };
  static constexpr int kMaxLevelDepth = 4;

  Forest();
  // `layout` nodes forces the node arrays (tests compare both); levels is
  // taken only when every tree fits it.
  explicit Forest(const XgbModel& model, Layout layout = Layout::levels);
  Forest(Forest&&) noexcept;
  Forest& operator=(Forest&&) noexcept;
  ~Forest();

  [[nodiscard]] int features() const;
  [[nodiscard]] int groups() const;
  [[nodiscard]] Layout layout() const;
  [[nodiscard]] std::size_t trees() const;

  // Rows of features() float32 values (row-major, NaN = missing) ->
  // rows x groups() outputs in `out` (softmax probabilities for
  // multi:softprob, values for regression).
  void predict(std::span<const float> x, std::size_t rows, std::span<float> out) const;
  [[nodiscard]] std::vector<float> predict(std::span<const float> x, std::size_t rows) const;

 private:
  struct Impl;
  std::unique_ptr<const Impl> impl_;
};

// XGBoost 1.7.4's common::Softmax, in place over one row's margins (as
// above: fmaxf, expf of each minus the largest, their sum in double);
// Forest::predict applies it for multi:softprob, bench_forest to the
// layouts it tries.
void xgboost_softmax(std::span<float> p);

// The tree ensemble of one JSON model, ready to predict.
[[nodiscard]] Forest forest_from_json(const nlohmann::json& j, const std::string& where);

}  // namespace exertrack::next_session::model
