#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"
#include "synth/synth.hpp"

using exertrack::core::util::InputError;
using exertrack::core::util::write_file_atomic;
using exertrack::synth::SynthCohortOptions;
using exertrack::synth::SynthLifter;
using exertrack::synth::SynthOptions;

namespace exertrack::cli {

void add_synth_command(CLI::App& app) {
  auto opts = std::make_shared<SynthOptions>();
  auto cohort = std::make_shared<SynthCohortOptions>();
  auto out = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "synth", "Write the embedded synthetic workout log as a Strong CSV export, or with --lifters N one CSV per lifter into --out DIR");
  cmd->add_option("--out", *out, "Output CSV (with --lifters: a directory)")->required();
  cmd->add_option("--seed", opts->seed, "Random seed")->capture_default_str();
  auto* weeks = cmd->add_option("--weeks", opts->weeks, "Weeks of training to generate")
                    ->check(CLI::Range(1, 100000))
                    ->capture_default_str();
  auto* rows = cmd->add_option("--rows", opts->rows, "Generate exactly this many set rows instead of --weeks");
  auto* lifters = cmd->add_option("--lifters", cohort->lifters, "Write this many lifters, each on its own program")
                      ->check(CLI::Range(1, 1000));
  // Each length option answers a different question; taking one silently
  // over the other would write a file the user did not ask for.
  cmd->callback([opts, cohort, out, weeks, rows, lifters] {
    const int lengths = (weeks->count() > 0 ? 1 : 0) + (rows->count() > 0 ? 1 : 0) + (lifters->count() > 0 ? 1 : 0);
    if (lengths > 1) throw InputError("synth: give only one of --weeks, --rows and --lifters");
    if (lifters->count() == 0) {
      write_file_atomic(*out, synth_strong_csv(*opts));
      return;
    }
    cohort->seed = opts->seed;
    std::filesystem::create_directories(*out);
    for (const SynthLifter& l : synth_lifters(*cohort)) {
      write_file_atomic((std::filesystem::path(*out) / (l.name + ".csv")).string(), l.csv);
    }
  });
}

}  // namespace exertrack::cli
