#include <chrono>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "data_options.hpp"
#include "pipeline/train_run.hpp"
#include "util/error.hpp"

namespace exertrack::cli {

void add_train_command(CLI::App& app) {
  struct Options {
    DataOptions data;
    std::string out;
    TrainOptions train;
    std::string units = "32,96";
    std::string split = "notebook";
    std::string features = "notebook";
    bool quiet = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("train", "Train, evaluate and export the model (the notebook's steps 7-12)");
  add_data_options(*cmd, o->data);
  cmd->add_option("--out", o->out, "Run directory (model/, metrics.json, classification_report.txt, history.csv)")
      ->required();
  cmd->add_option("--units", o->units, "Hidden layer sizes, comma-separated")->capture_default_str();
  cmd->add_option("--learning-rate", o->train.learning_rate, "Adam learning rate")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--epochs", o->train.epochs, "Most epochs of the best-epoch search")->check(CLI::Range(1, 100000))->capture_default_str();
  cmd->add_option("--patience", o->train.patience, "Early-stopping patience")->check(CLI::Range(0, 100000))->capture_default_str();
  cmd->add_option("--batch-size", o->train.batch_size, "Mini-batch size")->check(CLI::Range(1, 1 << 20))->capture_default_str();
  cmd->add_option("--dropout", o->train.dropout, "Dropout rate after each hidden layer")->check(CLI::Range(0.0, 0.95))->capture_default_str();
  cmd->add_option("--monitor", o->train.monitor, "Early-stopping monitor")
      ->check(CLI::IsMember({"val_loss", "val_accuracy", "loss", "accuracy"}))
      ->capture_default_str();
  cmd->add_option("--seed", o->train.seed, "Random seed")->capture_default_str();
  cmd->add_option("--split", o->split, "notebook (60/20/20 in table order) | temporal (by session date)")
      ->check(CLI::IsMember({"notebook", "temporal"}))
      ->capture_default_str();
  cmd->add_option("--features", o->features, "Feature definition: notebook | v2 (no label leak)")
      ->check(CLI::IsMember({"notebook", "v2"}))
      ->capture_default_str();
  cmd->add_option("--threads", o->train.threads, "Worker threads (0: all cores)")->check(CLI::Range(0, 1024))->capture_default_str();
  cmd->add_flag("--quiet", o->quiet, "No progress on stderr");
  cmd->callback([o] {
    o->train.units = parse_units(o->units);
    o->train.split = split_kind_by_name(o->split);
    o->train.features = definition_by_name(o->features);
    o->data.names_as_written = o->train.features.name == "notebook";
    const auto t0 = std::chrono::steady_clock::now();
    const LoadedData loaded = load_data_with_fingerprint(o->data);
    const double ingest_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    auto say = [o](const std::string& line) {
      if (!o->quiet) std::cerr << "exertrack: " << line << "\n";
    };
    TrainResult result = run_training(loaded.log, loaded.sha256, o->train, say);
    result.metrics["timings_s"]["ingest"] = ingest_s;
    write_run_directory(o->out, result);
    std::cout << "test accuracy " << result.test_metrics.accuracy << ", macro F1 " << result.test_metrics.f1_macro
              << ", loss " << result.test_eval.loss << " (best epoch " << result.best_epoch << "); wrote " << o->out
              << "\n";
  });
}

}  // namespace exertrack::cli
