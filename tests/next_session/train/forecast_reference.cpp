// forecast_reference EXPORT...
//
// What the C++ side computes from each export, for the Python package's
// parity test (python/tests/test_parity.py): per file one JSON line with the
// reader's sets, the sessions (build_sessions) and every transition with
// the rows each head learns from (head_rows), read straight from the file
// with the CLI's reading (--weight-unit auto). The Python side gets the same
// through its DataFrames, which must agree bit for bit. Doubles are written
// with 17 significant digits (exact); NaN as null. An export the reader
// refuses is {"file", "error": message}.
#include <cmath>
#include <cstdio>
#include <exception>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/ingest/workout_log.hpp"
#include "core/units/loads.hpp"
#include "core/util/error.hpp"
#include "next_session/model/sessions.hpp"
#include "next_session/train/boosting.hpp"
#include "next_session/train/lifters.hpp"

namespace {

namespace ex = exertrack;
using nlohmann::json;

json number(double v) { return std::isnan(v) ? json(nullptr) : json(v); }

json sets_of(const ex::core::ingest::WorkoutLog& log) {
  json out = {{"time", json::array()}, {"exercise", json::array()}, {"weight_kg", json::array()},
              {"reps", json::array()}, {"kind", json::array()},     {"line", json::array()}};
  for (const auto& s : log.sets) {
    out["time"].push_back(s.time);
    out["exercise"].push_back(log.exercises[s.exercise]);
    out["weight_kg"].push_back(s.weight_kg);
    out["reps"].push_back(s.reps);
    out["kind"].push_back(static_cast<int>(s.kind));
    out["line"].push_back(s.line);
  }
  return out;
}

json sessions_of(const ex::next_session::model::SessionLog& sl) {
  json rows = json::array();
  for (const auto& e : sl.exercises) {
    for (std::size_t t = 0; t < e.sessions.size(); ++t) {
      const auto& s = e.sessions[t];
      rows.push_back({e.name, t, s.time, s.top_weight_kg, s.top_reps, s.e1rm_kg, s.working_sets, s.distinct_loads,
                      s.volume_kg, s.min_reps, s.max_reps, number(s.rpe), number(s.days_since_previous), s.line});
    }
  }
  return rows;
}

json transitions_of(const ex::next_session::train::Lifter& l) {
  namespace train = ex::next_session::train;
  const auto def = ex::next_session::model::ForecastDefinition{};
  const std::vector<train::Lifter> one{l};
  const train::HeadData d = train::head_rows(one, train::all_transitions(one), def);
  const auto cols = static_cast<std::size_t>(ex::next_session::model::session_feature_count());
  json rows = json::array();
  std::size_t load = 0;
  for (std::size_t i = 0; i < l.transitions.size(); ++i) {
    const auto& tr = l.transitions[i];
    json features = json::array();
    for (std::size_t k = 0; k < cols; ++k) features.push_back(number(d.action.x[i * cols + k]));
    json row = {l.sessions.exercises[tr.exercise].name, tr.t, tr.action, tr.next_weight_kg, tr.next_reps, features,
                number(d.weight.y[i]), number(d.weight.w[i]), number(d.reps.y[i])};
    if (train::has_load_target(l, tr)) {
      json extra = json::array();
      const std::size_t width = cols + static_cast<std::size_t>(ex::next_session::model::planned_reps_feature_count());
      for (std::size_t k = cols; k < width; ++k) extra.push_back(number(d.load.x[load * width + k]));
      row.push_back(extra);
      row.push_back(number(d.load.y[load]));
      row.push_back(number(d.load.w[load]));
      ++load;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  ex::core::ingest::ReadOptions read;
  read.detect_unit = true;  // --weight-unit auto, the CLI's default
  for (int i = 1; i < argc; ++i) {
    const std::string file = argv[i];
    try {
      const auto log = ex::core::ingest::read_workout_log(file, read);
      const auto lifter = ex::next_session::train::lifter_from_log(
          log, log.source, ex::core::units::logged_unit(log, read.default_unit), {});
      std::cout << json{{"file", file},
                        {"sets", sets_of(log)},
                        {"sessions", sessions_of(lifter.sessions)},
                        {"transitions", transitions_of(lifter)}}
                       .dump()
                << "\n";
    } catch (const ex::core::util::InputError& e) {
      std::cout << json{{"file", file}, {"error", e.what()}}.dump() << "\n";
    }
  }
  return 0;
}
