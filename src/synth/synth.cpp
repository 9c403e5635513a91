#include "synth/synth.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>
#include <string_view>
#include <vector>

using exertrack::core::ingest::ReadOptions;
using exertrack::core::ingest::WeightUnit;
using exertrack::core::ingest::WorkoutLog;

namespace exertrack::synth {
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

}  // namespace exertrack::synth

// ---------------------------------------------------------------------------
// The cohort. Each exercise has a hidden strength (the 1RM, in kg, of the
// load the lifter moves: the bar, or body weight minus assistance) that grows
// with diminishing returns and shrinks over a break; the program decides what
// the lifter attempts, the strength of the day (a few % of noise) decides
// what gets done (Epley's inverse). So stalls, misses and deloads come out of
// the program meeting a body that adapts slower than it asks.
namespace exertrack::synth {
namespace {

enum class Kind { barbell, dumbbell, machine, bodyweight, assisted };
enum class Program { linear, double_progression, waves, rpe };

struct CatalogLift {
  const char* name;
  Kind kind;
  double one_rm_kg;  // a typical starting 1RM of the load moved (bodyweight lifts: unused)
};

constexpr CatalogLift kBarbell[] = {{"Squat (Barbell)", Kind::barbell, 100},
                                    {"Bench Press (Barbell)", Kind::barbell, 75},
                                    {"Deadlift (Barbell)", Kind::barbell, 130},
                                    {"Overhead Press (Barbell)", Kind::barbell, 47},
                                    {"Bent Over Row (Barbell)", Kind::barbell, 72}};
constexpr CatalogLift kDumbbell[] = {{"Incline Bench Press (Dumbbell)", Kind::dumbbell, 30},
                                     {"Shoulder Press (Dumbbell)", Kind::dumbbell, 24},
                                     {"Bicep Curl (Dumbbell)", Kind::dumbbell, 17}};
constexpr CatalogLift kMachine[] = {{"Lat Pulldown (Cable)", Kind::machine, 75},
                                    {"Leg Press", Kind::machine, 190},
                                    {"Seated Row (Cable)", Kind::machine, 70}};
constexpr CatalogLift kDips{"Dips", Kind::bodyweight, 0};
constexpr CatalogLift kAssisted{"Pull Up (Assisted)", Kind::assisted, 0};

constexpr double kKgPerLb = 0.45359237;

// The smallest jump on the equipment, in the lifter's unit.
double step_of(Kind kind, WeightUnit unit) {
  const bool kg = unit == WeightUnit::kg;
  switch (kind) {
    case Kind::barbell: return kg ? 2.5 : 5;
    case Kind::dumbbell: return kg ? 2 : 5;
    case Kind::machine:
    case Kind::assisted: return kg ? 5 : 10;
    case Kind::bodyweight: return 0;
  }
  return 0;
}

struct Exercise {
  CatalogLift lift;
  double step = 0;       // in the unit
  double strength = 0;   // hidden 1RM of the moved load, kg
  int load = 0;          // what the program asks, in steps (assisted: assistance)
  int reps = 0;          // target reps (double progression: where in the range)
  int lo = 5, hi = 5;    // rep range
  int sets = 3;
  int misses = 0;        // sessions in a row without progress
  int wave = 0;          // waves: position in heavy/medium/light
  double last_rpe = 8;   // rpe: the last top set's
  int abandon_after = -1;  // session index after which it is no longer done (-1: never)
  bool warmups = false;
};

struct LifterPlan {
  Program program;
  WeightUnit unit;
  double bodyweight_kg;
  std::vector<Exercise> exercises;
};

std::uint64_t mix(std::uint64_t x) {  // splitmix64: independent streams per lifter
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::string format_load(double w) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", w);
  return buf;
}

class CohortWriter {
 public:
  CohortWriter(std::uint64_t seed, int index) : dice_(mix(seed ^ mix(static_cast<std::uint64_t>(index) + 1))), index_(index) {}

  SynthLifter write() {
    const auto program = static_cast<Program>(index_ % 4);
    // kg and lb alternate, shifted every 4 so each program gets both units.
    const WeightUnit unit = ((index_ + index_ / 4) % 2 == 0) ? WeightUnit::kg : WeightUnit::lb;
    plan_ = make_plan(program, unit);
    SynthLifter out;
    out.unit = unit;
    out.name = "synth" + std::to_string(index_ + 1) + "-" + kSynthPrograms[index_ % 4] + "-" +
               (unit == WeightUnit::kg ? "kg" : "lb");
    const bool rpe = program == Program::rpe;
    out.csv = std::string("Date,Workout Name,Exercise Name,Set Order,") + (unit == WeightUnit::kg ? "kg" : "lb") +
              ",Reps," + (unit == WeightUnit::kg ? "km" : "mi") + ",Seconds,Notes" + (rpe ? ",RPE" : "") + "\n";
    simulate(out.csv);
    return out;
  }

