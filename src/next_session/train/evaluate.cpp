#include "next_session/train/evaluate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <atomic>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

#include "core/eval/calibration.hpp"
#include "core/eval/metrics.hpp"
#include "core/metrics/next_session_metrics.hpp"
#include "core/util/error.hpp"
#include "next_session/train/boosting.hpp"

namespace metrics = exertrack::core::metrics;
using exertrack::core::eval::classification_metrics;
using exertrack::core::eval::ClassificationMetrics;
using exertrack::core::eval::expected_calibration_error;
using exertrack::core::eval::expected_ece_floor;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::util::InputError;
using exertrack::next_session::model::action_by_name;
using exertrack::next_session::model::Baseline;
using exertrack::next_session::model::ExerciseSessions;
using exertrack::next_session::model::ForecastDefinition;
using exertrack::next_session::model::ForecastModel;
using exertrack::next_session::model::ForecastOutput;
using exertrack::next_session::model::kActionCount;
using exertrack::next_session::model::kActionNames;
using exertrack::next_session::model::kBaselineNames;
using exertrack::next_session::model::LifterTemperature;
using exertrack::next_session::model::NextForecast;
using exertrack::next_session::model::planned_reps_feature_count;
using exertrack::next_session::model::Session;
using exertrack::next_session::model::session_feature_count;
using exertrack::next_session::model::SessionSet;
using exertrack::next_session::model::snap_near;
using exertrack::next_session::model::Transition;
using exertrack::notebook::features::kClassNames;
using exertrack::notebook::predict::ExerciseHistory;
using exertrack::notebook::predict::Predictor;
using exertrack::notebook::predict::PredictWorkspace;
using exertrack::notebook::predict::Recommendation;

namespace exertrack::next_session::train {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::string_view kNotebook = "notebook";

// What a transition's load is scored on: nothing where the load head has no
// target, else whether the reps planned are today's top-set reps again.
enum class LoadTarget { none, same_reps, new_reps };

LoadTarget load_target_of(const Lifter& l, const Transition& tr) {
  if (!has_load_target(l, tr)) return LoadTarget::none;
  return tr.next_reps == session_of(l, tr).top_reps ? LoadTarget::same_reps : LoadTarget::new_reps;
}

// One forecaster's outputs over one lifter's test transitions.
class Tally {
 public:
  void add(const NextForecast& f, const Transition& tr, LoadTarget load_target, double confidence = kNaN) {
    if (f.action >= 0) {
      truth_.push_back(tr.action);
      predicted_.push_back(f.action);
      if (!std::isnan(confidence)) {
        confidence_.push_back(confidence);
        correct_.push_back(f.action == tr.action ? 1 : 0);
      }
    }
    if (!std::isnan(f.weight_kg)) weight_.add(std::abs(f.weight_kg - tr.next_weight_kg));
    if (!std::isnan(f.reps)) reps_.add(std::abs(f.reps - tr.next_reps));
    if (load_target != LoadTarget::none && !std::isnan(f.load_kg)) {
      const double error = std::abs(f.load_kg - tr.next_weight_kg);
      load_.add(error);
      (load_target == LoadTarget::same_reps ? load_same_reps_ : load_new_reps_).add(error);
    }
    ++n_;
  }

  [[nodiscard]] Scores scores() const {
    Scores s;
    s.transitions = n_;
    if (truth_.empty()) {
      s.accuracy = s.f1_macro = kNaN;
    } else {
      const std::vector<std::string> names(kActionNames.begin(), kActionNames.end());
      const ClassificationMetrics m = classification_metrics(truth_, predicted_, names);
      s.accuracy = m.accuracy;
      s.f1_macro = macro_f1_over_present(m);
    }
    s.weight_mae_kg = weight_.mean();
    s.reps_mae = reps_.mean();
    s.load_mae_kg = load_.mean();
    s.load_mae_same_reps_kg = load_same_reps_.mean();
    s.load_mae_new_reps_kg = load_new_reps_.mean();
    s.ece = confidence_.empty() ? kNaN : expected_calibration_error(confidence_, correct_);
    s.ece_floor = confidence_.empty() ? kNaN : expected_ece_floor(confidence_);
    return s;
  }

