#include "core/eval/calibration.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace exertrack::core::eval {
namespace {

int ece_bin(double confidence) {
  constexpr int kBins = 10;
  return std::clamp(static_cast<int>(confidence * kBins), 0, kBins - 1);
}

}  // namespace

double expected_calibration_error(std::span<const double> confidence, std::span<const int> correct) {
  constexpr int kBins = 10;
  std::array<double, kBins> conf_sum{}, correct_sum{};
  std::array<std::size_t, kBins> n{};
  for (std::size_t i = 0; i < confidence.size(); ++i) {
    const int b = ece_bin(confidence[i]);
    conf_sum[b] += confidence[i];
    correct_sum[b] += correct[i];
    ++n[b];
  }
  double ece = 0;
  for (int b = 0; b < kBins; ++b) {
    if (n[b] == 0) continue;
    const double nb = static_cast<double>(n[b]);
    ece += nb / static_cast<double>(confidence.size()) * std::abs(correct_sum[b] / nb - conf_sum[b] / nb);
  }
  return ece;
}

double expected_ece_floor(std::span<const double> confidence) {
  constexpr int kBins = 10;
  std::array<std::vector<double>, kBins> bins;
  for (double c : confidence) bins[static_cast<std::size_t>(ece_bin(c))].push_back(c);
  double floor = 0;
  for (const std::vector<double>& bin : bins) {
    if (bin.empty()) continue;
    // P(k hits) by adding one Bernoulli at a time: O(n^2) per bin, 0.1 s for
    // the largest lifter (5,642 transitions) even if all fell in one bin.
    std::vector<double> pk{1.0};
    double conf_sum = 0;
    for (double c : bin) {
      conf_sum += c;
      pk.push_back(0.0);
      for (std::size_t k = pk.size() - 1; k > 0; --k) pk[k] = pk[k] * (1 - c) + pk[k - 1] * c;
      pk[0] *= 1 - c;
    }
    double expected_gap = 0;
    for (std::size_t k = 0; k < pk.size(); ++k) expected_gap += pk[k] * std::abs(static_cast<double>(k) - conf_sum);
    floor += expected_gap / static_cast<double>(confidence.size());
  }
  return floor;
}

}  // namespace exertrack::core::eval
