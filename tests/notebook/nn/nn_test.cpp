// Rng, initialisation and inference.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <string>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "notebook/nn/nn.hpp"

namespace exertrack::notebook::nn {
namespace {

TEST(Rng, SameSeedSameStreamDifferentSeedDifferent) {
  Rng a(5), b(5), c(6);
  for (int i = 0; i < 100; ++i) {
    const auto va = a.next_u64();
    EXPECT_EQ(va, b.next_u64());
    EXPECT_NE(va, c.next_u64());
  }
}

TEST(Rng, MatchesMt19937_64) {
  // The engine's output is fixed by the standard: the 10000th value of
  // mt19937_64 seeded 5489 is 9981545732273789042.
  Rng r(5489);
  std::uint64_t v = 0;
  for (int i = 0; i < 10000; ++i) v = r.next_u64();
  EXPECT_EQ(v, 9981545732273789042ULL);
}

TEST(Rng, UniformStaysInRangeAndCoversIt) {
  Rng r(1);
  float lo = 1.0F, hi = 0.0F;
  double sum = 0.0;
  for (int i = 0; i < 100000; ++i) {
    const float u = r.uniform01();
    ASSERT_GE(u, 0.0F);
    ASSERT_LT(u, 1.0F);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    sum += u;
  }
  EXPECT_LT(lo, 0.001F);
  EXPECT_GT(hi, 0.999F);
  EXPECT_NEAR(sum / 100000.0, 0.5, 0.01);
  for (int i = 0; i < 1000; ++i) {
    const float v = r.uniform(-0.3F, 0.3F);
    ASSERT_GE(v, -0.3F);
    ASSERT_LT(v, 0.3F);
  }
}

TEST(Rng, BelowIsUniformAndShuffleIsAPermutation) {
  Rng r(3);
  std::array<int, 3> counts{};
  for (int i = 0; i < 30000; ++i) ++counts[r.below(3)];
  for (int c : counts) EXPECT_NEAR(c, 10000, 400);
  std::vector<int> v(50);
  std::iota(v.begin(), v.end(), 0);
  std::vector<int> first = v;
  r.shuffle(first);
  std::vector<int> second = v;
  r.shuffle(second);
  EXPECT_NE(first, v);
  EXPECT_NE(first, second);
  std::sort(first.begin(), first.end());
  EXPECT_EQ(first, v);
}

TEST(MakeMlp, ShapesGlorotLimitsAndZeroBias) {
  Rng rng(42);
  const std::array<int, 2> hidden{32, 96};
  const Mlp m = make_mlp(4, hidden, 3, 0.25F, rng);
  ASSERT_EQ(m.layers.size(), 3U);
  EXPECT_EQ(m.inputs(), 4);
  EXPECT_EQ(m.outputs(), 3);
  EXPECT_FLOAT_EQ(m.dropout_rate, 0.25F);
  const std::array<std::array<int, 2>, 3> shapes{{{4, 32}, {32, 96}, {96, 3}}};
  for (std::size_t l = 0; l < 3; ++l) {
    const Dense& d = m.layers[l];
    EXPECT_EQ(d.kernel.rows(), shapes[l][0]);
    EXPECT_EQ(d.kernel.cols(), shapes[l][1]);
    EXPECT_TRUE(d.bias.isZero());
    const float limit = std::sqrt(6.0F / static_cast<float>(shapes[l][0] + shapes[l][1]));
    EXPECT_LE(d.kernel.cwiseAbs().maxCoeff(), limit);
    // Uniform on [-l, l): the extremes come close to the limit, and the variance is l^2/3.
    EXPECT_GT(d.kernel.cwiseAbs().maxCoeff(), 0.8F * limit);
    const double var = static_cast<double>(d.kernel.squaredNorm()) / static_cast<double>(d.kernel.size());
    EXPECT_NEAR(var, limit * limit / 3.0, 0.35 * limit * limit / 3.0);
    EXPECT_EQ(d.activation, l < 2 ? Activation::relu : Activation::softmax);
  }
  EXPECT_NO_THROW(validate(m));
}

TEST(MakeMlp, SameSeedSameWeightsBitForBit) {
  const std::array<int, 2> hidden{8, 5};
  Rng a(7), b(7), c(8);
  const Mlp ma = make_mlp(4, hidden, 3, 0.0F, a);
  const Mlp mb = make_mlp(4, hidden, 3, 0.0F, b);
  const Mlp mc = make_mlp(4, hidden, 3, 0.0F, c);
  for (std::size_t l = 0; l < ma.layers.size(); ++l) {
    EXPECT_EQ(0, std::memcmp(ma.layers[l].kernel.data(), mb.layers[l].kernel.data(),
                             sizeof(float) * static_cast<std::size_t>(ma.layers[l].kernel.size())));
    EXPECT_FALSE(ma.layers[l].kernel == mc.layers[l].kernel);
  }
}

TEST(MakeMlp, RejectsBadArguments) {
  Rng rng(1);
  const std::array<int, 1> ok{4};
  const std::array<int, 1> zero{0};
  EXPECT_THROW((void)make_mlp(0, ok, 3, 0.0F, rng), std::invalid_argument);
  EXPECT_THROW((void)make_mlp(4, ok, 1, 0.0F, rng), std::invalid_argument);
  EXPECT_THROW((void)make_mlp(4, zero, 3, 0.0F, rng), std::invalid_argument);
  EXPECT_THROW((void)make_mlp(4, ok, 3, 1.0F, rng), std::invalid_argument);
  EXPECT_THROW((void)make_mlp(4, ok, 3, -0.1F, rng), std::invalid_argument);
  EXPECT_THROW((void)make_mlp(4, ok, 3, std::nanf(""), rng), std::invalid_argument);
}

TEST(Validate, NamesTheBrokenLayer) {
  Rng rng(1);
  const std::array<int, 1> hidden{4};
  Mlp m = make_mlp(3, hidden, 2, 0.0F, rng);
  m.layers[1].kernel.resize(5, 2);
  try {
    validate(m);
    FAIL() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("layer 2"), std::string::npos) << e.what();
  }
  Mlp empty;
  EXPECT_THROW(validate(empty), std::invalid_argument);
  Mlp relu_out = make_mlp(3, hidden, 2, 0.0F, rng);
  relu_out.layers.back().activation = Activation::relu;
  EXPECT_THROW(validate(relu_out), std::invalid_argument);
}

// A 2-1-2 network with hand-set weights: forward values computable by hand.
Mlp tiny_model() {
  Mlp m;
  Dense h;
  h.kernel.resize(2, 1);
  h.kernel << 1.0F, -1.0F;  // h = relu(x0 - x1 + 0.5)
  h.bias.resize(1);
  h.bias << 0.5F;
  h.activation = Activation::relu;
  Dense o;
  o.kernel.resize(1, 2);
  o.kernel << 2.0F, -2.0F;  // z = (2h, -2h + 1)
  o.bias.resize(2);
  o.bias << 0.0F, 1.0F;
  o.activation = Activation::softmax;
  m.layers = {h, o};
  return m;
}

TEST(Predict, HandComputedForwardPass) {
  const Mlp m = tiny_model();
  Eigen::MatrixXf x(3, 2);
  x << 1.0F, 0.0F,   // h = 1.5 -> z = (3, -2)
      0.0F, 2.0F,    // h = 0 (relu clips -1.5) -> z = (0, 1)
      0.25F, 0.0F;   // h = 0.75 -> z = (1.5, -0.5)
  const Eigen::MatrixXf z = predict_logits(m, x);
  EXPECT_FLOAT_EQ(z(0, 0), 3.0F);
  EXPECT_FLOAT_EQ(z(0, 1), -2.0F);
  EXPECT_FLOAT_EQ(z(1, 0), 0.0F);
  EXPECT_FLOAT_EQ(z(1, 1), 1.0F);
  const Eigen::MatrixXf p = predict_proba(m, x);
  EXPECT_NEAR(p(0, 0), 1.0 / (1.0 + std::exp(-5.0)), 1e-6);
  EXPECT_NEAR(p(1, 1), 1.0 / (1.0 + std::exp(-1.0)), 1e-6);
  EXPECT_NEAR(p(2, 0), 1.0 / (1.0 + std::exp(-2.0)), 1e-6);
  EXPECT_EQ(predict_classes(m, x), (std::vector<int>{0, 1, 0}));

  const std::vector<int> y{0, 0, 1};
  const EvalResult r = evaluate(m, x, y);
  const double expected = (std::log1p(std::exp(-5.0)) + std::log1p(std::exp(1.0)) + std::log1p(std::exp(2.0))) / 3.0;
  EXPECT_NEAR(r.loss, expected, 1e-6);
  EXPECT_NEAR(r.accuracy, 1.0 / 3.0, 1e-12);
}

TEST(Predict, OneRowAtATimeEqualsTheBatch) {
  Rng rng(11);
  const std::array<int, 2> hidden{32, 96};
  const Mlp m = make_mlp(4, hidden, 3, 0.0F, rng);
  Eigen::MatrixXf x(7, 4);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.uniform(-3.0F, 3.0F);
  const Eigen::MatrixXf all = predict_proba(m, x);
  InferenceWorkspace ws;
  Eigen::MatrixXf one;
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    predict_proba(m, x.row(r), one, ws);
    ASSERT_EQ(one.rows(), 1);
    for (Eigen::Index c = 0; c < 3; ++c) EXPECT_NEAR(one(0, c), all(r, c), 1e-6F);
    EXPECT_NEAR(one.sum(), 1.0F, 1e-6F);
  }
}

