// export_parity <out_dir> [--data <workouts.csv>] [--model <model_dir>]
//
// Writes what exertrack computes on the real data, for js/tests/parity.test.js
// (EXERTRACK_PARITY=<out_dir>/parity.json) to reproduce with plain tfjs:
//   <out_dir>/parity.json: the test rows (raw, unstandardized model features),
//     their rule labels, and exertrack's class probabilities for each row.
//   <out_dir>/model/: the model (only without --model).
// Without --model it trains a small model the way the pipeline does (the
// 721 file, notebook features, the notebook's 60/20/20 split, StandardScaler
// on train, Adam with early stopping), checks that folding the scaler into the
// first layer changes no probability by more than 1e-5, and exports it with
// its test metrics. With --model it reads an existing export and uses its
// feature definition and metadata.split ("notebook" when absent).
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "core/ingest/workout_log.hpp"
#include "core/util/files.hpp"
#include "notebook/dataset/dataset.hpp"
#include "notebook/export/metadata.hpp"
#include "notebook/export/tfjs.hpp"
#include "notebook/features/features.hpp"
#include "notebook/nn/nn.hpp"
#include "notebook/predict/target.hpp"

namespace {

namespace ex = exertrack;
using nlohmann::json;

int usage() {
  std::fprintf(stderr, "usage: export_parity <out_dir> [--data <workouts.csv>] [--model <model_dir>]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  std::filesystem::path out = argv[1];
  std::filesystem::path data_path = std::filesystem::path(EXERTRACK_DEFAULT_DATA_DIR) / "weightlifting_721_workouts.csv";
  if (const char* env = std::getenv("EXERTRACK_DATA_DIR"); env != nullptr && *env != '\0') {
    data_path = std::filesystem::path(env) / "weightlifting_721_workouts.csv";
  }
  std::filesystem::path model_in;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
      data_path = argv[++i];
    } else if (std::strcmp(argv[i], "--model") == 0 && i + 1 < argc) {
      model_in = argv[++i];
    } else {
      return usage();
    }
  }
  try {
    std::optional<ex::notebook::export_::LoadedModel> loaded;
    ex::notebook::features::FeatureDefinition def = ex::notebook::features::notebook_definition();
    std::string split_name = "notebook";
    if (!model_in.empty()) {
      loaded = ex::notebook::export_::read_tfjs_model(model_in);
      def = loaded->definition;
      if (loaded->metadata.contains("split") && loaded->metadata.at("split").is_string()) {
        split_name = loaded->metadata.at("split").get<std::string>();
      }
    }
    const std::string bytes = ex::core::util::read_file(data_path);
    const ex::core::ingest::WorkoutLog log = ex::core::ingest::parse_workout_log(bytes, data_path.string());
    const ex::notebook::features::FeatureTable table = ex::notebook::features::build_feature_table(log, def);
    const ex::notebook::dataset::Dataset data = ex::notebook::dataset::dataset_from_table(table);
    const ex::notebook::dataset::Split split = ex::notebook::dataset::make_split(data, ex::notebook::dataset::split_kind_by_name(split_name));
    const Eigen::MatrixXd x_test = ex::notebook::dataset::take_rows(data.x, split.test);
    const std::vector<int> y_test = ex::notebook::dataset::take(data.y, split.test);

    std::filesystem::path model_dir = model_in;
    ex::notebook::nn::Mlp raw_model;
    double accuracy = 0;
    if (loaded) {
      raw_model = loaded->model;
      const json& m = loaded->metadata;
      if (m.contains("test_metrics") && m["test_metrics"].contains("accuracy") && m["test_metrics"]["accuracy"].is_number()) {
        accuracy = m["test_metrics"]["accuracy"].get<double>();
      } else {
        accuracy = std::nan("");
      }
    } else {
      const Eigen::MatrixXd x_train = ex::notebook::dataset::take_rows(data.x, split.train);
      const ex::notebook::dataset::Standardizer st = ex::notebook::dataset::fit_standardizer(x_train);
      ex::notebook::nn::Rng rng(42);
      const std::vector<int> hidden{32, 16};
      ex::notebook::nn::Mlp model = ex::notebook::nn::make_mlp(4, hidden, 3, 0.0F, rng);
      ex::notebook::nn::AdamState adam;
      ex::notebook::nn::FitOptions opt;
      opt.learning_rate = 1e-2;
      opt.epochs = 20;
      opt.early_stopping = ex::notebook::nn::EarlyStoppingOptions{};
      opt.early_stopping->patience = 4;
      opt.early_stopping->restore_best_weights = true;
      const std::vector<int> y_train = ex::notebook::dataset::take(data.y, split.train);
      const std::vector<int> y_val = ex::notebook::dataset::take(data.y, split.val);
      (void)ex::notebook::nn::fit(model, adam, ex::notebook::dataset::standardize(st, x_train), y_train,
                        ex::notebook::dataset::standardize(st, ex::notebook::dataset::take_rows(data.x, split.val)), y_val, opt, rng);
      const Eigen::MatrixXf xs_test = ex::notebook::dataset::standardize(st, x_test);
      const ex::notebook::nn::EvalResult ev = ex::notebook::nn::evaluate(model, xs_test, y_test);
      accuracy = ev.accuracy;

      raw_model = ex::notebook::export_::fold_standardization(model, st);
      const float fold_diff =
          (ex::notebook::nn::predict_proba(raw_model, x_test.cast<float>()) - ex::notebook::nn::predict_proba(model, xs_test)).cwiseAbs().maxCoeff();
      std::printf("folding: max |dp| over %zu test rows = %.3g\n", split.test.size(), static_cast<double>(fold_diff));
      if (!(fold_diff <= 1e-5F)) {
        std::fprintf(stderr, "export_parity: error: folded model differs by %g > 1e-5\n", static_cast<double>(fold_diff));
        return 1;
      }
      const json meta = ex::notebook::export_::make_model_metadata(
          def, st, ex::core::util::sha256_hex(bytes), json{{"accuracy", ev.accuracy}, {"loss", ev.loss}, {"rows", split.test.size()}},
          json{{"split", split_name}, {"hidden_units", hidden}, {"learning_rate", opt.learning_rate}, {"seed", 42},
               {"note", "export_parity: small model trained for the Node.js parity test"},
               {"target_rule", ex::notebook::predict::target_rules_to_json(ex::notebook::predict::TargetRules{})}});
      model_dir = out / "model";
      ex::notebook::export_::write_tfjs_model(model_dir, raw_model, meta);
      raw_model = ex::notebook::export_::read_tfjs_model(model_dir).model;  // what a consumer reads
    }

    const Eigen::MatrixXf p = ex::notebook::nn::predict_proba(raw_model, x_test.cast<float>());
    json rows = json::array();
    json probs = json::array();
    std::size_t agree = 0;
    for (Eigen::Index i = 0; i < x_test.rows(); ++i) {
      rows.push_back({x_test(i, 0), x_test(i, 1), x_test(i, 2), x_test(i, 3)});
      probs.push_back({p(i, 0), p(i, 1), p(i, 2)});
      Eigen::Index best = 0;
      p.row(i).maxCoeff(&best);
      if (best == y_test[static_cast<std::size_t>(i)]) ++agree;
    }
    json parity;
    parity["generator"] = "exertrack tests/notebook/export/export_parity.cpp";
    parity["model_dir"] = std::filesystem::absolute(model_dir).string();
    parity["data_file"] = data_path.string();
    parity["split"] = split_name;
    parity["test_accuracy"] = accuracy;  // as recorded in the model's metadata
    parity["exported_model_agreement"] = static_cast<double>(agree) / static_cast<double>(x_test.rows());
    parity["rows"] = std::move(rows);
    parity["rule_labels"] = y_test;
    parity["probabilities"] = std::move(probs);
    ex::core::util::write_file_atomic(out / "parity.json", parity.dump() + "\n");
    std::printf("%s: %lld test rows, test accuracy %.4f, exported model agrees with the rule on %.4f\n",
                (out / "parity.json").c_str(), static_cast<long long>(x_test.rows()), accuracy,
                parity["exported_model_agreement"].get<double>());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "export_parity: error: %s\n", e.what());
    return 1;
  }
}
