#include "notebook/nn/row_inference.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cstddef>
#include <cmath>
#include <stdexcept>
#include <string>

#include "notebook/nn/mlp.hpp"

namespace exertrack::notebook::nn {
namespace {
constexpr int kBlock = 16;  // units per register block (one AVX-512 vector)
}  // namespace

RowInference::RowInference(const Mlp& model) {
  validate(model);
  inputs_ = model.inputs();
  outputs_ = model.outputs();
  widest_ = inputs_;
  for (const Dense& d : model.layers) {
    Layer l;
    l.inputs = static_cast<int>(d.kernel.rows());
    l.units = static_cast<int>(d.kernel.cols());
    l.relu = d.activation == Activation::relu;
    l.rows.resize(static_cast<std::size_t>(l.inputs) * static_cast<std::size_t>(l.units));
    Eigen::Map<Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(l.rows.data(), l.inputs, l.units) = d.kernel;
    l.columns = d.kernel;
    l.bias.assign(d.bias.data(), d.bias.data() + d.bias.size());
    widest_ = std::max(widest_, l.units);
    layers_.push_back(std::move(l));
  }
}

void RowInference::predict_proba(std::span<const float> x, std::span<float> out, RowWorkspace& ws) const {
  if (static_cast<int>(x.size()) != inputs_ || static_cast<int>(out.size()) != outputs_) {
    throw std::invalid_argument("row inference: " + std::to_string(x.size()) + " inputs and " +
                                std::to_string(out.size()) + " outputs given, the model has " + std::to_string(inputs_) +
                                " and " + std::to_string(outputs_));
  }
  ws.a.resize(static_cast<std::size_t>(widest_));
  ws.b.resize(static_cast<std::size_t>(widest_));
  std::copy(x.begin(), x.end(), ws.a.begin());
  float* in = ws.a.data();
  float* next = ws.b.data();
  using Block = Eigen::Matrix<float, kBlock, 1>;
  for (const Layer& l : layers_) {
    const Eigen::Map<const Eigen::VectorXf> input(in, l.inputs);
    const int full = l.units / kBlock * kBlock;
    for (int j0 = 0; j0 < full; j0 += kBlock) {
      // One block of units stays in registers over the whole sum, split in
      // four partial sums so consecutive FMAs do not wait on each other
      // (one chain ran at the FMA latency: 4x slower).
      std::array<Block, 4> acc;
      for (Block& a : acc) a.setZero();
      const auto row = [&](int k) {
        return Eigen::Map<const Block>(l.rows.data() + static_cast<std::ptrdiff_t>(k) * l.units + j0);
      };
      int k = 0;
      for (; k + 4 <= l.inputs; k += 4) {
        acc[0].noalias() += in[k] * row(k);
        acc[1].noalias() += in[k + 1] * row(k + 1);
        acc[2].noalias() += in[k + 2] * row(k + 2);
        acc[3].noalias() += in[k + 3] * row(k + 3);
      }
      for (; k < l.inputs; ++k) acc[0].noalias() += in[k] * row(k);
      Block sum = (acc[0] + acc[1]) + (acc[2] + acc[3]) + Eigen::Map<const Block>(l.bias.data() + j0);
      if (l.relu) sum = sum.cwiseMax(0.0F);
      Eigen::Map<Block>(next + j0) = sum;
    }
    // The units past the last full block (all of a narrow output layer):
    // one dot product each over the kernel's column.
    for (int j = full; j < l.units; ++j) {
      float v = l.columns.col(j).dot(input) + l.bias[static_cast<std::size_t>(j)];
      if (l.relu) v = std::max(v, 0.0F);
      next[j] = v;
    }
    std::swap(in, next);
  }
  // `in` holds the logits.
  const float mx = *std::max_element(in, in + outputs_);
  float sum = 0.0F;
  for (int c = 0; c < outputs_; ++c) {
    out[static_cast<std::size_t>(c)] = std::exp(in[c] - mx);
    sum += out[static_cast<std::size_t>(c)];
  }
  for (float& p : out) p /= sum;
}

}  // namespace exertrack::notebook::nn
