#include "report/process.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "common/test_data.hpp"

namespace exertrack::report {
namespace {

using namespace std::chrono_literals;

TEST(Process, CapturesOutputAndExitCode) {
  const auto dir = testing::scratch_dir("report_process");
  const ProcessResult ok = run_process({"sh", "-c", "pwd; echo err >&2; exit 3"}, dir, 20s);
  EXPECT_EQ(ok.exit_code, 3);
  EXPECT_FALSE(ok.signalled);
  EXPECT_NE(ok.output.find(dir.string()), std::string::npos);  // ran in cwd
  EXPECT_NE(ok.output.find("err"), std::string::npos);         // stderr merged
}

TEST(Process, CapsOutput) {
  const ProcessResult r = run_process({"sh", "-c", "yes | head -c 100000"}, ".", 20s, 1000);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output.size(), 1000U);
}

TEST(Process, KillsOnTimeout) {
  try {
    (void)run_process({"sleep", "30"}, ".", 300ms);
    FAIL() << "expected a timeout";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("did not finish"), std::string::npos) << e.what();
  }
}

TEST(Process, MissingProgramIsAClearError) {
  EXPECT_TRUE(find_program("no-such-program-exertrack").empty());
  EXPECT_FALSE(find_program("sh").empty());
  try {
    (void)run_process({"no-such-program-exertrack"}, ".", 1s);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("not installed"), std::string::npos);
  }
}

}  // namespace
}  // namespace exertrack::report
