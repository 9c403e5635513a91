// Paths as a user types them: relative to the directory the command is run
// from, whatever directory the program later works in (gnuplot runs in
// DIR/plots), and a report that cannot be written fails the command.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/shell.hpp"
#include "common/test_data.hpp"

namespace {

namespace fs = std::filesystem;

using Result = exertrack::testing::ShellResult;
using exertrack::testing::shell_quote;

// Runs the CLI with `cwd` as its working directory.
Result run_in(const fs::path& cwd, const std::string& args) {
  return exertrack::testing::shell("cd " + shell_quote(cwd.string()) + " && " + shell_quote(EXERTRACK_CLI) + " " + args);
}

fs::path fresh_dir(const std::string& name) {
  const auto dir = exertrack::testing::binary_dir() / "test-scratch" / "cli-paths" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Small and fast: the embedded log, no search.
const std::string kQuickTrain = "train --task notebook --tune none --cv-folds 0 --epochs 3 --quiet";

TEST(CliPaths, TrainAndReportTakeRelativeDirectories) {
  const fs::path cwd = fresh_dir("relative");
  const Result train = run_in(cwd, kQuickTrain + " --out runs/rel");
  ASSERT_EQ(train.exit_code, 0) << train.out;
  EXPECT_EQ(train.out.find("warning"), std::string::npos) << train.out;
  EXPECT_TRUE(fs::exists(cwd / "runs" / "rel" / "metrics.json"));
  EXPECT_TRUE(fs::exists(cwd / "runs" / "rel" / "report.html"));
  EXPECT_TRUE(fs::exists(cwd / "runs" / "rel" / "plots"));
  EXPECT_FALSE(fs::is_empty(cwd / "runs" / "rel" / "plots"));

  fs::remove(cwd / "runs" / "rel" / "report.html");
  const Result report = run_in(cwd / "runs", "report --out ./rel");
  ASSERT_EQ(report.exit_code, 0) << report.out;
  EXPECT_TRUE(fs::exists(cwd / "runs" / "rel" / "report.html"));

  // `report DIR`, the first form, is a shorthand for --out; one or the other.
  fs::remove(cwd / "runs" / "rel" / "report.html");
  ASSERT_EQ(run_in(cwd / "runs", "report ./rel").exit_code, 0);
  EXPECT_TRUE(fs::exists(cwd / "runs" / "rel" / "report.html"));
  const Result both = run_in(cwd / "runs", "report ./rel --out ./rel");
  EXPECT_EQ(both.exit_code, 2) << both.out;
  EXPECT_NE(both.out.find("excludes"), std::string::npos) << both.out;
  const Result neither = run_in(cwd / "runs", "report");
  EXPECT_EQ(neither.exit_code, 2) << neither.out;
  EXPECT_NE(neither.out.find("--out"), std::string::npos) << neither.out;
}

TEST(CliPaths, RelativeDataIsReadFromTheCallersDirectory) {
  const fs::path cwd = fresh_dir("data");
  fs::create_directories(cwd / "data");
  fs::create_directories(cwd / "work");
  const Result synth = run_in(cwd, "synth --out data/log.csv");
  ASSERT_EQ(synth.exit_code, 0) << synth.out;
  const Result train = run_in(cwd / "work", kQuickTrain + " --data ../data/log.csv --out ../runs/d");
  ASSERT_EQ(train.exit_code, 0) << train.out;
  EXPECT_TRUE(fs::exists(cwd / "runs" / "d" / "model" / "model.json"));
  EXPECT_TRUE(fs::exists(cwd / "runs" / "d" / "report.html"));
  EXPECT_FALSE(fs::is_empty(cwd / "runs" / "d" / "plots"));
}

TEST(CliPaths, AnUnwritableOutFailsTheRun) {
  const fs::path cwd = fresh_dir("not-a-dir");
  std::ofstream(cwd / "file") << "a file, not a directory\n";
  const Result train = run_in(cwd, kQuickTrain + " --out file/run");
  EXPECT_NE(train.exit_code, 0) << train.out;
}

TEST(CliPaths, AMissingRelativeRunDirectoryIsNamed) {
  const fs::path cwd = fresh_dir("missing");
  const Result r = run_in(cwd, "report --out no/such/run");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("no/such/run"), std::string::npos) << r.out;
}

}  // namespace
