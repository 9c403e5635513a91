#include "stderr_log.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <iostream>

using exertrack::core::util::LogSink;

namespace exertrack::cli {

LogSink& stderr_log() {
  static LogSink log = [] {
    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    winsize size{};
    const int columns = terminal && ::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0 ? size.ws_col : 80;
    return LogSink(std::cerr, terminal, "exertrack: ", columns);
  }();
  return log;
}

}  // namespace exertrack::cli
