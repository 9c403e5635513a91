#include "shipped_model.hpp"

#include <iostream>
#include <system_error>

#include "core/util/error.hpp"

using exertrack::core::util::InputError;
using exertrack::next_session::model::ForecastModel;
using exertrack::next_session::model::is_forecast_model_dir;

namespace exertrack::cli {

std::filesystem::path shipped_model_dir() {
  std::error_code ec;
  // /proc/self/exe: the binary itself, wherever it was started from (argv[0]
  // may be a bare name found on PATH).
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::filesystem::path installed;
  if (!ec) installed = (exe.parent_path() / EXERTRACK_INSTALLED_MODEL_DIR).lexically_normal();
  const std::filesystem::path source = EXERTRACK_SOURCE_MODEL_DIR;
  for (const auto& dir : {installed, source}) {
    if (!dir.empty() && is_forecast_model_dir(dir)) return dir;
  }
  throw InputError("no --model given, and the shipped model is in neither " +
                   (installed.empty() ? std::string("(the binary's own directory is unknown)") : installed.string()) +
                   " nor " + source.string() + "; give --model DIR (a directory `exertrack train` wrote)");
}

std::filesystem::path model_dir_or_shipped(const std::string& model_flag) {
  return model_flag.empty() ? shipped_model_dir() : std::filesystem::path(model_flag);
}

void announce_model(const std::filesystem::path& dir, const std::string& summary, bool shipped) {
  std::cerr << ("exertrack: model " + dir.string() + (shipped ? " (shipped)" : "") + ": " + summary + "\n") << std::flush;
}

void announce_model(const std::filesystem::path& dir, const ForecastModel& model, bool shipped) {
  announce_model(dir, model.training_summary(), shipped);
}

}  // namespace exertrack::cli
