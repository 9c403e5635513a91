#pragma once
// Which unit a file's loads are in when the file does not say (issue 14
// item 4): a file without a unit column used to be read as pounds, even
// when its loads were plainly kilograms.
#include <optional>
#include <string>
#include <vector>

#include "core/ingest/workout_log.hpp"

namespace exertrack::core::ingest {

struct UnitGuess {
  std::optional<WeightUnit> unit;  // nullopt: the loads do not tell
  std::string reason;              // for people, e.g. "26% of 9303 loads are 45-lb-bar totals (45, 95, 135, ...)"
};

// Decides from the loads as written (positive weights, any order):
// 1. conversion artefacts, the strongest evidence: an app that stores one
//    unit and exports the other writes loads such as 44.09245243697551
//    (20 kg in pounds: the file is in pounds) or 20.41168092460379 (45 lb in
//    kilograms: the file is in kilograms);
// 2. the plate grid: pound gyms load a 45-lb bar with pairs of 25- and 45-lb
//    plates, so 45, 95, 135, 185, 225, 275, 315, 365, 405 lb are a large share
//    of a pound log's loads (12-26% in the shared pound exports) and a
//    small one of a kilogram log's
//    (0.5-4.6% in the shared kilogram exports: only 45 and 95 are plausible
//    kilogram loads among them). 10% or more reads as pounds, 5% or less as
//    kilograms when the 90th percentile load is also a plausible kilogram
//    load (<= 250); in between, or with fewer than 20 loads, undecided.
[[nodiscard]] UnitGuess guess_weight_unit(const std::vector<double>& loads);

}  // namespace exertrack::core::ingest
