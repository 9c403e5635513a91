#include "next_session/train/boosting.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <thread>
#include <tuple>

#include "core/eval/calibration.hpp"

namespace xgb = exertrack::next_session::train::xgb;
using exertrack::core::eval::expected_calibration_error;
using exertrack::next_session::model::ExerciseSessions;
using exertrack::next_session::model::ForecastDefinition;
using exertrack::next_session::model::kActionCount;
using exertrack::next_session::model::Session;
using exertrack::next_session::model::Transition;

namespace exertrack::next_session::train {

const Session& session_of(const Lifter& l, const Transition& tr) { return l.sessions.exercises[tr.exercise].sessions[tr.t]; }

bool has_load_target(const Lifter& l, const Transition& tr) {
  return session_of(l, tr).top_weight_kg > 0 && tr.next_weight_kg > 0;
}

HeadData head_rows(std::span<const Lifter> lifters, std::span<const TransitionRef> refs, const ForecastDefinition& def) {
  HeadData d;
  for (const TransitionRef& ref : refs) {
    const Lifter& l = lifters[ref.lifter];
    const Transition& tr = l.transitions[ref.index];
    const ExerciseSessions& ex = l.sessions.exercises[tr.exercise];
    const Session& now = ex.sessions[tr.t];
    const double s = load_scale(now, def);
    const std::size_t before = d.action.x.size();
    append_session_row(ex, tr.t, def, d.action.x);
    ++d.action.n;
    d.action.y.push_back(static_cast<float>(tr.action));
    d.weight.x.insert(d.weight.x.end(), d.action.x.begin() + static_cast<std::ptrdiff_t>(before), d.action.x.end());
    ++d.weight.n;
    d.weight.y.push_back(static_cast<float>((tr.next_weight_kg - now.top_weight_kg) / s));
    // Weighted by s, the absolute error on the relative change is the error in kg.
    d.weight.w.push_back(static_cast<float>(s));
    d.reps.y.push_back(static_cast<float>(tr.next_reps - now.top_reps));
    if (has_load_target(l, tr)) {
      append_load_row(ex, tr.t, tr.next_reps, def, d.load.x);
      ++d.load.n;
      const double sl = load_head_scale(now, def);
      d.load.y.push_back(static_cast<float>((tr.next_weight_kg - load_base_kg(ex, tr.t, tr.next_reps)) / sl));
      d.load.w.push_back(static_cast<float>(sl));
    }
  }
  d.reps.x = d.weight.x;
  d.reps.n = d.weight.n;
  return d;
}

std::string number(double x) {
  // XGBoost parses parameters with std::stod-like readers; 17 digits round-trip.
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

namespace {

int thread_count(const ForecastTrainOptions& o) {
  if (o.threads > 0) return o.threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace

std::vector<std::pair<std::string, std::string>> booster_params(const Head& head, const ForecastTrainOptions& o) {
  std::vector<std::pair<std::string, std::string>> p{{"objective", head.objective}};
  if (head.objective == "multi:softprob") p.emplace_back("num_class", std::to_string(kActionCount));
  else p.emplace_back("base_score", "0");
  if (head.objective == "reg:pseudohubererror") p.emplace_back("huber_slope", number(head.huber_slope));
  p.emplace_back("tree_method", "hist");
  p.emplace_back("max_bin", std::to_string(head.boosting.max_bin));
  p.emplace_back("max_depth", std::to_string(head.boosting.max_depth));
  p.emplace_back("eta", number(head.boosting.eta));
  p.emplace_back("subsample", number(o.subsample));
  p.emplace_back("colsample_bytree", number(o.colsample_bytree));
  p.emplace_back("min_child_weight", number(head.boosting.min_child_weight));
  p.emplace_back("lambda", number(o.lambda));
  p.emplace_back("seed", std::to_string(o.seed));
  p.emplace_back("nthread", std::to_string(thread_count(o)));
  return p;
}

xgb::Booster new_booster(const xgb::Matrix& m, const Head& head, const ForecastTrainOptions& o) {
  // XGBoost sizes some OpenMP regions (gradients, prediction caches) by the
  // calling thread's default team size, not by nthread: with 2 threads on a
  // busy 2-core machine 61% of the CPU went to libgomp spin-waiting (perf).
  omp_set_num_threads(thread_count(o));
  xgb::Booster b(m);
  for (const auto& [name, value] : booster_params(head, o)) b.set_param(name, value);
  return b;
}

xgb::Matrix matrix_of(const HeadRows& rows, std::size_t cols) {
  xgb::Matrix m(rows.x, rows.n, cols);
  m.set_labels(rows.y);
  if (!rows.w.empty()) m.set_weights(rows.w);
  return m;
}

xgb::Booster fit(const HeadRows& rows, std::size_t cols, const Head& head, const ForecastTrainOptions& o) {
  const xgb::Matrix m = matrix_of(rows, cols);
  xgb::Booster b = new_booster(m, head, o);
  for (int i = 0; i < head.boosting.rounds; ++i) b.update(i, m);
  return b;
}

next_session::model::ForecastHead head_of(const xgb::Booster& b, const std::string& name) {
  return next_session::model::ForecastHead::from_json(nlohmann::json::parse(b.save_json()), name);
}

Head action_head(const ForecastTrainOptions& o) { return {"multi:softprob", o.action}; }
Head weight_head(const ForecastTrainOptions& o) { return {"reg:pseudohubererror", o.weight, o.weight_huber_slope}; }
Head reps_head(const ForecastTrainOptions& o) { return {"reg:pseudohubererror", o.reps, o.reps_huber_slope}; }
Head load_head(const ForecastTrainOptions& o) { return {"reg:pseudohubererror", o.load, o.load_huber_slope}; }

std::pair<std::vector<TransitionRef>, std::vector<TransitionRef>> calibration_split(std::span<const Lifter> lifters,
                                                                                    std::span<const TransitionRef> train,
                                                                                    const ForecastTrainOptions& o) {
  // By name, so the split does not depend on the order the files were given.
  std::map<std::pair<std::string, std::size_t>, std::vector<TransitionRef>> by_lifter;
  for (const TransitionRef& r : train) by_lifter[{lifters[r.lifter].name, r.lifter}].push_back(r);
  std::vector<std::string> names;
  for (const auto& [lifter, refs] : by_lifter) names.push_back(lifter.first);
  const std::vector<bool> held_out = calibration_held_out(names, o);
  std::vector<TransitionRef> fit_part, cal_part;
  std::size_t k = 0;
  for (auto& [lifter, refs] : by_lifter) {
    if (held_out[k++]) {
      cal_part.insert(cal_part.end(), refs.begin(), refs.end());
      continue;
    }
    const Lifter& l = lifters[lifter.second];
    std::stable_sort(refs.begin(), refs.end(), [&](const TransitionRef& a, const TransitionRef& b) {
      return session_of(l, l.transitions[a.index]).time < session_of(l, l.transitions[b.index]).time;
    });
    std::vector<std::int64_t> times;
    for (const TransitionRef& r : refs) times.push_back(session_of(l, l.transitions[r.index]).time);
    const std::vector<bool> latest = calibration_latest(times, o);
    for (std::size_t i = 0; i < refs.size(); ++i) (latest[i] ? cal_part : fit_part).push_back(refs[i]);
  }
  return {fit_part, cal_part};
}

std::vector<bool> calibration_held_out(std::span<const std::string> names, const ForecastTrainOptions& o) {
  // By name, so the split does not depend on the order the files were given
  // (the position breaks ties between lifters of one name).
  std::vector<std::size_t> by_name(names.size());
  for (std::size_t i = 0; i < by_name.size(); ++i) by_name[i] = i;
  std::sort(by_name.begin(), by_name.end(),
            [&](std::size_t a, std::size_t b) { return std::tie(names[a], a) < std::tie(names[b], b); });
  std::vector<bool> out(names.size(), false);
  const bool by_lifters = o.calibration_every > 1 && static_cast<int>(names.size()) >= o.calibration_every;
  if (!by_lifters) return out;
  for (std::size_t rank = 0; rank < by_name.size(); ++rank) {
    if (static_cast<int>(rank % static_cast<std::size_t>(o.calibration_every)) == 1) out[by_name[rank]] = true;
  }
  return out;
}

std::vector<bool> calibration_latest(std::span<const std::int64_t> times, const ForecastTrainOptions& o) {
  std::vector<std::size_t> by_time(times.size());
  for (std::size_t i = 0; i < by_time.size(); ++i) by_time[i] = i;
  std::stable_sort(by_time.begin(), by_time.end(), [&](std::size_t a, std::size_t b) { return times[a] < times[b]; });
  const auto cut = static_cast<std::size_t>(std::floor(static_cast<double>(times.size()) * (1.0 - o.calibration_share)));
  std::vector<bool> latest(times.size(), false);
  for (std::size_t k = cut; k < by_time.size(); ++k) latest[by_time[k]] = true;
  return latest;
}

namespace {

// The ECE (core/eval/calibration.hpp) of the action probabilities at temperature T.
double ece_at(std::span<const float> raw, std::span<const float> labels, double temperature) {
  std::vector<double> conf;
  std::vector<int> correct;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    double sum = 0, top = 0;
    int arg = 0;
    for (int c = 0; c < kActionCount; ++c) {
      const double p = std::exp(std::log(std::max(static_cast<double>(raw[i * kActionCount + c]), 1e-12)) / temperature);
      sum += p;
      if (p > top) {
        top = p;
        arg = c;
      }
    }
    conf.push_back(top / sum);
    correct.push_back(arg == static_cast<int>(labels[i]) ? 1 : 0);
  }
  return expected_calibration_error(conf, correct);
}

}  // namespace

// Temperature scaling: the T in [0.5, 3] minimising the calibration error
// on the held-out transitions, the measure it is judged by (minimising log
// loss instead: lolo ECE 0.054 vs 0.051, temporal 0.066 for both).
double fit_temperature(std::span<const float> raw, std::span<const float> labels) {
  double best_t = 1.0, best = ece_at(raw, labels, 1.0);
  for (double t = 0.5; t <= 3.0 + 1e-9; t += 0.05) {
    const double ece = ece_at(raw, labels, t);
    if (ece < best - 1e-12) {
      best = ece;
      best_t = t;
    }
  }
  return best_t;
}

}  // namespace exertrack::next_session::train
