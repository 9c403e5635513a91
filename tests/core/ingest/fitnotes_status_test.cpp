// FitNotes' newer export (Name, StartTime, ..., Status, ...): its Status
// says whether a set of the plan was lifted. Each test reads lines cut from a
// real export, cited where they are used.
#include <gtest/gtest.h>

#include <string>

#include "core/ingest/values.hpp"
#include "core/ingest/workout_log.hpp"
#include "core/util/error.hpp"

namespace exertrack::core::ingest {
namespace {

std::size_t flagged(const WorkoutLog& log, const std::string& reason) {
  auto it = log.summary.flagged.find(reason);
  return it == log.summary.flagged.end() ? 0 : it->second.count;
}

std::size_t dropped(const WorkoutLog& log, const std::string& reason) {
  auto it = log.summary.dropped.find(reason);
  return it == log.summary.dropped.end() ? 0 : it->second.count;
}

// The 16-column export. Lines 1, 408-410 and 499-501 of
// melvinrdn/intervals-icu-fitnotes@3c178dfc data/FitNotesWorkouts.csv:
// decimal-comma weights, UTC start times, two sets Done and one Failed in
// one workout, three NotStarted sets (planned, never lifted) in another.
const std::string kSixteenColumns =
    "Name,StartTime,EndTime,BodyWeight,Exercise,Equipment,Reps,Weight,Time,Distance,Status,IsWarmup,RPE,RIR,Categories,"
    "Note\n"
    "Workout,2025-10-17T15:02:15Z,2025-10-17T16:05:01Z,\"85,0\",Bench Press,Barbell,8,\"40,0\",,,Done,false,6,,"
    "\"Pectorals,Triceps,Deltoids\",\n"
    "Workout,2025-10-17T15:02:15Z,2025-10-17T16:05:01Z,\"85,0\",Bench Press,Barbell,5,\"40,0\",,,Done,false,6,,"
    "\"Pectorals,Triceps,Deltoids\",\n"
    "Workout,2025-10-17T15:02:15Z,2025-10-17T16:05:01Z,\"85,0\",Bench Press,Barbell,1,\"60,0\",,,Failed,false,,,"
    "\"Pectorals,Triceps,Deltoids\",\n"
    "AA-A,2026-01-26T11:22:46Z,2026-01-26T11:55:23Z,\"85,0\",Bulgarian Split Squat,None,12,\"20,0\",,,NotStarted,false,,,"
    "\"Gluteals,Quadriceps,Hamstrings,Adductors,Calves\",\n"
    "AA-A,2026-01-26T11:22:46Z,2026-01-26T11:55:23Z,\"85,0\",Bulgarian Split Squat,None,12,\"15,0\",,,NotStarted,false,,,"
    "\"Gluteals,Quadriceps,Hamstrings,Adductors,Calves\",\n"
    "AA-A,2026-01-26T11:22:46Z,2026-01-26T11:55:23Z,\"85,0\",Bulgarian Split Squat,None,12,\"15,0\",,,NotStarted,false,,,"
    "\"Gluteals,Quadriceps,Hamstrings,Adductors,Calves\",\n";

TEST(FitNotesStatus, NotStartedDroppedAndCountedFailedIsAFailureSet) {
  ReadOptions options;
  options.default_unit = WeightUnit::kg;
  const WorkoutLog log = parse_workout_log(kSixteenColumns, "FitNotesWorkouts.csv", options);
  EXPECT_EQ(log.format, "fitnotes") << "StartTime is Hevy's name too; the Status column is FitNotes'";
  EXPECT_EQ(log.summary.rows_read, 6u);
  ASSERT_EQ(log.sets.size(), 3u);
  EXPECT_EQ(dropped(log, "not-started"), 3u);
  EXPECT_EQ(log.summary.dropped.at("not-started").first_lines, (std::vector<std::size_t>{5, 6, 7}));
  EXPECT_EQ(log.sets[0].kind, SetKind::normal);
  EXPECT_EQ(log.sets[1].kind, SetKind::normal);
  EXPECT_EQ(log.sets[2].kind, SetKind::failure);
  EXPECT_EQ(log.sets[2].weight_kg, 60.0);  // "60,0"
  EXPECT_EQ(log.sets[2].reps, 1.0);
  EXPECT_EQ(log.sets[2].set_order, 3) << "the sets of an exercise are counted within the day";
  EXPECT_EQ(log.sets[0].rpe, 6.0);
  EXPECT_EQ(flagged(log, "bad-status"), 0u);
}

// --strict makes a dropped planned set an error naming file, line, column and value.
TEST(FitNotesStatus, StrictNamesTheNotStartedSet) {
  ReadOptions options;
  options.default_unit = WeightUnit::kg;
  options.strict = true;
  try {
    (void)parse_workout_log(kSixteenColumns, "FitNotesWorkouts.csv", options);
    ADD_FAILURE() << "no InputError";
  } catch (const core::util::InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "FitNotesWorkouts.csv:5: column 'Status': value 'NotStarted' is not a set (not-started); --strict turns "
              "dropped rows into errors");
  }
}

// A status the export does not write keeps the set and is flagged.
TEST(FitNotesStatus, UnknownStatusFlagged) {
  const std::string text =
      "Name,StartTime,EndTime,BodyWeight,Exercise,Equipment,Reps,Weight,Time,Distance,Status,IsWarmup,RPE,RIR,Categories,"
      "Note\n"
      "Workout,2025-10-17T15:02:15Z,2025-10-17T16:05:01Z,\"85,0\",Bench Press,Barbell,8,\"40,0\",,,Skipped,false,,,,\n";
  ReadOptions options;
  options.default_unit = WeightUnit::kg;
  const WorkoutLog log = parse_workout_log(text, "status.csv", options);
  ASSERT_EQ(log.sets.size(), 1u);
  EXPECT_EQ(log.sets[0].kind, SetKind::normal);
  EXPECT_EQ(flagged(log, "bad-status"), 1u);
}

// The 13-column export (no IsWarmup, RPE, RIR), month-first slash dates and
// a NotStarted set: line 1 and lines 52-54 of jphavill/prism@b06c2c09
// data/FitNotesWorkouts.csv, in whose 2,835 rows 566 sets are NotStarted.
TEST(FitNotesStatus, ThirteenColumns) {
  const std::string text =
      "Name,StartTime,EndTime,BodyWeight,Exercise,Equipment,Reps,Weight,Time,Distance,Status,Categories,Note\n"
      "Fit4less chest,02/25/2023 16:20:12,02/25/2023 16:59:48,81,Bench Press,Machine,4,195.0,,,NotStarted,"
      "\"Pectorals,Triceps\",\n"
      "Fit4less chest,02/25/2023 16:20:12,02/25/2023 16:59:48,81,Inclined Bench Press,Barbell,10,135.0,,,NotStarted,"
      "\"Triceps,Pectorals\",\n"
      "Fit4less chest,02/25/2023 16:20:12,02/25/2023 16:59:48,81,Inclined Bench Press,Barbell,6,145.0,,,Done,"
      "\"Triceps,Pectorals\",\n";
  const WorkoutLog log = parse_workout_log(text, "prism.csv");
  EXPECT_EQ(log.format, "fitnotes");
  ASSERT_EQ(log.sets.size(), 1u);
  EXPECT_EQ(dropped(log, "not-started"), 2u);
  EXPECT_EQ(log.exercises[log.sets[0].exercise], "Inclined Bench Press");
  EXPECT_EQ(format_date(log.sets[0].time), "2023-02-25");
}

}  // namespace
}  // namespace exertrack::core::ingest
