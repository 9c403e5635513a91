#pragma once
// Every plot of a run, drawn by gnuplot (Debian's gnuplot-nox, pngcairo and
// svg terminals).
//
// Why gnuplot: PLplot (libplplot-dev, pngcairo/svgcairo drivers) was tried
// on the same training-history plot. Both are real plotting libraries, but
// gnuplot's defaults looked clearly better (PLplot's legend sat on the
// curves and its tick labels were oversized), and gnuplot has what these
// plots need built in: annotated heatmaps ("matrix with image" + labels),
// box plots, time axes, multiplot panels. It runs as a separate process
// (no link dependency, a crash cannot take the CLI down) with a time limit.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "report/run_data.hpp"

namespace exertrack::report {

struct Plot {
  std::string name;     // file stem: DIR/plots/<name>.png and .svg
  std::string title;    // shown on the picture and stored in its title
  std::string caption;  // one or two sentences for the report
  std::string group;    // report subsection: training, evaluation, data, cv, tuning, exercises
};

struct PlotOptions {
  int top_exercises = 6;  // exercise-history plots for the most-logged exercises
  std::chrono::milliseconds timeout{60000};  // per gnuplot run
  std::string gnuplot = "gnuplot";
};

// A gnuplot script and its data files, before it runs.
struct PlotJob {
  Plot plot;
  std::vector<std::pair<std::string, std::string>> data_files;  // name -> content
  std::string body;  // the plotting commands, run once per output format
  int width = 1200;
  int height = 500;
};

// The jobs a run gives: training history, confusion matrix, label
// distribution, CV folds (when metrics.json has "cv"), Hyperband trials
// (when it has "tuning"), feature distributions, exercise histories.
[[nodiscard]] std::vector<PlotJob> plan_plots(const RunData& run, const PlotOptions& options = {});

// Runs each job in a fresh temporary directory, then replaces `plots_dir`
// (DIR/plots) with the new pictures in one rename, so a reader sees the old
// set or the new one. Each PNG gets an iTXt Title chunk, each SVG a <title>.
// Throws std::runtime_error with gnuplot's message if a script fails.
[[nodiscard]] std::vector<Plot> render_plots(const std::vector<PlotJob>& jobs, const std::filesystem::path& plots_dir,
                                             const PlotOptions& options = {});

// A gnuplot double-quoted string literal for `text` (\, " and newlines escaped).
[[nodiscard]] std::string gnuplot_string(std::string_view text);

// "Bench Press (Barbell)" -> "bench-press-barbell" (ASCII letters and digits).
[[nodiscard]] std::string slug(std::string_view text);

}  // namespace exertrack::report
