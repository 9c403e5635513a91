// forecast_golden <out_dir> [--synthetic | --shipped MODEL_DIR]
//
// Writes what the C++ next-session forecast computes, for the Node.js
// package (js/src/forecast/) to reproduce exactly (js/tests/forecast.test.js,
// run with EXERTRACK_FORECAST_GOLDEN=<out_dir>/golden.json):
//   <out_dir>/model/forecast.json  a small model trained here (few rounds)
//   <out_dir>/golden.json          per lifter: the input sets as the JS API
//                                  takes them, and per exercise the sessions'
//                                  summaries, every session's features, the
//                                  heads' raw outputs and the advice; plates
//                                  per side; loadable grids and the target
//                                  of each action on them; and request bodies
//                                  with the server's answers (POST
//                                  /v1/recommendations)
// Two golden files, alike but for what the model learns from and which
// lifters it is asked about:
//   (default)    two real exports of $EXERTRACK_DATA_DIR; every shared export
//                as input (needs the shared data)
//   --synthetic  two of the embedded synthetic lifters (src/synth); the
//                whole cohort and the demo lifter as input, so a clone
//                without the shared data compares js/ with C++ too
// Both also ask about hand-written kg and lb logs (weighted, bodyweight,
// assisted both ways, histories of 1-3 sessions, warm-up / drop / timed
// sets, an inactive exercise).
//   --shipped MODEL_DIR  <out_dir>/shipped.json: the shipped model's answer
//                for the embedded demo lifter (js/tests/pack.test.js)
// NaN is written as null (JSON has no NaN); finite doubles as JSON numbers,
// which round-trip exactly.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <map>
#include <numeric>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/values.hpp"
#include "core/ingest/workout_log.hpp"
#include "core/util/files.hpp"
#include "next_session/model/advice.hpp"
#include "next_session/model/forecast_model.hpp"
#include "next_session/train/lifters.hpp"
#include "next_session/train/train.hpp"
#include "next_session/model/advice_json.hpp"
#include "synth/synth.hpp"
#include "serve/api.hpp"

namespace {

namespace ex = exertrack;
using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// One set as the JS API takes it: weight in the exercise's unit, the session's
// date-time as written, kind normal|warmup|drop|failure, and for timed sets
// the duration or distance that marks them.
struct InSet {
  double weight = 0;
  double reps = 0;
  std::string date = {};
  std::string kind = "normal";
  double duration_s = kNaN;
  double distance_m = kNaN;
};
// The server's body shape (serve/api.hpp): sessions oldest first, each its
// own workout, at its date or else k days after 1970-01-01.
struct InSession {
  std::string date;  // empty: undated
  std::vector<InSet> sets;
};
struct InExercise {
  std::string name;
  std::string unit;  // of the set weights
  std::vector<InSet> sets;
  std::vector<InSession> sessions = {};  // used instead of sets when not empty
};
struct InLifter {
  std::string name;
  std::string advice_unit;
  std::vector<double> planned_reps;
  std::vector<InExercise> exercises;
};

std::string format_date_time(std::int64_t time) {
  const std::int64_t day = time >= 0 ? time / 86400 : (time - 86399) / 86400;
  const std::int64_t sec = time - day * 86400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s %02d:%02d:%02d", ex::core::ingest::format_date(time).c_str(), static_cast<int>(sec / 3600),
                static_cast<int>(sec / 60 % 60), static_cast<int>(sec % 60));
  return buf;
}

ex::core::ingest::SetKind kind_of(const std::string& k) {
  if (k == "warmup") return ex::core::ingest::SetKind::warmup;
  if (k == "drop") return ex::core::ingest::SetKind::drop;
  if (k == "failure") return ex::core::ingest::SetKind::failure;
  return ex::core::ingest::SetKind::normal;
}

std::string kind_name(ex::core::ingest::SetKind k) {
  switch (k) {
    case ex::core::ingest::SetKind::warmup: return "warmup";
    case ex::core::ingest::SetKind::drop: return "drop";
    case ex::core::ingest::SetKind::failure: return "failure";
    case ex::core::ingest::SetKind::normal: return "normal";
  }
  return "normal";
}

