#include "pipeline/train_run.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <thread>

#include "export/metadata.hpp"
#include "export/tfjs.hpp"
#include "util/error.hpp"
#include "util/files.hpp"

namespace exertrack {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<std::string> class_names() { return {kClassNames.begin(), kClassNames.end()}; }

nlohmann::json history_json(const nn::History& h) {
  nlohmann::json epochs = nlohmann::json::array();
  for (const auto& e : h.epochs) {
    epochs.push_back({{"epoch", e.epoch}, {"loss", e.loss}, {"accuracy", e.accuracy}, {"val_loss", e.val_loss},
                      {"val_accuracy", e.val_accuracy}});
  }
  return {{"epochs", epochs.size()}, {"best_epoch", h.best_epoch}, {"stopped_early", h.stopped_early},
          {"stopped_epoch", h.stopped_epoch}, {"restored_best_weights", h.restored_best_weights}};
}

nlohmann::json metrics_json(const ClassificationMetrics& m, const nn::EvalResult& e) {
  nlohmann::json per_class = nlohmann::json::object();
  for (const auto& c : m.per_class) {
    per_class[c.name] = {{"precision", c.precision}, {"recall", c.recall}, {"f1", c.f1}, {"support", c.support}};
  }
  return {{"loss", e.loss},
          {"accuracy", m.accuracy},
          {"precision_macro", m.precision_macro},
          {"recall_macro", m.recall_macro},
          {"f1_macro", m.f1_macro},
          {"precision_weighted", m.precision_weighted},
          {"recall_weighted", m.recall_weighted},
          {"f1_weighted", m.f1_weighted},
          {"support", m.total},
          {"per_class", per_class},
          {"confusion_matrix", m.confusion}};
}

nlohmann::json cleaning_json(const CleaningSummary& s) {
  auto stats = [](const std::map<std::string, DropStats>& m) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [reason, d] : m) j[reason] = {{"count", d.count}, {"first_lines", d.first_lines}};
    return j;
  };
  return {{"rows_read", s.rows_read}, {"rows_kept", s.rows_kept}, {"dropped", stats(s.dropped)},
          {"flagged", stats(s.flagged)}};
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

