#include "notebook_advice.hpp"

#include <algorithm>

#include "core/util/error.hpp"
#include "notebook/predict/json_out.hpp"

using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::InputError;
using exertrack::core::util::InputKind;
using exertrack::notebook::predict::ExerciseHistory;
using exertrack::notebook::predict::histories_from_log;
using exertrack::notebook::predict::Predictor;
using exertrack::notebook::predict::PredictWorkspace;
using exertrack::notebook::predict::Recommendation;

namespace exertrack::cli {

std::vector<Recommendation> recommend_log(const Predictor& predictor, const WorkoutLog& log, WeightUnit unit,
                                          std::string_view only) {
  std::vector<ExerciseHistory> histories = histories_from_log(log, predictor.definition(), unit);
  if (!only.empty()) {
    std::erase_if(histories, [&](const ExerciseHistory& h) { return h.name != only; });
    if (histories.empty()) {
      throw InputError("--exercise: '" + std::string(only) + "' has no sets in " + log.source, InputKind::no_such_exercise);
    }
  }
  if (histories.empty()) throw InputError(log.source + ": no exercise has a set to recommend from", InputKind::nothing_to_recommend);
  std::vector<Recommendation> recs;
  recs.reserve(histories.size());
  PredictWorkspace ws;
  for (const ExerciseHistory& h : histories) recs.push_back(predictor.recommend(h, ws));
  return recs;
}

std::string recommendations_json(const std::vector<Recommendation>& recs) {
  std::string out = "{\"results\":[";
  for (std::size_t i = 0; i < recs.size(); ++i) {
    if (i > 0) out += ',';
    append_recommendation_json(out, recs[i]);
  }
  return out + "]}\n";
}

}  // namespace exertrack::cli
