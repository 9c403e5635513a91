#include "core/ingest/units.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <utility>

namespace exertrack::core::ingest {
namespace {

constexpr std::size_t kMinLoads = 20;
constexpr double kPoundShare = 0.10;
constexpr double kKilogramShare = 0.05;
constexpr double kMaxKilogramP90 = 250;
// Under a header in a language whose lifters mostly log kilograms, the
// plate grid must look as it does in the pound logs that say so in their
// header (12-26% bar totals: dstanek 12, NathanN-275 17, Rclayton999 21,
// marcpare 25, in the shared exports) to outweigh the language: 20%, or 10%
// with a 90th-percentile load no kilogram log reaches. The French kilogram
// export among the shared lifters has 12% (stacks of 32, 39, 45, 52, 59) at a
// 90th percentile of 59; a Spanish pound export (cuyakonwu/cuyakonwu-landing-page@2860a212
// strong.csv: 405-545 lb deadlifts) 21% at 405.
constexpr double kLanguagePoundShare = 0.20;
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

// What the loads alone say, and how: the artefacts, the plate grid (its
// share of bar totals and 90th percentile), or nothing (too few loads).
struct LoadEvidence {
  UnitGuess guess;
  enum class Kind : unsigned char { too_few, artefacts, grid } kind = Kind::too_few;
  double share = 0;
  double p90 = 0;
  std::string grid;  // "12% of 508 loads are 45-lb-bar totals (...)"
};

LoadEvidence from_loads(const std::vector<double>& loads) {
  std::vector<double> w;
  w.reserve(loads.size());
  for (const double v : loads) {
    if (v > 0 && std::isfinite(v)) w.push_back(v);
  }
  LoadEvidence e;
  if (w.size() < kMinLoads) {
    e.guess = {std::nullopt, "too few loads (" + std::to_string(w.size()) + ") to tell kilograms from pounds"};
    return e;
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
  e.kind = LoadEvidence::Kind::artefacts;
  if (decisive(kg_in_lb, lb_in_kg)) {
    e.guess = {WeightUnit::lb, std::to_string(kg_in_lb) + " loads such as " + number_text(kg_in_lb_example) +
                                   " are whole kilograms written in pounds (" + number_text(kg_in_lb_example) + " lb = " +
                                   number_text(std::round(kg_in_lb_example / kPoundsPerKilogram * 4) / 4) + " kg)"};
    return e;
  }
  if (decisive(lb_in_kg, kg_in_lb)) {
    e.guess = {WeightUnit::kg, std::to_string(lb_in_kg) + " loads such as " + number_text(lb_in_kg_example) +
                                   " are whole pounds written in kilograms (" + number_text(lb_in_kg_example) + " kg = " +
                                   number_text(std::round(lb_in_kg_example * kPoundsPerKilogram * 2) / 2) + " lb)"};
    return e;
  }

  // 2. The plate grid.
  e.kind = LoadEvidence::Kind::grid;
  const auto bar_total = [](double v) {
    return std::any_of(kPoundBarTotals.begin(), kPoundBarTotals.end(), [&](double t) { return std::abs(v - t) < 1e-6; });
  };
  const auto totals = static_cast<std::size_t>(std::count_if(w.begin(), w.end(), bar_total));
  e.share = static_cast<double>(totals) / static_cast<double>(w.size());
  std::vector<double> sorted = w;
  const std::size_t p90_at = sorted.size() * 9 / 10;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(p90_at), sorted.end());
  e.p90 = sorted[p90_at];
  e.grid = percent(totals, w.size()) + " of " + std::to_string(w.size()) +
           " loads are 45-lb-bar totals (45, 95, 135, 185, 225, 275, 315 ...)";
  if (e.share >= kPoundShare) {
    e.guess = {WeightUnit::lb, e.grid + ", as in pound logs; kilogram logs have few"};
  } else if (e.share <= kKilogramShare && e.p90 <= kMaxKilogramP90) {
    e.guess = {WeightUnit::kg, "only " + e.grid + ", which pound logs are full of; the 90th-percentile load, " +
                                   number_text(e.p90) + ", fits kilograms"};
  } else {
    e.guess = {std::nullopt, "the loads do not tell (" + e.grid + ", 90th percentile " + number_text(e.p90) + ")"};
  }
  return e;
}

}  // namespace

UnitGuess guess_weight_unit(const std::vector<double>& loads, std::string_view kilogram_language) {
  LoadEvidence e = from_loads(loads);
  if (kilogram_language.empty()) return std::move(e.guess);

  // 3. The header's language, weighed against the loads.
  const std::string language(kilogram_language);
  const std::string header = "the header is " + language + " (lifters whose app speaks " + language +
                             " mostly log kilograms)";
  switch (e.kind) {
    case LoadEvidence::Kind::too_few:
      return {std::nullopt, e.guess.reason + "; " + header + ", which alone does not decide"};
    case LoadEvidence::Kind::artefacts:
      return {e.guess.unit,
              e.guess.reason + "; " + header + (e.guess.unit == WeightUnit::kg ? ", which agrees" : ", but such artefacts decide")};
    case LoadEvidence::Kind::grid:
      break;
  }
  const std::string p90 = number_text(e.p90);
  if (e.share >= kLanguagePoundShare || (e.share >= kPoundShare && e.p90 > kMaxKilogramP90)) {
    return {WeightUnit::lb, e.grid + ", as in pound logs, and the 90th-percentile load is " + p90 +
                                ": enough to outweigh the header's language; " + header};
  }
  if (e.p90 <= kMaxKilogramP90) {
    if (e.share <= kKilogramShare) return {WeightUnit::kg, e.guess.reason + "; " + header + ", which agrees"};
    return {WeightUnit::kg, header + ", and the loads do not outweigh it: " + e.grid +
                                ", under the 20% that would outweigh it, and the 90th-percentile load, " +
                                p90 + ", fits kilograms"};
  }
  return {std::nullopt, e.guess.reason + ", a 90th percentile past what kilogram logs reach; " + header +
                            ", which alone does not decide"};
}

}  // namespace exertrack::core::ingest
