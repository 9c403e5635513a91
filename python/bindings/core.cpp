// exertrack._core: the C++ libraries as Python calls them. Everything here
// moves data between the C++ types and NumPy arrays, dicts and strings; what
// the data means (reading, sessions, features, targets, the model, advice,
// the training recipe) is computed by the libraries under src/, never here.
// python/exertrack wraps these functions in pandas.
//
// The GIL is released while C++ works (reading, sessions, features,
// advice, training, evaluation); arrays are built after it is taken back.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/ingest/read_settings.hpp"
#include "core/ingest/workout_log.hpp"
#include "core/units/loads.hpp"
#include "core/util/error.hpp"
#include "next_session/model/advice.hpp"
#include "next_session/model/advice_json.hpp"
#include "next_session/model/forecast_model.hpp"
#include "next_session/model/session_features.hpp"
#include "next_session/model/sessions.hpp"
#include "next_session/train/boosting.hpp"
#include "next_session/train/evaluate.hpp"
#include "next_session/train/lifters.hpp"
#include "next_session/train/train.hpp"

namespace py = pybind11;
namespace ingest = exertrack::core::ingest;
namespace model = exertrack::next_session::model;
namespace train = exertrack::next_session::train;
using exertrack::core::units::equipment_name;
using exertrack::core::units::target_unit;
using exertrack::core::units::unit_by_name;
using exertrack::core::units::unit_name;
using exertrack::core::util::InputError;

