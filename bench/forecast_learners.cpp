// forecast_learners: on the leave-one-lifter-out splits of
// forecast::evaluate_protocol ("lolo"), compares learners for the action head
// (XGBoost as shipped, the project's dense network, multinomial logistic
// regression = the network with no hidden layer), calibration methods for
// the chosen action's probability, and variants of the load-at-planned-reps
// head. A measurement tool, not a test; see bench/README.md.
//
//   forecast_learners --data FILE_OR_DIR [--data ...] [--threads 2] [--only xgb,nn,load,speed]
#include <omp.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/eval/calibration.hpp"
#include "core/eval/metrics.hpp"
#include "core/ingest/workout_log.hpp"
#include "core/units/loads.hpp"
#include "next_session/model/baselines.hpp"
#include "next_session/model/session_features.hpp"
#include "next_session/train/xgb.hpp"
#include "next_session/train/boosting.hpp"
#include "next_session/train/evaluate.hpp"
#include "next_session/train/lifters.hpp"
#include "next_session/train/train.hpp"
#include "notebook/nn/mlp.hpp"
#include "notebook/nn/train.hpp"

namespace forecast = exertrack::next_session::train;
namespace nn = exertrack::notebook::nn;
namespace xgb = exertrack::next_session::train::xgb;
using exertrack::core::eval::classification_metrics;
using exertrack::core::eval::ClassificationMetrics;
using exertrack::core::eval::expected_calibration_error;
using exertrack::core::ingest::ReadOptions;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::units::logged_unit;
using exertrack::next_session::model::Baseline;
using exertrack::next_session::model::ExerciseSessions;
using exertrack::next_session::model::ForecastDefinition;
using exertrack::next_session::model::kActionCount;
using exertrack::next_session::model::kActionNames;
using exertrack::next_session::model::kBaselineNames;
using exertrack::next_session::model::NextForecast;
using exertrack::next_session::model::planned_reps_feature_count;
using exertrack::next_session::model::Session;
using exertrack::next_session::model::session_feature_count;
using exertrack::next_session::model::snap_near;
using exertrack::next_session::model::Transition;

using namespace exertrack;
using forecast::Lifter;
using forecast::TransitionRef;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

using forecast::session_of;
bool has_load(const Lifter& l, const Transition& tr) { return session_of(l, tr).top_weight_kg > 0 && tr.next_weight_kg > 0; }

// ---- the heads, fitted by forecast/boosting as training fits them; a
// variant is the Head it passes (objective, rounds, eta, bins, depth, leaf
// size, Huber slope); the defaults are HeadOptions' (300 rounds, eta 0.05,
// 256 bins, depth 2, leaf 50) ----
using forecast::HeadRows;
using Knobs = forecast::Head;

xgb::Booster fit(const HeadRows& rows, std::size_t cols, const Knobs& k) {
  static const forecast::ForecastTrainOptions one_thread = [] {
    forecast::ForecastTrainOptions o;
    o.threads = 1;  // the folds run side by side, one thread each
    return o;
  }();
  return forecast::fit(rows, cols, k, one_thread);
}

// The latest `share` of every training lifter's transitions: the split
// calibration used before whole lifters were held out too (the "held-out
// lifters" variants add them; forecast/boosting's calibration_split is what
// training now uses).
std::pair<std::vector<TransitionRef>, std::vector<TransitionRef>> time_split(std::span<const Lifter> lifters,
                                                                             std::span<const TransitionRef> train, double share) {
  std::map<std::size_t, std::vector<TransitionRef>> by;
  for (const auto& r : train) by[r.lifter].push_back(r);
  std::vector<TransitionRef> a, b;
  for (auto& [li, refs] : by) {
    const Lifter& l = lifters[li];
    std::stable_sort(refs.begin(), refs.end(), [&](const TransitionRef& p, const TransitionRef& q) {
      return session_of(l, l.transitions[p.index]).time < session_of(l, l.transitions[q.index]).time;
    });
    const auto cut = static_cast<std::size_t>(std::floor(static_cast<double>(refs.size()) * (1.0 - share)));
    a.insert(a.end(), refs.begin(), refs.begin() + static_cast<std::ptrdiff_t>(cut));
    b.insert(b.end(), refs.begin() + static_cast<std::ptrdiff_t>(cut), refs.end());
  }
  return {a, b};
}

