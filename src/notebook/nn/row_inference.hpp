#pragma once
// One sample through a trained network: serving's path, where every request
// is a handful of single rows.
//
// Why not predict_proba on a 1-row matrix: Eigen takes its general
// matrix-vector route for each layer (a dot product per unit, packing and
// dispatch), which for these tiny layers is mostly overhead. Here a wide
// layer runs in blocks of 16 units held in registers over the sum across
// the inputs (a row-major copy of the kernel), narrow ones (the output) as
// column dot products. bench_serve, 4 -> 64 -> 96 -> 3: 280 ns per row
// against 736 ns (BM_RowInference, BM_PredictProbaOneRow). One row's answer
// never depends on what else is in a request; it differs from
// predict_proba's only by float rounding (summation order).
#include <Eigen/Core>
#include <span>
#include <vector>

#include "notebook/nn/model.hpp"

namespace exertrack::notebook::nn {

// Scratch activations for RowInference (one per thread).
struct RowWorkspace {
  std::vector<float> a, b;
};

class RowInference {
 public:
  // Validates `model` (notebook::nn::validate) and copies its parameters.
  explicit RowInference(const Mlp& model);

  [[nodiscard]] int inputs() const { return inputs_; }
  [[nodiscard]] int outputs() const { return outputs_; }

  // Class probabilities of one sample (softmax as predict_proba: shifted
  // by the max logit). Throws std::invalid_argument on wrong span sizes.
  void predict_proba(std::span<const float> x, std::span<float> out, RowWorkspace& ws) const;

 private:
  struct Layer {
    std::vector<float> rows;  // the kernel (inputs x units) row-major, for blocks of units
    Eigen::MatrixXf columns;  // the kernel as stored, for single units
    std::vector<float> bias;
    int inputs = 0, units = 0;
    bool relu = false;
  };
  std::vector<Layer> layers_;
  int inputs_ = 0, outputs_ = 0, widest_ = 0;
};

}  // namespace exertrack::notebook::nn
