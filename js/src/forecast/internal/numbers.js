'use strict';
// Numbers as the C++ side rounds and writes them.

// C++'s std::round: halves away from zero (Math.round rounds them up).
function roundHalfAway(x) {
  if (!Number.isFinite(x)) return x;
  const t = Math.trunc(x);
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
}

// JavaScript's String(x) is what C++'s js_number writes (core/util/js_number.hpp).
const fmt = (x) => String(x);

// std::clamp(v, lo, hi).
const clamp = (v, lo, hi) => (v < lo ? lo : hi < v ? hi : v);

// Names in the order C++ sorts std::string: bytewise, UTF-8.
const bytewise = (a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

module.exports = { roundHalfAway, fmt, clamp, bytewise };
