#pragma once
// From the feature table to matrices: X (n x 4 raw features, double), y
// (class indices), the notebook's and the temporal split, and the
// StandardScaler fit on train only.
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "notebook/features/features.hpp"

namespace exertrack::notebook::dataset {

struct Dataset {
  Eigen::MatrixXd x;        // rows = samples, columns = kFeatureNames order, raw units
  std::vector<int> y;       // class index into kClassNames
  std::vector<std::int64_t> time;  // session date-time of each row (for the temporal split)
};

[[nodiscard]] Dataset dataset_from_table(const notebook::features::FeatureTable& table);

struct Split {
  std::vector<std::size_t> train, val, test;  // row indices into the Dataset
};

enum class SplitKind : std::uint8_t { notebook, temporal };
[[nodiscard]] SplitKind split_kind_by_name(const std::string& name);  // "notebook" | "temporal"

// notebook: first 60 % train, next 20 % validation, rest test, in table
// order (5,847 / 1,949 / 1,950 for the 721 file). temporal: by session
// date-time, earlier sessions train, later validate, latest test; a session
// never straddles two parts.
[[nodiscard]] Split make_split(const Dataset& data, SplitKind kind, double train_fraction = 0.6,
                               double val_fraction = 0.2);

// sklearn's StandardScaler: mean and population std per column; a column
// with zero variance gets scale 1.
struct Standardizer {
  std::vector<double> mean;
  std::vector<double> scale;
};
[[nodiscard]] Standardizer fit_standardizer(const Eigen::MatrixXd& x);
[[nodiscard]] Standardizer identity_standardizer(int columns);
// (x - mean) / scale, computed in double, returned as the float32 the network takes.
[[nodiscard]] Eigen::MatrixXf standardize(const Standardizer& s, const Eigen::MatrixXd& x);

[[nodiscard]] Eigen::MatrixXd take_rows(const Eigen::MatrixXd& x, const std::vector<std::size_t>& rows);
[[nodiscard]] std::vector<int> take(const std::vector<int>& y, const std::vector<std::size_t>& rows);

}  // namespace exertrack::notebook::dataset
