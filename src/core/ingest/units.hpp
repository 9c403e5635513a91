#pragma once
// Which unit a file's loads are in when the file does not say (issue 14
// item 4): a file without a unit column used to be read as pounds, even
// when its loads were plainly kilograms.
#include <optional>
#include <string>
#include <string_view>
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
// 3. the header's language (`kilogram_language`, e.g. "French"; empty when
//    the header is English or its language unknown): lifters whose app
//    speaks French, German, Spanish, Portuguese or Chinese mostly log
//    kilograms, though not all (a Spanish export in pounds,
//    cuyakonwu/cuyakonwu-landing-page@2860a212 strong.csv). It is a weight,
//    never the last word: artefacts still decide; the plate grid says pounds
//    only when it looks as it does in pound logs that name their unit (20%
//    or more bar totals, or 10% with a 90th percentile past 250); otherwise
//    kilograms, when the 90th percentile fits them. Alone (too few loads) it
//    decides nothing. The reason says both.
[[nodiscard]] UnitGuess guess_weight_unit(const std::vector<double>& loads, std::string_view kilogram_language = {});

}  // namespace exertrack::core::ingest
