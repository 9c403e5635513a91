#pragma once
// The report of a training run: DIR/plots/*.png|svg and one self-contained
// DIR/report.html, built only from the files of the run directory, so
// `exertrack report DIR` can rebuild it without retraining.
#include <filesystem>
#include <memory>
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
// (atomically), through the run's RunReport. Throws InputError when the
// directory is not a readable run, std::runtime_error when gnuplot fails.
ReportResult write_report(const std::filesystem::path& dir, const ReportOptions& options = {});

// The report of one run, whichever task it trained: its plots and its page.
// The task is asked once, when the run is read (load_run_report).
class RunReport {
 public:
  virtual ~RunReport() = default;
  [[nodiscard]] virtual std::vector<PlotJob> plan_plots(const PlotOptions& options) const = 0;
  [[nodiscard]] virtual std::string render_html(const std::vector<Plot>& plots, const std::filesystem::path& plots_dir,
                                                const ReportOptions& options) const = 0;
};

// Reads DIR: a next-session run when its metrics.json says so in "task"
// (next_session.hpp draws its page), else a notebook run (run_data.hpp).
[[nodiscard]] std::unique_ptr<const RunReport> load_run_report(const std::filesystem::path& dir);

// True when DIR/metrics.json is a next-session run's.
[[nodiscard]] bool is_next_session_run(const std::filesystem::path& dir);

// The page, from a loaded run and its rendered plots (read from plots_dir).
// Every section has a stable id: lifter (the exercises, first), summary,
// hyperparameters, cv, tuning, test-metrics, plots, timings, model-card.
[[nodiscard]] std::string render_html(const RunData& run, const std::vector<Plot>& plots,
                                      const std::filesystem::path& plots_dir, const ReportOptions& options = {});

// The section ids render_html writes, in page order.
[[nodiscard]] const std::vector<std::string>& section_ids();

}  // namespace exertrack::report
