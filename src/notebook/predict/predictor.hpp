#pragma once
// Serving a model: one exercise's history in, the label, the class
// probabilities and a concrete next-session target out. Features come from
// the ONE implementation (notebook/features/features.hpp) with the definition the
// model recorded, so serving sees exactly what training saw; the exported
// model takes raw features (standardization folded in), so nothing is scaled
// here.
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/ingest/workout_log.hpp"
#include "notebook/export/tfjs.hpp"
#include "notebook/features/features.hpp"
#include "notebook/nn/mlp.hpp"
#include "notebook/nn/row_inference.hpp"
#include "notebook/predict/target.hpp"

namespace exertrack::notebook::predict {

// One set as the lifter logged it, in the history's unit.
struct HistorySet {
  double weight = 0;  // 0 = bodyweight, negative = assisted
  double reps = 0;
};

// One exercise's sets, oldest first (every set, as training saw them; the
// last one is what the recommendation follows).
struct ExerciseHistory {
  std::string name;
  core::ingest::WeightUnit unit = core::ingest::WeightUnit::kg;          // unit of sets[].weight
  std::optional<core::ingest::WeightUnit> target_unit;     // unit of the target; default `unit`
  std::optional<core::units::Equipment> equipment;        // default: from the name
  std::optional<double> increment;           // default: the model's step for the target unit and equipment
  std::optional<double> reps_step;           // default 1
  // Round the last weight (in the target unit) to this many decimals before
  // the target rule sees it: set for weights converted from another unit
  // (a pound log read as kg), so 275 lb reads "124.74 kg", not 124.7379...
  std::optional<int> last_weight_decimals;
  std::vector<HistorySet> sets;
};

// Label and probabilities, in kClassNames order (whatever order the model's
// outputs are in).
struct Prediction {
  int label = 0;  // index into kClassNames
  std::array<float, notebook::features::kClassCount> probabilities{};
};

struct Recommendation {
  std::string name;
  core::units::Equipment equipment = core::units::Equipment::other;
  Prediction prediction;
  int rule_label = 0;      // the labelling rule on the last set (what training's labels say)
  notebook::features::FeatureVector features;  // the model's input for the last set
  Target last_set;         // the last set as the target rule saw it (target unit)
  Target target;
  std::string reason;
};

// Scratch buffers for one thread's predictions: after the first call a
// recommendation allocates only its result strings.
struct PredictWorkspace {
  notebook::nn::RowWorkspace row;
  std::vector<notebook::features::SetValues> kg;
  std::vector<notebook::features::FeatureVector> raw;
};

class Predictor {
 public:
  // Throws InputError when the model does not take the 4 features, its
  // classes are not the 3 exertrack labels, its metadata says it takes
  // standardized (not raw) inputs, or its "target_rule" is malformed. A
  // model without "target_rule" (written before models carried it) steps
  // by TargetRules' defaults.
  explicit Predictor(notebook::export_::LoadedModel model);

  // read_tfjs_model(dir) + the checks above; dir may also be a run directory
  // (the model then is dir/model).
  [[nodiscard]] static Predictor load(const std::filesystem::path& model_dir);

  // The model on one vector of model features (after step 6; ±inf are made 0).
  [[nodiscard]] Prediction predict(const notebook::features::FeatureVector& features, PredictWorkspace& ws) const;
  [[nodiscard]] Prediction predict(const notebook::features::FeatureVector& features) const;

  // The recommendation after the history's last set. Throws InputError when
  // the history is empty or holds a non-finite weight, a negative or
  // non-finite reps value, or a bad increment / reps step.
  [[nodiscard]] Recommendation recommend(const ExerciseHistory& history, PredictWorkspace& ws) const;
  [[nodiscard]] Recommendation recommend(const ExerciseHistory& history) const;

  [[nodiscard]] const notebook::export_::LoadedModel& model() const { return model_; }
  [[nodiscard]] const notebook::features::FeatureDefinition& definition() const { return model_.definition; }
  [[nodiscard]] const TargetRules& target_rules() const { return rules_; }

 private:
  notebook::export_::LoadedModel model_;
  TargetRules rules_;
  notebook::nn::RowInference row_;  // model_.model, laid out for one row at a time
  std::array<int, notebook::features::kClassCount> output_to_class_{};  // model output index -> kClassNames index
};

// Every exercise of a log as a history, in the order the features stage
// groups them (by name, bytewise; sets in time order, file order among equal
// times), skipping warm-up / timed / outlier sets unless the definition
// includes them. Weights stay in kg (exact training values); target_unit is
// `target_unit` and last_weight_decimals 2. Exercises left without sets are
// omitted.
[[nodiscard]] std::vector<ExerciseHistory> histories_from_log(const core::ingest::WorkoutLog& log, const notebook::features::FeatureDefinition& def,
                                                              core::ingest::WeightUnit target_unit);

}  // namespace exertrack::notebook::predict