TrainResult run_training(const WorkoutLog& log, const std::string& data_sha256, const TrainOptions& options,
                         const std::function<void(const std::string&)>& log_line) {
  auto say = [&](const std::string& s) {
    if (log_line) log_line(s);
  };
  const auto t_total = Clock::now();
  nlohmann::json timings = nlohmann::json::object();
  TrainResult r;

  auto t = Clock::now();
  r.table = build_feature_table(log, options.features);
  const Dataset data = dataset_from_table(r.table);
  timings["features"] = seconds_since(t);
  if (data.y.size() < 10) {
    throw InputError(log.source + ": only " + std::to_string(data.y.size()) +
                     " usable sets after cleaning and the outlier filter; training needs at least 10");
  }

  t = Clock::now();
  r.split = make_split(data, options.split);
  if (r.split.train.empty() || r.split.val.empty() || r.split.test.empty()) {
    throw InputError(log.source + ": too few sessions to split into train, validation and test");
  }
  const Eigen::MatrixXd x_train_raw = take_rows(data.x, r.split.train);
  r.standardizer = fit_standardizer(x_train_raw);
  const Eigen::MatrixXf x_train = standardize(r.standardizer, x_train_raw);
  const Eigen::MatrixXf x_val = standardize(r.standardizer, take_rows(data.x, r.split.val));
  const Eigen::MatrixXd x_test_raw = take_rows(data.x, r.split.test);
  const Eigen::MatrixXf x_test = standardize(r.standardizer, x_test_raw);
  const std::vector<int> y_train = take(data.y, r.split.train);
  const std::vector<int> y_val = take(data.y, r.split.val);
  const std::vector<int> y_test = take(data.y, r.split.test);
  timings["split_and_scale"] = seconds_since(t);

  // Steps 7 and 9: cross-validation on the whole table (raw inputs, as the
  // notebook did before splitting) and Hyperband on the scaled split. Both
  // share one worker pool so neither search's tail leaves a core idle.
  r.chosen.units = options.units;
  r.chosen.learning_rate = options.learning_rate;
  r.chosen.dropout = options.dropout;
  r.chosen.batch_size = options.batch_size;
  const bool run_cv = options.cv && options.cv->folds > 0;
  tune::CvOptions cv = options.cv.value_or(tune::CvOptions{});
  cv.seed = options.seed;
  cv.threads = options.threads;
  cv.classes = kClassCount;
  tune::HyperbandOptions hb = options.hyperband.value_or(tune::HyperbandOptions{});
  hb.seed = options.seed;
  hb.threads = options.threads;
  hb.classes = kClassCount;
  const auto on_fold = [&](const tune::CvFold& fold, int folds) { say(tune::format_fold_progress(fold, folds)); };
  const auto on_trial = [&](const tune::TrialEvent& e) { say(tune::format_trial_progress(e)); };
  t = Clock::now();
  if (run_cv && options.hyperband) {
    auto both = tune::cross_validate_and_hyperband(data.x, data.y, cv, x_train, y_train, x_val, y_val,
                                                   options.search_space, hb, options.threads, on_fold, on_trial);
    r.cv = std::move(both.cv);
    r.tuning = std::move(both.tuning);
    timings["cross_validation_and_hyperband"] = seconds_since(t);
  } else if (run_cv) {
    r.cv = tune::cross_validate(data.x, data.y, cv, on_fold);
    timings["cross_validation"] = seconds_since(t);
  } else if (options.hyperband) {
    r.tuning = tune::hyperband(x_train, y_train, x_val, y_val, options.search_space, hb, on_trial);
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
    std::string units;
    for (int u : r.chosen.units) {
      if (!units.empty()) units += '/';
      units += std::to_string(u);  // append, not "a" + b: GCC 12's false -Wrestrict (bug 105329)
    }
    char line[200];
    std::snprintf(line, sizeof line, "best trial %d: units %s, lr %g, val_accuracy %.4f", r.tuning->best_trial,
                  units.c_str(), r.chosen.learning_rate, r.tuning->best_score);
    say(line);
  }

  // Step 10, first half: train up to `epochs` with early stopping to find the best epoch.
  t = Clock::now();
  nn::FitOptions fit;
  fit.learning_rate = r.chosen.learning_rate;
  fit.epochs = options.epochs;
  fit.batch_size = r.chosen.batch_size;
  fit.early_stopping = nn::restoring_early_stopping(options.patience, options.monitor);
  const auto dropout = static_cast<float>(r.chosen.dropout);
  {
    nn::Rng rng(options.seed);
    nn::Mlp probe = nn::make_mlp(kFeatureCount, r.chosen.units, kClassCount, dropout, rng);
    nn::AdamState adam;
    r.search_history = nn::fit(probe, adam, x_train, y_train, x_val, y_val, fit, rng);
  }
  r.best_epoch = std::max(1, best_val_accuracy_epoch(r.search_history));
  timings["best_epoch_search"] = seconds_since(t);
  say("best epoch " + std::to_string(r.best_epoch) + " of " + std::to_string(r.search_history.epochs.size()));

  // Step 10, second half: a fresh model for exactly best_epoch epochs.
  t = Clock::now();
  {
    nn::Rng rng(options.seed);
    r.model = nn::make_mlp(kFeatureCount, r.chosen.units, kClassCount, dropout, rng);
    nn::AdamState adam;
    nn::FitOptions final_fit = fit;
    final_fit.epochs = r.best_epoch;
    final_fit.early_stopping.reset();
    r.final_history = nn::fit(r.model, adam, x_train, y_train, x_val, y_val, final_fit, rng);
  }
  timings["final_training"] = seconds_since(t);

  // Step 11: test metrics, plus how the exported (raw-input) model agrees with the rule.
  t = Clock::now();
  r.test_eval = nn::evaluate(r.model, x_test, y_test);
  const std::vector<int> predicted = nn::predict_classes(r.model, x_test);
  const auto names = class_names();
  r.test_metrics = classification_metrics(y_test, predicted, names);
  r.raw_model = fold_standardization(r.model, r.standardizer);
  const std::vector<int> raw_predicted = nn::predict_classes(r.raw_model, x_test_raw.cast<float>());
  std::size_t agree = 0;
  for (std::size_t i = 0; i < y_test.size(); ++i) agree += raw_predicted[i] == y_test[i] ? 1 : 0;
  r.rule_agreement_raw = static_cast<double>(agree) / static_cast<double>(y_test.size());
  timings["evaluation"] = seconds_since(t);
  say("test accuracy " + std::to_string(r.test_metrics.accuracy) + ", macro F1 " + std::to_string(r.test_metrics.f1_macro));

  nlohmann::json label_counts = nlohmann::json::object();
  for (int c = 0; c < kClassCount; ++c) {
    label_counts[std::string(kClassNames[static_cast<std::size_t>(c)])] = r.table.label_counts[static_cast<std::size_t>(c)];
  }
  nlohmann::json& m = r.metrics;
  m["classes"] = names;
  m["feature_names"] = std::vector<std::string>(kFeatureNames.begin(), kFeatureNames.end());
  m["data"] = {{"source", log.source}, {"format", log.format}, {"format_details", log.format_details},
               {"sha256", data_sha256}};
  m["cleaning"] = cleaning_json(log.summary);
  m["rows"] = {{"input", log.sets.size()},
               {"features_input", r.table.rows_in},
               {"skipped_flagged", r.table.rows_skipped_flagged},
               {"after_outliers", r.table.rows.size()},
               {"train", r.split.train.size()},
               {"val", r.split.val.size()},
               {"test", r.split.test.size()}};
  m["outlier_bounds_kg"] = {{"q1", r.table.weight_q1}, {"q3", r.table.weight_q3}, {"lower", r.table.weight_lower},
                            {"upper", r.table.weight_upper}};
  m["label_counts"] = label_counts;
  m["feature_definition"] = feature_definition_to_json(options.features);
  m["split"] = options.split == SplitKind::notebook ? "notebook" : "temporal";
  m["standardization"] = standardizer_to_json(r.standardizer);
  m["hyperparameters"] = {{"units", r.chosen.units},
                          {"learning_rate", r.chosen.learning_rate},
                          {"batch_size", r.chosen.batch_size},
                          {"dropout", r.chosen.dropout},
                          {"epochs", options.epochs},
                          {"patience", options.patience},
                          {"monitor", options.monitor},
                          {"seed", options.seed},
                          {"chosen_by", r.tuning ? "hyperband" : "flags"}};
  if (r.cv) {
    m["cv"] = *r.cv;
    m["cv"]["options"] = tune::cv_options_json(cv);
  } else {
    m["cv"] = nullptr;
  }
  if (r.tuning) {
    m["tuning"] = *r.tuning;
    m["tuning"]["options"] = tune::hyperband_options_json(hb, options.search_space);
  } else {
    m["tuning"] = nullptr;
  }
  m["best_epoch"] = r.best_epoch;
  m["best_epoch_search"] = history_json(r.search_history);
  m["final_training"] = history_json(r.final_history);
  m["test"] = metrics_json(r.test_metrics, r.test_eval);
  m["test"]["raw_model_rule_agreement"] = r.rule_agreement_raw;
  timings["total_training"] = seconds_since(t_total);
  m["timings_s"] = timings;
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
                                {"raw_model_rule_agreement", result.rule_agreement_raw}};
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
  write_file_atomic(dir / "metrics.json", metrics.dump(2) + "\n");
}

}  // namespace exertrack
