#pragma once
// Building and running the network (inference only; training is train.hpp).
//
// Data layout: x is an Eigen::MatrixXf (column-major) with ROWS = SAMPLES and
// columns = features, like a Keras/numpy batch. Labels are class indices
// 0..classes-1. All parameters and activations are float32, as in Keras.
#include <Eigen/Core>
#include <span>
#include <vector>

#include "notebook/nn/model.hpp"
#include "notebook/nn/rng.hpp"

namespace exertrack::notebook::nn {

// Dense(h, relu) for each h in hidden_units, then Dense(classes, softmax).
// Kernels GlorotUniform (U(-l, l), l = sqrt(6 / (fan_in + fan_out)), drawn
// layer by layer in row-major kernel order), biases zero, as Keras does.
// Throws std::invalid_argument on non-positive sizes or rate outside [0, 1).
[[nodiscard]] Mlp make_mlp(int inputs, std::span<const int> hidden_units, int classes, float dropout_rate, Rng& rng);

// Checks shapes (kernel rows chain, bias sizes, last activation softmax);
// throws std::invalid_argument naming the layer otherwise.
void validate(const Mlp& model);

// Reusable buffers so repeated inference (serving: one row per request)
// allocates nothing after the first call of a given batch size.
struct InferenceWorkspace {
  std::vector<Eigen::MatrixXf> activations;
};

// Class probabilities, rows = samples (n x classes). Dropout is off.
[[nodiscard]] Eigen::MatrixXf predict_proba(const Mlp& model, const Eigen::MatrixXf& x);
// Same, into `out` (resized if needed), reusing `ws`; works for any row
// count including 1. x may be any dense float block (e.g. a row of a bigger matrix).
void predict_proba(const Mlp& model, const Eigen::Ref<const Eigen::MatrixXf>& x, Eigen::MatrixXf& out,
                   InferenceWorkspace& ws);
// The pre-softmax outputs (n x classes).
[[nodiscard]] Eigen::MatrixXf predict_logits(const Mlp& model, const Eigen::MatrixXf& x);
// argmax of each row (first index on ties, like tf.argmax).
[[nodiscard]] std::vector<int> predict_classes(const Mlp& model, const Eigen::MatrixXf& x);

struct EvalResult {
  double loss = 0.0;      // mean categorical cross-entropy (from logits)
  double accuracy = 0.0;  // fraction with argmax == label
};
// Keras model.evaluate for a softmax model with categorical cross-entropy and
// the accuracy metric. Throws std::invalid_argument on size/label mismatch.
[[nodiscard]] EvalResult evaluate(const Mlp& model, const Eigen::MatrixXf& x, std::span<const int> y);

}  // namespace exertrack::notebook::nn