namespace {

// ---- arrays ---------------------------------------------------------------

// A NumPy array that owns the vector's buffer (no copy).
template <class T>
py::array_t<T> to_array(std::vector<T>&& v) {
  auto* owned = new std::vector<T>(std::move(v));
  py::capsule free_it(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(static_cast<py::ssize_t>(owned->size()), owned->data(), free_it);
}

// rows x cols, row-major.
template <class T>
py::array_t<T> to_matrix(std::vector<T>&& v, std::size_t cols) {
  auto* owned = new std::vector<T>(std::move(v));
  py::capsule free_it(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  const auto rows = static_cast<py::ssize_t>(cols == 0 ? 0 : owned->size() / cols);
  return py::array_t<T>({rows, static_cast<py::ssize_t>(cols)}, owned->data(), free_it);
}

// 0/1 bytes as a NumPy bool array.
py::array to_bool_array(std::vector<std::uint8_t>&& v) { return to_array(std::move(v)).attr("view")("bool"); }

// A 1-D array of the column `name` of `columns`, as T (NumPy converts).
template <class T>
py::array_t<T, py::array::c_style | py::array::forcecast> column(const py::dict& columns, const char* name, py::ssize_t n) {
  if (!columns.contains(name)) throw py::value_error(std::string("column '") + name + "' is missing");
  auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(columns[name]);
  if (!a) throw py::value_error(std::string("column '") + name + "' is not numeric");
  if (a.ndim() != 1 || a.shape(0) != n) throw py::value_error(std::string("column '") + name + "' has the wrong length");
  return a;
}

std::vector<std::string> strings_of(const py::dict& columns, const char* name) {
  if (!columns.contains(name)) throw py::value_error(std::string("'") + name + "' is missing");
  return columns[name].cast<std::vector<std::string>>();
}

// ---- text ------------------------------------------------------------------------

// Text from a file as Python str. The reader keeps names as the file's
// bytes, and an export in Latin-1 holds bytes that are not UTF-8 (the
// garbage test found one in a header name): those become U+FFFD here, where
// pybind11's own conversion would raise UnicodeDecodeError.
py::str text(const std::string& s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<py::ssize_t>(s.size()), "replace");
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

template <class Strings>
py::list texts(const Strings& v) {
  py::list out;
  for (const auto& s : v) out.append(text(std::string(s)));
  return out;
}

// ---- reader settings -------------------------------------------------------

// read_export's keyword arguments, decoded by the reader's one decoder of
// its settings (core/ingest/read_settings.hpp), as the CLI's --format,
// --weight-unit, --date-order and --strict and the HTTP API's are.
ingest::ReadOptions read_options(const std::string& format, const std::string& weight_unit, const std::string& date_order,
                                 bool strict) {
  return ingest::read_options({.weight_unit = weight_unit, .format = format, .date_order = date_order, .strict = strict});
}

// The unit of a lifter's targets, decided where the CLI decides it
// (core::units::target_unit): the file's, else detected, else `weight_unit`.
ingest::WeightUnit lifter_unit(const ingest::WorkoutLog& log, const std::string& weight_unit) {
  return target_unit(log, read_options("auto", weight_unit, "auto", false));
}

using LogPtr = std::shared_ptr<ingest::WorkoutLog>;

LogPtr read_path(const std::string& path, const std::string& format, const std::string& weight_unit,
                 const std::string& date_order, bool strict) {
  const ingest::ReadOptions o = read_options(format, weight_unit, date_order, strict);
  py::gil_scoped_release nogil;
  return std::make_shared<ingest::WorkoutLog>(ingest::read_workout_log(path, o));
}

LogPtr read_bytes(const py::bytes& data, const std::string& source, const std::string& format,
                  const std::string& weight_unit, const std::string& date_order, bool strict) {
  const ingest::ReadOptions o = read_options(format, weight_unit, date_order, strict);
  char* buffer = nullptr;
  py::ssize_t size = 0;
  if (PyBytes_AsStringAndSize(data.ptr(), &buffer, &size) != 0) throw py::error_already_set();
  // `data` (immutable bytes) stays referenced by the caller while C++ reads it.
  py::gil_scoped_release nogil;
  return std::make_shared<ingest::WorkoutLog>(
      ingest::parse_workout_log(std::string_view(buffer, static_cast<std::size_t>(size)), source, o));
}

// ---- log <-> columns ---------------------------------------------------------

py::dict drop_stats(const std::map<std::string, ingest::DropStats>& m) {
  py::dict out;
  for (const auto& [reason, s] : m) {
    py::dict d;
    d["count"] = s.count;
    d["first_lines"] = s.first_lines;
    d["first_problem"] = text(s.first_problem);
    out[text(reason)] = d;
  }
  return out;
}

py::object unit_or_none(const std::optional<ingest::WeightUnit>& u) {
  return u ? py::object(py::str(std::string(unit_name(*u)))) : py::object(py::none());
}

// What the reader decided, for DataFrame.attrs.
py::dict log_attrs(const ingest::WorkoutLog& log) {
  py::dict a;
  a["source"] = text(log.source);
  a["format"] = text(log.format);
  a["format_details"] = text(log.format_details);
  a["weight_unit"] = unit_or_none(log.weight_unit);
  a["unit_source"] = text(log.unit_source);
  a["unit_reason"] = text(log.unit_reason);
  a["rows_unit"] = unit_or_none(log.rows_unit);
  a["warnings"] = texts(log.warnings);
  a["rows_read"] = log.summary.rows_read;
  a["rows_kept"] = log.summary.rows_kept;
  a["dropped"] = drop_stats(log.summary.dropped);
  a["flagged"] = drop_stats(log.summary.flagged);
  return a;
}

// One array per SetRecord field, plus the names the codes index.
py::dict log_columns(const ingest::WorkoutLog& log) {
  const std::size_t n = log.sets.size();
  std::vector<std::int64_t> time(n);
  std::vector<std::int32_t> workout(n), exercise(n), set_order(n), notes(n);
  std::vector<std::uint8_t> kind(n), unit(n), timed(n), outlier(n);
  std::vector<double> weight(n), weight_kg(n), reps(n), rpe(n), distance(n), seconds(n);
  std::vector<std::uint32_t> line(n);
  {
    py::gil_scoped_release nogil;
    for (std::size_t i = 0; i < n; ++i) {
      const ingest::SetRecord& s = log.sets[i];
      time[i] = s.time;
      workout[i] = static_cast<std::int32_t>(s.workout);
      exercise[i] = static_cast<std::int32_t>(s.exercise);
      set_order[i] = s.set_order;
      notes[i] = static_cast<std::int32_t>(s.notes) - 1;  // notes[0] is "": code -1, no note
      kind[i] = static_cast<std::uint8_t>(s.kind);
      unit[i] = static_cast<std::uint8_t>(s.unit);
      timed[i] = s.timed ? 1 : 0;
      outlier[i] = s.outlier ? 1 : 0;
      weight_kg[i] = s.weight_kg;
      // Back in the unit it was written in. The reader keeps kilograms only,
      // and x / 2.2046226218 * 2.2046226218 can miss x by an ulp: rounded to
      // 1e-9, far below any logged precision, "135.55" reads as 135.55 again.
      weight[i] = s.unit == ingest::WeightUnit::lb ? std::round(s.weight_kg * ingest::kPoundsPerKilogram * 1e9) / 1e9
                                                   : s.weight_kg;
      reps[i] = s.reps;
      rpe[i] = s.rpe;
      distance[i] = s.distance_m;
      seconds[i] = s.duration_s;
      line[i] = s.line;
    }
  }
  py::dict c;
  c["time"] = to_array(std::move(time));
  c["workout"] = to_array(std::move(workout));
  c["exercise"] = to_array(std::move(exercise));
  c["set_order"] = to_array(std::move(set_order));
  c["set_kind"] = to_array(std::move(kind));
  c["weight"] = to_array(std::move(weight));
  c["weight_unit"] = to_array(std::move(unit));
  c["weight_kg"] = to_array(std::move(weight_kg));
  c["reps"] = to_array(std::move(reps));
  c["distance_m"] = to_array(std::move(distance));
  c["seconds"] = to_array(std::move(seconds));
  c["rpe"] = to_array(std::move(rpe));
  c["timed"] = to_bool_array(std::move(timed));
  c["outlier"] = to_bool_array(std::move(outlier));
  c["notes"] = to_array(std::move(notes));
  c["source_line"] = to_array(std::move(line));
  c["workouts"] = texts(log.workouts);
  c["exercises"] = texts(log.exercises);
  c["note_texts"] = texts(std::vector<std::string>(log.notes.begin() + (log.notes.empty() ? 0 : 1), log.notes.end()));
  c["set_kinds"] = std::vector<std::string>{"normal", "warmup", "drop", "failure"};
  c["units"] = std::vector<std::string>{std::string(unit_name(ingest::WeightUnit::kg)), std::string(unit_name(ingest::WeightUnit::lb))};
  return c;
}

std::optional<ingest::WeightUnit> unit_attr(const py::dict& attrs, const char* key) {
  if (!attrs.contains(key) || attrs[key].is_none()) return std::nullopt;
  const auto u = unit_by_name(attrs[key].cast<std::string>());
  if (!u) throw py::value_error(std::string("attrs['") + key + "'] must be 'kg', 'lb' or None");
  return u;
}

std::string string_attr(const py::dict& attrs, const char* key, std::string fallback) {
  return attrs.contains(key) && !attrs[key].is_none() ? attrs[key].cast<std::string>() : std::move(fallback);
}

template <class Codes>
void check_codes(const Codes& codes, std::size_t names, const char* column, bool allow_missing = false) {
  const auto* p = codes.data();
  for (py::ssize_t i = 0; i < codes.shape(0); ++i) {
    if ((allow_missing && p[i] == -1) || (p[i] >= 0 && static_cast<std::size_t>(p[i]) < names)) continue;
    throw py::value_error(std::string("column '") + column + "': row " + std::to_string(i) +
                          (p[i] == -1 ? " is missing (NaN)" : " has no category"));
  }
}

// The inverse of log_columns (sessions, transitions and advice of a frame,
// after the user filtered or edited it). Codes are checked: a bad frame is
// a ValueError, never a crash.
LogPtr log_from_columns(const py::dict& c, const py::dict& attrs) {
  auto log = std::make_shared<ingest::WorkoutLog>();
  log->source = string_attr(attrs, "source", "<DataFrame>");
  log->format = string_attr(attrs, "format", "");
  log->weight_unit = unit_attr(attrs, "weight_unit");
  log->rows_unit = unit_attr(attrs, "rows_unit");
  log->workouts = strings_of(c, "workouts");
  log->exercises = strings_of(c, "exercises");
  log->notes = {""};
  for (auto& s : strings_of(c, "note_texts")) log->notes.push_back(std::move(s));
  auto time = c["time"].cast<py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>>();
  if (time.ndim() != 1) throw py::value_error("column 'time' must be one-dimensional");
  const py::ssize_t n = time.shape(0);
  const auto workout = column<std::int64_t>(c, "workout", n);
  const auto exercise = column<std::int64_t>(c, "exercise", n);
  const auto set_order = column<std::int64_t>(c, "set_order", n);
  const auto kind = column<std::int64_t>(c, "set_kind", n);
  const auto unit = column<std::int64_t>(c, "weight_unit", n);
  const auto notes = column<std::int64_t>(c, "notes", n);
  const auto timed = column<bool>(c, "timed", n);
  const auto outlier = column<bool>(c, "outlier", n);
  const auto weight_kg = column<double>(c, "weight_kg", n);
  const auto reps = column<double>(c, "reps", n);
  const auto rpe = column<double>(c, "rpe", n);
  const auto distance = column<double>(c, "distance_m", n);
  const auto seconds = column<double>(c, "seconds", n);
  const auto line = column<std::int64_t>(c, "source_line", n);
  check_codes(workout, log->workouts.size(), "workout");
  check_codes(exercise, log->exercises.size(), "exercise");
  check_codes(kind, 4, "set_kind");
  check_codes(unit, 2, "weight_unit");
  check_codes(notes, log->notes.size() - 1, "notes", true);
  log->sets.resize(static_cast<std::size_t>(n));
  for (py::ssize_t i = 0; i < n; ++i) {
    ingest::SetRecord& s = log->sets[static_cast<std::size_t>(i)];
    s.time = time.data()[i];
    s.workout = static_cast<std::uint32_t>(workout.data()[i]);
    s.exercise = static_cast<std::uint32_t>(exercise.data()[i]);
    s.set_order = static_cast<std::int32_t>(set_order.data()[i]);
    s.kind = static_cast<ingest::SetKind>(kind.data()[i]);
    s.unit = static_cast<ingest::WeightUnit>(unit.data()[i]);
    s.notes = static_cast<std::uint32_t>(notes.data()[i] + 1);
    s.timed = timed.data()[i];
    s.outlier = outlier.data()[i];
    s.weight_kg = weight_kg.data()[i];
    s.reps = reps.data()[i];
    s.rpe = rpe.data()[i];
    s.distance_m = distance.data()[i];
    s.duration_s = seconds.data()[i];
    s.line = static_cast<std::uint32_t>(std::max<std::int64_t>(0, line.data()[i]));
    s.source_row = static_cast<std::uint32_t>(i);
  }
  log->summary.rows_read = log->summary.rows_kept = static_cast<std::size_t>(n);
  return log;
}

// ---- sessions and transitions ------------------------------------------------

py::dict sessions_table(const ingest::WorkoutLog& log, const std::string& lifter) {
  model::SessionLog sl;
  std::vector<std::int32_t> exercise, index, working_sets, distinct_loads;
  std::vector<std::int64_t> time;
  std::vector<double> top_weight, top_reps, e1rm, volume, min_reps, max_reps, rpe, days;
  std::vector<std::uint32_t> line;
  {
    py::gil_scoped_release nogil;
    sl = model::build_sessions(log, lifter);
    for (std::size_t e = 0; e < sl.exercises.size(); ++e) {
      const auto& ss = sl.exercises[e].sessions;
      for (std::size_t t = 0; t < ss.size(); ++t) {
        const model::Session& s = ss[t];
        exercise.push_back(static_cast<std::int32_t>(e));
        index.push_back(static_cast<std::int32_t>(t));
        time.push_back(s.time);
        top_weight.push_back(s.top_weight_kg);
        top_reps.push_back(s.top_reps);
        e1rm.push_back(s.e1rm_kg);
        working_sets.push_back(s.working_sets);
        distinct_loads.push_back(s.distinct_loads);
        volume.push_back(s.volume_kg);
        min_reps.push_back(s.min_reps);
        max_reps.push_back(s.max_reps);
        rpe.push_back(s.rpe);
        days.push_back(s.days_since_previous);
        line.push_back(s.line);
      }
    }
  }
  py::dict c;
  c["exercise"] = to_array(std::move(exercise));
  c["session"] = to_array(std::move(index));
  c["time"] = to_array(std::move(time));
  c["top_weight_kg"] = to_array(std::move(top_weight));
  c["top_reps"] = to_array(std::move(top_reps));
  c["e1rm_kg"] = to_array(std::move(e1rm));
  c["working_sets"] = to_array(std::move(working_sets));
  c["distinct_loads"] = to_array(std::move(distinct_loads));
  c["volume_kg"] = to_array(std::move(volume));
  c["min_reps"] = to_array(std::move(min_reps));
  c["max_reps"] = to_array(std::move(max_reps));
  c["rpe"] = to_array(std::move(rpe));
  c["days_since_previous"] = to_array(std::move(days));
  c["source_line"] = to_array(std::move(line));
  std::vector<std::string> names, equipment, kinds;
  std::vector<std::uint8_t> dated;
  for (const auto& ex : sl.exercises) {
    names.push_back(ex.name);
    equipment.emplace_back(equipment_name(ex.equipment));
    kinds.emplace_back(model::load_kind_name(ex.kind));
  }
  c["exercises"] = texts(names);
  c["equipment"] = equipment;
  c["load_kinds"] = kinds;
  py::list left_out;
  for (const auto& l : sl.left_out) left_out.append(py::dict(py::arg("name") = text(l.name), py::arg("reason") = text(l.reason)));
  c["left_out"] = left_out;
  c["lifter"] = text(sl.lifter);
  c["working_sets_total"] = sl.working_sets;
  c["sets_skipped"] = sl.sets_skipped;
  return c;
}

// Every transition of the log with what each head learns from it: the rows
// of train::head_rows (float32, exactly as training sees them), the raw
// targets, and for the Dask trainer the calibration half it falls in.
py::dict transitions_table(const ingest::WorkoutLog& log, const std::string& lifter, const std::string& weight_unit) {
  const train::ForecastTrainOptions options;
  const model::ForecastDefinition& def = options.definition;
  const auto cols = static_cast<std::size_t>(model::session_feature_count());
  const auto extra = static_cast<std::size_t>(model::planned_reps_feature_count());
  std::vector<train::Lifter> one;
  train::HeadData rows;
  std::vector<std::int32_t> exercise, index, action;
  std::vector<std::int64_t> time, next_time;
  std::vector<double> next_weight, next_reps;
  std::vector<std::uint8_t> has_load, latest;
  std::vector<float> load_extra, load_y, load_w;
  {
    py::gil_scoped_release nogil;
    one.push_back(train::lifter_from_log(log, lifter, lifter_unit(log, weight_unit), def));
    const train::Lifter& l = one.front();
    rows = train::head_rows(one, train::all_transitions(one), def);
    std::size_t load_row = 0;
    for (const model::Transition& tr : l.transitions) {
      const auto& ss = l.sessions.exercises[tr.exercise].sessions;
      exercise.push_back(static_cast<std::int32_t>(tr.exercise));
      index.push_back(static_cast<std::int32_t>(tr.t));
      action.push_back(tr.action);
      time.push_back(ss[tr.t].time);
      next_time.push_back(ss[tr.t + 1].time);
      next_weight.push_back(tr.next_weight_kg);
      next_reps.push_back(tr.next_reps);
      const bool load = train::has_load_target(l, tr);
      has_load.push_back(load ? 1 : 0);
      // The load head's rows are the session features (above) plus these.
      for (std::size_t k = 0; k < extra; ++k) {
        load_extra.push_back(load ? rows.load.x[load_row * (cols + extra) + cols + k] : std::nanf(""));
      }
      load_y.push_back(load ? rows.load.y[load_row] : std::nanf(""));
      load_w.push_back(load ? rows.load.w[load_row] : std::nanf(""));
      if (load) ++load_row;
    }
    for (const bool b : train::calibration_latest(time, options)) latest.push_back(b ? 1 : 0);
  }
  py::dict c;
  c["exercise"] = to_array(std::move(exercise));
  c["session"] = to_array(std::move(index));
  c["time"] = to_array(std::move(time));
  c["next_time"] = to_array(std::move(next_time));
  c["action"] = to_array(std::move(action));
  c["next_weight_kg"] = to_array(std::move(next_weight));
  c["next_reps"] = to_array(std::move(next_reps));
  c["features"] = to_matrix(std::move(rows.action.x), cols);
  c["weight_target"] = to_array(std::move(rows.weight.y));
  c["weight_sample_weight"] = to_array(std::move(rows.weight.w));
  c["reps_target"] = to_array(std::move(rows.reps.y));
  c["has_load"] = to_bool_array(std::move(has_load));
  c["load_features"] = to_matrix(std::move(load_extra), extra);
  c["load_target"] = to_array(std::move(load_y));
  c["load_sample_weight"] = to_array(std::move(load_w));
  c["calibration_latest"] = to_bool_array(std::move(latest));
  std::vector<std::string> names;
  for (const auto& ex : one.front().sessions.exercises) names.push_back(ex.name);
  c["exercises"] = texts(names);
  return c;
}

std::vector<std::string> names_of(std::span<const std::string_view> v) { return {v.begin(), v.end()}; }

// ---- training: the recipe as data -----------------------------------------------

train::ForecastTrainOptions train_options(const py::dict& overrides) {
  train::ForecastTrainOptions o;
  for (const auto& [k, v] : overrides) {
    const auto key = k.cast<std::string>();
    if (v.is_none()) continue;
    if (key == "rounds") o.set_rounds(v.cast<int>());
    else if (key == "eta") o.set_eta(v.cast<double>());
    else if (key == "max_depth") o.set_max_depth(v.cast<int>());
    else if (key == "min_child_weight") o.set_min_child_weight(v.cast<double>());
    else if (key == "seed") o.seed = v.cast<std::uint64_t>();
    else throw py::value_error("unknown training option '" + key + "' (rounds, eta, max_depth, min_child_weight, seed)");
  }
  return o;
}

// Per head: XGBoost's parameters (booster_params, as the single-machine
// trainer sets them) and the rounds; and the whole options record.
py::dict training_recipe(const py::dict& overrides) {
  const train::ForecastTrainOptions o = train_options(overrides);
  py::dict heads;
  const std::pair<const char*, train::Head> all[] = {{"action", train::action_head(o)},
                                                     {"weight", train::weight_head(o)},
                                                     {"reps", train::reps_head(o)},
                                                     {"load", train::load_head(o)}};
  for (const auto& [name, head] : all) {
    py::dict params;
    for (const auto& [k, v] : train::booster_params(head, o)) params[py::str(k)] = v;
    heads[name] = py::dict(py::arg("params") = params, py::arg("rounds") = head.boosting.rounds);
  }
  py::dict r;
  r["heads"] = heads;
  r["options_json"] = train::train_options_to_json(o).dump();
  r["calibration_every"] = o.calibration_every;
  r["calibration_share"] = o.calibration_share;
  return r;
}

using ModelPtr = std::shared_ptr<model::ForecastModel>;

// A model from four heads trained elsewhere (XGBoost's JSON models), with
// the training record `exertrack train` writes.
ModelPtr model_from_heads(const py::dict& heads, double temperature, const py::dict& overrides, std::size_t transitions,
                          std::size_t load_transitions, int majority_action,
                          const std::vector<std::pair<std::string, std::size_t>>& lifters) {
  const train::ForecastTrainOptions o = train_options(overrides);
  std::map<std::string, std::string> json;
  for (const char* name : {"action", "weight", "reps", "load"}) {
    if (!heads.contains(name)) throw py::value_error(std::string("head '") + name + "' is missing");
    json[name] = heads[name].cast<std::string>();
  }
  if (majority_action < 0 || majority_action >= model::kActionCount) throw py::value_error("majority_action out of range");
  // Each head as the Forest that predicts with it reads it.
  const auto parse_head = [](const std::string& text, const char* name) {
    try {
      return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
      throw py::value_error(std::string("head '") + name + "' is not JSON: " + e.what());
    }
  };
  py::gil_scoped_release nogil;
  auto m = std::make_shared<model::ForecastModel>();
  m->definition = o.definition;
  m->temperature = temperature;
  m->action = model::ForecastHead::from_json(parse_head(json["action"], "action"), "head 'action'");
  m->weight = model::ForecastHead::from_json(parse_head(json["weight"], "weight"), "head 'weight'");
  m->reps = model::ForecastHead::from_json(parse_head(json["reps"], "reps"), "head 'reps'");
  m->load = model::ForecastHead::from_json(parse_head(json["load"], "load"), "head 'load'");
  m->training = train::train_options_to_json(o);
  m->training["transitions"] = transitions;
  m->training["load_transitions"] = load_transitions;
  m->training["majority_action"] = majority_action;
  nlohmann::json names = nlohmann::json::array();
  for (const auto& [name, n] : lifters) names.push_back({{"name", name}, {"transitions", n}});
  m->training["lifters"] = names;
  return m;
}

// ---- lifters and evaluation ---------------------------------------------------

// An opaque handle (a plain vector would convert to a Python list).
struct Lifters {
  std::vector<train::Lifter> all;
};

std::shared_ptr<Lifters> load_lifters(const std::vector<std::string>& paths, const std::string& weight_unit) {
  const ingest::ReadOptions read = read_options("auto", weight_unit, "auto", false);
  py::gil_scoped_release nogil;
  auto out = std::make_shared<Lifters>();
  const model::ForecastDefinition def;
  for (const auto& file : train::expand_data_paths({paths.begin(), paths.end()})) {
    const ingest::WorkoutLog log = ingest::read_workout_log(file, read);
    out->all.push_back(train::lifter_from_log(log, file.stem().string(), lifter_unit(log, weight_unit), def));
  }
  return out;
}

// `exertrack evaluate --protocol P` on the lifters; `trainer(indices)`, when
// given, fits each fold's model from the training lifters' positions (the
// model it returns is consumed).
std::string evaluate(const Lifters& lifters, const std::string& protocol, int folds, const py::dict& overrides,
                     const py::object& trainer) {
  train::EvaluateOptions options;
  options.train = train_options(overrides);
  options.folds = folds;
  if (!trainer.is_none()) {
    options.trainer = [trainer](std::span<const train::Lifter> all, std::span<const train::TransitionRef> refs,
                                const train::ForecastTrainOptions&) {
      std::vector<std::size_t> indices;
      for (const auto& r : refs) {
        if (indices.empty() || indices.back() != r.lifter) indices.push_back(r.lifter);
      }
      (void)all;
      py::gil_scoped_acquire gil;
      const ModelPtr m = trainer(indices).cast<ModelPtr>();
      if (!m) throw py::value_error("the trainer returned no model");
      return std::move(*m);
    };
  }
  py::gil_scoped_release nogil;
  return train::evaluation_to_json(train::evaluate_protocol(lifters.all, protocol, options)).dump();
}

ModelPtr train_local(const Lifters& lifters, const py::dict& overrides) {
  const train::ForecastTrainOptions o = train_options(overrides);
  py::gil_scoped_release nogil;
  return std::make_shared<model::ForecastModel>(train::train_model(lifters.all, train::all_transitions(lifters.all), o));
}

// ---- errors ------------------------------------------------------------------------

void raise_export_error(const InputError& e) {
  const py::object cls = py::module_::import("exertrack._errors").attr("ExportError");
  const auto& w = e.where();
  const py::object exc =
      cls(text(e.what()), w.file.empty() ? py::object(py::none()) : py::object(text(w.file)),
          w.line == 0 ? py::object(py::none()) : py::object(py::int_(w.line)),
          w.column.empty() ? py::object(py::none()) : py::object(text(w.column)),
          e.value() ? py::object(text(*e.value())) : py::object(py::none()));
  PyErr_SetObject(cls.ptr(), exc.ptr());
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "exertrack's C++ libraries (internal: use the exertrack package)";
  m.attr("__version__") = EXERTRACK_VERSION;
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      raise_export_error(e);
    }
  });

