// Progress lines: done of total, time so far, the estimate of what is left.
#include "core/util/progress.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace exertrack::core::util {
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

TEST(Progress, ProgressLinesAreRecognised) {
  EXPECT_EQ(progress_of(progress_line("trial 11", 3, 30, "trials", 42.0)), (std::pair{3, 30}));
  EXPECT_EQ(progress_of("best trial 3: units 32,96"), std::nullopt);
  EXPECT_EQ(progress_of("[4/3 trials] more done than there are"), std::nullopt);
  EXPECT_EQ(progress_of("[a/3 trials]"), std::nullopt);
}

// A pipe or a file gets every line whole: what CI logs and `2> file` keep.
TEST(LogSink, ElsewhereEveryLineIsWrittenWhole) {
  std::ostringstream out;
  {
    LogSink log(out, /*terminal=*/false, "exertrack: ");
    log(progress_line("trial 4", 1, 2, "trials", 1));
    log("CV accuracy 97 %");
    log(progress_line("trial 0", 2, 2, "trials", 2));
  }
  EXPECT_EQ(out.str(), "exertrack: [1/2 trials, 0:01 so far, about 0:01 left] trial 4\n"
                       "exertrack: CV accuracy 97 %\n"
                       "exertrack: [2/2 trials, 0:02 so far] trial 0\n");
}

// A terminal gets one status line with a bar, redrawn in place and cut to
// its width; another line, or the last piece, ends it.
TEST(LogSink, ATerminalGetsABarRedrawnInPlace) {
  std::ostringstream out;
  LogSink log(out, /*terminal=*/true, "exertrack: ", 60);
  log(progress_line("config 7 \u00b7 depth 4 \u00b7 eta 0.1 \u00b7 a long description of the trial", 1, 4, "scorings", 3));
  const std::string first = out.str();
  EXPECT_EQ(first.rfind("\r\x1b[Kexertrack: [#####---------------] [1/4 scorings", 0), 0U) << first;
  EXPECT_EQ(first.find('\n'), std::string::npos) << "the status line stays open";
  int columns = 0;
  for (const char c : first.substr(4)) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  EXPECT_EQ(columns, 59) << "cut to the width, less one column";
  EXPECT_EQ(first.find("\xc2\r"), std::string::npos);
  log(progress_line("config 2", 2, 4, "scorings", 6));
  EXPECT_NE(out.str().find("\r\x1b[Kexertrack: [##########----------] [2/4"), std::string::npos);
  log("action head: depth 4");
  EXPECT_NE(out.str().find("so fa\nexertrack: action head: depth 4\n"), std::string::npos) << "the bar ended, then the line";
  log(progress_line("fold 1", 1, 1, "folds", 1));
  const std::string last = out.str().substr(out.str().rfind('\r'));
  EXPECT_EQ(last.rfind("\r\x1b[Kexertrack: [####################] [1/1 folds", 0), 0U) << last;
  EXPECT_EQ(last.back(), '\n') << "the last piece ends the line";
  const std::size_t written = out.str().size();
  log.finish();
  EXPECT_EQ(out.str().size(), written) << "nothing left open to end";
}

}  // namespace
}  // namespace exertrack::core::util
