'use strict';
// next_session/model/session_features.cpp: the actions between sessions, the
// session features (36) and the load head's extra inputs for planned reps
// (5), in the model's input order; NaN is a missing value.
const { clamp } = require('../internal/numbers');
const { epleyLoad } = require('./sessions');

// The classifier's output order and the features' order.
const ACTIONS = Object.freeze([
  'decrease weight', 'increase reps', 'increase weight', 'increase weight, decrease reps', 'repeat',
]);
const DECREASE_WEIGHT = 0;
const INCREASE_REPS = 1;
const INCREASE_WEIGHT = 2;
const INCREASE_WEIGHT_DECREASE_REPS = 3;
const REPEAT = 4;
const SESSION_FEATURES = Object.freeze([
  'top_weight_kg', 'top_reps', 'load_kind', 'equipment', 'rel_weight_lag1', 'rel_weight_lag2', 'rel_weight_lag3',
  'rel_weight_recent_median', 'rel_weight_recent_max', 'rel_weight_recent_min', 'rel_weight_best', 'reps_position',
  'reps_history_min', 'reps_history_max', 'reps_vs_best_at_weight', 'reps_change_lag1', 'working_sets',
  'distinct_loads', 'rep_spread', 'sets_at_top', 'last_set_reps_vs_top', 'reps_recent_median', 'weight_change_pct',
  'reps_change_pct', 'rel_weight_moving_average', 'reps_moving_average', 'last_action', 'days_since_previous',
  'rel_e1rm_slope', 'sessions_so_far', 'same_weight_streak', 'past_share_decrease_weight', 'past_share_increase_reps',
  'past_share_increase_weight', 'past_share_increase_weight_decrease_reps', 'past_share_repeat',
]);
const PLANNED_REPS_FEATURES = Object.freeze([
  'planned_reps', 'planned_reps_vs_top', 'rel_epley_load', 'rel_epley_recent_load', 'rel_last_load_at_reps',
]);

function actionBetween(a, b, def) {
  const dw = b.top_weight_kg - a.top_weight_kg;
  if (dw > def.weight_tolerance_kg) return b.top_reps < a.top_reps ? INCREASE_WEIGHT_DECREASE_REPS : INCREASE_WEIGHT;
  if (dw < -def.weight_tolerance_kg) return DECREASE_WEIGHT;
  return b.top_reps > a.top_reps ? INCREASE_REPS : REPEAT;
}

function loadScale(s, def) {
  return Math.max(Math.abs(s.top_weight_kg), def.scale_floor_kg);
}

function loadHeadScale(s, def) {
  return Math.max(Math.abs(s.top_weight_kg), def.load_scale_floor_kg);
}

