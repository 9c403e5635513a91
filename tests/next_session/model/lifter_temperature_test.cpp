// The lifter's own temperature (forecast_model.hpp LifterTemperature,
// ForecastModel::lifter_temperature, apply_lifter_temperature), on
// probabilities and histories small enough to work out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "next_session/model/constant_model.hpp"
#include "next_session/model/forecast_model.hpp"

namespace exertrack::next_session::model {
namespace {

using testing::ConstantHeads;
using testing::constant_model_json;
using testing::read_model;
using testing::strong_log;

constexpr std::array<double, kActionCount> kP = {0.7, 0.1, 0.1, 0.05, 0.05};

LifterCalibration two_temperatures(double prior) { return {prior, {1.0, 2.0}}; }

TEST(LifterTemperature, WithoutHistoryOrGridItIsOne) {
  const LifterCalibration defaults = default_lifter_calibration();
  EXPECT_EQ(LifterTemperature(defaults).value(), 1.0);  // the prior's minimum
  const LifterCalibration none{10, {}};
  LifterTemperature t(none);
  t.add(kP, 1);
  EXPECT_EQ(t.value(), 1.0);
}

// Negative log-likelihood of one action under p^(1/T), normalised:
// T = 1: action 0 costs -ln 0.7 = 0.357, action 1 -ln 0.1 = 2.303;
// T = 2: sqrt(p) sums to 1.9163, so action 0 costs -ln(0.8367 / 1.9163) =
// 0.829, action 1 -ln(0.3162 / 1.9163) = 1.802.
TEST(LifterTemperature, TheTemperatureThatExplainsTheActionsBest) {
  const LifterCalibration c = two_temperatures(0);
  LifterTemperature expected(c), surprised(c);
  expected.add(kP, 0);
  surprised.add(kP, 1);
  EXPECT_EQ(expected.value(), 1.0);
  EXPECT_EQ(surprised.value(), 2.0);
}

// The prior adds prior * ln(T)^2: 0.480 * prior at T = 2. One surprise
// gains 2.303 - 1.802 = 0.501 at T = 2, which a prior of 1 (0.480) lets
// through and 1.1 (0.528) does not.
TEST(LifterTemperature, ThePriorHoldsAShortHistoryNearOne) {
  const LifterCalibration weak = two_temperatures(1.0), strong = two_temperatures(1.1);
  LifterTemperature a(weak), b(strong);
  a.add(kP, 1);
  b.add(kP, 1);
  EXPECT_EQ(a.value(), 2.0);
  EXPECT_EQ(b.value(), 1.0);
  // Ten surprises outweigh the stronger prior.
  for (int i = 0; i < 9; ++i) b.add(kP, 1);
  EXPECT_EQ(b.value(), 2.0);
}

TEST(LifterTemperature, SharpensWhenTheModelIsRightSoftensWhenWrongWithinTheGrid) {
  const LifterCalibration c = default_lifter_calibration();
  LifterTemperature right(c), wrong(c);
  for (int i = 0; i < 200; ++i) {
    right.add(kP, 0);
    wrong.add(kP, 3);
  }
  EXPECT_EQ(right.value(), c.temperatures.front());  // 0.5: as sharp as the grid goes
  EXPECT_EQ(wrong.value(), c.temperatures.back());   // 3: as soft as it goes
}

TEST(LifterTemperature, ApplyingItKeepsTheMostProbableAction) {
  ForecastOutput out;
  out.probabilities = kP;
  out.action = 0;
  apply_lifter_temperature(out, 1.0);
  EXPECT_EQ(out.probabilities, kP);  // T = 1 leaves every bit
  apply_lifter_temperature(out, 2.0);
  double sum = 0;
  for (double p : kP) sum += std::sqrt(p);
  for (int c = 0; c < kActionCount; ++c) EXPECT_NEAR(out.probabilities[c], std::sqrt(kP[c]) / sum, 1e-15) << c;
  EXPECT_EQ(out.action, 0);
  EXPECT_NEAR(out.probabilities[0], 0.4366, 1e-4);
}

// ForecastModel::lifter_temperature: every session followed by another of
// the same exercise is one transition, whatever the exercise.
// LifterTemperature as it was first written: glibc's log and exp for every
// grid temperature of every transition. The fast sums must pick the same.
class ExactLifterTemperature {
 public:
  explicit ExactLifterTemperature(const LifterCalibration& c) : c_(c), nll_(c.temperatures.size(), 0.0) {}
  void add(const std::array<double, kActionCount>& probabilities, int action) {
    for (std::size_t g = 0; g < nll_.size(); ++g) {
      const double t = c_.temperatures[g];
      std::array<double, kActionCount> z{};
      double top = -std::numeric_limits<double>::infinity();
      for (std::size_t c = 0; c < z.size(); ++c) {
        z[c] = std::log(std::max(probabilities[c], 1e-12)) / t;
        top = std::max(top, z[c]);
      }
      double sum = 0;
      for (double v : z) sum += std::exp(v - top);
      nll_[g] += std::log(sum) + top - z[static_cast<std::size_t>(action)];
    }
  }
  [[nodiscard]] double value() const {
    double best_t = 1.0, best = std::numeric_limits<double>::infinity();
    for (std::size_t g = 0; g < nll_.size(); ++g) {
      const double t = c_.temperatures[g];
      const double objective = nll_[g] + c_.prior * std::log(t) * std::log(t);
      if (objective < best) {
        best = objective;
        best_t = t;
      }
    }
    return best_t;
  }

