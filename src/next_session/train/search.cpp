#include "next_session/train/search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <random>

#include "core/util/error.hpp"
#include "next_session/train/boosting.hpp"

namespace xgb = exertrack::next_session::train::xgb;
using exertrack::core::util::InputError;
using exertrack::next_session::model::kActionCount;
using exertrack::next_session::model::session_feature_count;

namespace exertrack::next_session::train {
namespace {

// Hyperband's schedule: for each bracket s = s_max .. 0, n configurations
// at r units, then successive halving. Units are min_rounds rounds.
struct Bracket {
  int s = 0;
  int n = 0;       // configurations drawn
  double r = 0;    // units each gets in the first rung
};

int s_max_of(const BoostingSearchOptions& o) {
  const double units = static_cast<double>(o.max_rounds) / o.min_rounds;
  // The small epsilon keeps log(27)/log(3) from landing just below 3.
  return static_cast<int>(std::floor(std::log(units) / std::log(static_cast<double>(o.factor)) + 1e-9));
}

std::vector<Bracket> schedule(const BoostingSearchOptions& o) {
  const int s_max = s_max_of(o);
  const double units = static_cast<double>(o.max_rounds) / o.min_rounds;
  std::vector<Bracket> out;
  for (int s = s_max; s >= 0; --s) {
    const int n = static_cast<int>(std::ceil(static_cast<double>(s_max + 1) / (s + 1) * std::pow(o.factor, s)));
    out.push_back({s, n, units * std::pow(o.factor, -s)});
  }
  return out;
}

// Rung i of a bracket: how many configurations and how many rounds each.
int rung_size(const Bracket& b, int i, int factor) {
  return std::max(1, static_cast<int>(std::floor(b.n * std::pow(factor, -i))));
}
int rung_rounds(const Bracket& b, int i, const BoostingSearchOptions& o) {
  return std::clamp(static_cast<int>(std::lround(b.r * std::pow(o.factor, i) * o.min_rounds)), 1, o.max_rounds);
}

void validate(const BoostingSearchOptions& o) {
  const BoostingSpace& sp = o.space;
  if (sp.max_depth.empty() || sp.eta.empty() || sp.min_child_weight.empty()) {
    throw InputError("next-session search: every dimension needs at least one value");
  }
  for (int d : sp.max_depth) {
    if (d < 1 || d > 16) throw InputError("next-session search: max_depth " + std::to_string(d) + " is outside 1..16");
  }
  for (double e : sp.eta) {
    if (!(e > 0 && e <= 1)) throw InputError("next-session search: eta " + number(e) + " is outside (0, 1]");
  }
  for (double w : sp.min_child_weight) {
    if (!(w >= 0) || !std::isfinite(w)) throw InputError("next-session search: min_child_weight " + number(w) + " is not >= 0");
  }
  if (o.factor < 2) throw InputError("next-session search: --factor must be at least 2");
  if (o.min_rounds < 1 || o.max_rounds < o.min_rounds) {
    throw InputError("next-session search: rounds must satisfy 1 <= min_rounds <= max_rounds");
  }
}

// Mean log loss and accuracy of softmax rows against labels.
std::pair<double, double> score(std::span<const float> probs, std::span<const float> labels) {
  double loss = 0, hits = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto label = static_cast<std::size_t>(labels[i]);
    const float* row = probs.data() + i * kActionCount;
    loss -= std::log(std::max(static_cast<double>(row[label]), 1e-12));
    hits += static_cast<std::size_t>(std::max_element(row, row + kActionCount) - row) == label ? 1 : 0;
  }
  const auto n = static_cast<double>(labels.size());
  return {loss / n, hits / n};
}

// A configuration and its booster, continued rung after rung.
struct Candidate {
  int config = 0;
  HeadOptions head;
  std::unique_ptr<xgb::Booster> booster;
  int rounds = 0;
  double loss = std::numeric_limits<double>::infinity();
};

}  // namespace

int boosting_search_size(const BoostingSearchOptions& options) {
  int total = 0;
  for (const Bracket& b : schedule(options)) {
    for (int i = 0; i <= b.s; ++i) total += rung_size(b, i, options.factor);
  }
  return total;
}

