// Part A: the Strong app's CSV as in the notebook's data set, and the errors
// for unreadable input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <vector>

#include "common/test_data.hpp"
#include "core/ingest/csv_stream.hpp"
#include "core/ingest/values.hpp"
#include "core/ingest/workout_log.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"

namespace ingest = exertrack::core::ingest;
using exertrack::core::util::InputError;
using exertrack::core::util::read_file;

namespace exertrack::core::ingest {
namespace {

using testing::data_file;
using testing::scratch_dir;

constexpr const char* kHeader = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n";

std::string error_of(std::string_view text, const ReadOptions& options = {}) {
  try {
    (void)parse_workout_log(text, "in.csv", options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(StrongCsv, Reads721WorkoutsFile) {
  EXERTRACK_REQUIRE_DATA(data_file("weightlifting_721_workouts.csv"));
  const WorkoutLog log = read_workout_log(data_file("weightlifting_721_workouts.csv"));
  ASSERT_EQ(log.sets.size(), 9932u);
  EXPECT_EQ(log.format, "strong");
  EXPECT_EQ(log.summary.rows_read, 9932u);
  EXPECT_EQ(log.summary.rows_kept, 9932u);
  EXPECT_TRUE(log.summary.dropped.empty());
  const SetRecord& first = log.sets.front();
  EXPECT_EQ(log.exercises[first.exercise], "Incline Bench Press (Barbell)");
  EXPECT_EQ(log.workouts[first.workout], "Chest");
  EXPECT_EQ(first.weight_kg, 61.234969951354785);
  EXPECT_EQ(first.weight_kg, 135.0 / 2.2046226218);
  EXPECT_EQ(first.reps, 8);
  EXPECT_EQ(first.set_order, 1);
  EXPECT_EQ(first.line, 2u);
  EXPECT_EQ(first.time, 1445619997);  // 2015-10-23 17:06:37 as if UTC
  for (std::size_t i = 0; i < log.sets.size(); ++i) {
    ASSERT_EQ(log.sets[i].source_row, i) << "the file is in time order: rows keep their order";
    ASSERT_EQ(log.sets[i].line, i + 2);
  }
  // The 2,956 lb squat is kept and flagged, not learned from.
  ASSERT_EQ(log.summary.flagged.count("outlier"), 1u);
  EXPECT_EQ(log.summary.flagged.at("outlier").count, 1u);
  const auto& squat = log.sets[log.summary.flagged.at("outlier").first_lines[0] - 2];
  EXPECT_TRUE(squat.outlier);
  EXPECT_EQ(squat.weight_kg, 2956 / 2.2046226218);
  EXPECT_EQ(log.summary.flagged.at("timed").count, 15u);  // cycling and stairmaster
}

TEST(StrongCsv, NotebookParityKeepsNamesAsWritten) {
  EXERTRACK_REQUIRE_DATA(data_file("weightlifting_721_workouts.csv"));
  ReadOptions options;
  options.trim_names = false;
  const WorkoutLog raw = read_workout_log(data_file("weightlifting_721_workouts.csv"), options);
  const WorkoutLog trimmed = read_workout_log(data_file("weightlifting_721_workouts.csv"));
  EXPECT_EQ(raw.exercises.size(), trimmed.exercises.size() + 1);  // "Lat Pulldown " besides "Lat Pulldown"
  EXPECT_NE(std::find(raw.exercises.begin(), raw.exercises.end(), "Lat Pulldown "), raw.exercises.end());
  EXPECT_EQ(std::find(trimmed.exercises.begin(), trimmed.exercises.end(), "Lat Pulldown "), trimmed.exercises.end());
}

// Every row of the notebook's feature table (after its IQR filter) names a
// source_row; the set we read for that row has the same name, weight and reps.
TEST(StrongCsv, MatchesTheNotebookFeatureTable) {
  EXERTRACK_REQUIRE_DATA(data_file("weightlifting_721_workouts.csv"));
  EXERTRACK_REQUIRE_DATA(data_file("weightlifting_721_features_reference.csv"));
  ReadOptions options;
  options.trim_names = false;
  const WorkoutLog log = read_workout_log(data_file("weightlifting_721_workouts.csv"), options);
  const std::string reference = read_file(data_file("weightlifting_721_features_reference.csv"));
  std::size_t checked = 0;
  ingest::CsvStream csv("reference", ',', [&](const ingest::CsvRecord& r) {
    if (r.index == 0) return;
    const SetRecord& set = log.sets.at(std::stoul(std::string(r.fields[0])));
    ASSERT_EQ(log.exercises[set.exercise], r.fields[1]);
    ASSERT_EQ(set.set_order, std::stoi(std::string(r.fields[2])));
    ASSERT_EQ(set.weight_kg, std::stod(std::string(r.fields[3]))) << r.fields[3];
    ASSERT_EQ(set.reps, std::stod(std::string(r.fields[4])));
    ++checked;
  });
  csv.feed(reference);
  csv.finish();
  EXPECT_EQ(checked, 9746u);
}

TEST(StrongCsv, QuotingCrlfBomAndColumnsByName) {
  const std::string text =
      "\xEF\xBB\xBFWorkout Notes,Notes,Reps,Weight,Set Order,Exercise Name,Workout Name,Date,Seconds,Distance\r\n"
      "\"a, b\",\"line one\r\nline \"\"two\"\"\",5,100,1,\"Squat (Barbell)\",Legs,2020-01-02 10:00:00,0,0\r\n"
      "\"\",\"\",6,102.5,2,Squat (Barbell),Legs,2020-01-02 10:00:00,0,0\r\n";
  ReadOptions kg;
  kg.default_unit = WeightUnit::kg;
  const WorkoutLog log = parse_workout_log(text, "t.csv", kg);
  ASSERT_EQ(log.sets.size(), 2u);
  EXPECT_EQ(log.exercises[log.sets[0].exercise], "Squat (Barbell)");
  EXPECT_EQ(log.notes[log.sets[0].notes], "line one\r\nline \"two\"");
  EXPECT_EQ(log.sets[0].weight_kg, 100);
  EXPECT_EQ(log.sets[1].weight_kg, 102.5);
  EXPECT_EQ(log.sets[1].line, 4u) << "the quoted newline makes record 2 start on line 4";
  EXPECT_EQ(log.sets[1].notes, 0u);
}

TEST(StrongCsv, PoundsAreDividedByTheNotebookFactor) {
  const std::string text = std::string(kHeader) + "2020-01-02 10:00:00,A,Bench,1,185.00000000000003,5,0,0,,\n";
  const WorkoutLog lb = parse_workout_log(text, "t.csv");
  EXPECT_EQ(lb.sets[0].weight_kg, 185.00000000000003 / 2.2046226218);
  ReadOptions kg;
  kg.default_unit = WeightUnit::kg;
  EXPECT_EQ(parse_workout_log(text, "t.csv", kg).sets[0].weight_kg, 185.00000000000003);
}

// ---- Strong's export re-saved by a spreadsheet: slash dates, day or month first per file ----

// Our own rows in the shape of a real export re-saved by a spreadsheet,
// nino775/my-backend@7ed07243f4158fb067c9eb2445050a012e57c7ab backend/strong.csv
// (Strong's classic English header, "13/09/2021 10:41": day first, no
// seconds, fields quoted only where they hold a comma). The whole file, 3,989
// rows, reads with no bad date.
constexpr const char* kNinoFirstRows =
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
    "13/09/2021 10:41,PUSH 1,1h 12m,Bench Press (Barbell),1,35,10,0,0,,\"Chest, shoulders\",9\n"
    "13/09/2021 10:41,PUSH 1,1h 12m,Bench Press (Barbell),2,35,9,0,0,,,10\n"
    "13/09/2021 10:41,PUSH 1,1h 12m,Bench Press (Barbell),3,35,8,0,0,,,10\n"
    "13/09/2021 10:41,PUSH 1,1h 12m,Bench Press (Barbell),4,35,7,0,0,,,10\n";

constexpr const char* kHeader12 =
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n";

std::int64_t at(const char* iso) { return ingest::parse_date_time(iso).value(); }

// Every set's time, in the log's order.
std::vector<std::int64_t> times_of(const WorkoutLog& log) {
  std::vector<std::int64_t> out;
  for (const SetRecord& set : log.sets) out.push_back(set.time);
  return out;
}

TEST(SpreadsheetStrong, DayFirstAsNino775Wrote) {
  const WorkoutLog log = parse_workout_log(kNinoFirstRows, "strong.csv");
  EXPECT_EQ(log.format, "strong");
  ASSERT_EQ(log.sets.size(), 4u);
  EXPECT_TRUE(log.summary.dropped.empty());
  for (const SetRecord& set : log.sets) EXPECT_EQ(set.time, at("2021-09-13 10:41:00"));
  EXPECT_EQ(log.exercises[log.sets[0].exercise], "Bench Press (Barbell)");
  EXPECT_EQ(log.sets[3].reps, 7);
  EXPECT_EQ(log.sets[0].rpe, 9);
  // The same rows without their header line: a slash date marks a data record too.
  const std::string headerless = std::string(kNinoFirstRows).substr(std::string(kHeader12).size());
  const WorkoutLog bare = parse_workout_log(headerless, "strong.csv");
  EXPECT_NE(bare.format_details.find("no header line"), std::string::npos) << bare.format_details;
  ASSERT_EQ(bare.sets.size(), 4u);
  EXPECT_EQ(bare.sets[0].time, at("2021-09-13 10:41:00"));
}

// Dates that could be either come first; a later 13 or more settles the
// order, and the earlier sets are read in it too.
TEST(SpreadsheetStrong, DayFirstDecidedLater) {
  const std::string text = std::string(kHeader12) +
                           "01/10/2021 10:18,PUSH,1h,Bench Press (Barbell),1,40,8,0,0,,,\n"
                           "05/10/2021 10:20,PULL,1h,Deadlift (Barbell),1,80,5,0,0,,,\n"
                           "13/10/2021 9:05,PUSH,1h,Bench Press (Barbell),1,42.5,8,0,0,,,\n"
                           "02/11/2021 9:05,PUSH,1h,Bench Press (Barbell),1,45,8,0,0,,,\n"
                           "02/11/2021 9:05,PUSH,1h,Bench Press (Barbell),2,45,7,0,0,,,\n";
  const WorkoutLog log = parse_workout_log(text, "t.csv");
  EXPECT_EQ(times_of(log), (std::vector{at("2021-10-01 10:18:00"), at("2021-10-05 10:20:00"), at("2021-10-13 09:05:00"),
                                        at("2021-11-02 09:05:00"), at("2021-11-02 09:05:00")}));
}

// A spreadsheet in a US locale: month first, one-digit days and months,
// seconds or none, 12-hour clocks, two-digit years.
TEST(SpreadsheetStrong, MonthFirstAsAUsSpreadsheetWrites) {
  const std::string text = std::string(kHeader12) +
                           "9/1/2021 10:41,Legs,1h,Squat (Barbell),1,135,5,0,0,,,\n"
                           "9/1/2021 10:41,Legs,1h,Squat (Barbell),2,135,5,0,0,,,\n"
                           "9/3/2021 6:02:09 PM,Push,1h,Bench Press (Barbell),1,95,8,0,0,,,\n"
                           "9/13/2021 10:41 AM,Legs,1h,Squat (Barbell),1,145,5,0,0,,,\n"
                           "9/14/21 12:30 AM,Push,1h,Bench Press (Barbell),1,100,8,0,0,,,\n"
                           "10/2/2021 7:00,Legs,1h,Squat (Barbell),1,150,5,0,0,,,\n";
  const WorkoutLog log = parse_workout_log(text, "us.csv");
  EXPECT_TRUE(log.summary.dropped.empty());
  ASSERT_EQ(times_of(log), (std::vector{at("2021-09-01 10:41:00"), at("2021-09-01 10:41:00"), at("2021-09-03 18:02:09"),
                                        at("2021-09-13 10:41:00"), at("2021-09-14 00:30:00"), at("2021-10-02 07:00:00")}));
  EXPECT_EQ(log.exercises[log.sets[3].exercise], "Squat (Barbell)");
}

// Without a workout name (Fitbod) the session is the day: the days read
// before the order was known are named in the order found. (Fitbod writes
// newest first.)
TEST(SpreadsheetStrong, DaysNamedInTheOrderFound) {
  const std::string text =
      "Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,Note,multiplier\n"
      "10/2/2021 17:20,Assisted Pull Up,8,-15.0,0.0,0.0,0.0,0.0,false,,1.0\n"
      "10/2/2021 17:20,Assisted Pull Up,8,-15.0,0.0,0.0,0.0,0.0,false,,1.0\n"
      "9/13/2021 17:20,Assisted Pull Up,8,-20.0,0.0,0.0,0.0,0.0,false,,1.0\n";
  const WorkoutLog log = parse_workout_log(text, "fitbod.csv");
  EXPECT_EQ(log.format, "fitbod");
  ASSERT_EQ(log.sets.size(), 3u);
  EXPECT_EQ(log.sets[0].time, at("2021-09-13 17:20:00"));
  EXPECT_EQ(log.workouts[log.sets[0].workout], "2021-09-13");
  EXPECT_EQ(log.sets[1].time, at("2021-10-02 17:20:00"));
  EXPECT_EQ(log.workouts[log.sets[1].workout], "2021-10-02");
  EXPECT_EQ(log.workouts[log.sets[2].workout], "2021-10-02");
  EXPECT_EQ(log.sets[1].set_order, 1);
  EXPECT_EQ(log.sets[2].set_order, 2);
  EXPECT_EQ(std::count(log.workouts.begin(), log.workouts.end(), "2021-02-10"), 0) << "no name from the wrong order";
}

// No date has a number over 12: the order is not guessed.
TEST(SpreadsheetStrong, AmbiguousOrderIsAnError) {
  const std::string text = std::string(kHeader12) +
                           "5/5/2021 10:41,Legs,1h,Squat (Barbell),1,135,5,0,0,,,\n"
                           "9/1/2021 10:41,Legs,1h,Squat (Barbell),1,135,5,0,0,,,\n"
                           "10/2/2021 7:00,Legs,1h,Squat (Barbell),1,150,5,0,0,,,\n";
  const std::string message = error_of(text);
  for (const char* part : {"in.csv:3: column 'Date'", "'9/1/2021 10:41'", "cannot be told from the file", "re-export"}) {
    EXPECT_NE(message.find(part), std::string::npos) << message;
  }
  // A date that reads the same either way is no question.
  const WorkoutLog same = parse_workout_log(std::string(kHeader12) + "5/5/2021 10:41,Legs,1h,Squat (Barbell),1,135,5,0,0,,,\n", "t.csv");
  EXPECT_EQ(same.sets.at(0).time, at("2021-05-05 10:41:00"));
}

// The order given (--date-order) reads such a file; a value written the
// other way is then an error naming it and the order given.
TEST(SpreadsheetStrong, DateOrderGiven) {
  const std::string text = std::string(kHeader12) + "9/1/2021 10:41,Legs,1h,Squat (Barbell),1,135,5,0,0,,,\n"
                                                    "10/2/2021 7:00,Legs,1h,Squat (Barbell),1,150,5,0,0,,,\n";
  ReadOptions month_first;
  month_first.date_order = "month-first";
  const WorkoutLog us = parse_workout_log(text, "t.csv", month_first);
  EXPECT_EQ(us.sets.at(0).time, at("2021-09-01 10:41:00"));
  EXPECT_EQ(us.sets.at(1).time, at("2021-10-02 07:00:00"));
  ReadOptions day_first;
  day_first.date_order = "day-first";
  EXPECT_EQ(parse_workout_log(text, "t.csv", day_first).sets.at(0).time, at("2021-01-09 10:41:00"));
  const std::string message = error_of(kNinoFirstRows, month_first);
  for (const char* part : {"in.csv:2: column 'Date'", "'13/09/2021 10:41' is written day first", "the date order given is month-first"}) {
    EXPECT_NE(message.find(part), std::string::npos) << message;
  }
  // ISO dates do not depend on it.
  EXPECT_EQ(parse_workout_log(std::string(kHeader) + "2021-09-01 10:41:00,Legs,Squat (Barbell),1,135,5,,,,\n", "t.csv", month_first)
                .sets.at(0).time,
            at("2021-09-01 10:41:00"));
  ReadOptions unknown;
  unknown.date_order = "year-first";
  EXPECT_NE(error_of(text, unknown).find("date order 'year-first' is none of auto, day-first, month-first"), std::string::npos);
}

// Day first in one row, month first in another: an error naming both.
TEST(SpreadsheetStrong, MixedOrderIsAnError) {
  const std::string text = std::string(kNinoFirstRows) + "9/14/2021 10:59,PULL 1,1h 12m,Face Pull (Cable),1,21.25,15,0,0,,,9\n";
  for (const bool strict : {false, true}) {
    ReadOptions options;
    options.strict = strict;
    const std::string message = error_of(text, options);
    for (const char* part : {"in.csv:6: column 'Date'", "'9/14/2021 10:59'", "month first", "line 2", "'13/09/2021 10:41'",
                             "day first", "re-export"}) {
      EXPECT_NE(message.find(part), std::string::npos) << message;
    }
  }
}

// A slash date that is no date stays a bad cell like any other.
TEST(SpreadsheetStrong, ImpossibleSlashDatesAreBadCells) {
  const std::string text = std::string(kNinoFirstRows) + "31/09/2021 10:59,PULL 1,1h,Face Pull (Cable),1,21.25,15,0,0,,,9\n";
  const WorkoutLog log = parse_workout_log(text, "t.csv");
  EXPECT_EQ(log.sets.size(), 4u);
  ASSERT_EQ(log.summary.dropped.count("bad-date"), 1u);
  EXPECT_NE(log.summary.dropped.at("bad-date").first_problem.find(
                "line 6: column 'Date': value '31/09/2021 10:59' is not a date-time (expected e.g. 2015-10-23 17:06:37)"),
            std::string::npos)
      << log.summary.dropped.at("bad-date").first_problem;
}

struct BadInput {
  const char* name;
  std::string text;
  std::vector<std::string> expected;  // all must appear in the message
};

class StrongBadInput : public ::testing::TestWithParam<BadInput> {};

// With --strict, the first unreadable cell; without it, these files have no
// readable row left, which is an error naming the first too.
TEST_P(StrongBadInput, NamesFileLineColumnAndValue) {
  ReadOptions strict;
  strict.strict = true;
  const std::string message = error_of(GetParam().text, strict);
  for (const auto& part : GetParam().expected) EXPECT_NE(message.find(part), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Messages, StrongBadInput,
    ::testing::Values(
        BadInput{"missing_column", "Date,Workout Name,Exercise Name,Set Order,Weight,Distance\n2020-01-02 10:00:00,A,B,1,5,0\n",
                 {"in.csv:1:", "column 'Reps'", "Date,Workout Name,Exercise Name,Set Order,Weight,Distance"}},
        BadInput{"weight_not_numeric",
                 std::string(kHeader) + "2020-01-02 10:00:00,A,B,1,100,5,0,0,,\n2020-01-02 10:00:00,A,B,2,abc,5,0,0,,\n",
                 {"in.csv:3:", "column 'Weight'", "'abc'", "not a number"}},
        BadInput{"reps_not_numeric", std::string(kHeader) + "2020-01-02 10:00:00,A,B,1,100,five,0,0,,\n",
                 {"in.csv:2:", "column 'Reps'", "'five'"}},
        BadInput{"bad_date", std::string(kHeader) + "2020-13-02 10:00:00,A,B,1,100,5,0,0,,\n",
                 {"in.csv:2:", "column 'Date'", "'2020-13-02 10:00:00'"}},
        BadInput{"unterminated_quote",
                 std::string(kHeader) + "2020-01-02 10:00:00,A,B,1,100,5,0,0,\"oops,\n2020-01-02 10:00:00,A,B,2,100,5,0,0,,\n",
                 {"in.csv:2:", "column 'Notes'", "'\"oops,", "never closed"}},
        BadInput{"empty_file", "", {"in.csv", "empty"}},
        BadInput{"short_record", std::string(kHeader) + "2020-01-02 10:00:00,A,B,1\n",
                 {"in.csv:2:", "column 'Weight'", "4 fields"}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(StrongCsv, MissingFileAndDirectoryAreInputErrors) {
  const auto dir = scratch_dir("ingest-missing");
  try {
    (void)read_workout_log(dir / "nope.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find((dir / "nope.csv").string()), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("no such file"), std::string::npos);
  }
  try {
    (void)read_workout_log(dir);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos);
  }
}

TEST(StrongCsv, ReadFromFileMatchesParseFromMemory) {
  const auto dir = scratch_dir("ingest-file");
  std::string text = kHeader;
  for (int i = 0; i < 30000; ++i) text += "2020-01-02 10:00:00,A,\"B, quoted\",1,100,5,0,0,\"n\nm\",\n";
  std::ofstream(dir / "x.csv", std::ios::binary) << text;
  const WorkoutLog a = read_workout_log(dir / "x.csv");
  const WorkoutLog b = parse_workout_log(text, (dir / "x.csv").string());
  ASSERT_EQ(a.sets.size(), 30000u);  // about 1.7 MB: records straddle the 1 MB read chunks
  EXPECT_EQ(a.sets.back().line, b.sets.back().line);
  EXPECT_EQ(a.sets.back().line, 2u + 2 * 29999);
  for (std::size_t i = 0; i < a.sets.size(); ++i) ASSERT_EQ(a.sets[i].line, b.sets[i].line);
}

// FitNotes' dates are days ("2021-09-13"); a spreadsheet re-saves them as
// "13/09/2021" or "9/13/2021", which are read with the file's order as
// Strong's slash dates are. Other layouts still need the time (a slash date
// alone is GymBook's, with its own time column).
TEST(SpreadsheetFitNotes, DateOnlySlashDatesAreDays) {
  const std::string header = "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time\n";
  const WorkoutLog log = parse_workout_log(header +
                                               "01/10/2021,Bench Press,Chest,40.0,8,,,\n"
                                               "01/10/2021,Bench Press,Chest,40.0,7,,,\n"
                                               "13/10/2021,Bench Press,Chest,42.5,8,,,\n",
                                           "fitnotes.csv");
  EXPECT_EQ(log.format, "fitnotes");
  ASSERT_EQ(log.sets.size(), 3u);
  EXPECT_TRUE(log.summary.dropped.empty());
  EXPECT_EQ(log.sets[0].time, at("2021-10-01"));
  EXPECT_EQ(log.sets[1].set_order, 2);
  EXPECT_EQ(log.sets[2].time, at("2021-10-13"));
  EXPECT_EQ(log.workouts[log.sets[0].workout], "2021-10-01");
  const std::string message = error_of(header + "01/10/2021,Bench Press,Chest,40.0,8,,,\n02/10/2021,Bench Press,Chest,40.0,8,,,\n");
  EXPECT_NE(message.find("cannot be told from the file"), std::string::npos) << message;
  const std::string strong = error_of(std::string(kHeader) + "13/10/2021,Push,Bench Press (Barbell),1,40,8,,,,\n");
  EXPECT_NE(strong.find("value '13/10/2021' is not a date-time"), std::string::npos) << strong;
}

// The shared FitNotes export re-saved both ways reads as the original does.
TEST(SpreadsheetFitNotes, TheSharedExportReSavedEitherWay) {
  const auto file = data_file("exports/MakisChristou__verifit__fitnotes.csv");
  EXERTRACK_REQUIRE_DATA(file);
  const std::string text = read_file(file);
  const WorkoutLog original = parse_workout_log(text, "fitnotes.csv");
  ASSERT_GT(original.sets.size(), 1000u);
  for (const bool day_first : {true, false}) {
    // "2018-10-29," at the start of each record -> "29/10/2018," or "10/29/2018,".
    std::string saved;
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      const std::string_view line(text.data() + pos, end - pos);
      if (line.size() > 10 && line[4] == '-' && line[7] == '-' && line[10] == ',') {
        const std::string_view y = line.substr(0, 4), m = line.substr(5, 2), d = line.substr(8, 2);
        saved += day_first ? std::string(d) + "/" + std::string(m) : std::string(m) + "/" + std::string(d);
        saved += "/" + std::string(y) + std::string(line.substr(10));
      } else {
        saved += line;
      }
      saved += '\n';
      pos = end + 1;
    }
    const WorkoutLog resaved = parse_workout_log(saved, "fitnotes.csv");
    ASSERT_EQ(resaved.sets.size(), original.sets.size()) << day_first;
    for (std::size_t k = 0; k < original.sets.size(); ++k) {
      ASSERT_EQ(resaved.sets[k].time, original.sets[k].time) << "set " << k << (day_first ? " day first" : " month first");
      ASSERT_EQ(resaved.sets[k].set_order, original.sets[k].set_order) << k;
      ASSERT_EQ(resaved.workouts[resaved.sets[k].workout], original.workouts[original.sets[k].workout]) << k;
    }
  }
}

}  // namespace
}  // namespace exertrack::core::ingest