// The log the readers would produce from the JS input: weights to kg as
// the readers convert them (lb / kPoundsPerKilogram), flags as the reader
// sets them, one workout per distinct date-time, sets in time order.
ex::core::ingest::WorkoutLog to_log(const InLifter& l) {
  ex::core::ingest::WorkoutLog log;
  log.source = l.name;
  log.format = "strong";
  std::map<std::string, std::uint32_t> workouts;
  for (const InExercise& e : l.exercises) {
    const auto exercise = static_cast<std::uint32_t>(log.exercises.size());
    log.exercises.push_back(e.name);
    const ex::core::ingest::WeightUnit unit = *ex::core::units::unit_by_name(e.unit);
    for (std::size_t k = 0; k < e.sessions.size(); ++k) {
      const InSession& session = e.sessions[k];
      std::int64_t time = static_cast<std::int64_t>(k) * 86400;
      if (!session.date.empty()) time = *ex::core::ingest::parse_date_time(session.date);
      const auto workout = static_cast<std::uint32_t>(log.workouts.size());
      log.workouts.push_back(e.name + " session " + std::to_string(k));
      for (const InSet& s : session.sets) {
        ex::core::ingest::SetRecord r;
        r.time = time;
        r.workout = workout;
        r.exercise = exercise;
        r.weight_kg = ex::core::units::unit_to_kg(s.weight, unit);
        r.reps = s.reps;
        log.sets.push_back(r);
      }
    }
    for (const InSet& s : e.sets) {
      ex::core::ingest::SetRecord r;
      const auto time = ex::core::ingest::parse_date_time(s.date);
      if (!time) throw std::runtime_error("bad date " + s.date);
      r.time = *time;
      auto [it, fresh] = workouts.try_emplace(s.date, static_cast<std::uint32_t>(log.workouts.size()));
      if (fresh) log.workouts.push_back(s.date);
      r.workout = it->second;
      r.exercise = exercise;
      r.kind = kind_of(s.kind);
      r.weight_kg = ex::core::units::unit_to_kg(s.weight, unit);
      r.reps = s.reps;
      r.duration_s = s.duration_s;
      r.distance_m = s.distance_m;
      r.timed = r.reps == 0 && (r.distance_m > 0 || r.duration_s > 0);
      r.outlier = r.reps < 0 || r.reps > ex::core::ingest::kMaxPlausibleReps || r.weight_kg > ex::core::ingest::kMaxPlausibleWeightKg ||
                  r.weight_kg < -ex::core::ingest::kMaxPlausibleWeightKg;
      log.sets.push_back(r);
    }
  }
  std::stable_sort(log.sets.begin(), log.sets.end(), [](const auto& a, const auto& b) { return a.time < b.time; });
  return log;
}

// A real export as JS input: weights in kg exactly as read, the workout's
// date-time. The JS API forms a session from the sets of one date-time, the
// C++ one from one workout and start time: an exercise whose two workouts
// share a start time (a duplicated import) would differ, so it is left out
// (and named on stderr).
InLifter from_export(const ex::core::ingest::WorkoutLog& log, std::string name, std::string advice_unit, std::vector<double> planned) {
  InLifter l{std::move(name), std::move(advice_unit), std::move(planned), {}};
  std::vector<InExercise> per(log.exercises.size());
  std::vector<std::map<std::int64_t, std::set<std::uint32_t>>> workouts_at(log.exercises.size());
  for (const ex::core::ingest::SetRecord& s : log.sets) {
    InExercise& e = per[s.exercise];
    e.name = log.exercises[s.exercise];
    e.unit = "kg";
    InSet in;
    in.weight = s.weight_kg;
    in.reps = s.reps;
    in.date = format_date_time(s.time);
    in.kind = kind_name(s.kind);
    in.duration_s = s.duration_s;
    in.distance_m = s.distance_m;
    e.sets.push_back(in);
    workouts_at[s.exercise][s.time].insert(s.workout);
  }
  for (std::size_t i = 0; i < per.size(); ++i) {
    bool shared = false;
    for (const auto& [time, ws] : workouts_at[i]) shared |= ws.size() > 1;
    if (shared) {
      std::fprintf(stderr, "forecast_golden: %s: '%s' left out (two workouts at one start time)\n", l.name.c_str(),
                   per[i].name.c_str());
      continue;
    }
    if (!per[i].sets.empty()) l.exercises.push_back(std::move(per[i]));
  }
  return l;
}

json input_json(const InLifter& l) {
  json exercises = json::array();
  for (const InExercise& e : l.exercises) {
    if (!e.sessions.empty()) {
      json sessions = json::array();
      for (const InSession& s : e.sessions) {
        json sets = json::array();
        for (const InSet& set : s.sets) sets.push_back({{"weight", set.weight}, {"reps", set.reps}});
        json j{{"sets", std::move(sets)}};
        if (!s.date.empty()) j["date"] = s.date;
        sessions.push_back(std::move(j));
      }
      exercises.push_back({{"name", e.name}, {"unit", e.unit}, {"sessions", std::move(sessions)}});
      continue;
    }
    json sets = json::array();
    for (const InSet& s : e.sets) {
      json j{{"weight", number(s.weight)}, {"reps", number(s.reps)}, {"date", s.date}};
      if (s.kind != "normal") j["kind"] = s.kind;
      if (!std::isnan(s.duration_s)) j["duration_s"] = s.duration_s;
      if (!std::isnan(s.distance_m)) j["distance_m"] = s.distance_m;
      sets.push_back(std::move(j));
    }
    exercises.push_back({{"name", e.name}, {"unit", e.unit}, {"sets", std::move(sets)}});
  }
  return exercises;
}

