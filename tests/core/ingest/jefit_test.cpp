// JEFIT's export, read from lines cut from a real one (common/jefit_excerpt.hpp:
// walkshard/ai-jefit-cleaner@cd23e100 input/Walkshard_20260607.csv). The export
// is twelve sections; these tests keep the four the reader uses and one it skips.
#include <gtest/gtest.h>

#include <string>

#include "common/input_error.hpp"
#include "common/jefit_excerpt.hpp"
#include "core/ingest/values.hpp"
#include "core/ingest/workout_log.hpp"

namespace exertrack::core::ingest {
namespace {

using exertrack::testing::input_error;
using exertrack::testing::jefit::export_text;
using exertrack::testing::jefit::kLogs;
using exertrack::testing::jefit::kSessions;
using exertrack::testing::jefit::kSetLogs;
using exertrack::testing::jefit::kSetting;

std::size_t dropped(const WorkoutLog& log, const std::string& reason) {
  auto it = log.summary.dropped.find(reason);
  return it == log.summary.dropped.end() ? 0 : it->second.count;
}
std::size_t flagged(const WorkoutLog& log, const std::string& reason) {
  auto it = log.summary.flagged.find(reason);
  return it == log.summary.flagged.end() ? 0 : it->second.count;
}

std::string time_text(std::int64_t t) {
  const auto days = t / 86400;
  const auto s = t % 86400;
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                static_cast<long long>(s % 3600 / 60), static_cast<long long>(s % 60));
  return format_date(days * 86400) + buf;
}

TEST(Jefit, EverySectionThatCarriesSetsReadOnce) {
  const WorkoutLog log = parse_workout_log(export_text(), "jefit.csv");
  EXPECT_EQ(log.format, "jefit");
  EXPECT_EQ(log.weight_unit, WeightUnit::lb);
  EXPECT_EQ(log.unit_source, "header");
  EXPECT_EQ(log.unit_reason, "the SETTING section (line 5): mass ' lbs'");
  EXPECT_EQ(log.format_details,
            "JEFIT's export (sets unpacked from EXERCISE LOGS; warm-ups from EXERCISE SET LOGS), weight in lb (the "
            "SETTING section (line 5): mass ' lbs')");
  // 3 + 4 + 1 + 4 packed sets; the 4 set logs and the cardio log add none.
  EXPECT_EQ(log.summary.rows_read, 12u);
  ASSERT_EQ(log.sets.size(), 8u);
  EXPECT_EQ(dropped(log, "not-started"), 4u);
  EXPECT_EQ(log.summary.dropped.at("not-started").first_problem,
            "line 24: column 'logs': value '80x0' has 0 reps: a set filled in from the plan, never lifted");

  const SetRecord& first = log.sets[0];
  EXPECT_EQ(log.exercises[first.exercise], "Dumbbell Bench Press");
  EXPECT_EQ(time_text(first.time), "2010-11-28 01:00:00") << "session 191's start, 05:00 UTC, at zonedifference -4";
  EXPECT_EQ(log.workouts[first.workout], "2010-11-28");
  EXPECT_EQ(first.weight_kg, 50.0 / kPoundsPerKilogram);
  EXPECT_EQ(first.reps, 15.0);
  EXPECT_EQ(first.line, 23u);
  EXPECT_EQ(log.sets[2].set_order, 3);

  const SetRecord& ride = log.sets[3];
  EXPECT_EQ(log.exercises[ride.exercise], "Stationary Bike");
  EXPECT_TRUE(ride.timed);
  EXPECT_EQ(ride.duration_s, 900.0);
  EXPECT_EQ(ride.reps, 0.0);
  EXPECT_EQ(time_text(ride.time), "2018-08-30 16:29:42");

  // The bench press: its packed sets, with the set logs' kinds.
  for (std::size_t i = 4; i < 8; ++i) {
    EXPECT_EQ(log.exercises[log.sets[i].exercise], "Barbell Bench Press");
    EXPECT_EQ(time_text(log.sets[i].time), "2026-02-16 12:37:46");
    EXPECT_EQ(log.sets[i].reps, 1.0);
  }
  EXPECT_EQ(log.sets[4].kind, SetKind::warmup);
  EXPECT_EQ(log.sets[5].kind, SetKind::warmup);
  EXPECT_EQ(log.sets[6].kind, SetKind::normal);
  EXPECT_EQ(log.sets[7].kind, SetKind::normal);
  EXPECT_EQ(log.sets[7].weight_kg, 425.0 / kPoundsPerKilogram);
  EXPECT_EQ(flagged(log, "warm-up"), 2u);
  EXPECT_EQ(flagged(log, "set-log-differs"), 0u);
  EXPECT_EQ(dropped(log, "orphan-set-log"), 0u);
}

// A metric account's SETTING row says " kg" (michaeldmussel/GainSight@438e7b61
// test.js); the same packed sets are then kilograms.
TEST(Jefit, KilogramAccount) {
  std::string text = export_text();
  text.replace(text.find("\" lbs\""), 6, "\" kg\"");
  const WorkoutLog log = parse_workout_log(text, "jefit.csv");
  EXPECT_EQ(log.weight_unit, WeightUnit::kg);
  EXPECT_EQ(log.unit_reason, "the SETTING section (line 5): mass ' kg'");
  EXPECT_EQ(log.sets[0].weight_kg, 50.0);
}

TEST(Jefit, ASetLogThatDisagreesKeepsThePackedSetAndIsFlagged) {
  std::string text = export_text();
  text.replace(text.find("1807,19597,100010,1,225.0000,1,"), 31, "1807,19597,100010,1,225.0000,3,");
  const WorkoutLog log = parse_workout_log(text, "jefit.csv");
  ASSERT_EQ(log.sets.size(), 8u);
  EXPECT_EQ(log.sets[5].kind, SetKind::normal) << "its set log's type is not used";
  EXPECT_EQ(log.sets[5].reps, 1.0);
  EXPECT_EQ(flagged(log, "set-log-differs"), 1u);
  EXPECT_EQ(log.summary.flagged.at("set-log-differs").first_lines, (std::vector<std::size_t>{34}));
}

TEST(Jefit, BadPackedSetIsDroppedAndNamed) {
  std::string text = export_text();
  text.replace(text.find("\"50.0x15,50.0x15,50.0x15\""), 25, "\"50.0x15,50.0,50.0x15\"");
  const WorkoutLog log = parse_workout_log(text, "jefit.csv");
  EXPECT_EQ(log.sets.size(), 7u);
  EXPECT_EQ(log.summary.dropped.at("bad-set").first_problem,
            "line 23: column 'logs': value '50.0' is not a set: expected weight x reps, e.g. 50.0x15");
  ReadOptions strict;
  strict.strict = true;
  EXPECT_EQ(input_error([&] { (void)parse_workout_log(text, "jefit.csv", strict); }),
            "jefit.csv:23: column 'logs': value '50.0' is not a set: expected weight x reps, e.g. 50.0x15");
}

// Cut short: one line names the file, where it ended and what was expected.
TEST(Jefit, CutShortIsOneClearError) {
  const std::string whole = export_text();
  // Inside EXERCISE LOGS, after its third row.
  const std::string cut = whole.substr(0, whole.find("19597,\"2026-02-16 17:28:51\""));
  EXPECT_EQ(input_error([&] { (void)parse_workout_log(cut, "jefit.csv"); }),
            "jefit.csv:26: the file ends inside section 'EXERCISE LOGS' (opened at line 20): expected its closing "
            "'######' line; the export was cut short");
  // Inside a quoted field.
  const std::string in_quotes = whole.substr(0, whole.find("135x1,225x1") + 5);
  const std::string message = input_error([&] { (void)parse_workout_log(in_quotes, "jefit.csv"); });
  EXPECT_EQ(message.rfind("jefit.csv:26:", 0), 0u) << message;
  EXPECT_NE(message.find("quote"), std::string::npos) << message;
}

TEST(Jefit, NoSettingSectionIsOneClearError) {
  const std::string text = kSessions + kLogs + kSetLogs;
  EXPECT_EQ(input_error([&] { (void)parse_workout_log(text, "jefit.csv"); }),
            "jefit.csv:2: no SETTING section: expected '### SETTING ###' (JEFIT writes it first; its mass, ' kg' or "
            "' lbs', is the unit of every weight in the file), found 'WORKOUT SESSIONS' first");
  std::string no_mass = export_text();
  no_mass.replace(no_mass.find(",mass,"), 6, ",massa,");
  EXPECT_EQ(input_error([&] { (void)parse_workout_log(no_mass, "jefit.csv"); }),
            "jefit.csv:4: column 'mass': the SETTING section's header has no such column: expected JEFIT's 'mass' among "
            "its names");
}

TEST(Jefit, NoExerciseLogsIsOneClearError) {
  const std::string text = kSetting + kSessions + kSetLogs;
  EXPECT_EQ(input_error([&] { (void)parse_workout_log(text, "jefit.csv"); }),
            "jefit.csv:20: no EXERCISE LOGS section: expected '### EXERCISE LOGS ###', the section that holds every "
            "set, after WORKOUT SESSIONS; found 'EXERCISE SET LOGS'");
}

TEST(Jefit, FormatOption) {
  ReadOptions jefit;
  jefit.format = "jefit";
  EXPECT_EQ(parse_workout_log(export_text(), "jefit.csv", jefit).sets.size(), 8u);
  EXPECT_EQ(input_error([&] {
              (void)parse_workout_log("Date,Exercise Name,Weight,Reps\n2021-01-01 10:00:00,Squat,100,5\n", "strong.csv",
                                      jefit);
            }),
            "strong.csv:1: --format jefit reads JEFIT's export, whose first line is a section banner such as '### "
            "SETTING ####...'; this file's first line is 'Date,Exercise Name,Weight,Reps'");
  ReadOptions strong;
  strong.format = "strong";
  EXPECT_EQ(input_error([&] { (void)parse_workout_log(export_text(), "jefit.csv", strong); }),
            "jefit.csv: the file is JEFIT's export ('### SETTING ###' and other sections); --format strong cannot read "
            "it (use --format jefit or auto)");
}

}  // namespace
}  // namespace exertrack::core::ingest
