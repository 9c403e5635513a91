#include "report/run_data.hpp"

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"

using exertrack::core::util::InputError;
using exertrack::core::util::write_file_atomic;

namespace exertrack::report {
namespace {

const std::string kDatasetHeader =
    "source_row,date,exercise,set_order,weight_kg,reps,weight_change_pct,reps_change_pct,weight_ma,reps_ma,label,split,"
    "predicted\n";

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(RunData, ParsesHistory) {
  const auto rows = parse_history_csv(
      "run,epoch,loss,accuracy,val_loss,val_accuracy\nbest_epoch_search,1,0.5,0.8,0.4,0.85\nfinal,1,0.5,0.8,0.4,0.85\n", "h.csv");
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].run, "best_epoch_search");
  EXPECT_DOUBLE_EQ(rows[0].val_accuracy, 0.85);
  EXPECT_EQ(rows[1].run, "final");
}

TEST(RunData, HistoryErrorsNameLineAndColumn) {
  const std::string msg = error_of([] {
    (void)parse_history_csv("run,epoch,loss,accuracy,val_loss,val_accuracy\nfinal,1,0.5,abc,0.4,0.85\n", "h.csv");
  });
  EXPECT_NE(msg.find("h.csv:2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("accuracy"), std::string::npos) << msg;
  EXPECT_NE(msg.find("abc"), std::string::npos) << msg;
  EXPECT_NE(error_of([] { (void)parse_history_csv("epoch,loss\n1,2\n", "h.csv"); }).find("header"), std::string::npos);
  EXPECT_NE(error_of([] { (void)parse_history_csv("", "h.csv"); }).find("empty"), std::string::npos);
}

TEST(RunData, ParsesDatasetWithQuotedNames) {
  const auto rows = parse_dataset_csv(kDatasetHeader +
                                          "7,2016-08-26 17:05:57,\"Curl <EZ>, \"\"bar\"\" & co\",2,61.5,8,0,-37.5,61.5,8,0,test,1\n",
                                      "d.csv", 3);
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].exercise, "Curl <EZ>, \"bar\" & co");
  EXPECT_EQ(rows[0].time, 1472231157);
  EXPECT_EQ(rows[0].split, "test");
  EXPECT_EQ(rows[0].predicted, 1);
  EXPECT_DOUBLE_EQ(rows[0].reps_change_pct, -37.5);
}

TEST(RunData, DatasetRejectsBadValues) {
  auto bad = [](const std::string& row) { return error_of([&] { (void)parse_dataset_csv(kDatasetHeader + row, "d.csv", 3); }); };
  EXPECT_NE(bad("7,2016-08-26 17:05:57,A,2,61.5,8,0,0,61.5,8,5,test,1\n").find("outside"), std::string::npos);
  EXPECT_NE(bad("7,yesterday,A,2,61.5,8,0,0,61.5,8,0,test,1\n").find("not a date"), std::string::npos);
  EXPECT_NE(bad("7,2016-08-26 17:05:57,A,2,61.5,8,0,0,61.5,8,0,holdout,1\n").find("holdout"), std::string::npos);
  EXPECT_NE(bad("7,2016-08-26 17:05:57,A,2\n").find("expected 13 fields"), std::string::npos);
}

TEST(RunData, LoadRunNamesMissingFiles) {
  const auto dir = testing::scratch_dir("report_load_run");
  EXPECT_NE(error_of([&] { (void)load_run(dir / "nope"); }).find("not a run directory"), std::string::npos);
  EXPECT_NE(error_of([&] { (void)load_run(dir); }).find("metrics.json: missing"), std::string::npos);
  write_file_atomic(dir / "metrics.json", "{not json");
  EXPECT_NE(error_of([&] { (void)load_run(dir); }).find("not valid JSON"), std::string::npos);
  // A metrics.json missing a key fails naming the key, before any section is drawn.
  write_file_atomic(dir / "metrics.json", R"({"classes": ["increase reps", "increase weight"]})");
  EXPECT_NE(error_of([&] { (void)load_run(dir); }).find("key \"feature_names\": missing"), std::string::npos);
}

TEST(RunData, CountsLabelLeakRowsInTheTestSplit) {
  RunData run;
  run.classes = {"increase reps", "increase weight", "increase weight, decrease reps"};
  auto row = [](int label, double wc, const char* split) {
    DatasetRow r;
    r.label = label;
    r.weight_change_pct = wc;
    r.split = split;
    return r;
  };
  run.dataset = {row(0, 0, "test"), row(0, 0, "test"), row(0, 12.5, "test"), row(1, 0, "test"), row(0, 0, "train")};
  EXPECT_EQ(count_label_leak_rows(run), 2);
  run.classes = {"a", "b"};
  EXPECT_EQ(count_label_leak_rows(run), -1);
}

}  // namespace
}  // namespace exertrack::report
