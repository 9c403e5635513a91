#pragma once
// The report of a training run: DIR/plots/*.png|svg and one self-contained
// DIR/report.html, built only from the files of the run directory, so
// `exertrack report DIR` can rebuild it without retraining.
#include <filesystem>
#include <string>
#include <vector>

#include "report/plots.hpp"
#include "report/run_data.hpp"

namespace exertrack::report {

struct ReportOptions {
  PlotOptions plots;
  // How pictures are inlined in report.html: "svg" (sharp at any zoom and in
  // print) or "png".
  std::string inline_format = "svg";
};

struct ReportResult {
  std::filesystem::path html;       // DIR/report.html
  std::filesystem::path plots_dir;  // DIR/plots
  std::vector<Plot> plots;
};

// Reads the run directory, draws every plot and writes report.html
// (either task's page: a next-session run's metrics.json says so in "task")
// (atomically). Throws InputError when the directory is not a readable run,
// std::runtime_error when gnuplot fails.
ReportResult write_report(const std::filesystem::path& dir, const ReportOptions& options = {});

// True when DIR/metrics.json is a next-session run's (next_session.hpp
// draws its page).
[[nodiscard]] bool is_next_session_run(const std::filesystem::path& dir);

// The page, from a loaded run and its rendered plots (read from plots_dir).
// Every section has a stable id: lifter (the exercises, first), summary,
// hyperparameters, cv, tuning, test-metrics, plots, timings, model-card.
[[nodiscard]] std::string render_html(const RunData& run, const std::vector<Plot>& plots,
                                      const std::filesystem::path& plots_dir, const ReportOptions& options = {});

// The section ids render_html writes, in page order.
[[nodiscard]] const std::vector<std::string>& section_ids();

}  // namespace exertrack::report