HeadRows action_rows(std::span<const Lifter> lifters, std::span<const TransitionRef> refs, const ForecastDefinition& def) {
  HeadRows r;
  for (const auto& ref : refs) {
    const Lifter& l = lifters[ref.lifter];
    const Transition& tr = l.transitions[ref.index];
    append_session_row(l.sessions.exercises[tr.exercise], tr.t, def, r.x);
    r.y.push_back(static_cast<float>(tr.action));
    ++r.n;
  }
  return r;
}

// target: 0 = (w' - Epley base)/s weighted by s (shipped), 1 = same unweighted,
// 2 = (w' - top weight)/s weighted by s.
HeadRows load_rows(std::span<const Lifter> lifters, std::span<const TransitionRef> refs, const ForecastDefinition& def, int target) {
  HeadRows r;
  for (const auto& ref : refs) {
    const Lifter& l = lifters[ref.lifter];
    const Transition& tr = l.transitions[ref.index];
    if (!has_load(l, tr)) continue;
    const ExerciseSessions& ex = l.sessions.exercises[tr.exercise];
    const double s = load_scale(ex.sessions[tr.t], def);
    append_load_row(ex, tr.t, tr.next_reps, def, r.x);
    const double base = target == 2 ? ex.sessions[tr.t].top_weight_kg : load_base_kg(ex, tr.t, tr.next_reps);
    r.y.push_back(static_cast<float>((tr.next_weight_kg - base) / s));
    if (target != 1) r.w.push_back(static_cast<float>(s));
    ++r.n;
  }
  return r;
}

// ---- calibration of the chosen class's probability ----
// Maps a confidence to a calibrated one; fitted on (confidence, correct) pairs.
struct Calibrator {
  std::string kind;  // none, temperature (applied to the whole vector upstream), hist, isotonic
  std::vector<double> edges, values;
  [[nodiscard]] double apply(double c) const {
    if (kind == "hist") {
      const int b = std::clamp(static_cast<int>(c * 10), 0, 9);
      return values[static_cast<std::size_t>(b)];
    }
    if (kind == "isotonic") {
      // piecewise constant on the PAV blocks (upper edges)
      for (std::size_t i = 0; i < edges.size(); ++i) {
        if (c <= edges[i]) return values[i];
      }
      return values.back();
    }
    return c;
  }
};

Calibrator fit_hist(std::span<const double> conf, std::span<const int> correct) {
  Calibrator cal{"hist", {}, std::vector<double>(10, 0)};
  std::array<double, 10> hit{}, n{}, csum{};
  for (std::size_t i = 0; i < conf.size(); ++i) {
    const int b = std::clamp(static_cast<int>(conf[i] * 10), 0, 9);
    hit[static_cast<std::size_t>(b)] += correct[i];
    csum[static_cast<std::size_t>(b)] += conf[i];
    n[static_cast<std::size_t>(b)] += 1;
  }
  for (std::size_t b = 0; b < 10; ++b) {
    // an empty bin keeps its midpoint; a small bin shrinks towards its mean confidence (2 pseudo-counts)
    const double prior = n[b] > 0 ? csum[b] / n[b] : (static_cast<double>(b) + 0.5) / 10;
    cal.values[b] = (hit[b] + 2 * prior) / (n[b] + 2);
  }
  return cal;
}

Calibrator fit_isotonic(std::span<const double> conf, std::span<const int> correct) {
  std::vector<std::size_t> order(conf.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return conf[a] < conf[b]; });
  struct Block {
    double sum, n, hi;
  };
  std::vector<Block> st;
  for (std::size_t i : order) {
    st.push_back({static_cast<double>(correct[i]), 1, conf[i]});
    while (st.size() > 1 && st[st.size() - 2].sum / st[st.size() - 2].n >= st.back().sum / st.back().n) {
      const Block b = st.back();
      st.pop_back();
      st.back().sum += b.sum;
      st.back().n += b.n;
      st.back().hi = b.hi;
    }
  }
  Calibrator cal{"isotonic", {}, {}};
  for (const Block& b : st) {
    cal.edges.push_back(b.hi);
    cal.values.push_back(b.sum / b.n);
  }
  if (cal.values.empty()) cal.values.push_back(0.5);
  return cal;
}

