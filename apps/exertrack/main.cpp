// exertrack: the command line. It parses flags and calls the library; the
// work lives in src/.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "core/util/error.hpp"
#include "stderr_log.hpp"
#include "usage.hpp"

int main(int argc, char** argv) {
  CLI::App app{"exertrack: learns from a lifter's workout history and recommends, per exercise, what to do next session"};
  app.name("exertrack");  // not argv[0]: usage lines name the command as users type it
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("exertrack ") + EXERTRACK_VERSION);
  exertrack::cli::add_features_command(app);
  exertrack::cli::add_synth_command(app);
  exertrack::cli::add_train_command(app);
  exertrack::cli::add_report_command(app);
  exertrack::cli::add_predict_command(app);
  exertrack::cli::add_recommend_command(app);
  exertrack::cli::add_serve_command(app);
  exertrack::cli::add_evaluate_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return exertrack::cli::report_parse_error(app, e, argc, argv);
  } catch (const exertrack::core::util::InputError& e) {
    exertrack::cli::stderr_log().finish();
    std::cerr << "exertrack: error: " << e.what() << "\n";
    return exertrack::cli::kUsageExit;
  } catch (const std::exception& e) {
    exertrack::cli::stderr_log().finish();
    std::cerr << "exertrack: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
