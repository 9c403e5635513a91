#pragma once
// Hyperband (Li et al., 2018) for the next-session model's action head: the
// resource is boosting rounds, so a configuration that survives a round of
// successive halving continues its booster rather than starting over. Each
// configuration learns from the calibration split's first part and is
// scored by log loss on the second (whole lifters it never saw and the
// latest sessions of the others: boosting.hpp), the situations a served
// model meets. The regression heads keep their settings: the search is for
// the head whose choice the lifter sees first.
#include <functional>
#include <nlohmann/json.hpp>
#include <span>
#include <vector>

#include "next_session/train/train.hpp"

namespace exertrack::next_session::train {

// The grid configurations are drawn from.
struct BoostingSpace {
  std::vector<int> max_depth{1, 2, 3, 4};
  std::vector<double> eta{0.05, 0.1, 0.2};
  std::vector<double> min_child_weight{10, 50, 200};
};

struct BoostingSearchOptions {
  BoostingSpace space;
  int max_rounds = 300;  // the most rounds one configuration gets (Hyperband's R, in rounds)
  int min_rounds = 10;   // the fewest (R's unit)
  int factor = 3;        // Hyperband's eta: the share kept after each halving is 1/factor
};

// One configuration scored after some rounds. A configuration that goes on
// keeps its id and appears again with more rounds.
struct BoostingTrial {
  int config = 0;   // id of the configuration, in the order drawn
  int bracket = 0;  // Hyperband's s
  HeadOptions head;
  int rounds = 0;
  double val_log_loss = 0;
  double val_accuracy = 0;
};

struct BoostingSearch {
  std::vector<BoostingTrial> trials;  // in the order scored
  int best = -1;                      // index into trials: lowest log loss (earliest on ties)
  std::size_t fit_transitions = 0, validation_transitions = 0;
};

// The number of scorings the search will make (for progress lines).
[[nodiscard]] int boosting_search_size(const BoostingSearchOptions& options);

// Throws InputError when the space is empty or invalid, or when there are
// too few transitions to hold some out.
[[nodiscard]] BoostingSearch search_action_head(std::span<const Lifter> lifters, std::span<const TransitionRef> train,
                                                const ForecastTrainOptions& options, const BoostingSearchOptions& search,
                                                const std::function<void(const BoostingTrial&)>& progress = {});

// options with the best trial's settings for the action head.
[[nodiscard]] ForecastTrainOptions with_best_action_head(ForecastTrainOptions options, const BoostingSearch& search);

[[nodiscard]] nlohmann::json search_to_json(const BoostingSearch& search, const BoostingSearchOptions& options);

}  // namespace exertrack::next_session::train
