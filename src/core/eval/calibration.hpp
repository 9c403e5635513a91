#pragma once
// Calibration of stated probabilities: the expected calibration error, and
// what a perfectly calibrated forecaster would score on as many forecasts.
#include <span>

namespace exertrack::core::eval {

// Expected calibration error: 10 equal-width bins of the reported
// probability of the chosen action; sum over bins of n_b/N * |accuracy_b - confidence_b|.
[[nodiscard]] double expected_calibration_error(std::span<const double> confidence, std::span<const int> correct);

// The expected ECE when each outcome is drawn with exactly its stated
// probability: per bin, the mean absolute difference between the hits (a
// Poisson-binomial count, computed exactly) and the summed confidence.
[[nodiscard]] double expected_ece_floor(std::span<const double> confidence);

}  // namespace exertrack::core::eval
