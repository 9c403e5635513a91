// The embedded default data: a realistic Strong log made by our own generator.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "features/features.hpp"
#include "synth/synth.hpp"

namespace exertrack {
namespace {

TEST(Synth, DeterministicForASeedAndDifferentAcrossSeeds) {
  SynthOptions a;
  a.weeks = 12;
  EXPECT_EQ(synth_strong_csv(a), synth_strong_csv(a));
  SynthOptions b = a;
  b.seed = 43;
  EXPECT_NE(synth_strong_csv(a), synth_strong_csv(b));
}

TEST(Synth, RowsOptionGivesExactlyThatManySets) {
  SynthOptions o;
  o.rows = 1234;
  const WorkoutLog log = synth_workout_log(o);
  EXPECT_EQ(log.sets.size(), 1234U);
  EXPECT_EQ(log.summary.rows_read, 1234U);
}

TEST(Synth, LooksLikeARealLifter) {
  const WorkoutLog log = synth_workout_log(SynthOptions{});
  EXPECT_EQ(log.format.rfind("strong", 0), 0U) << log.format;
  EXPECT_GE(log.exercises.size(), 12U);
  // Barbell, dumbbell, machine and bodyweight lifts.
  for (const char* kind : {"(Barbell)", "(Dumbbell)", "(Machine)", "Pull Up"}) {
    EXPECT_TRUE(std::any_of(log.exercises.begin(), log.exercises.end(),
                            [&](const std::string& n) { return n.find(kind) != std::string::npos; }))
        << kind;
  }
  // Bodyweight sets are logged at weight 0.
  std::size_t zero = 0;
  for (const auto& s : log.sets) zero += s.weight_kg == 0 ? 1 : 0;
  EXPECT_GT(zero, 100U);
  // Sessions a few days apart, with the odd missed week.
  std::set<std::int64_t> days;
  for (const auto& s : log.sets) days.insert(s.time / 86400);
  std::vector<std::int64_t> gaps;
  for (auto it = std::next(days.begin()); it != days.end(); ++it) gaps.push_back(*it - *std::prev(it));
  EXPECT_GE(*std::min_element(gaps.begin(), gaps.end()), 1);
  EXPECT_GE(*std::max_element(gaps.begin(), gaps.end()), 7);
  std::sort(gaps.begin(), gaps.end());
  EXPECT_LE(gaps[gaps.size() / 2], 3);
  // Progression and deloads: the bench's top weight rises overall and also drops at times.
  std::map<std::int64_t, double> bench;
  for (const auto& s : log.sets) {
    if (log.exercises[s.exercise] == "Bench Press (Barbell)") bench[s.time] = std::max(bench[s.time], s.weight_kg);
  }
  ASSERT_GT(bench.size(), 20U);
  EXPECT_GT(bench.rbegin()->second, bench.begin()->second * 1.2);
  int drops = 0;
  for (auto it = std::next(bench.begin()); it != bench.end(); ++it) drops += it->second < std::prev(it)->second ? 1 : 0;
  EXPECT_GT(drops, 2);
  // The app's occasional duplicated row.
  std::size_t duplicates = 0;
  for (std::size_t i = 1; i < log.sets.size(); ++i) {
    const auto& p = log.sets[i - 1];
    const auto& c = log.sets[i];
    duplicates += p.time == c.time && p.exercise == c.exercise && p.set_order == c.set_order ? 1 : 0;
  }
  EXPECT_GT(duplicates, 0U);
  // All three labels occur, so a model can learn from it.
  const FeatureTable t = build_feature_table(log, notebook_definition());
  for (auto count : t.label_counts) EXPECT_GT(count, 50U);
}

TEST(Synth, WritesPoundsInTheStrongLayout) {
  SynthOptions o;
  o.rows = 3;
  const std::string csv = synth_strong_csv(o);
  EXPECT_EQ(csv.rfind("Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n", 0), 0U);
  EXPECT_NE(csv.find(",\"Bench Press (Barbell)\",1,135,"), std::string::npos) << csv;
  EXPECT_NE(synth_workout_log_source(o).find("seed 42"), std::string::npos);
}

}  // namespace
}  // namespace exertrack
