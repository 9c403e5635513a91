#include "notebook/dataset/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/util/error.hpp"

using exertrack::core::util::InputError;
using exertrack::notebook::features::FeatureRow;
using exertrack::notebook::features::FeatureTable;
using exertrack::notebook::features::kFeatureCount;

namespace exertrack::notebook::dataset {

Dataset dataset_from_table(const FeatureTable& table) {
  Dataset d;
  const auto n = static_cast<Eigen::Index>(table.rows.size());
  d.x.resize(n, kFeatureCount);
  d.y.resize(table.rows.size());
  d.time.resize(table.rows.size());
  for (Eigen::Index i = 0; i < n; ++i) {
    const FeatureRow& r = table.rows[static_cast<std::size_t>(i)];
    d.x(i, 0) = r.features.weight_change_pct;
    d.x(i, 1) = r.features.reps_change_pct;
    d.x(i, 2) = r.features.weight_ma;
    d.x(i, 3) = r.features.reps_ma;
    d.y[static_cast<std::size_t>(i)] = r.label;
    d.time[static_cast<std::size_t>(i)] = r.time;
  }
  return d;
}

SplitKind split_kind_by_name(const std::string& name) {
  if (name == "notebook") return SplitKind::notebook;
  if (name == "temporal") return SplitKind::temporal;
  throw InputError("unknown split '" + name + "' (expected notebook or temporal)");
}

namespace {

// sklearn-style integer cut points: the notebook took int(0.6 n) and
// int(0.8 n) rows (5,847 and 7,796 of 9,746).
std::size_t cut(std::size_t n, double fraction) {
  return static_cast<std::size_t>(std::floor(static_cast<double>(n) * fraction));
}

}  // namespace

Split make_split(const Dataset& data, SplitKind kind, double train_fraction, double val_fraction) {
  if (train_fraction <= 0 || val_fraction < 0 || train_fraction + val_fraction >= 1) {
    throw InputError("split fractions must satisfy 0 < train, 0 <= val, train + val < 1");
  }
  const std::size_t n = data.y.size();
  const std::size_t a = cut(n, train_fraction);
  const std::size_t b = cut(n, train_fraction + val_fraction);
  Split s;
  if (kind == SplitKind::notebook) {
    for (std::size_t i = 0; i < n; ++i) (i < a ? s.train : i < b ? s.val : s.test).push_back(i);
    return s;
  }
  // Temporal: whole sessions (one date-time) go to one part. Rows of a
  // session go to the part where the session's first row would fall.
  std::map<std::int64_t, std::size_t> per_session;
  for (auto t : data.time) ++per_session[t];
  std::map<std::int64_t, int> part;
  std::size_t seen = 0;
  for (const auto& [t, count] : per_session) {
    part[t] = seen < a ? 0 : seen < b ? 1 : 2;
    seen += count;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const int p = part[data.time[i]];
    (p == 0 ? s.train : p == 1 ? s.val : s.test).push_back(i);
  }
  return s;
}

Standardizer fit_standardizer(const Eigen::MatrixXd& x) {
  Standardizer s;
  const auto n = static_cast<double>(x.rows());
  for (Eigen::Index c = 0; c < x.cols(); ++c) {
    // Two passes, as sklearn's _incremental_mean_and_var does for one batch.
    double mean = 0;
    for (Eigen::Index r = 0; r < x.rows(); ++r) mean += x(r, c);
    mean = x.rows() > 0 ? mean / n : 0.0;
    double var = 0;
    for (Eigen::Index r = 0; r < x.rows(); ++r) var += (x(r, c) - mean) * (x(r, c) - mean);
    var = x.rows() > 0 ? var / n : 0.0;
    const double scale = std::sqrt(var);
    s.mean.push_back(mean);
    // sklearn's _handle_zeros_in_scale: a (near-)constant column keeps scale 1.
    s.scale.push_back(scale < 10 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::abs(mean)) ? 1.0 : scale);
  }
  return s;
}

Standardizer identity_standardizer(int columns) {
  return {std::vector<double>(static_cast<std::size_t>(columns), 0.0),
          std::vector<double>(static_cast<std::size_t>(columns), 1.0)};
}

Eigen::MatrixXf standardize(const Standardizer& s, const Eigen::MatrixXd& x) {
  Eigen::MatrixXf out(x.rows(), x.cols());
  for (Eigen::Index c = 0; c < x.cols(); ++c) {
    const double m = s.mean[static_cast<std::size_t>(c)];
    const double k = s.scale[static_cast<std::size_t>(c)];
    for (Eigen::Index r = 0; r < x.rows(); ++r) out(r, c) = static_cast<float>((x(r, c) - m) / k);
  }
  return out;
}

Eigen::MatrixXd take_rows(const Eigen::MatrixXd& x, const std::vector<std::size_t>& rows) {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(rows.size()), x.cols());
  for (std::size_t i = 0; i < rows.size(); ++i) out.row(static_cast<Eigen::Index>(i)) = x.row(static_cast<Eigen::Index>(rows[i]));
  return out;
}

std::vector<int> take(const std::vector<int>& y, const std::vector<std::size_t>& rows) {
  std::vector<int> out;
  out.reserve(rows.size());
  for (auto r : rows) out.push_back(y[r]);
  return out;
}

}  // namespace exertrack::notebook::dataset
