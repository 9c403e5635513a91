#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "report/report.hpp"

namespace exertrack::cli {

void add_report_command(CLI::App& app) {
  struct Options {
    std::string dir;
    report::ReportOptions report;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Rebuild DIR/plots/ and DIR/report.html from a run directory written by `exertrack train` (either task)");
  cmd->add_option("dir", o->dir,
                  "Run directory (notebook: metrics.json, history.csv, dataset.csv, ...; next-session: metrics.json, "
                  "model/, and the data files metrics.json names)")
      ->required();
  cmd->add_option("--top-exercises", o->report.plots.top_exercises, "Exercise-history plots for this many most-logged exercises (next-session: session charts per lifter, "
                  "at most 3 each when the run has several lifters)")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  cmd->add_option("--inline", o->report.inline_format, "Pictures inlined in report.html as svg or png")
      ->check(CLI::IsMember({"svg", "png"}))
      ->capture_default_str();
  cmd->callback([o] {
    // Resolved once, here: gnuplot runs in DIR/plots.
    o->dir = std::filesystem::absolute(o->dir).lexically_normal().string();
    const report::ReportResult r = report::write_report(o->dir, o->report);
    std::cout << "wrote " << r.html.string() << " and " << r.plots.size() << " plots (PNG and SVG) in "
              << r.plots_dir.string() << "\n";
  });
}

}  // namespace exertrack::cli
