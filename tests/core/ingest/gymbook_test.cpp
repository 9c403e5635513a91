// GymBook's logs export, read end to end from a fixture in the export's own
// shape (UTF-16LE XML on one line, day/month/year dates, a separate time,
// "60.00 kg" weights, type "default", skipped Yes/No), with our own rows.
// Evidence: a real 2,971-row export described in Brotherhood-of-Ghisa/BOGA3,
// docs/tasks/T-20260604-01-boga-import-json-contract-and-gymbook-digester.md,
// and read by apps/mobile/scripts/import/gymbook-digester.ts @99d217f2 (its
// test apps/mobile/__tests__/boga-import-gymbook-digester.test.ts shows a
// <log>). That export is from GymBook's English UI. GymBook's Italian UI
// exports CSV instead (core/ingest/gymbook_csv.hpp): a fixture in its shape is
// read below, its evidence cited there.
#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/ingest/formats.hpp"
#include "core/ingest/values.hpp"
#include "core/ingest/workout_log.hpp"
#include "core/util/error.hpp"

namespace ingest = exertrack::core::ingest;
using exertrack::core::util::InputError;

namespace exertrack::core::ingest {
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

std::size_t flagged(const WorkoutLog& log, const std::string& reason) {
  auto it = log.summary.flagged.find(reason);
  return it == log.summary.flagged.end() ? 0 : it->second.count;
}

// GymBook's Italian CSV export. Evidence: a real 5,632-row export,
// GB1609/GymBookToStrong@761a2ca1 GymBook-Logs-2025-01-16.csv (read by that
// repository's parse.py): its header, DD/MM/YY dates with the time in Orario,
// "20 ripetizioni" / "60 secondi" / "14 minuti" under Ripetizioni / Tempo,
// "20,00 kg" / "0,55 km" under Peso / Distanza, the set kinds Set, Set di
// riscaldamento and Set di defaticamento, Saltato No / Si. The rows are ours.
TEST(GymBook, ItalianCsvExport) {
  ReadOptions options;
  options.default_unit = WeightUnit::lb;  // the cells name kg: the option does not apply
  const WorkoutLog log = read_workout_log(fixture("gymbook_it.csv"), options);
  EXPECT_EQ(log.format, "gymbook");
  EXPECT_TRUE(log.warnings.empty());
  // The cells' unit is the lifter's: targets come in kg, not --weight-unit's lb.
  EXPECT_EQ(log.rows_unit, WeightUnit::kg);
  EXPECT_EQ(log.summary.rows_read, 8u);
  EXPECT_EQ(dropped(log, "skipped"), 1u) << "Saltato Si: a set of the plan not done";
  EXPECT_EQ(flagged(log, "bad-set-type"), 0u);
  EXPECT_EQ(flagged(log, "bad-skipped"), 0u);
  ASSERT_EQ(log.sets.size(), 7u);

  // 14/03/25 at 18:05 is 14 March 2025.
  EXPECT_EQ(log.sets[0].time, *ingest::parse_date_time("2025-03-14 18:05:00"));
  EXPECT_EQ(log.sets[6].time, *ingest::parse_date_time("2025-03-17 07:42:00"));
  EXPECT_EQ(log.exercises[log.sets[0].exercise], "Squat con Bilanciere");
  EXPECT_EQ(log.workouts[log.sets[0].workout], "Scheda A");
  EXPECT_EQ(log.workouts[log.sets[6].workout], "Scheda B");

  // "Set di riscaldamento" is a warm-up; "10 ripetizioni" of "30,00 kg".
  EXPECT_EQ(log.sets[0].kind, SetKind::warmup);
  EXPECT_EQ(log.sets[0].reps, 10.0);
  EXPECT_EQ(log.sets[0].weight_kg, 30.0);
  EXPECT_EQ(log.sets[1].kind, SetKind::normal);
  EXPECT_EQ(log.sets[1].weight_kg, 72.5) << "a decimal comma, in kg whatever --weight-unit says";
  EXPECT_EQ(log.sets[1].reps, 8.0);
  EXPECT_EQ(log.notes[log.sets[1].notes], "lento");
  EXPECT_EQ(log.sets[1].set_order, 2);  // numbered within the exercise and session
  EXPECT_EQ(log.sets[3].weight_kg, 0.0);  // "0,00 kg": a bodyweight set
  EXPECT_EQ(log.sets[3].reps, 7.0);
  EXPECT_FALSE(log.sets[3].timed);

  // "45 secondi" is a timed set, not 45 reps.
  EXPECT_TRUE(log.sets[4].timed);
  EXPECT_EQ(log.sets[4].reps, 0.0);
  EXPECT_EQ(log.sets[4].duration_s, 45.0);
  // "14 minuti" over "1,20 km": a cardio set, its distance no load. A
  // cool-down is read as a warm-up, outside the working sets.
  const SetRecord& cardio = log.sets[5];
  EXPECT_TRUE(cardio.timed);
  EXPECT_EQ(cardio.duration_s, 840.0);
  EXPECT_DOUBLE_EQ(cardio.distance_m, 1200.0);
  EXPECT_EQ(cardio.weight_kg, 0.0);
  EXPECT_EQ(cardio.kind, SetKind::warmup);
  EXPECT_EQ(flagged(log, "warm-up"), 2u);

  EXPECT_EQ(log.sets[6].weight_kg, 65.0);
  EXPECT_EQ(log.sets[6].reps, 6.0);

  options.format = "gymbook";
  EXPECT_EQ(read_workout_log(fixture("gymbook_it.csv"), options).sets.size(), 7u);
}

// A value not of the export's forms stays in its own column, and the reader
// says so there: the split-out cells never hide it.
TEST(GymBook, ItalianCsvBadValuesNameTheirColumn) {
  const std::string header =
      "Data,Programma,Orario,Esercizio,Zona,Gruppi muscolari (Primari),Gruppi muscolari (Secondari),"
      "Set / Set di riscaldamento / Set di defaticamento,Ripetizioni / Tempo,Peso / Distanza,Appunti,Saltato\n";
  const std::string good = "14/03/25,A,18:05,Squat,Gambe,,,Set,\"5 ripetizioni\",\"80,00 kg\",,No\n";
  const std::string stones = "14/03/25,A,18:06,Squat,Gambe,,,Set,\"5 ripetizioni\",\"12 st\",,No\n";
  const std::string hours = "14/03/25,A,18:07,Squat,Gambe,,,Set,\"5 volte\",\"80,00 kg\",,No\n";
  const std::string kind = "14/03/25,A,18:08,Squat,Gambe,,,Superserie,\"5 ripetizioni\",\"80,00 kg\",,No\n";
  const WorkoutLog log = parse_workout_log(header + good + stones + hours + kind, "it.csv");
  EXPECT_EQ(log.format, "gymbook");
  ASSERT_EQ(log.sets.size(), 2u);
  EXPECT_EQ(log.sets[0].weight_kg, 80.0);
  EXPECT_EQ(dropped(log, "bad-weight"), 1u);
  EXPECT_EQ(dropped(log, "bad-reps"), 1u);
  EXPECT_EQ(flagged(log, "bad-set-type"), 1u);
  const std::string summary = format_cleaning_summary(log.summary);
  EXPECT_NE(summary.find("column 'Peso / Distanza': value '12 st'"), std::string::npos) << summary;
  EXPECT_NE(summary.find("column 'Ripetizioni / Tempo': value '5 volte'"), std::string::npos) << summary;

  // Forced to another app's format, the file is not rewritten, and not read.
  ReadOptions strong;
  strong.format = "strong";
  EXPECT_THROW((void)parse_workout_log(header + good, "it.csv", strong), InputError);
}

TEST(GymBook, DayMonthYear) {
  EXPECT_EQ(ingest::parse_day_month_year("01/07/2026", "12:05"), ingest::parse_date_time("2026-07-01 12:05"));
  EXPECT_EQ(ingest::parse_day_month_year("01/07/26", "7:30"), ingest::parse_date_time("2026-07-01 07:30"));
  EXPECT_FALSE(ingest::parse_day_month_year("13/13/2026", "12:00"));
  EXPECT_FALSE(ingest::parse_day_month_year("2026-07-01", "12:00"));
  EXPECT_FALSE(ingest::parse_day_month_year("01/07/2026", "noon"));
}

}  // namespace
}  // namespace exertrack::core::ingest