json session_json(const ex::next_session::model::Session& s) {
  return {{"time", s.time},
          {"top_weight_kg", s.top_weight_kg},
          {"top_reps", s.top_reps},
          {"e1rm_kg", s.e1rm_kg},
          {"working_sets", s.working_sets},
          {"distinct_loads", s.distinct_loads},
          {"volume_kg", s.volume_kg},
          {"min_reps", s.min_reps},
          {"max_reps", s.max_reps},
          {"days_since_previous", number(s.days_since_previous)}};
}

// The advice with the field names of predict/json_out (the CLI's and the
// server's JSON), so the JS result reads alike.
json advice_json(const ex::next_session::model::NextSessionAdvice& a) {
  const std::string unit(ex::core::units::unit_name(a.unit));
  json probabilities = json::object();
  for (std::size_t c = 0; c < ex::next_session::model::kActionNames.size(); ++c) probabilities[std::string(ex::next_session::model::kActionNames[c])] = a.probabilities[c];
  json planned = json::array();
  for (const auto& p : a.planned) planned.push_back({{"weight", p.weight}, {"reps", p.reps}, {"unit", unit}});
  return {{"name", a.name},
          {"equipment", ex::core::units::equipment_name(a.equipment)},
          {"kind", ex::next_session::model::load_kind_name(a.kind)},
          {"unit", unit},
          {"last_session",
           {{"date", a.dated ? json(ex::core::ingest::format_date(a.last_time)) : json(nullptr)}, {"weight", a.last.weight}, {"reps", a.last.reps}, {"unit", unit}}},
          {"inactive", a.dated ? json(a.inactive) : json(nullptr)},
          {"sessions", a.sessions},
          {"action", ex::next_session::model::kActionNames[static_cast<std::size_t>(a.action)]},
          {"probability", a.probabilities[static_cast<std::size_t>(a.action)]},
          {"probabilities", probabilities},
          {"ready_to_add_weight", a.ready_to_add_weight},
          {"target", {{"weight", a.target.weight}, {"reps", a.target.reps}, {"unit", unit}}},
          {"plates_per_side", a.plates_per_side ? json(*a.plates_per_side) : json(nullptr)},
          {"planned", planned},
          {"reason", a.reason}};
}

json expected_json(const ex::next_session::model::ForecastModel& model, const InLifter& in) {
  const ex::core::ingest::WorkoutLog log = to_log(in);
  ex::next_session::model::SessionLog sl = ex::next_session::model::build_sessions(log, in.name);
  // An exercise given as sessions without dates, as js/ and the server read it.
  for (ex::next_session::model::ExerciseSessions& e : sl.exercises) {
    for (const InExercise& i : in.exercises) {
      const bool undated = !i.sessions.empty() &&
                           std::all_of(i.sessions.begin(), i.sessions.end(), [](const InSession& s) { return s.date.empty(); });
      if (i.name == e.name && undated) ex::next_session::model::forget_dates(e);
    }
  }
  const ex::core::ingest::WeightUnit unit = *ex::core::units::unit_by_name(in.advice_unit);
  const auto cols = static_cast<std::size_t>(ex::next_session::model::session_feature_count());
  json out{{"last_time", sl.last_time}, {"exercises", json::array()}};
  for (const ex::next_session::model::ExerciseSessions& e : sl.exercises) {
    json j{{"name", e.name},
           {"equipment", ex::core::units::equipment_name(e.equipment)},
           {"kind", ex::next_session::model::load_kind_name(e.kind)},
           {"assistance_logged_positive", e.assistance_logged_positive},
           {"sessions", json::array()},
           {"features", json::array()},
           {"heads", json::array()}};
    std::vector<float> rows;
    for (std::size_t t = 0; t < e.sessions.size(); ++t) {
      j["sessions"].push_back(session_json(e.sessions[t]));
      std::vector<double> f(cols);
      ex::next_session::model::session_features(e, t, model.definition, f);
      json row = json::array();
      for (double v : f) row.push_back(number(v));
      j["features"].push_back(std::move(row));
      ex::next_session::model::append_session_row(e, t, model.definition, rows);
    }
    // The heads' raw float32 outputs for every session: [p_0..p_4 (softmax),
    // weight, reps], so a tree walk that differs shows where.
    const std::size_t n = e.sessions.size();
    const std::vector<float> p = model.action.forest.predict(rows, n);
    const std::vector<float> w = model.weight.forest.predict(rows, n);
    const std::vector<float> r = model.reps.forest.predict(rows, n);
    for (std::size_t t = 0; t < n; ++t) {
      json h = json::array();
      for (int c = 0; c < ex::next_session::model::kActionCount; ++c) h.push_back(static_cast<double>(p[t * ex::next_session::model::kActionCount + static_cast<std::size_t>(c)]));
      h.push_back(static_cast<double>(w[t]));
      h.push_back(static_cast<double>(r[t]));
      j["heads"].push_back(std::move(h));
    }
    // The planned-reps inputs and the load head after the last session.
    const std::size_t last = n - 1;
    j["planned"] = json::array();
    for (double reps : in.planned_reps) {
      std::vector<double> extra(static_cast<std::size_t>(ex::next_session::model::planned_reps_feature_count()));
      ex::next_session::model::planned_reps_features(e, last, reps, model.definition, extra);
      json fj = json::array();
      for (double v : extra) fj.push_back(number(v));
      std::vector<float> load_row;
      ex::next_session::model::append_load_row(e, last, reps, model.definition, load_row);
      const double rel = model.predict_load_rel(load_row, 1).front();
      j["planned"].push_back({{"reps", reps},
                              {"features", std::move(fj)},
                              {"load_rel", rel},
                              {"load_kg", model.load_kg(e, last, reps, rel)},
                              {"last_load_at_reps", number(ex::next_session::model::last_load_at_reps(e, last, reps))},
                              {"load_base_kg", ex::next_session::model::load_base_kg(e, last, reps)}});
    }
    out["exercises"].push_back(std::move(j));
  }
  // The advice as the CLI and the server build it from a log's sessions
  // (advise_log's steps, with the undated exercises marked as above).
  std::vector<std::size_t> every(sl.exercises.size());
  std::iota(every.begin(), every.end(), std::size_t{0});
  const ex::next_session::model::LifterForecast forecast = model.forecast(sl.exercises, every, in.planned_reps);
  const ex::next_session::model::LogAdvice advice =
      ex::next_session::model::advise_sessions(model, sl, unit, forecast.exercises, in.planned_reps);
  if (advice.results.size() != out["exercises"].size()) throw std::runtime_error("advise_log: not one result per exercise");
  for (std::size_t i = 0; i < advice.results.size(); ++i) out["exercises"][i]["advice"] = advice_json(advice.results[i]);
  out["not_strength"] = json::array();
  for (const auto& e : advice.not_strength) out["not_strength"].push_back({{"name", e.name}, {"reason", e.reason}});
  return out;
}

