#pragma once
// The notebook's feature engineering (docs/notebook.md steps 2-6), in ONE
// implementation that training (whole logs) and serving (one exercise's
// history) both call, so the two can never disagree.
#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/workout_log.hpp"

namespace exertrack::notebook::features {

// Output order of the classifier: the class names sorted (step 6).
inline constexpr std::array<std::string_view, 3> kClassNames = {
    "increase reps", "increase weight", "increase weight, decrease reps"};
inline constexpr int kClassCount = 3;
inline constexpr std::array<std::string_view, 4> kFeatureNames = {
    "Weight Change %", "Reps Change %", "Weight Moving Average", "Reps Moving Average"};
inline constexpr int kFeatureCount = 4;

// Everything that defines the features and labels; recorded in every model
// so serving computes exactly what training saw.
struct FeatureDefinition {
  // "notebook": the notebook as written (a 0 -> x change labels as +inf, then
  // becomes 0 in the features: the label leak). "v2": changes are clamped to
  // +-change_cap before labelling, so labels and features agree.
  std::string name = "notebook";
  double change_cap = std::numeric_limits<double>::infinity();
  int window = 5;              // moving-average length, min_periods 1
  double iqr_k = 1.5;          // Q1 - k*IQR <= Weight <= Q3 + k*IQR is kept
  // The label rule (step 5).
  double weight_step_pct = 5;          // "weight went up" threshold...
  double weight_step_pct_heavy = 4;    // ...when Weight Moving Average > heavy_kg
  double heavy_kg = 100;
  double reps_jump_pct = 20;           // "reps went up a lot" threshold...
  double reps_jump_pct_high = 16;      // ...when Reps Moving Average > high_reps
  double high_reps = 15;
  double reps_flat_pct = 5;            // reps "held" below this change
  // Warm-up, timed (cardio) and outlier sets (as the reader flags them) enter
  // the progression only when this is set. The notebook used every row, so
  // its definition sets it; v2 leaves them out.
  bool include_flagged_sets = true;
};

[[nodiscard]] FeatureDefinition notebook_definition();
[[nodiscard]] FeatureDefinition v2_definition();
// "notebook" or "v2"; throws InputError otherwise.
[[nodiscard]] FeatureDefinition definition_by_name(std::string_view name);

struct FeatureVector {
  double weight_change_pct = 0;
  double reps_change_pct = 0;
  double weight_ma = 0;
  double reps_ma = 0;
};

// One set of one exercise, in kilograms.
struct SetValues {
  double weight_kg = 0;
  double reps = 0;
};

// Step 3 for one exercise's sets in order: % changes (pandas pct_change*100:
// first NaN, x/0 = +-inf, 0/0 = NaN) and rolling means, then NaN -> 0 and the
// definition's cap. Infinities are still present: labelling needs them.
[[nodiscard]] std::vector<FeatureVector> raw_sequence_features(std::span<const SetValues> sets,
                                                               const FeatureDefinition& def);
// Step 5 on one raw feature vector; returns the class index into kClassNames.
[[nodiscard]] int rule_label(const FeatureVector& raw, const FeatureDefinition& def);
// Step 6: +-inf -> 0. What the model sees.
[[nodiscard]] FeatureVector model_features(const FeatureVector& raw);

struct FeatureRow {
  std::uint32_t source_row = 0;
  std::uint32_t exercise = 0;  // index into FeatureTable::exercises
  std::int32_t set_order = 0;
  std::int64_t time = 0;
  double weight = 0;  // kg
  double reps = 0;
  FeatureVector features;  // model features (after step 6)
  int label = 0;
};

struct FeatureTable {
  FeatureDefinition definition;
  std::vector<std::string> exercises;
  std::vector<FeatureRow> rows;  // the notebook's order: by (exercise, date), stable
  std::size_t rows_in = 0;       // sets that entered feature engineering
  std::size_t rows_skipped_flagged = 0;  // warm-up / timed / outlier sets left out
  double weight_q1 = 0, weight_q3 = 0, weight_lower = 0, weight_upper = 0;  // kg
  std::array<std::size_t, kClassCount> label_counts{};
};

// Steps 2-6 over a whole log.
[[nodiscard]] FeatureTable build_feature_table(const core::ingest::WorkoutLog& log, const FeatureDefinition& def);

// The table as CSV, in the reference file's layout (floats with 17
// significant digits, pandas' minimal quoting).
[[nodiscard]] std::string feature_table_csv(const FeatureTable& table);

// numpy.percentile(values, q*100) with linear interpolation; `sorted` ascending.
[[nodiscard]] double linear_quantile(std::span<const double> sorted, double q);

}  // namespace exertrack::notebook::features
