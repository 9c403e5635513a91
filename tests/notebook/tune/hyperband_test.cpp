#include "notebook/tune/hyperband.hpp"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <chrono>

#include "core/util/error.hpp"
#include "notebook/nn/mlp.hpp"
#include "notebook/tune/synthetic.hpp"

namespace nn = exertrack::notebook::nn;
using exertrack::core::util::InputError;

namespace exertrack::notebook::tune {
namespace {

// ---- schedule -------------------------------------------------------------

TEST(HyperbandSchedule, NotebookSettings) {
  // max_epochs 20, factor 3: bracket 2 runs 12 new trials for 3 epochs,
  // promotes 4 to 7 epochs, then 2 to 20; bracket 1 runs 6 for 7 epochs and
  // promotes 2 to 20; bracket 0 runs 4 for 20 epochs. 30 trials.
  EXPECT_EQ(hyperband_brackets(20, 3), 3);
  const auto s = hyperband_schedule(20, 3, 1);
  ASSERT_EQ(s.size(), 30U);
  struct Round {
    int bracket, round, size, epochs, initial_epoch;
  };
  const std::vector<Round> expected{{2, 0, 12, 3, 0}, {2, 1, 4, 7, 3}, {2, 2, 2, 20, 7},
                                    {1, 0, 6, 7, 0},  {1, 1, 2, 20, 7}, {0, 0, 4, 20, 0}};
  std::size_t id = 0;
  for (const Round& r : expected) {
    for (int i = 0; i < r.size; ++i, ++id) {
      ASSERT_LT(id, s.size());
      EXPECT_EQ(s[id].id, static_cast<int>(id));
      EXPECT_EQ(s[id].iteration, 0);
      EXPECT_EQ(s[id].bracket, r.bracket) << "trial " << id;
      EXPECT_EQ(s[id].round, r.round) << "trial " << id;
      EXPECT_EQ(s[id].epochs, r.epochs) << "trial " << id;
      EXPECT_EQ(s[id].initial_epoch, r.initial_epoch) << "trial " << id;
      EXPECT_EQ(s[id].rank, i);
    }
  }
}

TEST(HyperbandSchedule, MatchesKerasTunerArithmetic) {
  // Golden values from keras_tuner's formulas evaluated in CPython 3
  // (math.ceil / math.log(x, base) / float division).
  struct Case {
    int max_epochs, factor;
    std::vector<std::vector<int>> sizes, epochs;  // [bracket][round]
  };
  const std::vector<Case> cases{
      {9, 3, {{3}, {5, 2}, {9, 3, 1}}, {{9}, {3, 9}, {1, 3, 9}}},
      {27, 3, {{4}, {6, 2}, {12, 4, 2}, {27, 9, 3, 1}}, {{27}, {9, 27}, {3, 9, 27}, {1, 3, 9, 27}}},
      {81, 3, {{5}, {8, 3}, {15, 5, 2}, {34, 12, 4, 2}, {81, 27, 9, 3, 1}},
       {{81}, {27, 81}, {9, 27, 81}, {3, 9, 27, 81}, {1, 3, 9, 27, 81}}},
      {10, 2, {{5}, {5, 3}, {7, 4, 2}, {10, 5, 3, 2}}, {{10}, {5, 10}, {3, 5, 10}, {2, 3, 5, 10}}},
      {100, 3, {{6}, {9, 3}, {18, 6, 2}, {41, 14, 5, 2}, {98, 33, 11, 4, 2}},
       {{100}, {34, 100}, {12, 34, 100}, {4, 12, 34, 100}, {2, 4, 12, 34, 100}}},
      {1, 3, {{1}}, {{1}}},
      {2, 2, {{2}, {2, 1}}, {{2}, {1, 2}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.max_epochs) + "/" + std::to_string(c.factor));
    const int brackets = hyperband_brackets(c.max_epochs, c.factor);
    ASSERT_EQ(brackets, static_cast<int>(c.sizes.size()));
    for (int b = 0; b < brackets; ++b) {
      for (int r = 0; r <= b; ++r) {
        EXPECT_EQ(hyperband_round_size(c.max_epochs, c.factor, b, r), c.sizes[static_cast<std::size_t>(b)][static_cast<std::size_t>(r)]);
        EXPECT_EQ(hyperband_round_epochs(c.max_epochs, c.factor, b, r), c.epochs[static_cast<std::size_t>(b)][static_cast<std::size_t>(r)]);
      }
    }
  }
  EXPECT_THROW((void)hyperband_brackets(20, 1), InputError);
  EXPECT_THROW((void)hyperband_brackets(0, 3), InputError);
  EXPECT_THROW((void)hyperband_schedule(20, 3, 0), InputError);
}

TEST(HyperbandSchedule, IterationsRepeatFromTheTopBracket) {
  const auto s = hyperband_schedule(20, 3, 2);
  ASSERT_EQ(s.size(), 60U);
  EXPECT_EQ(s[30].iteration, 1);
  EXPECT_EQ(s[30].bracket, 2);
  EXPECT_EQ(s[30].round, 0);
  EXPECT_EQ(s[59].bracket, 0);
}

TEST(HyperbandPromotion, BestFirstTiesToTheEarlierTrial) {
  const std::vector<double> scores{0.90, 0.95, 0.93, 0.95, 0.80, 0.93};
  EXPECT_EQ(rank_by_score(scores), (std::vector<std::size_t>{1, 3, 2, 5, 0, 4}));
}

// ---- sampling ---------------------------------------------------------------

TEST(HyperbandSampler, UniqueInRangeAndSeeded) {
  const SearchSpace space;
  Sampler a(space, 5);
  Sampler b(space, 5);
  std::set<std::tuple<int, int, double>> seen;
  std::set<double> rates;
  for (int i = 0; i < 200; ++i) {
    const auto hp = a.next();
    ASSERT_TRUE(hp.has_value());
    EXPECT_EQ(hp, b.next());
    ASSERT_EQ(hp->units.size(), 2U);
    EXPECT_EQ(hp->units[0] % 32, 0);
    EXPECT_GE(hp->units[0], 32);
    EXPECT_LE(hp->units[0], 512);
    EXPECT_EQ(hp->units[1] % 32, 0);
    EXPECT_LE(hp->units[1], 256);
    EXPECT_EQ(hp->batch_size, 32);
    EXPECT_EQ(hp->dropout, 0.0);
    rates.insert(hp->learning_rate);
    EXPECT_TRUE(seen.insert({hp->units[0], hp->units[1], hp->learning_rate}).second) << "duplicate at draw " << i;
  }
  EXPECT_EQ(rates, (std::set<double>{1e-4, 1e-3, 1e-2}));
  Sampler c(space, 6);
  EXPECT_NE(Sampler(space, 5).next(), c.next());
}

TEST(HyperbandSampler, ExhaustedSpaceEnds) {
  SearchSpace tiny;
  tiny.units = {{8, 16, 8}};
  tiny.learning_rates = {0.01};
  Sampler s(tiny, 1);
  std::set<int> got;
  for (int i = 0; i < 2; ++i) {
    const auto hp = s.next();
    ASSERT_TRUE(hp.has_value());
    got.insert(hp->units[0]);
  }
  EXPECT_EQ(got, (std::set<int>{8, 16}));
  EXPECT_FALSE(s.next().has_value());
}

// ---- the search ---------------------------------------------------------------

struct Split {
  Eigen::MatrixXf x_train, x_val;
  std::vector<int> y_train, y_val;
};

Split small_split() {
  const auto p = testing::make_problem(400, 21);
  Split s;
  s.x_train = p.x.topRows(300).cast<float>();
  s.x_val = p.x.bottomRows(100).cast<float>();
  s.y_train.assign(p.y.begin(), p.y.begin() + 300);
  s.y_val.assign(p.y.begin() + 300, p.y.end());
  return s;
}

SearchSpace small_space() {
  SearchSpace s;
  s.units = {{8, 40, 8}, {8, 24, 8}};
  s.learning_rates = {1e-2, 3e-3};
  return s;
}

HyperbandOptions small_options(int threads) {
  HyperbandOptions o;
  o.max_epochs = 9;
  o.factor = 3;
  o.patience = 2;
  o.seed = 3;
  o.threads = threads;
  return o;
}

void expect_same_trial(const Trial& a, const Trial& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.hp, b.hp);
  EXPECT_EQ(a.parent, b.parent);
  EXPECT_EQ(a.bracket, b.bracket);
  EXPECT_EQ(a.round, b.round);
  EXPECT_EQ(a.epochs, b.epochs);
  EXPECT_EQ(a.initial_epoch, b.initial_epoch);
  EXPECT_TRUE(testing::same_bits(a.score, b.score)) << "trial " << a.id;
  EXPECT_TRUE(testing::same_bits(a.best_val_loss, b.best_val_loss)) << "trial " << a.id;
  EXPECT_EQ(a.best_epoch, b.best_epoch);
  testing::expect_same_history(a.history, b.history);
}

class HyperbandSearch : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new Split(small_split());
    one_ = new TuneResult(hyperband(data_->x_train, data_->y_train, data_->x_val, data_->y_val, small_space(),
                                    small_options(1)));
  }
  static void TearDownTestSuite() {
    delete one_;
    delete data_;
  }
  static Split* data_;
  static TuneResult* one_;
};
Split* HyperbandSearch::data_ = nullptr;
TuneResult* HyperbandSearch::one_ = nullptr;