 private:
  const LifterCalibration& c_;
  std::vector<double> nll_;
};

// Random histories on the default grid and on grids made to tie: no prior
// and uniform probabilities (every temperature equal: the first wins), and
// temperatures one float step apart, where only the last bits decide.
TEST(LifterTemperature, IsTheExactGridMinimum) {
  std::vector<LifterCalibration> grids = {default_lifter_calibration(), {0.0, {0.5, 1.0, 2.0}},
                                          {0.0, {0.01, 0.3, 1.0, std::nextafter(1.0, 2.0), std::nextafter(std::nextafter(1.0, 2.0), 2.0), 50.0}},
                                          {3.0, {0.7, 0.9, 1.1, 1.3, 1.5, 1.7, 1.9, 2.1, 2.3, 2.5, 2.7, 2.9, 3.1}}};
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::size_t compared = 0;
  for (const LifterCalibration& c : grids) {
    for (int history = 0; history < 40; ++history) {
      LifterTemperature fast(c);
      ExactLifterTemperature exact(c);
      const int kind = history % 4;  // random, uniform, one near-certain class, tiny probabilities
      for (int i = 0; i < 120; ++i) {
        std::array<double, kActionCount> p{};
        double sum = 0;
        for (double& x : p) {
          x = kind == 1 ? 1.0 : kind == 3 ? std::pow(u(rng), 30.0) : u(rng);
          sum += x;
        }
        for (double& x : p) x /= sum;
        if (kind == 2) p = {1 - 4e-13, 1e-13, 1e-13, 1e-13, 1e-13};
        const int action = static_cast<int>(rng() % kActionCount);
        fast.add(p, action);
        exact.add(p, action);
        ASSERT_EQ(fast.value(), exact.value()) << "grid " << &c - grids.data() << ", history " << history << ", transition " << i;
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 4U * 40U * 120U);
}

TEST(LifterTemperature, OverEveryTransitionOfTheLog) {
  // A fine grid and a weak prior, so one transition more or less moves T_l.
  nlohmann::json fine = constant_model_json(ConstantHeads{});
  fine["calibration"]["lifter_prior"] = 0.1;
  fine["calibration"]["lifter_temperatures"] = nlohmann::json::array();
  for (int i = 0; i <= 250; ++i) fine["calibration"]["lifter_temperatures"].push_back(0.5 + 0.01 * i);
  const ForecastModel model = read_model(fine, "lifter-temperature");
  const SessionLog log = build_sessions(strong_log("2024-01-01 10:00:00,A,Bench Press (Barbell),1,100,5,,,,\n"
                                                   "2024-01-01 10:00:00,A,Squat (Barbell),1,100,5,,,,\n"
                                                   "2024-01-01 10:00:00,A,Curl (Dumbbell),1,20,10,,,,\n"
                                                   "2024-01-04 10:00:00,B,Bench Press (Barbell),1,102.5,5,,,,\n"
                                                   "2024-01-04 10:00:00,B,Squat (Barbell),1,100,5,,,,\n"
                                                   "2024-01-07 10:00:00,C,Bench Press (Barbell),1,105,5,,,,\n"
                                                   "2024-01-07 10:00:00,C,Squat (Barbell),1,100,6,,,,\n"
                                                   "2024-01-10 10:00:00,D,Squat (Barbell),1,100,6,,,,\n"
                                                   "2024-01-10 10:00:00,D,Squat (Barbell),2,100,6,,,,\n"),
                                       "me");
  // Bench: increase weight twice; squat: repeat, increase reps, repeat; the
  // curl's one session is no transition. The heads say the same for each.
  const std::array<double, kActionCount> p = model.predict(log.exercises[0], 0).probabilities;
  LifterTemperature expected(model.lifter);
  for (const int action : {kIncreaseWeight, kIncreaseWeight, kRepeat, kIncreaseReps, kRepeat}) expected.add(p, action);
  EXPECT_EQ(model.lifter_temperature(log), expected.value());
  // One transition fewer gives another temperature, so the count is pinned.
  LifterTemperature fewer(model.lifter);
  for (const int action : {kIncreaseWeight, kIncreaseWeight, kRepeat, kIncreaseReps}) fewer.add(p, action);
  EXPECT_NE(fewer.value(), expected.value());
  // A model file without the lifter's calibration: always 1.
  nlohmann::json j = constant_model_json();
  j["calibration"].erase("lifter_prior");
  j["calibration"].erase("lifter_temperatures");
  EXPECT_EQ(read_model(j, "no-lifter-calibration").lifter_temperature(log), 1.0);
}

}  // namespace
}  // namespace exertrack::next_session::model