std::vector<double> temper(std::span<const float> raw, std::size_t n, double t) {
  std::vector<double> p(n * kActionCount);
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0;
    for (int c = 0; c < kActionCount; ++c) {
      const double v = std::exp(std::log(std::max(static_cast<double>(raw[i * kActionCount + c]), 1e-12)) / t);
      p[i * kActionCount + c] = v;
      sum += v;
    }
    for (int c = 0; c < kActionCount; ++c) p[i * kActionCount + c] /= sum;
  }
  return p;
}

double fit_temperature(std::span<const float> raw, std::span<const float> y) {
  const std::size_t n = y.size();
  double best_t = 1, best = 1e300;
  for (double t = 0.5; t <= 3.0 + 1e-9; t += 0.05) {
    const auto p = temper(raw, n, t);
    double nll = 0;
    for (std::size_t i = 0; i < n; ++i) nll -= std::log(std::max(p[i * kActionCount + static_cast<std::size_t>(y[i])], 1e-12));
    if (nll < best - 1e-12) {
      best = nll;
      best_t = t;
    }
  }
  return best_t;
}

struct Chosen {
  std::vector<int> action;
  std::vector<double> conf;
};
Chosen choose(std::span<const double> p, std::size_t n) {
  Chosen c;
  for (std::size_t i = 0; i < n; ++i) {
    const auto* row = &p[i * kActionCount];
    const auto a = std::max_element(row, row + kActionCount) - row;
    c.action.push_back(static_cast<int>(a));
    c.conf.push_back(row[a]);
  }
  return c;
}

// ---- per-lifter action scores, as next_session/train/evaluate.cpp computes them ----
struct ActionScore {
  double acc = kNaN, f1 = kNaN, ece = kNaN;
};
ActionScore action_score(std::span<const int> truth, std::span<const int> pred, std::span<const double> conf) {
  ActionScore s;
  if (truth.empty()) return s;
  const std::vector<std::string> names(kActionNames.begin(), kActionNames.end());
  const ClassificationMetrics m = classification_metrics(truth, pred, names);
  s.acc = m.accuracy;
  double sum = 0;
  int k = 0;
  for (std::size_t c = 0; c < m.per_class.size(); ++c) {
    std::size_t predicted = 0;
    for (const auto& row : m.confusion) predicted += row[c];
    if (m.per_class[c].support == 0 && predicted == 0) continue;
    sum += m.per_class[c].f1;
    ++k;
  }
  s.f1 = k ? sum / k : kNaN;
  std::vector<int> correct;
  for (std::size_t i = 0; i < truth.size(); ++i) correct.push_back(truth[i] == pred[i] ? 1 : 0);
  s.ece = expected_calibration_error(conf, correct);
  return s;
}

// One row of a results table: per-lifter values, macro-averaged at the end.
struct Result {
  std::vector<ActionScore> action;  // per lifter
  std::vector<double> load_mae;     // per lifter
  std::vector<double> cpu;          // per fold, seconds
};

std::mutex g_mutex;
std::map<std::string, Result> g_results;
std::vector<std::string> g_order;

void record(const std::string& name, std::size_t lifter, std::size_t lifters, const ActionScore* a, double load, double cpu) {
  const std::lock_guard lock(g_mutex);
  if (!g_results.contains(name)) g_order.push_back(name);
  Result& r = g_results[name];
  if (r.action.empty()) {
    r.action.resize(lifters);
    r.load_mae.assign(lifters, kNaN);
    r.cpu.assign(lifters, 0);
  }
  if (a) r.action[lifter] = *a;
  if (!std::isnan(load)) r.load_mae[lifter] = load;
  r.cpu[lifter] += cpu;
}

double mean(const std::vector<double>& v) {
  double s = 0;
  int n = 0;
  for (double x : v) {
    if (!std::isnan(x)) {
      s += x;
      ++n;
    }
  }
  return n ? s / n : kNaN;
}

