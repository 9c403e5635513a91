#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "commands.hpp"
#include "core/units/loads.hpp"
#include "core/util/error.hpp"
#include "core/util/files.hpp"
#include "core/util/progress.hpp"
#include "data_options.hpp"
#include "lifter_data.hpp"
#include "next_session/train/lifters.hpp"
#include "next_session/train/run.hpp"
#include "next_session/train/search.hpp"
#include "notebook/pipeline/train_run.hpp"
#include "notebook/predict/predictor.hpp"
#include "notebook_advice.hpp"
#include "report/report.hpp"
#include "stderr_log.hpp"

namespace metrics = exertrack::core::metrics;
namespace forecast = exertrack::next_session::train;
namespace tune = exertrack::notebook::tune;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::units::target_unit;
using exertrack::core::util::InputError;
using exertrack::core::util::Progress;
using exertrack::core::util::read_file;
using exertrack::core::util::sha256_hex;
using exertrack::core::util::write_file_atomic;
using exertrack::notebook::dataset::split_kind_by_name;
using exertrack::notebook::pipeline::NotebookTrainOptions;
using exertrack::notebook::pipeline::TrainResult;
using exertrack::notebook::predict::Predictor;
using exertrack::synth::SynthCohortOptions;
using exertrack::synth::SynthLifter;