 private:
  double to_kg(double w) const { return plan_.unit == WeightUnit::kg ? w : w * kKgPerLb; }
  static int steps_for_kg(double kg, double step, WeightUnit unit) {
    const double in_unit = unit == WeightUnit::kg ? kg : kg / kKgPerLb;
    return std::max(1, static_cast<int>(std::lround(in_unit / step)));
  }

  LifterPlan make_plan(Program program, WeightUnit unit) {
    LifterPlan p{program, unit, 62 + 35 * dice_.uniform(), {}};
    const double strength = 0.7 + 0.6 * dice_.uniform();
    const int count = dice_.between(4, 6);
    std::vector<CatalogLift> chosen;
    // Two barbell lifts, then one dumbbell, the bodyweight/assisted work, a machine, a third barbell lift.
    std::vector<int> bars = {0, 1, 2, 3, 4};
    for (int i = 4; i > 0; --i) std::swap(bars[static_cast<std::size_t>(i)], bars[static_cast<std::size_t>(dice_.between(0, i))]);
    chosen.push_back(kBarbell[bars[0]]);
    chosen.push_back(kBarbell[bars[1]]);
    chosen.push_back(kDumbbell[dice_.between(0, 2)]);
    if (index_ % 3 != 1) chosen.push_back(kDips);
    if (index_ % 3 != 0) chosen.push_back(kAssisted);
    chosen.push_back(kMachine[dice_.between(0, 2)]);
    chosen.push_back(kBarbell[bars[2]]);
    chosen.resize(static_cast<std::size_t>(count));

    for (const CatalogLift& lift : chosen) {
      Exercise e;
      e.lift = lift;
      e.step = step_of(lift.kind, unit);
      e.warmups = lift.kind == Kind::barbell;
      if (lift.kind == Kind::bodyweight) {
        e.strength = p.bodyweight_kg * (1 + dice_.between(6, 10) / 30.0);  // 6-10 dips at first
      } else if (lift.kind == Kind::assisted) {
        // Starts needing ~45 % of body weight of help for 8 reps.
        const double moved = p.bodyweight_kg * 0.55;
        e.strength = moved * (1 + 8 / 30.0) * (0.95 + 0.1 * dice_.uniform());
        e.lo = 5;
        e.hi = 10;
        e.reps = e.lo;
        e.load = steps_for_kg(p.bodyweight_kg * 0.45, e.step, unit);
      } else {
        e.strength = lift.one_rm_kg * strength * (0.9 + 0.2 * dice_.uniform());
        const bool bar = lift.kind == Kind::barbell;
        switch (program) {
          case Program::linear: e.lo = e.hi = bar ? 5 : 8; break;
          case Program::double_progression:
            e.lo = bar ? 6 : 8;
            e.hi = bar ? 10 : 12;
            break;
          case Program::waves: e.lo = e.hi = 5; break;  // the heavy day's reps
          case Program::rpe: e.lo = e.hi = bar ? 5 : 8; break;
        }
        e.reps = e.lo;
        e.sets = program == Program::linear && bar ? 5 : 3;
        // Start comfortably: the load for a few more reps than asked.
        e.load = steps_for_kg(e.strength / (1 + (e.reps + 4) / 30.0), e.step, unit);
      }
      p.exercises.push_back(e);
    }
    return p;
  }

  // Reps the lifter can do at `moved_kg` with today's strength.
  static int reps_possible(double strength_kg, double moved_kg) {
    if (moved_kg <= 0) return 30;
    return std::clamp(static_cast<int>(std::floor(30 * (strength_kg / moved_kg - 1))), 0, 30);
  }

  void row(std::string& csv, const std::string& date, const std::string& workout, const Exercise& e, const std::string& order,
           double weight, int reps, double rpe) const {
    csv += date + ",\"" + workout + "\",\"" + e.lift.name + "\"," + order + "," + format_load(weight) + "," +
           std::to_string(std::max(1, reps)) + ",0,0,\"\"";
    if (plan_.program == Program::rpe) csv += rpe > 0 ? "," + format_load(rpe) : ",";
    csv += "\n";
  }

  // Sets at `weight` (unit) for `target` reps; returns the reps of each working set.
  std::vector<int> do_sets(double today, double moved_kg, int target, int sets) {
    std::vector<int> done;
    for (int s = 0; s < sets; ++s) {
      // Fatigue: later sets lose a rep or so of capacity.
      const int can = reps_possible(today, moved_kg) - (s > 0 && dice_.chance(0.5) ? s / 2 + 1 : 0);
      done.push_back(std::max(1, std::min(target, can)));
    }
    return done;
  }

