// Hyperband over the action head (next_session/train/search.hpp), on synthetic
// lifters read as files are: the schedule, the choice, determinism.
#include "next_session/train/search.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/ingest/workout_log.hpp"
#include "core/units/loads.hpp"
#include "core/util/error.hpp"
#include "next_session/train/lifters.hpp"
#include "synth/synth.hpp"

using exertrack::core::ingest::parse_workout_log;
using exertrack::core::ingest::ReadOptions;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::units::logged_unit;
using exertrack::core::util::InputError;
using exertrack::next_session::model::ForecastDefinition;
using exertrack::synth::SynthCohortOptions;
using exertrack::synth::SynthLifter;

namespace exertrack::next_session::train {
namespace {

std::vector<Lifter> synthetic(int n) {
  SynthCohortOptions cohort;
  cohort.lifters = n;
  std::vector<Lifter> out;
  ReadOptions read;
  read.detect_unit = true;
  for (const SynthLifter& l : synth_lifters(cohort)) {
    const WorkoutLog log = parse_workout_log(l.csv, l.name, read);
    out.push_back(lifter_from_log(log, l.name, logged_unit(log, read.default_unit), ForecastDefinition{}));
  }
  return out;
}

BoostingSearchOptions small() {
  BoostingSearchOptions o;
  o.space.max_depth = {1, 2};
  o.space.eta = {0.1, 0.3};
  o.space.min_child_weight = {5, 50};
  o.max_rounds = 27;
  o.min_rounds = 3;  // 9 units: brackets s = 2, 1, 0
  o.factor = 3;
  return o;
}

TEST(BoostingSearch, HyperbandScheduleChoiceAndDeterminism) {
  const auto lifters = synthetic(4);
  ForecastTrainOptions options;
  options.threads = 1;
  const auto all = all_transitions(lifters);
  const BoostingSearchOptions o = small();
  const BoostingSearch a = search_action_head(lifters, all, options, o);
  // Brackets (n, rungs): s=2: 9 at 3 rounds, 3 at 9, 1 at 27; s=1: 5 at 9,
  // 1 at 27; s=0: 3 at 27.
  ASSERT_EQ(static_cast<int>(a.trials.size()), boosting_search_size(o));
  EXPECT_EQ(a.trials.size(), 9U + 3U + 1U + 5U + 1U + 3U);
  std::multiset<int> rounds;
  for (const auto& t : a.trials) rounds.insert(t.rounds);
  EXPECT_EQ(rounds.count(3), 9U);
  EXPECT_EQ(rounds.count(9), 8U);
  EXPECT_EQ(rounds.count(27), 5U);
  // Survivors continue: a configuration scored twice has more rounds the second time.
  for (std::size_t i = 0; i < a.trials.size(); ++i) {
    for (std::size_t j = i + 1; j < a.trials.size(); ++j) {
      if (a.trials[i].config == a.trials[j].config) {
        EXPECT_LT(a.trials[i].rounds, a.trials[j].rounds);
      }
    }
  }
  // The best is the lowest validation log loss, and it is what training gets.
  ASSERT_GE(a.best, 0);
  for (const auto& t : a.trials) EXPECT_GE(t.val_log_loss, a.trials[static_cast<std::size_t>(a.best)].val_log_loss);
  const ForecastTrainOptions tuned = with_best_action_head(options, a);
  EXPECT_EQ(tuned.action.rounds, a.trials[static_cast<std::size_t>(a.best)].rounds);
  EXPECT_EQ(tuned.action.max_depth, a.trials[static_cast<std::size_t>(a.best)].head.max_depth);
  EXPECT_EQ(tuned.weight.rounds, options.weight.rounds);  // the other heads keep theirs
  // Same data, same seed: the same search, for any thread count.
  options.threads = 2;
  const BoostingSearch b = search_action_head(lifters, all, options, o);
  EXPECT_EQ(search_to_json(a, o), search_to_json(b, o));
  const auto j = search_to_json(a, o);
  EXPECT_EQ(j.at("trials").size(), a.trials.size());
  EXPECT_GT(j.at("validation_transitions").get<std::size_t>(), 0U);
}

TEST(BoostingSearch, BadSpacesAndTooLittleDataAreInputErrors) {
  const auto lifters = synthetic(4);
  const auto all = all_transitions(lifters);
  BoostingSearchOptions o = small();
  o.space.eta = {};
  EXPECT_THROW((void)search_action_head(lifters, all, ForecastTrainOptions{}, o), InputError);
  o = small();
  o.space.max_depth = {0};
  EXPECT_THROW((void)search_action_head(lifters, all, ForecastTrainOptions{}, o), InputError);
  o = small();
  o.factor = 1;
  EXPECT_THROW((void)search_action_head(lifters, all, ForecastTrainOptions{}, o), InputError);
  const std::vector<TransitionRef> few(all.begin(), all.begin() + 10);
  EXPECT_THROW((void)search_action_head(lifters, few, ForecastTrainOptions{}, small()), InputError);
}

}  // namespace
}  // namespace exertrack::next_session::train
