// Progress lines: done of total, time so far, the estimate of what is left.
#include "util/progress.hpp"

#include <gtest/gtest.h>

namespace exertrack {
namespace {

TEST(Progress, CountsElapsedAndEstimatesTheRest) {
  EXPECT_EQ(progress_line("trial 11", 3, 30, "trials", 42.0), "[3/30 trials, 0:42 so far, about 6:18 left] trial 11");
  // The last piece: nothing left to estimate.
  EXPECT_EQ(progress_line("fold 5 of 5", 5, 5, "folds", 61.4), "[5/5 folds, 1:01 so far] fold 5 of 5");
  EXPECT_EQ(clock_text(3725), "1:02:05");
  EXPECT_EQ(clock_text(-1), "0:00");
}

TEST(Progress, NumbersPiecesInTheOrderTheyFinish) {
  Progress p("trials");
  EXPECT_EQ(p.next("trial 4", 3).rfind("[1/3 trials, 0:00 so far", 0), 0U);
  EXPECT_EQ(p.next("trial 0", 3).rfind("[2/3 trials", 0), 0U);
  EXPECT_NE(p.next("trial 2", 3).find("] trial 2"), std::string::npos);
}

}  // namespace
}  // namespace exertrack
