// The embedded default data: a realistic Strong log made by our own generator.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "core/util/files.hpp"
#include "notebook/features/features.hpp"
#include "synth/synth.hpp"

using exertrack::core::ingest::ReadOptions;
using exertrack::core::ingest::SetKind;
using exertrack::core::ingest::SetRecord;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;
using exertrack::core::util::sha256_hex;
using exertrack::notebook::features::FeatureTable;
using exertrack::notebook::features::notebook_definition;

namespace exertrack::synth {
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

// The cohort: several lifters, each on its own program, for the next-session forecast.
std::map<std::string, std::map<std::int64_t, std::pair<double, double>>> top_sets(const WorkoutLog& log) {
  std::map<std::string, std::map<std::int64_t, std::pair<double, double>>> out;  // exercise -> time -> (weight, reps)
  for (const auto& s : log.sets) {
    if (s.kind != SetKind::normal) continue;
    auto& top = out[log.exercises[s.exercise]][s.time];
    if (s.weight_kg > top.first || (s.weight_kg == top.first && s.reps > top.second)) top = {s.weight_kg, s.reps};
  }
  return out;
}

WorkoutLog read_lifter(const SynthLifter& l) { return parse_workout_log(l.csv, l.name, ReadOptions{}); }

TEST(SynthCohort, DeterministicForASeed) {
  SynthCohortOptions o;
  const auto a = synth_lifters(o);
  const auto b = synth_lifters(o);
  ASSERT_EQ(a.size(), static_cast<std::size_t>(o.lifters));
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].csv, b[i].csv) << a[i].name;
  o.seed = 7;
  EXPECT_NE(synth_lifters(o)[0].csv, a[0].csv);
}

TEST(SynthCohort, EveryLifterReadsBackInTheUnitItStatesOnTheGrid) {
  std::set<std::string> names;
  for (const auto& l : synth_lifters(SynthCohortOptions{})) {
    EXPECT_TRUE(names.insert(l.name).second) << l.name;
    const WorkoutLog log = read_lifter(l);
    ASSERT_TRUE(log.weight_unit.has_value()) << l.name;
    EXPECT_EQ(*log.weight_unit, l.unit) << l.name;
    EXPECT_EQ(log.unit_source, "header") << l.name;
    EXPECT_GT(log.sets.size(), 500U) << l.name;
    // Loads as written are multiples of the unit's smallest plate step (kg: 1, machine 5; lb: 5).
    const double per_unit = l.unit == WeightUnit::kg ? 1.0 : 0.45359237;
    const double grid = l.unit == WeightUnit::kg ? 0.5 : 5.0;
    for (const auto& s : log.sets) {
      const double w = std::abs(s.weight_kg) / per_unit / grid;
      EXPECT_NEAR(w, std::round(w), 1e-6) << l.name << " line " << s.line;
    }
  }
}

TEST(SynthCohort, ProgramsLeaveTheirSignature) {
  const auto lifters = synth_lifters(SynthCohortOptions{});
  for (const auto& l : lifters) {
    const WorkoutLog log = read_lifter(l);
    const auto tops = top_sets(log);
    int up = 0, transitions = 0, deloads = 0, reps_at_top_before_up = 0, ups_barbell = 0;
    bool warmups = false;
    for (const auto& s : log.sets) warmups |= s.kind == SetKind::warmup;
    EXPECT_TRUE(warmups) << l.name;
    for (const auto& [name, sessions] : tops) {
      if (name.find("(Barbell)") == std::string::npos) continue;
      for (auto it = std::next(sessions.begin()); it != sessions.end(); ++it) {
        const auto& [pw, pr] = std::prev(it)->second;
        const auto& [w, r] = it->second;
        ++transitions;
        if (w > pw + 0.1) {
          ++up;
          ++ups_barbell;
          reps_at_top_before_up += pr >= 10 ? 1 : 0;
        }
        deloads += w < pw * 0.95 ? 1 : 0;
      }
    }
    ASSERT_GT(transitions, 50) << l.name;
    EXPECT_GT(deloads, 0) << l.name;
    if (l.name.find("linear") != std::string::npos) {
      EXPECT_GT(up * 2, transitions) << l.name;
    }
    if (l.name.find("double") != std::string::npos) {
      // Weight goes up only from the top of the 6-10 range (or after a reset).
      EXPECT_GT(reps_at_top_before_up * 10, ups_barbell * 8) << l.name;
      EXPECT_LT(up * 3, transitions) << l.name;
    }
    if (l.name.find("rpe") != std::string::npos) {
      EXPECT_TRUE(std::any_of(log.sets.begin(), log.sets.end(), [](const SetRecord& s) { return s.rpe == s.rpe; }));
    }
  }
}

