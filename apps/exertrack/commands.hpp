#pragma once
// One function per subcommand; each lives in cmd_<name>.cpp.
#include <CLI/CLI.hpp>

namespace exertrack::cli {

void add_features_command(CLI::App& app);
void add_synth_command(CLI::App& app);
void add_train_command(CLI::App& app);
void add_report_command(CLI::App& app);
void add_predict_command(CLI::App& app);
void add_recommend_command(CLI::App& app);
void add_serve_command(CLI::App& app);
void add_evaluate_command(CLI::App& app);

}  // namespace exertrack::cli
