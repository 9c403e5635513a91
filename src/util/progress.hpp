#pragma once
// Progress of work done in pieces (cross-validation folds, Hyperband
// trials): how many of how many are done, the time so far and an estimate
// of the time left, in the order the pieces finish.
#include <chrono>
#include <string>

namespace exertrack {

// "[12/30 trials, 0:42 so far, about 1:03 left] <what>": the estimate
// assumes the remaining pieces take as long as the finished ones did on
// average (none finished: no estimate).
[[nodiscard]] std::string progress_line(const std::string& what, int done, int total, const char* unit, double elapsed_s);

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

}  // namespace exertrack
