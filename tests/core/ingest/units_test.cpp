// Unit detection for files that do not name their weight unit (issue 14
// item 4): every shared export, and synthetic kilogram and pound logs.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "common/test_data.hpp"
#include "core/ingest/units.hpp"
#include "core/ingest/workout_log.hpp"

namespace exertrack::core::ingest {
namespace {

ReadOptions detecting() {
  ReadOptions o;
  o.detect_unit = true;
  return o;
}

struct ExportUnit {
  const char* file;                 // under the data directory
  std::optional<WeightUnit> unit;   // per the exports README (nullopt: a unit column, row by row)
  const char* source;
};

class SharedExportUnits : public ::testing::TestWithParam<ExportUnit> {};

// The unit each export README entry gives, found by the reader; where the
// file does not say, the weights are exactly those read with that unit given.
TEST_P(SharedExportUnits, ReadWithTheRightUnit) {
  const ExportUnit& e = GetParam();
  const auto path = testing::data_file(e.file);
  EXERTRACK_REQUIRE_DATA(path);
  const WorkoutLog log = read_workout_log(path, detecting());
  EXPECT_EQ(log.weight_unit, e.unit) << log.unit_reason;
  EXPECT_EQ(log.unit_source, e.source) << log.unit_reason;
  EXPECT_FALSE(log.unit_reason.empty());
  if (std::string(e.source) == "detected") {
    ReadOptions given;
    given.default_unit = *e.unit;
    const WorkoutLog expected = read_workout_log(path, given);
    ASSERT_EQ(log.sets.size(), expected.sets.size());
    for (std::size_t i = 0; i < log.sets.size(); ++i) {
      ASSERT_EQ(log.sets[i].weight_kg, expected.sets[i].weight_kg) << "set " << i;
      ASSERT_EQ(log.sets[i].outlier, expected.sets[i].outlier) << "set " << i;
      const double a = log.sets[i].distance_m;
      const double b = expected.sets[i].distance_m;
      ASSERT_TRUE(a == b || (std::isnan(a) && std::isnan(b))) << "set " << i;
    }
    EXPECT_EQ(log.summary.flagged.count("outlier"), expected.summary.flagged.count("outlier"));
    if (log.summary.flagged.count("outlier") != 0) {
      EXPECT_EQ(log.summary.flagged.at("outlier").first_lines, expected.summary.flagged.at("outlier").first_lines);
    }
    const std::string unit = *e.unit == WeightUnit::kg ? "weight in kg (detected: " : "weight in lb (detected: ";
    EXPECT_NE(log.format_details.find(unit), std::string::npos) << log.format_details;
  }
}

constexpr auto kg = WeightUnit::kg;
constexpr auto lb = WeightUnit::lb;

INSTANTIATE_TEST_SUITE_P(
    Exports, SharedExportUnits,
    ::testing::Values(ExportUnit{"weightlifting_721_workouts.csv", lb, "detected"},
                      ExportUnit{"exports/albTian__strong-export-parser__strong.csv", lb, "detected"},
                      ExportUnit{"exports/breinsp__strong-charts__strong.csv", kg, "detected"},
                      ExportUnit{"exports/Andrew50__Lifting__aj_strong_data.csv", lb, "detected"},
                      ExportUnit{"exports/cmccorkle21__fitness-pipeline__strong_workouts.csv", kg, "header"},
                      ExportUnit{"exports/smdesai27__workout_progress_visualize__workouts_austin.csv", kg, "header"},
                      ExportUnit{"exports/mlahoz__strong__strong.csv", kg, "header"},
                      ExportUnit{"exports/marcpare__body__strong.csv", lb, "header"},
                      ExportUnit{"exports/dstanek__lifting__strong.csv", std::nullopt, "column"},
                      ExportUnit{"exports/joao-conde__fitness-tracker__strong_workouts.csv", kg, "header"},
                      ExportUnit{"exports/NathanN-275__Lifting-stats__workout_data.csv", lb, "header"},
                      ExportUnit{"exports/MakisChristou__verifit__fitnotes.csv", kg, "header"},
                      ExportUnit{"exports/JaredHutchinson__ML_Exercise_Routine__WorkoutExport.csv", kg, "header"}),
    [](const auto& info) {
      std::string name = info.param.file;
      name = name.substr(name.find('/') + 1);
      name = name.substr(0, name.find("__"));
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

// A Strong 10-column log of `weeks` weeks: three lifts per session and a
// rowing set with a bare Distance; `load(exercise, week)` gives the weight text.
template <typename Load>
std::string synthetic_log(int weeks, Load load) {
  std::string text = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n";
  const char* exercises[] = {"Bench Press (Barbell)", "Squat (Barbell)", "Bicep Curl (Dumbbell)"};
  for (int week = 0; week < weeks; ++week) {
    const std::string date = "2021-" + std::string(week / 4 + 1 < 10 ? "0" : "") + std::to_string(week / 4 + 1) + "-" +
                             (week % 4 * 7 + 1 < 10 ? "0" : "") + std::to_string(week % 4 * 7 + 1) + " 18:00:00";
    for (int e = 0; e < 3; ++e) {
      for (int set = 1; set <= 3; ++set) {
        text += date + ",Day," + exercises[e] + "," + std::to_string(set) + "," + load(e, week) + ",8,0,0,,\n";
      }
    }
    text += date + ",Day,Rowing (Machine),1,0,0,5,1200,,\n";
  }
  return text;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

TEST(UnitDetection, SyntheticKilogramLog) {
  // 2.5-kg steps on a 20-kg bar, 2-kg dumbbell steps.
  const std::string text = synthetic_log(24, [](int e, int week) {
    const double start[] = {40, 60, 8};
    const double step[] = {2.5, 2.5, 2};
    return num(start[e] + step[e] * (week / 2));
  });
  const WorkoutLog log = parse_workout_log(text, "kg.csv", detecting());
  EXPECT_EQ(log.weight_unit, kg) << log.unit_reason;
  EXPECT_EQ(log.unit_source, "detected");
  EXPECT_NE(log.unit_reason.find("fits kilograms"), std::string::npos) << log.unit_reason;
  EXPECT_EQ(log.sets[0].weight_kg, 40.0);
  EXPECT_EQ(log.sets[9].distance_m, 5000.0) << "a bare Distance follows the unit: km";
}

TEST(UnitDetection, SyntheticPoundLog) {
  // A 45-lb bar with 5-lb steps: 135, 185, 225 and the like come round.
  const std::string text = synthetic_log(24, [](int e, int week) {
    const double start[] = {95, 135, 20};
    const double step[] = {5, 10, 5};
    return num(start[e] + step[e] * (week / 2));
  });
  const WorkoutLog log = parse_workout_log(text, "lb.csv", detecting());
  EXPECT_EQ(log.weight_unit, lb) << log.unit_reason;
  EXPECT_EQ(log.sets[0].weight_kg, 95 / kPoundsPerKilogram);
  EXPECT_EQ(log.sets[9].distance_m, 5 * 1609.344) << "miles with pounds";
  EXPECT_NE(log.format_details.find("weight in lb (detected: "), std::string::npos) << log.format_details;
}

TEST(UnitDetection, ConversionArtefactsDecide) {
  // Kilogram plates stored by an app and exported in pounds: 44.09245243697551 is 20 kg.
  const std::string in_pounds = synthetic_log(12, [](int e, int week) {
    return num((e == 0 ? 40.0 : e == 1 ? 60.0 : 10.0 + week % 3 * 2.5) * kPoundsPerKilogram + (e == 1 ? 2.5 * week : 0));
  });
  const WorkoutLog a = parse_workout_log(in_pounds, "a.csv", detecting());
  EXPECT_EQ(a.weight_unit, lb) << a.unit_reason;
  EXPECT_NE(a.unit_reason.find("whole kilograms written in pounds"), std::string::npos) << a.unit_reason;
  // Pound plates exported in kilograms: 20.41168092460379 is 45 lb.
  const std::string in_kilograms = synthetic_log(12, [](int e, int week) {
    return num((e == 0 ? 45.0 + 5 * week : e == 1 ? 135.0 + 10 * week : 25.0) / kPoundsPerKilogram);
  });
  const WorkoutLog b = parse_workout_log(in_kilograms, "b.csv", detecting());
  EXPECT_EQ(b.weight_unit, kg) << b.unit_reason;
  EXPECT_NE(b.unit_reason.find("whole pounds written in kilograms"), std::string::npos) << b.unit_reason;
}

TEST(UnitDetection, UndecidedFallsBackToTheOptionAndSaysSo) {
  const std::string text = synthetic_log(1, [](int, int) { return std::string("50"); });
  const WorkoutLog log = parse_workout_log(text, "few.csv", detecting());
  EXPECT_EQ(log.weight_unit, lb);
  EXPECT_EQ(log.unit_source, "assumed");
  EXPECT_NE(log.unit_reason.find("too few loads"), std::string::npos) << log.unit_reason;
  EXPECT_NE(log.unit_reason.find("--weight-unit"), std::string::npos) << log.unit_reason;

  ReadOptions given;  // without detection, the option as before
  given.default_unit = kg;
  const WorkoutLog kg_log = parse_workout_log(text, "few.csv", given);
  EXPECT_EQ(kg_log.unit_source, "option");
  EXPECT_EQ(kg_log.sets[0].weight_kg, 50.0);
}

TEST(UnitDetection, OutliersAreJudgedInTheDecidedUnit) {
  // 700 is an outlier in kilograms (past 600 kg), not in pounds (318 kg).
  std::string text = synthetic_log(24, [](int e, int week) {
    const double start[] = {40, 60, 8};
    return num(start[e] + 2.5 * (week / 2));
  });
  text += "2021-07-01 18:00:00,Day,Squat (Barbell),1,700,1,0,0,,\n";
  const WorkoutLog log = parse_workout_log(text, "kg.csv", detecting());
  ASSERT_EQ(log.weight_unit, kg) << log.unit_reason;
  ASSERT_EQ(log.summary.flagged.count("outlier"), 1u);
  EXPECT_EQ(log.summary.flagged.at("outlier").count, 1u);
  EXPECT_TRUE(log.sets.back().outlier);
}

// The header's language is weighed with the loads (issue 22). Machine
// stacks of 39, 45 and 52 with light dumbbells: 11% of the loads are 45, a
// pound log's share, at a 90th percentile no pound log has.
std::string stacks_and_dumbbells(const std::string& header) {
  std::string text = synthetic_log(24, [](int e, int week) {
    const double stacks[] = {39, 45, 52};
    return e == 0 ? num(stacks[week % 3]) : e == 1 ? num(8 + week % 4) : num(20 + 5 * (week % 3));
  });
  return header + text.substr(text.find('\n'));
}

TEST(UnitLanguage, FrenchHeaderTipsAPoundLookingShareToKilograms) {
  const WorkoutLog english = parse_workout_log(
      stacks_and_dumbbells("Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes"),
      "english.csv", detecting());
  EXPECT_EQ(english.weight_unit, lb) << english.unit_reason;
  EXPECT_EQ(english.unit_reason.find("header"), std::string::npos) << "no language, no change: " << english.unit_reason;

  // SebastienRdgs/stronger@18cf3c8e strong.csv's header (its 10 set columns).
  const WorkoutLog french = parse_workout_log(
      stacks_and_dumbbells("Date,Nom de l'entraînement,Nom de l'exercice,Ordre de la série,Poids,Réps,Distance,Secondes,"
                           "Notes,Notes d'entraînement"),
      "french.csv", detecting());
  EXPECT_EQ(french.weight_unit, kg) << french.unit_reason;
  EXPECT_EQ(french.unit_source, "detected");
  EXPECT_EQ(french.unit_reason,
            "the header is French (lifters whose app speaks French mostly log kilograms), and the loads do not outweigh "
            "it: 11% of 216 loads are 45-lb-bar totals (45, 95, 135, 185, 225, 275, 315 ...), under the 20% that would "
            "outweigh it, and the 90th-percentile load, 52, fits kilograms");
  EXPECT_EQ(french.sets[0].weight_kg, 39.0);
}

TEST(UnitLanguage, PoundLoadsOutweighTheLanguage) {
  // Bar-and-plate loads (135, 185, 225; 225, 275, 315) beside dumbbells under
  // a Spanish header (cuyakonwu/cuyakonwu-landing-page@2860a212 strong.csv's:
  // a lifter in pounds, 405-545 lb deadlifts).
  std::string text = synthetic_log(24, [](int e, int week) {
    const double bench[] = {135, 185, 225};
    const double squat[] = {225, 275, 315};
    return num(e == 0 ? bench[week % 3] : e == 1 ? squat[week % 3] : 25.0 + 5 * (week % 3));
  });
  text = "Fecha,Nombre de entrenamiento,Nombre del ejercicio,Orden de la serie,Peso,Rep.,Distancia,Segundos,Notas,"
         "Notas del entrenamiento" + text.substr(text.find('\n'));
  const WorkoutLog log = parse_workout_log(text, "spanish.csv", detecting());
  EXPECT_EQ(log.weight_unit, lb) << log.unit_reason;
  EXPECT_TRUE(log.warnings.empty()) << "read by its Spanish names, not by position";
  EXPECT_NE(log.unit_reason.find("enough to outweigh the header's language; the header is Spanish"), std::string::npos)
      << log.unit_reason;
}

TEST(UnitLanguage, ArtefactsDecideAndTooFewLoadsLeaveItUndecided) {
  // Kilogram plates in pounds under a Chinese header
  // (DericMei/My-WorkOut-Project@7702a117 strong.csv's names): the artefacts decide.
  std::string text = synthetic_log(12, [](int e, int week) {
    return num((e == 0 ? 40.0 : e == 1 ? 60.0 : 10.0 + week % 3 * 2.5) * kPoundsPerKilogram + (e == 1 ? 2.5 * week : 0));
  });
  const std::string chinese = "日期,锻炼名称,运动名称,设置顺序,重量,次,距离,秒,备注,锻炼备注";
  const WorkoutLog log = parse_workout_log(chinese + text.substr(text.find('\n')), "chinese.csv", detecting());
  EXPECT_EQ(log.weight_unit, lb) << log.unit_reason;
  EXPECT_NE(log.unit_reason.find("whole kilograms written in pounds"), std::string::npos) << log.unit_reason;
  EXPECT_NE(log.unit_reason.find("the header is Chinese (lifters whose app speaks Chinese mostly log kilograms), but "
                                 "such artefacts decide"),
            std::string::npos)
      << log.unit_reason;

  // Alone, the language decides nothing.
  std::string few = synthetic_log(1, [](int, int) { return std::string("50"); });
  few = "Datum,Workout-Name,Name der Übung,Reihenfolge festlegen,Gewicht,Wiederh.,Entfernung,Sekunden,Notizen,"
        "Workout-Notizen" + few.substr(few.find('\n'));
  const WorkoutLog german = parse_workout_log(few, "few.csv", detecting());
  EXPECT_EQ(german.unit_source, "assumed") << german.unit_reason;
  EXPECT_NE(german.unit_reason.find("the header is German (lifters whose app speaks German mostly log kilograms), "
                                    "which alone does not decide"),
            std::string::npos)
      << german.unit_reason;
}

// Every shared export with a localised header: the French kilogram export
// the loads alone read as pounds is now read in kilograms; the others keep
// their unit, with the language in the reason.
TEST(UnitLanguage, SharedLocalisedExports) {
  struct Case {
    const char* file;
    WeightUnit unit;
    const char* says;
  };
  for (const Case& c : {Case{"lifters/SebastienRdgs__stronger__strong.csv", kg, "the header is French"},
                        Case{"lifters/DericMei__My-WorkOut-Project__strong.csv", lb, "but such artefacts decide"},
                        Case{"lifters/ShutCoffee__Health-Dashboard__strong.csv", kg, "the header is German"},
                        Case{"lifters/patrickzim__Wellbeing_23__strong.csv", kg, "the header is German"},
                        Case{"lifters/Eliah3__sports-tracking__strong_workouts.csv", kg, "the header is German"}}) {
    const auto path = testing::data_file(c.file);
    EXERTRACK_REQUIRE_DATA(path);
    const WorkoutLog log = read_workout_log(path, detecting());
    EXPECT_EQ(log.weight_unit, c.unit) << c.file << ": " << log.unit_reason;
    EXPECT_EQ(log.unit_source, "detected") << c.file;
    EXPECT_NE(log.unit_reason.find(c.says), std::string::npos) << c.file << ": " << log.unit_reason;
  }
}

}  // namespace
}  // namespace exertrack::core::ingest
