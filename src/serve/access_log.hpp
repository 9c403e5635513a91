#pragma once
// The access log's sink: one line per request into a FILE, buffered so a
// busy server makes one write per batch instead of one per request, and
// flushed at least every `flush_every` by a background thread (and on
// destruction), so `tail -f` stays current.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string_view>
#include <thread>

namespace exertrack::serve {

class AccessLog {
 public:
  // `out` stays owned by the caller and must outlive this object.
  explicit AccessLog(std::FILE* out, std::chrono::milliseconds flush_every = std::chrono::milliseconds(200));
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // Appends `line` and a newline. Thread-safe.
  void write(std::string_view line);
  void flush();

 private:
  std::FILE* out_;
  std::chrono::milliseconds flush_every_;
  std::mutex m_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool dirty_ = false;
  std::thread flusher_;
};

}  // namespace exertrack::serve
