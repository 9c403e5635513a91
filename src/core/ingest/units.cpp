#include "core/ingest/units.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace exertrack::core::ingest {
namespace {

constexpr std::size_t kMinLoads = 20;
constexpr double kPoundShare = 0.10;
constexpr double kKilogramShare = 0.05;
constexpr double kMaxKilogramP90 = 250;
// 45-lb bar plus pairs of 25- and 45-lb plates.
constexpr std::array<double, 11> kPoundBarTotals = {45, 95, 135, 185, 225, 275, 315, 365, 405, 455, 495};

bool on_grid(double v, double step, double tolerance) {
  const double k = v / step;
  return std::abs(k - std::round(k)) * step <= tolerance;
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

std::string percent(std::size_t part, std::size_t whole) {
  return std::to_string(static_cast<int>(std::lround(100.0 * static_cast<double>(part) / static_cast<double>(whole)))) + "%";
}

}  // namespace

UnitGuess guess_weight_unit(const std::vector<double>& loads) {
  std::vector<double> w;
  w.reserve(loads.size());
  for (const double v : loads) {
    if (v > 0 && std::isfinite(v)) w.push_back(v);
  }
  if (w.size() < kMinLoads) {
    return {std::nullopt, "too few loads (" + std::to_string(w.size()) + ") to tell kilograms from pounds"};
  }

  // 1. Artefacts: loads off the 0.25 grid that are whole quarter-kilograms
  // in pounds, or whole half-pounds in kilograms. Exports round them to two
  // decimals or not at all, hence the tolerances (about half a hundredth of
  // a pound either way).
  std::size_t off_grid = 0;
  std::size_t kg_in_lb = 0;
  std::size_t lb_in_kg = 0;
  double kg_in_lb_example = 0;
  double lb_in_kg_example = 0;
  for (const double v : w) {
    if (on_grid(v, 0.25, 1e-6)) continue;
    ++off_grid;
    if (on_grid(v / kPoundsPerKilogram, 0.25, 0.005)) {
      if (kg_in_lb++ == 0) kg_in_lb_example = v;
    } else if (on_grid(v * kPoundsPerKilogram, 0.5, 0.011)) {
      if (lb_in_kg++ == 0) lb_in_kg_example = v;
    }
  }
  const auto decisive = [&](std::size_t mine, std::size_t other) {
    return mine >= 10 && mine * 5 >= off_grid && mine >= 4 * other;
  };
  if (decisive(kg_in_lb, lb_in_kg)) {
    return {WeightUnit::lb, std::to_string(kg_in_lb) + " loads such as " + number_text(kg_in_lb_example) +
                                " are whole kilograms written in pounds (" + number_text(kg_in_lb_example) + " lb = " +
                                number_text(std::round(kg_in_lb_example / kPoundsPerKilogram * 4) / 4) + " kg)"};
  }
  if (decisive(lb_in_kg, kg_in_lb)) {
    return {WeightUnit::kg, std::to_string(lb_in_kg) + " loads such as " + number_text(lb_in_kg_example) +
                                " are whole pounds written in kilograms (" + number_text(lb_in_kg_example) + " kg = " +
                                number_text(std::round(lb_in_kg_example * kPoundsPerKilogram * 2) / 2) + " lb)"};
  }

  // 2. The plate grid.
  const auto bar_total = [](double v) {
    return std::any_of(kPoundBarTotals.begin(), kPoundBarTotals.end(), [&](double t) { return std::abs(v - t) < 1e-6; });
  };
  const auto totals = static_cast<std::size_t>(std::count_if(w.begin(), w.end(), bar_total));
  const double share = static_cast<double>(totals) / static_cast<double>(w.size());
  std::vector<double> sorted = w;
  const std::size_t p90_at = sorted.size() * 9 / 10;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(p90_at), sorted.end());
  const double p90 = sorted[p90_at];
  const std::string grid = percent(totals, w.size()) + " of " + std::to_string(w.size()) +
                           " loads are 45-lb-bar totals (45, 95, 135, 185, 225, 275, 315 ...)";
  if (share >= kPoundShare) {
    return {WeightUnit::lb, grid + ", as in pound logs; kilogram logs have few"};
  }
  if (share <= kKilogramShare && p90 <= kMaxKilogramP90) {
    return {WeightUnit::kg, "only " + grid + ", which pound logs are full of; the 90th-percentile load, " +
                                number_text(p90) + ", fits kilograms"};
  }
  return {std::nullopt, "the loads do not tell (" + grid + ", 90th percentile " + number_text(p90) + ")"};
}

}  // namespace exertrack::core::ingest
