#pragma once
// A small, learnable 3-class problem (4 features, like the notebook's), so
// tune tests train real networks in milliseconds.
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <bit>
#include <cstdint>
#include <vector>

#include "notebook/nn/rng.hpp"
#include "notebook/nn/train.hpp"

namespace exertrack::notebook::tune::testing {

struct Problem {
  Eigen::MatrixXd x;
  std::vector<int> y;
};

inline Problem make_problem(int n, std::uint64_t seed) {
  notebook::nn::Rng rng(seed);
  Problem p;
  p.x.resize(n, 4);
  p.y.resize(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    for (int f = 0; f < 4; ++f) p.x(i, f) = rng.uniform(-2.0F, 2.0F);
    const double s = p.x(i, 0) + 0.5 * p.x(i, 1) - 0.3 * p.x(i, 2) * p.x(i, 3);
    // Unbalanced classes (about 45 / 35 / 20 %), like the real labels.
    p.y[static_cast<std::size_t>(i)] = s < -0.2 ? 0 : (s < 1.2 ? 1 : 2);
  }
  return p;
}

inline bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// Bit-for-bit equal training histories.
inline void expect_same_history(const notebook::nn::History& a, const notebook::nn::History& b) {
  ASSERT_EQ(a.epochs.size(), b.epochs.size());
  for (std::size_t e = 0; e < a.epochs.size(); ++e) {
    const notebook::nn::EpochStats& x = a.epochs[e];
    const notebook::nn::EpochStats& y = b.epochs[e];
    EXPECT_EQ(x.epoch, y.epoch);
    EXPECT_TRUE(same_bits(x.loss, y.loss) && same_bits(x.accuracy, y.accuracy) && same_bits(x.val_loss, y.val_loss) &&
                same_bits(x.val_accuracy, y.val_accuracy))
        << "epoch " << e + 1;
  }
  EXPECT_EQ(a.best_epoch, b.best_epoch);
  EXPECT_EQ(a.stopped_epoch, b.stopped_epoch);
}

}  // namespace exertrack::notebook::tune::testing