 private:
  struct Mean {
    double sum = 0;
    std::size_t n = 0;
    void add(double x) {
      sum += x;
      ++n;
    }
    [[nodiscard]] double mean() const { return n == 0 ? kNaN : sum / static_cast<double>(n); }
  };
  // Macro-F1 over the actions that occur in the truth or the forecasts: a
  // lifter who never decreased weight should not cost every forecaster 1/5.
  static double macro_f1_over_present(const ClassificationMetrics& m) {
    double sum = 0;
    int classes = 0;
    for (std::size_t c = 0; c < m.per_class.size(); ++c) {
      std::size_t predicted = 0;
      for (const auto& row : m.confusion) predicted += row[c];
      if (m.per_class[c].support == 0 && predicted == 0) continue;
      sum += m.per_class[c].f1;
      ++classes;
    }
    return classes == 0 ? kNaN : sum / classes;
  }

  std::vector<int> truth_, predicted_, correct_;
  std::vector<double> confidence_;
  Mean weight_, reps_, load_, load_same_reps_, load_new_reps_;
  std::size_t n_ = 0;
};

int majority_action(std::span<const Lifter> lifters, std::span<const TransitionRef> train) {
  std::array<std::size_t, kActionCount> counts{};
  for (const TransitionRef& r : train) ++counts[static_cast<std::size_t>(lifters[r.lifter].transitions[r.index].action)];
  return static_cast<int>(std::max_element(counts.begin(), counts.end()) - counts.begin());
}

// What the notebook model's `recommend` says after session t: its label and
// target on the working sets so far.
NextForecast notebook_forecast(const Predictor& p, const Lifter& l, const Transition& tr, PredictWorkspace& ws) {
  const ExerciseSessions& ex = l.sessions.exercises[tr.exercise];
  ExerciseHistory h;
  h.name = ex.name;
  h.unit = WeightUnit::kg;
  h.target_unit = WeightUnit::kg;
  h.equipment = ex.equipment;
  // The notebook's target rule steps in the lifter's unit; in kg that is the
  // same load within rounding of the step, which is all a baseline needs.
  for (std::size_t k = 0; k <= tr.t; ++k) {
    for (const SessionSet& s : ex.sessions[k].sets) h.sets.push_back({s.weight_kg, s.reps});
  }
  const Recommendation r = p.recommend(h, ws);
  NextForecast f;
  f.action = action_by_name(kClassNames[static_cast<std::size_t>(r.prediction.label)]);
  f.weight_kg = r.target.weight;
  f.reps = r.target.reps;
  return f;
}

// The lifter's temperature at each test transition, from the transitions
// whose next session came no later than its session: what the lifter's
// export would hold then (advise_log uses the whole export). `outputs`: the
// model's, for every transition of the lifter.
std::vector<double> lifter_temperatures(const Lifter& l, std::span<const std::size_t> test, const ForecastModel& model,
                                        std::span<const ForecastOutput> outputs) {
  const auto& all = l.transitions;
  auto time_of = [&](const Transition& tr, std::size_t offset) { return l.sessions.exercises[tr.exercise].sessions[tr.t + offset].time; };
  std::vector<std::size_t> known(all.size()), order(test.size());
  std::iota(known.begin(), known.end(), std::size_t{0});
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(known.begin(), known.end(), [&](std::size_t a, std::size_t b) { return time_of(all[a], 1) < time_of(all[b], 1); });
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return time_of(all[test[a]], 0) < time_of(all[test[b]], 0); });
  LifterTemperature lt(model.lifter);
  std::vector<double> out(test.size(), 1.0);
  std::size_t j = 0;
  for (std::size_t k : order) {
    const std::int64_t now = time_of(all[test[k]], 0);
    for (; j < known.size() && time_of(all[known[j]], 1) <= now; ++j) lt.add(outputs[known[j]].probabilities, all[known[j]].action);
    out[k] = lt.value();
  }
  return out;
}

