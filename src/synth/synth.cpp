#include "synth/synth.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>
#include <string_view>
#include <vector>

namespace exertrack {
namespace {

// Uniform doubles straight from the engine's bits, so the data does not
// depend on how a standard library implements its distributions.
class Dice {
 public:
  explicit Dice(std::uint64_t seed) : engine_(seed) {}
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
  int between(int lo, int hi) { return lo + static_cast<int>(uniform() * (hi - lo + 1)); }

 private:
  std::mt19937_64 engine_;
};

enum class Equipment { barbell, dumbbell, machine, bodyweight };

struct Lift {
  std::string_view name;
  Equipment equipment;
  double start_lb;     // working weight at the start
  double step_lb;      // smallest jump the lifter makes
  int reps_low, reps_high;
  int sets;
};

struct Day {
  std::string_view name;
  std::vector<Lift> lifts;
};

std::vector<Day> program() {
  return {
      {"Push",
       {{"Bench Press (Barbell)", Equipment::barbell, 135, 5, 5, 8, 4},
        {"Overhead Press (Barbell)", Equipment::barbell, 85, 5, 5, 8, 3},
        {"Incline Bench Press (Dumbbell)", Equipment::dumbbell, 40, 5, 8, 12, 3},
        {"Triceps Pushdown (Cable - Straight Bar)", Equipment::machine, 50, 5, 10, 15, 3},
        {"Dips", Equipment::bodyweight, 0, 0, 8, 15, 3}}},
      {"Pull",
       {{"Deadlift (Barbell)", Equipment::barbell, 185, 10, 3, 6, 3},
        {"Bent Over Row (Barbell)", Equipment::barbell, 115, 5, 6, 10, 4},
        {"Lat Pulldown (Cable)", Equipment::machine, 100, 5, 8, 12, 3},
        {"Pull Up", Equipment::bodyweight, 0, 0, 4, 10, 3},
        {"Bicep Curl (Dumbbell)", Equipment::dumbbell, 25, 5, 8, 12, 3}}},
      {"Legs",
       {{"Squat (Barbell)", Equipment::barbell, 155, 10, 5, 8, 4},
        {"Romanian Deadlift (Barbell)", Equipment::barbell, 135, 10, 8, 10, 3},
        {"Leg Press", Equipment::machine, 230, 10, 10, 15, 3},
        {"Leg Extension (Machine)", Equipment::machine, 90, 5, 10, 15, 3},
        {"Lunge (Dumbbell)", Equipment::dumbbell, 30, 5, 8, 12, 3}}},
  };
}

// Where one lift stands in its double progression.
struct Progress {
  double weight_lb = 0;
  int reps = 0;
  int stalled = 0;  // sessions left on a plateau
};

std::string format_time(std::int64_t t) {
  const auto tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::string format_weight(double lb) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", lb);
  return buf;
}

}  // namespace

std::string synth_strong_csv(const SynthOptions& options) {
  Dice dice(options.seed);
  const auto days = program();
  std::vector<std::vector<Progress>> state(days.size());
  for (std::size_t d = 0; d < days.size(); ++d) {
    for (const Lift& lift : days[d].lifts) state[d].push_back({lift.start_lb, lift.reps_low, 0});
  }

  std::string out = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n";
  std::size_t rows = 0;
  const std::size_t row_limit = options.rows;
  const std::int64_t start = 1'577'869'200;  // 2020-01-01 09:00:00
  const std::int64_t end = start + static_cast<std::int64_t>(options.weeks) * 7 * 86'400;
  std::int64_t day_start = start;
  std::size_t session = 0;
  const bool by_rows = row_limit > 0;

  while (by_rows ? rows < row_limit : day_start < end) {
    const std::size_t d = session % days.size();
    const Day& day = days[d];
    // Every ~7th week is a deload: the lifter drops to ~85 % for the week.
    const bool deload = (session / 3) % 7 == 6;
    const std::int64_t when = day_start + dice.between(7, 19) * 3600 + dice.between(0, 59) * 60 + dice.between(0, 59);
    const std::string date = format_time(when);
    for (std::size_t l = 0; l < day.lifts.size() && !(by_rows && rows >= row_limit); ++l) {
      const Lift& lift = day.lifts[l];
      Progress& p = state[d][l];
      if (dice.chance(0.05)) continue;  // skipped this exercise today
      const bool bodyweight = lift.equipment == Equipment::bodyweight;
      const double weight = bodyweight ? 0.0
                            : deload  ? std::round(p.weight_lb * 0.85 / lift.step_lb) * lift.step_lb
                                      : p.weight_lb;
      int reps = p.reps;
      for (int s = 1; s <= lift.sets && !(by_rows && rows >= row_limit); ++s) {
        // Later sets lose a rep now and then; the last set may be a back-off.
        int set_reps = std::max(1, reps - (s > 2 && dice.chance(0.35) ? dice.between(1, 2) : 0));
        double set_weight = weight;
        if (!bodyweight && s == lift.sets && dice.chance(0.1)) {
          set_weight = std::max(lift.step_lb, weight - 2 * lift.step_lb);
          set_reps += 2;
        }
        std::string line = date + ",\"" + std::string(day.name) + "\",\"" + std::string(lift.name) + "\"," +
                           std::to_string(s) + "," + format_weight(set_weight) + "," + std::to_string(set_reps) +
                           ",0,0,\"\",\"\"\n";
        out += line;
        ++rows;
        if (dice.chance(0.004) && !(by_rows && rows >= row_limit)) {  // the app's occasional double entry
          out += line;
          ++rows;
        }
      }
      // Double progression: add reps to the top of the range, then weight.
      if (deload) continue;
      if (p.stalled > 0) {
        --p.stalled;
      } else if (dice.chance(0.08)) {
        p.stalled = dice.between(2, 5);  // a plateau
      } else if (p.reps < lift.reps_high) {
        p.reps += dice.chance(0.7) ? 1 : 0;
      } else if (!bodyweight) {
        p.weight_lb += lift.step_lb;
        p.reps = lift.reps_low;
      }
    }
    ++session;
    // Sessions 1-3 days apart; now and then a missed week or two.
    day_start += 86'400 * (dice.chance(0.03) ? dice.between(7, 14) : dice.between(1, 3));
  }
  return out;
}

std::string synth_workout_log_source(const SynthOptions& options) {
  std::string source = "synthetic log (seed " + std::to_string(options.seed) + ", ";
  source += options.rows > 0 ? std::to_string(options.rows) + " rows)" : std::to_string(options.weeks) + " weeks)";
  return source;
}

WorkoutLog synth_workout_log(const SynthOptions& options) {
  ReadOptions read;  // the generator writes pounds with no unit column: the default
  return parse_workout_log(synth_strong_csv(options), synth_workout_log_source(options), read);
}

}  // namespace exertrack
