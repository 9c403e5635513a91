// Files without a header line (issue 14 item 2): the layout comes from the
// values (where the date is, which cells are units or numbers), not from the
// field count alone; --format picks one and says why it does not fit.
#include <gtest/gtest.h>

#include <string>

#include "core/ingest/workout_log.hpp"
#include "core/util/error.hpp"

using exertrack::core::util::InputError;

namespace exertrack::core::ingest {
namespace {

std::string error_of(std::string_view text, const std::string& format = "auto") {
  ReadOptions options;
  options.format = format;
  try {
    (void)parse_workout_log(text, "h.csv", options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

// Strong's 2018-20 iOS semicolon layout without its Workout Duration: 13
// fields, date first, a Weight Unit column (as dstanek's export, with its header).
const std::string kUnit13 =
    "2020-02-03 17:00:00;Upper;Bench Press (Barbell);1;82,5;kg;5;8;;;;;\n"
    "2020-02-03 17:00:00;Upper;Bench Press (Barbell);2;185;lbs;5;;;;;;\n";
// The "Workout #" layout: 13 fields, the date second.
const std::string kWorkout13 =
    "1;2020-02-03 17:00:00;Upper;3600;Bench Press (Barbell);1;82.5;5;8;;;;\n"
    "1;2020-02-03 17:00:00;Upper;3600;Bench Press (Barbell);W;40;10;;;;;\n";

TEST(Headerless, ThirteenFieldsWithTheDateFirstAreTheWeightUnitLayout) {
  const WorkoutLog log = parse_workout_log(kUnit13, "h.csv");
  EXPECT_EQ(log.format, "strong-13");
  ASSERT_EQ(log.sets.size(), 2u);
  EXPECT_EQ(log.sets[0].weight_kg, 82.5);
  EXPECT_EQ(log.sets[1].weight_kg, 185 / kPoundsPerKilogram);
  EXPECT_EQ(log.sets[0].rpe, 8.0);
  EXPECT_EQ(log.sets[0].line, 1u);
}

TEST(Headerless, ThirteenFieldsWithTheDateSecondAreTheWorkoutNumberLayout) {
  const WorkoutLog log = parse_workout_log(kWorkout13, "h.csv");
  EXPECT_EQ(log.format, "strong-2024");
  ASSERT_EQ(log.sets.size(), 2u);
  EXPECT_EQ(log.sets[0].weight_kg, 82.5);
  EXPECT_EQ(log.sets[1].kind, SetKind::warmup);
}

TEST(Headerless, FormatForcesALayoutAndSaysWhyItDoesNotFit) {
  EXPECT_EQ(parse_workout_log(kUnit13, "h.csv", [] {
              ReadOptions o;
              o.format = "strong-13";
              return o;
            }()).format,
            "strong-13");
  const std::string m = error_of(kWorkout13, "strong-13");
  EXPECT_NE(m.find("h.csv:1: the first line"), std::string::npos) << m;
  EXPECT_NE(m.find("strong-13 (13 columns): '1' under Date is not a date"), std::string::npos) << m;
  const std::string n = error_of(kUnit13, "strong-2024");
  EXPECT_NE(n.find("strong-2024 (13 columns): 'Upper' under Date is not a date"), std::string::npos) << n;
}

// Only Strong's exports come without a header; another app's needs its own.
TEST(Headerless, AnotherAppsFormatAsksForTheHeaderLine) {
  for (const char* format : {"hevy", "fitnotes", "fitbod"}) {
    const std::string m = error_of(kUnit13, format);
    EXPECT_NE(m.find("h.csv:1: the first line '2020-02-03 17:00:00,Upper,Bench Press (Barbell)"), std::string::npos) << m;
    EXPECT_NE(m.find("is data, not a header: a " + std::string(format) + " export needs its header line"), std::string::npos) << m;
  }
}

TEST(Headerless, NoLayoutFitsNamesEachMisfit) {
  const std::string m = error_of("2020-02-03 17:00:00;Upper;Bench;1;heavy;kg;5;8;;;;;\n");
  EXPECT_NE(m.find("fit none of Strong's header-less layouts"), std::string::npos) << m;
  EXPECT_NE(m.find("strong-13 (13 columns): 'heavy' under Weight is not a number"), std::string::npos) << m;
  EXPECT_NE(m.find("strong-2024 (13 columns):"), std::string::npos) << m;
}

}  // namespace
}  // namespace exertrack::core::ingest