// Scores the model and every baseline on one lifter's test transitions.
LifterScores score_lifter(const Lifter& l, std::span<const std::size_t> test, const ForecastModel& model, int majority,
                          const EvaluateOptions& options) {
  const ForecastDefinition& def = model.definition;
  LifterScores out;
  out.name = l.name;
  out.transitions = test.size();
  // Every transition, not only the tested ones: the lifter's temperature
  // learns from those before each test transition.
  std::vector<float> x, x_load;
  for (const Transition& tr : l.transitions) append_session_row(l.sessions.exercises[tr.exercise], tr.t, def, x);
  for (std::size_t i : test) {
    const Transition& tr = l.transitions[i];
    if (has_load_target(l, tr)) append_load_row(l.sessions.exercises[tr.exercise], tr.t, tr.next_reps, def, x_load);
  }
  const std::vector<ForecastOutput> every =
      l.transitions.empty() ? std::vector<ForecastOutput>{} : model.predict(x, l.transitions.size());
  const std::vector<double> temperatures = lifter_temperatures(l, test, model, every);
  std::vector<ForecastOutput> outputs;
  outputs.reserve(test.size());
  for (std::size_t k = 0; k < test.size(); ++k) {
    outputs.push_back(every[test[k]]);
    apply_lifter_temperature(outputs.back(), temperatures[k]);
  }
  const std::size_t load_n = x_load.size() / static_cast<std::size_t>(session_feature_count() + planned_reps_feature_count());
  const std::vector<double> load_rel = load_n == 0 ? std::vector<double>{} : model.predict_load_rel(x_load, load_n);

  Tally model_tally;
  // Every baseline has its scores, even for a lifter with no test
  // transition (a short history in the temporal protocol): the model is
  // always judged beside them.
  std::map<std::string, Tally> baseline_tallies;
  for (const std::string_view name : kBaselineNames) baseline_tallies[std::string(name)];
  if (options.notebook != nullptr) baseline_tallies[std::string(kNotebook)];
  PredictWorkspace ws;
  std::size_t load_i = 0;
  for (std::size_t k = 0; k < test.size(); ++k) {
    const Transition& tr = l.transitions[test[k]];
    const ExerciseSessions& ex = l.sessions.exercises[tr.exercise];
    const Session& now = ex.sessions[tr.t];
    const LoadTarget load_target = load_target_of(l, tr);
    NextForecast f;
    f.action = outputs[k].action;
    // What a lifter is told: a loadable weight and whole reps.
    f.weight_kg = snap_near(outputs[k].weight_kg, now.top_weight_kg, ex.equipment, l.unit);
    f.reps = std::round(outputs[k].reps);
    if (load_target != LoadTarget::none) {
      f.load_kg = snap_near(model.load_kg(ex, tr.t, tr.next_reps, load_rel[load_i++]), now.top_weight_kg, ex.equipment, l.unit);
    }
    model_tally.add(f, tr, load_target, outputs[k].probabilities[static_cast<std::size_t>(f.action)]);
    for (std::size_t b = 0; b < kBaselineNames.size(); ++b) {
      const NextForecast bf =
          baseline_forecast(static_cast<Baseline>(b), ex, tr.t, tr.next_reps, majority, l.unit, def);
      baseline_tallies[std::string(kBaselineNames[b])].add(bf, tr, load_target);
    }
    if (options.notebook != nullptr) {
      baseline_tallies[std::string(kNotebook)].add(notebook_forecast(*options.notebook, l, tr, ws), tr, load_target);
    }
  }
  out.model = model_tally.scores();
  for (const auto& [name, tally] : baseline_tallies) out.baselines[name] = tally.scores();
  return out;
}

double nan_mean(const std::vector<double>& v) {
  double sum = 0;
  std::size_t n = 0;
  for (double x : v) {
    if (!std::isnan(x)) {
      sum += x;
      ++n;
    }
  }
  return n == 0 ? kNaN : sum / static_cast<double>(n);
}

Scores macro_of(const std::vector<const Scores*>& per_lifter) {
  Scores m;
  auto field = [&](double Scores::*f) {
    std::vector<double> v;
    for (const Scores* s : per_lifter) {
      if (s->transitions > 0) v.push_back(s->*f);
    }
    return nan_mean(v);
  };
  for (const Scores* s : per_lifter) m.transitions += s->transitions;
  m.accuracy = field(&Scores::accuracy);
  m.f1_macro = field(&Scores::f1_macro);
  m.weight_mae_kg = field(&Scores::weight_mae_kg);
  m.reps_mae = field(&Scores::reps_mae);
  m.load_mae_kg = field(&Scores::load_mae_kg);
  m.load_mae_same_reps_kg = field(&Scores::load_mae_same_reps_kg);
  m.load_mae_new_reps_kg = field(&Scores::load_mae_new_reps_kg);
  m.ece = field(&Scores::ece);
  m.ece_floor = field(&Scores::ece_floor);
  return m;
}

void finish(Evaluation& e) {
  std::vector<const Scores*> models;
  std::map<std::string, std::vector<const Scores*>> baselines;
  for (const LifterScores& l : e.lifters) {
    models.push_back(&l.model);
    for (const auto& [name, s] : l.baselines) baselines[name].push_back(&s);
  }
  e.macro_model = macro_of(models);
  for (const auto& [name, v] : baselines) e.macro_baselines[name] = macro_of(v);
}

