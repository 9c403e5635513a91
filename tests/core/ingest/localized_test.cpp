// Strong exports written in other app languages, each read by its header
// names from a fixture built on real evidence of that language's export
// (cited per test); the rows are our own.
#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/ingest/values.hpp"
#include "core/ingest/workout_log.hpp"

namespace ingest = exertrack::core::ingest;

namespace exertrack::core::ingest {
namespace {

std::filesystem::path fixture(const std::string& name) { return testing::source_dir() / "tests/data/ingest" / name; }

std::size_t flagged(const WorkoutLog& log, const std::string& reason) {
  auto it = log.summary.flagged.find(reason);
  return it == log.summary.flagged.end() ? 0 : it->second.count;
}

// Portuguese (Brazil). Evidence: a real export's header, duration format
// ("10min", "1h 23min") and date format, as gustavosinacio/ada11@6fed1456
// reads them (that repository's scripts/import-strong.ts) and describes them
// (its docs/runs/2026-05-20_0127_import-strong-csv/discovery.md); its set markers
// "A", "D", "F" (its docs/runs/2026-05-21_2330_strong-import-setnumber/retro.md);
// the same header in gustavosinacio/ada-back src/types/exercise.ts.
TEST(LocalisedStrong, PortugueseByName) {
  ReadOptions options;
  options.default_unit = WeightUnit::kg;
  const WorkoutLog log = read_workout_log(fixture("strong_portuguese.csv"), options);
  EXPECT_EQ(log.format, "strong");
  EXPECT_TRUE(log.warnings.empty()) << "every column is known by its Portuguese name, none taken by position";
  ASSERT_EQ(log.sets.size(), 7u);
  EXPECT_EQ(log.exercises[log.sets[0].exercise], "Agachamento (Barra)");
  EXPECT_EQ(log.workouts[log.sets[0].workout], "Treino A");

  // "A" is the Portuguese warm-up marker, D drop, F failure; numbers are set numbers.
  EXPECT_EQ(log.sets[0].kind, SetKind::warmup);
  EXPECT_EQ(log.sets[0].weight_kg, 40.0);
  EXPECT_EQ(log.sets[1].kind, SetKind::normal);
  EXPECT_EQ(log.sets[1].set_order, 1);
  EXPECT_EQ(log.sets[2].weight_kg, 82.5);
  EXPECT_EQ(log.sets[2].reps, 6.0);
  EXPECT_EQ(log.sets[2].rpe, 8.0);
  EXPECT_EQ(log.notes[log.sets[2].notes], "joelho ok");
  EXPECT_EQ(log.sets[4].kind, SetKind::drop);
  EXPECT_EQ(log.sets[5].kind, SetKind::failure);
  EXPECT_EQ(flagged(log, "warm-up"), 1u);
  EXPECT_EQ(flagged(log, "bad-set-order"), 0u) << "A, D and F are markers, not unreadable set numbers";

  // Distância and Segundos are the set's; Duração (the workout's) is not read as seconds.
  const SetRecord& cardio = log.sets[6];
  EXPECT_EQ(log.exercises[cardio.exercise], "Elíptico");
  EXPECT_TRUE(cardio.timed);
  EXPECT_EQ(cardio.duration_s, 1200.0);
  EXPECT_DOUBLE_EQ(cardio.distance_m, 2500.0);  // a bare Distância in the kg system is km
  EXPECT_EQ(log.sets[0].duration_s, 0.0) << "the workout's 1h 23min (4980 s) is no set's duration";
}

// "A" is a warm-up only where the header says the file is Portuguese: in an
// English export it is no marker Strong writes, and stays a flagged cell.
TEST(LocalisedStrong, PortugueseWarmUpLetterOnlyInPortuguese) {
  const std::string english =
      "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n"
      "2024-03-04 18:10:22,A,Squat (Barbell),A,40,10,0,0,,\n";
  const WorkoutLog log = parse_workout_log(english, "english.csv");
  ASSERT_EQ(log.sets.size(), 1u);
  EXPECT_EQ(log.sets[0].kind, SetKind::normal);
  EXPECT_EQ(flagged(log, "bad-set-order"), 1u);
}

// French. Evidence: a real export's header and durations ("35min",
// "1h 10min"), SebastienRdgs/stronger@18cf3c8e strong.csv; its weights are
// kilograms (20.0 and 25.0 kg dumbbells) under a bare "Poids".
TEST(LocalisedStrong, FrenchByName) {
  ReadOptions options;
  options.default_unit = WeightUnit::kg;
  const WorkoutLog log = read_workout_log(fixture("strong_french_export.csv"), options);
  EXPECT_EQ(log.format, "strong");
  EXPECT_TRUE(log.warnings.empty()) << "every column is known by its French name, none taken by position";
  ASSERT_EQ(log.sets.size(), 5u);
  EXPECT_EQ(log.exercises[log.sets[0].exercise], "Développé couché (Haltère)");
  EXPECT_EQ(log.workouts[log.sets[0].workout], "Pecs Et Dos");
  EXPECT_EQ(log.sets[1].set_order, 2);
  EXPECT_EQ(log.sets[1].weight_kg, 22.5);
  EXPECT_EQ(log.sets[1].reps, 8.0);  // "Réps"
  EXPECT_EQ(log.sets[1].rpe, 8.0);
  EXPECT_EQ(log.notes[log.sets[1].notes], "épaule ok");
  const SetRecord& cardio = log.sets[3];
  EXPECT_TRUE(cardio.timed);
  EXPECT_EQ(cardio.duration_s, 900.0);  // "Secondes", not the workout's "Durée"
  EXPECT_EQ(log.sets[4].weight_kg, 70.0);
  EXPECT_EQ(log.sets[4].duration_s, 0.0) << "the workout's 1h 4min is no set's duration";
}

// German. Evidence: three real exports with the one header (Name der Übung,
// Reihenfolge festlegen, Wiederh., ...), durations "38min", "1h 2min", "1h"
// and kilogram loads under a bare Gewicht: ShutCoffee/Health-Dashboard@02adb03f
// strong.csv, patrickzim/Wellbeing_23@e40d75a8 strong.csv and
// Eliah3/sports-tracking@4fc546c4 strong_workouts.csv, the last with
// "Ruhezeit" rows (Strong's rest timer: Sekunden holds the rest, no load, no
// reps) under Reihenfolge festlegen.
TEST(LocalisedStrong, GermanByName) {
  ReadOptions options;
  options.default_unit = WeightUnit::kg;
  const WorkoutLog log = read_workout_log(fixture("strong_german_export.csv"), options);
  EXPECT_EQ(log.format, "strong");
  EXPECT_TRUE(log.warnings.empty()) << "every column is known by its German name, none taken by position";
  ASSERT_EQ(log.sets.size(), 5u);
  EXPECT_EQ(log.exercises[log.sets[0].exercise], "Bench Press (Barbell)");
  EXPECT_EQ(log.workouts[log.sets[0].workout], "Oberkörper");
  EXPECT_EQ(log.sets[0].time, *ingest::parse_date_time("2024-05-06 17:40:12"));
  EXPECT_EQ(log.sets[1].set_order, 2);  // "Reihenfolge festlegen"
  EXPECT_EQ(log.sets[1].weight_kg, 72.5);
  EXPECT_EQ(log.sets[1].reps, 6.0);  // "Wiederh."
  EXPECT_EQ(log.sets[1].rpe, 8.5);
  EXPECT_EQ(log.notes[log.sets[1].notes], "Griff enger");
  EXPECT_EQ(log.sets[1].kind, SetKind::normal);
  EXPECT_EQ(log.exercises[log.sets[2].exercise], "Klimmzüge");
  EXPECT_EQ(log.sets[2].weight_kg, 0.0);
  EXPECT_EQ(log.sets[2].reps, 8.0);
  EXPECT_TRUE(log.sets[3].timed);  // Plank: Sekunden 45, no reps
  EXPECT_EQ(log.sets[3].duration_s, 45.0);
  EXPECT_EQ(log.sets[4].weight_kg, 90.0);
  EXPECT_EQ(log.sets[4].time, *ingest::parse_date_time("2024-05-09 07:15:40"));
  EXPECT_EQ(log.sets[4].duration_s, 0.0) << "the workout's Dauer (48min) is no set's duration";
  // "Ruhezeit" is the rest timer, dropped like the English "Rest Timer".
  EXPECT_EQ(log.summary.dropped.at("rest-timer").count, 1u);
  EXPECT_EQ(flagged(log, "bad-set-order"), 0u);
}

// The German names of the real exports and the reported ones ("Übungsname",
// "Satzreihenfolge", "Wiederholungen") both read by name.
TEST(LocalisedStrong, GermanReportedNamesStillRead) {
  const std::string reported =
      "Datum,Workout-Name,Dauer,Übungsname,Satzreihenfolge,Gewicht,Wiederholungen,Distanz,Sekunden,Notizen,"
      "Workout-Notizen,RPE\n2022-01-10 09:00:00,Beine,45m,Kniebeuge,1,100,5,0,0,,,\n";
  const WorkoutLog log = parse_workout_log(reported, "reported.csv");
  EXPECT_TRUE(log.warnings.empty());
  ASSERT_EQ(log.sets.size(), 1u);
  EXPECT_EQ(log.exercises[log.sets[0].exercise], "Kniebeuge");
  EXPECT_EQ(log.sets[0].reps, 5.0);
}

// Chinese. Evidence: a real export's header (Strong translates "Set Order"
// as 设置顺序 and "Reps" as 次), durations ("1小时13分钟", "12分钟") and
// weights written in pounds from kilograms (44.09245243697551 = 20 kg),
// DericMei/My-WorkOut-Project@7702a117 strong.csv.
TEST(LocalisedStrong, ChineseByName) {
  ReadOptions options;
  options.default_unit = WeightUnit::lb;
  const WorkoutLog log = read_workout_log(fixture("strong_chinese_export.csv"), options);
  EXPECT_EQ(log.format, "strong");
  EXPECT_TRUE(log.warnings.empty()) << "every column is known by its Chinese name, none taken by position";
  ASSERT_EQ(log.sets.size(), 6u);
  EXPECT_EQ(log.exercises[log.sets[0].exercise], "Bench Press (Barbell)");
  EXPECT_EQ(log.workouts[log.sets[0].workout], "2.Push");
  EXPECT_EQ(log.sets[1].set_order, 2);
  EXPECT_NEAR(log.sets[1].weight_kg, 70.0, 1e-6);  // Strong's factor is not exactly 1 / 0.45359237
  EXPECT_EQ(log.sets[1].reps, 5.0);
  EXPECT_EQ(log.notes[log.sets[0].notes], "热身后");
  EXPECT_TRUE(log.sets[4].timed);  // Plank: 秒 60, no reps
  EXPECT_EQ(log.sets[4].duration_s, 60.0);
  EXPECT_NEAR(log.sets[5].weight_kg, 100.0, 1e-6);
  // Unit detection sees pounds converted from kilograms in the loads.
  ReadOptions detect;
  detect.detect_unit = true;
  const WorkoutLog detected = read_workout_log(fixture("strong_chinese_export.csv"), detect);
  EXPECT_EQ(detected.weight_unit, WeightUnit::lb) << detected.unit_reason;
}

// Hevy writes start_time with the month in the phone's language: "11 Nis
// 2026, 13:05" (Turkish), as canonat2326/Can-Onat-Yaren-DSA-210-Project@
// c73a266a's workout_data.csv does (header, quoting and date shape as
// there; the rows are our own). Every row is read, at its own date: before,
// only the months spelt as in English (Mar) survived, the rest dropped as
// bad-date.
TEST(LocalisedHevy, TurkishMonthNames) {
  const WorkoutLog log = read_workout_log(fixture("hevy_turkish.csv"));
  EXPECT_EQ(log.format, "hevy");
  EXPECT_EQ(log.summary.rows_read, 6u);
  EXPECT_EQ(log.summary.rows_kept, 6u);
  EXPECT_TRUE(log.summary.dropped.empty());
  ASSERT_EQ(log.sets.size(), 6u);
  std::vector<std::string> dates;
  for (const SetRecord& s : log.sets) dates.push_back(format_date(s.time));
  EXPECT_EQ(dates, (std::vector<std::string>{"2025-01-02", "2025-08-20", "2026-02-14", "2026-03-03", "2026-04-11", "2026-04-11"}));
  EXPECT_EQ(log.sets.front().weight_kg, 80.0);
  EXPECT_EQ(log.sets.back().reps, 8.0);
}

}  // namespace
}  // namespace exertrack::core::ingest
