#pragma once
// Running independent training tasks (CV folds, Hyperband trials) on all
// cores without letting the schedule leak into the results.
//
// The rule that makes results identical for every thread count: a task's
// randomness comes from task_seed(run seed, stream, task id), never from the
// order in which threads pick tasks up, and tasks share no mutable state
// except through the queue. Eigen is built with EIGEN_DONT_PARALLELIZE (nn
// stage), so each task is single-threaded and its floating-point order fixed.
//
// Hand-written (about 100 lines) rather than a library: OpenMP tasks give no
// control over which queued task runs next, and oneTBB would be a new
// dependency for what a mutex, a condition variable and std::jthread do
// here (tasks that enqueue follow-up tasks, taken in priority order).
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <queue>
#include <utility>
#include <vector>

namespace exertrack::notebook::tune {

// 0 (or less) -> std::thread::hardware_concurrency() (at least 1).
[[nodiscard]] int resolve_threads(int requested);

// An independent 64-bit seed for task `index` of kind `stream` in a run
// seeded `run_seed` (SplitMix64 finaliser over the three inputs). Different
// (stream, index) pairs give unrelated notebook::nn::Rng sequences.
[[nodiscard]] std::uint64_t task_seed(std::uint64_t run_seed, std::uint64_t stream, std::uint64_t index);

// Stream tags for task_seed.
inline constexpr std::uint64_t kStreamCvFold = 1;
inline constexpr std::uint64_t kStreamTrial = 2;
inline constexpr std::uint64_t kStreamSampling = 3;

// A pool of `threads` workers taking tasks lowest priority key first. A
// running task may submit() more tasks (e.g. a finished Hyperband round
// submits the next round). run() returns when nothing is queued or running.
// If tasks throw, no new task starts and run() rethrows the exception of the
// failing task with the smallest key.
class WorkQueue {
 public:
  using Task = std::function<void()>;

  explicit WorkQueue(int threads);

  void submit(std::int64_t key, Task task);
  void run();

  [[nodiscard]] int threads() const { return threads_; }

 private:
  struct Item {
    std::int64_t key;
    std::uint64_t seq;  // FIFO among equal keys
    Task task;
  };
  struct Later {
    bool operator()(const Item& a, const Item& b) const {
      return a.key != b.key ? a.key > b.key : a.seq > b.seq;
    }
  };
  void worker();

  int threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::priority_queue<Item, std::vector<Item>, Later> queue_;
  std::uint64_t next_seq_ = 0;
  int running_ = 0;
  std::optional<std::pair<std::int64_t, std::exception_ptr>> failure_;
};

// fn(i) for every i in [0, n), lowest i first, on up to `threads` threads.
void parallel_for(std::size_t n, int threads, const std::function<void(std::size_t)>& fn);

}  // namespace exertrack::notebook::tune
