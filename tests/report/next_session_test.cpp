// The report of a next-session run: a lifter section first (recommendations
// and session charts), then the evaluation beside the baselines, feature
// importance and training; metrics.json as a typed contract with a schema;
// `exertrack report DIR` redrawing it from a relative path; and a page that
// still draws when the data the run names is gone.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "common/shell.hpp"
#include "common/test_data.hpp"
#include "core/metrics/next_session_metrics.hpp"
#include "core/units/loads.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"
#include "next_session/train/lifters.hpp"
#include "next_session/train/run.hpp"
#include "report/image.hpp"
#include "report/next_session.hpp"
#include "report/report.hpp"
#include "synth/synth.hpp"

namespace metrics = exertrack::core::metrics;
namespace forecast = exertrack::next_session::train;
using exertrack::core::ingest::ReadOptions;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::units::logged_unit;
using exertrack::core::util::InputError;
using exertrack::core::util::read_file;
using exertrack::core::util::sha256_hex;
using exertrack::core::util::write_file_atomic;
using exertrack::synth::SynthCohortOptions;
using exertrack::synth::SynthLifter;
using exertrack::synth::SynthOptions;

namespace exertrack::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Two synthetic lifters (one kg, one lb) written as exports, trained with
// few rounds: seconds, and every part of the run real. One directory per
// test process (ctest runs them side by side).
fs::path make_next_session_run(const std::string& name) {
  const fs::path root = exertrack::testing::scratch_dir(name + "-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "data");
  SynthCohortOptions cohort;
  cohort.seed = 5;
  cohort.lifters = 2;
  forecast::EvaluateOptions options;
  options.train.set_rounds(8);
  options.train.threads = 2;
  ReadOptions read;
  read.detect_unit = true;
  std::vector<forecast::Lifter> lifters;
  std::vector<metrics::LifterData> sources;
  for (const SynthLifter& l : synth_lifters(cohort)) {
    const fs::path file = root / "data" / (l.name + ".csv");
    write_file_atomic(file, l.csv);
    const WorkoutLog log = read_workout_log(file, read);
    lifters.push_back(forecast::lifter_from_log(log, l.name, logged_unit(log, read.default_unit), options.train.definition));
    sources.push_back({l.name, 0, "", file.string(), sha256_hex(l.csv)});
  }
  forecast::NextSessionRun run = forecast::run_next_session_training(lifters, options);
  run.sources = sources;
  forecast::write_next_session_run(root / "run", run);
  (void)write_report(root / "run");
  return root;
}

struct RunRoot {
  fs::path path;
  ~RunRoot() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

const fs::path& shared_run() {
  static const RunRoot root{make_next_session_run("next-session-report")};
  return root.path;
}

using testing::ShellResult;
using testing::shell;
using testing::shell_quote;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string section(const std::string& html, const std::string& id) {
  const auto begin = html.find("<section id=\"" + id + "\"");
  if (begin == std::string::npos) return "";
  return html.substr(begin, html.find("</section>", begin) - begin);
}

std::string error_of(const json& j) {
  try {
    (void)metrics::next_session_from_json(j, "m.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(NextSessionReport, LifterSectionFirstThenEvaluationImportanceAndTraining) {
  const std::string html = read_file(shared_run() / "run" / "report.html");
  std::size_t last = 0;
  for (const std::string& id : next_session_section_ids()) {
    const auto at = html.find("<section id=\"" + id + "\"");
    ASSERT_NE(at, std::string::npos) << id;
    EXPECT_GT(at, last) << id << " is out of order";
    last = at;
  }
  EXPECT_EQ(next_session_section_ids().front(), "lifter");
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);  // self-contained
}

TEST(NextSessionReport, EachLifterGetsRecommendationsInItsUnitAndCharts) {
  const NextSessionRunData run = load_next_session_run(shared_run() / "run");
  const std::string lifter = section(read_file(shared_run() / "run" / "report.html"), "lifter");
  ASSERT_EQ(run.lifters.size(), 2U);
  for (std::size_t i = 0; i < run.lifters.size(); ++i) {
    const LifterReport& l = run.lifters[i];
    EXPECT_FALSE(l.missing) << *l.missing;
    ASSERT_FALSE(l.exercises.empty()) << l.name;
    EXPECT_NE(lifter.find("id=\"lifter-" + std::to_string(i + 1) + "\""), std::string::npos);
    // Every exercise with working sets has its row (active or folded away as inactive).
    for (const LifterExercise& e : l.exercises) {
      EXPECT_NE(lifter.find("<tr><td>" + xml_escape(e.advice.name) + "</td>"), std::string::npos) << e.advice.name;
      EXPECT_EQ(e.advice.unit, l.unit) << e.advice.name;
    }
    // The synthetic cohort alternates kg and lb lifters: targets follow each one's unit.
    EXPECT_EQ(l.unit, i % 2 == 0 ? WeightUnit::kg : WeightUnit::lb) << l.name;
  }
  EXPECT_GT(count(lifter, std::string(" ") + "kg × "), 0U);
  EXPECT_GT(count(lifter, std::string(" ") + "lb × "), 0U);

  // Charts sit in the lifter section, one per most-trained active exercise,
  // each a real drawing with the target as its own point.
  const std::size_t figures = count(lifter, "<figure id=\"plot-lifter");
  EXPECT_GE(figures, 2U);
  EXPECT_EQ(count(read_file(shared_run() / "run" / "report.html"), "<figure"), figures);
  std::size_t svgs = 0;
  for (const auto& entry : fs::directory_iterator(shared_run() / "run" / "plots")) {
    if (entry.path().extension() != ".svg") continue;
    ++svgs;
    const std::string svg = read_file(entry.path());
    EXPECT_GT(svg.size(), 2000U) << entry.path();
    EXPECT_NE(svg.find("top set weight"), std::string::npos) << entry.path();
    EXPECT_NE(svg.find("target "), std::string::npos) << entry.path();
    EXPECT_GT(count(svg, "<path"), 5U) << entry.path();
  }
  EXPECT_EQ(svgs, figures);
}

TEST(NextSessionReport, EvaluationShowsTheModelBesideEveryBaselinePerLifterAndMacro) {
  const std::string html = read_file(shared_run() / "run" / "report.html");
  const std::string evaluation = section(html, "evaluation");
  const auto doc = metrics::next_session_from_json(json::parse(read_file(shared_run() / "run" / "metrics.json")));
  ASSERT_FALSE(doc.evaluation.macro_baselines.empty());
  // One table for the macro average and one per lifter, each with the model and every baseline.
  EXPECT_EQ(count(evaluation, "<table class=\"grid num evaluation\">"), 1 + doc.evaluation.lifters.size());
  EXPECT_EQ(count(evaluation, "<tr class=\"model\">"), 1 + doc.evaluation.lifters.size());
  for (const auto& [name, _] : doc.evaluation.macro_baselines) {
    EXPECT_EQ(count(evaluation, "<tr><td>" + name + "</td>"), 1 + doc.evaluation.lifters.size()) << name;
  }
  char f1[32];
  std::snprintf(f1, sizeof f1, "%.3f", doc.evaluation.macro_model.f1_macro);
  EXPECT_NE(evaluation.find(f1), std::string::npos) << f1;
  const std::string importance = section(html, "importance");
  ASSERT_FALSE(doc.evaluation.action_feature_importance.empty());
  EXPECT_NE(importance.find("<code>" + doc.evaluation.action_feature_importance.front().feature + "</code>"), std::string::npos);
}

TEST(NextSessionMetrics, RoundTripsThroughTheTypedReaderAndValidatesAgainstTheSchema) {
  const fs::path file = shared_run() / "run" / "metrics.json";
  const json j = json::parse(read_file(file));
  const metrics::NextSessionMetrics doc = metrics::next_session_from_json(j);
  EXPECT_EQ(metrics::to_json(doc), j);
  EXPECT_EQ(doc.lifters.size(), 2U);
  EXPECT_TRUE(doc.lifters[0].path.has_value());
  EXPECT_EQ(metrics::task_of(j), "next-session");

  ASSERT_EQ(shell("python3 -c 'import jsonschema'").exit_code, 0)
      << "python3-jsonschema is missing (scripts/install-deps.sh installs it)";
  const auto schema = exertrack::testing::source_dir() / "docs" / "next-session-metrics.schema.json";
  auto validate = [&](const fs::path& doc_file) {
    return shell("python3 -c 'import json, sys, jsonschema; "
                 "jsonschema.Draft7Validator.check_schema(json.load(open(sys.argv[1]))); "
                 "jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' " +
                 shell_quote(schema.string()) + " " + shell_quote(doc_file.string()));
  };
  const ShellResult ok = validate(file);
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  // The schema is not vacuous: a renamed score fails it too.
  json renamed = j;
  renamed["evaluation"]["macro"]["model"]["f1"] = renamed["evaluation"]["macro"]["model"]["f1_macro"];
  renamed["evaluation"]["macro"]["model"].erase("f1_macro");
  const fs::path bad = shared_run() / "renamed.json";
  write_file_atomic(bad, renamed.dump());
  EXPECT_NE(validate(bad).exit_code, 0);
}

TEST(NextSessionMetrics, ARenamedOrMistypedKeyFailsTheReaderNamingIt) {
  const json j = json::parse(read_file(shared_run() / "run" / "metrics.json"));
  json k = j;
  k["evaluation"]["macro"]["model"]["f1"] = k["evaluation"]["macro"]["model"]["f1_macro"];
  k["evaluation"]["macro"]["model"].erase("f1_macro");
  EXPECT_NE(error_of(k).find("m.json: key \"evaluation.macro.model.f1_macro\": missing"), std::string::npos) << error_of(k);

  k = j;
  k["lifters"][1]["file"] = k["lifters"][1]["path"];
  k["lifters"][1].erase("path");
  EXPECT_NE(error_of(k).find("key \"lifters[1].path\": missing"), std::string::npos) << error_of(k);

  k = j;
  k["evaluation"]["lifters"][0]["baselines"]["repeat"]["reps_mae"] = "small";
  EXPECT_NE(error_of(k).find("key \"evaluation.lifters[0].baselines.repeat.reps_mae\": expected a number or null"),
            std::string::npos)
      << error_of(k);

  // The report fails the same way instead of drawing a page with a blank section.
  const fs::path dir = shared_run() / "renamed-run";
  fs::create_directories(dir);
  k = j;
  k["training"]["secs"] = k["training"]["seconds"];
  k["training"].erase("seconds");
  write_file_atomic(dir / "metrics.json", k.dump());
  try {
    (void)write_report(dir);
    FAIL() << "a renamed key was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("key \"training.seconds\": missing"), std::string::npos) << e.what();
  }
}

TEST(NextSessionReport, ExertrackReportRedrawsItFromARelativePath) {
  const fs::path run = shared_run() / "run";
  fs::remove(run / "report.html");
  const ShellResult r = shell("cd " + shell_quote(shared_run().string()) + " && " + shell_quote(EXERTRACK_CLI) + " report ./run");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string html = read_file(run / "report.html");
  EXPECT_FALSE(section(html, "lifter").empty());
  EXPECT_FALSE(section(html, "evaluation").empty());
  EXPECT_GE(count(section(html, "lifter"), "<figure id=\"plot-lifter"), 2U);
}

// A spreadsheet-saved export whose slash dates never tell day from month
// (every day 12 or less, as the 721 file's sets with day <= 12 written
// 01/11/2015 11:23), trained with --date-order day-first: the run records
// the order with the other reading settings, so its report, and `exertrack
// report --out` rebuilding it, read the lifter again and draw its sessions
// (they said "could not be read" and drew 0 plots when only the unit,
// format and strict were recorded).
TEST(NextSessionReport, ARunReadWithADateOrderIsRebuiltWithIt) {
  const fs::path root = exertrack::testing::scratch_dir("next-session-date-order-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root);
  const RunRoot cleanup{root};
  std::istringstream strong(synth_strong_csv(SynthOptions{}));
  std::string line, day_first;
  std::getline(strong, line);
  day_first = line + "\n";
  while (std::getline(strong, line)) {
    // 2020-01-01 23:11:35,... -> 1/1/2020 23:11,...
    const int day = std::stoi(line.substr(8, 2));
    if (day > 12) continue;
    day_first += std::to_string(day) + "/" + std::to_string(std::stoi(line.substr(5, 2))) + "/" + line.substr(0, 4) + " " +
                 line.substr(11, 5) + line.substr(19) + "\n";
  }
  const fs::path file = root / "day_first.csv";
  write_file_atomic(file, day_first);
  const fs::path run = root / "run";
  const std::string cli = shell_quote(EXERTRACK_CLI);
  ASSERT_NE(shell(cli + " train --data " + shell_quote(file.string()) + " --rounds 5 --threads 2 --quiet --out " +
                  shell_quote(run.string()))
                .exit_code,
            0)
      << "the file should not be readable without the order";
  const ShellResult trained = shell(cli + " train --data " + shell_quote(file.string()) +
                                    " --date-order day-first --rounds 5 --threads 2 --quiet --out " + shell_quote(run.string()));
  ASSERT_EQ(trained.exit_code, 0) << trained.out;
  EXPECT_EQ(metrics::next_session_from_json(json::parse(read_file(run / "metrics.json"))).data.settings.date_order, "day-first");
  auto expect_lifter_drawn = [&](const std::string& when) {
    const std::string html = read_file(run / "report.html");
    EXPECT_EQ(html.find("could not be read"), std::string::npos) << when;
    EXPECT_GE(count(section(html, "lifter"), "<figure id=\"plot-lifter"), 1U) << when;
    EXPECT_NE(section(html, "training").find("--date-order day-first"), std::string::npos) << when;
  };
  expect_lifter_drawn("the report train wrote");
  fs::remove_all(run / "plots");
  fs::remove(run / "report.html");
  const ShellResult rebuilt = shell(cli + " report --out " + shell_quote(run.string()));
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.out;
  expect_lifter_drawn("exertrack report --out");
}

TEST(NextSessionReport, DataThatIsGoneIsSaidAndTheRestIsStillDrawn) {
  const fs::path root = make_next_session_run("next-session-report-gone");
  const RunRoot cleanup{root};
  const auto doc = metrics::next_session_from_json(json::parse(read_file(root / "run" / "metrics.json")));
  fs::remove(*doc.lifters[0].path);
  (void)write_report(root / "run");
  const std::string html = read_file(root / "run" / "report.html");
  const std::string lifter = section(html, "lifter");
  EXPECT_NE(lifter.find("is gone"), std::string::npos);
  EXPECT_NE(lifter.find(xml_escape(*doc.lifters[0].path)), std::string::npos);
  // The other lifter's recommendations and charts, the evaluation and the rest stay.
  EXPECT_EQ(count(lifter, "<figure id=\"plot-lifter1_"), 0U);
  EXPECT_GT(count(lifter, "<figure id=\"plot-lifter2_"), 0U);
  for (const std::string& id : next_session_section_ids()) EXPECT_FALSE(section(html, id).empty()) << id;
}

// The CLI path end to end: train writes the report itself, and records the
// export it read by its absolute path, so the report finds it from anywhere.
TEST(NextSessionReport, TrainWritesItAndRecordsTheDataItReadByAbsolutePath) {
  const fs::path root = shared_run();
  const ShellResult r = shell("cd " + shell_quote(root.string()) + " && " + shell_quote(EXERTRACK_CLI) +
                              " train --task next-session --rounds 3 --quiet --data data/synth1-linear-kg.csv --out cli-run");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto doc = metrics::next_session_from_json(json::parse(read_file(root / "cli-run" / "metrics.json")));
  ASSERT_EQ(doc.lifters.size(), 1U);
  ASSERT_TRUE(doc.lifters[0].path.has_value());
  EXPECT_TRUE(fs::path(*doc.lifters[0].path).is_absolute()) << *doc.lifters[0].path;
  EXPECT_TRUE(fs::equivalent(*doc.lifters[0].path, root / "data" / "synth1-linear-kg.csv"));
  EXPECT_EQ(doc.lifters[0].sha256, sha256_hex(read_file(root / "data" / "synth1-linear-kg.csv")));
  EXPECT_FALSE(doc.data.synthetic_seed.has_value());
  const std::string lifter = section(read_file(root / "cli-run" / "report.html"), "lifter");
  EXPECT_NE(lifter.find("<table class=\"grid recommendations\">"), std::string::npos);
  EXPECT_GE(count(lifter, "<figure id=\"plot-lifter1_"), 1U);
}

// A lifter with many exercises: every one is in the page, the first
// kRecommendationRowsShown in view and the rest one click away.
TEST(NextSessionReport, ALongRecommendationsTableIsCappedButComplete) {
  NextSessionRunData run;
  run.dir = "/nowhere";
  run.doc.lifters.push_back({"many", 0, "kg", std::nullopt, std::string(64, '0')});
  LifterReport l;
  l.name = "many";
  const std::size_t n = kRecommendationRowsShown + 7;
  for (std::size_t i = 0; i < n; ++i) {
    LifterExercise e;
    e.advice.name = "Exercise " + std::to_string(i);
    e.advice.sessions = 100 - i;
    e.advice.last = {100, 5};
    e.advice.target = {102.5, 5};
    e.advice.action = 2;
    l.exercises.push_back(e);
  }
  l.exercises.back().advice.inactive = true;
  l.not_strength.push_back({"Running", "no working sets (timed or distance only)"});
  run.lifters.push_back(l);
  const std::string html = render_next_session_html(run, {}, "/nowhere", "svg");
  const std::string lifter = section(html, "lifter");
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_EQ(count(lifter, "<tr><td>Exercise " + std::to_string(i) + "</td>"), 1U) << i;
  }
  const auto first_details = lifter.find("<details>");
  ASSERT_NE(first_details, std::string::npos);
  EXPECT_EQ(count(lifter.substr(0, first_details), "<tr><td>Exercise "), kRecommendationRowsShown);
  EXPECT_NE(lifter.find("6 more active exercises"), std::string::npos);
  EXPECT_NE(lifter.find("1 inactive exercises"), std::string::npos);
  EXPECT_NE(lifter.find("<li>Running: no working sets"), std::string::npos);
  EXPECT_NE(lifter.find("102.5 kg × 5"), std::string::npos);
}

TEST(NextSessionReport, TheNotebookRunIsNotTakenForANextSessionRun) {
  const fs::path dir = shared_run() / "notebook-like";
  fs::create_directories(dir);
  write_file_atomic(dir / "metrics.json", "{\"classes\": []}");
  EXPECT_FALSE(is_next_session_run(dir));
  EXPECT_TRUE(is_next_session_run(shared_run() / "run"));
}

}  // namespace
}  // namespace exertrack::report