BoostingSearch search_action_head(std::span<const Lifter> lifters, std::span<const TransitionRef> train,
                                  const ForecastTrainOptions& options, const BoostingSearchOptions& search,
                                  const std::function<void(const BoostingTrial&)>& progress) {
  validate(search);
  const auto [fit_part, val_part] = calibration_split(lifters, train, options);
  if (fit_part.size() < 20 || val_part.size() < 20) {
    throw InputError("next-session search: needs at least 20 transitions to learn from and 20 to score on, got " +
                     std::to_string(fit_part.size()) + " and " + std::to_string(val_part.size()));
  }
  const auto cols = static_cast<std::size_t>(session_feature_count());
  const HeadRows fit_rows = head_rows(lifters, fit_part, options.definition).action;
  const HeadRows val_rows = head_rows(lifters, val_part, options.definition).action;
  const xgb::Matrix fit_m = matrix_of(fit_rows, cols);
  const xgb::Matrix val_m = matrix_of(val_rows, cols);

  BoostingSearch out;
  out.fit_transitions = fit_part.size();
  out.validation_transitions = val_part.size();
  // Configurations drawn from the grid with the run's seed; the raw 64-bit
  // draws (not std::uniform_int_distribution, whose algorithm the standard
  // leaves to the library) keep the draw the same everywhere.
  std::mt19937_64 rng(options.seed);
  const BoostingSpace& sp = search.space;
  const auto pick = [&rng](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  int next_config = 0;
  for (const Bracket& b : schedule(search)) {
    std::vector<Candidate> alive;
    for (int k = 0; k < b.n; ++k) {
      Candidate c;
      c.config = next_config++;
      c.head = options.action;
      c.head.max_depth = sp.max_depth[pick(sp.max_depth.size())];
      c.head.eta = sp.eta[pick(sp.eta.size())];
      c.head.min_child_weight = sp.min_child_weight[pick(sp.min_child_weight.size())];
      alive.push_back(std::move(c));
    }
    for (int i = 0; i <= b.s; ++i) {
      const int rounds = rung_rounds(b, i, search);
      for (Candidate& c : alive) {
        if (!c.booster) c.booster = std::make_unique<xgb::Booster>(new_booster(fit_m, Head{"multi:softprob", c.head}, options));
        for (; c.rounds < rounds; ++c.rounds) c.booster->update(c.rounds, fit_m);
        const auto [loss, accuracy] = score(c.booster->predict(val_m), val_rows.y);
        c.loss = loss;
        BoostingTrial t{c.config, b.s, c.head, c.rounds, loss, accuracy};
        t.head.rounds = c.rounds;
        out.trials.push_back(t);
        if (out.best < 0 || loss < out.trials[static_cast<std::size_t>(out.best)].val_log_loss) {
          out.best = static_cast<int>(out.trials.size()) - 1;
        }
        if (progress) progress(t);
      }
      // Keep the best 1/factor (stable: earlier configurations win ties).
      const auto keep = static_cast<std::size_t>(rung_size(b, i + 1, search.factor));
      std::stable_sort(alive.begin(), alive.end(), [](const Candidate& a, const Candidate& c) { return a.loss < c.loss; });
      if (alive.size() > keep) alive.resize(keep);
    }
  }
  return out;
}

ForecastTrainOptions with_best_action_head(ForecastTrainOptions options, const BoostingSearch& search) {
  if (search.best < 0) return options;
  const HeadOptions& best = search.trials[static_cast<std::size_t>(search.best)].head;
  options.action = best;
  return options;
}

nlohmann::json search_to_json(const BoostingSearch& search, const BoostingSearchOptions& options) {
  nlohmann::json trials = nlohmann::json::array();
  for (const BoostingTrial& t : search.trials) {
    trials.push_back({{"config", t.config},
                      {"bracket", t.bracket},
                      {"rounds", t.rounds},
                      {"max_depth", t.head.max_depth},
                      {"eta", t.head.eta},
                      {"min_child_weight", t.head.min_child_weight},
                      {"val_log_loss", t.val_log_loss},
                      {"val_accuracy", t.val_accuracy}});
  }
  return {{"method", "hyperband"},
          {"head", "action"},
          {"space",
           {{"max_depth", options.space.max_depth},
            {"eta", options.space.eta},
            {"min_child_weight", options.space.min_child_weight}}},
          {"max_rounds", options.max_rounds},
          {"min_rounds", options.min_rounds},
          {"factor", options.factor},
          {"fit_transitions", search.fit_transitions},
          {"validation_transitions", search.validation_transitions},
          {"best", search.best},
          {"trials", trials}};
}

}  // namespace exertrack::next_session::train
