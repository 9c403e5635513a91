// Alpha Progression's Workouts export, read from lines cut from three real
// exports of one lifter: Ayush-Kaushik/alpha-progression-data-parser@f89edbab
// data/2023_03_26 Workouts.csv, 2023_03_24 Workouts.csv and 2023_02_28
// Workouts.csv (line numbers below are those files'). Newest session first,
// as the app writes them.
#include <gtest/gtest.h>

#include <string>

#include "common/input_error.hpp"
#include "core/ingest/values.hpp"
#include "core/ingest/workout_log.hpp"

namespace exertrack::core::ingest {
namespace {

using exertrack::testing::input_error;

std::size_t dropped(const WorkoutLog& log, const std::string& reason) {
  auto it = log.summary.dropped.find(reason);
  return it == log.summary.dropped.end() ? 0 : it->second.count;
}

#define NBSP "\xC2\xA0"
#define DOT "\xC2\xB7"

const std::string kExport =
    // 2023_03_26, lines 1-15: the byte-order mark alone on the first line, a
    // bare title, 12-hour start with a no-break space, two supersets.
    "\xEF\xBB\xBF\n"
    "\n"
    "Arms\n"
    "\"2023-03-24 7:26" NBSP "pm\",51" NBSP "min\n"
    "\"Day 3 " DOT " Week 1 " DOT " Plan_002\"\n"
    "\"1. Twist Curls with Rope Cable\",\"Superset 1\"\n"
    "\"10 reps\"\n"
    "#,LBS,REPS\n"
    "1,27.5,20\n"
    "2,32.5,20\n"
    "\"2. Curls Dumbbells\",\"Superset 2\"\n"
    "\"10 reps\"\n"
    "#,LBS,REPS\n"
    "1,25,10\n"
    "2,30,8\n"
    "\n"
    "\n"
    // 2023_03_24, lines 3-11: "1:10 hr", "2 dropsets".
    "\"Day 2\"\n"
    "\"2023-03-23 6:59" NBSP "pm\",1:10" NBSP "hr\n"
    "\"Day 2 " DOT " Week 1 " DOT " Plan_001\"\n"
    "\"1. Face Pulls with Rope Cable\",\"2 dropsets\"\n"
    "\"10 reps\"\n"
    "#,LBS,REPS\n"
    "1,20,15\n"
    "2,25,12\n"
    "3,25,5\n"
    "\n"
    "\n"
    // 2023_02_28, lines 3-5 and 11-18: the lifter's own note, over three lines.
    "\"Back - Day 4\"\n"
    "\"2023-02-21 5:46" NBSP "pm\",1:04" NBSP "hr\n"
    "\"Day 4 " DOT " Week 2 " DOT " Second Plan\"\n"
    "\"2. Lat Pulldowns with Wide Overhand Grip Cable\",\"25 x 20\n"
    "40 x 15\n"
    "55 x 10\"\n"
    "\"10 reps\"\n"
    "#,LBS,REPS\n"
    "1,85,15\n"
    "2,100,8\n"
    "3,100,6\n"
    "\n"
    "\n"
    // 2023_02_28, lines 531-533 and 544-555: a morning session, an exercise
    // whose planned sets were left empty.
    "\"Day 4\"\n"
    "\"2023-01-06 8:24" NBSP "am\",39" NBSP "min\n"
    "\"Day 4 " DOT " Week 2 " DOT " New plan\"\n"
    "\"3. Lat Pulldowns with Wide Overhand Grip Cable\"\n"
    "\"10 reps\"\n"
    "#,LBS,REPS\n"
    "1,77,15\n"
    "2,99,10\n"
    "3,99,8\n"
    "\"4. Lat Pulldowns with Close Neutral Grip Cable\"\n"
    "\"10 reps\"\n"
    "#,LBS,REPS\n"
    "1,-,-\n"
    "2,-,-\n"
    "3,-,-\n"
    "\n"
    "\n"
    // 2023_02_28, lines 98-106: sets of reps alone.
    "\"Abs (extra)\"\n"
    "\"2023-02-08 8:44" NBSP "pm\",11" NBSP "min\n"
    "\"Day 5 " DOT " Week 1 " DOT " Second Plan\"\n"
    "\"1. Reverse Crunches Bodyweight\"\n"
    "\"10 reps\"\n"
    "#,REPS\n"
    "1,20\n"
    "2,20\n"
    "3,20\n";

std::string time_text(std::int64_t t) {
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02lld:%02lld", static_cast<long long>(t % 86400 / 3600),
                static_cast<long long>(t % 3600 / 60));
  return format_date(t) + buf;
}

TEST(AlphaProgression, BlocksOfSessionsExercisesAndSets) {
  const WorkoutLog log = parse_workout_log(kExport, "2023_03_26 Workouts.csv");
  EXPECT_EQ(log.format, "alpha-progression");
  EXPECT_EQ(log.unit_source, "column");
  EXPECT_EQ(log.rows_unit, WeightUnit::lb) << "#,LBS,REPS";
  EXPECT_EQ(log.format_details,
            "Alpha Progression's Workouts export (blocks of session, exercise and set lines), weight unit per exercise "
            "(#,LBS,REPS or #,KG,REPS above each exercise's sets; mostly lb)");
  EXPECT_EQ(log.summary.rows_read, 19u);
  ASSERT_EQ(log.sets.size(), 16u);
  EXPECT_EQ(dropped(log, "not-started"), 3u);
  EXPECT_EQ(log.summary.dropped.at("not-started").first_lines, (std::vector<std::size_t>{54, 55, 56}));

  // Oldest first once read: the reps-only session of 8 February 2023.
  const SetRecord& crunch = log.sets[3];
  EXPECT_EQ(log.exercises[crunch.exercise], "Reverse Crunches Bodyweight");
  EXPECT_EQ(log.workouts[crunch.workout], "Abs (extra)");
  EXPECT_EQ(time_text(crunch.time), "2023-02-08 20:44");
  EXPECT_EQ(crunch.weight_kg, 0.0);
  EXPECT_EQ(crunch.reps, 20.0);
  EXPECT_EQ(crunch.line, 65u);

  const SetRecord& morning = log.sets[0];
  EXPECT_EQ(time_text(morning.time), "2023-01-06 08:24") << "8:24 am";
  EXPECT_EQ(morning.weight_kg, 77 / kPoundsPerKilogram);
  EXPECT_EQ(morning.reps, 15.0);

  const SetRecord& pulldown = log.sets[6];
  EXPECT_EQ(log.exercises[pulldown.exercise], "Lat Pulldowns with Wide Overhand Grip Cable");
  EXPECT_EQ(time_text(pulldown.time), "2023-02-21 17:46");
  EXPECT_EQ(pulldown.weight_kg, 85 / kPoundsPerKilogram);
  EXPECT_EQ(log.notes[pulldown.notes], "25 x 20\n40 x 15\n55 x 10") << "the lifter's note, kept; not read as sets";
  EXPECT_EQ(pulldown.kind, SetKind::normal);

  const SetRecord& face_pull = log.sets[9];
  EXPECT_EQ(time_text(face_pull.time), "2023-03-23 18:59") << "6:59 pm";
  EXPECT_EQ(log.workouts[face_pull.workout], "Day 2");
  EXPECT_EQ(log.notes[face_pull.notes], "2 dropsets");
  EXPECT_EQ(log.sets[11].set_order, 3);
  EXPECT_EQ(log.sets[11].kind, SetKind::normal) << "the export does not say which sets were the drops";

  const SetRecord& twist = log.sets[12];
  EXPECT_EQ(log.exercises[twist.exercise], "Twist Curls with Rope Cable");
  EXPECT_EQ(log.workouts[twist.workout], "Arms");
  EXPECT_EQ(time_text(twist.time), "2023-03-24 19:26");
  EXPECT_EQ(twist.weight_kg, 27.5 / kPoundsPerKilogram);
  EXPECT_EQ(log.notes[twist.notes], "Superset 1");
  EXPECT_EQ(twist.line, 9u);
  EXPECT_EQ(log.notes[log.sets[14].notes], "Superset 2");
}

// The sub-headers give the unit, exercise by exercise. #,KG,REPS is the
// metric counterpart of #,LBS,REPS: no comma-separated export in kilograms
// was found, but metric accounts write KG in that place of the semicolon
// variant's sub-header (KrassGras/alphaProgressionVisualizer@54fce4cc main.py,
// meltforce/FreeReps@39de7f1b internal/ingest/alpha/parser.go).
TEST(AlphaProgression, KilogramSubHeaders) {
  std::string text = kExport;
  for (std::size_t at; (at = text.find("#,LBS,REPS")) != std::string::npos;) text.replace(at, 10, "#,KG,REPS");
  const WorkoutLog log = parse_workout_log(text, "kg.csv");
  EXPECT_EQ(log.rows_unit, WeightUnit::kg);
  EXPECT_EQ(log.sets[12].weight_kg, 27.5);
}

TEST(AlphaProgression, ALineThatFitsNoBlockIsOneClearError) {
  std::string text = kExport;
  text.replace(text.find("#,LBS,REPS\n1,20,15"), 10, "LBS,REPS");
  EXPECT_EQ(input_error([&] { (void)parse_workout_log(text, "ap.csv"); }),
            "ap.csv:23: exercise 'Face Pulls with Rope Cable' (line 21) has no sub-header: expected #,LBS,REPS, "
            "#,KG,REPS or #,REPS before its sets");
  std::string stray = kExport;
  stray.replace(stray.find("\"2. Curls Dumbbells\""), 20, "\"Curls Dumbbells\"");
  EXPECT_EQ(input_error([&] { (void)parse_workout_log(stray, "ap.csv"); }),
            "ap.csv:11: value 'Curls Dumbbells' is not an exercise line (\"1. Curls Dumbbells\"), a set under an "
            "exercise's #,LBS,REPS line, or a session's title and start");
}

TEST(AlphaProgression, UnknownSubHeaderDropsItsSets) {
  std::string text = kExport;
  text.replace(text.find("#,REPS\n"), 6, "#,KM,TIME");
  const WorkoutLog log = parse_workout_log(text, "ap.csv");
  EXPECT_EQ(dropped(log, "unknown-sub-header"), 3u);
  EXPECT_EQ(log.summary.dropped.at("unknown-sub-header").first_problem,
            "line 65: column '#,KM,TIME': value '20' is under a sub-header this reader does not know (#,KM,TIME; "
            "expected #,LBS,REPS, #,KG,REPS or #,REPS)");
}

// The variants no real export was found for, and the Plans export, are
// refused with what is read.
TEST(AlphaProgression, OtherExportsRefused) {
  // The semicolon variant's first lines, as meltforce/FreeReps@39de7f1b
  // internal/ingest/alpha/parser_test.go writes them.
  const std::string semicolon =
      "\"Legs " DOT " Day 2 " DOT " Week 4 " DOT " Push-Pull-Legs\";\"2026-02-19 4:54 h\";\"1:02 hr\"\n"
      "\"1. Hack Squats " DOT " Machine " DOT " 8 reps\";\"WU1 " DOT " 37,5 kg " DOT " 9 reps\"\n"
      "#;KG;REPS;RIR\n"
      "1;115;8;1\n";
  EXPECT_EQ(input_error([&] { (void)parse_workout_log(semicolon, "alpha.csv"); }),
            "alpha.csv:1: this is Alpha Progression's semicolon-separated export (\"#;KG;REPS;RIR\", times as \"4:54 h\"), "
            "which is not read: no real export of that variant was available to check a reader against. Expected the "
            "comma-separated Workouts export (sub-headers #,KG,REPS, #,LBS,REPS or #,REPS, times as \"7:26 pm\")");
  // 2023_02_28 Plans.csv, lines 1-5.
  const std::string plans =
      "\xEF\xBB\xBF\n"
      "\"Second Plan\",2023-02-02\n"
      "\"4 weeks\"\n"
      "\"Day 1 " DOT " Chest - Day 1\"\n"
      "EXERCISE,SETS,REPS\n";
  EXPECT_EQ(input_error([&] { (void)parse_workout_log(plans, "plans.csv"); }),
            "plans.csv:1: this is Alpha Progression's Plans export (EXERCISE,SETS,REPS), which holds plans, not the sets "
            "lifted: export Workouts instead");
}

TEST(AlphaProgression, FormatOption) {
  ReadOptions ap;
  ap.format = "alpha-progression";
  EXPECT_EQ(parse_workout_log(kExport, "w.csv", ap).sets.size(), 16u);
  EXPECT_EQ(input_error([&] {
              (void)parse_workout_log("Date,Exercise Name,Weight,Reps\n2021-01-01 10:00:00,Squat,100,5\n", "s.csv", ap);
            }),
            "s.csv:1: --format alpha-progression reads Alpha Progression's Workouts export, whose first lines are a "
            "session's title and its start, such as \"2023-03-24 7:26 pm\",51 min; this file's first line is "
            "'Date,Exercise Name,Weight,Reps'");
  ReadOptions hevy;
  hevy.format = "hevy";
  EXPECT_EQ(input_error([&] { (void)parse_workout_log(kExport, "w.csv", hevy); }),
            "w.csv: the file is an Alpha Progression export (blocks of session, exercise and set lines); --format hevy "
            "cannot read it (use --format alpha-progression or auto)");
}

}  // namespace
}  // namespace exertrack::core::ingest
