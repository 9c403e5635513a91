#include "report/plots.hpp"

#include <gtest/gtest.h>

#include <set>

#include "common/test_data.hpp"
#include "core/util/files.hpp"
#include "report/image.hpp"
#include "report/run_data.hpp"
#include "run_fixture.hpp"

using exertrack::core::util::read_file;
using exertrack::core::util::write_file_atomic;

namespace exertrack::report {
namespace {

namespace fs = std::filesystem;
using testing_fixture::full_run;
using testing_fixture::kNastyExercise;
using testing_fixture::skipped_run;

std::set<std::string> names(const std::vector<Plot>& plots) {
  std::set<std::string> out;
  for (const auto& p : plots) out.insert(p.name);
  return out;
}

// Each picture exists twice, is a valid PNG / SVG and carries its title.
void expect_valid_pictures(const fs::path& dir, const std::vector<Plot>& plots) {
  for (const auto& p : plots) {
    SCOPED_TRACE(p.name);
    const PngInfo png = png_info(read_file(dir / (p.name + ".png")));
    EXPECT_GE(png.width, 600U);
    EXPECT_GE(png.height, 400U);
    EXPECT_EQ(png.title, p.title);
    const std::string svg = read_file(dir / (p.name + ".svg"));
    EXPECT_EQ(svg.rfind("<?xml", 0), 0U);
    EXPECT_NE(svg.find("<svg"), std::string::npos);
    EXPECT_NE(svg.find("</svg>"), std::string::npos);
    EXPECT_EQ(svg_title(svg), xml_escape(p.title));
    EXPECT_GT(svg.size(), 2000U);  // axes, text and data, not an empty canvas
  }
}

TEST(Plots, FullRunHasEveryPlotAsValidPngAndSvg) {
  const RunData run = load_run(full_run());
  const auto plots = render_plots(plan_plots(run), full_run() / "plots");
  const auto got = names(plots);
  for (const char* want : {"training_history", "confusion_matrix", "label_distribution", "cv_folds", "tuning_trials",
                           "feature_distributions"}) {
    EXPECT_TRUE(got.contains(want)) << want;
  }
  EXPECT_TRUE(std::any_of(got.begin(), got.end(), [](const std::string& n) { return n.rfind("exercise_1_", 0) == 0; }));
  expect_valid_pictures(full_run() / "plots", plots);
  // Only the pictures: no data files, scripts or temporary directories left behind.
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(full_run() / "plots")) {
    EXPECT_TRUE(e.path().extension() == ".png" || e.path().extension() == ".svg") << e.path();
    ++files;
  }
  EXPECT_EQ(files, 2 * plots.size());
  for (const auto& e : fs::directory_iterator(full_run())) {
    EXPECT_EQ(e.path().filename().string().rfind(".plots-", 0), std::string::npos) << e.path();
  }
}

TEST(Plots, TitlesNameWhatIsShown) {
  const RunData run = load_run(full_run());
  for (const auto& job : plan_plots(run)) {
    if (job.plot.name == "training_history") {
      EXPECT_EQ(job.plot.title, "Training and validation accuracy and loss per epoch");
    }
    if (job.plot.name == "confusion_matrix") {
      EXPECT_EQ(job.plot.title, "Confusion matrix on the test set");
      // class names on both axes, counts and row percentages in the cells
      EXPECT_NE(job.body.find("set xtics (\"increase reps\" 0"), std::string::npos);
      EXPECT_NE(job.body.find("set ytics (\"increase reps\" 0"), std::string::npos);
      EXPECT_NE(job.body.find("%.1f %%"), std::string::npos);
    }
    if (job.plot.name == "cv_folds") {
      EXPECT_NE(job.body.find("mean ± std"), std::string::npos);
    }
    if (job.plot.name == "tuning_trials") {
      EXPECT_NE(job.body.find("best: trial"), std::string::npos);
    }
  }
}

TEST(Plots, ExerciseNamesNeedingEscapesArePlotted) {
  const RunData run = load_run(full_run());
  PlotOptions options;
  options.top_exercises = 100;  // every exercise, the renamed one included
  std::vector<PlotJob> jobs;
  for (auto& j : plan_plots(run, options)) {
    if (j.plot.group == "exercises" && j.plot.title.find(kNastyExercise) != std::string::npos) jobs.push_back(std::move(j));
  }
  ASSERT_EQ(jobs.size(), 1U);
  const auto dir = exertrack::testing::scratch_dir("report_nasty_plot");
  const auto plots = render_plots(jobs, dir / "plots", options);
  expect_valid_pictures(dir / "plots", plots);
  const std::string svg = read_file(dir / "plots" / (plots[0].name + ".svg"));
  EXPECT_NE(svg.find("Curl &lt;EZ&gt; &amp;"), std::string::npos);  // gnuplot drew the name, escaped
  EXPECT_EQ(svg.find("Curl <EZ>"), std::string::npos);
}

TEST(Plots, SkippedStagesHaveNoPlots) {
  const RunData run = load_run(skipped_run());
  const auto got = names(render_plots(plan_plots(run), skipped_run() / "plots"));
  EXPECT_FALSE(got.contains("cv_folds"));
  EXPECT_FALSE(got.contains("tuning_trials"));
  EXPECT_TRUE(got.contains("training_history"));
  EXPECT_TRUE(got.contains("confusion_matrix"));
}

TEST(Plots, GnuplotErrorsAreReportedAndKeepTheOldPlots) {
  const auto dir = exertrack::testing::scratch_dir("report_plot_error");
  write_file_atomic(dir / "plots" / "old.png", "old");
  PlotJob bad;
  bad.plot = {"broken", "Broken", "", "data"};
  bad.body = "plot 'missing.dat' using 1:2 with lines\n";
  try {
    (void)render_plots({bad}, dir / "plots");
    FAIL() << "expected gnuplot to fail";
  } catch (const std::runtime_error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("gnuplot failed on plot 'broken'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("missing.dat"), std::string::npos) << msg;
  }
  EXPECT_EQ(read_file(dir / "plots" / "old.png"), "old");
  for (const auto& e : fs::directory_iterator(dir)) EXPECT_EQ(e.path().filename(), "plots");
}

TEST(Plots, MissingGnuplotIsAClearError) {
  const RunData run = load_run(skipped_run());
  PlotOptions options;
  options.gnuplot = "no-such-gnuplot-exertrack";
  const auto dir = exertrack::testing::scratch_dir("report_no_gnuplot");
  try {
    (void)render_plots(plan_plots(run, options), dir / "plots", options);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("not installed"), std::string::npos) << e.what();
  }
}

TEST(Plots, GnuplotStringAndSlug) {
  EXPECT_EQ(gnuplot_string("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
  EXPECT_EQ(slug("Bench Press (Barbell)"), "bench-press-barbell");
  EXPECT_EQ(slug("<>&"), "exercise");
  EXPECT_EQ(slug("Ćwiczenie 1"), "wiczenie-1");
}

}  // namespace
}  // namespace exertrack::report