// Each lifter's cut: the date from which its latest test_share of sessions
// (distinct session dates over all its exercises) are test.
std::int64_t temporal_cut(const Lifter& l, double test_share) {
  std::set<std::int64_t> times;
  for (const auto& ex : l.sessions.exercises) {
    for (const auto& s : ex.sessions) times.insert(s.time);
  }
  if (times.empty()) return 0;
  const std::vector<std::int64_t> sorted(times.begin(), times.end());
  const auto first_test = static_cast<std::size_t>(std::floor(static_cast<double>(sorted.size()) * (1.0 - test_share)));
  return sorted[std::min(first_test, sorted.size() - 1)];
}

// The lifters each fold holds out: one each (lolo, folds = 0), or lifter i
// in fold i mod `folds`, in the order given (--data's: files by name), so
// the folds do not depend on anything but the lifters.
std::vector<std::vector<std::size_t>> lifter_folds(std::size_t lifters, int folds, const std::string& protocol) {
  const std::size_t k = folds == 0 ? lifters : static_cast<std::size_t>(folds);
  if (folds < 0 || k < 2 || k > lifters) {
    throw InputError("--protocol " + protocol + " needs at least two lifters (one --data per lifter) and 2 to " +
                     std::to_string(lifters) + " folds; got " + std::to_string(lifters) + " lifter(s), " +
                     std::to_string(k) + " folds");
  }
  std::vector<std::vector<std::size_t>> out(k);
  for (std::size_t i = 0; i < lifters; ++i) out[i % k].push_back(i);
  return out;
}