TEST_F(HyperbandSearch, RunsTheWholeScheduleAndLearns) {
  const TuneResult& r = *one_;
  const auto schedule = hyperband_schedule(9, 3, 1);
  ASSERT_EQ(r.trials.size(), schedule.size());
  EXPECT_EQ(r.trials.size(), 23U);
  EXPECT_FALSE(r.exhausted);
  for (std::size_t i = 0; i < r.trials.size(); ++i) {
    const Trial& t = r.trials[i];
    EXPECT_EQ(t.id, static_cast<int>(i));
    EXPECT_EQ(t.bracket, schedule[i].bracket);
    EXPECT_EQ(t.round, schedule[i].round);
    EXPECT_EQ(t.epochs, schedule[i].epochs);
    EXPECT_EQ(t.initial_epoch, schedule[i].initial_epoch);
    ASSERT_FALSE(t.history.epochs.empty());
    // Trains epochs initial_epoch+1 .. (at most) epochs.
    EXPECT_EQ(t.history.epochs.front().epoch, t.initial_epoch + 1);
    EXPECT_LE(t.history.epochs.back().epoch, t.epochs);
    // Score = best epoch's val_accuracy, first such epoch.
    double best = -1;
    int best_epoch = 0;
    for (const auto& e : t.history.epochs) {
      if (e.val_accuracy > best) {
        best = e.val_accuracy;
        best_epoch = e.epoch;
      }
    }
    EXPECT_DOUBLE_EQ(t.score, best);
    EXPECT_EQ(t.best_epoch, best_epoch);
    EXPECT_EQ(t.parent.has_value(), t.round > 0);
  }
  // Best trial: highest score, earliest on ties.
  for (const Trial& t : r.trials) {
    EXPECT_LE(t.score, r.best_score);
    if (t.score == r.best_score) {
      EXPECT_GE(t.id, r.best_trial);
    }
  }
  EXPECT_EQ(r.best, r.trials[static_cast<std::size_t>(r.best_trial)].hp);
  EXPECT_GT(r.best_score, 0.8);
}

