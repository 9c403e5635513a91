#include "notebook/pipeline/train_run.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <thread>

#include "core/metrics/run_metrics.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"
#include "core/util/progress.hpp"
#include "notebook/export/metadata.hpp"
#include "notebook/export/tfjs.hpp"
#include "notebook/predict/target.hpp"

namespace metrics = exertrack::core::metrics;
namespace nn = exertrack::notebook::nn;
namespace tune = exertrack::notebook::tune;
using exertrack::core::eval::classification_metrics;
using exertrack::core::eval::ClassificationMetrics;
using exertrack::core::ingest::CleaningSummary;
using exertrack::core::ingest::DropStats;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::InputError;
using exertrack::core::util::Progress;
using exertrack::core::util::write_file_atomic;
using exertrack::notebook::dataset::Dataset;
using exertrack::notebook::dataset::dataset_from_table;
using exertrack::notebook::dataset::fit_standardizer;
using exertrack::notebook::dataset::SplitKind;
using exertrack::notebook::dataset::take;
using exertrack::notebook::dataset::take_rows;
using exertrack::notebook::export_::feature_definition_to_json;
using exertrack::notebook::export_::fold_standardization;
using exertrack::notebook::export_::make_model_metadata;
using exertrack::notebook::export_::standardizer_to_json;
using exertrack::notebook::export_::write_tfjs_model;
using exertrack::notebook::features::FeatureRow;
using exertrack::notebook::features::kClassCount;
using exertrack::notebook::features::kClassNames;
using exertrack::notebook::features::kFeatureCount;
using exertrack::notebook::features::kFeatureNames;
using exertrack::notebook::predict::TargetRules;

namespace exertrack::notebook::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<std::string> class_names() { return {kClassNames.begin(), kClassNames.end()}; }

metrics::HistorySummary history_summary(const nn::History& h) {
  return {h.epochs.size(), h.best_epoch, h.stopped_early, h.stopped_epoch, h.restored_best_weights};
}

metrics::TestMetrics test_metrics(const ClassificationMetrics& m, const nn::EvalResult& e, double rule_agreement_raw) {
  metrics::TestMetrics t;
  t.loss = e.loss;
  t.accuracy = m.accuracy;
  t.precision_macro = m.precision_macro;
  t.recall_macro = m.recall_macro;
  t.f1_macro = m.f1_macro;
  t.precision_weighted = m.precision_weighted;
  t.recall_weighted = m.recall_weighted;
  t.f1_weighted = m.f1_weighted;
  t.support = m.total;
  for (const auto& c : m.per_class) t.per_class[c.name] = {c.precision, c.recall, c.f1, c.support};
  for (const auto& row : m.confusion) t.confusion_matrix.emplace_back(row.begin(), row.end());
  t.raw_model_rule_agreement = rule_agreement_raw;
  return t;
}

metrics::Cleaning cleaning_metrics(const CleaningSummary& s) {
  auto stats = [](const std::map<std::string, DropStats>& m) {
    std::map<std::string, metrics::RowStats> out;
    for (const auto& [reason, d] : m) out[reason] = {d.count, {d.first_lines.begin(), d.first_lines.end()}};
    return out;
  };
  return {s.rows_read, s.rows_kept, stats(s.dropped), stats(s.flagged)};
}

// Keras' "best epoch" of the tuner tutorial the notebook followed: the first
// epoch with the highest val_accuracy (1-based).
int best_val_accuracy_epoch(const nn::History& h) {
  int best = 0;
  double best_value = -1;
  for (const auto& e : h.epochs) {
    if (e.val_accuracy > best_value) {
      best_value = e.val_accuracy;
      best = e.epoch;
    }
  }
  return best;
}

}  // namespace

