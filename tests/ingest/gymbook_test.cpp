// GymBook's logs export, read end to end from a fixture in the export's own
// shape (UTF-16LE XML on one line, day/month/year dates, a separate time,
// "60.00 kg" weights, type "default", skipped Yes/No), with our own rows.
// Evidence: a real 2,971-row export described in Brotherhood-of-Ghisa/BOGA3,
// docs/tasks/T-20260604-01-boga-import-json-contract-and-gymbook-digester.md,
// and read by apps/mobile/scripts/import/gymbook-digester.ts @99d217f2 (its
// test apps/mobile/__tests__/boga-import-gymbook-digester.test.ts shows a
// <log>). That export is from GymBook's English UI; no Italian export was
// found, so none is claimed here.
#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "ingest/formats.hpp"
#include "ingest/values.hpp"
#include "ingest/workout_log.hpp"
#include "util/error.hpp"

namespace exertrack {
namespace {

std::filesystem::path fixture(const std::string& name) { return testing::source_dir() / "tests/data/ingest" / name; }

std::size_t dropped(const WorkoutLog& log, const std::string& reason) {
  auto it = log.summary.dropped.find(reason);
  return it == log.summary.dropped.end() ? 0 : it->second.count;
}

TEST(GymBook, EnglishLogsExport) {
  const WorkoutLog log = read_workout_log(fixture("gymbook_en.xml"));
  EXPECT_EQ(log.format, "gymbook");
  EXPECT_EQ(log.summary.rows_read, 6u);
  EXPECT_EQ(dropped(log, "skipped"), 1u) << "a skipped set of the plan is no set";
  ASSERT_EQ(log.sets.size(), 5u);

  // 03/02/2025 18:02 is 3 February, the time taken from its own column.
  EXPECT_EQ(log.sets[0].time, *ingest::parse_date_time("2025-02-03 18:02:00"));
  EXPECT_EQ(log.sets[2].time, *ingest::parse_date_time("2025-02-03 18:09:00"));
  EXPECT_EQ(log.sets[4].time, *ingest::parse_date_time("2025-02-05 07:41:00"));

  // Weights carry their unit: kg whatever --weight-unit says.
  EXPECT_EQ(log.unit_source, "column");
  EXPECT_EQ(log.sets[1].weight_kg, 62.5);
  EXPECT_EQ(log.sets[4].weight_kg, 100.0);
  EXPECT_EQ(log.sets[3].weight_kg, 0.0) << "an empty weight is a bodyweight set";
  EXPECT_EQ(log.sets[3].reps, 12.0);
  EXPECT_EQ(log.sets[0].kind, SetKind::normal);
  EXPECT_EQ(log.exercises[log.sets[3].exercise], "Dips");
  EXPECT_EQ(log.workouts[log.sets[4].workout], "Legs");
  EXPECT_EQ(log.notes[log.sets[2].notes], "Pause & press");
  // Sets of one exercise in one session are numbered in file order.
  EXPECT_EQ(log.sets[0].set_order, 1);
  EXPECT_EQ(log.sets[2].set_order, 3);
  EXPECT_EQ(log.sets[3].set_order, 1);
}

TEST(GymBook, FormatIsForcedOrRefused) {
  ReadOptions options;
  options.format = "gymbook";
  EXPECT_EQ(read_workout_log(fixture("gymbook_en.xml"), options).sets.size(), 5u);
  try {
    (void)read_workout_log(fixture("strong_12col.csv"), options);
    FAIL() << "a Strong CSV is no GymBook export";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--format gymbook reads GymBook's XML logs export"), std::string::npos) << e.what();
  }
  options.format = "strong";
  try {
    (void)read_workout_log(fixture("gymbook_en.xml"), options);
    FAIL() << "--format strong cannot read GymBook's XML";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("is a GymBook XML export; --format strong cannot read it"), std::string::npos)
        << e.what();
  }
}

TEST(GymBook, BadValuesNameTheLogAndTheField) {
  const std::string head = "<logs><log><date>03/02/2025</date><workout>A</workout><time>18:02</time>"
                           "<exercise>Squat</exercise><type>default</type><reps>5</reps>";
  const std::string tail = "<notes/><skipped>No</skipped></log>";
  const std::string good = head + "<weight>80.00 kg</weight>" + tail;
  const std::string stones = head + "<weight>12 st</weight>" + tail;
  ReadOptions strict;
  strict.strict = true;
  try {
    EXPECT_EQ(parse_workout_log("<logs>" + good + "</logs>", "g.xml", strict).sets.size(), 1u);
    (void)parse_workout_log("<logs>" + good + stones + "</logs>", "g.xml", strict);
    FAIL() << "'12 st' is not a weight in kg or lb";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("g.xml:2: column 'weight': value '12 st' does not end in a weight unit"),
              std::string::npos)
        << e.what();
  }
  // Without --strict the row goes, the file stays.
  const WorkoutLog log = parse_workout_log("<logs>" + good + stones + "</logs>", "g.xml");
  EXPECT_EQ(log.sets.size(), 1u);
  EXPECT_EQ(dropped(log, "bad-weight-unit"), 1u);
  EXPECT_THROW((void)parse_workout_log("<?xml version=\"1.0\"?><workouts/>", "w.xml"), InputError);
  EXPECT_THROW((void)parse_workout_log("<logs><log><date>03/02/2025</date>", "cut.xml"), InputError);
}

TEST(GymBook, DayMonthYear) {
  EXPECT_EQ(ingest::parse_day_month_year("01/07/2026", "12:05"), ingest::parse_date_time("2026-07-01 12:05"));
  EXPECT_EQ(ingest::parse_day_month_year("01/07/26", "7:30"), ingest::parse_date_time("2026-07-01 07:30"));
  EXPECT_FALSE(ingest::parse_day_month_year("13/13/2026", "12:00"));
  EXPECT_FALSE(ingest::parse_day_month_year("2026-07-01", "12:00"));
  EXPECT_FALSE(ingest::parse_day_month_year("01/07/2026", "noon"));
}

}  // namespace
}  // namespace exertrack
