// The command line as a user meets it: exit codes and the one-line messages
// for unreadable input (file, line, column, value), the embedded default
// data, and the notebook-parity feature table.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <nlohmann/json.hpp>

#include "common/jefit_excerpt.hpp"
#include "common/shell.hpp"
#include "common/test_data.hpp"
#include "core/util/files.hpp"

using exertrack::testing::shell_quote;

namespace {

namespace fs = std::filesystem;

using Result = exertrack::testing::ShellResult;

Result run(const std::string& args, bool with_stderr = true) {
  return exertrack::testing::shell(shell_quote(EXERTRACK_CLI) + " " + args, with_stderr);
}

fs::path write(const std::string& name, const std::string& content) {
  const auto dir = exertrack::testing::binary_dir() / "test-scratch" / "cli";
  fs::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

const std::string kHeader = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n";

void expect_error(const std::string& args, std::initializer_list<std::string> parts) {
  const Result r = run(args);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("exertrack: error: "), std::string::npos) << r.out;
  for (const auto& part : parts) EXPECT_NE(r.out.find(part), std::string::npos) << "missing '" << part << "' in: " << r.out;
}

TEST(Cli, HelpListsEverySubcommand) {
  const Result r = run("--help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* cmd : {"synth", "features", "train"}) EXPECT_NE(r.out.find(cmd), std::string::npos) << cmd;
  EXPECT_EQ(run("train --help").exit_code, 0);
  EXPECT_NE(run("no-such-command").exit_code, 0);
}

TEST(Cli, BadInputsNameFileLineColumnAndValue) {
  const auto bad_weight = write("bad_weight.csv", kHeader + "2015-10-23 17:06:37,\"Chest\",\"Bench\",1,abc,8,0,0,\"\",\"\"\n");
  expect_error("features --data " + shell_quote(bad_weight.string()), {bad_weight.string(), ":2", "Weight", "abc"});
  const auto bad_reps = write("bad_reps.csv", kHeader + "2015-10-23 17:06:37,\"Chest\",\"Bench\",1,135,eight,0,0,\"\",\"\"\n");
  expect_error("features --data " + shell_quote(bad_reps.string()), {":2", "Reps", "eight"});
  const auto bad_date = write("bad_date.csv", kHeader + "2015-13-45 17:06:37,\"Chest\",\"Bench\",1,135,8,0,0,\"\",\"\"\n");
  expect_error("features --data " + shell_quote(bad_date.string()), {":2", "Date", "2015-13-45 17:06:37"});
  const auto missing_column = write("missing_column.csv", "Date,Workout Name,Exercise Name,Set Order,Weight\n2015-10-23 17:06:37,A,B,1,135\n");
  expect_error("features --data " + shell_quote(missing_column.string()), {missing_column.string(), "Reps"});
  const auto unterminated = write("unterminated.csv", kHeader + "2015-10-23 17:06:37,\"Chest\",\"Bench\",1,135,8,0,0,\"\",\"oops\n");
  expect_error("features --data " + shell_quote(unterminated.string()), {unterminated.string(), "quote"});
  const auto empty = write("empty.csv", "");
  expect_error("features --data " + shell_quote(empty.string()), {empty.string(), "empty"});
  expect_error("features --data " + shell_quote(empty.parent_path().string()), {"directory"});
  expect_error("features --data /no/such/file.csv", {"/no/such/file.csv", "no such file"});
}

// A JEFIT export cut short, or without its SETTING section (the unit of
// every weight): exit 2 and one line naming the file, the line and what was
// expected. The whole excerpt reads.
TEST(Cli, JefitCutShortOrWithoutSettingsIsOneLine) {
  namespace jefit = exertrack::testing::jefit;
  const std::string whole = jefit::export_text();
  const auto out = exertrack::testing::scratch_dir("cli-jefit") / "features.csv";
  const auto ok = write("jefit.csv", whole);
  EXPECT_EQ(run("features --data " + shell_quote(ok.string()) + " --out " + shell_quote(out.string())).exit_code, 0);
  auto expect_one_line = [&](const fs::path& file, const std::string& message) {
    const Result r = run("features --data " + shell_quote(file.string()) + " --out " + shell_quote(out.string()));
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_EQ(r.out, "exertrack: error: " + file.string() + message + "\n");
  };
  const auto cut = write("jefit_cut.csv", whole.substr(0, whole.find("19597,\"2026-02-16 17:28:51\"")));
  expect_one_line(cut, ":26: the file ends inside section 'EXERCISE LOGS' (opened at line 20): expected its closing "
                       "'######' line; the export was cut short");
  const auto no_settings = write("jefit_no_settings.csv", jefit::kSessions + jefit::kLogs + jefit::kSetLogs);
  expect_one_line(no_settings, ":2: no SETTING section: expected '### SETTING ###' (JEFIT writes it first; its mass, "
                               "' kg' or ' lbs', is the unit of every weight in the file), found 'WORKOUT SESSIONS' first");
}

// A spreadsheet-saved export whose dates do not tell day from month: refused
// with the way out named, read with --date-order.
TEST(Cli, DateOrderReadsAnUndecidableSpreadsheetFile) {
  const auto file = write("us_spreadsheet.csv", kHeader + "9/1/2021 10:41,Legs,Squat (Barbell),1,135,5,0,0,,\n"
                                                          "9/3/2021 10:41,Legs,Squat (Barbell),1,140,5,0,0,,\n"
                                                          "10/2/2021 7:00,Legs,Squat (Barbell),1,145,5,0,0,,\n");
  const auto out = exertrack::testing::scratch_dir("cli-date-order") / "features.csv";
  expect_error("features --data " + shell_quote(file.string()) + " --out " + shell_quote(out.string()),
               {file.string() + ":2", "'9/1/2021 10:41'", "--date-order"});
  // The feature table is in time order: its source rows say which order the dates were read in.
  auto rows_in_time_order = [&](const std::string& order) {
    const Result r = run("features --data " + shell_quote(file.string()) + " --date-order " + order + " --out " + shell_quote(out.string()));
    EXPECT_EQ(r.exit_code, 0) << r.out;
    std::istringstream table(exertrack::core::util::read_file(out));
    std::string line, rows;
    std::getline(table, line);
    while (std::getline(table, line)) rows += line.substr(0, line.find(','));
    return rows;
  };
  EXPECT_EQ(rows_in_time_order("month-first"), "012");  // 1 Sep, 3 Sep, 2 Oct
  EXPECT_EQ(rows_in_time_order("day-first"), "021");    // 9 Jan, 10 Feb, 9 Mar
  EXPECT_NE(run("features --data " + shell_quote(file.string()) + " --date-order sideways").exit_code, 0);
}

TEST(Cli, WithoutDataUsesTheEmbeddedLogAndSaysSo) {
  const auto out = exertrack::testing::scratch_dir("cli-synth") / "features.csv";
  const Result r = run("features --out " + shell_quote(out.string()));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("embedded synthetic log"), std::string::npos) << r.out;
  EXPECT_GT(fs::file_size(out), 10000U);
  // And synth writes the same log to a file, deterministically.
  const auto a = out.parent_path() / "a.csv";
  const auto b = out.parent_path() / "b.csv";
  EXPECT_EQ(run("synth --out " + shell_quote(a.string()) + " --seed 3 --weeks 10").exit_code, 0);
  EXPECT_EQ(run("synth --out " + shell_quote(b.string()) + " --seed 3 --weeks 10").exit_code, 0);
  EXPECT_EQ(exertrack::core::util::read_file(a), exertrack::core::util::read_file(b));
}

TEST(Cli, FeaturesMatchThePandasReferenceByteForByte) {
  const auto data = exertrack::testing::data_file("weightlifting_721_workouts.csv");
  const auto reference = exertrack::testing::data_file("weightlifting_721_features_reference.csv");
  EXERTRACK_REQUIRE_DATA(data);
  EXERTRACK_REQUIRE_DATA(reference);
  const auto out = exertrack::testing::scratch_dir("cli-features") / "features.csv";
  const Result r = run("features --data " + shell_quote(data.string()) + " --out " + shell_quote(out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(exertrack::core::util::read_file(out), exertrack::core::util::read_file(reference));
}

TEST(Cli, BadFlagValuesAreRejected) {
  EXPECT_NE(run("train --task notebook --out /tmp/x --units 32,abc --tune none --cv-folds 0").exit_code, 0);
  EXPECT_NE(run("train --task notebook --out /tmp/x --split random").exit_code, 0);
  EXPECT_NE(run("features --feature-set v9").exit_code, 0);
}

// --json: the run's metrics.json on stdout, for both tasks.
TEST(Cli, TrainJsonPrintsTheRunsMetrics) {
  const auto dir = exertrack::testing::scratch_dir("cli-train-json");
  const Result nb =
      run("train --task notebook --tune none --cv-folds 0 --epochs 2 --quiet --json --out " + shell_quote((dir / "nb").string()), false);
  ASSERT_EQ(nb.exit_code, 0) << nb.out;
  const auto j = nlohmann::json::parse(nb.out);
  EXPECT_TRUE(j.contains("test")) << nb.out.substr(0, 300);
  EXPECT_EQ(nlohmann::json::parse(exertrack::core::util::read_file(dir / "nb" / "metrics.json")), j);
  // The run keeps what `recommend` says for its own data, for the report.
  const Result rec = run("recommend --json --model " + shell_quote((dir / "nb").string()), false);
  ASSERT_EQ(rec.exit_code, 0) << rec.out;
  EXPECT_EQ(exertrack::core::util::read_file(dir / "nb" / "recommendations.json"), rec.out);
  // The product's task is the default.
  const Result ns = run("train --rounds 5 --quiet --json --out " + shell_quote((dir / "ns").string()), false);
  ASSERT_EQ(ns.exit_code, 0) << ns.out;
  EXPECT_EQ(nlohmann::json::parse(ns.out).at("task"), "next-session");
}

// No --model: the next-session model shipped in models/ answers, and stderr
// says so in one line; --model DIR still overrides it. The CLI is run from
// the build tree, which finds the source tree's models/ (cmake/install_test
// checks an install prefix).
TEST(Cli, TheShippedModelAnswersWithoutAModelFlag) {
  const fs::path shipped = exertrack::testing::source_dir() / "models" / "next-session";
  ASSERT_TRUE(fs::exists(shipped / "forecast.json"));
  const std::regex announced("exertrack: model " + shipped.string() +
                             " \\(shipped\\): next-session model, XGBoost [0-9.]+, trained on 51 lifters \\([0-9]+ transitions\\)\n");
  const Result with_log = run("recommend --json");  // the embedded demo lifter
  ASSERT_EQ(with_log.exit_code, 0) << with_log.out;
  EXPECT_TRUE(std::regex_search(with_log.out, announced)) << with_log.out.substr(0, 600);
  const Result answer = run("recommend --json", false);
  ASSERT_EQ(answer.exit_code, 0);
  const auto shipped_json = nlohmann::json::parse(answer.out);
  EXPECT_EQ(shipped_json.at("task"), "next-session");
  EXPECT_FALSE(shipped_json.at("results").empty());
  // The same model named by --model gives the same answer.
  EXPECT_EQ(run("recommend --json --model " + shell_quote(shipped.string()), false).out, answer.out);

  // Another model overrides it, and is named without "(shipped)".
  const auto dir = exertrack::testing::scratch_dir("cli-shipped");
  ASSERT_EQ(run("train --rounds 5 --quiet --out " + shell_quote((dir / "own").string())).exit_code, 0);
  const Result own = run("recommend --json --model " + shell_quote((dir / "own").string()));
  ASSERT_EQ(own.exit_code, 0) << own.out;
  EXPECT_NE(own.out.find("exertrack: model " + (dir / "own").string() + ": next-session model"), std::string::npos) << own.out;
  EXPECT_EQ(own.out.find("(shipped)"), std::string::npos);
  EXPECT_NE(run("recommend --json --model " + shell_quote((dir / "own").string()), false).out, answer.out);

  // evaluate --model alone judges the shipped model.
  const auto demo = dir / "demo.csv";
  ASSERT_EQ(run("synth --out " + shell_quote(demo.string())).exit_code, 0);
  const Result judged = run("evaluate --model --quiet --json --data " + shell_quote(demo.string()));
  ASSERT_EQ(judged.exit_code, 0) << judged.out;
  EXPECT_TRUE(std::regex_search(judged.out, announced)) << judged.out.substr(0, 600);

  // serve without --model answers from it too.
  const Result served = exertrack::testing::shell("timeout -s TERM 3 " + shell_quote(EXERTRACK_CLI) + " serve --port 0 --access-log off");
  EXPECT_TRUE(std::regex_search(served.out, announced)) << served.out;
  EXPECT_NE(served.out.find("exertrack: serving " + shipped.string()), std::string::npos) << served.out;
}

// The README's flag tables restate defaults for people; the CLI defines them.
// Every "`--flag VALUE`" in a README table row must be that flag's default
// in `exertrack <command> --help` (CLI11 prints "--flag TYPE=DEFAULT").
TEST(Cli, TheReadmeFlagTablesStateTheCliDefaults) {
  const std::string readme = exertrack::core::util::read_file(exertrack::testing::source_dir() / "README.md");
  std::string help;
  for (const char* cmd : {"train", "features", "serve", "recommend", "evaluate"}) help += run(std::string(cmd) + " --help").out;
  const std::regex cell("`([^`]*)`");
  const std::regex flag_value("(--[a-z][a-z0-9-]*) ([^ -][^ ]*)");
  int compared = 0;
  std::istringstream lines(readme);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| `--", 0) != 0) continue;
    const std::string first = line.substr(0, line.find(" | "));  // the flag column only
    for (std::sregex_iterator c(first.begin(), first.end(), cell), end; c != end; ++c) {
      const std::string code = (*c)[1];
      for (std::sregex_iterator f(code.begin(), code.end(), flag_value); f != end; ++f) {
        const std::string name = (*f)[1], value = (*f)[2];
        if (value.find('|') != std::string::npos || value.find('[') != std::string::npos || value == "N") continue;
        const std::string fallback = "\n  " + name + " ";
        const std::size_t at = help.find(fallback);
        if (at == std::string::npos) continue;
        // "--epochs INT:INT in [1 - 100000]=100      Most epochs": the type
        // and default end at the first double space or the line's end.
        const std::size_t from = at + fallback.size();
        const std::size_t stop = std::min(help.find("  ", from), help.find('\n', from));
        const std::string spec = help.substr(from, stop - from);
        const std::size_t eq = spec.rfind('=');
        if (eq == std::string::npos) continue;  // a flag without a default (e.g. --out)
        const std::string shown = spec.substr(eq + 1);
        EXPECT_EQ(shown, value) << name << " in README: " << line;
        ++compared;
      }
    }
  }
  EXPECT_GE(compared, 8) << "the README's flag tables were not found";
}

// Every usage error exits 2 with the command's usage line; a mistyped
// command or flag gets the nearest real one.
TEST(Cli, UsageErrorsExitTwoWithUsageAndASuggestion) {
  expect_error("trian", {"unknown command 'trian'", "did you mean 'train'?", "Usage: exertrack"});
  expect_error("train --epoch 3", {"unknown flag '--epoch' for 'train'", "did you mean '--epochs'?",
                                   "Usage: exertrack train [OPTIONS]"});
  expect_error("evaluate --protocl lolo", {"did you mean '--protocol'?"});
  expect_error("serve --port=abc", {"--port", "Usage: exertrack serve"});
  expect_error("train --epochs 0 --out /tmp/x", {"--epochs", "Usage: exertrack train"});
  expect_error("", {"A subcommand is required", "Usage: exertrack"});
  // Nothing near: no wrong guess.
  const Result far = run("zzzzzzzzzz");
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_EQ(far.out.find("did you mean"), std::string::npos) << far.out;
  // A negative number is a value, not a flag.
  EXPECT_EQ(run("predict --features 8.33,-20,110,15.6 --help").exit_code, 0);
  EXPECT_EQ(run("--version").exit_code, 0);
}

}  // namespace
