#include "util/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace exertrack {

std::string clock_text(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

std::string progress_line(const std::string& what, int done, int total, const char* unit, double elapsed_s) {
  std::string head = "[" + std::to_string(done) + "/" + std::to_string(total) + " " + unit + ", " + clock_text(elapsed_s) + " so far";
  if (done > 0 && done < total) head += ", about " + clock_text(elapsed_s / done * (total - done)) + " left";
  return head + "] " + what;
}

}  // namespace exertrack
