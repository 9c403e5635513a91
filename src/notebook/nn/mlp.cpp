#include "notebook/nn/mlp.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace exertrack::notebook::nn {
namespace {

void check_rate(float rate) {
  if (!(rate >= 0.0F && rate < 1.0F)) {
    throw std::invalid_argument("dropout rate must be in [0, 1), got " + std::to_string(rate));
  }
}

// GlorotUniform as keras.initializers.GlorotUniform: limit = sqrt(6 / (fan_in + fan_out)).
Dense glorot_dense(int fan_in, int fan_out, Activation activation, Rng& rng) {
  Dense d;
  d.kernel.resize(fan_in, fan_out);
  d.bias = Eigen::VectorXf::Zero(fan_out);
  d.activation = activation;
  const float limit = std::sqrt(6.0F / static_cast<float>(fan_in + fan_out));
  // Row-major draw order, the order a (fan_in, fan_out) tensor is laid out in.
  for (int i = 0; i < fan_in; ++i) {
    for (int j = 0; j < fan_out; ++j) d.kernel(i, j) = rng.uniform(-limit, limit);
  }
  return d;
}

}  // namespace

Mlp make_mlp(int inputs, std::span<const int> hidden_units, int classes, float dropout_rate, Rng& rng) {
  if (inputs <= 0) throw std::invalid_argument("make_mlp: inputs must be positive, got " + std::to_string(inputs));
  if (classes < 2) throw std::invalid_argument("make_mlp: need at least 2 classes, got " + std::to_string(classes));
  check_rate(dropout_rate);
  Mlp model;
  model.dropout_rate = dropout_rate;
  int fan_in = inputs;
  for (std::size_t i = 0; i < hidden_units.size(); ++i) {
    if (hidden_units[i] <= 0) {
      throw std::invalid_argument("make_mlp: hidden layer " + std::to_string(i + 1) + " has " +
                                  std::to_string(hidden_units[i]) + " units");
    }
    model.layers.push_back(glorot_dense(fan_in, hidden_units[i], Activation::relu, rng));
    fan_in = hidden_units[i];
  }
  model.layers.push_back(glorot_dense(fan_in, classes, Activation::softmax, rng));
  return model;
}

void validate(const Mlp& model) {
  if (model.layers.empty()) throw std::invalid_argument("model has no layers");
  check_rate(model.dropout_rate);
  for (std::size_t i = 0; i < model.layers.size(); ++i) {
    const Dense& d = model.layers[i];
    const std::string name = "layer " + std::to_string(i + 1);
    if (d.kernel.rows() == 0 || d.kernel.cols() == 0) throw std::invalid_argument(name + ": empty kernel");
    if (d.bias.size() != d.kernel.cols()) {
      throw std::invalid_argument(name + ": bias has " + std::to_string(d.bias.size()) + " entries, kernel has " +
                                  std::to_string(d.kernel.cols()) + " units");
    }
    if (i > 0 && d.kernel.rows() != model.layers[i - 1].kernel.cols()) {
      throw std::invalid_argument(name + ": kernel expects " + std::to_string(d.kernel.rows()) +
                                  " inputs, previous layer gives " + std::to_string(model.layers[i - 1].kernel.cols()));
    }
    const bool last = i + 1 == model.layers.size();
    if (last && d.activation != Activation::softmax) throw std::invalid_argument(name + ": output layer must be softmax");
    if (!last && d.activation == Activation::softmax) {
      throw std::invalid_argument(name + ": softmax is only supported on the output layer");
    }
  }
}

namespace {

void check_input(const Mlp& model, Eigen::Index cols) {
  validate(model);  // O(layers): a malformed model must not reach Eigen's unchecked products
  if (cols != model.inputs()) {
    throw std::invalid_argument("input has " + std::to_string(cols) + " features, model expects " +
                                std::to_string(model.inputs()));
  }
}

// Logits into ws.activations.back(); rows = samples.
const Eigen::MatrixXf& forward_logits(const Mlp& model, const Eigen::Ref<const Eigen::MatrixXf>& x,
                                      InferenceWorkspace& ws) {
  const std::size_t n_layers = model.layers.size();
  ws.activations.resize(n_layers);
  for (std::size_t i = 0; i < n_layers; ++i) {
    const Dense& d = model.layers[i];
    Eigen::MatrixXf& out = ws.activations[i];
    out.resize(x.rows(), d.kernel.cols());  // no-op when the shape is unchanged
    if (i == 0) {
      out.noalias() = x * d.kernel;
    } else {
      out.noalias() = ws.activations[i - 1] * d.kernel;
    }
    out.rowwise() += d.bias.transpose();
    if (d.activation == Activation::relu) out = out.cwiseMax(0.0F);
  }
  return ws.activations.back();
}

}  // namespace