  void session(std::string& csv, Exercise& e, const std::string& date, const std::string& workout, bool after_break,
               bool light_week) {
    const double today = e.strength * (0.97 + 0.06 * dice_.uniform());
    const Program program = e.lift.kind == Kind::assisted || e.lift.kind == Kind::bodyweight ? Program::double_progression
                                                                                             : plan_.program;
    if (after_break && e.lift.kind != Kind::bodyweight) {
      // Back from a break a little lighter (more help on assisted work).
      e.load = e.lift.kind == Kind::assisted ? e.load + 1 : std::max(1, static_cast<int>(std::lround(e.load * 0.9)));
      e.misses = 0;
    }
    if (e.warmups && dice_.chance(0.7)) {
      const int n = dice_.between(1, 3);
      for (int w = 0; w < n; ++w) {
        const double frac = 0.4 + 0.45 * w / std::max(1, n);
        const double wt = std::max(e.step, std::round(e.load * frac) * e.step);
        row(csv, date, workout, e, "W", wt, dice_.between(3, 8), 0);
      }
    }
    int set_no = 1;
    auto write_sets = [&](double weight, const std::vector<int>& reps, double rpe_of_first) {
      for (std::size_t s = 0; s < reps.size(); ++s) {
        double rpe = 0;
        if (plan_.program == Program::rpe && e.lift.kind != Kind::bodyweight && e.lift.kind != Kind::assisted) {
          rpe = s == 0 ? rpe_of_first : std::min(10.0, rpe_of_first + 0.5 * static_cast<double>(s) * (dice_.chance(0.5) ? 1 : 0));
        }
        row(csv, date, workout, e, std::to_string(set_no++), weight, reps[s], rpe);
      }
    };

    if (e.lift.kind == Kind::bodyweight) {
      const auto done = do_sets(today, plan_.bodyweight_kg, 30, e.sets);
      write_sets(0, done, 0);
      // Bodyweight work improves by reps only.
    } else if (e.lift.kind == Kind::assisted) {
      const double help = e.load * e.step;
      const double moved = std::max(1.0, plan_.bodyweight_kg - to_kg(help));
      const auto done = do_sets(today, moved, e.reps, e.sets);
      write_sets(help, done, 0);
      const bool all = std::all_of(done.begin(), done.end(), [&](int r) { return r >= e.reps; });
      if (all && e.reps >= e.hi && e.load > 1) {
        --e.load;  // less help
        e.reps = e.lo;
      } else if (all) {
        e.reps = std::min(e.hi, e.reps + 1);
      }
    } else {
      const double weight = e.load * e.step;
      switch (program) {
        case Program::linear: {
          const auto done = do_sets(today, to_kg(weight), e.reps, e.sets);
          write_sets(weight, done, 0);
          if (std::all_of(done.begin(), done.end(), [&](int r) { return r >= e.reps; })) {
            ++e.load;
            e.misses = 0;
          } else if (++e.misses >= 3) {
            e.load = std::max(1, std::min(e.load - 1, static_cast<int>(std::lround(e.load * 0.9))));
            e.misses = 0;
          }
          break;
        }
        case Program::double_progression: {
          const auto done = do_sets(today, to_kg(weight), e.reps, e.sets);
          write_sets(weight, done, 0);
          const bool all = std::all_of(done.begin(), done.end(), [&](int r) { return r >= e.reps; });
          if (all && e.reps >= e.hi) {
            ++e.load;
            e.reps = e.lo;
            e.misses = 0;
          } else if (all) {
            ++e.reps;
            e.misses = 0;
          } else if (++e.misses >= 4) {
            e.load = std::max(1, std::min(e.load - 1, static_cast<int>(std::lround(e.load * 0.9))));
            e.reps = e.lo;
            e.misses = 0;
          }
          break;
        }
        case Program::waves: {
          static constexpr double kFrac[] = {1.0, 0.85, 0.72};
          static constexpr int kReps[] = {5, 8, 10};
          const int w = e.wave % 3;
          e.wave = w + 1;
          const double day_weight = std::max(e.step, std::round(e.load * kFrac[w]) * e.step);
          const auto done = do_sets(today, to_kg(day_weight), kReps[w], e.sets);
          write_sets(day_weight, done, 0);
          if (w == 0) {
            if (std::all_of(done.begin(), done.end(), [&](int r) { return r >= kReps[0]; })) {
              ++e.load;
              e.misses = 0;
            } else if (++e.misses >= 2) {
              e.load = std::max(1, std::min(e.load - 1, static_cast<int>(std::lround(e.load * 0.9))));
              e.misses = 0;
            }
          }
          break;
        }
        case Program::rpe: {
          const double top = light_week ? std::max(e.step, std::round(e.load * 0.8) * e.step) : weight;
          const int can = reps_possible(today, to_kg(top));
          const int reps = std::max(1, std::min(e.reps, can));
          double rpe = std::clamp(10.0 - (can - reps), 6.0, 10.0);
          rpe = std::clamp(rpe + (dice_.chance(0.3) ? (dice_.chance(0.5) ? 0.5 : -0.5) : 0.0), 6.0, 10.0);
          write_sets(top, {reps}, rpe);
          const double back = std::max(e.step, std::round(std::round(top / e.step) * 0.9) * e.step);
          const auto backs = do_sets(today, to_kg(back), e.reps, 2);
          const double back_rpe = std::clamp(10.0 - (reps_possible(today, to_kg(back)) - backs[0]), 6.0, 10.0);
          write_sets(back, backs, back_rpe);
          if (!light_week) {
            // The next top set from today's effort: target RPE 8.
            if (rpe <= 6.5) e.load += 2;
            else if (rpe <= 7.5) e.load += 1;
            else if (rpe >= 9.5 || reps < e.reps) e.load = std::max(1, e.load - 1);
          }
          break;
        }
      }
    }
    // The odd drop set after dumbbell and machine work.
    if ((e.lift.kind == Kind::dumbbell || e.lift.kind == Kind::machine) && dice_.chance(0.08)) {
      const double drop = std::max(e.step, std::round(e.load * 0.7) * e.step);
      row(csv, date, workout, e, "D", drop, dice_.between(8, 14), 0);
    }
    // Adaptation: fast at first, slower later; a bad patch now and then.
    const double gain = 0.004 + 0.008 * std::exp(-sessions_done_ / 60.0);
    e.strength *= 1 + gain * (dice_.chance(0.15) ? -0.5 : 0.5 + dice_.uniform());
  }

