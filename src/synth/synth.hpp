#pragma once
// The project's own workout-log generator: the embedded default data every
// command uses when no --data is given, and the source of large logs for
// benchmarks. Deterministic for a seed.
#include <cstdint>
#include <string>

#include "ingest/workout_log.hpp"

namespace exertrack {

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
[[nodiscard]] WorkoutLog synth_workout_log(const SynthOptions& options);

}  // namespace exertrack