TEST(SynthCohort, AnAbandonedExerciseEndsEarly) {
  for (const auto& l : synth_lifters(SynthCohortOptions{})) {
    const WorkoutLog log = read_lifter(l);
    std::map<std::string, std::int64_t> last;
    std::int64_t end = 0;
    for (const auto& s : log.sets) {
      last[log.exercises[s.exercise]] = std::max(last[log.exercises[s.exercise]], s.time);
      end = std::max(end, s.time);
    }
    EXPECT_TRUE(std::any_of(last.begin(), last.end(), [&](const auto& kv) { return kv.second < end - 60 * 86400; }))
        << l.name;
  }
}

// The single-lifter log is the notebook default model's training data and
// other tests' fixture: the cohort must not change a byte of it.
TEST(SynthCohort, TheSingleLifterLogIsUnchanged) {
  EXPECT_EQ(sha256_hex(synth_strong_csv(SynthOptions{})), "37a44a81b4f559f8e3d6adb573011ad4952974867a533b4b12b1f54bd84a3993");
}

TEST(SynthCohort, EachCsvStatesItsUnitInTheHeader) {
  bool kg = false, lb = false;
  for (const auto& l : synth_lifters(SynthCohortOptions{})) {
    const std::string u = l.unit == WeightUnit::kg ? "kg" : "lb";
    kg |= l.unit == WeightUnit::kg;
    lb |= l.unit == WeightUnit::lb;
    EXPECT_EQ(l.csv.rfind("Date,Workout Name,Exercise Name,Set Order," + u + ",Reps,", 0), 0U) << l.name;
    EXPECT_NE(l.name.find("-" + u), std::string::npos) << l.name;
    const WorkoutLog log = read_lifter(l);
    EXPECT_NE(log.format_details.find("weight in " + u + " (header)"), std::string::npos) << log.format_details;
    EXPECT_EQ(log.summary.rows_read, log.summary.rows_kept) << l.name;
  }
  EXPECT_TRUE(kg && lb);
}

// The loadable step of each kind of equipment, in the lifter's unit.
double equipment_step(const std::string& exercise, WeightUnit unit) {
  const bool kg = unit == WeightUnit::kg;
  if (exercise.find("(Barbell)") != std::string::npos) return kg ? 2.5 : 5;
  if (exercise.find("(Dumbbell)") != std::string::npos) return kg ? 2 : 5;
  if (exercise == "Dips") return 0;
  return kg ? 5 : 10;  // machines, cables and the assisted pull-up's stack
}

TEST(SynthCohort, LoadsSitOnTheirEquipmentsGrid) {
  for (const auto& l : synth_lifters(SynthCohortOptions{})) {
    const WorkoutLog log = read_lifter(l);
    const double per_unit = l.unit == WeightUnit::kg ? 1.0 : 0.45359237;
    for (const auto& s : log.sets) {
      const double step = equipment_step(log.exercises[s.exercise], l.unit);
      const double w = s.weight_kg / per_unit;
      if (step == 0) {
        EXPECT_EQ(s.weight_kg, 0) << l.name << " line " << s.line;
        continue;
      }
      EXPECT_GT(w, 0) << l.name << " line " << s.line;
      EXPECT_NEAR(w / step, std::round(w / step), 1e-6) << l.name << " line " << s.line << ": " << w;
    }
  }
}