  py::class_<ingest::WorkoutLog, std::shared_ptr<ingest::WorkoutLog>>(m, "WorkoutLog")
      .def_property_readonly("source", [](const ingest::WorkoutLog& l) { return text(l.source); })
      .def_property_readonly("sets", [](const ingest::WorkoutLog& l) { return l.sets.size(); });
  m.def("read_path", &read_path, py::arg("path"), py::arg("format"), py::arg("weight_unit"), py::arg("date_order"),
        py::arg("strict"));
  m.def("read_bytes", &read_bytes, py::arg("data"), py::arg("source"), py::arg("format"), py::arg("weight_unit"),
        py::arg("date_order"), py::arg("strict"));
  m.def("log_columns", &log_columns);
  m.def("log_attrs", &log_attrs);
  m.def("log_from_columns", &log_from_columns);
  m.def("sessions_table", &sessions_table, py::arg("log"), py::arg("lifter"));
  m.def("transitions_table", &transitions_table, py::arg("log"), py::arg("lifter"), py::arg("weight_unit") = "auto");
  m.def("session_feature_names", [] { return names_of(model::session_feature_names()); });
  m.def("planned_reps_feature_names", [] { return names_of(model::planned_reps_feature_names()); });
  m.def("action_names", [] { return names_of(model::kActionNames); });