TEST_F(HyperbandSearch, PromotesTheBestOfThePreviousRound) {
  const TuneResult& r = *one_;
  // Group trials by (bracket, round).
  std::map<std::pair<int, int>, std::vector<const Trial*>> rounds;
  for (const Trial& t : r.trials) rounds[{t.bracket, t.round}].push_back(&t);
  for (const auto& [key, trials] : rounds) {
    const auto [bracket, round] = key;
    if (round == 0) continue;
    const auto& previous = rounds.at({bracket, round - 1});
    std::vector<double> scores;
    for (const Trial* p : previous) scores.push_back(p->score);
    const auto ranked = rank_by_score(scores);
    ASSERT_LE(trials.size(), previous.size());
    for (std::size_t k = 0; k < trials.size(); ++k) {
      const Trial& child = *trials[k];
      const Trial& parent = *previous[ranked[k]];
      EXPECT_EQ(child.parent, parent.id) << "child " << child.id;
      EXPECT_EQ(child.hp, parent.hp);
      EXPECT_EQ(child.initial_epoch, parent.epochs);
    }
  }
}

TEST_F(HyperbandSearch, PromotedTrialContinuesFromTheParentsBestEpoch) {
  const TuneResult& r = *one_;
  const auto schedule = hyperband_schedule(9, 3, 1);
  const HyperbandOptions o = small_options(1);
  const Split& d = *data_;
  // Bracket 1: round 0 (ids 13..17) -> round 1 (ids 18, 19).
  const Trial& child = r.trials[18];
  ASSERT_EQ(child.bracket, 1);
  ASSERT_EQ(child.round, 1);
  const Trial& parent = r.trials[static_cast<std::size_t>(*child.parent)];
  // Replaying the parent gives the same trial and its SaveBestEpoch checkpoint.
  const TrialRun p = run_trial(d.x_train, d.y_train, d.x_val, d.y_val, schedule[static_cast<std::size_t>(parent.id)],
                               parent.hp, std::nullopt, nullptr, true, o);
  expect_same_trial(p.trial, parent);
  ASSERT_TRUE(p.best.has_value());
  // The checkpoint holds the best val_accuracy epoch's weights ...
  const nn::EvalResult at_best = nn::evaluate(p.best->model, d.x_val, d.y_val);
  EXPECT_DOUBLE_EQ(at_best.accuracy, parent.score);
  EXPECT_NEAR(at_best.loss, parent.best_val_loss, 1e-12);
  // ... with Adam's step count at that epoch (300 rows / batch 32 = 10 steps an epoch).
  EXPECT_EQ(p.best->adam.iterations, 10 * parent.best_epoch);
  // Starting the child from that checkpoint reproduces the search's child.
  const TrialRun c = run_trial(d.x_train, d.y_train, d.x_val, d.y_val, schedule[18], child.hp, parent.id, &*p.best,
                               false, o);
  expect_same_trial(c.trial, child);
  // From a fresh model instead it would differ.
  const TrialRun fresh =
      run_trial(d.x_train, d.y_train, d.x_val, d.y_val, schedule[18], child.hp, parent.id, nullptr, false, o);
  EXPECT_NE(nlohmann::json(fresh.trial).dump(), nlohmann::json(child).dump());
  // Without carrying Adam's state the continuation differs too.
  HyperbandOptions no_carry = o;
  no_carry.carry_optimizer_state = false;
  const TrialRun reset = run_trial(d.x_train, d.y_train, d.x_val, d.y_val, schedule[18], child.hp, parent.id,
                                   &*p.best, false, no_carry);
  EXPECT_NE(nlohmann::json(reset.trial).dump(), nlohmann::json(child).dump());
}

