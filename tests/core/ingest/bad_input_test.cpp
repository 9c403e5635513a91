// Bad input that used to end badly (issue 14 item 6): each ends with a
// message that says exactly why, or is read with the bad part named.
#include <gtest/gtest.h>

#include <string>

#include "core/ingest/workout_log.hpp"
#include "core/util/error.hpp"

using exertrack::core::util::InputError;
using exertrack::core::util::printable;

namespace exertrack::core::ingest {
namespace {

const std::string kHeader = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n";

std::string error_of(std::string_view text, bool strict = false) {
  ReadOptions options;
  options.strict = strict;
  try {
    (void)parse_workout_log(text, "in.csv", options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

bool has_raw_control(const std::string& s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

TEST(BadInput, NoRowLeftIsAnErrorNotAnEmptyLog) {
  const std::string m = error_of(kHeader + "2020-01-15 10:00:00,A,Bench,Rest Timer,0,0\n2020-01-15 10:00:00,A,,1,100,5\n");
  EXPECT_NE(m.find("in.csv:2: column 'Set Order': value 'Rest Timer' is not a set (rest-timer)"), std::string::npos) << m;
  EXPECT_NE(m.find("no rows left: all 2 data rows were dropped (no-exercise 1, rest-timer 1)"), std::string::npos) << m;
  EXPECT_NE(error_of(kHeader).find("has a header but no data rows"), std::string::npos);
}

// The place and the value travel as fields too (the Python binding's
// ExportError.line / .column / .value), not only inside the message.
TEST(BadInput, ErrorsCarryTheirPlaceAndValue) {
  ReadOptions strict;
  strict.strict = true;
  try {
    (void)parse_workout_log(kHeader + "2020-01-15 10:00:00,A,Bench,1,100,5\n2020-01-16 10:00:00,A,Bench,1,heavy,5\n",
                            "in.csv", strict);
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "in.csv");
    EXPECT_EQ(e.where().line, 3u);
    EXPECT_EQ(e.where().column, "Weight");
    EXPECT_EQ(e.value(), "heavy");
  }
  try {
    (void)parse_workout_log(kHeader + "2020-01-15 10:00:00,A,Bench,Rest Timer,0,0\n", "in.csv", {});
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 2u) << "the first dropped row names the place of a file with no row left";
    EXPECT_EQ(e.where().column, "Set Order");
    EXPECT_EQ(e.value(), "Rest Timer");
  }
  try {
    (void)read_workout_log("/nonexistent/in.csv");
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, "/nonexistent/in.csv");
    EXPECT_EQ(e.where().line, 0u);
    EXPECT_FALSE(e.value().has_value());
    EXPECT_STREQ(e.what(), "/nonexistent/in.csv: no such file");
  }
}

TEST(BadInput, Utf16WithoutByteOrderMarkIsNamedInFull) {
  const std::string utf8 = kHeader + "2020-01-15 10:00:00,A,Bench,1,100,5\n";
  std::string utf16le;
  for (const char c : utf8) {
    utf16le += c;
    utf16le += '\0';
  }
  const std::string m = error_of(utf16le);
  EXPECT_NE(m.find("in.csv:1: the file looks UTF-16 encoded"), std::string::npos) << m;
  EXPECT_NE(m.find("save it as UTF-8 CSV"), std::string::npos) << m;
  EXPECT_EQ(m.find('\0'), std::string::npos);
}

TEST(BadInput, NonPrintableBytesAreEscapedInMessages) {
  EXPECT_EQ(printable(std::string("a\0b\x1B[31m\n\t\xFF", 11)), "a\\x00b\\x1B[31m\\n\\t\\xFF");
  EXPECT_EQ(printable("Übung 重量 ☀️"), "Übung 重量 ☀️") << "valid UTF-8 stays";
  EXPECT_EQ(printable("\xE9t\xC3"), "\\xE9t\\xC3") << "Latin-1 and a cut sequence are not UTF-8";
  EXPECT_EQ(printable(printable("\x01")), printable("\x01"));

  const std::string garbage("2020-01-15 10:00:00,A,Bench,1,\x01\x02\x1B[2J\xFE,5\n", 40);
  const std::string m = error_of(kHeader + garbage, true);
  EXPECT_NE(m.find("value '\\x01\\x02\\x1B[2J\\xFE' is not a number"), std::string::npos) << m;
  EXPECT_FALSE(has_raw_control(m)) << m;
  // Binary garbage as the header: the message quotes it escaped.
  const std::string binary("\x7F" "ELF\x02\x01\x01\0\0\0,\x03\0>\0\x01\n", 17);
  const std::string b = error_of(binary);
  EXPECT_NE(b.find("in.csv:1:"), std::string::npos) << b;
  EXPECT_FALSE(has_raw_control(b)) << b;
}

TEST(BadInput, DuplicatedHeaderColumnIsNamed) {
  const std::string m = error_of("Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Weight\n2020-01-15 10:00:00,A,B,1,100,5,90\n");
  EXPECT_NE(m.find("in.csv:1: column 'Weight': the header names this column twice (fields 5 and 7)"), std::string::npos)
      << m;
}

TEST(BadInput, NegativeRepsAndImplausibleDatesWarnOrFailUnderStrict) {
  const std::string text = kHeader +
                           "1900-01-15 10:00:00,A,Bench,1,100,5\n"
                           "2020-01-15 10:00:00,A,Bench,1,100,-5\n"
                           "2020-01-15 10:00:00,A,Bench,2,100,5\n"
                           "2099-01-15 10:00:00,A,Bench,1,100,5\n";
  const WorkoutLog log = parse_workout_log(text, "in.csv");
  EXPECT_EQ(log.sets.size(), 4u) << "kept, and flagged";
  EXPECT_EQ(log.summary.flagged.at("implausible-date").first_lines, (std::vector<std::size_t>{2, 5}));
  EXPECT_EQ(log.summary.flagged.at("negative-reps").first_lines, std::vector<std::size_t>{3});
  EXPECT_TRUE(log.sets[1].outlier) << "features leave it out";
  const std::string summary = format_cleaning_summary(log.summary);
  EXPECT_NE(summary.find("flagged implausible-date: 2 (lines 2, 5; first: line 2: column 'Date': value '1900-01-15 "
                         "10:00:00' is not a plausible date (before 1970 or after"),
            std::string::npos)
      << summary;

  EXPECT_NE(error_of(text, true).find("in.csv:2: column 'Date': value '1900-01-15 10:00:00' is not a plausible date"),
            std::string::npos);
  EXPECT_NE(error_of(kHeader + "2020-01-15 10:00:00,A,Bench,1,100,-5\n", true)
                .find("in.csv:2: column 'Reps': value '-5' is negative"),
            std::string::npos);
}

TEST(BadInput, ControlCharactersAreStrippedFromNames) {
  const std::string text = kHeader + std::string("2020-01-15 10:00:00,\"Push\x01\tDay\",\"Ben\0ch\r\nPress\x1B\",1,100,5\n", 57);
  const WorkoutLog log = parse_workout_log(text, "in.csv");
  ASSERT_EQ(log.sets.size(), 1u);
  EXPECT_EQ(log.exercises[log.sets[0].exercise], "Bench  Press");
  EXPECT_EQ(log.workouts[log.sets[0].workout], "Push Day");
}

}  // namespace
}  // namespace exertrack::core::ingest
