#include "notebook/nn/rng.hpp"

#include <limits>
#include <utility>

namespace exertrack::notebook::nn {

float Rng::uniform01() {
  // 24 bits fill a float mantissa exactly; the result is k / 2^24 < 1.
  return static_cast<float>(next_u64() >> 40U) * 0x1.0p-24F;
}

std::uint64_t Rng::below(std::uint64_t n) {
  // Reject the top incomplete block of 2^64 so every residue is equally likely.
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  const std::uint64_t limit = max - (max % n + 1) % n;  // largest accepted value
  std::uint64_t r = next_u64();
  while (r > limit) r = next_u64();
  return r % n;
}

void Rng::shuffle(std::span<int> values) {
  for (std::size_t i = values.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(below(i));
    std::swap(values[i - 1], values[j]);
  }
}

}  // namespace exertrack::notebook::nn