TEST_F(HyperbandSearch, IdenticalForEveryThreadCount) {
  const Split& d = *data_;
  std::mutex m;
  std::set<int> reported;
  int last_completed = 0;
  const TuneResult two = hyperband(d.x_train, d.y_train, d.x_val, d.y_val, small_space(), small_options(2),
                                   [&](const TrialEvent& e) {
                                     const std::lock_guard lock(m);
                                     reported.insert(e.trial->id);
                                     EXPECT_EQ(e.total, 23);
                                     EXPECT_EQ(e.completed, last_completed + 1);
                                     last_completed = e.completed;
                                     EXPECT_GE(e.best_so_far, e.trial->score);
                                   });
  EXPECT_EQ(reported.size(), 23U);
  const TuneResult three =
      hyperband(d.x_train, d.y_train, d.x_val, d.y_val, small_space(), small_options(3));
  for (const TuneResult* other : {&two, &three}) {
    ASSERT_EQ(one_->trials.size(), other->trials.size());
    for (std::size_t i = 0; i < one_->trials.size(); ++i) expect_same_trial(one_->trials[i], other->trials[i]);
    EXPECT_EQ(one_->best_trial, other->best_trial);
    EXPECT_EQ(nlohmann::json(*one_).dump(), nlohmann::json(*other).dump());
  }
}

TEST_F(HyperbandSearch, Json) {
  const nlohmann::json j = *one_;
  EXPECT_EQ(j["objective"], "val_accuracy");
  ASSERT_EQ(j["trials"].size(), 23U);
  EXPECT_TRUE(j["trials"][0]["parent"].is_null());
  EXPECT_EQ(j["trials"][9]["parent"], one_->trials[9].parent.value());
  EXPECT_EQ(j["trials"][9]["round"], 1);
  EXPECT_EQ(j["trials"][9]["initial_epoch"], 1);
  EXPECT_EQ(j["trials"][9]["epochs"], 3);
  EXPECT_EQ(j["best_trial"], one_->best_trial);
  EXPECT_EQ(j["best_hyperparameters"]["units_1"], one_->best.units[0]);
  const nlohmann::json opts = hyperband_options_json(small_options(1), small_space());
  EXPECT_EQ(opts["brackets"], 3);
  EXPECT_EQ(search_space_from_json(opts["search_space"]), small_space());
}

