#include "serve/access_log.hpp"

namespace exertrack::serve {

AccessLog::AccessLog(std::FILE* out, std::chrono::milliseconds flush_every) : out_(out), flush_every_(flush_every) {
  flusher_ = std::thread([this] {
    std::unique_lock lock(m_);
    while (!stopping_) {
      cv_.wait_for(lock, flush_every_, [&] { return stopping_; });
      if (dirty_) {
        std::fflush(out_);
        dirty_ = false;
      }
    }
  });
}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(m_);
    stopping_ = true;
  }
  cv_.notify_all();
  flusher_.join();
  std::fflush(out_);
}

void AccessLog::write(std::string_view line) {
  std::lock_guard lock(m_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fputc('\n', out_);
  dirty_ = true;
}

void AccessLog::flush() {
  std::lock_guard lock(m_);
  std::fflush(out_);
  dirty_ = false;
}

}  // namespace exertrack::serve