namespace {

using Say = std::function<void(const std::string&)>;

// The split's parts, standardized by a scaler fit on the training part only
// (the raw test inputs too: the exported model takes raw features).
struct ScaledSplit {
  Eigen::MatrixXf x_train, x_val, x_test;
  Eigen::MatrixXd x_test_raw;
  std::vector<int> y_train, y_val, y_test;
};

// The CV and Hyperband options as run: the run's seed and threads drive both.
struct SearchOptions {
  bool run_cv = false;
  tune::CvOptions cv;
  tune::HyperbandOptions hb;
};

// Step 6: the feature table and its dataset; too few rows is the input's fault.
Dataset build_dataset(const WorkoutLog& log, const NotebookTrainOptions& options, TrainResult& r) {
  r.table = build_feature_table(log, options.features);
  Dataset data = dataset_from_table(r.table);
  if (data.y.size() < 10) {
    throw InputError(log.source + ": only " + std::to_string(data.y.size()) +
                     " usable sets after cleaning and the outlier filter; training needs at least 10");
  }
  return data;
}

// Step 8: the train/validation/test split and the StandardScaler fit on train.
ScaledSplit split_and_scale(const WorkoutLog& log, const Dataset& data, const NotebookTrainOptions& options, TrainResult& r) {
  r.split = make_split(data, options.split);
  if (r.split.train.empty() || r.split.val.empty() || r.split.test.empty()) {
    throw InputError(log.source + ": too few sessions to split into train, validation and test");
  }
  ScaledSplit s;
  const Eigen::MatrixXd x_train_raw = take_rows(data.x, r.split.train);
  r.standardizer = fit_standardizer(x_train_raw);
  s.x_train = standardize(r.standardizer, x_train_raw);
  s.x_val = standardize(r.standardizer, take_rows(data.x, r.split.val));
  s.x_test_raw = take_rows(data.x, r.split.test);
  s.x_test = standardize(r.standardizer, s.x_test_raw);
  s.y_train = take(data.y, r.split.train);
  s.y_val = take(data.y, r.split.val);
  s.y_test = take(data.y, r.split.test);
  return s;
}

SearchOptions search_options(const NotebookTrainOptions& options) {
  SearchOptions o;
  o.run_cv = options.cv && options.cv->folds > 0;
  o.cv = options.cv.value_or(tune::CvOptions{});
  o.cv.seed = options.seed;
  o.cv.threads = options.threads;
  o.cv.classes = kClassCount;
  o.hb = options.hyperband.value_or(tune::HyperbandOptions{});
  o.hb.seed = options.seed;
  o.hb.threads = options.threads;
  o.hb.classes = kClassCount;
  return o;
}

std::string units_text(const std::vector<int>& units) {
  std::string text;
  for (int u : units) {
    if (!text.empty()) text += '/';
    text += std::to_string(u);  // append, not "a" + b: GCC 12's false -Wrestrict (bug 105329)
  }
  return text;
}

// Steps 7 and 9: cross-validation on the whole table (raw inputs, as the
// notebook did before splitting) and Hyperband on the scaled split. Both
// share one worker pool so neither search's tail leaves a core idle. The
// hyperparameters are the options' unless Hyperband chose them.
void search(const Dataset& data, const ScaledSplit& s, const NotebookTrainOptions& options, const SearchOptions& so,
            TrainResult& r, nlohmann::json& timings, const Say& say) {
  r.chosen.units = options.units;
  r.chosen.learning_rate = options.learning_rate;
  r.chosen.dropout = options.dropout;
  r.chosen.batch_size = options.batch_size;
  // Folds and trials finish out of order (they share the worker pool): each
  // line counts what is done and names the piece by its id.
  Progress folds("folds"), trials("trials");
  const auto on_fold = [&](const tune::CvFold& fold, int n) { say(folds.next(tune::format_fold_progress(fold, n), n)); };
  const auto on_trial = [&](const tune::TrialEvent& e) { say(trials.next(tune::format_trial_progress(e), e.total)); };
  const auto t = Clock::now();
  if (so.run_cv && options.hyperband) {
    auto both = tune::cross_validate_and_hyperband(data.x, data.y, so.cv, s.x_train, s.y_train, s.x_val, s.y_val,
                                                   options.search_space, so.hb, options.threads, on_fold, on_trial);
    r.cv = std::move(both.cv);
    r.tuning = std::move(both.tuning);
    timings["cross_validation_and_hyperband"] = seconds_since(t);
  } else if (so.run_cv) {
    r.cv = tune::cross_validate(data.x, data.y, so.cv, on_fold);
    timings["cross_validation"] = seconds_since(t);
  } else if (options.hyperband) {
    r.tuning = tune::hyperband(s.x_train, s.y_train, s.x_val, s.y_val, options.search_space, so.hb, on_trial);
    timings["hyperband"] = seconds_since(t);
  }
  if (r.cv) {
    char line[160];
    std::snprintf(line, sizeof line, "CV accuracy %.2f %% +- %.2f (min %.2f, max %.2f)", 100 * r.cv->accuracy.mean,
                  100 * r.cv->accuracy.std, 100 * r.cv->accuracy.min, 100 * r.cv->accuracy.max);
    say(line);
  }
  if (r.tuning) {
    r.chosen = r.tuning->best;
    char line[200];
    std::snprintf(line, sizeof line, "best trial %d: units %s, lr %g, val_accuracy %.4f", r.tuning->best_trial,
                  units_text(r.chosen.units).c_str(), r.chosen.learning_rate, r.tuning->best_score);
    say(line);
  }
}

nn::FitOptions fit_options(const NotebookTrainOptions& options, const TrainResult& r) {
  nn::FitOptions fit;
  fit.learning_rate = r.chosen.learning_rate;
  fit.epochs = options.epochs;
  fit.batch_size = r.chosen.batch_size;
  fit.early_stopping = nn::restoring_early_stopping(options.patience, options.monitor);
  return fit;
}

// Step 10, first half: train up to `epochs` with early stopping to find the best epoch.
void find_best_epoch(const ScaledSplit& s, const NotebookTrainOptions& options, TrainResult& r) {
  nn::Rng rng(options.seed);
  nn::Mlp probe = nn::make_mlp(kFeatureCount, r.chosen.units, kClassCount, static_cast<float>(r.chosen.dropout), rng);
  nn::AdamState adam;
  r.search_history = nn::fit(probe, adam, s.x_train, s.y_train, s.x_val, s.y_val, fit_options(options, r), rng);
  r.best_epoch = std::max(1, best_val_accuracy_epoch(r.search_history));
}

// Step 10, second half: a fresh model (same seed) for exactly best_epoch epochs.
void train_final_model(const ScaledSplit& s, const NotebookTrainOptions& options, TrainResult& r) {
  nn::Rng rng(options.seed);
  r.model = nn::make_mlp(kFeatureCount, r.chosen.units, kClassCount, static_cast<float>(r.chosen.dropout), rng);
  nn::AdamState adam;
  nn::FitOptions final_fit = fit_options(options, r);
  final_fit.epochs = r.best_epoch;
  final_fit.early_stopping.reset();
  r.final_history = nn::fit(r.model, adam, s.x_train, s.y_train, s.x_val, s.y_val, final_fit, rng);
}

// Step 11: test metrics, plus how the exported (raw-input) model agrees with the rule.
void evaluate_on_test(const ScaledSplit& s, TrainResult& r) {
  r.test_eval = nn::evaluate(r.model, s.x_test, s.y_test);
  const std::vector<int> predicted = nn::predict_classes(r.model, s.x_test);
  r.test_metrics = classification_metrics(s.y_test, predicted, class_names());
  r.raw_model = fold_standardization(r.model, r.standardizer);
  const std::vector<int> raw_predicted = nn::predict_classes(r.raw_model, s.x_test_raw.cast<float>());
  std::size_t agree = 0;
  for (std::size_t i = 0; i < s.y_test.size(); ++i) agree += raw_predicted[i] == s.y_test[i] ? 1 : 0;
  r.rule_agreement_raw = static_cast<double>(agree) / static_cast<double>(s.y_test.size());
}

// metrics.json: everything the report and the model card need, without the model.
metrics::RunMetrics metrics_document(const WorkoutLog& log, const std::string& data_sha256,
                                     const NotebookTrainOptions& options, const SearchOptions& so, const TrainResult& r) {
  metrics::RunMetrics m;
  m.classes = class_names();
  m.feature_names = std::vector<std::string>(kFeatureNames.begin(), kFeatureNames.end());
  m.data = {log.source, log.format, log.format_details, data_sha256};
  m.cleaning = cleaning_metrics(log.summary);
  m.rows = {log.sets.size(),     r.table.rows_in,      r.table.rows_skipped_flagged, r.table.rows.size(),
            r.split.train.size(), r.split.val.size(), r.split.test.size()};
  m.outlier_bounds_kg = {r.table.weight_q1, r.table.weight_q3, r.table.weight_lower, r.table.weight_upper};
  for (int c = 0; c < kClassCount; ++c) {
    m.label_counts[std::string(kClassNames[static_cast<std::size_t>(c)])] =
        r.table.label_counts[static_cast<std::size_t>(c)];
  }
  m.feature_definition = feature_definition_to_json(options.features);
  m.split = options.split == SplitKind::notebook ? "notebook" : "temporal";
  m.standardization = standardizer_to_json(r.standardizer);
  m.hyperparameters = {r.chosen.units,   r.chosen.learning_rate, r.chosen.batch_size, r.chosen.dropout,
                       options.epochs,   options.patience,       options.monitor,     options.seed,
                       r.tuning ? "hyperband" : "flags"};
  if (r.cv) {
    nlohmann::json cv = *r.cv;
    cv["options"] = tune::cv_options_json(so.cv);
    m.cv = std::move(cv);
  }
  if (r.tuning) {
    nlohmann::json tuning = *r.tuning;
    tuning["options"] = tune::hyperband_options_json(so.hb, options.search_space);
    m.tuning = std::move(tuning);
  }
  m.best_epoch = r.best_epoch;
  m.best_epoch_search = history_summary(r.search_history);
  m.final_training = history_summary(r.final_history);
  m.test = test_metrics(r.test_metrics, r.test_eval, r.rule_agreement_raw);
  return m;
}

}  // namespace

