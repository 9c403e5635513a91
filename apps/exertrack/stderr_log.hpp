#pragma once
// The CLI's log on stderr, one sink for every command: a terminal gets a
// progress bar redrawn in place, a pipe or a file gets whole lines.
#include <string>

#include "core/util/progress.hpp"

namespace exertrack::cli {

// The process's one stderr log ("exertrack: " before each line); it knows
// whether stderr is a terminal and how wide it is.
[[nodiscard]] core::util::LogSink& stderr_log();

// A log callback for the library: the line to stderr_log(), or nowhere when quiet.
inline auto log_to_stderr(bool quiet) {
  return [quiet](const std::string& line) {
    if (!quiet) stderr_log()(line);
  };
}

}  // namespace exertrack::cli
