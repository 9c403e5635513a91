#pragma once
// The one source of randomness of a training run or trial: weight init,
// per-epoch shuffles and dropout masks all draw from it, in that order of
// use, so one seed fixes every bit of the result.
//
// Hand-written on top of std::mt19937_64 (whose output sequence the standard
// fixes exactly) because std::uniform_*_distribution and std::shuffle are
// implementation-defined: libstdc++ and libc++ give different numbers.
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>

namespace exertrack::notebook::nn {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // Raw 64 random bits.
  std::uint64_t next_u64() { return engine_(); }
  // Uniform in [0, 1): the top 24 bits, so every value is an exact float.
  float uniform01();
  // Uniform in [lo, hi).
  float uniform(float lo, float hi) { return lo + (hi - lo) * uniform01(); }
  // Uniform integer in [0, n), n > 0, without modulo bias (rejection).
  std::uint64_t below(std::uint64_t n);
  // Fisher–Yates shuffle.
  void shuffle(std::span<int> values);
  // A seed for an independent child generator (e.g. one per CV fold/trial).
  std::uint64_t split() { return next_u64(); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace exertrack::notebook::nn
