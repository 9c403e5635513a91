#include <charconv>
#include <iomanip>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "core/util/error.hpp"
#include "notebook/predict/json_out.hpp"
#include "notebook/predict/predictor.hpp"

using exertrack::core::util::InputError;
using exertrack::notebook::features::FeatureVector;
using exertrack::notebook::features::kClassNames;
using exertrack::notebook::features::kFeatureCount;
using exertrack::notebook::features::kFeatureNames;
using exertrack::notebook::predict::Prediction;
using exertrack::notebook::predict::Predictor;

namespace exertrack::cli {
namespace {

// "WC,RC,WMA,RMA" -> the four model features; "inf"/"-inf" are accepted (the
// model sees them as 0, as in training).
FeatureVector parse_features(const std::string& text) {
  std::array<double, kFeatureCount> v{};
  std::size_t start = 0;
  for (int i = 0; i < kFeatureCount; ++i) {
    const std::size_t comma = text.find(',', start);
    if ((comma == std::string::npos) != (i == kFeatureCount - 1)) {
      throw InputError("--features: expected 4 comma-separated numbers (Weight Change %, Reps Change %, Weight Moving "
                       "Average, Reps Moving Average), got '" + text + "'");
    }
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    const char* first = item.data();
    if (!item.empty() && *first == '+') ++first;
    const auto [ptr, ec] = std::from_chars(first, item.data() + item.size(), v[static_cast<std::size_t>(i)]);
    if (item.empty() || ec != std::errc() || ptr != item.data() + item.size() || std::isnan(v[static_cast<std::size_t>(i)])) {
      throw InputError("--features: '" + item + "' (" + std::string(kFeatureNames[static_cast<std::size_t>(i)]) +
                       ") is not a number");
    }
    start = comma + 1;
  }
  return {v[0], v[1], v[2], v[3]};
}

}  // namespace

void add_predict_command(CLI::App& app) {
  struct Options {
    std::string model;
    std::string features;
    bool json = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("predict", "The model's label and class probabilities for one feature vector");
  cmd->add_option("--model", o->model, "Model directory (model.json + shards)")->required();
  cmd->add_option("--features", o->features,
                  "Weight Change %,Reps Change %,Weight Moving Average,Reps Moving Average (raw, weights in kg)")
      ->required();
  cmd->add_flag("--json", o->json, "Print JSON");
  cmd->callback([o] {
    const FeatureVector f = parse_features(o->features);
    const Predictor predictor = Predictor::load(o->model);
    const Prediction p = predictor.predict(f);
    if (o->json) {
      std::string out;
      append_prediction_json(out, p);
      std::cout << out << "\n";
      return;
    }
    std::cout << kClassNames[static_cast<std::size_t>(p.label)] << "\n";
    for (std::size_t c = 0; c < kClassNames.size(); ++c) {
      std::cout << "  " << std::left << std::setw(32) << kClassNames[c] << std::fixed << std::setprecision(4)
                << p.probabilities[c] << "\n";
    }
  });
}

}  // namespace exertrack::cli
