#pragma once
// The network as plain data: what training updates, export writes and
// serving runs. No behaviour lives here beyond shape queries.
#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace exertrack::notebook::nn {

enum class Activation : std::uint8_t { relu, softmax, linear };

struct Dense {
  Eigen::MatrixXf kernel;  // inputs x units, the layout Keras stores
  Eigen::VectorXf bias;    // units
  Activation activation = Activation::relu;
};

// Dense+ReLU hidden layers, then a Dense+softmax output. Dropout (when
// dropout_rate > 0) follows every hidden layer and acts only in training.
struct Mlp {
  std::vector<Dense> layers;
  float dropout_rate = 0.0F;

  [[nodiscard]] int inputs() const { return layers.empty() ? 0 : static_cast<int>(layers.front().kernel.rows()); }
  [[nodiscard]] int outputs() const { return layers.empty() ? 0 : static_cast<int>(layers.back().kernel.cols()); }
};

}  // namespace exertrack::notebook::nn
