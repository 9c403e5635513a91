#pragma once
// Judging the next-session model on sessions it never saw, always beside the
// baselines a coach would use:
//   temporal  each lifter's latest 20 % of sessions (by date) are test; the
//             model learns from every lifter's earlier transitions whose next
//             session is before that lifter's cut.
//   lolo      leave one lifter out: the model learns from the other lifters
//             and is tested on every transition of the one left out.
//   kfold     the same with `folds` folds of whole lifters (lifter i in fold
//             i mod folds), for cohorts where a model per lifter is too slow:
//             every lifter is still scored by a model that never saw them.
//   model     a trained model on the given lifters (all their transitions).
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/metrics/next_session_metrics.hpp"
#include "next_session/model/baselines.hpp"
#include "next_session/train/train.hpp"
#include "notebook/predict/predictor.hpp"

namespace exertrack::next_session::train {

// One forecaster's scores, and a lifter's for the model and every baseline
// (kBaselineNames + "notebook"), as metrics.json records them.
using Scores = core::metrics::ForecastScores;
using LifterScores = core::metrics::LifterEvaluation;

struct Evaluation {
  std::string protocol;  // "temporal", "lolo" or "model"
  std::vector<LifterScores> lifters;
  Scores macro_model;  // mean over lifters
  std::map<std::string, Scores> macro_baselines;
  std::vector<std::pair<std::string, double>> importance;  // action head of the last model trained (gain)
  double seconds = 0;
};

struct EvaluateOptions {
  ForecastTrainOptions train;
  double test_share = 0.2;              // temporal: each lifter's latest share of sessions
  int folds = 10;                       // kfold: folds of whole lifters
  const notebook::predict::Predictor* notebook = nullptr;  // the notebook model for its baseline (left out when null)
  // What fits each protocol's model; empty: train_model. Another trainer
  // (the Python package's Dask trainer) is judged by the same folds and
  // scores; its folds run one after another, as it runs its own parallel work.
  std::function<next_session::model::ForecastModel(std::span<const Lifter>, std::span<const TransitionRef>,
                                                   const ForecastTrainOptions&)>
      trainer;
};

[[nodiscard]] Evaluation evaluate_protocol(std::span<const Lifter> lifters, const std::string& protocol,
                                           const EvaluateOptions& options);
[[nodiscard]] Evaluation evaluate_trained(std::span<const Lifter> lifters, const next_session::model::ForecastModel& model,
                                          const EvaluateOptions& options);

// The evaluation as metrics.json records it (core/metrics/next_session_metrics.hpp).
[[nodiscard]] core::metrics::ForecastEvaluation typed_evaluation(const Evaluation& e);
// The JSON shape of `exertrack evaluate --json` (docs/forecast.md): the same
// writer as metrics.json's "evaluation".
[[nodiscard]] nlohmann::json evaluation_to_json(const Evaluation& e);
// The same as a table for people.
[[nodiscard]] std::string evaluation_table(const Evaluation& e);

}  // namespace exertrack::next_session::train