// ---- the learners ----
void xgb_action(std::span<const Lifter> lifters, std::size_t held, std::span<const TransitionRef> train, const HeadRows& test,
                const ForecastDefinition& def, const std::string& tag, const Knobs& k, int probe_rounds, bool probe_only,
                bool lifter_calibration = false) {
  const auto cols = static_cast<std::size_t>(session_feature_count());
  const double t0 = thread_cpu_seconds();
  auto [fit_part, cal_part] = time_split(lifters, train, 0.2);
  if (lifter_calibration) {
    // calibrate on whole lifters the probe never saw (every 4th training
    // lifter), as a new lifter will be: lolo's own situation
    fit_part.clear();
    cal_part.clear();
    std::map<std::size_t, int> rank;
    for (const auto& r : train) rank.emplace(r.lifter, 0);
    int i = 0;
    for (auto& [li, v] : rank) v = i++;
    for (const auto& r : train) (rank[r.lifter] % 4 == 1 ? cal_part : fit_part).push_back(r);
  }
  const HeadRows fit_rows = action_rows(lifters, fit_part, def), cal_rows = action_rows(lifters, cal_part, def);
  Knobs pk = k;
  pk.boosting.rounds = probe_rounds;
  const xgb::Booster probe = fit(fit_rows, cols, pk);
  const std::vector<float> cal_raw = probe.predict(cal_rows.x, cal_rows.n, cols);
  const double temperature = fit_temperature(cal_raw, cal_rows.y);
  std::vector<float> test_raw;
  if (probe_only) {
    // the probe itself (trained on 80 %) is the action model: no refit
    test_raw = probe.predict(test.x, test.n, cols);
  } else {
    const xgb::Booster model = fit(action_rows(lifters, train, def), cols, k);
    test_raw = model.predict(test.x, test.n, cols);
  }
  // the same probe-on-held-out pairs fit hist / isotonic on the raw and on the tempered confidence
  const Chosen cal_raw_c = choose(temper(cal_raw, cal_rows.n, 1.0), cal_rows.n);
  const Chosen cal_t_c = choose(temper(cal_raw, cal_rows.n, temperature), cal_rows.n);
  std::vector<int> cal_correct_raw, cal_correct_t;
  for (std::size_t i = 0; i < cal_rows.n; ++i) {
    cal_correct_raw.push_back(cal_raw_c.action[i] == static_cast<int>(cal_rows.y[i]) ? 1 : 0);
    cal_correct_t.push_back(cal_t_c.action[i] == static_cast<int>(cal_rows.y[i]) ? 1 : 0);
  }
  const double cpu = thread_cpu_seconds() - t0;
  std::vector<int> truth;
  for (float y : test.y) truth.push_back(static_cast<int>(y));
  const Chosen raw_c = choose(temper(test_raw, test.n, 1.0), test.n);
  const Chosen t_c = choose(temper(test_raw, test.n, temperature), test.n);
  auto put = [&](const std::string& name, const Chosen& c, const Calibrator* cal) {
    std::vector<double> conf = c.conf;
    if (cal) {
      for (double& x : conf) x = cal->apply(x);
    }
    const ActionScore s = action_score(truth, c.action, conf);
    record(tag + " " + name, held, lifters.size(), &s, kNaN, cpu);
  };
  put("raw", raw_c, nullptr);
  put("temperature", t_c, nullptr);
  const Calibrator hist = fit_hist(cal_raw_c.conf, cal_correct_raw);
  const Calibrator iso = fit_isotonic(cal_raw_c.conf, cal_correct_raw);
  const Calibrator hist_t = fit_hist(cal_t_c.conf, cal_correct_t);
  put("hist10", raw_c, &hist);
  put("isotonic", raw_c, &iso);
  put("temperature+hist10", t_c, &hist_t);
}

struct Standardizer {
  std::vector<double> mean, sd;
  std::vector<std::size_t> missing_cols;  // columns that had a NaN in training: get an indicator
};

Standardizer fit_standardizer(const HeadRows& r, std::size_t cols) {
  Standardizer s;
  s.mean.assign(cols, 0);
  s.sd.assign(cols, 1);
  for (std::size_t c = 0; c < cols; ++c) {
    double sum = 0, sq = 0;
    std::size_t n = 0;
    bool any_nan = false;
    for (std::size_t i = 0; i < r.n; ++i) {
      const double v = r.x[i * cols + c];
      if (std::isnan(v)) {
        any_nan = true;
        continue;
      }
      sum += v;
      sq += v * v;
      ++n;
    }
    if (n > 0) {
      s.mean[c] = sum / static_cast<double>(n);
      const double var = sq / static_cast<double>(n) - s.mean[c] * s.mean[c];
      s.sd[c] = var > 1e-12 ? std::sqrt(var) : 1;
    }
    if (any_nan) s.missing_cols.push_back(c);
  }
  return s;
}

