#include "core/util/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace exertrack::core::util {

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

std::optional<std::pair<int, int>> progress_of(std::string_view line) {
  int done = 0;
  int total = 0;
  int used = 0;
  // "[%d/%d " is the head progress_line writes; nothing else starts so.
  const std::string text(line.substr(0, 32));
  if (std::sscanf(text.c_str(), "[%d/%d %n", &done, &total, &used) != 2 || used == 0) return std::nullopt;
  if (done < 0 || total <= 0 || done > total) return std::nullopt;
  return std::pair{done, total};
}

namespace {

// The first `columns` characters of UTF-8 `text` (the lines carry "·" and
// "±"), cut between characters, never inside one.
std::string first_columns(const std::string& text, int columns) {
  int seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte
    if (seen++ == columns) return text.substr(0, i);
  }
  return text;
}

}  // namespace

void LogSink::operator()(const std::string& line) {
  const auto progress = terminal_ ? progress_of(line) : std::nullopt;
  if (!progress) {
    finish();
    out_ << prefix_ << line << "\n" << std::flush;
    return;
  }
  const auto [done, total] = *progress;
  constexpr int kBar = 20;
  const int filled = done * kBar / total;
  const std::string bar = "[" + std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(kBar - filled), '-') + "] ";
  // \r and erase-to-end-of-line (ECMA-48 EL): the status line is redrawn in place.
  out_ << "\r\x1b[K" << first_columns(prefix_ + bar + line, std::max(columns_ - 1, 1));
  open_ = done < total;
  if (!open_) out_ << "\n";
  out_ << std::flush;
}

void LogSink::finish() {
  if (!open_) return;
  out_ << "\n" << std::flush;
  open_ = false;
}

}  // namespace exertrack::core::util
