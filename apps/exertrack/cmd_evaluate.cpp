#include <iostream>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "core/util/error.hpp"
#include "lifter_data.hpp"
#include "shipped_model.hpp"
#include "next_session/train/evaluate.hpp"

namespace forecast = exertrack::next_session::train;
using exertrack::next_session::model::ForecastModel;
using exertrack::notebook::predict::Predictor;

namespace exertrack::cli {

void add_evaluate_command(CLI::App& app) {
  struct Options {
    DataOptions data;
    bool quiet = false;
    std::string task = "next-session";
    std::string protocol = "lolo";
    std::string model;
    bool json = false;
    std::string notebook_model;
    int folds = forecast::EvaluateOptions{}.folds;
    forecast::ForecastTrainOptions train;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "evaluate", "Judge the next-session forecast on sessions it never saw, beside the baselines a coach would use");
  add_data_options(*cmd, o->data, /*many_files=*/true);
  cmd->add_option("--task", o->task, "What to evaluate (next-session)")->check(CLI::IsMember({"next-session"}))->capture_default_str();
  cmd->add_option("--protocol", o->protocol,
                  "temporal: each lifter's latest 20% of sessions are test; lolo: leave one lifter out; kfold: --folds "
                  "folds of whole lifters")
      ->check(CLI::IsMember({"temporal", "lolo", "kfold"}))
      ->capture_default_str();
  cmd->add_option("--folds", o->folds, "Folds of whole lifters for --protocol kfold (lifter i in fold i mod folds)")
      ->check(CLI::Range(2, 100000))
      ->capture_default_str();
  cmd->add_option("--model", o->model,
                  "A trained next-session model (run or model directory): judge it on --data instead; --model alone "
                  "judges the shipped model")
      ->expected(0, 1);
  add_forecast_train_options(*cmd, o->train);
  cmd->add_option("--seed", o->train.seed, "Seed (row and column subsampling)")->capture_default_str();
  cmd->add_option("--threads", o->train.threads, "Threads (0: all cores; results do not depend on it)")->capture_default_str();
  cmd->add_option("--notebook-model", o->notebook_model,
                  "A notebook-task model (run or model directory) whose recommendation is scored as a baseline");
  cmd->add_flag("--json", o->json, "Print the evaluation as JSON");
  cmd->add_flag("--quiet", o->quiet, "No per-file reading summary on stderr");
  cmd->callback([o, cmd] {
    forecast::EvaluateOptions options;
    options.train = o->train;
    options.folds = o->folds;
    std::optional<Predictor> notebook;
    if (!o->notebook_model.empty()) notebook.emplace(Predictor::load(o->notebook_model));
    options.notebook = notebook ? &*notebook : nullptr;
    forecast::Evaluation e;
    if (cmd->count("--model") > 0) {
      reject_flags(*cmd, kForecastTrainFlags, "trains a model; --model judges one already trained");
      reject_flags(*cmd, {"--protocol", "--seed", "--folds"}, "splits for training; --model judges a trained model on all of --data");
      const std::filesystem::path dir = model_dir_or_shipped(o->model);
      const ForecastModel model = ForecastModel::read(dir);
      announce_model(dir, model, o->model.empty());
      const auto lifters = load_lifters(o->data, model.definition, o->quiet);
      e = forecast::evaluate_trained(lifters, model, options);
    } else {
      if (o->protocol != "kfold") reject_flags(*cmd, {"--folds"}, "is for --protocol kfold");
      const auto lifters = load_lifters(o->data, options.train.definition, o->quiet);
      e = forecast::evaluate_protocol(lifters, o->protocol, options);
    }
    if (o->json) std::cout << forecast::evaluation_to_json(e).dump(2) << "\n";
    else std::cout << forecast::evaluation_table(e);
  });
}

}  // namespace exertrack::cli
