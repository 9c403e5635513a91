#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "report/report.hpp"

namespace exertrack::cli {

void add_report_command(CLI::App& app) {
  struct Options {
    std::string dir;
    std::string positional_dir;
    report::ReportOptions report;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Rebuild plots/ and report.html in a run directory written by `exertrack train` (either task)");
  CLI::Option* out = cmd->add_option("--out", o->dir,
                                     "Run directory, read and rewritten (notebook: metrics.json, history.csv, dataset.csv, ...; "
                                     "next-session: metrics.json, model/, and the data files metrics.json names)");
  // `report DIR` was the command's first form; it stays as a shorthand for --out.
  cmd->add_option("dir", o->positional_dir, "The run directory, as --out")->excludes(out);
  cmd->add_option("--top-exercises", o->report.plots.top_exercises, "Exercise-history plots for this many most-logged exercises (next-session: session charts per lifter, "
                  "at most 3 each when the run has several lifters)")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  cmd->add_option("--inline", o->report.inline_format, "Pictures inlined in report.html as svg or png")
      ->check(CLI::IsMember({"svg", "png"}))
      ->capture_default_str();
  cmd->callback([o] {
    if (o->dir.empty()) o->dir = o->positional_dir;
    if (o->dir.empty()) throw CLI::RequiredError("--out");
    // Resolved once, here: gnuplot runs in DIR/plots.
    o->dir = std::filesystem::absolute(o->dir).lexically_normal().string();
    const report::ReportResult r = report::write_report(o->dir, o->report);
    std::cout << "wrote " << r.html.string() << " and " << r.plots.size() << " plots (PNG and SVG) in "
              << r.plots_dir.string() << "\n";
  });
}

}  // namespace exertrack::cli
