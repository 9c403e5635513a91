// fit(): batching, determinism, continuation, early stopping, learning.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstring>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/test_data.hpp"
#include "notebook/nn/nn.hpp"

namespace exertrack::notebook::nn {
namespace {

bool same_bits(const Mlp& a, const Mlp& b) {
  if (a.layers.size() != b.layers.size()) return false;
  for (std::size_t l = 0; l < a.layers.size(); ++l) {
    const Dense& x = a.layers[l];
    const Dense& y = b.layers[l];
    if (x.kernel.rows() != y.kernel.rows() || x.kernel.cols() != y.kernel.cols() || x.bias.size() != y.bias.size()) {
      return false;
    }
    if (std::memcmp(x.kernel.data(), y.kernel.data(), sizeof(float) * static_cast<std::size_t>(x.kernel.size())) != 0 ||
        std::memcmp(x.bias.data(), y.bias.data(), sizeof(float) * static_cast<std::size_t>(x.bias.size())) != 0) {
      return false;
    }
  }
  return true;
}

struct Data {
  Eigen::MatrixXf x;
  std::vector<int> y;
};

// Three classes by angle sector in the plane (plus two noise features):
// separable, but not linearly from the raw coordinates alone.
Data sectors(int n, std::uint64_t seed) {
  Rng rng(seed);
  Data d{Eigen::MatrixXf(n, 4), std::vector<int>(static_cast<std::size_t>(n))};
  for (int i = 0; i < n; ++i) {
    const float a = rng.uniform(-3.14159F, 3.14159F);
    const float r = rng.uniform(0.5F, 2.0F);
    d.x(i, 0) = r * std::cos(a);
    d.x(i, 1) = r * std::sin(a);
    d.x(i, 2) = rng.uniform(-1.0F, 1.0F);
    d.x(i, 3) = rng.uniform(-1.0F, 1.0F);
    d.y[static_cast<std::size_t>(i)] = a < -1.0F ? 0 : (a < 1.2F ? 1 : 2);
  }
  return d;
}

Data random_labels(int n, std::uint64_t seed) {
  Rng rng(seed);
  Data d{Eigen::MatrixXf(n, 4), std::vector<int>(static_cast<std::size_t>(n))};
  for (Eigen::Index i = 0; i < d.x.size(); ++i) d.x.data()[i] = rng.uniform(-1.0F, 1.0F);
  for (auto& v : d.y) v = static_cast<int>(rng.below(3));
  return d;
}

const Eigen::MatrixXf kNoVal;

// ---- batching ------------------------------------------------------------

TEST(Fit, ReshufflesEveryEpochAndKeepsTheLastPartialBatch) {
  // Replays fit() by hand: each epoch shuffles 0..n-1 with the run's Rng,
  // cuts batches of 32 with the last partial one (70 = 32 + 32 + 6), one
  // Adam step per batch. fit() must agree bit for bit.
  const Data d = sectors(70, 1);
  Rng init(5);
  const std::array<int, 2> hidden{8, 6};
  const Mlp start = make_mlp(4, hidden, 3, 0.0F, init);

  Mlp fitted = start;
  AdamState fitted_opt;
  Rng fit_rng(77);
  FitOptions o;
  o.epochs = 3;
  o.learning_rate = 0.01;
  const History h = fit(fitted, fitted_opt, d.x, d.y, kNoVal, {}, o, fit_rng);
  EXPECT_EQ(fitted_opt.iterations, 9);

  Mlp manual = start;
  AdamState manual_opt;
  Rng rng(77);
  std::vector<std::vector<int>> orders;
  for (int epoch = 0; epoch < 3; ++epoch) {
    std::vector<int> order(70);
    std::iota(order.begin(), order.end(), 0);
    rng.shuffle(order);
    orders.push_back(order);
    double loss_sum = 0.0;
    for (int start_row = 0; start_row < 70; start_row += 32) {
      const int b = std::min(32, 70 - start_row);
      Eigen::MatrixXf xb(b, 4);
      std::vector<int> yb(static_cast<std::size_t>(b));
      for (int j = 0; j < b; ++j) {
        xb.row(j) = d.x.row(order[static_cast<std::size_t>(start_row + j)]);
        yb[static_cast<std::size_t>(j)] = d.y[static_cast<std::size_t>(order[static_cast<std::size_t>(start_row + j)])];
      }
      Gradients g;
      loss_sum += compute_gradients(manual, xb, yb, g) * b;  // Keras: Mean(loss, sample_weight=batch size)
      adam_step(manual, manual_opt, g, 0.01F);
    }
    EXPECT_NEAR(h.epochs[static_cast<std::size_t>(epoch)].loss, loss_sum / 70.0, 1e-6);
  }
  EXPECT_NE(orders[0], orders[1]);
  EXPECT_NE(orders[1], orders[2]);
  EXPECT_TRUE(same_bits(fitted, manual));
}

TEST(Fit, EpochLossIsTheSampleWeightedMean) {
  // With a negligible learning rate the weights stay put, so the epoch's
  // running loss must equal evaluate() over the same rows: every sample
  // counted once, the 4-row last batch weighted by 4, not 32.
  const Data d = random_labels(100, 3);
  Rng rng(2);
  const std::array<int, 1> hidden{16};
  Mlp m = make_mlp(4, hidden, 3, 0.0F, rng);
  const EvalResult before = evaluate(m, d.x, d.y);
  AdamState opt;
  FitOptions o;
  o.epochs = 1;
  o.learning_rate = 1e-12;
  const History h = fit(m, opt, d.x, d.y, kNoVal, {}, o, rng);
  EXPECT_EQ(opt.iterations, 4);
  EXPECT_NEAR(h.epochs[0].loss, before.loss, 1e-6);
  EXPECT_NEAR(h.epochs[0].accuracy, before.accuracy, 1e-12);
  EXPECT_TRUE(std::isnan(h.epochs[0].val_loss));
  EXPECT_TRUE(std::isnan(h.epochs[0].val_accuracy));
}

TEST(Fit, BatchLargerThanTheDataIsOneBatch) {
  const Data d = sectors(10, 4);
  Rng rng(1);
  Mlp m = make_mlp(4, std::array<int, 1>{4}, 3, 0.0F, rng);
  AdamState opt;
  FitOptions o;
  o.epochs = 2;
  o.batch_size = 64;
  (void)fit(m, opt, d.x, d.y, kNoVal, {}, o, rng);
  EXPECT_EQ(opt.iterations, 2);
}

// ---- determinism and continuation ---------------------------------------

History train_once(std::uint64_t seed, float dropout, Mlp& out) {
  const Data d = sectors(200, 8);
  const Data v = sectors(50, 9);
  Rng rng(seed);
  const std::array<int, 2> hidden{16, 12};
  out = make_mlp(4, hidden, 3, dropout, rng);
  AdamState opt;
  FitOptions o;
  o.epochs = 4;
  o.learning_rate = 0.01;
  return fit(out, opt, d.x, d.y, v.x, v.y, o, rng);
}

TEST(Fit, SameSeedSameWeightsBitForBitDifferentSeedDifferent) {
  Mlp a, b, c;
  const History ha = train_once(123, 0.2F, a);
  const History hb = train_once(123, 0.2F, b);
  const History hc = train_once(124, 0.2F, c);
  EXPECT_TRUE(same_bits(a, b));
  ASSERT_EQ(ha.epochs.size(), hb.epochs.size());
  for (std::size_t i = 0; i < ha.epochs.size(); ++i) {
    EXPECT_EQ(ha.epochs[i].loss, hb.epochs[i].loss);
    EXPECT_EQ(ha.epochs[i].val_loss, hb.epochs[i].val_loss);
  }
  EXPECT_FALSE(same_bits(a, c));
  EXPECT_NE(ha.epochs.back().loss, hc.epochs.back().loss);
}

TEST(Fit, ParallelTrialsInThreadsMatchSequentialRuns) {
  // Tuning runs trials in parallel threads: no shared state may leak
  // between them.
  Mlp seq_a, seq_b;
  (void)train_once(31, 0.1F, seq_a);
  (void)train_once(32, 0.1F, seq_b);
  Mlp par_a, par_b;
  std::thread ta([&] { (void)train_once(31, 0.1F, par_a); });
  std::thread tb([&] { (void)train_once(32, 0.1F, par_b); });
  ta.join();
  tb.join();
  EXPECT_TRUE(same_bits(seq_a, par_a));
  EXPECT_TRUE(same_bits(seq_b, par_b));
}

TEST(Fit, DropoutChangesTrainingButNotInference) {
  Mlp with, without;
  const History hw = train_once(5, 0.5F, with);
  const History ho = train_once(5, 0.0F, without);
  EXPECT_FALSE(same_bits(with, without));
  // Inference ignores dropout: predicting twice gives identical outputs.
  const Data v = sectors(20, 10);
  EXPECT_EQ(predict_proba(with, v.x), predict_proba(with, v.x));
  // Dropout makes the training loss (measured with dropout on) worse.
  EXPECT_GT(hw.epochs.back().loss, ho.epochs.back().loss);
}

TEST(Fit, InitialEpochContinuesLikeOneLongRun) {
  const Data d = sectors(150, 11);
  const Data v = sectors(40, 12);
  Rng init(3);
  const Mlp start = make_mlp(4, std::array<int, 2>{10, 8}, 3, 0.1F, init);
  FitOptions o;
  o.learning_rate = 0.005;

  Mlp one = start;
  AdamState opt_one;
  Rng rng_one(9);
  o.epochs = 5;
  const History h_one = fit(one, opt_one, d.x, d.y, v.x, v.y, o, rng_one);

  Mlp two = start;
  AdamState opt_two;
  Rng rng_two(9);
  o.epochs = 3;
  (void)fit(two, opt_two, d.x, d.y, v.x, v.y, o, rng_two);
  o.initial_epoch = 3;
  o.epochs = 5;
  const History h_two = fit(two, opt_two, d.x, d.y, v.x, v.y, o, rng_two);

  EXPECT_TRUE(same_bits(one, two));
  EXPECT_EQ(opt_one.iterations, opt_two.iterations);
  ASSERT_EQ(h_two.epochs.size(), 2U);
  EXPECT_EQ(h_two.epochs[0].epoch, 4);
  EXPECT_EQ(h_two.epochs[1].epoch, 5);
  EXPECT_EQ(h_two.epochs[1].val_loss, h_one.epochs[4].val_loss);

  // initial_epoch >= epochs trains nothing, like Keras.
  o.initial_epoch = 5;
  const History none = fit(two, opt_two, d.x, d.y, v.x, v.y, o, rng_two);
  EXPECT_TRUE(none.epochs.empty());
  EXPECT_TRUE(same_bits(one, two));
}

TEST(Fit, ValidationMetricsAreEvaluateOnTheEpochsWeights) {
  const Data d = sectors(120, 13);
  const Data v = sectors(60, 14);
  Rng rng(1);
  Mlp m = make_mlp(4, std::array<int, 1>{12}, 3, 0.3F, rng);
  AdamState opt;
  FitOptions o;
  o.epochs = 2;
  std::vector<EpochStats> seen;
  o.on_epoch_end = [&](const EpochStats& s) {
    seen.push_back(s);
    const EvalResult r = evaluate(m, v.x, v.y);
    EXPECT_EQ(s.val_loss, r.loss);
    EXPECT_EQ(s.val_accuracy, r.accuracy);
    return true;
  };
  const History h = fit(m, opt, d.x, d.y, v.x, v.y, o, rng);
  EXPECT_EQ(seen.size(), 2U);
  EXPECT_EQ(h.epochs.size(), 2U);
  EXPECT_EQ(h.best_epoch, h.epochs[0].val_loss < h.epochs[1].val_loss ? 1 : 2);
}

TEST(Fit, CallbackCanStopTraining) {
  const Data d = sectors(50, 15);
  Rng rng(1);
  Mlp m = make_mlp(4, std::array<int, 1>{4}, 3, 0.0F, rng);
  AdamState opt;
  FitOptions o;
  o.epochs = 10;
  o.on_epoch_end = [](const EpochStats& s) { return s.epoch < 3; };
  EXPECT_EQ(fit(m, opt, d.x, d.y, kNoVal, {}, o, rng).epochs.size(), 3U);
}

TEST(Fit, RejectsBadInput) {
  const Data d = sectors(20, 16);
  Rng rng(1);
  Mlp m = make_mlp(4, std::array<int, 1>{4}, 3, 0.0F, rng);
  AdamState opt;
  FitOptions o;
  std::vector<int> bad = d.y;
  bad[7] = 3;
  EXPECT_THROW((void)fit(m, opt, d.x, bad, kNoVal, {}, o, rng), std::invalid_argument);
  EXPECT_THROW((void)fit(m, opt, d.x, std::vector<int>(3, 0), kNoVal, {}, o, rng), std::invalid_argument);
  const Eigen::MatrixXf wrong = Eigen::MatrixXf::Zero(20, 5);
  EXPECT_THROW((void)fit(m, opt, wrong, d.y, kNoVal, {}, o, rng), std::invalid_argument);
  Eigen::MatrixXf nan_x = d.x;
  nan_x(5, 2) = std::nanf("");
  try {
    (void)fit(m, opt, nan_x, d.y, kNoVal, {}, o, rng);
    ADD_FAILURE() << "NaN feature accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("row 5, feature 2"), std::string::npos) << e.what();
  }
  o.batch_size = 0;
  EXPECT_THROW((void)fit(m, opt, d.x, d.y, kNoVal, {}, o, rng), std::invalid_argument);
  o.batch_size = 32;
  o.early_stopping = EarlyStoppingOptions{};  // monitors val_loss
  EXPECT_THROW((void)fit(m, opt, d.x, d.y, kNoVal, {}, o, rng), std::invalid_argument);
  o.early_stopping->monitor = "val_f1";
  EXPECT_THROW((void)fit(m, opt, d.x, d.y, d.x, d.y, o, rng), std::invalid_argument);
}

// ---- early stopping ------------------------------------------------------

// A model whose bias records the epoch it was "trained" to.
Mlp marker(int epoch) {
  Mlp m;
  Dense d;
  d.kernel = Eigen::MatrixXf::Zero(1, 2);
  d.bias = Eigen::VectorXf::Constant(2, static_cast<float>(epoch));
  d.activation = Activation::softmax;
  m.layers = {d};
  return m;
}

struct StopRun {
  int stopped_at = -1;  // 0-based epoch where it fired, -1 if never
  int weights_of = -1;  // epoch whose weights the model holds at the end
  int best_epoch = 0;
};

// Feeds `values` as the monitored metric, one epoch each, "training" the
// marker model to the current epoch before each check.
StopRun drive(EarlyStoppingOptions o, const std::vector<double>& values, int first_epoch = 0) {
  EarlyStopping es(o);
  Mlp m = marker(first_epoch);
  StopRun run;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const int epoch = first_epoch + static_cast<int>(i);
    m = marker(epoch);
    EpochStats s;
    s.epoch = epoch + 1;
    s.loss = s.val_loss = s.accuracy = s.val_accuracy = values[i];
    if (es.on_epoch_end(epoch, s, m)) {
      run.stopped_at = epoch;
      break;
    }
  }
  run.weights_of = static_cast<int>(m.layers[0].bias(0));
  run.best_epoch = es.best_epoch();
  return run;
}

TEST(EarlyStopping, PatienceCountsEpochsWithoutImprovement) {
  EarlyStoppingOptions o;
  o.patience = 2;
  const StopRun r = drive(o, {1.0, 0.9, 0.95, 0.96, 0.5});
  EXPECT_EQ(r.stopped_at, 3);
  EXPECT_EQ(r.best_epoch, 1);
  EXPECT_EQ(r.weights_of, 3);  // no restore asked
  o.patience = 3;
  EXPECT_EQ(drive(o, {1.0, 0.9, 0.95, 0.96, 0.5}).stopped_at, -1);
}

TEST(EarlyStopping, RestoresBestWeightsOnlyWhenStoppingFires) {
  EarlyStoppingOptions o;
  o.patience = 2;
  o.restore_best_weights = true;
  const StopRun fired = drive(o, {1.0, 0.9, 0.95, 0.96, 0.5});
  EXPECT_EQ(fired.stopped_at, 3);
  EXPECT_EQ(fired.weights_of, 1);
  // The run ends (epochs exhausted) before patience runs out: Keras 2.15
  // keeps the last weights even though epoch 1 was better.
  const StopRun ran_out = drive(o, {1.0, 0.9, 0.95});
  EXPECT_EQ(ran_out.stopped_at, -1);
  EXPECT_EQ(ran_out.weights_of, 2);
  EXPECT_EQ(ran_out.best_epoch, 1);
}

TEST(EarlyStopping, MinDeltaIsTheSmallestImprovementThatCounts) {
  EarlyStoppingOptions o;
  o.patience = 1;
  o.min_delta = 0.1;
  EXPECT_EQ(drive(o, {1.0, 0.95, 0.92, 0.91}).stopped_at, 1);
  o.min_delta = 0.01;
  EXPECT_EQ(drive(o, {1.0, 0.95, 0.92, 0.915}).stopped_at, 3);
  o.min_delta = -0.01;  // the sign is ignored (abs), as in Keras
  EXPECT_EQ(drive(o, {1.0, 0.95, 0.92, 0.915}).stopped_at, 3);
  // For a maximised metric the delta must be exceeded upwards.
  o.monitor = "val_accuracy";
  o.min_delta = 0.05;
  EXPECT_EQ(drive(o, {0.5, 0.6, 0.63}).stopped_at, 2);
}

TEST(EarlyStopping, ModeIsInferredFromTheMonitorName) {
  EarlyStoppingOptions o;
  o.patience = 1;
  o.monitor = "val_accuracy";  // auto -> max
  StopRun r = drive(o, {0.5, 0.6, 0.55});
  EXPECT_EQ(r.stopped_at, 2);
  EXPECT_EQ(r.best_epoch, 1);
  o.monitor = "accuracy";
  EXPECT_EQ(drive(o, {0.5, 0.6, 0.7, 0.8}).stopped_at, -1);
  o.monitor = "loss";  // auto -> min
  EXPECT_EQ(drive(o, {0.5, 0.6}).stopped_at, 1);
  o.mode = MonitorMode::max;  // explicit mode wins
  EXPECT_EQ(drive(o, {0.5, 0.6, 0.7}).stopped_at, -1);
  o.monitor = "val_accuracy";
  o.mode = MonitorMode::min;
  EXPECT_EQ(drive(o, {0.5, 0.6}).stopped_at, 1);
}

TEST(EarlyStopping, NeverStopsAfterTheFirstEpochAndNanNeverImproves) {
  EarlyStoppingOptions o;
  o.patience = 0;
  const double nan = std::nan("");
  StopRun r = drive(o, {nan, nan, 1.0});
  EXPECT_EQ(r.stopped_at, 1);  // epoch 0 is exempt ("epoch > 0")
  o.restore_best_weights = true;
  r = drive(o, {nan, nan});
  EXPECT_EQ(r.stopped_at, 1);
  EXPECT_EQ(r.weights_of, 0);  // no progress ever: first epoch's weights
  // With initial_epoch > 0 the absolute index is used: a stop can fire at once.
  o.restore_best_weights = false;
  EXPECT_EQ(drive(o, {nan}, 3).stopped_at, 3);
}

TEST(EarlyStopping, BaselineMustBeBeatenToResetPatience) {
  EarlyStoppingOptions o;
  o.patience = 2;
  o.baseline = 0.5;
  // Improving but above the baseline: wait keeps growing, yet an improving
  // epoch never stops (Keras returns right after an improvement).
  EXPECT_EQ(drive(o, {0.8, 0.7, 0.6, 0.55}).stopped_at, -1);
  EXPECT_EQ(drive(o, {0.8, 0.7, 0.6, 0.9}).stopped_at, 3);
  // Beating the baseline resets it.
  EXPECT_EQ(drive(o, {0.8, 0.4, 0.45, 0.46, 0.47}).stopped_at, 3);
}

TEST(EarlyStopping, StartFromEpochIgnoresWarmUp) {
  EarlyStoppingOptions o;
  o.patience = 1;
  o.start_from_epoch = 2;
  const StopRun r = drive(o, {1.0, 2.0, 3.0, 4.0});
  EXPECT_EQ(r.stopped_at, 3);
  EXPECT_EQ(r.best_epoch, 2);
}

TEST(EarlyStopping, RejectsUnknownMonitorAndNegativePatience) {
  EarlyStoppingOptions o;
  o.monitor = "val_precision";
  EXPECT_THROW(EarlyStopping{o}, std::invalid_argument);
  o.monitor = "loss";
  o.patience = -1;
  EXPECT_THROW(EarlyStopping{o}, std::invalid_argument);
}

TEST(EarlyStopping, FitStopsWhenTheLossStalls) {
  // A learning rate this small cannot move float weights: the loss stalls.
  const Data d = sectors(64, 17);
  Rng rng(1);
  Mlp m = make_mlp(4, std::array<int, 1>{8}, 3, 0.0F, rng);
  AdamState opt;
  FitOptions o;
  o.epochs = 50;
  o.learning_rate = 1e-12;
  o.early_stopping = EarlyStoppingOptions{};
  o.early_stopping->monitor = "loss";
  o.early_stopping->patience = 2;
  o.early_stopping->min_delta = 1e-6;
  const History h = fit(m, opt, d.x, d.y, kNoVal, {}, o, rng);
  EXPECT_TRUE(h.stopped_early);
  EXPECT_EQ(h.stopped_epoch, 3);
  EXPECT_EQ(h.epochs.size(), 3U);
  EXPECT_EQ(h.best_epoch, 1);
}

TEST(EarlyStopping, FitRestoresTheBestEpochWhenItFires) {
  // Random labels: validation loss rises once the net starts memorising.
  const Data d = random_labels(200, 18);
  const Data v = random_labels(100, 19);
  for (bool restore : {true, false}) {
    Rng rng(4);
    Mlp m = make_mlp(4, std::array<int, 2>{64, 64}, 3, 0.0F, rng);
    AdamState opt;
    FitOptions o;
    o.epochs = 200;
    o.learning_rate = 0.01;
    o.early_stopping = EarlyStoppingOptions{};
    o.early_stopping->patience = 3;
    o.early_stopping->restore_best_weights = restore;
    const History h = fit(m, opt, d.x, d.y, v.x, v.y, o, rng);
    ASSERT_TRUE(h.stopped_early);
    EXPECT_EQ(h.restored_best_weights, restore);
    EXPECT_EQ(h.stopped_epoch, static_cast<int>(h.epochs.size()));
    EXPECT_EQ(h.stopped_epoch, h.best_epoch + 3);
    const double now = evaluate(m, v.x, v.y).loss;
    const EpochStats& expected = restore ? h.epochs[static_cast<std::size_t>(h.best_epoch - 1)] : h.epochs.back();
    EXPECT_EQ(now, expected.val_loss);
    EXPECT_EQ(h.best_value, h.epochs[static_cast<std::size_t>(h.best_epoch - 1)].val_loss);
  }
}

// ---- it learns -------------------------------------------------------------

TEST(Fit, LearnsASeparableProblem) {
  const Data d = sectors(1500, 20);
  const Data test = sectors(500, 21);
  Rng rng(42);
  Mlp m = make_mlp(4, std::array<int, 2>{32, 32}, 3, 0.0F, rng);
  AdamState opt;
  FitOptions o;
  o.epochs = 40;
  o.learning_rate = 0.01;
  const History h = fit(m, opt, d.x, d.y, test.x, test.y, o, rng);
  EXPECT_LT(h.epochs.back().loss, h.epochs.front().loss);
  EXPECT_GT(evaluate(m, test.x, test.y).accuracy, 0.95);
}

// The notebook's temporal split of the reference feature table (pandas'
// output, read straight from the shared data): train 60 %, validation 20 %,
// standardized with the train statistics; the notebook's best model (32/96,
// lr 0.01) reached val_accuracy 0.9949.
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

TEST(Fit, LearnsTheReferenceFeatureTable) {
  EXERTRACK_REQUIRE_DATA(exertrack::testing::data_file("weightlifting_721_features_reference.csv"));
  std::ifstream in(exertrack::testing::data_file("weightlifting_721_features_reference.csv"));
  ASSERT_TRUE(in) << "reference table missing";
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split_csv(line);
  ASSERT_EQ(header.size(), 11U);
  ASSERT_EQ(header[5], "Weight Change %");
  ASSERT_EQ(header[10], "Label");
  std::vector<std::array<float, 4>> rows;
  std::vector<int> labels;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::vector<std::string> f = split_csv(line);
    ASSERT_EQ(f.size(), 11U) << line;
    rows.push_back({std::stof(f[5]), std::stof(f[6]), std::stof(f[7]), std::stof(f[8])});
    labels.push_back(std::stoi(f[10]));
  }
  ASSERT_EQ(rows.size(), 9746U);
  const int n_train = 5847;
  const int n_val = 1949;
  Data train{Eigen::MatrixXf(n_train, 4), {}};
  Data val{Eigen::MatrixXf(n_val, 4), {}};
  Eigen::ArrayXd mean = Eigen::ArrayXd::Zero(4), sq = Eigen::ArrayXd::Zero(4);
  for (int i = 0; i < n_train; ++i) {
    for (int f = 0; f < 4; ++f) {
      mean(f) += rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(f)];
      sq(f) += std::pow(rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(f)], 2.0);
    }
  }
  mean /= n_train;
  const Eigen::ArrayXd sd = (sq / n_train - mean.square()).sqrt();
  for (int i = 0; i < n_train + n_val; ++i) {
    Data& target = i < n_train ? train : val;
    const int r = i < n_train ? i : i - n_train;
    for (int f = 0; f < 4; ++f) {
      target.x(r, f) =
          static_cast<float>((rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(f)] - mean(f)) / sd(f));
    }
    target.y.push_back(labels[static_cast<std::size_t>(i)]);
  }
  Rng rng(42);
  Mlp m = make_mlp(4, std::array<int, 2>{32, 96}, 3, 0.0F, rng);
  AdamState opt;
  FitOptions o;
  o.epochs = 30;
  o.learning_rate = 0.01;
  o.early_stopping = EarlyStoppingOptions{};
  o.early_stopping->patience = 10;
  o.early_stopping->restore_best_weights = true;
  const History h = fit(m, opt, train.x, train.y, val.x, val.y, o, rng);
  const EvalResult r = evaluate(m, val.x, val.y);
  EXPECT_GT(r.accuracy, 0.97) << "best epoch " << h.best_epoch;
  EXPECT_GT(h.epochs[static_cast<std::size_t>(h.best_epoch - 1)].val_accuracy, 0.97);
}

}  // namespace
}  // namespace exertrack::notebook::nn

namespace exertrack::notebook::nn {
namespace {

TEST(RestoringEarlyStopping, NotebookSettingsOrNone) {
  const auto es = restoring_early_stopping(10);
  ASSERT_TRUE(es.has_value());
  EXPECT_EQ(es->monitor, "val_loss");
  EXPECT_EQ(es->patience, 10);
  EXPECT_TRUE(es->restore_best_weights);
  EXPECT_EQ(restoring_early_stopping(3, "val_accuracy")->monitor, "val_accuracy");
  EXPECT_FALSE(restoring_early_stopping(-1).has_value());
}

}  // namespace
}  // namespace exertrack::notebook::nn
