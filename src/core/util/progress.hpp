#pragma once
// Progress of work done in pieces (cross-validation folds, Hyperband
// trials): how many of how many are done, the time so far and an estimate
// of the time left, in the order the pieces finish.
#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace exertrack::core::util {

// "[12/30 trials, 0:42 so far, about 1:03 left] <what>": the estimate
// assumes the remaining pieces take as long as the finished ones did on
// average (none finished: no estimate).
[[nodiscard]] std::string progress_line(const std::string& what, int done, int total, const char* unit, double elapsed_s);

// The done and total a progress_line() starts with; nullopt for any other
// line.
[[nodiscard]] std::optional<std::pair<int, int>> progress_of(std::string_view line);

// "m:ss", or "h:mm:ss" from an hour.
[[nodiscard]] std::string clock_text(double seconds);

// Counts pieces as they finish and says progress_line for each; not
// thread-safe (the searches call their progress callbacks one at a time).
class Progress {
 public:
  explicit Progress(const char* unit) : unit_(unit) {}
  // One more of `total` pieces is done (the total comes with each piece: a
  // search knows its schedule only once it runs).
  [[nodiscard]] std::string next(const std::string& what, int total) {
    ++done_;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    return progress_line(what, done_, total, unit_, s);
  }

 private:
  const char* unit_;
  int done_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Where log lines go (the CLI's stderr). On a terminal, progress lines
// redraw one status line with a bar, cut to the terminal's width, and the
// last piece (done == total) or any other line ends it; elsewhere (a pipe,
// a file, CI logs) every line is written whole, one per line, so nothing is
// lost to carriage returns.
class LogSink {
 public:
  LogSink(std::ostream& out, bool terminal, std::string prefix, int columns = 80)
      : out_(out), terminal_(terminal), prefix_(std::move(prefix)), columns_(columns) {}
  LogSink(const LogSink&) = delete;
  LogSink& operator=(const LogSink&) = delete;
  ~LogSink() { finish(); }
  void operator()(const std::string& line);
  // Ends an open status line.
  void finish();

 private:
  std::ostream& out_;
  bool terminal_;
  std::string prefix_;
  int columns_;
  bool open_ = false;
};

}  // namespace exertrack::core::util