TrainResult run_training(const WorkoutLog& log, const std::string& data_sha256, const NotebookTrainOptions& options,
                         const std::function<void(const std::string&)>& log_line) {
  const Say say = [&](const std::string& s) {
    if (log_line) log_line(s);
  };
  const auto t_total = Clock::now();
  nlohmann::json timings = nlohmann::json::object();
  TrainResult r;
  // Times each step under `name` in metrics.json's timings_s.
  const auto timed = [&](const char* name, const auto& step) {
    const auto t = Clock::now();
    step();
    timings[name] = seconds_since(t);
  };

  Dataset data;
  timed("features", [&] { data = build_dataset(log, options, r); });
  ScaledSplit scaled;
  timed("split_and_scale", [&] { scaled = split_and_scale(log, data, options, r); });
  const SearchOptions so = search_options(options);
  search(data, scaled, options, so, r, timings, say);
  timed("best_epoch_search", [&] { find_best_epoch(scaled, options, r); });
  say("best epoch " + std::to_string(r.best_epoch) + " of " + std::to_string(r.search_history.epochs.size()));
  timed("final_training", [&] { train_final_model(scaled, options, r); });
  timed("evaluation", [&] { evaluate_on_test(scaled, r); });
  say("test accuracy " + std::to_string(r.test_metrics.accuracy) + ", macro F1 " + std::to_string(r.test_metrics.f1_macro));

  metrics::RunMetrics doc = metrics_document(log, data_sha256, options, so, r);
  timings["total_training"] = seconds_since(t_total);
  doc.timings_s = timings.get<std::map<std::string, double>>();
  r.metrics = metrics::to_json(doc);
  return r;
}