// Hand-written lifters: every load kind, both units, short histories.
std::vector<InLifter> hand_lifters() {
  std::vector<InLifter> out;
  auto day = [](int d) {
    // 2024-01-01 + d days, at 18:00.
    return format_date_time(1704067200 + static_cast<std::int64_t>(d) * 86400 + 18 * 3600);
  };
  {
    InLifter l{"kg lifter", "kg", {5, 8, 12}, {}};
    InExercise bench{"Bench Press (Barbell)", "kg", {}};
    const double w[] = {80, 80, 80, 82.5, 82.5, 82.5, 85, 85, 82.5, 85, 87.5, 87.5};
    const double r[] = {8, 9, 10, 8, 9, 10, 8, 8, 10, 9, 7, 8};
    for (int s = 0; s < 12; ++s) {
      const std::string d = day(3 * s);
      bench.sets.push_back({40, 10, d, "warmup"});
      bench.sets.push_back({60, 5, d, "warmup"});
      for (int k = 0; k < 3; ++k) bench.sets.push_back({w[s], r[s] - (k == 2 && s % 3 == 0 ? 1 : 0), d});
      if (s % 4 == 1) bench.sets.push_back({w[s] - 20, 12, d, "drop"});
      if (s % 5 == 2) bench.sets.push_back({w[s], r[s] + 1, d, "failure"});
    }
    l.exercises.push_back(bench);
    InExercise pullup{"Pull Up", "kg", {}};
    for (int s = 0; s < 6; ++s) {
      for (int k = 0; k < 3; ++k) pullup.sets.push_back({0, static_cast<double>(6 + s / 2 - k), day(3 * s + 1)});
    }
    l.exercises.push_back(pullup);
    InExercise assisted{"Pull Up (Assisted)", "kg", {}};  // Strong: assistance as a positive weight
    const double aw[] = {30, 30, 25, 25, 20};
    for (int s = 0; s < 5; ++s) {
      for (int k = 0; k < 3; ++k) assisted.sets.push_back({aw[s], static_cast<double>(8 + (s % 2) - k / 2), day(3 * s + 2)});
    }
    l.exercises.push_back(assisted);
    l.exercises.push_back({"Dumbbell Row", "kg", {{24, 10, day(30)}, {24, 10, day(30)}, {26, 8, day(33)}, {26, 9, day(33)}}});
    l.exercises.push_back({"Leg Press (Machine)", "kg", {{120, 12, day(34)}, {140, 10, day(34)}, {140, 9, day(34)}}});
    l.exercises.push_back({"Hip Thrust", "kg", {{60, 10, day(20)}, {60, 10, day(23)}, {65, 10, day(26)}}});
    // A barbell target below the 20 kg bar: no plates.
    l.exercises.push_back({"Upright Row (Barbell)", "kg", {{15, 12, day(31)}, {15, 12, day(34)}}});
    // Last trained more than 56 days before the log's last set: inactive.
    l.exercises.push_back({"Deadlift (Barbell)", "kg", {{140, 5, day(-40)}, {150, 5, day(-36)}, {155, 3, day(-30)}}});
    InExercise plank{"Plank", "kg", {}};
    plank.sets.push_back({0, 0, day(33), "normal", 60, kNaN});
    l.exercises.push_back(plank);
    l.exercises.push_back({"Face Pull (Cable)", "kg", {{20, 15, day(33), "warmup"}}});
    // Edges a real export meets by chance and the synthetic lifters never:
    // last trained exactly 56 days before the log's last set (day 34), still
    // active; two top weights exactly the weight tolerance (0.25 kg) apart,
    // the same weight; a pound weight's conversion noise near the kg grid
    // (64.86 kg, 0.14 from 65).
    l.exercises.push_back({"Good Morning (Barbell)", "kg", {{60, 8, day(-25)}, {60, 9, day(-22)}}});
    l.exercises.push_back({"Lateral Raise (Dumbbell)", "kg", {{10, 12, day(27)}, {10.25, 12, day(30)}, {10.25, 13, day(33)}}});
    l.exercises.push_back({"Incline Bench Press (Barbell)", "kg", {{64.86, 8, day(28)}, {64.86, 9, day(31)}, {64.86, 10, day(34)}}});
    out.push_back(std::move(l));
  }
  {
    InLifter l{"lb lifter", "lb", {3, 5, 10}, {}};
    InExercise squat{"Squat (Barbell)", "lb", {}};
    const double w[] = {135, 155, 175, 185, 185, 195, 205, 185, 205, 215};
    for (int s = 0; s < 10; ++s) {
      for (int k = 0; k < 3; ++k) squat.sets.push_back({w[s], static_cast<double>(5 + (s == 7 ? 3 : 0)), day(4 * s)});
    }
    l.exercises.push_back(squat);
    l.exercises.push_back({"Bicep Curl (Dumbbell)", "lb",
                           {{25, 12, day(1)}, {25, 11, day(1)}, {25, 12, day(5)}, {30, 8, day(9)}, {30, 7, day(9)}}});
    // Fitbod / Hevy: assistance as a negative weight.
    InExercise dip{"Dip", "lb", {}};
    const double dw[] = {-50, -40, -40, -30};
    for (int s = 0; s < 4; ++s) {
      for (int k = 0; k < 2; ++k) dip.sets.push_back({dw[s], static_cast<double>(8 + s - k), day(4 * s + 2)});
    }
    l.exercises.push_back(dip);
    l.exercises.push_back({"Kettlebell Swing", "lb", {{35, 15, day(10)}, {35, 15, day(10)}, {35, 20, day(14)}}});
    l.exercises.push_back({"Lat Pulldown (Cable)", "lb", {{85, 10, day(20)}, {85, 12, day(20)}}});
    l.exercises.push_back({"Push Up", "lb", {{0, 20, day(21)}}});
    l.exercises.push_back({"Assisted Dip", "lb", {{60, 6, day(22)}, {50, 5, day(26)}}});
    l.exercises.push_back({"Overhead Press (Barbell)", "lb", {{95, 5, day(30)}, {95, 5, day(34)}, {95, 4, day(38)}}});
    out.push_back(std::move(l));
  }
  {
    InLifter l{"server body shape", "kg", {6}, {}};
    InExercise bench{"Bench Press (Barbell)", "kg", {}, {}};
    bench.sessions = {{"", {{100, 8}, {100, 8}}}, {"", {{100, 9}}}, {"", {{102.5, 8}, {100, 9}}}, {"", {{102.5, 8}}}};
    l.exercises.push_back(bench);
    // Two sessions at one date stay two sessions (two workouts).
    InExercise assisted{"Pull Up (Assisted)", "lb", {}, {}};
    assisted.sessions = {{"2024-03-01", {{50, 8}}}, {"2024-03-01", {{40, 6}}}, {"2024-03-04 18:00", {{40, 7}, {40, 7}}}};
    l.exercises.push_back(assisted);
    out.push_back(std::move(l));
  }
  return out;
}