Eigen::MatrixXf standardize(const HeadRows& r, std::size_t cols, const Standardizer& s) {
  Eigen::MatrixXf m(static_cast<Eigen::Index>(r.n), static_cast<Eigen::Index>(cols + s.missing_cols.size()));
  for (std::size_t i = 0; i < r.n; ++i) {
    for (std::size_t c = 0; c < cols; ++c) {
      const double v = r.x[i * cols + c];
      m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)) =
          std::isnan(v) ? 0.0F : static_cast<float>(std::clamp((v - s.mean[c]) / s.sd[c], -10.0, 10.0));
    }
    for (std::size_t k = 0; k < s.missing_cols.size(); ++k) {
      m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(cols + k)) =
          std::isnan(r.x[i * cols + s.missing_cols[k]]) ? 1.0F : 0.0F;
    }
  }
  return m;
}

void nn_action(std::span<const Lifter> lifters, std::size_t held, std::span<const TransitionRef> train, const HeadRows& test,
               const ForecastDefinition& def, const std::string& tag, std::vector<int> hidden, double lr) {
  const auto cols = static_cast<std::size_t>(session_feature_count());
  const double t0 = thread_cpu_seconds();
  const auto [fit_part, val_part] = time_split(lifters, train, 0.2);
  const HeadRows fr = action_rows(lifters, fit_part, def), vr = action_rows(lifters, val_part, def);
  const Standardizer st = fit_standardizer(fr, cols);
  const Eigen::MatrixXf xf = standardize(fr, cols, st), xv = standardize(vr, cols, st), xt = standardize(test, cols, st);
  std::vector<int> yf, yv;
  for (float y : fr.y) yf.push_back(static_cast<int>(y));
  for (float y : vr.y) yv.push_back(static_cast<int>(y));
  nn::Rng rng(42);
  nn::Mlp model = nn::make_mlp(static_cast<int>(xf.cols()), hidden, kActionCount, 0.0F, rng);
  nn::AdamState adam;
  nn::FitOptions fo;
  fo.learning_rate = lr;
  fo.epochs = 100;
  fo.batch_size = 64;
  fo.early_stopping = nn::restoring_early_stopping(8, "val_loss");
  const nn::History h = nn::fit(model, adam, xf, yf, xv, yv, fo, rng);
  // temperature on the validation slice, as the shipped XGBoost model does
  const Eigen::MatrixXf pv = nn::predict_proba(model, xv);
  std::vector<float> vraw(static_cast<std::size_t>(pv.size()));
  for (Eigen::Index i = 0; i < pv.rows(); ++i) {
    for (int c = 0; c < kActionCount; ++c) vraw[static_cast<std::size_t>(i) * kActionCount + static_cast<std::size_t>(c)] = pv(i, c);
  }
  const double temperature = fit_temperature(vraw, vr.y);
  const Eigen::MatrixXf pt = nn::predict_proba(model, xt);
  const double cpu = thread_cpu_seconds() - t0;
  std::vector<float> traw(static_cast<std::size_t>(pt.size()));
  for (Eigen::Index i = 0; i < pt.rows(); ++i) {
    for (int c = 0; c < kActionCount; ++c) traw[static_cast<std::size_t>(i) * kActionCount + static_cast<std::size_t>(c)] = pt(i, c);
  }
  std::vector<int> truth;
  for (float y : test.y) truth.push_back(static_cast<int>(y));
  const Chosen raw_c = choose(temper(traw, test.n, 1.0), test.n);
  const Chosen t_c = choose(temper(traw, test.n, temperature), test.n);
  ActionScore s = action_score(truth, raw_c.action, raw_c.conf);
  record(tag + " raw", held, lifters.size(), &s, kNaN, cpu);
  s = action_score(truth, t_c.action, t_c.conf);
  record(tag + " temperature", held, lifters.size(), &s, kNaN, cpu);
  (void)h;
}