  void simulate(std::string& csv) {
    // A Monday between 2021 and 2022, 9-12 months of training.
    const std::int64_t monday = 1'609'718'400;  // 2021-01-04 00:00:00 UTC
    std::int64_t day = monday + 7 * 86'400 * dice_.between(0, 60);
    const int weeks = dice_.between(39, 52);
    const std::int64_t end = day + static_cast<std::int64_t>(weeks) * 7 * 86'400;
    const int planned_sessions = weeks * 3;
    // One exercise (not the first two) is dropped between 35 % and 60 % of the way.
    const std::size_t abandoned = 2 + static_cast<std::size_t>(dice_.between(0, static_cast<int>(plan_.exercises.size()) - 3));
    plan_.exercises[abandoned].abandon_after =
        static_cast<int>(planned_sessions * (0.35 + 0.25 * dice_.uniform()));
    // At least one missed stretch, in the middle third.
    const int forced_break = planned_sessions / 3 + dice_.between(0, planned_sessions / 3);
    bool after_break = false;
    int session_index = 0;
    const int hour = dice_.between(6, 19);
    while (day < end) {
      const std::int64_t when = day + (hour + dice_.between(-1, 1)) * 3600 + dice_.between(0, 59) * 60 + dice_.between(0, 59);
      const std::string date = format_time(when);
      const std::string workout = session_index % 2 == 0 ? "Day A" : "Day B";
      const bool light_week = ((day - monday) / (7 * 86'400)) % 6 == 5;
      for (auto& e : plan_.exercises) {
        if (e.abandon_after >= 0 && session_index > e.abandon_after) continue;
        if (dice_.chance(0.05)) continue;  // skipped today
        session(csv, e, date, workout, after_break, light_week);
      }
      ++session_index;
      ++sessions_done_;
      int gap = dice_.between(2, 3);
      after_break = false;
      if (session_index == forced_break || dice_.chance(0.015)) {
        gap = dice_.between(8, 20);
        after_break = true;
        for (auto& e : plan_.exercises) e.strength *= 1 - 0.004 * gap / 7.0 * 2;  // detraining
      }
      day += static_cast<std::int64_t>(gap) * 86'400;
    }
  }

  Dice dice_;
  int index_;
  LifterPlan plan_{};
  int sessions_done_ = 0;
};

}  // namespace

std::vector<SynthLifter> synth_lifters(const SynthCohortOptions& o) {
  std::vector<SynthLifter> out;
  for (int i = 0; i < o.lifters; ++i) out.push_back(CohortWriter(o.seed, i).write());
  return out;
}

}  // namespace exertrack::synth