ForecastModel fit_model(const EvaluateOptions& options, std::span<const Lifter> lifters, std::span<const TransitionRef> train,
                        const ForecastTrainOptions& train_options) {
  return options.trainer ? options.trainer(lifters, train, train_options) : train_model(lifters, train, train_options);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

Evaluation evaluate_protocol(std::span<const Lifter> lifters, const std::string& protocol, const EvaluateOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  Evaluation e;
  e.protocol = protocol;
  if (protocol == "lolo" || protocol == "kfold") {
    const std::vector<std::vector<std::size_t>> folds = lifter_folds(lifters.size(), protocol == "lolo" ? 0 : options.folds, protocol);
    // The folds are independent: they run side by side, one XGBoost thread
    // each (XGBoost's OpenMP threads spin-wait, and two of them on a busy
    // 2-core machine took 4x the time of one). Results do not depend on
    // the thread count: each fold's result lands in its own slots.
    e.lifters.resize(lifters.size());
    std::vector<ForecastModel> last_model(1);
    ForecastTrainOptions fold_options = options.train;
    fold_options.threads = 1;
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto worker = [&] {
      for (std::size_t f = next++; f < folds.size(); f = next++) {
        try {
          const std::vector<std::size_t>& held = folds[f];
          std::vector<TransitionRef> train;
          for (const TransitionRef& r : all_transitions(lifters)) {
            if (std::find(held.begin(), held.end(), r.lifter) == held.end()) train.push_back(r);
          }
          ForecastModel model = fit_model(options, lifters, train, fold_options);
          const int majority = majority_action(lifters, train);
          for (std::size_t li : held) {
            std::vector<std::size_t> test(lifters[li].transitions.size());
            std::iota(test.begin(), test.end(), std::size_t{0});
            e.lifters[li] = score_lifter(lifters[li], test, model, majority, options);
          }
          if (f + 1 == folds.size()) last_model[0] = std::move(model);
        } catch (...) {
          const std::lock_guard lock(failure_mutex);
          if (!failure) failure = std::current_exception();
        }
      }
    };
    const int threads = options.trainer ? 1 : std::clamp(options.train.threads > 0 ? options.train.threads
                                                              : static_cast<int>(std::thread::hardware_concurrency()),
                                   1, static_cast<int>(folds.size()));
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
    e.importance = action_feature_importance(last_model[0]);
  } else if (protocol == "temporal") {
    std::vector<TransitionRef> train;
    std::vector<std::vector<std::size_t>> test(lifters.size());
    for (std::size_t li = 0; li < lifters.size(); ++li) {
      const Lifter& l = lifters[li];
      const std::int64_t cut = temporal_cut(l, options.test_share);
      for (std::size_t i = 0; i < l.transitions.size(); ++i) {
        const Transition& tr = l.transitions[i];
        const auto& ss = l.sessions.exercises[tr.exercise].sessions;
        if (ss[tr.t + 1].time < cut) train.push_back({li, i});
        else if (ss[tr.t].time >= cut) test[li].push_back(i);
      }
    }
    const ForecastModel model = fit_model(options, lifters, train, options.train);
    const int majority = majority_action(lifters, train);
    for (std::size_t li = 0; li < lifters.size(); ++li) e.lifters.push_back(score_lifter(lifters[li], test[li], model, majority, options));
    e.importance = action_feature_importance(model);
  } else {
    throw InputError("--protocol must be temporal, lolo or kfold, got '" + protocol + "'");
  }
  finish(e);
  e.seconds = seconds_since(t0);
  return e;
}

Evaluation evaluate_trained(std::span<const Lifter> lifters, const ForecastModel& model, const EvaluateOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  Evaluation e;
  e.protocol = "model";
  // The majority baseline uses the action the model's own training data
  // held most often when recorded; else these lifters' (a hindsight edge
  // for the baseline, never for the model).
  const std::vector<TransitionRef> all = all_transitions(lifters);
  const int majority = model.training.contains("majority_action") ? model.training["majority_action"].get<int>()
                                                                   : majority_action(lifters, all);
  for (const Lifter& l : lifters) {
    std::vector<std::size_t> test(l.transitions.size());
    for (std::size_t i = 0; i < test.size(); ++i) test[i] = i;
    e.lifters.push_back(score_lifter(l, test, model, majority, options));
  }
  e.importance = action_feature_importance(model);
  finish(e);
  e.seconds = seconds_since(t0);
  return e;
}

namespace {

std::string cell(double x, const char* fmt = "%.3f") {
  if (std::isnan(x)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, fmt, x);
  return buf;
}

void table_rows(std::string& out, const std::string& who, const Scores& model, const std::map<std::string, Scores>& baselines) {
  char line[256];
  auto row = [&](const std::string& name, const Scores& s) {
    std::snprintf(line, sizeof line, "  %-20s %6zu  %8s  %8s  %10s  %8s  %10s  %9s  %9s  %6s  %6s\n", name.c_str(),
                  s.transitions, cell(s.accuracy).c_str(), cell(s.f1_macro).c_str(), cell(s.weight_mae_kg, "%.2f").c_str(),
                  cell(s.reps_mae, "%.2f").c_str(), cell(s.load_mae_kg, "%.2f").c_str(),
                  cell(s.load_mae_same_reps_kg, "%.2f").c_str(), cell(s.load_mae_new_reps_kg, "%.2f").c_str(),
                  cell(s.ece).c_str(), cell(s.ece_floor).c_str());
    out += line;
  };
  out += who + "\n";
  std::snprintf(line, sizeof line, "  %-20s %6s  %8s  %8s  %10s  %8s  %10s  %9s  %9s  %6s  %6s\n", "", "trans", "accuracy",
                "macro-F1", "weight kg", "reps", "load kg", "same reps", "new reps", "ECE", "floor");
  out += line;
  row("model", model);
  for (const auto& name : kBaselineNames) {
    if (auto it = baselines.find(std::string(name)); it != baselines.end()) row(it->first, it->second);
  }
  if (auto it = baselines.find(std::string(kNotebook)); it != baselines.end()) row(it->first, it->second);
}

}  // namespace

metrics::ForecastEvaluation typed_evaluation(const Evaluation& e) {
  metrics::ForecastEvaluation t;
  t.protocol = e.protocol;
  t.lifters = e.lifters;
  t.macro_model = e.macro_model;
  t.macro_baselines = e.macro_baselines;
  for (const auto& [feature, gain] : e.importance) t.action_feature_importance.push_back({feature, gain});
  t.seconds = e.seconds;
  return t;
}

nlohmann::json evaluation_to_json(const Evaluation& e) { return metrics::to_json(typed_evaluation(e)); }

std::string evaluation_table(const Evaluation& e) {
  std::string out = "protocol " + e.protocol + " (" + std::to_string(e.lifters.size()) +
                    " lifters; MAE: next top set weight and reps, load for the planned reps; floor: the ECE a perfectly "
                    "calibrated model would show on this many transitions)\n\n";
  table_rows(out, "macro over lifters", e.macro_model, e.macro_baselines);
  for (const LifterScores& l : e.lifters) {
    out += "\n";
    table_rows(out, l.name, l.model, l.baselines);
  }
  return out;
}

}  // namespace exertrack::next_session::train
