'use strict';
// next_session/model/baselines.cpp: what the advice takes from the coach's
// baselines (the rep range its reason names).
const { roundHalfAway } = require('../internal/numbers');

// Double progression's rep range at session t: the 25th and 75th
// percentiles (rounded) of the top-set reps over sessions 0..t (rep_range).
function repRange(ex, t) {
  const reps = [];
  for (let k = 0; k <= t; k++) reps.push(ex.sessions[k].top_reps);
  reps.sort((a, b) => a - b);
  const at = (q) => {
    const pos = q * (reps.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, reps.length - 1);
    return roundHalfAway(reps[lo] + (pos - lo) * (reps[hi] - reps[lo]));
  };
  return { low: at(0.25), high: at(0.75) };
}

module.exports = { repRange };
