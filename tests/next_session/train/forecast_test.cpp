// The next-session model on real lifters: the quality bar against the
// baselines, determinism, the model file, and advice that a lifter can load.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numeric>

#include "common/test_data.hpp"
#include "core/eval/calibration.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"
#include "next_session/model/advice.hpp"
#include "next_session/train/evaluate.hpp"
#include "next_session/train/lifters.hpp"
#include "synth/synth.hpp"

using exertrack::core::eval::expected_calibration_error;
using exertrack::core::eval::expected_ece_floor;
using exertrack::core::ingest::parse_workout_log;
using exertrack::core::ingest::read_workout_log;
using exertrack::core::ingest::ReadOptions;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::units::kg_to_unit;
using exertrack::core::units::logged_unit;
using exertrack::core::units::unit_name;
using exertrack::core::units::unit_to_kg;
using exertrack::core::util::InputError;
using exertrack::core::util::write_file_atomic;
using exertrack::next_session::model::build_sessions;
using exertrack::synth::synth_lifters;
using exertrack::synth::SynthCohortOptions;
using exertrack::synth::SynthLifter;
using exertrack::next_session::model::default_lifter_calibration;
using exertrack::next_session::model::epley_load;
using exertrack::next_session::model::ExerciseSessions;
using exertrack::next_session::model::ForecastDefinition;
using exertrack::next_session::model::ForecastModel;
using exertrack::next_session::model::ForecastOutput;
using exertrack::next_session::model::is_forecast_model_dir;
using exertrack::next_session::model::kActionCount;
using exertrack::next_session::model::kIncreaseReps;
using exertrack::next_session::model::kIncreaseWeight;
using exertrack::next_session::model::kIncreaseWeightDecreaseReps;
using exertrack::next_session::model::kRepeat;
using exertrack::next_session::model::LeftOutExercise;
using exertrack::next_session::model::LifterCalibration;
using exertrack::next_session::model::LifterTemperature;
using exertrack::next_session::model::LoadKind;
using exertrack::next_session::model::LogAdvice;
using exertrack::next_session::model::NextSessionAdvice;
using exertrack::next_session::model::PlannedLoad;
using exertrack::next_session::model::SessionLog;
using exertrack::testing::data_dir;
using exertrack::testing::scratch_dir;