json server_bodies() {
  const json bench = {{"name", "Bench Press (Barbell)"},
                      {"sessions", {{{"sets", {{{"weight", 100}, {"reps", 8}}, {{"weight", 100}, {"reps", 8}}}}},
                                    {{"sets", {{{"weight", 100}, {"reps", 9}}}}},
                                    {{"sets", {{{"weight", 102.5}, {"reps", 8}}, {{"weight", 100}, {"reps", 9}}}}}}}};
  const json assisted = {{"name", "Pull Up (Assisted)"}, {"unit", "lb"}, {"target_unit", "kg"},
                         {"sessions", {{{"date", "2024-03-01"}, {"sets", {{{"weight", 50}, {"reps", 8}}}}},
                                       {{"date", "2024-03-01"}, {"sets", {{{"weight", 40}, {"reps", 6}}}}},
                                       {{"date", "2024-03-04 18:00"}, {"sets", {{{"weight", 40}, {"reps", 7}}}}}}}};
  const json push_up = {{"name", "Push Up"},
                        {"sessions", {{{"sets", {{{"weight", 0}, {"reps", 20}}}}}, {{"sets", {{{"weight", 0}, {"reps", 22}}}}}}}};
  const json plank = {{"name", "Plank"}, {"sessions", {{{"sets", {{{"weight", 0}, {"reps", 0}}}}}}}};
  const json curl = {{"name", "Curl (Dumbbell)"}, {"unit", "lb"},
                     {"sessions", {{{"date", "2024-05-01"}, {"sets", {{{"weight", 25}, {"reps", 12}}, {{"weight", 25}, {"reps", 10}}}}},
                                   {{"date", "2024-05-08"}, {"sets", {{{"weight", 30}, {"reps", 8}}}}}}}};
  // 36 squat sessions the model is overconfident on (the kg lifter's bench
  // pattern of hand_lifters, 40 kg heavier, three times over) beside three bench
  // sessions, too few to move the temperature alone: the bench's advice
  // takes the temperature of both, as the last body (the bench alone) shows.
  json squat = {{"name", "Squat (Barbell)"}, {"sessions", json::array()}};
  json short_bench = {{"name", "Bench Press (Barbell)"}, {"sessions", json::array()}};
  const double w[] = {80, 80, 80, 82.5, 82.5, 82.5, 85, 85, 82.5, 85, 87.5, 87.5};
  const double r[] = {8, 9, 10, 8, 9, 10, 8, 8, 10, 9, 7, 8};
  for (int s = 0; s < 36; ++s) squat["sessions"].push_back({{"sets", {{{"weight", w[s % 12] + 40}, {"reps", r[s % 12]}}}}});
  for (int day = 0; day < 3; ++day) short_bench["sessions"].push_back({{"sets", {{{"weight", 80}, {"reps", 8 + day % 2}}}}});
  return json::array({{{"unit", "kg"}, {"planned_reps", {5, 8}}, {"exercises", {bench, assisted, push_up, plank}}},
                      {{"exercises", {curl}}},
                      {{"unit", "kg"}, {"exercises", {squat, short_bench}}},
                      {{"unit", "kg"}, {"exercises", {short_bench}}}});
}