std::string history_csv(const nn::History& search, const nn::History& final_run) {
  std::string out = "run,epoch,loss,accuracy,val_loss,val_accuracy\n";
  char buf[256];
  for (const auto* h : {&search, &final_run}) {
    const char* run = h == &search ? "best_epoch_search" : "final";
    for (const auto& e : h->epochs) {
      std::snprintf(buf, sizeof buf, "%s,%d,%.17g,%.17g,%.17g,%.17g\n", run, e.epoch, e.loss, e.accuracy, e.val_loss,
                    e.val_accuracy);
      out += buf;
    }
  }
  return out;
}

std::string dataset_csv(const TrainResult& r) {
  std::vector<char> part(r.table.rows.size(), '-');
  for (auto i : r.split.train) part[i] = 'T';
  for (auto i : r.split.val) part[i] = 'V';
  for (auto i : r.split.test) part[i] = 'E';
  Eigen::MatrixXf x(static_cast<Eigen::Index>(r.table.rows.size()), kFeatureCount);
  for (std::size_t i = 0; i < r.table.rows.size(); ++i) {
    const auto& f = r.table.rows[i].features;
    x.row(static_cast<Eigen::Index>(i)) << static_cast<float>(f.weight_change_pct), static_cast<float>(f.reps_change_pct),
        static_cast<float>(f.weight_ma), static_cast<float>(f.reps_ma);
  }
  const std::vector<int> predicted = nn::predict_classes(r.raw_model, x);
  std::string out =
      "source_row,date,exercise,set_order,weight_kg,reps,weight_change_pct,reps_change_pct,weight_ma,reps_ma,label,"
      "split,predicted\n";
  char buf[512];
  for (std::size_t i = 0; i < r.table.rows.size(); ++i) {
    const FeatureRow& row = r.table.rows[i];
    const auto tt = static_cast<std::time_t>(row.time);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
    std::string name = r.table.exercises[row.exercise];
    std::string quoted = "\"";
    for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += '"';
    const char* split = part[i] == 'T' ? "train" : part[i] == 'V' ? "val" : part[i] == 'E' ? "test" : "none";
    std::snprintf(buf, sizeof buf, "%u,%s,%s,%d,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%d,%s,%d\n", row.source_row, date,
                  quoted.c_str(), row.set_order, row.weight, row.reps, row.features.weight_change_pct,
                  row.features.reps_change_pct, row.features.weight_ma, row.features.reps_ma, row.label, split,
                  predicted[i]);
    out += buf;
  }
  return out;
}

