#include "notebook/predict/predictor.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/util/error.hpp"
#include "notebook/export/metadata.hpp"

using exertrack::core::ingest::SetKind;
using exertrack::core::ingest::SetRecord;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::units::equipment_from_exercise_name;
using exertrack::core::units::kg_to_unit;
using exertrack::core::units::unit_to_kg;
using exertrack::core::util::InputError;
using exertrack::core::util::js_number;
using exertrack::notebook::export_::kStandardizationFolded;
using exertrack::notebook::export_::LoadedModel;
using exertrack::notebook::export_::read_tfjs_model;
using exertrack::notebook::features::FeatureDefinition;
using exertrack::notebook::features::FeatureVector;
using exertrack::notebook::features::kClassCount;
using exertrack::notebook::features::kClassNames;
using exertrack::notebook::features::kFeatureCount;

namespace exertrack::notebook::predict {

Predictor::Predictor(LoadedModel model) : model_(std::move(model)), row_(model_.model) {
  if (model_.model.inputs() != kFeatureCount) {
    throw InputError("the model takes " + std::to_string(model_.model.inputs()) + " inputs; exertrack features are " +
                     std::to_string(kFeatureCount));
  }
  if (model_.classes.size() != static_cast<std::size_t>(kClassCount) || model_.model.outputs() != kClassCount) {
    throw InputError("the model has " + std::to_string(model_.model.outputs()) + " outputs; exertrack has " +
                     std::to_string(kClassCount) + " labels");
  }
  std::array<bool, kClassCount> seen{};
  for (std::size_t i = 0; i < model_.classes.size(); ++i) {
    const auto it = std::find(kClassNames.begin(), kClassNames.end(), model_.classes[i]);
    if (it == kClassNames.end()) throw InputError("the model's class '" + model_.classes[i] + "' is not an exertrack label");
    const auto c = static_cast<int>(it - kClassNames.begin());
    if (seen[static_cast<std::size_t>(c)]) throw InputError("the model names class '" + model_.classes[i] + "' twice");
    seen[static_cast<std::size_t>(c)] = true;
    output_to_class_[i] = c;
  }
  // The model must take raw features: serving never scales.
  if (const auto st = model_.metadata.find("standardization"); st != model_.metadata.end() && st->is_object()) {
    const auto applied = st->find("applied");
    if (applied == st->end() || !applied->is_string() || applied->get<std::string>() != kStandardizationFolded) {
      throw InputError(std::string("the model's standardization is not '") + kStandardizationFolded +
                       "': it would need scaled inputs, which serving does not make");
    }
  }
  if (const auto rules = model_.metadata.find("target_rule"); rules != model_.metadata.end()) {
    rules_ = target_rules_from_json(*rules, "the model's target_rule");
  }
}

Predictor Predictor::load(const std::filesystem::path& model_dir) {
  // `exertrack train --out DIR` puts the model in DIR/model: accept either.
  const bool run_dir = !std::filesystem::exists(model_dir / "model.json") &&
                       std::filesystem::exists(model_dir / "model" / "model.json");
  return Predictor(read_tfjs_model(run_dir ? model_dir / "model" : model_dir));
}

Prediction Predictor::predict(const FeatureVector& features, PredictWorkspace& ws) const {
  const FeatureVector f = model_features(features);
  const std::array<float, kFeatureCount> x = {
      static_cast<float>(f.weight_change_pct), static_cast<float>(f.reps_change_pct), static_cast<float>(f.weight_ma),
      static_cast<float>(f.reps_ma)};
  std::array<float, kClassCount> out{};
  row_.predict_proba(x, out, ws.row);
  Prediction p;
  // argmax over the model's outputs, first index on ties (tf.argmax), then
  // mapped to kClassNames order.
  int best = 0;
  for (int j = 0; j < kClassCount; ++j) {
    const auto jj = static_cast<std::size_t>(j);
    p.probabilities[static_cast<std::size_t>(output_to_class_[jj])] = out[jj];
    if (out[jj] > out[static_cast<std::size_t>(best)]) best = j;
  }
  p.label = output_to_class_[static_cast<std::size_t>(best)];
  return p;
}

Prediction Predictor::predict(const FeatureVector& features) const {
  PredictWorkspace ws;
  return predict(features, ws);
}

Recommendation Predictor::recommend(const ExerciseHistory& history, PredictWorkspace& ws) const {
  if (history.sets.empty()) throw InputError("exercise '" + history.name + "': the history has no sets");
  ws.kg.clear();
  ws.kg.reserve(history.sets.size());
  for (std::size_t i = 0; i < history.sets.size(); ++i) {
    const HistorySet& s = history.sets[i];
    if (!std::isfinite(s.weight)) {
      throw InputError("exercise '" + history.name + "', set " + std::to_string(i + 1) + ": weight is not a finite number");
    }
    if (!std::isfinite(s.reps) || s.reps < 0) {
      throw InputError("exercise '" + history.name + "', set " + std::to_string(i + 1) + ": reps must be a number >= 0, got " +
                       js_number(s.reps));
    }
    ws.kg.push_back({unit_to_kg(s.weight, history.unit), s.reps});
  }
  Recommendation r;
  r.name = history.name;
  r.equipment = history.equipment.value_or(equipment_from_exercise_name(history.name));
  const auto raw = raw_sequence_features(ws.kg, model_.definition);
  const FeatureVector& last_raw = raw.back();
  r.rule_label = rule_label(last_raw, model_.definition);
  r.features = model_features(last_raw);
  r.prediction = predict(r.features, ws);

  const WeightUnit out_unit = history.target_unit.value_or(history.unit);
  TargetRule rule = rules_.of(out_unit, r.equipment);
  if (history.increment) rule.increment = *history.increment;
  if (history.reps_step) rule.reps_step = *history.reps_step;
  const HistorySet& last = history.sets.back();
  double last_weight = out_unit == history.unit ? last.weight : kg_to_unit(ws.kg.back().weight_kg, out_unit);
  if (history.last_weight_decimals) {
    const double scale = std::pow(10.0, std::clamp(*history.last_weight_decimals, 0, 9));
    last_weight = std::round(last_weight * scale) / scale;
  }
  r.last_set = {last_weight, out_unit, last.reps};
  TargetAdvice advice = next_target(kClassNames[static_cast<std::size_t>(r.prediction.label)], last_weight, last.reps, rule);
  r.target = advice.target;
  r.reason = std::move(advice.reason);
  return r;
}

Recommendation Predictor::recommend(const ExerciseHistory& history) const {
  PredictWorkspace ws;
  return recommend(history, ws);
}

std::vector<ExerciseHistory> histories_from_log(const WorkoutLog& log, const FeatureDefinition& def,
                                                WeightUnit target_unit) {
  std::vector<ExerciseHistory> by_exercise(log.exercises.size());
  for (std::size_t i = 0; i < log.exercises.size(); ++i) {
    by_exercise[i].name = log.exercises[i];
    by_exercise[i].unit = WeightUnit::kg;
    by_exercise[i].target_unit = target_unit;
    by_exercise[i].last_weight_decimals = 2;
  }
  // log.sets is in time order with file order among equal times: the order
  // build_feature_table's stable sort leaves within one exercise.
  for (const SetRecord& s : log.sets) {
    const bool flagged = s.kind == SetKind::warmup || s.timed || s.outlier;
    if (flagged && !def.include_flagged_sets) continue;
    if (s.exercise >= by_exercise.size()) continue;
    by_exercise[s.exercise].sets.push_back({s.weight_kg, s.reps});
  }
  std::vector<ExerciseHistory> out;
  for (auto& h : by_exercise) {
    if (!h.sets.empty()) out.push_back(std::move(h));
  }
  std::stable_sort(out.begin(), out.end(), [](const ExerciseHistory& a, const ExerciseHistory& b) { return a.name < b.name; });
  return out;
}

}  // namespace exertrack::notebook::predict
