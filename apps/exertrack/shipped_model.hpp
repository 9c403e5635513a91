#pragma once
// The model a command answers with when no --model is given: the
// next-session model shipped with exertrack (models/next-session in the
// source tree, share/exertrack/models/next-session under an install prefix),
// trained by scripts/build-model.sh on the 51 lifters of docs/model-card.md.
#include <filesystem>
#include <string>

#include "next_session/model/forecast_model.hpp"

namespace exertrack::cli {

// Where the shipped model is: beside an installed binary first (so an
// install never reads the source tree it was built from), then the source
// tree's models/ (a build tree). Throws InputError naming both places.
[[nodiscard]] std::filesystem::path shipped_model_dir();

// --model's value, or the shipped model when it is empty.
[[nodiscard]] std::filesystem::path model_dir_or_shipped(const std::string& model_flag);

// "exertrack: model DIR (shipped|given): <training summary>", the one line
// on stderr that says which model answered.
void announce_model(const std::filesystem::path& dir, const std::string& summary, bool shipped);
void announce_model(const std::filesystem::path& dir, const next_session::model::ForecastModel& model, bool shipped);

}  // namespace exertrack::cli