namespace exertrack::next_session::train {
namespace {

// The 13 lifters of the shared data: the 721 file and every export.
std::vector<Lifter> shared_lifters(const ForecastDefinition& def) {
  std::vector<Lifter> out;
  for (const auto& file : expand_data_paths({data_dir() / "weightlifting_721_workouts.csv", data_dir() / "exports"})) {
    ReadOptions read;  // the 721 file and unit-less exports are in pounds, as the reader assumes
    const WorkoutLog log = read_workout_log(file, read);
    out.push_back(lifter_from_log(log, file.stem().string(), logged_unit(log, read.default_unit), def));
  }
  return out;
}

#define REQUIRE_DATA()                                                  \
  EXERTRACK_REQUIRE_DATA(data_dir() / "weightlifting_721_workouts.csv"); \
  EXERTRACK_REQUIRE_DATA(data_dir() / "exports")

double best(const Evaluation& e, std::initializer_list<const char*> names, double Scores::*field) {
  double b = INFINITY;
  for (const char* n : names) b = std::min(b, e.macro_baselines.at(n).*field);
  return b;
}

TEST(Forecast, TemporalQualityBarOnThirteenLifters) {
  REQUIRE_DATA();
  const auto lifters = shared_lifters(ForecastDefinition{});
  ASSERT_EQ(lifters.size(), 13U);
  EvaluateOptions options;
  options.train.threads = 1;  // CTest runs two tests at once on two cores
  const Evaluation e = evaluate_protocol(lifters, "temporal", options);
  const Scores& m = e.macro_model;
  double best_f1 = 0;
  for (const auto& [name, s] : e.macro_baselines) {
    if (!std::isnan(s.f1_macro)) best_f1 = std::max(best_f1, s.f1_macro);
  }
  EXPECT_GE(m.f1_macro, best_f1 + 0.10);
  EXPECT_LE(m.weight_mae_kg, best(e, {"persistence", "repeat", "double_progression"}, &Scores::weight_mae_kg));
  EXPECT_LE(m.reps_mae, best(e, {"persistence", "repeat", "double_progression"}, &Scores::reps_mae));
  EXPECT_LE(m.load_mae_kg, 0.9 * best(e, {"persistence", "epley", "last_load_at_reps"}, &Scores::load_mae_kg));
  // Calibration: a perfectly calibrated model would show about 0.06 here
  // (per-lifter test sets of 60-1,200 transitions), so the bar is on the
  // excess over that floor. It is looser than the product's (floor + 0.02
  // on lifters the model never saw, CrossValidationByLifterOverTheFiftyOne):
  // here the lifter's temperature learns from transitions the model trained
  // on, which look more predictable than they are, and it may sharpen (0.087
  // against a floor of 0.062; within 0.015 of it when it only softened).
  EXPECT_LT(m.ece, 0.1);
  EXPECT_LT(m.ece - m.ece_floor, 0.03);
  EXPECT_EQ(e.lifters.size(), 13U);
  // The load's split by the reps planned is of the same transitions: the
  // whole is a weighted mean of its two parts.
  std::size_t split = 0;
  for (const LifterScores& l : e.lifters) {
    for (const Scores* s : {&l.model, &l.baselines.at("epley")}) {
      if (std::isnan(s->load_mae_same_reps_kg) || std::isnan(s->load_mae_new_reps_kg)) continue;
      EXPECT_GE(s->load_mae_kg, std::min(s->load_mae_same_reps_kg, s->load_mae_new_reps_kg) - 1e-12) << l.name;
      EXPECT_LE(s->load_mae_kg, std::max(s->load_mae_same_reps_kg, s->load_mae_new_reps_kg) + 1e-12) << l.name;
      EXPECT_NE(s->load_mae_same_reps_kg, s->load_mae_new_reps_kg) << l.name;
      ++split;
    }
  }
  EXPECT_GE(split, 20U);
  const nlohmann::json j = evaluation_to_json(e);
  for (const char* key : {"accuracy", "f1_macro", "weight_mae_kg", "reps_mae", "load_mae_kg", "load_mae_same_reps_kg",
                          "load_mae_new_reps_kg", "ece"}) {
    EXPECT_TRUE(j["macro"]["model"].contains(key)) << key;
  }
  for (const char* b : {"majority", "persistence", "repeat", "double_progression", "epley", "last_load_at_reps"}) {
    EXPECT_TRUE(j["lifters"][0]["baselines"].contains(b)) << b;
  }
}

// The 51 lifters the shipped model learns from, the 13 above and the 38 of
// lifters/ (docs/model-card.md), read as `exertrack train` reads them (the
// unit decided from the loads when the file does not name it).
std::vector<Lifter> training_lifters(const ForecastDefinition& def) {
  std::vector<Lifter> out;
  for (const auto& file :
       expand_data_paths({data_dir() / "weightlifting_721_workouts.csv", data_dir() / "exports", data_dir() / "lifters"})) {
    ReadOptions read;
    read.detect_unit = true;
    const WorkoutLog log = read_workout_log(file, read);
    out.push_back(lifter_from_log(log, file.stem().string(), logged_unit(log, read.default_unit), def));
  }
  return out;
}

// The shipped model's bar (docs/model-card.md): every lifter scored by a
// model that never saw them, macro over lifters, beside every baseline.
TEST(Forecast, CrossValidationByLifterOverTheFiftyOne) {
  REQUIRE_DATA();
  EXERTRACK_REQUIRE_DATA(data_dir() / "lifters");
  const auto lifters = training_lifters(ForecastDefinition{});
  ASSERT_EQ(lifters.size(), 51U);
  EvaluateOptions options;
  options.folds = 10;
  const Evaluation e = evaluate_protocol(lifters, "kfold", options);
  ASSERT_EQ(e.lifters.size(), 51U);
  for (std::size_t i = 0; i < lifters.size(); ++i) EXPECT_EQ(e.lifters[i].transitions, lifters[i].transitions.size());
  const Scores& m = e.macro_model;
  double best_f1 = 0;
  for (const auto& [name, s] : e.macro_baselines) {
    if (!std::isnan(s.f1_macro)) best_f1 = std::max(best_f1, s.f1_macro);
  }
  EXPECT_GE(m.f1_macro, best_f1 + 0.10);
  EXPECT_LE(m.weight_mae_kg, best(e, {"persistence", "repeat", "double_progression"}, &Scores::weight_mae_kg));
  EXPECT_LE(m.reps_mae, best(e, {"persistence", "repeat", "double_progression"}, &Scores::reps_mae));
  EXPECT_LE(m.load_mae_kg, 0.93 * best(e, {"persistence", "epley", "last_load_at_reps"}, &Scores::load_mae_kg));
  EXPECT_LE(m.ece, m.ece_floor + 0.02);
}

// Synthetic lifters (no shared data needed).
std::vector<Lifter> synthetic_lifters(int n) {
  SynthCohortOptions cohort;
  cohort.lifters = n;
  std::vector<Lifter> out;
  ReadOptions read;
  read.detect_unit = true;
  for (const SynthLifter& l : synth_lifters(cohort)) {
    const WorkoutLog log = parse_workout_log(l.csv, l.name, read);
    out.push_back(lifter_from_log(log, l.name, logged_unit(log, read.default_unit), ForecastDefinition{}));
  }
  return out;
}

TEST(Forecast, KfoldScoresEveryLifterOnceAndOneLifterPerFoldIsLolo) {
  const auto lifters = synthetic_lifters(4);
  EvaluateOptions options;
  options.train.set_rounds(20);
  options.train.threads = 1;
  auto without_time = [](const Evaluation& e) {
    nlohmann::json j = evaluation_to_json(e);
    j.erase("seconds");
    j.erase("protocol");
    return j.dump();
  };
  const Evaluation lolo = evaluate_protocol(lifters, "lolo", options);
  options.folds = 4;
  EXPECT_EQ(without_time(evaluate_protocol(lifters, "kfold", options)), without_time(lolo));
  // Two folds: lifters 0 and 2 are held out together, so their scores come
  // from a model that saw neither, unlike lolo's.
  options.folds = 2;
  const Evaluation two = evaluate_protocol(lifters, "kfold", options);
  EXPECT_EQ(two.protocol, "kfold");
  ASSERT_EQ(two.lifters.size(), 4U);
  for (std::size_t i = 0; i < lifters.size(); ++i) {
    EXPECT_EQ(two.lifters[i].name, lifters[i].name);
    EXPECT_EQ(two.lifters[i].transitions, lifters[i].transitions.size());
  }
  EXPECT_NE(without_time(two), without_time(lolo));
  options.folds = 5;  // more folds than lifters
  EXPECT_THROW((void)evaluate_protocol(lifters, "kfold", options), InputError);
  options.folds = 1;
  EXPECT_THROW((void)evaluate_protocol(lifters, "kfold", options), InputError);
}

TEST(Forecast, EceFloorIsTheExpectedErrorOfACalibratedForecaster) {
  // Two coin flips stated at 0.5: 0, 1 or 2 hits with p 1/4, 1/2, 1/4; the
  // gap to the stated 1 hit is 1, 0, 1: expected ECE 0.5 / 2 transitions.
  const std::vector<double> two = {0.5, 0.5};
  EXPECT_DOUBLE_EQ(expected_ece_floor(two), 0.25);
  // Certain forecasts have no noise; many forecasts have little.
  EXPECT_DOUBLE_EQ(expected_ece_floor(std::vector<double>{1.0, 1.0, 1.0}), 0.0);
  const std::vector<double> many(10000, 0.6);
  EXPECT_LT(expected_ece_floor(many), 0.01);
  EXPECT_GT(expected_ece_floor(std::vector<double>(50, 0.6)), 0.04);
}

std::vector<Lifter> two_lifters() {
  const ForecastDefinition def;
  std::vector<Lifter> out;
  for (const char* name : {"dstanek__lifting__strong.csv", "mlahoz__strong__strong.csv"}) {
    const WorkoutLog log = read_workout_log(data_dir() / "exports" / name);
    out.push_back(lifter_from_log(log, name, logged_unit(log, WeightUnit::lb), def));
  }
  return out;
}

TEST(Forecast, SameDataSameModelBytesForAnyThreadCount) {
  REQUIRE_DATA();
  const auto lifters = two_lifters();
  const auto all = all_transitions(lifters);
  ForecastTrainOptions o;
  o.set_rounds(40);
  o.threads = 1;
  const std::string one = train_model(lifters, all, o).to_json().dump();
  o.threads = 2;
  EXPECT_EQ(one, train_model(lifters, all, o).to_json().dump());
  o.seed = 7;
  EXPECT_NE(one, train_model(lifters, all, o).to_json().dump());
}

TEST(Forecast, ModelFileRoundTripsAndBadFilesAreNamed) {
  REQUIRE_DATA();
  const auto lifters = two_lifters();
  ForecastTrainOptions o;
  o.set_rounds(30);
  o.threads = 1;
  const ForecastModel model = train_model(lifters, all_transitions(lifters), o);
  const auto dir = scratch_dir("forecast_roundtrip");
  model.write(dir / "model");
  ASSERT_TRUE(is_forecast_model_dir(dir));
  const ForecastModel back = ForecastModel::read(dir);  // a run directory works too
  const ExerciseSessions& ex = lifters[0].sessions.exercises[0];
  const std::size_t t = ex.sessions.size() - 1;
  const ForecastOutput a = model.predict(ex, t), b = back.predict(ex, t);
  EXPECT_EQ(a.action, b.action);
  for (int c = 0; c < kActionCount; ++c) EXPECT_EQ(a.probabilities[c], b.probabilities[c]);
  EXPECT_EQ(model.load_for_reps(ex, t, 5), back.load_for_reps(ex, t, 5));

  // What reading the file written from `doc` says: empty when it reads.
  const auto error_reading = [&](const nlohmann::json& doc) -> std::string {
    write_file_atomic(dir / "model" / "forecast.json", doc.dump());
    try {
      (void)ForecastModel::read(dir);
      return "";
    } catch (const InputError& e) {
      return e.what();
    }
  };
  const auto npos = std::string::npos;

  // A file from before the load head had its own scale was trained with
  // scale_floor_kg there, and is read so.
  nlohmann::json j = model.to_json();
  EXPECT_EQ(j["definition"]["load_scale_floor_kg"], model.definition.load_scale_floor_kg);
  j["definition"].erase("load_scale_floor_kg");
  EXPECT_EQ(error_reading(j), "");
  EXPECT_EQ(ForecastModel::read(dir).definition.load_scale_floor_kg, model.definition.scale_floor_kg);
  j["definition"]["load_scale_floor_kg"] = 0;
  EXPECT_NE(error_reading(j).find("forecast.json: definition: a parameter is out of range"), npos);
  // A file from before the planned reps' limit was recorded was checked
  // against the readers' bound, and is read with it.
  j = model.to_json();
  EXPECT_EQ(j["definition"]["max_planned_reps"], 300);
  j["definition"].erase("max_planned_reps");
  EXPECT_EQ(error_reading(j), "");
  EXPECT_EQ(ForecastModel::read(dir).definition.max_planned_reps, 300);
  j["definition"]["max_planned_reps"] = 0;
  EXPECT_NE(error_reading(j).find("forecast.json: definition: a parameter is out of range"), npos);

  // The lifter's temperature: read back as written; a file from before it
  // has none (T_l = 1); a half-written or negative one is refused.
  EXPECT_EQ(back.lifter.prior, model.lifter.prior);
  EXPECT_EQ(back.lifter.temperatures, model.lifter.temperatures);
  j = model.to_json();
  j["calibration"].erase("lifter_prior");
  j["calibration"].erase("lifter_temperatures");
  EXPECT_EQ(error_reading(j), "");
  EXPECT_TRUE(ForecastModel::read(dir).lifter.temperatures.empty());
  for (const char* bad : {R"({"lifter_prior": 10})", R"({"lifter_prior": -1, "lifter_temperatures": [1]})",
                          R"({"lifter_prior": 10, "lifter_temperatures": []})", R"({"lifter_prior": 10, "lifter_temperatures": [0]})"}) {
    j["calibration"] = nlohmann::json::parse(bad);
    j["calibration"]["temperature"] = 1.0;
    EXPECT_NE(error_reading(j).find("forecast.json"), npos) << bad;
  }

  j = model.to_json();
  j["features"][0] = "something else";
  const std::string other_features = error_reading(j);
  EXPECT_NE(other_features.find("forecast.json"), npos) << other_features;
  EXPECT_NE(other_features.find("'features'"), npos) << other_features;
  // A missing part is named with the file, not left to the JSON library.
  for (const char* part : {"definition", "calibration", "heads"}) {
    j = model.to_json();
    j.erase(part);
    EXPECT_NE(error_reading(j).find("forecast.json: missing '" + std::string(part) + "'"), npos) << part;
  }
  j = model.to_json();
  j["definition"]["recent_sessions"] = 0;
  EXPECT_NE(error_reading(j).find("forecast.json: definition: a parameter is out of range"), npos);
  write_file_atomic(dir / "model" / "forecast.json", "{not json");
  EXPECT_THROW((void)ForecastModel::read(dir), InputError);
}

// Every target on every shared export: in the unit the lifter logs in, on
// the loadable grid around the last top set, whole reps, and agreeing with
// the action it comes with.
TEST(Forecast, AdviceOnEverySharedExportIsLoadable) {
  REQUIRE_DATA();
  const auto lifters = shared_lifters(ForecastDefinition{});
  ForecastTrainOptions o;
  o.set_rounds(60);
  o.threads = 1;
  const ForecastModel model = train_model(lifters, all_transitions(lifters), o);
  std::size_t checked = 0;
  std::size_t other_unit_changes = 0;
  std::size_t planned_checked = 0;
  std::size_t softened_lifters = 0;
  for (const auto& file : expand_data_paths({data_dir() / "weightlifting_721_workouts.csv", data_dir() / "exports"})) {
    const WorkoutLog log = read_workout_log(file);
    const WeightUnit unit = logged_unit(log, WeightUnit::lb);
    const LogAdvice advice = advise_log(model, log, unit, {}, {5, 8});
    // The probabilities are at the lifter's temperature from the whole export.
    const SessionLog sessions = build_sessions(log, log.source);
    const double lifter_t = model.lifter_temperature(sessions);
    if (lifter_t != 1.0) ++softened_lifters;
    ASSERT_EQ(advice.results.size(), sessions.exercises.size());
    for (std::size_t e = 0; e < sessions.exercises.size(); ++e) {
      const ExerciseSessions& ex = sessions.exercises[e];
      ForecastOutput expected = model.predict(ex, ex.sessions.size() - 1);
      apply_lifter_temperature(expected, lifter_t);
      for (int c = 0; c < kActionCount; ++c) EXPECT_EQ(advice.results[e].probabilities[c], expected.probabilities[c]);
    }
    for (const NextSessionAdvice& a : advice.results) {
      SCOPED_TRACE(file.filename().string() + ": " + a.name);
      EXPECT_EQ(a.unit, unit);
      const double step = model.steps.of(unit, a.equipment);
      ASSERT_TRUE(model.plates.has_value());
      const double finest = model.plates->of(unit).plates.back();
      const double tolerance = kg_to_unit(model.definition.weight_tolerance_kg, unit);
      const auto multiple = [](double x, double of) { return std::abs(x / of - std::round(x / of)) < 1e-6; };
      // The same weight in the other unit, whose plates load it when the log
      // is of a gym in that unit (case 3 of advice.cpp's LoadGrid).
      const WeightUnit other = unit == WeightUnit::kg ? WeightUnit::lb : WeightUnit::kg;
      const auto in_other = [&](double w) { return kg_to_unit(unit_to_kg(w, unit), other); };
      const double other_finest = model.plates->of(other).plates.back();
      const double other_step = model.steps.of(other, a.equipment);
      const double nearest = std::round(a.last.weight / step) * step;
      const bool last_loadable = multiple(a.last.weight, finest) || std::abs(nearest - a.last.weight) <= tolerance;
      const bool other_units_plates = !last_loadable && multiple(in_other(a.last.weight), other_finest);
      const bool kept = a.target.weight == std::round(a.last.weight * 100) / 100 || std::abs(a.target.weight - a.last.weight) < 1e-6;
      // Loadable: on the finest plate, a whole number of steps from the last
      // weight or on the step grid, the other unit's step grid for a gym in
      // that unit, or (the same weight) the last weight itself.
      const bool loadable = other_units_plates
                                ? multiple(in_other(a.target.weight) - in_other(a.last.weight), other_step) ||
                                      multiple(in_other(a.target.weight), other_finest)
                                : multiple(a.target.weight, finest) || multiple(a.target.weight - a.last.weight, step) ||
                                      multiple(a.target.weight, step) || kept;
      EXPECT_TRUE(loadable || a.target.weight == 0) << a.target.weight << " from " << a.last.weight;
      EXPECT_GE(a.target.reps, 1);
      EXPECT_EQ(a.target.reps, std::round(a.target.reps));
      // The target agrees with its action by the labels' own rule: within the
      // tolerance is the same weight, beyond it heavier or lighter.
      const double sign = a.kind == LoadKind::assisted && a.last.weight > 0 ? -1 : 1;  // assistance logged positive
      const double dw = sign * (a.target.weight - a.last.weight);
      switch (a.action) {
        case kIncreaseWeight: EXPECT_GT(dw, tolerance); EXPECT_EQ(a.target.reps, a.last.reps); break;
        case kIncreaseWeightDecreaseReps: EXPECT_GT(dw, tolerance); break;
        case kIncreaseReps: EXPECT_LE(std::abs(dw), tolerance); EXPECT_GT(a.target.reps, a.last.reps); break;
        case kRepeat: EXPECT_LE(std::abs(dw), tolerance); EXPECT_EQ(a.target.reps, a.last.reps); break;
        default: EXPECT_TRUE(dw < -tolerance || a.target.weight == 0) << "down, or down to bodyweight"; break;
      }
      if (other_units_plates && a.action != kIncreaseReps && a.action != kRepeat && a.target.weight != 0) {
        EXPECT_TRUE(multiple(in_other(a.target.weight), other_step) || multiple(in_other(a.target.weight) - in_other(a.last.weight), other_step))
            << a.target.weight << " " << unit_name(unit) << " is no step of the other unit's plates from " << a.last.weight;
        ++other_unit_changes;
      }
      double p_sum = 0;
      for (double p : a.probabilities) p_sum += p;
      EXPECT_NEAR(p_sum, 1, 1e-9);
      EXPECT_EQ(a.probabilities[a.action], *std::max_element(a.probabilities.begin(), a.probabilities.end()));
      ASSERT_EQ(a.planned.size(), 2U);
      // The load for planned reps stays near Epley's from the last session,
      // light loads too: a 4.5 kg shrug's load is not forecast on a 20 kg
      // scale (ForecastDefinition::load_scale_floor_kg).
      const double e1rm = a.history.back().e1rm;
      if (a.kind == LoadKind::weighted && e1rm > 0) {
        for (const PlannedLoad& p : a.planned) {
          const double epley = epley_load(e1rm, p.reps);
          EXPECT_GT(p.weight, 0.5 * epley - step) << p.reps << " reps, last " << a.last.weight << " x " << a.last.reps;
          EXPECT_LT(p.weight, 1.5 * epley + step) << p.reps << " reps, last " << a.last.weight << " x " << a.last.reps;
          ++planned_checked;
        }
      }
      EXPECT_FALSE(a.reason.empty());
      ++checked;
    }
    for (const LeftOutExercise& l : advice.not_strength) {
      EXPECT_TRUE(std::none_of(advice.results.begin(), advice.results.end(), [&](const auto& a) { return a.name == l.name; }));
    }
  }
  EXPECT_GT(checked, 500U);
  EXPECT_GT(planned_checked, 500U);
  EXPECT_GT(softened_lifters, 0U) << "no shared lifter's history softens the probabilities";
  EXPECT_GT(other_unit_changes, 0U) << "cmccorkle21 logs a pound gym in kg: its changes of weight are pound steps";
}

// The lifter's own temperature: 1 without a history, softer for a history
// the model was too sure about, never sharper, near 1 while short.
TEST(Forecast, LifterTemperatureSoftensOrSharpensAsTheHistoryShows) {
  const LifterCalibration c = default_lifter_calibration();
  EXPECT_EQ(LifterTemperature(c).value(), 1.0);
  const std::array<double, kActionCount> sure{0.8, 0.05, 0.05, 0.05, 0.05};
  const std::array<double, kActionCount> fair{0.6, 0.1, 0.1, 0.1, 0.1};
  LifterTemperature wrong_often(c), right(c), calibrated(c), short_history(c);
  for (int i = 0; i < 200; ++i) {
    wrong_often.add(sure, i % 5 < 2 ? 0 : 1);  // right 40 % of the time at 0.8: too sure
    right.add(sure, i % 50 == 0 ? 1 : 0);      // right 98 % at 0.8: too shy
    calibrated.add(fair, i % 5 < 3 ? 0 : 1 + i % 4);  // right 60 % at 0.6
  }
  for (int i = 0; i < 3; ++i) short_history.add(sure, 1);
  EXPECT_GT(wrong_often.value(), 1.5);
  EXPECT_LT(right.value(), 0.8);
  EXPECT_GE(right.value(), c.temperatures.front());
  EXPECT_NEAR(calibrated.value(), 1.0, 0.1);
  EXPECT_GT(short_history.value(), 1.0);
  EXPECT_LT(short_history.value(), wrong_often.value());

  ForecastOutput out;
  out.probabilities = sure;
  apply_lifter_temperature(out, 2.0);
  EXPECT_NEAR(std::accumulate(out.probabilities.begin(), out.probabilities.end(), 0.0), 1.0, 1e-12);
  EXPECT_LT(out.probabilities[0], 0.8);
  EXPECT_EQ(std::max_element(out.probabilities.begin(), out.probabilities.end()) - out.probabilities.begin(), 0);
  EXPECT_NEAR(out.probabilities[0] / out.probabilities[1], std::sqrt(0.8 / 0.05), 1e-9);
}

TEST(Forecast, ExpectedCalibrationError) {
  // Two bins: 0.95 confident and right 9 of 10 (gap 0.05), 0.15 and right 0 of 10 (gap 0.15).
  std::vector<double> conf(20);
  std::vector<int> correct(20);
  for (int i = 0; i < 10; ++i) {
    conf[i] = 0.95;
    correct[i] = i < 9 ? 1 : 0;
    conf[10 + i] = 0.15;
    correct[10 + i] = 0;
  }
  EXPECT_NEAR(expected_calibration_error(conf, correct), 0.5 * 0.05 + 0.5 * 0.15, 1e-12);
}

TEST(Forecast, ProtocolsRefuseWhatTheyCannotDo) {
  std::vector<Lifter> none;
  EXPECT_THROW((void)evaluate_protocol(none, "lolo", EvaluateOptions{}), InputError);
  EXPECT_THROW((void)evaluate_protocol(none, "random", EvaluateOptions{}), InputError);
  EXPECT_THROW((void)expand_data_paths({"/nonexistent/dir"}), InputError);
}

}  // namespace
}  // namespace exertrack::next_session::train