namespace exertrack::cli {
namespace {

// The notebook task's network, split, CV and Hyperband flags.
constexpr std::initializer_list<const char*> kNotebookOnlyFlags = {
    "--units", "--learning-rate", "--epochs", "--patience", "--batch-size", "--dropout", "--monitor", "--split",
    "--feature-set", "--include-flagged", "--exclude-flagged", "--cv-folds", "--cv-scale", "--max-epochs",
    "--hyperband-iterations", "--search-space", "--search-units", "--search-learning-rates",
    "--search-dropout", "--search-batch-sizes"};

// How --data was read, recorded in a next-session run's metrics.json so
// `exertrack report` reads the same lifters again.
metrics::DataRead data_read(const DataOptions& data) {
  metrics::DataRead d;
  d.settings = data.read;
  if (data.paths.empty()) {
    d.synthetic_seed = data.synth.seed;
    d.synthetic_lifters = static_cast<std::uint64_t>(SynthCohortOptions{}.lifters);
  }
  return d;
}

// One source per lifter, in load_lifters' order: the export (absolute, so
// the report finds it from any directory) and its SHA-256, or the synthetic
// lifter's generated CSV's.
std::vector<metrics::LifterData> data_sources(const DataOptions& data) {
  std::vector<metrics::LifterData> out;
  if (data.paths.empty()) {
    SynthCohortOptions cohort;
    cohort.seed = data.synth.seed;
    for (const SynthLifter& l : synth_lifters(cohort)) out.push_back({l.name, 0, "", std::nullopt, sha256_hex(l.csv)});
    return out;
  }
  const std::vector<std::filesystem::path> paths(data.paths.begin(), data.paths.end());
  for (const auto& file : forecast::expand_data_paths(paths)) {
    out.push_back({file.stem().string(), 0, "", std::filesystem::absolute(file).lexically_normal().string(),
                   sha256_hex(read_file(file))});
  }
  return out;
}

// Hyperband over the action head (next_session/train/search.hpp): progress on
// stderr, the chosen settings in the options, the whole search kept in the
// model file.
forecast::ForecastTrainOptions tune_next_session(std::span<const forecast::Lifter> lifters, const forecast::ForecastTrainOptions& options,
                                         int factor, bool quiet) {
  forecast::BoostingSearchOptions search;
  search.factor = factor;
  search.max_rounds = 2 * options.action.rounds;
  const std::vector<forecast::TransitionRef> all = forecast::all_transitions(lifters);
  Progress progress("scorings");
  const int total = forecast::boosting_search_size(search);
  const auto result = forecast::search_action_head(lifters, all, options, search, [&](const forecast::BoostingTrial& t) {
    if (quiet) return;
    char line[200];
    std::snprintf(line, sizeof line, "config %d (bracket %d) \u00b7 depth %d \u00b7 eta %g \u00b7 min_child_weight %g \u00b7 %d rounds \u00b7 val log loss %.4f",
                  t.config, t.bracket, t.head.max_depth, t.head.eta, t.head.min_child_weight, t.rounds, t.val_log_loss);
    stderr_log()(progress.next(line, total));
  });
  forecast::ForecastTrainOptions tuned = forecast::with_best_action_head(options, result);
  tuned.search = forecast::search_to_json(result, search);
  if (!quiet) {
    const auto& best = tuned.action;
    std::ostringstream line;
    line << "action head: depth " << best.max_depth << ", eta " << best.eta << ", min_child_weight " << best.min_child_weight
         << ", " << best.rounds << " rounds (lowest validation log loss)";
    stderr_log()(line.str());
  }
  return tuned;
}

// Every flag of `exertrack train`, both tasks'.
struct TrainFlags {
  DataOptions data;
  std::string task = "next-session";
  forecast::ForecastTrainOptions forecast;
  std::string out;
  NotebookTrainOptions train;
  std::string units = "32,96";
  std::string split = "notebook";
  FeatureOptions features;
  std::string tune = "hyperband";
  int cv_folds = 5;
  bool cv_scale = false;
  tune::HyperbandOptions hyperband;
  std::string search_space_file;
  std::string search_units;
  std::string search_learning_rates;
  std::string search_dropout;
  std::string search_batch_sizes;
  bool quiet = false;
  bool json = false;
  const CLI::Option* tune_flag = nullptr;  // --tune, to tell "given" from its default
};

// The notebook's network, its split, features and cross-validation (--seed
// seeds both tasks).
void add_network_flags(CLI::App& cmd, TrainFlags& o) {
  cmd.add_option("--units", o.units, "Hidden layer sizes, comma-separated")->capture_default_str();
  cmd.add_option("--learning-rate", o.train.learning_rate, "Adam learning rate")->check(CLI::PositiveNumber)->capture_default_str();
  cmd.add_option("--epochs", o.train.epochs, "Most epochs of the best-epoch search")->check(CLI::Range(1, 100000))->capture_default_str();
  cmd.add_option("--patience", o.train.patience, "Early-stopping patience")->check(CLI::Range(0, 100000))->capture_default_str();
  cmd.add_option("--batch-size", o.train.batch_size, "Mini-batch size")->check(CLI::Range(1, 1 << 20))->capture_default_str();
  cmd.add_option("--dropout", o.train.dropout, "Dropout rate after each hidden layer")->check(CLI::Range(0.0, 0.95))->capture_default_str();
  cmd.add_option("--monitor", o.train.monitor, "Early-stopping monitor")
      ->check(CLI::IsMember({"val_loss", "val_accuracy", "loss", "accuracy"}))
      ->capture_default_str();
  cmd.add_option("--seed", o.train.seed, "Random seed")->capture_default_str();
  cmd.add_option("--split", o.split, "notebook (60/20/20 in table order) | temporal (by session date)")
      ->check(CLI::IsMember({"notebook", "temporal"}))
      ->capture_default_str();
  add_feature_options(cmd, o.features);
  cmd.add_option("--cv-folds", o.cv_folds, "Stratified K-fold CV folds of the notebook's step 7 (0: skip)")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  cmd.add_flag("--cv-scale", o.cv_scale, "Standardize each CV fold (the notebook used raw inputs)");
}

// --tune and what the search tries: Hyperband's schedule (--factor also
// sets the next-session search's) and the notebook's search space.
void add_search_flags(CLI::App& cmd, TrainFlags& o) {
  o.tune_flag = cmd.add_option("--tune", o.tune,
                               "hyperband: choose units/lr by Hyperband (the notebook's step 9; with --task next-session, "
                               "the action head's depth, eta and smallest leaf, given explicitly); none: use the flags")
                    ->check(CLI::IsMember({"hyperband", "none"}))
                    ->capture_default_str();
  cmd.add_option("--max-epochs", o.hyperband.max_epochs, "Hyperband max_epochs")->check(CLI::Range(1, 10000))->capture_default_str();
  cmd.add_option("--factor", o.hyperband.factor, "Hyperband reduction factor")->check(CLI::Range(2, 100))->capture_default_str();
  cmd.add_option("--hyperband-iterations", o.hyperband.iterations, "Hyperband iterations")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cmd.add_option("--search-space", o.search_space_file,
                 "Search space as JSON (schema: docs/search-space.schema.json), e.g. {\"units\": [{\"min\": 32, \"max\": "
                 "512, \"step\": 32}, 96], \"learning_rate\": [0.01, 0.001], \"dropout\": [0, 0.2], \"batch_size\": [32]}; "
                 "every key optional; the --search-* flags below override it")
      ->check(CLI::ExistingFile);
  cmd.add_option("--search-units", o.search_units, "Hidden-layer ranges, e.g. 32:512:32,32:256:32");
  cmd.add_option("--search-learning-rates", o.search_learning_rates, "e.g. 0.01,0.001,0.0001");
  cmd.add_option("--search-dropout", o.search_dropout, "Dropout rates to try, e.g. 0,0.2 (default: 0 only)");
  cmd.add_option("--search-batch-sizes", o.search_batch_sizes, "Batch sizes to try, e.g. 32,64 (default: 32 only)");
}

// The run's report.html. The model and metrics are written by then, but a
// run without its report is not what was asked for: fail, and say how to
// retry.
void write_report_or_fail(const std::string& out) {
  try {
    report::write_report(out);
  } catch (const std::exception& e) {
    throw std::runtime_error("report not written (model and metrics are in " + out + "; `exertrack report --out " + out +
                             "` retries): " + e.what());
  }
}

// --task next-session: one --data per lifter, the action head searched only
// when --tune hyperband is given, the run judged and written with its report.
void train_next_session(const TrainFlags& o, const CLI::App& cmd) {
  reject_flags(cmd, kNotebookOnlyFlags,
               "is a notebook-task flag (add --task notebook); the default task, next-session, trains gradient-boosted trees");
  forecast::EvaluateOptions options;
  options.train = o.forecast;
  options.train.threads = o.train.threads;
  options.train.seed = o.train.seed;
  const auto lifters = load_lifters(o.data, options.train.definition, o.quiet);
  // The defaults were chosen on 13 lifters (src/next_session/train/train.hpp);
  // a search is asked for by name, not implied by the notebook's default.
  if (o.tune_flag->count() > 0 && o.tune == "hyperband") {
    options.train = tune_next_session(lifters, options.train, o.hyperband.factor, o.quiet);
  }
  auto run = forecast::run_next_session_training(lifters, options, log_to_stderr(o.quiet));
  run.data = data_read(o.data);
  run.sources = data_sources(o.data);
  forecast::write_next_session_run(o.out, run);
  write_report_or_fail(o.out);
  if (o.json) std::cout << read_file(std::filesystem::path(o.out) / "metrics.json");
  else std::cout << forecast::evaluation_table(run.evaluation) << "wrote " << o.out << "\n";
}

// The notebook's Hyperband search space: --search-space's file, then each
// --search-* flag given over it.
tune::SearchSpace notebook_search_space(const TrainFlags& o) {
  tune::SearchSpace space;
  if (!o.search_space_file.empty()) space = tune::load_search_space(o.search_space_file);
  if (!o.search_units.empty()) {
    space.units.clear();
    for (const auto& item : CLI::detail::split(o.search_units, ',')) space.units.push_back(tune::parse_int_range(item));
  }
  if (!o.search_learning_rates.empty()) space.learning_rates = tune::parse_number_list(o.search_learning_rates);
  if (!o.search_dropout.empty()) space.dropout = tune::parse_number_list(o.search_dropout);
  if (!o.search_batch_sizes.empty()) {
    space.batch_sizes.clear();
    for (double b : tune::parse_number_list(o.search_batch_sizes)) {
      if (b != std::floor(b) || b < 1 || b > (1 << 20)) {
        throw InputError("--search-batch-sizes: " + std::to_string(b) + " is not a batch size");
      }
      space.batch_sizes.push_back(static_cast<int>(b));
    }
  }
  tune::validate(space);
  return space;
}

// The notebook's training options from the flags: Hyperband unless the
// model is fixed by hand (and --tune does not insist), cross-validation
// unless --cv-folds 0.
void resolve_notebook_options(TrainFlags& o, const CLI::App& cmd) {
  if (o.data.paths.size() > 1) throw InputError("--task notebook reads one --data file, got " + std::to_string(o.data.paths.size()));
  if (!o.data.paths.empty()) o.data.path = o.data.paths.front();
  const bool fixed_model = cmd.count("--units") + cmd.count("--learning-rate") + cmd.count("--dropout") + cmd.count("--batch-size") > 0;
  if (fixed_model && o.tune_flag->count() == 0) o.tune = "none";
  if (o.tune == "hyperband") {
    o.train.hyperband = o.hyperband;
    o.train.search_space = notebook_search_space(o);
  } else {
    o.train.hyperband.reset();
  }
  if (o.cv_folds > 0) {
    tune::CvOptions cv;
    cv.folds = o.cv_folds;
    cv.scale = o.cv_scale;
    o.train.cv = cv;
  } else {
    o.train.cv.reset();
  }
  o.train.units = parse_units(o.units);
  o.train.split = split_kind_by_name(o.split);
  o.train.features = resolve_features(o.features, o.data);
}

// --task notebook: the notebook's steps 7-12 on one file, the model's
// recommendations for that file and the report.
void train_notebook(TrainFlags& o, const CLI::App& cmd) {
  reject_flags(cmd, kForecastTrainFlags, "is a next-session flag (--task next-session)");
  resolve_notebook_options(o, cmd);
  const auto t0 = std::chrono::steady_clock::now();
  const LoadedData loaded = load_data_with_fingerprint(o.data);
  const double ingest_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!o.quiet) report_cleaning(loaded.log);
  TrainResult result = run_training(loaded.log, loaded.sha256, o.train, log_to_stderr(o.quiet));
  result.metrics["timings_s"]["ingest"] = ingest_s;
  write_run_directory(o.out, result);
  // What the model says for each exercise of the data it learned from, as
  // `recommend` would, kept for the report's first section.
  const Predictor predictor = Predictor::load(std::filesystem::path(o.out) / "model");
  const WeightUnit unit = target_unit(loaded.log, read_options(o.data));
  write_file_atomic(std::filesystem::path(o.out) / "recommendations.json", recommendations_json(recommend_log(predictor, loaded.log, unit)));
  write_report_or_fail(o.out);
  if (o.json) {
    std::cout << read_file(std::filesystem::path(o.out) / "metrics.json");
    return;
  }
  std::cout << "test accuracy " << result.test_metrics.accuracy << ", macro F1 " << result.test_metrics.f1_macro << ", loss "
            << result.test_eval.loss << " (best epoch " << result.best_epoch << "); wrote " << o.out << "\n";
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto o = std::make_shared<TrainFlags>();
  CLI::App* cmd = app.add_subcommand(
      "train", "Train and judge the next-session forecast on lifters' exports (--task notebook: the notebook's steps 7-12)");
  add_data_options(*cmd, o->data, /*many_files=*/true);
  cmd->add_option("--task", o->task,
                  "next-session: forecast each exercise's next session from what lifters did next (one --data per "
                  "lifter); notebook: the notebook's set-level rule labels (one file)")
      ->check(CLI::IsMember({"notebook", "next-session"}))
      ->capture_default_str();
  add_forecast_train_options(*cmd, o->forecast);
  cmd->add_option("--out", o->out, "Run directory (model/, metrics.json, classification_report.txt, history.csv)")
      ->required();
  add_network_flags(*cmd, *o);
  add_search_flags(*cmd, *o);
  cmd->add_option("--threads", o->train.threads, "Worker threads (0: all cores)")->check(CLI::Range(0, 1024))->capture_default_str();
  cmd->add_flag("--quiet", o->quiet, "No progress on stderr");
  cmd->add_flag("--json", o->json, "Print the run's metrics.json on stdout instead of the summary");
  cmd->callback([o, cmd] {
    // Resolved once, here: the report runs gnuplot in DIR/plots, where a
    // path relative to the caller's directory would point elsewhere.
    o->out = std::filesystem::absolute(o->out).lexically_normal().string();
    if (o->task == "next-session") train_next_session(*o, *cmd);
    else train_notebook(*o, *cmd);
  });
}

}  // namespace exertrack::cli
