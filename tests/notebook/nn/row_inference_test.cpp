// RowInference against predict_proba: the same probabilities, one row at a time.
#include <gtest/gtest.h>

#include <array>
#include <span>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "notebook/nn/nn.hpp"

namespace exertrack::notebook::nn {
namespace {

void expect_rows_match(std::span<const int> hidden) {
  Rng rng(7);
  Mlp m = make_mlp(4, hidden, 3, 0.0F, rng);
  // Non-zero biases, so a row of zeros still exercises them.
  for (Dense& d : m.layers) {
    for (Eigen::Index j = 0; j < d.bias.size(); ++j) d.bias(j) = rng.uniform(-0.5F, 0.5F);
  }
  Eigen::MatrixXf x(200, 4);
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index c = 0; c < 4; ++c) x(r, c) = r % 7 == 0 ? 0.0F : rng.uniform(-300.0F, 300.0F);
  }
  const Eigen::MatrixXf expected = predict_proba(m, x);
  const RowInference row(m);
  EXPECT_EQ(row.inputs(), 4);
  EXPECT_EQ(row.outputs(), 3);
  RowWorkspace ws;
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    const std::array<float, 4> in = {x(r, 0), x(r, 1), x(r, 2), x(r, 3)};
    std::array<float, 3> out{};
    row.predict_proba(in, out, ws);
    float sum = 0;
    for (int c = 0; c < 3; ++c) {
      // Summation order differs from Eigen's products: float rounding only.
      EXPECT_NEAR(out[static_cast<std::size_t>(c)], expected(r, c), 1e-5F) << "row " << r << " class " << c;
      sum += out[static_cast<std::size_t>(c)];
    }
    EXPECT_NEAR(sum, 1.0F, 1e-6F);
  }
}

TEST(RowInference, MatchesPredictProbaRowByRow) {
  const int notebook[] = {32, 96};  // whole 16-unit blocks, a narrow output
  expect_rows_match(notebook);
  const int odd[] = {20, 7, 37};  // a block plus single units, a layer of single units only
  expect_rows_match(odd);
}

TEST(RowInference, RejectsWrongSizesAndMalformedModels) {
  Rng rng(1);
  const int hidden[] = {8};
  Mlp m = make_mlp(4, hidden, 3, 0.0F, rng);
  const RowInference row(m);
  RowWorkspace ws;
  std::array<float, 3> x3{};
  std::array<float, 4> x4{};
  std::array<float, 3> out{};
  std::array<float, 2> out2{};
  EXPECT_THROW(row.predict_proba(x3, out, ws), std::invalid_argument);
  EXPECT_THROW(row.predict_proba(x4, out2, ws), std::invalid_argument);
  m.layers[1].bias.resize(2);  // 3 units
  EXPECT_THROW(RowInference{m}, std::invalid_argument);
  m.layers.clear();
  EXPECT_THROW(RowInference{m}, std::invalid_argument);
}

}  // namespace
}  // namespace exertrack::notebook::nn
