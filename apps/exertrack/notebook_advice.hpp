#pragma once
// A notebook-task model's recommendation for every exercise of a log: what
// `recommend --model DIR` prints and what `train` keeps in the run directory
// (recommendations.json) for the report's lifter section.
#include <string>
#include <string_view>
#include <vector>

#include "notebook/predict/predictor.hpp"

namespace exertrack::cli {

// One per exercise with a set, by name; `only` (when not empty) keeps that
// exercise. Throws InputError when nothing is left to recommend from.
[[nodiscard]] std::vector<notebook::predict::Recommendation> recommend_log(const notebook::predict::Predictor& predictor, const core::ingest::WorkoutLog& log, core::ingest::WeightUnit unit,
                                                        std::string_view only = {});

// {"results": [recommendation...]}, the shape of the HTTP API's Results
// (docs/openapi.yaml), with a trailing newline.
[[nodiscard]] std::string recommendations_json(const std::vector<notebook::predict::Recommendation>& recs);

}  // namespace exertrack::cli
