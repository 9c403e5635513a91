#pragma once
// The Hyperband search space (notebook step 9) and one point in it.
//
// JSON form (docs/search-space.schema.json; every key optional; missing
// keys keep the notebook's values):
//   {
//     "units": [{"min": 32, "max": 512, "step": 32}, {"min": 32, "max": 256, "step": 32}],
//     "learning_rate": [0.01, 0.001, 0.0001],
//     "dropout": [0.0],          // optional dimension: give several values to tune it
//     "batch_size": [32]         // optional dimension
//   }
// "units" has one range per hidden layer; a range may also be a plain
// integer (a fixed width).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace exertrack::notebook::tune {

// keras_tuner hp.Int(min_value, max_value, step): min, min+step, ... <= max.
struct IntRange {
  int min = 32;
  int max = 512;
  int step = 32;

  [[nodiscard]] std::vector<int> values() const;
  friend bool operator==(const IntRange&, const IntRange&) = default;
};

struct SearchSpace {
  std::vector<IntRange> units{{32, 512, 32}, {32, 256, 32}};
  std::vector<double> learning_rates{1e-2, 1e-3, 1e-4};
  std::vector<double> dropout{0.0};
  std::vector<int> batch_sizes{32};

  friend bool operator==(const SearchSpace&, const SearchSpace&) = default;
};

// Throws InputError naming the dimension if a range is empty (min > max),
// step <= 0, a size <= 0, a learning rate <= 0 or not finite, a dropout
// outside [0, 1), a batch size <= 0, or a choice list is empty.
void validate(const SearchSpace& space);

// Throws InputError ("search space: learning_rate[1]: expected a number,
// got \"fast\"") on unknown keys, wrong types and invalid values.
[[nodiscard]] SearchSpace search_space_from_json(const nlohmann::json& j);
// Reads and parses a JSON file; errors name the file (and the JSON parse
// position for syntax errors).
[[nodiscard]] SearchSpace load_search_space(const std::filesystem::path& path);
[[nodiscard]] nlohmann::json to_json(const SearchSpace& space);

// Flag helpers for the CLI. "32:512:32" (min:max:step) or "64" (fixed).
[[nodiscard]] IntRange parse_int_range(std::string_view text);
// "0.01,0.001,1e-4" -> {0.01, 0.001, 0.0001}.
[[nodiscard]] std::vector<double> parse_number_list(std::string_view text);

// One sampled point: the model and fit settings of a trial.
struct Hyperparameters {
  std::vector<int> units{128, 64};
  double learning_rate = 1e-3;
  double dropout = 0.0;
  int batch_size = 32;

  friend bool operator==(const Hyperparameters&, const Hyperparameters&) = default;
};

// {"units": [..], "units_1": .., "units_2": .., "learning_rate": .., "dropout": .., "batch_size": ..}
// (units_N are Keras-Tuner-style names for the same widths).
void to_json(nlohmann::json& j, const Hyperparameters& hp);

}  // namespace exertrack::notebook::tune
