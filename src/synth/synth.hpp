#pragma once
// The project's own workout-log generator: the embedded default data every
// command uses when no --data is given, and the source of large logs for
// benchmarks. Deterministic for a seed.
#include <cstdint>
#include <string>
#include <vector>

#include "core/ingest/workout_log.hpp"

namespace exertrack::synth {

struct SynthOptions {
  std::uint64_t seed = 42;
  int weeks = 104;       // length of the log...
  std::size_t rows = 0;  // ...or, when > 0, stop after this many set rows instead
};

// A Strong-format (10-column, pounds) CSV export of a made-up lifter:
// barbell, dumbbell, machine and bodyweight lifts on a push/pull/legs
// rotation a few days apart, double progression with plateaus, deloads and
// missed weeks, bodyweight sets at weight 0 and the odd duplicated row.
[[nodiscard]] std::string synth_strong_csv(const SynthOptions& options);

// "synthetic log (seed 42, 104 weeks)": how a synthetic log names its source.
[[nodiscard]] std::string synth_workout_log_source(const SynthOptions& options);

// The same log, parsed by the regular reader (source names the seed).
[[nodiscard]] core::ingest::WorkoutLog synth_workout_log(const SynthOptions& options);

// A cohort of made-up lifters for the next-session forecast: each follows
// its own program, so a model trained on some has to generalise to others.
struct SynthCohortOptions {
  std::uint64_t seed = 42;
  int lifters = 8;
};

// Programs, in rotation over the cohort's lifters (lifter i follows
// kSynthPrograms[i % 4]; kg and lb lifters alternate):
//   linear   fixed reps; add the equipment's step after every successful
//            session, repeat on a miss, deload ~10 % after 3 misses in a row
//   double   a rep range (barbell 6-10, others 8-12): a rep per session up to
//            the top, then add the step and go back to the bottom
//   waves    heavy / medium / light sessions rotating; the heavy load rises
//            a step after a heavy session done in full
//   rpe      a top set picked by the last session's RPE (target 8) plus two
//            back-off sets, RPE written per set; a light week every 6th
// Every lifter also stalls (progress slower than the program asks), misses a
// week or two (and comes back ~10 % lighter), abandons one exercise part-way,
// warms up on barbell lifts (Set Order W), now and then adds a drop set (D),
// and does a bodyweight exercise (Dips, weight 0, reps grow) and/or assisted
// pull-ups ("Pull Up (Assisted)", the positive assistance shrinking).
inline constexpr const char* kSynthPrograms[] = {"linear", "double", "waves", "rpe"};

struct SynthLifter {
  std::string name;  // "synth1-linear-kg": a file stem, unique in the cohort
  std::string csv;   // Strong's oldest layout, the weight column named by the unit
  core::ingest::WeightUnit unit;   // what the csv's header states
};

// Deterministic for o.seed; 9-12 months and 4-6 exercises per lifter.
[[nodiscard]] std::vector<SynthLifter> synth_lifters(const SynthCohortOptions& o);

}  // namespace exertrack::synth
