#pragma once
// Lifters for the commands that learn across them (train --task
// next-session, evaluate): --data may repeat, one file is one lifter, a
// directory is every export in it; without --data, the embedded synthetic
// lifters.
#include <CLI/CLI.hpp>
#include <initializer_list>
#include <string>
#include <vector>

#include "data_options.hpp"
#include "next_session/train/train.hpp"

namespace exertrack::cli {

// Reads every lifter of --data (the reading summary of each on stderr
// unless quiet).
[[nodiscard]] std::vector<next_session::train::Lifter> load_lifters(const DataOptions& data, const next_session::model::ForecastDefinition& def, bool quiet);

// The next-session model's tree flags (--rounds, --max-depth, --eta,
// --min-child-weight), their defaults from next_session::train::ForecastTrainOptions.
void add_forecast_train_options(CLI::App& cmd, next_session::train::ForecastTrainOptions& options);
inline constexpr std::initializer_list<const char*> kForecastTrainFlags = {"--rounds", "--max-depth", "--eta",
                                                                           "--min-child-weight"};

// Throws InputError naming the first of `flags` given on `cmd`, with `why`
// (flags that mean nothing for the chosen task are an error, not ignored).
void reject_flags(const CLI::App& cmd, std::initializer_list<const char*> flags, const std::string& why);

}  // namespace exertrack::cli
