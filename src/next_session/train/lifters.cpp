#include "next_session/train/lifters.hpp"

#include <algorithm>

#include "core/util/error.hpp"

using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::InputError;
using exertrack::next_session::model::build_sessions;
using exertrack::next_session::model::ForecastDefinition;

namespace exertrack::next_session::train {

Lifter lifter_from_log(const WorkoutLog& log, std::string name, WeightUnit unit, const ForecastDefinition& def) {
  Lifter l;
  l.name = name;
  l.sessions = build_sessions(log, std::move(name));
  l.unit = unit;
  l.transitions = transitions_of(l.sessions, def);
  return l;
}

std::vector<std::filesystem::path> expand_data_paths(const std::vector<std::filesystem::path>& paths) {
  std::vector<std::filesystem::path> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::directory_iterator(p)) {
        const std::string ext = entry.path().extension().string();
        if (entry.is_regular_file() && (ext == ".csv" || ext == ".CSV" || ext == ".txt")) files.push_back(entry.path());
      }
      if (files.empty()) throw InputError(p.string() + ": directory holds no export (.csv)");
      std::sort(files.begin(), files.end());
      out.insert(out.end(), files.begin(), files.end());
    } else if (std::filesystem::exists(p, ec)) {
      out.push_back(p);
    } else {
      throw InputError(p.string() + ": no such file or directory");
    }
  }
  return out;
}

}  // namespace exertrack::next_session::train
