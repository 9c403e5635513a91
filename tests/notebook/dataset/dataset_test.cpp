#include <gtest/gtest.h>

#include "core/util/error.hpp"
#include "notebook/dataset/dataset.hpp"

using exertrack::core::util::InputError;
using exertrack::notebook::features::FeatureRow;
using exertrack::notebook::features::FeatureTable;
using exertrack::notebook::features::kFeatureCount;

namespace exertrack::notebook::dataset {
namespace {

Dataset rows(std::size_t n) {
  Dataset d;
  d.x = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(n), kFeatureCount);
  d.y.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) d.time.push_back(static_cast<std::int64_t>(i / 3));  // 3 rows a session
  return d;
}

TEST(Split, NotebookCutsAsTheNotebookDid) {
  const Split s = make_split(rows(9746), SplitKind::notebook);
  EXPECT_EQ(s.train.size(), 5847U);
  EXPECT_EQ(s.val.size(), 1949U);
  EXPECT_EQ(s.test.size(), 1950U);
  EXPECT_EQ(s.train.front(), 0U);
  EXPECT_EQ(s.val.front(), 5847U);
  EXPECT_EQ(s.test.back(), 9745U);
}

TEST(Split, TemporalNeverCutsASession) {
  Dataset d = rows(100);
  // Table order is not time order: reverse the times.
  std::reverse(d.time.begin(), d.time.end());
  const Split s = make_split(d, SplitKind::temporal);
  std::int64_t train_max = -1, test_min = 1 << 30;
  for (auto i : s.train) train_max = std::max(train_max, d.time[i]);
  for (auto i : s.test) test_min = std::min(test_min, d.time[i]);
  EXPECT_LT(train_max, test_min);
  for (auto i : s.train) {
    for (auto j : s.val) EXPECT_NE(d.time[i], d.time[j]);
  }
  EXPECT_EQ(s.train.size() + s.val.size() + s.test.size(), 100U);
  EXPECT_EQ(s.train.size() % 3, 0U);
}

TEST(Split, BadFractionsAndNames) {
  EXPECT_THROW((void)make_split(rows(10), SplitKind::notebook, 0.9, 0.2), InputError);
  EXPECT_THROW((void)split_kind_by_name("random"), InputError);
  EXPECT_EQ(split_kind_by_name("temporal"), SplitKind::temporal);
}

TEST(Standardizer, PopulationStdAndZeroVarianceKeepsScaleOne) {
  Eigen::MatrixXd x(4, 2);
  x << 1, 5, 2, 5, 3, 5, 4, 5;
  const Standardizer s = fit_standardizer(x);
  EXPECT_DOUBLE_EQ(s.mean[0], 2.5);
  EXPECT_DOUBLE_EQ(s.scale[0], std::sqrt(1.25));  // population, not sample, std
  EXPECT_DOUBLE_EQ(s.mean[1], 5);
  EXPECT_EQ(s.scale[1], 1.0);
  const Eigen::MatrixXf z = standardize(s, x);
  EXPECT_FLOAT_EQ(z(0, 0), static_cast<float>(-1.5 / std::sqrt(1.25)));
  EXPECT_FLOAT_EQ(z(2, 1), 0.0F);
  const Standardizer id = identity_standardizer(2);
  EXPECT_EQ(standardize(id, x).cast<double>(), x);
}

TEST(Dataset, FromTableAndTakeRows) {
  FeatureTable t;
  FeatureRow r;
  r.features = {1, 2, 3, 4};
  r.label = 2;
  r.time = 77;
  t.rows = {r, r};
  t.rows[1].features.weight_change_pct = 9;
  const Dataset d = dataset_from_table(t);
  EXPECT_EQ(d.x(1, 0), 9);
  EXPECT_EQ(d.x(0, 3), 4);
  EXPECT_EQ(d.y, (std::vector<int>{2, 2}));
  EXPECT_EQ(d.time[0], 77);
  const Eigen::MatrixXd picked = take_rows(d.x, {1});
  EXPECT_EQ(picked.rows(), 1);
  EXPECT_EQ(picked(0, 0), 9);
  EXPECT_EQ(take(d.y, {0, 1, 0}).size(), 3U);
}

}  // namespace
}  // namespace exertrack::notebook::dataset
