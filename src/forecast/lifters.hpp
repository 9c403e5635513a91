#pragma once
// From exports to lifters: one file is one lifter.
#include <filesystem>
#include <string>
#include <vector>

#include "forecast/train.hpp"
#include "ingest/workout_log.hpp"

namespace exertrack::forecast {

// The lifter a log holds: its sessions and transitions under `def`.
[[nodiscard]] Lifter lifter_from_log(const WorkoutLog& log, std::string name, WeightUnit unit,
                                     const ForecastDefinition& def);

// The files --data names: a file is itself; a directory is every regular
// file in it with a .csv or .txt extension, sorted by name (so results do
// not depend on the directory's order). Throws InputError for a path that
// does not exist or a directory without exports.
[[nodiscard]] std::vector<std::filesystem::path> expand_data_paths(const std::vector<std::filesystem::path>& paths);

}  // namespace exertrack::forecast