TEST(SynthCohort, DoubleProgressionReachesTheTopOfTheRangeBeforeAddingWeight) {
  int lifters = 0, increases = 0;
  for (const auto& l : synth_lifters(SynthCohortOptions{})) {
    if (l.name.find("double") == std::string::npos) continue;
    ++lifters;
    const WorkoutLog log = read_lifter(l);
    for (const auto& [name, sessions] : top_sets(log)) {
      if (equipment_step(name, l.unit) == 0 || name.find("Assisted") != std::string::npos) continue;
      const int top = name.find("(Barbell)") != std::string::npos ? 10 : 12;
      for (auto it = std::next(sessions.begin()); it != sessions.end(); ++it) {
        const auto& [pw, pr] = std::prev(it)->second;
        if (it->second.first > pw + 0.1) {
          ++increases;
          EXPECT_EQ(pr, top) << l.name << " " << name << " at " << it->first;
        }
      }
    }
  }
  EXPECT_GT(lifters, 0);
  EXPECT_GT(increases, 20);
}

TEST(SynthCohort, WavesRotateHeavyAndLightDaysAndOnlyTheRpeLifterLogsRpe) {
  for (const auto& l : synth_lifters(SynthCohortOptions{})) {
    const WorkoutLog log = read_lifter(l);
    const bool rpe_lifter = l.name.find("rpe") != std::string::npos;
    for (const auto& s : log.sets) {
      if (s.rpe == s.rpe) {  // logged
        EXPECT_TRUE(rpe_lifter) << l.name;
        EXPECT_GE(s.rpe, 6);
        EXPECT_LE(s.rpe, 10);
      }
    }
    if (l.name.find("waves") == std::string::npos) continue;
    int down = 0, transitions = 0;
    for (const auto& [name, sessions] : top_sets(log)) {
      if (name.find("(Barbell)") == std::string::npos) continue;
      for (auto it = std::next(sessions.begin()); it != sessions.end(); ++it) {
        ++transitions;
        down += it->second.first < std::prev(it)->second.first - 0.1 ? 1 : 0;
      }
    }
    EXPECT_GT(down * 4, transitions) << l.name;  // a light day after a heavy one, every rotation
  }
}

TEST(SynthCohort, BodyweightRepsGrowAssistanceShrinksAndSetKindsVary) {
  int dips = 0, assisted = 0;
  std::size_t warmups = 0, drops = 0;
  for (const auto& l : synth_lifters(SynthCohortOptions{})) {
    const WorkoutLog log = read_lifter(l);
    for (const auto& s : log.sets) {
      warmups += s.kind == SetKind::warmup ? 1 : 0;
      drops += s.kind == SetKind::drop ? 1 : 0;
    }
    for (const auto& [name, sessions] : top_sets(log)) {
      if (sessions.size() < 20) continue;  // abandoned early
      std::vector<std::pair<double, double>> v;
      for (const auto& kv : sessions) v.push_back(kv.second);
      double first_reps = 0, last_reps = 0;
      for (std::size_t i = 0; i < 5; ++i) {
        first_reps += v[i].second;
        last_reps += v[v.size() - 1 - i].second;
      }
      if (name == "Dips") {
        ++dips;
        EXPECT_GT(last_reps, first_reps) << l.name;
      } else if (name == "Pull Up (Assisted)") {
        ++assisted;
        EXPECT_GT(v.front().first, 0) << l.name;  // assistance logged as a positive weight
        EXPECT_LT(v.back().first, v.front().first) << l.name;
      }
    }
  }
  EXPECT_GT(dips, 0);
  EXPECT_GT(assisted, 0);
  EXPECT_GT(warmups, 100U);
  EXPECT_GT(drops, 5U);
}

}  // namespace
}  // namespace exertrack::synth
