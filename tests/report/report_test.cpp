#include "report/report.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "common/test_data.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"
#include "notebook/predict/json_out.hpp"
#include "notebook/predict/predictor.hpp"
#include "report/image.hpp"
#include "run_fixture.hpp"

using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::InputError;
using exertrack::core::util::read_file;
using exertrack::core::util::write_file_atomic;
using exertrack::notebook::predict::ExerciseHistory;
using exertrack::notebook::predict::histories_from_log;
using exertrack::notebook::predict::Predictor;
using exertrack::synth::SynthOptions;

namespace exertrack::report {
namespace {

namespace fs = std::filesystem;
using testing_fixture::full_run;
using testing_fixture::kNastyExercise;
using testing_fixture::skipped_run;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + what.size())) ++n;
  return n;
}

// The text of the element with this id, up to the next </section>.
std::string section(const std::string& html, const std::string& id) {
  const auto start = html.find("<section id=\"" + id + "\">");
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</section>", start) - start);
}

TEST(Report, PageHasEverySectionEveryPlotAndNoExternalResources) {
  ReportOptions options;
  options.plots.top_exercises = 100;
  const ReportResult r = write_report(full_run(), options);
  const std::string html = read_file(r.html);
  for (const auto& id : section_ids()) EXPECT_EQ(count(html, "<section id=\"" + id + "\">"), 1U) << id;
  EXPECT_EQ(count(html, "<img "), r.plots.size());
  EXPECT_EQ(count(html, "src=\"data:image/svg+xml;base64,"), r.plots.size());
  for (const auto& p : r.plots) EXPECT_NE(html.find("id=\"plot-" + p.name + "\""), std::string::npos) << p.name;
  // Self-contained: nothing fetched from anywhere.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex(R"((src|href)\s*=\s*"(https?:|//|file:))")));
  EXPECT_EQ(html.find("url("), std::string::npos);
}

// The lifter section comes first: one row per exercise of
// recommendations.json (what `recommend` answers, written by train), the
// exercise charts under it; a run without the file says how to get them.
TEST(Report, TheExercisesComeFirst) {
  const fs::path dir = full_run();
  std::string html = read_file(write_report(dir).html);
  ASSERT_EQ(section_ids().front(), "lifter");
  EXPECT_LT(html.find("<section id=\"lifter\">"), html.find("<section id=\"summary\">"));
  EXPECT_NE(section(html, "lifter").find("no recommendations.json"), std::string::npos);

  const Predictor predictor = Predictor::load(dir / "model");
  SynthOptions synth;
  synth.seed = 7;
  synth.rows = 1500;
  WorkoutLog log = synth_workout_log(synth);
  log.exercises.at(0) = kNastyExercise;
  std::string json = "{\"results\":[";
  std::size_t n = 0;
  for (const ExerciseHistory& h : histories_from_log(log, predictor.definition(), WeightUnit::lb)) {
    if (n++ > 0) json += ',';
    append_recommendation_json(json, predictor.recommend(h));
  }
  write_file_atomic(dir / "recommendations.json", json + "]}\n");
  html = read_file(write_report(dir).html);
  const std::string lifter = section(html, "lifter");
  EXPECT_EQ(count(lifter, "<tr>"), 1 + n);  // the header and one row per exercise
  EXPECT_NE(lifter.find("Curl &lt;EZ&gt; &amp; &quot;Bar&quot;"), std::string::npos) << "names escaped";
  EXPECT_NE(lifter.find("\u00a0lb\u00a0×\u00a0"), std::string::npos) << "a set in the lifter's unit, kept on one line";
  EXPECT_EQ(count(lifter, "id=\"plot-exercise_"), count(html, "id=\"plot-exercise_")) << "the exercise charts moved here";

  write_file_atomic(dir / "recommendations.json", "{\"results\":[{\"name\":\"Squat\"}]}");
  try {
    (void)load_run(dir);
    ADD_FAILURE() << "a recommendations.json without its fields was read";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("recommendations.json"), std::string::npos) << e.what();
  }
  fs::remove(dir / "recommendations.json");
}