function medianOf(v) {
  const s = v.slice().sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

function pctChange(now, before, cap) {
  if (before === 0) return NaN;
  return clamp((now / before - 1.0) * 100.0, -cap, cap);
}

/** The session features (SESSION_FEATURES) of session t of `ex` (sessions 0..t), NaN = missing. */
function sessionFeatures(ex, t, def) {
  const ss = ex.sessions;
  const now = ss[t];
  const w = now.top_weight_kg;
  const r = now.top_reps;
  const s = loadScale(now, def);
  const rel = (x) => (x - w) / s;
  const lagWeight = (k) => (t >= k ? rel(ss[t - k].top_weight_kg) : NaN);
  const out = [w, r, ex.kind, ex.equipment, lagWeight(1), lagWeight(2), lagWeight(3)];

  const recent = [];
  for (let k = t >= def.recent_sessions ? t - def.recent_sessions : 0; k < t; k++) recent.push(ss[k].top_weight_kg);
  out.push(recent.length === 0 ? NaN : rel(medianOf(recent)));
  out.push(recent.length === 0 ? NaN : rel(recent.reduce((a, b) => (a < b ? b : a))));  // std::max_element: first largest
  out.push(recent.length === 0 ? NaN : rel(recent.reduce((a, b) => (b < a ? b : a))));
  let best = -Infinity;
  for (let k = 0; k < t; k++) best = Math.max(best, ss[k].top_weight_kg);
  out.push(t === 0 ? NaN : rel(best));

  let rmin = r, rmax = r;
  for (let k = 0; k < t; k++) {
    rmin = Math.min(rmin, ss[k].top_reps);
    rmax = Math.max(rmax, ss[k].top_reps);
  }
  out.push(rmax > rmin ? (r - rmin) / (rmax - rmin) : 0.5);
  out.push(rmin);
  out.push(rmax);
  let bestRepsHere = NaN;
  for (let k = 0; k < t; k++) {
    for (const set of ss[k].sets) {
      if (set.weight_kg >= w - def.weight_tolerance_kg && !(set.reps <= bestRepsHere)) bestRepsHere = set.reps;
    }
  }
  out.push(Number.isNaN(bestRepsHere) ? NaN : r - bestRepsHere);
  out.push(t >= 1 ? r - ss[t - 1].top_reps : NaN);

  out.push(now.working_sets);
  out.push(now.distinct_loads);
  out.push(now.max_reps - now.min_reps);
  let atTop = 0;
  for (const set of now.sets) atTop += set.weight_kg >= w - def.weight_tolerance_kg ? 1 : 0;
  out.push(atTop);
  out.push(now.sets[now.sets.length - 1].reps - r);
  const maFirst = t + 1 >= def.moving_average ? t + 1 - def.moving_average : 0;
  const recentReps = [];
  for (let k = maFirst; k <= t; k++) recentReps.push(ss[k].top_reps);
  out.push(medianOf(recentReps));

  out.push(t >= 1 ? pctChange(w, ss[t - 1].top_weight_kg, def.change_cap_pct) : NaN);
  out.push(t >= 1 ? pctChange(r, ss[t - 1].top_reps, def.change_cap_pct) : NaN);
  let wsum = 0, rsum = 0;
  for (let k = maFirst; k <= t; k++) {
    wsum += ss[k].top_weight_kg;
    rsum += ss[k].top_reps;
  }
  const nMa = t + 1 - maFirst;
  out.push(rel(wsum / nMa));
  out.push(rsum / nMa);

  out.push(t >= 1 ? actionBetween(ss[t - 1], now, def) : NaN);
  out.push(now.days_since_previous);
  out.push(t >= 3 && now.e1rm_kg > 0 && ss[t - 3].e1rm_kg > 0 ? (now.e1rm_kg - ss[t - 3].e1rm_kg) / s : NaN);
  out.push(t + 1);
  let streak = 0;
  for (let k = t; k >= 0; k--) {
    if (Math.abs(ss[k].top_weight_kg - w) > def.weight_tolerance_kg) break;
    streak += 1;
  }
  out.push(streak);
  const seen = [0, 0, 0, 0, 0];
  for (let k = 1; k <= t; k++) seen[actionBetween(ss[k - 1], ss[k], def)] += 1;
  for (const n of seen) out.push(t === 0 ? NaN : n / t);
  return out;
}

/** The most recent working set with `reps` reps, else the nearest rep count: its load in kg (NaN: none). */
function lastLoadAtReps(ex, t, reps) {
  let bestLoad = NaN;
  let bestGap = Infinity;
  for (let k = t; k >= 0; k--) {
    const sets = ex.sessions[k].sets;
    for (let i = sets.length - 1; i >= 0; i--) {
      const gap = Math.abs(sets[i].reps - reps);
      if (gap < bestGap) {
        bestGap = gap;
        bestLoad = sets[i].weight_kg;
        if (gap === 0) return bestLoad;
      }
    }
  }
  return bestLoad;
}

/** What the load head corrects: Epley's load for the planned reps, else the top weight. */
function loadBaseKg(ex, t, plannedReps) {
  const now = ex.sessions[t];
  return now.e1rm_kg > 0 ? epleyLoad(now.e1rm_kg, plannedReps) : now.top_weight_kg;
}

/** The 5 extra inputs of the load head for doing `plannedReps` next time. */
function plannedRepsFeatures(ex, t, plannedReps, def) {
  const now = ex.sessions[t];
  const s = loadScale(now, def);
  let recentE1rm = 0;
  for (let k = t + 1 >= def.moving_average ? t + 1 - def.moving_average : 0; k <= t; k++) {
    recentE1rm = Math.max(recentE1rm, ex.sessions[k].e1rm_kg);
  }
  return [
    plannedReps,
    plannedReps - now.top_reps,
    now.e1rm_kg > 0 ? (epleyLoad(now.e1rm_kg, plannedReps) - now.top_weight_kg) / s : NaN,
    recentE1rm > 0 ? (epleyLoad(recentE1rm, plannedReps) - now.top_weight_kg) / s : NaN,
    (lastLoadAtReps(ex, t, plannedReps) - now.top_weight_kg) / s,
  ];
}

module.exports = {
  ACTIONS, DECREASE_WEIGHT, INCREASE_REPS, INCREASE_WEIGHT, INCREASE_WEIGHT_DECREASE_REPS, REPEAT, SESSION_FEATURES,
  PLANNED_REPS_FEATURES, actionBetween, loadScale, loadHeadScale, sessionFeatures, plannedRepsFeatures, lastLoadAtReps, loadBaseKg,
};