void load_head(std::span<const Lifter> lifters, std::size_t held, std::span<const TransitionRef> train,
               const ForecastDefinition& def, const std::string& tag, const Knobs& k, int target) {
  const auto cols = static_cast<std::size_t>(session_feature_count() + planned_reps_feature_count());
  const double t0 = thread_cpu_seconds();
  const xgb::Booster b = fit(load_rows(lifters, train, def, target), cols, k);
  const double cpu = thread_cpu_seconds() - t0;
  const Lifter& l = lifters[held];
  std::vector<float> x;
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < l.transitions.size(); ++i) {
    const Transition& tr = l.transitions[i];
    if (!has_load(l, tr)) continue;
    append_load_row(l.sessions.exercises[tr.exercise], tr.t, tr.next_reps, def, x);
    idx.push_back(i);
  }
  if (idx.empty()) return;
  const std::vector<float> rel = b.predict(x, idx.size(), cols);
  double sum = 0;
  for (std::size_t j = 0; j < idx.size(); ++j) {
    const Transition& tr = l.transitions[idx[j]];
    const ExerciseSessions& ex = l.sessions.exercises[tr.exercise];
    const Session& now = ex.sessions[tr.t];
    const double base = target == 2 ? now.top_weight_kg : load_base_kg(ex, tr.t, tr.next_reps);
    const double kg = base + rel[j] * load_scale(now, def);
    sum += std::abs(snap_near(kg, now.top_weight_kg, ex.equipment, l.unit) - tr.next_weight_kg);
  }
  record(tag, held, lifters.size(), nullptr, sum / static_cast<double>(idx.size()), cpu);
}

// The weight (kind 0) and reps (kind 1) heads as next_session/train/train.cpp fits
// them; MAE of the snapped weight / rounded reps on the held-out lifter.
void top_set_head(std::span<const Lifter> lifters, std::size_t held, std::span<const TransitionRef> train,
                  const ForecastDefinition& def, const std::string& tag, const Knobs& k, int kind) {
  const auto cols = static_cast<std::size_t>(session_feature_count());
  const double t0 = thread_cpu_seconds();
  HeadRows r;
  for (const auto& ref : train) {
    const Lifter& l = lifters[ref.lifter];
    const Transition& tr = l.transitions[ref.index];
    const ExerciseSessions& ex = l.sessions.exercises[tr.exercise];
    const Session& now = ex.sessions[tr.t];
    append_session_row(ex, tr.t, def, r.x);
    ++r.n;
    if (kind == 0) {
      const double s = load_scale(now, def);
      r.y.push_back(static_cast<float>((tr.next_weight_kg - now.top_weight_kg) / s));
      r.w.push_back(static_cast<float>(s));
    } else {
      r.y.push_back(static_cast<float>(tr.next_reps - now.top_reps));
    }
  }
  const xgb::Booster b = fit(r, cols, k);
  const double cpu = thread_cpu_seconds() - t0;
  const Lifter& l = lifters[held];
  std::vector<float> x;
  for (const Transition& tr : l.transitions) append_session_row(l.sessions.exercises[tr.exercise], tr.t, def, x);
  const std::vector<float> p = b.predict(x, l.transitions.size(), cols);
  double sum = 0;
  for (std::size_t i = 0; i < l.transitions.size(); ++i) {
    const Transition& tr = l.transitions[i];
    const ExerciseSessions& ex = l.sessions.exercises[tr.exercise];
    const Session& now = ex.sessions[tr.t];
    if (kind == 0) {
      const double kg = now.top_weight_kg + p[i] * load_scale(now, def);
      sum += std::abs(snap_near(kg, now.top_weight_kg, ex.equipment, l.unit) - tr.next_weight_kg);
    } else {
      sum += std::abs(std::round(std::max(1.0, now.top_reps + static_cast<double>(p[i]))) - tr.next_reps);
    }
  }
  record(tag, held, lifters.size(), nullptr, sum / static_cast<double>(l.transitions.size()), cpu);
}