TEST(Report, SectionsCarryTheRunsNumbers) {
  const ReportResult r = write_report(full_run());
  const std::string html = read_file(r.html);
  const RunData run = load_run(full_run());
  const auto& m = run.metrics;
  EXPECT_NE(section(html, "summary").find(m["data"]["sha256"].get<std::string>()), std::string::npos);
  EXPECT_NE(section(html, "summary").find("Outlier filter"), std::string::npos);
  EXPECT_NE(section(html, "summary").find(thousands(m["label_counts"]["increase weight"].get<long long>())), std::string::npos);
  const std::string cv = section(html, "cv");
  EXPECT_EQ(count(cv, "<tr>"), 1 + m["cv"]["folds"].size() + 4);  // header, one row per fold, mean/std/min/max
  const std::string tuning = section(html, "tuning");
  EXPECT_EQ(count(tuning, "<tr class=\"best\">"), 1U);
  EXPECT_NE(section(html, "test-metrics").find("<pre>"), std::string::npos);
  EXPECT_NE(section(html, "test-metrics").find("macro avg"), std::string::npos);
  EXPECT_NE(section(html, "timings").find("best_epoch_search"), std::string::npos);
  EXPECT_NE(section(html, "hyperparameters").find("chosen by <strong>hyperband</strong>"), std::string::npos);
}

TEST(Report, ModelCardStatesTheLabelLeakWithTheRunsCount) {
  const ReportResult r = write_report(full_run());
  const std::string card = section(read_file(r.html), "model-card");
  const RunData run = load_run(full_run());
  const long long leak = count_label_leak_rows(run);
  const long long test_rows = run.metrics["rows"]["test"].get<long long>();
  EXPECT_NE(card.find("Label leak (<code>--feature-set notebook</code>)"), std::string::npos);
  EXPECT_NE(card.find("(" + thousands(leak) + " of the " + thousands(test_rows) + " test rows in this run)"), std::string::npos)
      << card;
  for (const char* heading : {"Intended use", "Inputs and their units", "Feature definition", "Known limits"}) {
    EXPECT_NE(card.find(heading), std::string::npos) << heading;
  }
  EXPECT_NE(card.find("Weight Moving Average</td><td>kg"), std::string::npos);
}

TEST(Report, SkippedStagesSaySo) {
  const ReportResult r = write_report(skipped_run());
  const std::string html = read_file(r.html);
  EXPECT_NE(section(html, "cv").find("skipped"), std::string::npos);
  EXPECT_NE(section(html, "cv").find("--cv-folds 0"), std::string::npos);
  EXPECT_NE(section(html, "tuning").find("--tune none"), std::string::npos);
  EXPECT_NE(section(html, "model-card").find("does not apply"), std::string::npos);
  EXPECT_EQ(section(html, "model-card").find("Label leak (<code>--feature-set notebook"), std::string::npos);
}

TEST(Report, EscapesTextFromTheData) {
  ReportOptions options;
  options.plots.top_exercises = 100;
  const std::string html = read_file(write_report(full_run(), options).html);
  EXPECT_NE(html.find(xml_escape(kNastyExercise)), std::string::npos);
  EXPECT_EQ(html.find("Curl <EZ>"), std::string::npos);
}

TEST(Report, SameRunSameBytes) {
  const std::string first = read_file(write_report(skipped_run()).html);
  const std::string png = read_file(skipped_run() / "plots" / "confusion_matrix.png");
  const std::string second = read_file(write_report(skipped_run()).html);
  EXPECT_EQ(first, second);
  EXPECT_EQ(png, read_file(skipped_run() / "plots" / "confusion_matrix.png"));
}

TEST(Report, PngInlining) {
  ReportOptions options;
  options.inline_format = "png";
  const ReportResult r = write_report(skipped_run(), options);
  EXPECT_EQ(count(read_file(r.html), "src=\"data:image/png;base64,"), r.plots.size());
  options.inline_format = "gif";
  EXPECT_THROW((void)write_report(skipped_run(), options), InputError);
}

TEST(Report, NotARunDirectoryIsAnInputError) {
  const auto dir = exertrack::testing::scratch_dir("report_not_a_run");
  EXPECT_THROW((void)write_report(dir), InputError);
  EXPECT_FALSE(fs::exists(dir / "report.html"));
}

}  // namespace
}  // namespace exertrack::report
