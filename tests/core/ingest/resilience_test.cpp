// Row-level resilience (issue 14 item 3): one unreadable cell costs at most
// its row, never the file; --strict turns it into an error.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "common/test_data.hpp"
#include "core/ingest/workout_log.hpp"
#include "core/util/error.hpp"

using exertrack::core::util::InputError;

namespace exertrack::core::ingest {
namespace {

std::filesystem::path fixture(const std::string& name) { return testing::source_dir() / "tests/data/ingest" / name; }

const DropStats* stats(const std::map<std::string, DropStats>& m, const std::string& reason) {
  auto it = m.find(reason);
  return it == m.end() ? nullptr : &it->second;
}

std::string error_of(const std::filesystem::path& path, const ReadOptions& options) {
  try {
    (void)read_workout_log(path, options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

// A FitNotes export with 'kg' under Distance Unit (the lost file had
// it on 15 rows), an unreadable clock time, and bad values in needed columns.
TEST(Resilience, FitNotesBadCellsFlagOrDropTheirRowOnly) {
  const WorkoutLog log = read_workout_log(fixture("fitnotes_bad_distance_unit.csv"));
  EXPECT_EQ(log.format, "fitnotes");
  EXPECT_EQ(log.summary.rows_read, 8u);
  EXPECT_EQ(log.summary.rows_kept, 6u);
  ASSERT_EQ(log.sets.size(), 6u);

  const DropStats* unit = stats(log.summary.flagged, "bad-distance-unit");
  ASSERT_NE(unit, nullptr);
  EXPECT_EQ(unit->count, 2u);
  EXPECT_EQ(unit->first_lines, (std::vector<std::size_t>{3, 6}));
  EXPECT_EQ(unit->first_problem, "line 3: column 'Distance Unit': value 'kg' is not a distance unit (m, km, mi, ft, yd)");
  // The flagged sets are kept with their weight and reps; the distance is unknown.
  EXPECT_EQ(log.sets[1].line, 3u);
  EXPECT_EQ(log.sets[1].weight_kg, 80.0);
  EXPECT_EQ(log.sets[1].reps, 5.0);
  EXPECT_TRUE(std::isnan(log.sets[1].distance_m));
  EXPECT_FALSE(log.sets[1].timed);

  const DropStats* duration = stats(log.summary.flagged, "bad-duration");
  ASSERT_NE(duration, nullptr);
  EXPECT_EQ(duration->first_lines, std::vector<std::size_t>{7});

  // Reps 'abc' and weight '1OO' (letter O): the set cannot be known, the row goes.
  const DropStats* reps = stats(log.summary.dropped, "bad-reps");
  ASSERT_NE(reps, nullptr);
  EXPECT_EQ(reps->first_lines, std::vector<std::size_t>{4});
  const DropStats* weight = stats(log.summary.dropped, "bad-weight");
  ASSERT_NE(weight, nullptr);
  EXPECT_EQ(weight->first_lines, std::vector<std::size_t>{9});
  EXPECT_EQ(weight->first_problem, "line 9: column 'Weight (kgs)': value '1OO' is not a number");
  EXPECT_EQ(log.sets[5].weight_kg, 0.0) << "an empty weight is bodyweight, not a bad cell";

  const std::string text = format_cleaning_summary(log.summary);
  EXPECT_NE(text.find("rows read 8, kept 6, dropped 2"), std::string::npos) << text;
  EXPECT_NE(text.find("flagged bad-distance-unit: 2 (lines 3, 6; first: line 3: column 'Distance Unit'"), std::string::npos)
      << text;
  EXPECT_NE(text.find("dropped bad-reps: 1 (lines 4; first: line 4: column 'Reps': value 'abc'"), std::string::npos) << text;
}

TEST(Resilience, StrictMakesTheFirstBadCellAnError) {
  ReadOptions strict;
  strict.strict = true;
  const std::string message = error_of(fixture("fitnotes_bad_distance_unit.csv"), strict);
  EXPECT_NE(message.find("fitnotes_bad_distance_unit.csv:3: column 'Distance Unit': value 'kg' is not a distance unit"),
            std::string::npos)
      << message;
}

TEST(Resilience, FlaggedCellsOfADroppedRowAreNotCounted) {
  const std::string text =
      "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,RPE\n"
      "2020-01-15 10:00:00,A,Bench,1,100,5,x\n"
      "2020-01-15 10:00:00,A,Bench,2,100,y,z\n"
      "2020-01-15 10:00:00,A,Bench,Q,100,5,8\n";
  const WorkoutLog log = parse_workout_log(text, "r.csv");
  ASSERT_EQ(log.sets.size(), 2u);
  EXPECT_TRUE(std::isnan(log.sets[0].rpe));
  EXPECT_EQ(log.summary.flagged.at("bad-rpe").first_lines, std::vector<std::size_t>{2});
  EXPECT_EQ(log.summary.dropped.at("bad-reps").first_lines, std::vector<std::size_t>{3});
  EXPECT_EQ(log.summary.flagged.at("bad-set-order").first_lines, std::vector<std::size_t>{4});
  EXPECT_EQ(log.sets[1].rpe, 8.0);
}

TEST(Resilience, WrongFieldCountsDropTheRecord) {
  const std::string text =
      "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
      "2020-01-15 10:00:00,A,Bench,1,100,5\n"
      "2020-01-15 10:00:00,A,Bench,2,100,5,oops\n"
      "2020-01-15 10:00:00,A,Bench\n";
  const WorkoutLog log = parse_workout_log(text, "r.csv");
  EXPECT_EQ(log.sets.size(), 1u);
  EXPECT_EQ(log.summary.dropped.at("field-count").first_lines, (std::vector<std::size_t>{3, 4}));
  ReadOptions strict;
  strict.strict = true;
  EXPECT_THROW((void)parse_workout_log(text, "r.csv", strict), InputError);
}

}  // namespace
}  // namespace exertrack::core::ingest
