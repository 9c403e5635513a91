// Finite-difference checks of every analytic gradient, and Adam against
// hand-computed values.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

#include "notebook/nn/nn.hpp"

namespace exertrack::notebook::nn {
namespace {

struct Case {
  Mlp model;
  Eigen::MatrixXf x;
  std::vector<int> y;
};

Case small_case(float dropout, std::uint64_t seed, int inputs = 3, std::array<int, 2> hidden = {6, 5}) {
  Rng rng(seed);
  Case c{make_mlp(inputs, hidden, 3, dropout, rng), Eigen::MatrixXf(7, inputs), {0, 1, 2, 2, 1, 0, 1}};
  for (Eigen::Index i = 0; i < c.x.size(); ++i) c.x.data()[i] = rng.uniform(-2.0F, 2.0F);
  // Non-zero biases so the bias gradients are tested away from the init point.
  for (Dense& d : c.model.layers) {
    for (Eigen::Index i = 0; i < d.bias.size(); ++i) d.bias(i) = rng.uniform(-0.3F, 0.3F);
  }
  return c;
}

double loss_of(const Case& c, const std::vector<Eigen::MatrixXf>* masks) {
  Gradients unused;
  return compute_gradients(c.model, c.x, c.y, unused, masks);
}

// Central differences over every kernel and bias entry of every layer.
// Float parameters: step 1e-3 keeps truncation (~h^2) and rounding
// (~1e-7/h) errors near 1e-4.
void expect_gradients_match(Case c, const std::vector<Eigen::MatrixXf>* masks) {
  Gradients g;
  (void)compute_gradients(c.model, c.x, c.y, g, masks);
  const float h = 1e-3F;
  int checked = 0;
  for (std::size_t l = 0; l < c.model.layers.size(); ++l) {
    auto check = [&](float& param, float analytic, const std::string& what) {
      const float saved = param;
      param = saved + h;
      const double up = loss_of(c, masks);
      param = saved - h;
      const double down = loss_of(c, masks);
      param = saved;
      const double numeric = (up - down) / (2.0 * h);
      EXPECT_NEAR(analytic, numeric, 2e-3 + 1e-2 * std::abs(numeric)) << what;
      ++checked;
    };
    Dense& d = c.model.layers[l];
    for (Eigen::Index i = 0; i < d.kernel.rows(); ++i) {
      for (Eigen::Index j = 0; j < d.kernel.cols(); ++j) {
        check(d.kernel(i, j), g.kernel[l](i, j),
              "layer " + std::to_string(l) + " kernel(" + std::to_string(i) + "," + std::to_string(j) + ")");
      }
    }
    for (Eigen::Index j = 0; j < d.bias.size(); ++j) {
      check(d.bias(j), g.bias[l](j), "layer " + std::to_string(l) + " bias(" + std::to_string(j) + ")");
    }
  }
  int expected = 0;
  for (const Dense& d : c.model.layers) expected += static_cast<int>(d.kernel.size() + d.bias.size());
  EXPECT_EQ(checked, expected);
  // The gradients must not be trivially zero.
  for (const auto& k : g.kernel) EXPECT_GT(k.cwiseAbs().maxCoeff(), 1e-4F);
}

TEST(Gradients, DenseReluSoftmaxNetworkMatchesFiniteDifferences) {
  for (std::uint64_t seed : {1U, 2U, 3U}) expect_gradients_match(small_case(0.0F, seed), nullptr);
}

TEST(Gradients, WideAndNarrowLayerShapesAgree) {
  // The products switch between GEMM and lazy kernels by shape (< 16
  // inputs or units); cover each combination. (Seeds chosen so no
  // pre-activation sits within the finite-difference step of the ReLU kink.)
  expect_gradients_match(small_case(0.0F, 9, 3, {20, 8}), nullptr);
  expect_gradients_match(small_case(0.0F, 8, 17, {20, 24}), nullptr);
}

TEST(Gradients, DropoutMaskIsPartOfTheGradient) {
  Case c = small_case(0.5F, 4);
  Rng rng(99);
  std::vector<Eigen::MatrixXf> masks;
  for (std::size_t l = 0; l + 1 < c.model.layers.size(); ++l) {
    Eigen::MatrixXf m(c.x.rows(), c.model.layers[l].kernel.cols());
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform01() < 0.5F ? 0.0F : 2.0F;
    masks.push_back(m);
  }
  expect_gradients_match(c, &masks);
  // And the mask changes the result (it is really applied).
  Gradients with, without;
  const double lw = compute_gradients(c.model, c.x, c.y, with, &masks);
  const double lo = compute_gradients(c.model, c.x, c.y, without, nullptr);
  EXPECT_NE(lw, lo);
  EXPECT_FALSE(with.kernel[0].isApprox(without.kernel[0]));
}

TEST(Gradients, AllOnesMaskEqualsNoDropout) {
  const Case c = small_case(0.0F, 5);
  std::vector<Eigen::MatrixXf> ones;
  for (std::size_t l = 0; l + 1 < c.model.layers.size(); ++l) {
    ones.push_back(Eigen::MatrixXf::Ones(c.x.rows(), c.model.layers[l].kernel.cols()));
  }
  Gradients a, b;
  EXPECT_EQ(compute_gradients(c.model, c.x, c.y, a, &ones), compute_gradients(c.model, c.x, c.y, b, nullptr));
  for (std::size_t l = 0; l < a.kernel.size(); ++l) EXPECT_EQ(a.kernel[l], b.kernel[l]);
}

TEST(Gradients, SoftmaxCrossEntropyFromLogits) {
  Rng rng(6);
  Eigen::MatrixXf z(5, 4);
  for (Eigen::Index i = 0; i < z.size(); ++i) z.data()[i] = rng.uniform(-4.0F, 4.0F);
  const std::vector<int> y{3, 0, 1, 1, 2};
  Eigen::MatrixXf dz;
  const double loss = softmax_cross_entropy(z, y, &dz);
  // Definition: mean over rows of logsumexp(z) - z_y.
  double expected = 0.0;
  for (Eigen::Index r = 0; r < z.rows(); ++r) {
    double s = 0.0;
    for (Eigen::Index c = 0; c < z.cols(); ++c) s += std::exp(static_cast<double>(z(r, c)));
    expected += std::log(s) - z(r, y[static_cast<std::size_t>(r)]);
  }
  EXPECT_NEAR(loss, expected / 5.0, 1e-6);
  const float h = 1e-3F;
  for (Eigen::Index i = 0; i < z.size(); ++i) {
    Eigen::MatrixXf zp = z, zm = z;
    zp.data()[i] += h;
    zm.data()[i] -= h;
    const double numeric = (softmax_cross_entropy(zp, y, nullptr) - softmax_cross_entropy(zm, y, nullptr)) / (2.0 * h);
    EXPECT_NEAR(dz.data()[i], numeric, 2e-4) << i;
  }
  // Each row of the gradient sums to zero (softmax minus one-hot).
  for (Eigen::Index r = 0; r < z.rows(); ++r) EXPECT_NEAR(dz.row(r).sum(), 0.0F, 1e-6F);
}

TEST(Gradients, CrossEntropyIsStableForHugeLogits) {
  Eigen::MatrixXf z(1, 3);
  z << 1000.0F, -1000.0F, 0.0F;
  Eigen::MatrixXf dz;
  EXPECT_NEAR(softmax_cross_entropy(z, std::vector<int>{1}, &dz), 2000.0, 1e-3);
  EXPECT_TRUE(dz.allFinite());
  EXPECT_NEAR(dz(0, 1), -1.0F, 1e-6F);
  EXPECT_THROW((void)softmax_cross_entropy(z, std::vector<int>{3}, nullptr), std::invalid_argument);
}

// Keras 2.15 Adam, lr 0.01, two steps on w = (0.5, -0.25) with gradients
// (0.5, -2) then (-0.1, 3). Worked by hand (double precision):
//  t=1: alpha = 0.01*sqrt(0.001)/0.1 = 0.0031622777; m = (0.05, -0.2);
//       v = (0.00025, 0.004); w -= alpha*m/(sqrt(v)+1e-7) -> (0.4900000632, -0.2400000158)
//  t=2: alpha = 0.01*sqrt(1-0.999^2)/(1-0.9^2) = 0.0023531673; m = (0.035, 0.12);
//       v = (0.00025975, 0.012996) -> w = (0.4848898342, -0.2424770318)
TEST(Adam, TwoStepsMatchHandComputedValues) {
  Mlp m;
  Dense d;
  d.kernel.resize(1, 2);
  d.kernel << 0.5F, -0.25F;
  d.bias = Eigen::VectorXf::Zero(2);
  d.activation = Activation::softmax;
  m.layers = {d};
  AdamState state;
  Gradients g;
  g.kernel = {Eigen::MatrixXf(1, 2)};
  g.bias = {Eigen::VectorXf::Zero(2)};
  g.kernel[0] << 0.5F, -2.0F;
  adam_step(m, state, g, 0.01F);
  EXPECT_EQ(state.iterations, 1);
  EXPECT_NEAR(m.layers[0].kernel(0, 0), 0.4900000632, 1e-6);
  EXPECT_NEAR(m.layers[0].kernel(0, 1), -0.2400000158, 1e-6);
  EXPECT_NEAR(state.slots[0].m_kernel(0, 1), -0.2F, 1e-7F);
  EXPECT_NEAR(state.slots[0].v_kernel(0, 1), 0.004F, 1e-8F);
  g.kernel[0] << -0.1F, 3.0F;
  adam_step(m, state, g, 0.01F);
  EXPECT_EQ(state.iterations, 2);
  EXPECT_NEAR(m.layers[0].kernel(0, 0), 0.4848898342, 1e-6);
  EXPECT_NEAR(m.layers[0].kernel(0, 1), -0.2424770318, 1e-6);
  // Zero gradient, zero moments: the bias does not move (0 / (0 + eps)).
  EXPECT_TRUE(m.layers[0].bias.isZero());
}

TEST(Adam, EpsilonIsAddedOutsideTheBiasCorrection) {
  // A tiny gradient exposes where epsilon sits: Keras 2.15 gives
  // alpha*m/(sqrt(v)+eps) with alpha = lr*sqrt(1-b2)/(1-b1) at t=1, i.e.
  // lr*sqrt(0.001)*g*... = lr * g*sqrt(0.001)/(sqrt(0.001)*g + 1e-7).
  // With g = 1e-6: 0.01 * 3.1623e-8 / (3.1623e-8 + 1e-7) = 0.0024025.
  // (Textbook Adam with eps on the corrected v would give 0.01 * 1e-6/(1e-6 + 1e-7) = 0.00909.)
  Mlp m;
  Dense d;
  d.kernel = Eigen::MatrixXf::Zero(1, 1);
  d.bias = Eigen::VectorXf::Zero(1);
  d.activation = Activation::softmax;
  m.layers = {d};
  AdamState state;
  Gradients g;
  g.kernel = {Eigen::MatrixXf::Constant(1, 1, 1e-6F)};
  g.bias = {Eigen::VectorXf::Zero(1)};
  adam_step(m, state, g, 0.01F);
  const double s = std::sqrt(0.001) * 1e-6;
  EXPECT_NEAR(m.layers[0].kernel(0, 0), -0.01 * s / (s + 1e-7), 2e-6);
}

TEST(Adam, RejectsMismatchedState) {
  Rng rng(1);
  Mlp a = make_mlp(2, std::array<int, 1>{3}, 2, 0.0F, rng);
  Mlp b = make_mlp(2, std::array<int, 1>{4}, 2, 0.0F, rng);
  const Eigen::MatrixXf x = Eigen::MatrixXf::Ones(2, 2);
  const std::vector<int> y{0, 1};
  AdamState st;
  Gradients gb, ga;
  (void)compute_gradients(b, x, y, gb);
  (void)compute_gradients(a, x, y, ga);
  adam_step(b, st, gb, 0.001F);
  EXPECT_THROW(adam_step(a, st, ga, 0.001F), std::invalid_argument);  // state shaped for b
  AdamState fresh;
  EXPECT_THROW(adam_step(a, fresh, gb, 0.001F), std::invalid_argument);  // gradients shaped for b
}

}  // namespace
}  // namespace exertrack::notebook::nn