TEST(Predict, ExtremeLogitsStayFinite) {
  Mlp m = tiny_model();
  m.layers[1].kernel << 1e4F, -1e4F;
  Eigen::MatrixXf x(1, 2);
  x << 10.0F, 0.0F;
  const Eigen::MatrixXf p = predict_proba(m, x);
  EXPECT_TRUE(p.allFinite());
  EXPECT_FLOAT_EQ(p(0, 0), 1.0F);
  const std::vector<int> y{1};
  EXPECT_TRUE(std::isfinite(evaluate(m, x, y).loss));
}

TEST(Evaluate, RejectsBadInput) {
  const Mlp m = tiny_model();
  Eigen::MatrixXf x(2, 2);
  x.setZero();
  EXPECT_THROW((void)evaluate(m, x, std::vector<int>{0}), std::invalid_argument);
  EXPECT_THROW((void)evaluate(m, x, std::vector<int>{0, 2}), std::invalid_argument);
  EXPECT_THROW((void)evaluate(m, x, std::vector<int>{0, -1}), std::invalid_argument);
  Eigen::MatrixXf wrong(2, 3);
  wrong.setZero();
  EXPECT_THROW((void)predict_proba(m, wrong), std::invalid_argument);
}

}  // namespace
}  // namespace exertrack::notebook::nn