TEST_F(HyperbandSearch, TogetherWithCvGivesTheSameResults) {
  const Split& d = *data_;
  const auto p = testing::make_problem(300, 8);
  CvOptions cv;
  cv.folds = 3;
  cv.units = {16, 8};
  cv.learning_rate = 1e-2;
  cv.epochs = 20;
  cv.patience = 3;
  cv.threads = 1;
  const CvResult alone = cross_validate(p.x, p.y, cv);
  int in_callback = 0;
  int max_in_callback = 0;
  std::mutex m;
  const auto guard = [&] {
    // Both callbacks hold the same lock: never more than one inside.
    const std::lock_guard lock(m);
    max_in_callback = std::max(max_in_callback, ++in_callback);
  };
  const auto leave = [&] {
    const std::lock_guard lock(m);
    --in_callback;
  };
  int folds_seen = 0;
  int trials_seen = 0;
  const CvAndTuning both = cross_validate_and_hyperband(
      p.x, p.y, cv, d.x_train, d.y_train, d.x_val, d.y_val, small_space(), small_options(1), 2,
      [&](const CvFold&, int) {
        guard();
        ++folds_seen;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        leave();
      },
      [&](const TrialEvent&) {
        guard();
        ++trials_seen;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        leave();
      });
  EXPECT_EQ(folds_seen, 3);
  EXPECT_EQ(trials_seen, 23);
  EXPECT_EQ(max_in_callback, 1);
  EXPECT_EQ(nlohmann::json(both.cv).dump(), nlohmann::json(alone).dump());
  EXPECT_EQ(nlohmann::json(both.tuning).dump(), nlohmann::json(*one_).dump());
  for (std::size_t i = 0; i < one_->trials.size(); ++i) expect_same_trial(one_->trials[i], both.tuning.trials[i]);
}

TEST(Hyperband, StopsWhenTheSpaceIsExhausted) {
  const Split d = small_split();
  SearchSpace tiny;
  tiny.units = {{8, 16, 8}};
  tiny.learning_rates = {0.01};
  HyperbandOptions o = small_options(2);
  const TuneResult r = hyperband(d.x_train, d.y_train, d.x_val, d.y_val, tiny, o);
  // Bracket 2 wants 9 random trials; only 2 distinct sets exist, and Keras
  // Tuner's oracle then stops the search.
  EXPECT_TRUE(r.exhausted);
  ASSERT_EQ(r.trials.size(), 2U);
  EXPECT_NE(r.trials[0].hp, r.trials[1].hp);
  EXPECT_GE(r.best_trial, 0);
}

TEST(Hyperband, BadInput) {
  const Split d = small_split();
  HyperbandOptions o = small_options(1);
  const Eigen::MatrixXf none(0, 4);
  EXPECT_THROW((void)hyperband(d.x_train, d.y_train, none, {}, small_space(), o), InputError);
  std::vector<int> bad = d.y_train;
  bad[3] = 7;
  EXPECT_THROW((void)hyperband(d.x_train, bad, d.x_val, d.y_val, small_space(), o), InputError);
  o.factor = 1;
  EXPECT_THROW((void)hyperband(d.x_train, d.y_train, d.x_val, d.y_val, small_space(), o), InputError);
  SearchSpace bad_space = small_space();
  bad_space.learning_rates.clear();
  EXPECT_THROW((void)hyperband(d.x_train, d.y_train, d.x_val, d.y_val, bad_space, small_options(1)), InputError);
}

TEST(Hyperband, ProgressLine) {
  Trial t;
  t.id = 11;
  t.hp.units = {256, 96};
  t.hp.learning_rate = 0.001;
  t.epochs = 7;
  t.score = 0.98102;
  TrialEvent e{&t, 30, 12, 0.99361, false, false};
  EXPECT_EQ(format_trial_progress(e),
            "trial 11 \u00b7 units 256/96 \u00b7 lr 0.001 \u00b7 7 epochs \u00b7 val_accuracy 0.981 \u00b7 best so far 0.994");
  t.hp.dropout = 0.2;
  t.hp.batch_size = 64;
  e.show_dropout = true;
  e.show_batch_size = true;
  EXPECT_EQ(format_trial_progress(e),
            "trial 11 \u00b7 units 256/96 \u00b7 lr 0.001 \u00b7 dropout 0.2 \u00b7 batch 64 \u00b7 7 epochs \u00b7 "
            "val_accuracy 0.981 \u00b7 best so far 0.994");
}

}  // namespace
}  // namespace exertrack::notebook::tune
