#pragma once
// The report of a next-session run (`exertrack train --task next-session`):
// first what the lifter(s) trained on should do next session (the
// recommendations and per-exercise session charts), then how the forecast
// was judged (model beside every baseline, per lifter and macro), the
// action head's feature importance, and the training diagnostics.
//
// Built only from the run directory: metrics.json (read strictly), the
// model file (inference only, no training code) and the data files the run
// names. When those files are gone the lifter section says so and the rest
// is still drawn.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/metrics/next_session_metrics.hpp"
#include "next_session/model/advice.hpp"
#include "report/plots.hpp"

namespace exertrack::report {

// One session of an exercise as its chart shows it, in the lifter's unit.
struct SessionPoint {
  std::int64_t time = 0;
  double top_weight = 0;  // as the lifter logs it
  double top_reps = 0;
  double e1rm = 0;  // Epley; 0 when the session has no positive load
};

struct LifterExercise {
  next_session::model::NextSessionAdvice advice;
  std::vector<SessionPoint> history;  // oldest first
};

struct LifterReport {
  std::string name;
  core::ingest::WeightUnit unit = core::ingest::WeightUnit::kg;
  std::string source;                  // the file read, or "synthetic lifter <name>"
  std::optional<std::string> missing;  // why there is no advice (data gone, unreadable, no model)
  std::optional<std::string> warning;  // the file changed since training (its SHA-256 differs)
  std::vector<LifterExercise> exercises;      // the exercises with working sets, most sessions first
  std::vector<next_session::model::LeftOutExercise> not_strength;  // listed apart, with the reason
};

struct NextSessionRunData {
  std::filesystem::path dir;
  core::metrics::NextSessionMetrics doc;
  std::optional<std::string> model_missing;  // why the model could not be read
  std::vector<LifterReport> lifters;
};

// Reads DIR/metrics.json (core::metrics::next_session_from_json; InputError names
// a missing or renamed key), then the model and each lifter's data.
[[nodiscard]] NextSessionRunData load_next_session_run(const std::filesystem::path& dir);

// Session charts for the most-trained active exercises of each lifter
// (options.top_exercises of one lifter; at most 3 each when there are several).
[[nodiscard]] std::vector<PlotJob> plan_next_session_plots(const NextSessionRunData& run, const PlotOptions& options = {});

// The page. Section ids, in order: next_session_section_ids().
[[nodiscard]] std::string render_next_session_html(const NextSessionRunData& run, const std::vector<Plot>& plots,
                                                   const std::filesystem::path& plots_dir, const std::string& inline_format);

[[nodiscard]] const std::vector<std::string>& next_session_section_ids();

// Rows of a lifter's recommendations table shown before the rest folds away
// (the rest stays in the page, one click away).
inline constexpr std::size_t kRecommendationRowsShown = 25;

}  // namespace exertrack::report