  py::class_<model::ForecastModel, ModelPtr>(m, "ForecastModel")
      .def_static(
          "read",
          [](const std::string& dir) {
            py::gil_scoped_release nogil;
            return std::make_shared<model::ForecastModel>(model::ForecastModel::read(dir));
          },
          py::arg("dir"))
      .def(
          "write",
          [](const model::ForecastModel& self, const std::string& dir) {
            py::gil_scoped_release nogil;
            self.write(dir);
          },
          py::arg("dir"))
      .def("to_json", [](const model::ForecastModel& self) { return self.to_json().dump(); })
      .def_property_readonly("training_summary", &model::ForecastModel::training_summary)
      .def_property_readonly("temperature", [](const model::ForecastModel& self) { return self.temperature; })
      .def(
          "advice_json",
          [](const model::ForecastModel& self, const ingest::WorkoutLog& log, const std::string& unit,
             const std::string& weight_unit, const std::string& exercise, const std::vector<double>& planned_reps,
             bool history) {
            // As `exertrack recommend --json`: targets in `unit`, else the unit the lifter logs in.
            std::optional<ingest::WeightUnit> u;
            if (!unit.empty()) {
              u = unit_by_name(unit);
              if (!u) throw InputError("unit must be 'kg' or 'lb', not '" + unit + "'");
            }
            py::gil_scoped_release nogil;
            const ingest::WeightUnit target = u ? *u : lifter_unit(log, weight_unit);
            return model::log_advice_json(model::advise_log(self, log, target, exercise, planned_reps), history);
          },
          py::arg("log"), py::arg("unit"), py::arg("weight_unit"), py::arg("exercise"), py::arg("planned_reps"),
          py::arg("history") = false);

