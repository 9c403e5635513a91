#pragma once
// From exports to lifters: one file is one lifter.
#include <filesystem>
#include <string>
#include <vector>

#include "core/ingest/workout_log.hpp"
#include "next_session/train/train.hpp"

namespace exertrack::next_session::train {

// The lifter a log holds: its sessions and transitions under `def`.
[[nodiscard]] Lifter lifter_from_log(const core::ingest::WorkoutLog& log, std::string name, core::ingest::WeightUnit unit,
                                     const next_session::model::ForecastDefinition& def);

// The files --data names: a file is itself; a directory is every regular
// file in it with a .csv or .txt extension, sorted by name (so results do
// not depend on the directory's order). Throws InputError for a path that
// does not exist or a directory without exports.
[[nodiscard]] std::vector<std::filesystem::path> expand_data_paths(const std::vector<std::filesystem::path>& paths);

}  // namespace exertrack::next_session::train