void load_baselines(std::span<const Lifter> lifters, std::size_t held, const ForecastDefinition& def) {
  const Lifter& l = lifters[held];
  for (Baseline b : {Baseline::persistence, Baseline::epley, Baseline::last_load_at_reps}) {
    double sum = 0;
    std::size_t n = 0;
    for (const Transition& tr : l.transitions) {
      if (!has_load(l, tr)) continue;
      const NextForecast f = baseline_forecast(b, l.sessions.exercises[tr.exercise], tr.t, tr.next_reps, 0, l.unit, def);
      if (std::isnan(f.load_kg)) continue;
      sum += std::abs(f.load_kg - tr.next_weight_kg);
      ++n;
    }
    if (n) record("baseline " + std::string(kBaselineNames[static_cast<std::size_t>(b)]), held, lifters.size(), nullptr,
                  sum / static_cast<double>(n), 0);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::filesystem::path> data;
  int threads = 2;
  std::set<std::string> only;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--data" && i + 1 < argc) data.emplace_back(argv[++i]);
    else if (a == "--threads" && i + 1 < argc) threads = std::stoi(argv[++i]);
    else if (a == "--only" && i + 1 < argc) {
      std::string s = argv[++i];
      for (std::size_t p = 0; p <= s.size();) {
        const std::size_t q = std::min(s.find(',', p), s.size());
        only.insert(s.substr(p, q - p));
        p = q + 1;
      }
    } else {
      std::fprintf(stderr, "usage: forecast_learners --data PATH [--data PATH ...] [--threads N] [--only xgb,nn,load,speed]\n");
      return 2;
    }
  }
  if (data.empty()) {
    std::fprintf(stderr, "forecast_learners: --data is required\n");
    return 2;
  }
  auto want = [&](const char* g) { return only.empty() || only.contains(g); };
  const ForecastDefinition def;
  ReadOptions read;
  read.detect_unit = true;
  std::vector<Lifter> lifters;
  for (const auto& f : forecast::expand_data_paths(data)) {
    const WorkoutLog log = read_workout_log(f, read);
    lifters.push_back(forecast::lifter_from_log(log, f.stem().string(), logged_unit(log, read.default_unit), def));
  }
  const std::vector<TransitionRef> all = forecast::all_transitions(lifters);

  Knobs action_k;
  action_k.objective = "multi:softprob";
  Knobs load_k;
  load_k.objective = "reg:absoluteerror";

  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t held = next++; held < lifters.size(); held = next++) {
      std::vector<TransitionRef> train;
      for (const auto& r : all) {
        if (r.lifter != held) train.push_back(r);
      }
      std::vector<TransitionRef> test_refs;
      for (std::size_t i = 0; i < lifters[held].transitions.size(); ++i) test_refs.push_back({held, i});
      const HeadRows test = action_rows(lifters, test_refs, def);
      load_baselines(lifters, held, def);
      if (want("xgb")) xgb_action(lifters, held, train, test, def, "xgb shipped (probe 300 + refit 300)", action_k, 300, false);
      if (want("heads")) {
        Knobs hub = load_k;
        hub.objective = "reg:pseudohubererror";
        for (double slope : {0.02, 0.1}) {
          Knobs h = hub;
          h.huber_slope = slope;
          load_head(lifters, held, train, def, "load pseudohuber slope " + std::to_string(slope), h, 0);
        }
        hub.huber_slope = 0.05;
        load_head(lifters, held, train, def, "load pseudohuber 0.05 unweighted", hub, 1);
        Knobs h600 = hub;
        h600.boosting.rounds = 600;
        load_head(lifters, held, train, def, "load pseudohuber 0.05 600 rounds", h600, 0);
        // weight / reps heads: shipped absolute error vs pseudo-Huber (column "load MAE" holds their MAE)
        top_set_head(lifters, held, train, def, "weight head abs (shipped): weight MAE kg", load_k, 0);
        top_set_head(lifters, held, train, def, "weight head pseudohuber 0.05: weight MAE kg", hub, 0);
        top_set_head(lifters, held, train, def, "reps head abs (shipped): reps MAE", load_k, 1);
        Knobs hr = hub;
        hr.huber_slope = 1;
        top_set_head(lifters, held, train, def, "reps head pseudohuber 1: reps MAE", hr, 1);
      }
      if (want("calib")) {
        xgb_action(lifters, held, train, test, def, "xgb calibrated on held-out lifters", action_k, 300, false, true);
        Knobs fast = action_k;
        fast.boosting.rounds = 150;
        fast.boosting.eta = 0.1;
        fast.boosting.max_bin = 64;
        xgb_action(lifters, held, train, test, def, "xgb 150r eta0.1 bin64, lifter calib", fast, 150, false, true);
      }
      if (want("speed")) {
        xgb_action(lifters, held, train, test, def, "xgb probe 100 + refit 300", action_k, 100, false);
        Knobs k64 = action_k;
        k64.boosting.max_bin = 64;
        xgb_action(lifters, held, train, test, def, "xgb max_bin 64", k64, 300, false);
        xgb_action(lifters, held, train, test, def, "xgb probe 300 only (no refit)", action_k, 300, true);
        Knobs fast = action_k;
        fast.boosting.rounds = 150;
        fast.boosting.eta = 0.1;
        xgb_action(lifters, held, train, test, def, "xgb 150 rounds eta 0.1", fast, 150, false);
      }
      if (want("nn")) {
        nn_action(lifters, held, train, test, def, "mlp 64/32", {64, 32}, 1e-3);
        nn_action(lifters, held, train, test, def, "logreg (no hidden)", {}, 1e-2);
      }
      if (want("load")) {
        load_head(lifters, held, train, def, "load shipped (abs, Epley base, w=s)", load_k, 0);
        load_head(lifters, held, train, def, "load unweighted", load_k, 1);
        load_head(lifters, held, train, def, "load base = top weight", load_k, 2);
        Knobs sq = load_k;
        sq.objective = "reg:squarederror";
        load_head(lifters, held, train, def, "load reg:squarederror", sq, 0);
        Knobs hub = load_k;
        hub.objective = "reg:pseudohubererror";
        hub.huber_slope = 0.05;
        load_head(lifters, held, train, def, "load pseudohuber slope 0.05", hub, 0);
        for (int d : {1, 3, 4}) {
          Knobs kd = load_k;
          kd.boosting.max_depth = d;
          load_head(lifters, held, train, def, "load depth " + std::to_string(d), kd, 0);
        }
        Knobs r600 = load_k;
        r600.boosting.rounds = 600;
        load_head(lifters, held, train, def, "load 600 rounds", r600, 0);
        Knobs mcw = load_k;
        mcw.boosting.min_child_weight = 10;
        load_head(lifters, held, train, def, "load min_child_weight 10", mcw, 0);
        Knobs eta = load_k;
        eta.boosting.eta = 0.1;
        load_head(lifters, held, train, def, "load eta 0.1", eta, 0);
        Knobs b64 = load_k;
        b64.boosting.max_bin = 64;
        load_head(lifters, held, train, def, "load max_bin 64", b64, 0);
      }
      std::fprintf(stderr, "fold %zu (%s) done\n", held, lifters[held].name.c_str());
    }
  };
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::printf("lolo over %zu lifters, %zu transitions; wall %.1f s with %d threads\n\n", lifters.size(), all.size(), wall, threads);
  std::printf("| variant | macro-F1 | accuracy | ECE | load MAE kg | CPU s (13 folds) |\n| --- | --- | --- | --- | --- | --- |\n");
  for (const auto& name : g_order) {
    const Result& r = g_results[name];
    std::vector<double> f1, acc, ece;
    for (const auto& a : r.action) {
      f1.push_back(a.f1);
      acc.push_back(a.acc);
      ece.push_back(a.ece);
    }
    double cpu = 0;
    for (double c : r.cpu) cpu += c;
    auto cell = [](double v) {
      char b[32];
      if (std::isnan(v)) return std::string("");
      std::snprintf(b, sizeof b, "%.3f", v);
      return std::string(b);
    };
    std::printf("| %s | %s | %s | %s | %s | %s |\n", name.c_str(), cell(mean(f1)).c_str(), cell(mean(acc)).c_str(),
                cell(mean(ece)).c_str(), cell(mean(r.load_mae)).c_str(), cpu > 0 ? cell(cpu).c_str() : "");
  }
  // per-lifter ECE of the shipped model against its sample size
  if (g_results.contains("xgb shipped (probe 300 + refit 300) temperature")) {
    std::printf("\nper lifter (shipped xgb, temperature): name, transitions, ECE, macro-F1\n");
    const Result& r = g_results["xgb shipped (probe 300 + refit 300) temperature"];
    for (std::size_t i = 0; i < lifters.size(); ++i) {
      std::printf("  %-40s %6zu  %.3f  %.3f\n", lifters[i].name.c_str(), lifters[i].transitions.size(), r.action[i].ece,
                  r.action[i].f1);
    }
  }
  return 0;
}