// A small model (few rounds: the parity, not the quality, is tested)
// trained on `lifters`, written to out/model and read back as serving
// reads it: everything the golden file holds comes from the model read back.
ex::next_session::model::ForecastModel small_model(const std::vector<ex::next_session::train::Lifter>& lifters,
                                                   const std::filesystem::path& out) {
  ex::next_session::train::ForecastTrainOptions options;
  options.set_rounds(40);
  options.threads = 2;
  const auto refs = ex::next_session::train::all_transitions(lifters);
  ex::next_session::train::train_model(lifters, refs, options).write(out / "model");
  return ex::next_session::model::ForecastModel::read(out / "model");
}

// Plates per side over both units' grids and weights off them (unit
// conversion noise, below the bar), from the model's plate sets. The
// heaviest is 10,000 (200-odd plates a side): 1e9 wrote 20 million plates
// and a 160 MB golden file.
json plates_json(const ex::next_session::model::ForecastModel& model) {
  json out = json::array();
  for (const ex::core::ingest::WeightUnit unit : {ex::core::ingest::WeightUnit::kg, ex::core::ingest::WeightUnit::lb}) {
    const ex::core::units::PlateSet& set = model.plates->of(unit);
    const double step = unit == ex::core::ingest::WeightUnit::kg ? 1.25 : 2.5;
    std::vector<double> weights = {0, set.bar - step, set.bar - 1e-7, set.bar + 1e-7, set.bar + 0.5, 64.863656, 102.499999, 1e4};
    for (double w = set.bar; w <= set.bar + 2 * (set.plates.front() * 4 + 20); w += step) weights.push_back(w);
    for (const double w : weights) {
      const auto plates = ex::core::units::plates_per_side(w, set);
      out.push_back({{"unit", ex::core::units::unit_name(unit)}, {"weight", w}, {"plates", plates ? json(*plates) : json(nullptr)}});
    }
  }
  return out;
}