  m.def("training_recipe", &training_recipe, py::arg("overrides") = py::dict());
  m.def("calibration_held_out",
        [](const std::vector<std::string>& names, const py::dict& overrides) {
          const auto v = train::calibration_held_out(names, train_options(overrides));
          return std::vector<bool>(v.begin(), v.end());
        },
        py::arg("names"), py::arg("overrides") = py::dict());
  m.def("fit_temperature",
        [](py::array_t<float, py::array::c_style | py::array::forcecast> raw,
           py::array_t<float, py::array::c_style | py::array::forcecast> labels) {
          if (raw.ndim() != 2 || raw.shape(1) != model::kActionCount || labels.ndim() != 1 || labels.shape(0) != raw.shape(0)) {
            throw py::value_error("fit_temperature: raw must be n x 5 probabilities and labels n actions");
          }
          const std::span<const float> r(raw.data(), static_cast<std::size_t>(raw.size()));
          const std::span<const float> y(labels.data(), static_cast<std::size_t>(labels.size()));
          py::gil_scoped_release nogil;
          return train::fit_temperature(r, y);
        });
  m.def("model_from_heads", &model_from_heads, py::arg("heads"), py::arg("temperature"), py::arg("overrides"),
        py::arg("transitions"), py::arg("load_transitions"), py::arg("majority_action"), py::arg("lifters"));

  py::class_<Lifters, std::shared_ptr<Lifters>>(m, "Lifters")
      .def("__len__", [](const Lifters& l) { return l.all.size(); })
      .def_property_readonly("names", [](const Lifters& l) {
        std::vector<std::string> out;
        for (const auto& x : l.all) out.push_back(x.name);
        return out;
      });
  m.def("expand_data_paths", [](const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const auto& p : train::expand_data_paths({paths.begin(), paths.end()})) out.push_back(p.string());
    return out;
  });
  m.def("load_lifters", &load_lifters, py::arg("paths"), py::arg("weight_unit") = "auto");
  m.def("evaluate", &evaluate, py::arg("lifters"), py::arg("protocol"), py::arg("folds"), py::arg("overrides"),
        py::arg("trainer"));
  m.def("train_local", &train_local, py::arg("lifters"), py::arg("overrides") = py::dict());
}
