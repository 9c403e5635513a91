#include "notebook/tune/parallel.hpp"

#include <algorithm>
#include <thread>

namespace exertrack::notebook::tune {
namespace {

// SplitMix64's output function (Steele, Lea & Flood 2014): a bijection on
// 64 bits with full avalanche, so neighbouring ids give unrelated seeds.
std::uint64_t mix(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31U);
}

}  // namespace

int resolve_threads(int requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

std::uint64_t task_seed(std::uint64_t run_seed, std::uint64_t stream, std::uint64_t index) {
  return mix(mix(mix(run_seed) ^ stream) ^ index);
}

WorkQueue::WorkQueue(int threads) : threads_(resolve_threads(threads)) {}

void WorkQueue::submit(std::int64_t key, Task task) {
  {
    const std::lock_guard lock(mutex_);
    queue_.push(Item{key, next_seq_++, std::move(task)});
  }
  wake_.notify_one();
}

void WorkQueue::worker() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return failure_ || !queue_.empty() || running_ == 0; });
    if (failure_ || queue_.empty()) {
      // Nothing runnable: finished when no running task can submit more.
      if (failure_ || running_ == 0) {
        wake_.notify_all();
        return;
      }
      continue;
    }
    // priority_queue::top is const; the task is moved out before pop.
    Item item = std::move(const_cast<Item&>(queue_.top()));  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    queue_.pop();
    ++running_;
    lock.unlock();
    std::exception_ptr error;
    try {
      item.task();
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    --running_;
    if (error && (!failure_ || item.key < failure_->first)) failure_.emplace(item.key, error);
    wake_.notify_all();
  }
}

void WorkQueue::run() {
  {
    const std::lock_guard lock(mutex_);
    failure_.reset();
  }
  {
    std::vector<std::jthread> workers;
    workers.reserve(static_cast<std::size_t>(threads_));
    for (int i = 0; i < threads_; ++i) workers.emplace_back([this] { worker(); });
  }  // jthreads join here
  const std::lock_guard lock(mutex_);
  while (!queue_.empty()) queue_.pop();  // left over after a failure
  if (failure_) std::rethrow_exception(failure_->second);
}

void parallel_for(std::size_t n, int threads, const std::function<void(std::size_t)>& fn) {
  WorkQueue queue(std::min<int>(resolve_threads(threads), static_cast<int>(std::max<std::size_t>(n, 1))));
  for (std::size_t i = 0; i < n; ++i) queue.submit(static_cast<std::int64_t>(i), [&fn, i] { fn(i); });
  queue.run();
}

}  // namespace exertrack::notebook::tune