// The loadable grid around a last top weight (LoadGrid) and the target
// each action sets on it (target_for), apart from what a model predicts:
// the grid's four cases (a weight on the finest plate, a conversion's noise
// near the step grid, a weight of the other unit's plates, any other
// weight), both units, three kinds of equipment, head forecasts below, at
// and above the last weight, every action.
json grids_json(const ex::next_session::model::ForecastModel& model) {
  namespace m = ex::next_session::model;
  using ex::core::units::Equipment;
  json out = json::array();
  const double last_reps = 8;
  for (const ex::core::ingest::WeightUnit unit : {ex::core::ingest::WeightUnit::kg, ex::core::ingest::WeightUnit::lb}) {
    for (const Equipment equipment : {Equipment::barbell, Equipment::dumbbell, Equipment::other}) {
      for (const double last : {22.5, 64.86, 63.502932, 61.23, 100.0, 374.79, 225.0, 0.0, -25.0}) {
        const m::LoadKind kind = last < 0 ? m::LoadKind::assisted : last == 0 ? m::LoadKind::bodyweight : m::LoadKind::weighted;
        const m::LoadGrid grid(last, unit, equipment, model);
        json targets = json::array();
        for (int action = 0; action < m::kActionCount; ++action) {
          for (const double dw : {-7.0, -0.4, 0.0, 0.4, 6.0}) {
            for (const double reps : {0.4, 5.4, 9.6}) {
              const m::TopSet t = m::target_for(action, grid, last_reps, last + dw, reps, kind);
              targets.push_back({{"action", action}, {"weight", last + dw}, {"reps", reps}, {"target", {t.weight, t.reps}}});
            }
          }
        }
        out.push_back({{"unit", ex::core::units::unit_name(unit)},
                       {"equipment", ex::core::units::equipment_name(equipment)},
                       {"kind", m::load_kind_name(kind)},
                       {"last", last},
                       {"last_reps", last_reps},
                       {"same", grid.same()},
                       {"up", grid.up()},
                       {"down", grid.down()},
                       {"targets", std::move(targets)}});
      }
    }
  }
  return out;
}

// The server's answers to JSON bodies (serve/api.hpp recommend_json).
json server_json(const ex::next_session::model::ForecastModel& model) {
  json out = json::array();
  ex::serve::ApiWorkspace ws;
  for (const json& body : server_bodies()) {
    const ex::serve::ApiResponse r = ex::serve::recommend_json(model, body.dump(), ex::serve::ApiLimits{}, ws);
    out.push_back({{"body", body}, {"status", r.status}, {"response", json::parse(r.body)}});
  }
  return out;
}

// golden.json: what the model (out/model) computes for every input lifter,
// the plates and the server's answers. `source` names the lifters the model
// learned from, for the JS tests to say which golden file they check.
json golden_json(const ex::next_session::model::ForecastModel& model, const std::vector<InLifter>& inputs, std::string source) {
  json golden;
  golden["source"] = std::move(source);
  golden["model"] = "model";
  golden["actions"] = ex::next_session::model::kActionNames;
  golden["lifters"] = json::array();
  for (const InLifter& in : inputs) {
    golden["lifters"].push_back({{"name", in.name},
                                 {"unit", in.advice_unit},
                                 {"planned_reps", in.planned_reps},
                                 {"exercises", input_json(in)},
                                 {"expected", expected_json(model, in)}});
  }
  golden["plates"] = plates_json(model);
  golden["grids"] = grids_json(model);
  golden["server"] = server_json(model);
  return golden;
}

// The real-data golden file: a model trained on two real lifters of
// different units and formats, the 721 file (Strong, lb, no unit in the
// file) and a Strong 2024 export in kg; the hand-written lifters, those two
// and every other shared export as input.
json real_data_golden(const std::filesystem::path& data, const std::filesystem::path& out) {
  const ex::core::ingest::WorkoutLog log_721 = ex::core::ingest::read_workout_log(data / "weightlifting_721_workouts.csv");
  const ex::core::ingest::WorkoutLog log_kg = ex::core::ingest::read_workout_log(data / "exports" / "cmccorkle21__fitness-pipeline__strong_workouts.csv");
  const ex::next_session::model::ForecastDefinition definition;
  const ex::next_session::model::ForecastModel model = small_model(
      {ex::next_session::train::lifter_from_log(log_721, "721", ex::core::ingest::WeightUnit::lb, definition),
       ex::next_session::train::lifter_from_log(log_kg, "cmccorkle21", ex::core::ingest::WeightUnit::kg, definition)},
      out);

  std::vector<InLifter> inputs = hand_lifters();
  inputs.push_back(from_export(log_721, "721 (real, lb)", "lb", {5, 10}));
  inputs.push_back(from_export(log_kg, "cmccorkle21 (real, kg)", "kg", {3, 8}));
  // Every other shared export, in the unit it logs in (pounds where the file
  // does not say, as the reader assumes): the model never saw these, as a
  // lifter's own upload would not be; their formats (Hevy, FitNotes,
  // Fitbod, older Strong) reach the JS side as the same sets.
  for (const auto& file : ex::next_session::train::expand_data_paths({data / "exports"})) {
    if (file.filename() == "cmccorkle21__fitness-pipeline__strong_workouts.csv") continue;
    const ex::core::ingest::WorkoutLog log = ex::core::ingest::read_workout_log(file);
    const std::string unit(ex::core::units::unit_name(ex::core::units::logged_unit(log, ex::core::ingest::WeightUnit::lb)));
    inputs.push_back(from_export(log, file.stem().string() + " (real, " + unit + ")", unit, {6}));
  }
  return golden_json(model, inputs, "real data: the 721 file and a Strong 2024 export");
}