void predict_proba(const Mlp& model, const Eigen::Ref<const Eigen::MatrixXf>& x, Eigen::MatrixXf& out,
                   InferenceWorkspace& ws) {
  check_input(model, x.cols());
  const Eigen::MatrixXf& z = forward_logits(model, x, ws);
  out.resize(z.rows(), z.cols());
  for (Eigen::Index r = 0; r < z.rows(); ++r) {
    // Shift by the row max so exp never overflows (tf.nn.softmax does the same).
    const float mx = z.row(r).maxCoeff();
    float sum = 0.0F;
    for (Eigen::Index c = 0; c < z.cols(); ++c) {
      const float e = std::exp(z(r, c) - mx);
      out(r, c) = e;
      sum += e;
    }
    out.row(r) /= sum;
  }
}

Eigen::MatrixXf predict_proba(const Mlp& model, const Eigen::MatrixXf& x) {
  InferenceWorkspace ws;
  Eigen::MatrixXf out;
  predict_proba(model, x, out, ws);
  return out;
}

Eigen::MatrixXf predict_logits(const Mlp& model, const Eigen::MatrixXf& x) {
  check_input(model, x.cols());
  InferenceWorkspace ws;
  return forward_logits(model, x, ws);
}

std::vector<int> predict_classes(const Mlp& model, const Eigen::MatrixXf& x) {
  const Eigen::MatrixXf z = predict_logits(model, x);
  std::vector<int> out(static_cast<std::size_t>(z.rows()));
  for (Eigen::Index r = 0; r < z.rows(); ++r) {
    Eigen::Index best = 0;
    z.row(r).maxCoeff(&best);  // first maximum, like tf.argmax
    out[static_cast<std::size_t>(r)] = static_cast<int>(best);
  }
  return out;
}

EvalResult evaluate(const Mlp& model, const Eigen::MatrixXf& x, std::span<const int> y) {
  check_input(model, x.cols());
  if (static_cast<std::size_t>(x.rows()) != y.size()) {
    throw std::invalid_argument("evaluate: " + std::to_string(x.rows()) + " rows but " + std::to_string(y.size()) +
                                " labels");
  }
  if (y.empty()) throw std::invalid_argument("evaluate: no samples");
  const int classes = model.outputs();
  InferenceWorkspace ws;
  double loss_sum = 0.0;
  std::size_t correct = 0;
  // Chunks keep the activations in cache for large inputs.
  constexpr Eigen::Index chunk = 1024;
  for (Eigen::Index start = 0; start < x.rows(); start += chunk) {
    const Eigen::Index len = std::min(chunk, x.rows() - start);
    const Eigen::MatrixXf& z = forward_logits(model, x.middleRows(start, len), ws);
    for (Eigen::Index r = 0; r < len; ++r) {
      const int label = y[static_cast<std::size_t>(start + r)];
      if (label < 0 || label >= classes) {
        throw std::invalid_argument("evaluate: label " + std::to_string(label) + " at row " +
                                    std::to_string(start + r) + " is not in [0, " + std::to_string(classes) + ")");
      }
      Eigen::Index best = 0;
      const float mx = z.row(r).maxCoeff(&best);
      float sum = 0.0F;
      for (Eigen::Index c = 0; c < z.cols(); ++c) sum += std::exp(z(r, c) - mx);
      // Cross-entropy from the logits: logsumexp(z) - z_y.
      loss_sum += static_cast<double>(mx + std::log(sum) - z(r, label));
      if (best == label) ++correct;
    }
  }
  const auto n = static_cast<double>(y.size());
  return {loss_sum / n, static_cast<double>(correct) / n};
}

}  // namespace exertrack::notebook::nn
