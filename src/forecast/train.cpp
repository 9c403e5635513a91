#include "forecast/train.hpp"

#include <omp.h>
#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <thread>

#include "eval/calibration.hpp"
#include "util/error.hpp"

namespace exertrack::forecast {
namespace {

// The rows one head learns from: float32 features (row-major) and targets.
struct Rows {
  std::vector<float> x;
  std::vector<float> y;
  std::vector<float> w;  // sample weights; empty: all 1
  std::size_t n = 0;
};

const Session& session_of(const Lifter& l, const Transition& tr) { return l.sessions.exercises[tr.exercise].sessions[tr.t]; }

// The load model learns only where a load means weight on the bar: both
// top sets positive (bodyweight and assisted work has no "load for 8 reps").
bool has_load_target(const Lifter& l, const Transition& tr) {
  return session_of(l, tr).top_weight_kg > 0 && tr.next_weight_kg > 0;
}

struct HeadData {
  Rows action, weight, reps, load;
};

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
      d.load.y.push_back(static_cast<float>((tr.next_weight_kg - load_base_kg(ex, tr.t, tr.next_reps)) / s));
      d.load.w.push_back(static_cast<float>(s));
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

int thread_count(const TrainOptions& o) {
  if (o.threads > 0) return o.threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// What one head learns: its objective and boosting settings.
struct Head {
  std::string objective;
  HeadOptions boosting;
  double huber_slope = 0;  // reg:pseudohubererror only
};

xgb::Booster fit(const Rows& rows, std::size_t cols, const Head& head, const TrainOptions& o) {
  // XGBoost sizes some OpenMP regions (gradients, prediction caches) by the
  // calling thread's default team size, not by nthread: with 2 threads on a
  // busy 2-core machine 61% of the CPU went to libgomp spin-waiting (perf).
  omp_set_num_threads(thread_count(o));
  xgb::Matrix m(rows.x, rows.n, cols);
  m.set_labels(rows.y);
  if (!rows.w.empty()) m.set_weights(rows.w);
  xgb::Booster b(m);
  b.set_param("objective", head.objective);
  if (head.objective == "multi:softprob") b.set_param("num_class", std::to_string(kActionCount));
  else b.set_param("base_score", "0");
  if (head.objective == "reg:pseudohubererror") b.set_param("huber_slope", number(head.huber_slope));
  b.set_param("tree_method", "hist");
  b.set_param("max_bin", std::to_string(head.boosting.max_bin));
  b.set_param("max_depth", std::to_string(o.max_depth));
  b.set_param("eta", number(head.boosting.eta));
  b.set_param("subsample", number(o.subsample));
  b.set_param("colsample_bytree", number(o.colsample_bytree));
  b.set_param("min_child_weight", number(o.min_child_weight));
  b.set_param("lambda", number(o.lambda));
  b.set_param("seed", std::to_string(o.seed));
  b.set_param("nthread", std::to_string(thread_count(o)));
  for (int i = 0; i < head.boosting.rounds; ++i) b.update(i, m);
  return b;
}

Head action_head(const TrainOptions& o) { return {"multi:softprob", o.action}; }
Head weight_head(const TrainOptions& o) { return {"reg:pseudohubererror", o.weight, o.weight_huber_slope}; }
Head reps_head(const TrainOptions& o) { return {"reg:pseudohubererror", o.reps, o.reps_huber_slope}; }
Head load_head(const TrainOptions& o) { return {"reg:pseudohubererror", o.load, o.weight_huber_slope}; }

// The training transitions split for calibration: whole lifters held out
// (every calibration_every-th, by name, when there are that many), and the
// latest calibration_share (by the date of session t) of every other lifter.
std::pair<std::vector<TransitionRef>, std::vector<TransitionRef>> calibration_split(std::span<const Lifter> lifters,
                                                                                    std::span<const TransitionRef> train,
                                                                                    const TrainOptions& o) {
  // By name, so the split does not depend on the order the files were given.
  std::map<std::pair<std::string, std::size_t>, std::vector<TransitionRef>> by_lifter;
  for (const TransitionRef& r : train) by_lifter[{lifters[r.lifter].name, r.lifter}].push_back(r);
  std::vector<TransitionRef> fit_part, cal_part;
  const bool by_lifters = o.calibration_every > 1 && static_cast<int>(by_lifter.size()) >= o.calibration_every;
  int rank = 0;
  for (auto& [lifter, refs] : by_lifter) {
    if (by_lifters && rank++ % o.calibration_every == 1) {
      cal_part.insert(cal_part.end(), refs.begin(), refs.end());
      continue;
    }
    const Lifter& l = lifters[lifter.second];
    std::stable_sort(refs.begin(), refs.end(), [&](const TransitionRef& a, const TransitionRef& b) {
      return session_of(l, l.transitions[a.index]).time < session_of(l, l.transitions[b.index]).time;
    });
    const auto cut = static_cast<std::size_t>(std::floor(static_cast<double>(refs.size()) * (1.0 - o.calibration_share)));
    fit_part.insert(fit_part.end(), refs.begin(), refs.begin() + static_cast<std::ptrdiff_t>(cut));
    cal_part.insert(cal_part.end(), refs.begin() + static_cast<std::ptrdiff_t>(cut), refs.end());
  }
  return {fit_part, cal_part};
}

// The ECE (eval/calibration.hpp) of the action probabilities at temperature T.
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

nlohmann::json head_json(const Head& h) {
  nlohmann::json j = {{"objective", h.objective}, {"rounds", h.boosting.rounds}, {"eta", h.boosting.eta}, {"max_bin", h.boosting.max_bin}};
  if (h.objective == "reg:pseudohubererror") j["huber_slope"] = h.huber_slope;
  return j;
}

}  // namespace

nlohmann::json train_options_to_json(const TrainOptions& o) {
  return {{"booster", "xgboost"},
          {"xgboost_version", [] {
             int major = 0, minor = 0, patch = 0;
             XGBoostVersion(&major, &minor, &patch);
             return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
           }()},
          {"max_depth", o.max_depth},
          {"heads",
           {{"action", head_json(action_head(o))},
            {"weight", head_json(weight_head(o))},
            {"reps", head_json(reps_head(o))},
            {"load", head_json(load_head(o))}}},
          {"subsample", o.subsample},
          {"colsample_bytree", o.colsample_bytree},
          {"min_child_weight", o.min_child_weight},
          {"lambda", o.lambda},
          {"calibration_every", o.calibration_every},
          {"calibration_share", o.calibration_share},
          {"seed", o.seed}};
}

std::vector<TransitionRef> all_transitions(std::span<const Lifter> lifters) {
  std::vector<TransitionRef> out;
  for (std::size_t l = 0; l < lifters.size(); ++l) {
    for (std::size_t i = 0; i < lifters[l].transitions.size(); ++i) out.push_back({l, i});
  }
  return out;
}

ForecastModel train_model(std::span<const Lifter> lifters, std::span<const TransitionRef> train, const TrainOptions& options) {
  if (train.size() < 20) {
    throw InputError("next-session training needs at least 20 transitions (session -> next session of an exercise), got " +
                     std::to_string(train.size()));
  }
  const auto cols = static_cast<std::size_t>(session_feature_count());
  const auto load_cols = cols + static_cast<std::size_t>(planned_reps_feature_count());
  ForecastModel model;
  model.definition = options.definition;

  // Calibration first, on a model that has not seen the held-out sessions.
  const auto [fit_part, cal_part] = calibration_split(lifters, train, options);
  const HeadData all = head_rows(lifters, train, options.definition);
  if (!cal_part.empty() && fit_part.size() >= 20) {
    const HeadData fit_rows = head_rows(lifters, fit_part, options.definition);
    const HeadData cal_rows = head_rows(lifters, cal_part, options.definition);
    const xgb::Booster probe = fit(fit_rows.action, cols, action_head(options), options);
    const std::vector<float> raw = probe.predict(cal_rows.action.x, cal_rows.action.n, cols);
    model.temperature = fit_temperature(raw, cal_rows.action.y);
  }

  model.action = fit(all.action, cols, action_head(options), options);
  model.weight = fit(all.weight, cols, weight_head(options), options);
  model.reps = fit(all.reps, cols, reps_head(options), options);
  if (all.load.n == 0) throw InputError("next-session training: no transition with a load on both sessions");
  model.load = fit(all.load, load_cols, load_head(options), options);
  model.training = train_options_to_json(options);
  model.training["transitions"] = train.size();
  model.training["load_transitions"] = all.load.n;
  return model;
}

std::vector<std::pair<std::string, double>> action_feature_importance(const ForecastModel& model) {
  const nlohmann::json j = nlohmann::json::parse(model.action.save_json());
  // Sum of split gains per feature over every tree of the action head.
  std::vector<double> gain(static_cast<std::size_t>(session_feature_count()), 0.0);
  for (const auto& tree : j.at("learner").at("gradient_booster").at("model").at("trees")) {
    const auto& left = tree.at("left_children");
    const auto& idx = tree.at("split_indices");
    const auto& loss = tree.at("loss_changes");
    for (std::size_t n = 0; n < left.size(); ++n) {
      if (left[n].get<int>() != -1) gain.at(idx[n].get<std::size_t>()) += loss[n].get<double>();
    }
  }
  std::vector<std::pair<std::string, double>> out;
  const auto names = session_feature_names();
  for (std::size_t i = 0; i < gain.size(); ++i) out.emplace_back(std::string(names[i]), gain[i]);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

}  // namespace exertrack::forecast