// The synthetic golden file, for a clone without the shared data: a model
// trained on the first two of the embedded synthetic lifters (one logs in
// kg, the other in lb: src/synth's cohort alternates), the hand-written
// lifters, every lifter of the cohort (the two it learned from and six it
// never saw: four programs, warm-up and drop sets, assistance logged
// positive, bodyweight dips, abandoned exercises) and the embedded demo
// lifter as input.
json synthetic_golden(const std::filesystem::path& out) {
  ex::core::ingest::ReadOptions read;
  read.detect_unit = true;
  std::vector<ex::next_session::train::Lifter> trained;
  std::vector<InLifter> inputs = hand_lifters();
  for (const ex::synth::SynthLifter& l : ex::synth::synth_lifters(ex::synth::SynthCohortOptions{})) {
    const ex::core::ingest::WorkoutLog log = ex::core::ingest::parse_workout_log(l.csv, l.name, read);
    const ex::core::ingest::WeightUnit unit = ex::core::units::logged_unit(log, read.default_unit);
    const bool learned = trained.size() < 2;
    if (learned) trained.push_back(ex::next_session::train::lifter_from_log(log, l.name, unit, ex::next_session::model::ForecastDefinition{}));
    const std::string unit_text(ex::core::units::unit_name(unit));
    inputs.push_back(from_export(log, l.name + " (synthetic, " + unit_text + ")", unit_text,
                                 learned ? std::vector<double>{5, 10} : std::vector<double>{6}));
  }
  const ex::core::ingest::WorkoutLog demo = ex::synth::synth_workout_log(ex::synth::SynthOptions{});
  const std::string demo_unit(ex::core::units::unit_name(ex::core::units::logged_unit(demo, ex::core::ingest::WeightUnit::lb)));
  inputs.push_back(from_export(demo, "demo (synthetic, " + demo_unit + ")", demo_unit, {3, 8, 12}));
  const ex::next_session::model::ForecastModel model = small_model(trained, out);
  return golden_json(model, inputs, "synthetic: the embedded cohort (src/synth), no shared data");
}

}  // namespace

// What the shipped model says about the embedded demo lifter, as the CLI
// prints it (`exertrack recommend --json`, no --model, no --data), with the
// lifter's sets as JS input: js/tests/pack.test.js feeds them to the
// installed package's loadForecaster() and expects the same answer. Needs
// no shared data.
json shipped_golden(const std::filesystem::path& model_dir) {
  namespace model_ns = ex::next_session::model;
  const model_ns::ForecastModel model = model_ns::ForecastModel::read(model_dir);
  const ex::core::ingest::WorkoutLog log = ex::synth::synth_workout_log(ex::synth::SynthOptions{});
  const ex::core::ingest::WeightUnit unit = ex::core::units::logged_unit(log, ex::core::ingest::WeightUnit::lb);
  const InLifter in = from_export(log, "demo", std::string(ex::core::units::unit_name(unit)), {});
  return {{"model_dir", std::filesystem::absolute(model_dir).lexically_normal().string()},
          {"unit", in.advice_unit},
          {"exercises", input_json(in)},
          {"expected", json::parse(model_ns::log_advice_json(model_ns::advise_log(model, log, unit)))}};
}

int main(int argc, char** argv) {
  const bool shipped = argc == 4 && std::string_view(argv[2]) == "--shipped";
  const bool synthetic = argc == 3 && std::string_view(argv[2]) == "--synthetic";
  if (argc != 2 && !shipped && !synthetic) {
    std::fprintf(stderr, "usage: forecast_golden <out_dir> [--synthetic | --shipped MODEL_DIR]\n");
    return 2;
  }
  try {
    const std::filesystem::path out = argv[1];
    std::filesystem::create_directories(out);
    const std::filesystem::path file = out / (shipped ? "shipped.json" : "golden.json");
    json golden;
    if (shipped) {
      golden = shipped_golden(argv[3]);
    } else if (synthetic) {
      golden = synthetic_golden(out);
    } else {
      std::filesystem::path data = EXERTRACK_DEFAULT_DATA_DIR;
      if (const char* env = std::getenv("EXERTRACK_DATA_DIR"); env != nullptr && *env != '\0') data = env;
      golden = real_data_golden(data, out);
    }
    ex::core::util::write_file_atomic(file, golden.dump() + "\n");
    std::printf("%s\n", file.string().c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "forecast_golden: %s\n", e.what());
    return 1;
  }
}
