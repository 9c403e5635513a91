#include "notebook/tune/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace exertrack::notebook::tune {
namespace {

TEST(Parallel, ResolveThreads) {
  EXPECT_GE(resolve_threads(0), 1);
  EXPECT_EQ(resolve_threads(0), resolve_threads(-3));
  EXPECT_EQ(resolve_threads(3), 3);
}

TEST(Parallel, TaskSeedsAreDistinctAndStable) {
  std::set<std::uint64_t> seen;
  for (std::uint64_t stream = 1; stream <= 3; ++stream) {
    for (std::uint64_t i = 0; i < 100; ++i) seen.insert(task_seed(42, stream, i));
  }
  EXPECT_EQ(seen.size(), 300U);
  EXPECT_EQ(task_seed(42, 2, 7), task_seed(42, 2, 7));
  EXPECT_NE(task_seed(42, 2, 7), task_seed(43, 2, 7));
}

TEST(Parallel, ParallelForRunsEveryIndexOnce) {
  for (int threads : {1, 2, 4}) {
    std::vector<std::atomic<int>> hits(257);
    parallel_for(hits.size(), threads, [&](std::size_t i) { hits[i].fetch_add(1); });
    for (const auto& h : hits) EXPECT_EQ(h.load(), 1);
  }
  parallel_for(0, 2, [](std::size_t) { FAIL() << "no index to run"; });
}

TEST(Parallel, OneThreadRunsInKeyOrder) {
  WorkQueue q(1);
  std::vector<int> order;
  for (int k : {5, 1, 3, 2, 4}) q.submit(k, [&order, k] { order.push_back(k); });
  q.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4, 5}));
}

TEST(Parallel, TasksCanSubmitFollowUps) {
  for (int threads : {1, 2, 3}) {
    WorkQueue q(threads);
    std::mutex m;
    std::vector<int> done;
    // A chain of rounds, each submitted by the last task of the previous one.
    std::function<void(int)> round = [&](int r) {
      for (int i = 0; i < 3; ++i) {
        q.submit(r * 10 + i, [&, r, i] {
          const std::lock_guard lock(m);
          done.push_back(r * 10 + i);
          const int finished_in_round =
              static_cast<int>(std::count_if(done.begin(), done.end(), [r](int v) { return v / 10 == r; }));
          if (finished_in_round == 3 && r < 4) round(r + 1);
        });
      }
    };
    round(0);
    q.run();
    std::sort(done.begin(), done.end());
    EXPECT_EQ(done.size(), 15U);
    EXPECT_EQ(done.back(), 42);
  }
}

TEST(Parallel, RethrowsTheFailureWithTheSmallestKey) {
  WorkQueue q(1);
  q.submit(3, [] { throw std::runtime_error("three"); });
  q.submit(1, [] { throw std::runtime_error("one"); });
  try {
    q.run();
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    // One thread stops after the first failure (key 1): key 3 never runs.
    EXPECT_STREQ(e.what(), "one");
  }
  std::atomic<int> ran{0};
  EXPECT_THROW(parallel_for(10, 2,
                            [&](std::size_t i) {
                              ran.fetch_add(1);
                              if (i == 0) throw std::invalid_argument("bad");
                            }),
               std::invalid_argument);
  EXPECT_LT(ran.load(), 10 + 1);
}

}  // namespace
}  // namespace exertrack::notebook::tune
