#include <iostream>
#include <memory>

#include "commands.hpp"
#include "synth/synth.hpp"
#include "util/files.hpp"

namespace exertrack::cli {

void add_synth_command(CLI::App& app) {
  auto opts = std::make_shared<SynthOptions>();
  auto out = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("synth", "Write the embedded synthetic workout log as a Strong CSV export");
  cmd->add_option("--out", *out, "Output CSV")->required();
  cmd->add_option("--seed", opts->seed, "Random seed")->capture_default_str();
  cmd->add_option("--weeks", opts->weeks, "Weeks of training to generate")->check(CLI::Range(1, 100000))->capture_default_str();
  cmd->add_option("--rows", opts->rows, "Generate exactly this many set rows instead of --weeks");
  cmd->callback([opts, out] { write_file_atomic(*out, synth_strong_csv(*opts)); });
}

}  // namespace exertrack::cli