void write_run_directory(const std::filesystem::path& dir, const TrainResult& result) {
  const auto t = Clock::now();
  nlohmann::json metrics = result.metrics;
  const nlohmann::json extra = {{"hyperparameters", metrics["hyperparameters"]},
                                {"split", metrics["split"]},
                                {"best_epoch", result.best_epoch},
                                {"raw_model_rule_agreement", result.rule_agreement_raw},
                                // What serving steps weights by, as data: the Node.js package reads
                                // it here rather than keeping a table of its own.
                                {"target_rule", target_rules_to_json(TargetRules{})}};
  const nlohmann::json meta = make_model_metadata(result.table.definition, result.standardizer,
                                                  metrics["data"]["sha256"].get<std::string>(), metrics["test"], extra);
  write_tfjs_model(dir / "model", result.raw_model, meta);
  write_file_atomic(dir / "classification_report.txt", classification_report(result.test_metrics));
  write_file_atomic(dir / "history.csv", history_csv(result.search_history, result.final_history));
  write_file_atomic(dir / "dataset.csv", dataset_csv(result));
  metrics["timings_s"]["export"] = seconds_since(t);
  double total = 0;
  for (const auto& [stage, secs] : metrics["timings_s"].items()) {
    if (stage != "total_training") total += secs.get<double>();
  }
  metrics["timings_s"]["total"] = total;
  // Through the typed reader: a document the report could not read is never written.
  (void)exertrack::core::metrics::from_json(metrics, (dir / "metrics.json").string());
  write_file_atomic(dir / "metrics.json", metrics.dump(2) + "\n");
}

}  // namespace exertrack::notebook::pipeline
