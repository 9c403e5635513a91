'use strict';
// The next-session forecast in Node.js: sessions from working sets, the
// session features, the model file's four XGBoost heads and the advice —
// a port of src/sessions/{sessions,session_features,loads,baselines,
// forecast_model,advice}.cpp, operation for operation, so that features are
// bit-identical and the advice byte-identical (js/tests/forecast.test.js
// holds it to golden vectors that tests/forecast/forecast_golden.cpp writes).
//
// Everything parametric comes from forecast.json: the feature definition,
// the feature names (checked against what this file computes), the
// calibration temperature and the trees. What is here
// is what the C++ side has as code: the feature formulas, the action rule,
// equipment from names, the loadable steps, the target and reason rules.

const fs = require('node:fs');
const path = require('node:path');

const MODEL_FILE = 'forecast.json';
const FORMAT = 'exertrack-next-session';

// src/sessions/session_features.cpp: classifier output order and feature order.
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

// src/ingest/workout_log.hpp: the notebook's factor and the reader's bounds
// past which a set is an outlier (kept, never a working set).
const POUNDS_PER_KILOGRAM = 2.2046226218;
const MAX_PLAUSIBLE_REPS = 300;
const MAX_PLAUSIBLE_WEIGHT_KG = 600;
// src/sessions/advice.hpp: not trained for this long before the log's last set.
const INACTIVE_AFTER_DAYS = 56;

// Enum orders of src/sessions/{loads,sessions}.hpp (features hold the index).
const EQUIPMENT = Object.freeze(['barbell', 'dumbbell', 'machine', 'kettlebell', 'other']);
const LOAD_KINDS = Object.freeze(['weighted', 'bodyweight', 'assisted']);
const WEIGHTED = 0;
const BODYWEIGHT = 1;
const ASSISTED = 2;

// ---------------------------------------------------------------- numbers

// C++'s std::round: halves away from zero (Math.round rounds them up).
function roundHalfAway(x) {
  if (!Number.isFinite(x)) return x;
  const t = Math.trunc(x);
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
}

// JavaScript's String(x) is what C++'s js_number writes (util/js_number.hpp).
const fmt = (x) => String(x);

// std::clamp(v, lo, hi).
const clamp = (v, lo, hi) => (v < lo ? lo : hi < v ? hi : v);

// ---------------------------------------------------------------- loads (loads.cpp)

// ASCII-only lowercase, as C++'s std::tolower in the C locale.
const lowerAscii = (s) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

function classifyEquipment(s) {
  if (s.includes('smith') || s.includes('barbell') || s.includes('ez bar') || s.includes('trap bar') || s.includes('hex bar')) {
    return 0;
  }
  if (s.includes('dumbbell')) return 1;
  if (s.includes('kettlebell')) return 3;
  if (s.includes('machine') || s.includes('cable') || s.includes('pulldown') || s.includes('leg press')) return 2;
  return -1;
}

// Index into EQUIPMENT: the last parentheses decide, else the words.
function equipmentFromName(name) {
  const n = lowerAscii(name);
  let key = n;
  const open = n.lastIndexOf('(');
  if (open !== -1) {
    const close = n.indexOf(')', open);
    key = close === -1 ? n.slice(open + 1) : n.slice(open + 1, close);
  }
  const e = classifyEquipment(key);
  if (e !== -1) return e;
  const f = classifyEquipment(n);
  return f !== -1 ? f : 4;
}

function isAssistedName(name) {
  return lowerAscii(name).includes('assisted');
}

function checkUnit(unit, what) {
  const u = typeof unit === 'string' ? unit.toLowerCase() : unit;
  if (u === 'kg' || u === 'kgs') return 'kg';
  if (u === 'lb' || u === 'lbs') return 'lb';
  throw new RangeError(`${what}: unit must be "kg" or "lb", got ${JSON.stringify(unit)}`);
}

// forecast_model.cpp load_steps_from_json: the loadable step per unit and
// equipment, {kg: [barbell, dumbbell, machine, kettlebell, other], lb: [...]}
// in EQUIPMENT order. Data from the model file, not a table kept here: a
// model without them predates this package, which has none of its own.
function loadStepsFromJson(j, where) {
  if (j === undefined) throw new Error(`${where}: missing (the model predates this package: train it again)`);
  const one = (unit) => {
    if (j === null || typeof j !== 'object' || !(unit in j)) throw new Error(`${where}: missing '${unit}'`);
    return Object.freeze(EQUIPMENT.map((name) => {
      const step = requireField(j[unit], name, `${where}.${unit}`);
      if (!(typeof step === 'number' && step > 0 && step < 1000)) {
        throw new Error(`${where}.${unit}.${name}: must be a weight step > 0 and < 1000`);
      }
      return step;
    }));
  };
  return Object.freeze({ kg: one('kg'), lb: one('lb') });
}

// loads.cpp plates_per_side: the plates on each side of the bar for
// `weight` (the set's unit), heaviest first, greedy; [] for the bare bar;
// null below the bar or off the plate grid. In hundredths of the unit as
// whole numbers, so both sides give the same plates.
function platesPerSide(weight, set) {
  if (!Number.isFinite(weight) || weight < set.bar - 1e-9) return null;
  const both = (weight - set.bar) * 100;
  const whole = roundHalfAway(both);
  if (Math.abs(both - whole) > 1e-4) return null;
  let left = whole / 2;
  const out = [];
  for (const plate of set.plates) {
    const p = roundHalfAway(plate * 100);
    while (p > 0 && left >= p) {
      out.push(plate);
      left -= p;
    }
  }
  return left === 0 ? out : null;
}

// forecast_model.cpp plate_sets_from_json: the model's "plates", or null for
// a model written before it carried them (its advice names no plates).
function plateSetsFromJson(j, where) {
  if (j === undefined) return null;
  const one = (unit) => {
    const at = `${where}.${unit}`;
    if (j === null || typeof j !== 'object' || !(unit in j)) throw new Error(`${where}: missing '${unit}'`);
    const bar = requireField(j[unit], 'bar', at);
    const plates = requireField(j[unit], 'plates', at);
    if (!(typeof bar === 'number' && bar >= 0 && bar < 1000)) throw new Error(`${at}.bar: must be a weight from 0 to 1000`);
    if (!Array.isArray(plates) || !plates.every((p, i) => typeof p === 'number' && p > 0 && p < 1000 && (i === 0 || p < plates[i - 1]))) {
      throw new Error(`${at}.plates: must be weights > 0, heaviest first, each once`);
    }
    return Object.freeze({ bar, plates: Object.freeze(plates.slice()) });
  };
  return Object.freeze({ kg: one('kg'), lb: one('lb') });
}

function kgToUnit(kg, unit) {
  if (unit === 'kg') return kg;
  return roundHalfAway(kg * POUNDS_PER_KILOGRAM * 1e6) / 1e6;
}

function unitToKg(w, unit) {
  return unit === 'lb' ? w / POUNDS_PER_KILOGRAM : w;
}

// ---------------------------------------------------------------- dates

function toEpoch(y, mo, d, h, mi, s) {
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
}

// Seconds since 1970 of a date-time as written, any zone suffix ignored (as
// the C++ readers do): "2024-01-05", "2024-01-05 18:00[:00]",
// "2024-01-05T18:00:00.123Z", "2024/01/05 18:00"; or a Date (its UTC fields).
function parseDate(value, where) {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new RangeError(`${where}: invalid Date`);
    return Math.floor(ms / 1000);
  }
  if (typeof value === 'string') {
    const m = /^\s*(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?\s*$/.exec(value);
    if (m) {
      return toEpoch(+m[1], +m[3], +m[4], m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, m[7] ? +m[7] : 0);
    }
  }
  throw new RangeError(`${where}: date must be "YYYY-MM-DD[ HH:MM[:SS]]" or a Date, got ${JSON.stringify(value)}`);
}

// "2024-01-05" (ingest::format_date).
function formatDate(time) {
  return new Date(time * 1000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- sessions (sessions.cpp)

const SET_KINDS = new Set(['normal', 'warmup', 'drop', 'failure']);

// One input set as the reader would have recorded it, weight in kg.
// `time` given: the set's session time (grouped input); else its own date.
function normaliseSet(set, unit, where, time, group) {
  if (set === null || typeof set !== 'object') throw new TypeError(`${where}: must be an object`);
  const num = (v, name, fallback) => {
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number') throw new TypeError(`${where}.${name}: must be a number, got ${JSON.stringify(v)}`);
    return v;
  };
  const kind = set.kind === undefined ? 'normal' : set.kind;
  if (!SET_KINDS.has(kind)) throw new RangeError(`${where}.kind: one of normal, warmup, drop, failure, got ${JSON.stringify(kind)}`);
  // An omitted weight is bodyweight (the readers' empty weight cell).
  const weightKg = unitToKg(num(set.weight, 'weight', 0), unit);
  const reps = num(set.reps, 'reps', 0);
  const duration = num(set.duration_s, 'duration_s', NaN);
  const distance = num(set.distance_m, 'distance_m', NaN);
  const t = time !== undefined ? time : parseDate(set.date, `${where}.date`);
  return {
    time: t,
    // What makes a session: its date-time, or its place in a grouped input.
    group: group !== undefined ? group : t,
    kind,
    weightKg,
    reps,
    rpe: num(set.rpe, 'rpe', NaN),
    // As the reader flags them (ingest/workout_log.cpp).
    timed: reps === 0 && (distance > 0 || duration > 0),
    outlier: reps < 0 || reps > MAX_PLAUSIBLE_REPS || weightKg > MAX_PLAUSIBLE_WEIGHT_KG || weightKg < -MAX_PLAUSIBLE_WEIGHT_KG,
  };
}

function isWorkingSet(s) {
  return (s.kind === 'normal' || s.kind === 'failure') && !s.timed && !s.outlier && s.reps > 0 &&
    Number.isFinite(s.reps) && Number.isFinite(s.weightKg);
}

const epley1rm = (weight, reps) => weight * (1.0 + reps / 30.0);
const epleyLoad = (oneRm, reps) => oneRm / (1.0 + reps / 30.0);

function summarise(s) {
  let top = null;
  const loads = [];
  s.e1rm_kg = 0;
  s.volume_kg = 0;
  for (const set of s.sets) {
    if (top === null || set.weight_kg > top.weight_kg || (set.weight_kg === top.weight_kg && set.reps > top.reps)) top = set;
    if (set.weight_kg > 0) {
      s.e1rm_kg = Math.max(s.e1rm_kg, epley1rm(set.weight_kg, set.reps));
      s.volume_kg += set.weight_kg * set.reps;
    }
    loads.push(set.weight_kg);
  }
  s.top_weight_kg = top.weight_kg;
  s.top_reps = top.reps;
  s.rpe = top.rpe;
  s.working_sets = s.sets.length;
  s.distinct_loads = new Set(loads.map((x) => (x === 0 ? 0 : x))).size;  // -0 and 0 are one load, as in std::unique
  let lo = s.sets[0], hi = s.sets[0];
  for (const set of s.sets) {
    if (set.reps < lo.reps) lo = set;
    if (hi.reps < set.reps) hi = set;
  }
  s.min_reps = lo.reps;
  s.max_reps = hi.reps;
}

const bytewise = (a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * Sessions of a lifter's exercises, as src/sessions/sessions.cpp builds them.
 * @param {Array<{name: string, unit?: string, sets: Array}>} exercises sets
 *   with {weight, reps, date, kind?, rpe?, duration_s?, distance_m?}; sets of
 *   one exercise with the same date-time form one session. Or, as the
 *   server's JSON body has them, sessions: [{date?, sets: [...]}] oldest
 *   first, each one session; every session dated or none (undated: only
 *   their order is known, so no date, day count or inactivity is used).
 * @returns {{last_time: number, exercises: Array, left_out: Array}}
 *   exercises bytewise by name, each {name, equipment, kind,
 *   assistance_logged_positive, sessions: [...]} (indices into EQUIPMENT /
 *   LOAD_KINDS), sessions oldest first.
 */
function buildSessions(exercises) {
  if (!Array.isArray(exercises)) throw new TypeError('exercises: must be an array');
  const out = { last_time: 0, exercises: [], left_out: [], working_sets: 0, sets_skipped: 0 };
  let lastTime = -Infinity;
  for (const [name, raw] of setsByName(exercises)) {
    for (const s of raw) lastTime = Math.max(lastTime, s.time);
    addExercise(name, raw, out);
  }
  out.last_time = Number.isFinite(lastTime) ? lastTime : 0;
  out.exercises.sort((a, b) => bytewise(a.name, b.name));
  out.left_out.sort((a, b) => bytewise(a.name, b.name));
  return out;
}

// Every exercise's sets, normalised, by name (sets of two entries with one
// name join), in request order.
function setsByName(exercises) {
  const byName = new Map();
  exercises.forEach((e, i) => {
    const where = `exercises[${i}]`;
    if (e === null || typeof e !== 'object') throw new TypeError(`${where}: must be an object`);
    if (typeof e.name !== 'string' || e.name === '') throw new TypeError(`${where}.name: must be a non-empty string`);
    const unit = checkUnit(e.unit === undefined ? 'kg' : e.unit, `${where}.unit`);
    if (!byName.has(e.name)) byName.set(e.name, []);
    const list = byName.get(e.name);
    if (Array.isArray(e.sessions) && e.sets === undefined) {
      // The server's body shape (serve/api.hpp): sessions oldest first, each
      // its own workout, at its date; undated ones a day apart only to keep
      // their order.
      let dated;
      e.sessions.forEach((session, k) => {
        const sp = `${where}.sessions[${k}]`;
        if (session === null || typeof session !== 'object' || !Array.isArray(session.sets)) {
          throw new TypeError(`${sp}: must be an object {date?, sets: [...]}`);
        }
        const hasDate = session.date !== undefined;
        if (k === 0) dated = hasDate;
        else if (hasDate !== dated) {
          throw new TypeError(`${sp}.date: ${dated ? 'missing, after dated sessions' : 'given, after sessions without one'}: ` +
            'give every session of an exercise its date, or none (then only their order is used)');
        }
        const time = hasDate ? parseDate(session.date, `${sp}.date`) : k * 86400;
        session.sets.forEach((s, j) => {
          const set = normaliseSet(s, unit, `${sp}.sets[${j}]`, time, `${i}/${k}`);
          set.undated = !hasDate;
          list.push(set);
        });
      });
    } else {
      if (!Array.isArray(e.sets)) throw new TypeError(`${where}.sets: must be an array (or sessions: [{date?, sets}])`);
      e.sets.forEach((s, j) => list.push(normaliseSet(s, unit, `${where}.sets[${j}]`)));
    }
  });
  return byName;
}

// One exercise's sessions from its sets, as sessions.cpp builds them, into
// out.exercises (or out.left_out when none is a working set).
function addExercise(name, raw, out) {
  // The log is in time order; stable among equal times.
  const sets = raw.map((s, k) => [s, k]).sort((a, b) => a[0].time - b[0].time || a[1] - b[1]).map((p) => p[0]);
  const assisted = isAssistedName(name);
  const sessions = [];
  const index = new Map();
  let timed = 0;
  for (const s of sets) {
    if (!isWorkingSet(s)) {
      out.sets_skipped += 1;
      timed += s.timed ? 1 : 0;
      continue;
    }
    out.working_sets += 1;
    let session = index.get(s.group);
    if (session === undefined) {
      session = { time: s.time, sets: [] };
      index.set(s.group, session);
      sessions.push(session);
    }
    // Assistance logged as a positive weight is stored negated (sessions.hpp).
    const load = assisted && s.weightKg > 0 ? -s.weightKg : s.weightKg;
    session.sets.push({ weight_kg: load, reps: s.reps, rpe: s.rpe });
  }
  if (sessions.length === 0) {
    if (raw.length > 0) {
      out.left_out.push({
        name,
        reason: timed > 0 ? 'timed or cardio sets only (distance or duration, no reps)'
          : 'no working set (warm-up, drop, 0-rep or implausible sets only)',
      });
    }
    return;
  }
  // Sessions sent without dates (ExerciseSessions::dated): the days between
  // them are unknown to the model, and the answer shows no date.
  const dated = !raw.some((s) => s.undated);
  if (!dated && raw.some((s) => !s.undated)) {
    throw new TypeError(`${name}: dated and undated sessions of one exercise: give every session its date, or none`);
  }
  sessions.forEach((s, i) => {
    summarise(s);
    s.days_since_previous = dated && i > 0 ? (s.time - sessions[i - 1].time) / 86400 : NaN;
  });
  let anyNegative = false, anyPositive = false;
  for (const s of sessions) {
    for (const set of s.sets) {
      anyNegative = anyNegative || set.weight_kg < 0;
      anyPositive = anyPositive || set.weight_kg > 0;
    }
  }
  out.exercises.push({
    name,
    equipment: equipmentFromName(name),
    kind: anyNegative ? ASSISTED : anyPositive ? WEIGHTED : BODYWEIGHT,
    assistance_logged_positive: assisted,
    dated,
    sessions,
  });
}

// ---------------------------------------------------------------- features (session_features.cpp)

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

// ---------------------------------------------------------------- XGBoost

// Evaluates an XGBoost 1.7 JSON model (Booster.save_model(... .json)).
// Written here rather than taken from npm: the candidates do not evaluate
// this format — xgboost-scorer 0.0.4 walks the text dump (get_dump) and only
// does binary:logistic, ml-xgboost 1.1.2 (2018) is a WASM build of an
// XGBoost that predates the JSON model; neither compares in float32 or does
// multi:softprob. What XGBoost's CPU predictor does, and this does too:
// features are float32; a node sends x left when x < split_condition (both
// float32) and a missing (NaN) x the default_left way; a leaf's value is its
// split_condition; the margin starts at base_score and each tree's leaf is
// added in float32 to its output group (tree_info); multi:softprob then
// applies common::Softmax (float max, float exp, double sum, float divide).
class XGBoostModel {
  constructor(json, where = 'model') {
    const learner = json && json.learner;
    if (!learner || !learner.gradient_booster || !learner.learner_model_param || !learner.objective) {
      throw new Error(`${where}: not an XGBoost JSON model (no learner)`);
    }
    const gb = learner.gradient_booster;
    if (gb.name !== 'gbtree') throw new Error(`${where}: booster '${gb.name}' is not supported (gbtree only)`);
    this.objective = learner.objective.name;
    const param = learner.learner_model_param;
    this.numFeature = Number(param.num_feature);
    const numClass = Number(param.num_class) || 0;
    if (this.objective === 'multi:softprob') {
      this.groups = numClass;
    } else if (['reg:squarederror', 'reg:absoluteerror', 'reg:pseudohubererror'].includes(this.objective)) {
      this.groups = 1;  // identity link: the margin is the prediction
    } else {
      throw new Error(`${where}: objective '${this.objective}' is not supported`);
    }
    // base_score is the margin for these objectives (ProbToMargin is the identity).
    this.baseScore = Math.fround(Number(param.base_score));
    const model = gb.model;
    const numParallel = Number((model.gbtree_model_param || {}).num_parallel_tree || 1);
    if (numParallel !== 1) throw new Error(`${where}: num_parallel_tree ${numParallel} is not supported`);
    this.treeGroup = Int32Array.from(model.tree_info);
    this.trees = model.trees.map((t, i) => {
      if ((t.split_type || []).some((x) => x !== 0)) throw new Error(`${where}: tree ${i}: categorical splits are not supported`);
      return {
        left: Int32Array.from(t.left_children),
        right: Int32Array.from(t.right_children),
        feature: Int32Array.from(t.split_indices),
        condition: Float32Array.from(t.split_conditions),
        defaultLeft: Uint8Array.from(t.default_left),
      };
    });
    if (this.treeGroup.length !== this.trees.length) throw new Error(`${where}: tree_info does not match the trees`);
  }

  // Margins (float32 values) for one row of numbers (NaN = missing).
  margins(row) {
    if (row.length !== this.numFeature) throw new RangeError(`expected ${this.numFeature} features, got ${row.length}`);
    const x = Float32Array.from(row);
    const out = new Float32Array(this.groups).fill(this.baseScore);
    for (let k = 0; k < this.trees.length; k++) {
      const { left, right, feature, condition, defaultLeft } = this.trees[k];
      let n = 0;
      while (left[n] !== -1) {
        const v = x[feature[n]];
        n = Number.isNaN(v) ? (defaultLeft[n] ? left[n] : right[n]) : v < condition[n] ? left[n] : right[n];
      }
      const g = this.treeGroup[k];
      out[g] = out[g] + condition[n];  // Float32Array stores the float32 sum
    }
    return out;
  }

  /** Predictions for one row: class probabilities (multi:softprob) or [value], as float32 values. */
  predict(row) {
    const m = this.margins(row);
    if (this.objective !== 'multi:softprob') return Array.from(m);
    let wmax = m[0];
    for (let i = 1; i < m.length; i++) wmax = Math.max(m[i], wmax);
    let wsum = 0;
    for (let i = 0; i < m.length; i++) {
      m[i] = Math.exp(Math.fround(m[i] - wmax));
      wsum += m[i];
    }
    const sum32 = Math.fround(wsum);
    for (let i = 0; i < m.length; i++) m[i] = m[i] / sum32;
    return Array.from(m);
  }
}

// ---------------------------------------------------------------- the model file (forecast_model.cpp)

function requireField(obj, key, where) {
  if (obj === null || typeof obj !== 'object' || !(key in obj)) throw new Error(`${where}: missing '${key}'`);
  return obj[key];
}

function definitionFromJson(j, where) {
  const num = (key) => {
    const v = requireField(j, key, `${where}: definition`);
    if (typeof v !== 'number') throw new Error(`${where}: definition.${key}: must be a number`);
    return v;
  };
  const d = {
    name: requireField(j, 'name', `${where}: definition`),
    weight_tolerance_kg: num('weight_tolerance_kg'),
    scale_floor_kg: num('scale_floor_kg'),
    recent_sessions: num('recent_sessions'),
    moving_average: num('moving_average'),
    change_cap_pct: num('change_cap_pct'),
  };
  // Models written before the load head had its own scale used scale_floor_kg.
  d.load_scale_floor_kg = 'load_scale_floor_kg' in j ? num('load_scale_floor_kg') : d.scale_floor_kg;
  if (!(d.weight_tolerance_kg >= 0) || !(d.scale_floor_kg > 0) || !(d.load_scale_floor_kg > 0) || !(d.recent_sessions >= 1) || !(d.moving_average >= 1) ||
      !Number.isInteger(d.recent_sessions) || !Number.isInteger(d.moving_average) || !(d.change_cap_pct > 0)) {
    throw new Error(`${where}: definition: a parameter is out of range`);
  }
  return Object.freeze(d);
}

// forecast_model.cpp's LifterCalibration: a file without it has none (T_l = 1).
function lifterCalibrationFromJson(c, where) {
  if (!('lifter_temperatures' in c) && !('lifter_prior' in c)) return Object.freeze({ prior: 0, temperatures: [] });
  requireField(c, 'lifter_temperatures', where);
  const prior = requireField(c, 'lifter_prior', where);
  const temperatures = c.lifter_temperatures;
  const positive = Array.isArray(temperatures) && temperatures.every((t) => typeof t === 'number' && t > 0 && Number.isFinite(t));
  if (!(typeof prior === 'number' && prior >= 0 && Number.isFinite(prior)) || !positive || temperatures.length === 0) {
    throw new Error(`${where}: lifter_prior must be >= 0 and lifter_temperatures positive numbers`);
  }
  return Object.freeze({ prior, temperatures: Object.freeze(temperatures.slice()) });
}

/** p_c proportional to p_c^(1/T), in place (forecast_model.cpp temper): the global and the lifter's temperature alike. */
function temper(p, temperature) {
  let sum = 0;
  for (let c = 0; c < p.length; c++) {
    p[c] = Math.exp(Math.log(Math.max(p[c], 1e-12)) / temperature);
    sum += p[c];
  }
  for (let c = 0; c < p.length; c++) p[c] /= sum;
}

/** The lifter's temperature on a forecast (apply_lifter_temperature); the most probable action stays. */
function applyLifterTemperature(out, lifterTemperature) {
  if (lifterTemperature !== 1.0) temper(out.probabilities, lifterTemperature);
}

function checkNames(j, key, expected, where) {
  const names = requireField(j, key, where);
  if (!Array.isArray(names) || names.length !== expected.length || names.some((n, i) => n !== expected[i])) {
    throw new Error(`${where}: '${key}' are not the features this package computes (model from another version?)`);
  }
}

// "100 kg", or "bodyweight" for 0; to the hundredth (advice.cpp weight_text).
function weightText(w, unit) {
  return w === 0 ? 'bodyweight' : `${fmt(roundHalfAway(w * 100) / 100)} ${unit}`;
}
const setText = (s, unit) => `${weightText(s.weight, unit)} × ${fmt(s.reps)}`;

// Unit conversions leave 1e-12 noise; targets are shown and compared as written.
const tidy = (x) => roundHalfAway(x * 1e6) / 1e6;
// A load in the lifter's unit as logged (+ 0 turns -0 into 0).
const asLogged = (ex, wUnit) => (ex.assistance_logged_positive ? -wUnit + 0 : wUnit);

function displayedWeight(ex, weightKg, unit) {
  return asLogged(ex, tidy(kgToUnit(weightKg, unit)));
}

// Double progression's rep range (baselines.cpp rep_range).
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

// advice.cpp on_plates: a whole number of the unit's finest plate.
function onPlates(w, plates, unit) {
  const set = plates[unit].plates;
  if (set.length === 0) return false;
  const k = w / set[set.length - 1];
  return Math.abs(k - roundHalfAway(k)) < 1e-6;
}

// advice.cpp LoadGrid: where a target can land around the last top weight L
// (1: L on the finest plate steps from itself; 2: within the tolerance of
// the step grid, it moves onto it; 3: exactly a weight of the other unit's
// plates, the grid is that unit's; 4: otherwise "the same weight" stays L
// and a change of weight goes to the grid).
class LoadGrid {
  constructor(lastU, unit, equipment, model) {
    this.unit = unit;
    this.gridUnit = unit;
    this.base = lastU;
    this.step = model.steps[unit][equipment];
    this.tolerance = kgToUnit(model.definition.weight_tolerance_kg, unit);
    this.onGrid = true;
    const plates = model.plates;
    if (!plates || plates[unit].plates.length === 0 || onPlates(lastU, plates, unit)) return;
    const nearest = tidy(roundHalfAway(lastU / this.step) * this.step);
    if (Math.abs(nearest - lastU) <= this.tolerance) {
      this.base = nearest;
      return;
    }
    const other = unit === 'kg' ? 'lb' : 'kg';
    const inOther = kgToUnit(unitToKg(lastU, unit), other);
    if (onPlates(inOther, plates, other)) {
      this.gridUnit = other;
      this.base = inOther;
      this.step = model.steps[other][equipment];
      this.tolerance = kgToUnit(model.definition.weight_tolerance_kg, other);
      return;
    }
    this.base = roundHalfAway(lastU * 100) / 100;
    this.onGrid = false;
  }

  toUnit(g) { return this.gridUnit === this.unit ? g : kgToUnit(unitToKg(g, this.gridUnit), this.unit); }

  fromUnit(u) { return this.gridUnit === this.unit ? u : kgToUnit(unitToKg(u, this.unit), this.gridUnit); }

  same() { return this.toUnit(this.base); }

  snap(xU) {
    const x = this.fromUnit(xU);
    if (this.onGrid) return this.toUnit(this.base + roundHalfAway((x - this.base) / this.step) * this.step);
    if (Math.abs(x - this.base) <= this.tolerance) return this.toUnit(this.base);
    return this.toUnit(roundHalfAway(x / this.step) * this.step);
  }

  up() {
    return this.toUnit(this.onGrid ? this.base + this.step : (Math.floor((this.base + this.tolerance) / this.step) + 1) * this.step);
  }

  down() {
    return this.toUnit(this.onGrid ? this.base - this.step : (Math.ceil((this.base - this.tolerance) / this.step) - 1) * this.step);
  }
}

// advice.cpp target_for.
function targetFor(action, grid, lastReps, predictedU, predictedReps, kind) {
  const snapped = grid.snap(predictedU);
  const reps = Math.max(1.0, roundHalfAway(predictedReps));
  let t;
  switch (action) {
    case INCREASE_WEIGHT:
      t = { weight: Math.max(snapped, grid.up()), reps: lastReps };
      break;
    case INCREASE_WEIGHT_DECREASE_REPS:
      t = { weight: Math.max(snapped, grid.up()), reps: clamp(reps, 1.0, Math.max(1.0, lastReps - 1)) };
      break;
    case INCREASE_REPS:
      t = { weight: grid.same(), reps: Math.max(reps, lastReps + 1) };
      break;
    case REPEAT:
      t = { weight: grid.same(), reps: lastReps };
      break;
    default:
      t = { weight: Math.min(snapped, grid.down()), reps };
      if (kind !== ASSISTED) t.weight = Math.max(t.weight, 0.0);
      break;
  }
  t.weight = tidy(t.weight);
  return t;
}

const COUNT_WORDS = ['session', 'two sessions', 'three sessions'];

// advice.cpp reason_for: "100 kg × 10, × 10, × 10 in your last three
// sessions, the top of your 8-10 range: add weight, 102.5 kg × 10."
function reasonFor(ex, unit, action, target) {
  const t = ex.sessions.length - 1;
  const shown = Math.min(3, ex.sessions.length);
  let r = '';
  let previousWeight = NaN;
  for (let k = ex.sessions.length - shown; k <= t; k++) {
    const s = ex.sessions[k];
    const top = { weight: displayedWeight(ex, s.top_weight_kg, unit), reps: s.top_reps };
    if (r !== '') r += ', ';
    r += top.weight === previousWeight ? `× ${fmt(top.reps)}` : setText(top, unit);
    previousWeight = top.weight;
  }
  r += shown === 1 ? ' in your last session' : ` in your last ${COUNT_WORDS[shown - 1]}`;
  const range = repRange(ex, t);
  const reps = ex.sessions[t].top_reps;
  const span = range.low === range.high ? `your usual ${fmt(range.low)} reps` : `your ${fmt(range.low)}-${fmt(range.high)} range`;
  if (range.low === range.high) r += `, ${span}`;
  else if (reps >= range.high) r += `, the top of ${span}`;
  else if (reps <= range.low) r += `, the bottom of ${span}`;
  else r += `, within ${span}`;
  switch (action) {
    case INCREASE_WEIGHT: r += `: add weight, ${setText(target, unit)}`; break;
    case INCREASE_WEIGHT_DECREASE_REPS: r += `: go heavier for fewer reps, ${setText(target, unit)}`; break;
    case INCREASE_REPS: r += `: stay at ${weightText(target.weight, unit)} and aim for ${fmt(target.reps)} reps`; break;
    case REPEAT: r += `: repeat ${setText(target, unit)} and make it solid`; break;
    default: r += `: back off to ${setText(target, unit)}`; break;
  }
  return `${r}.`;
}

class Forecaster {
  /**
   * @param {object} json the parsed forecast.json
   * @param {string} [where] names the file in errors
   */
  constructor(json, where = MODEL_FILE) {
    if (json === null || typeof json !== 'object' || json.format !== FORMAT) {
      throw new Error(`${where}: not an exertrack next-session model ('format' is not "${FORMAT}")`);
    }
    if (requireField(json, 'format_version', where) !== 1) throw new Error(`${where}: unsupported format_version`);
    this.definition = definitionFromJson(requireField(json, 'definition', where), where);
    checkNames(json, 'actions', ACTIONS, where);
    checkNames(json, 'features', SESSION_FEATURES, where);
    checkNames(json, 'planned_reps_features', PLANNED_REPS_FEATURES, where);
    this.temperature = requireField(requireField(json, 'calibration', where), 'temperature', `${where}: calibration`);
    if (!(typeof this.temperature === 'number' && this.temperature > 0 && Number.isFinite(this.temperature))) {
      throw new Error(`${where}: calibration temperature must be > 0`);
    }
    this.lifter = lifterCalibrationFromJson(json.calibration, `${where}: calibration`);
    this.training = json.training || {};
    // The bar and plates of barbell targets, as the model file records them.
    this.plates = plateSetsFromJson(json.plates, `${where}: plates`);
    this.steps = loadStepsFromJson(json.steps, `${where}: steps`);
    const heads = requireField(json, 'heads', where);
    const head = (name, width) => {
      const m = new XGBoostModel(requireField(heads, name, `${where}: heads`), `${where}: head '${name}'`);
      if (m.numFeature !== width) throw new Error(`${where}: head '${name}' takes ${m.numFeature} features, not ${width}`);
      return m;
    };
    const cols = SESSION_FEATURES.length;
    this.heads = {
      action: head('action', cols),
      weight: head('weight', cols),
      reps: head('reps', cols),
      load: head('load', cols + PLANNED_REPS_FEATURES.length),
    };
    if (this.heads.action.objective !== 'multi:softprob' || this.heads.action.groups !== ACTIONS.length) {
      throw new Error(`${where}: head 'action' is not multi:softprob over ${ACTIONS.length} actions`);
    }
  }

  /** Calibrated probabilities and the most probable action (ties: the first) from the action head's softmax (finish_action). */
  finishAction(raw) {
    const p = Array.from(raw);
    temper(p, this.temperature);
    let best = 0;
    for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
    return { probabilities: p, action: best };
  }

  /**
   * The lifter's temperature over every session of a log of buildSessions()
   * followed by another of the same exercise (ForecastModel::lifter_temperature).
   */
  lifterTemperature(log) {
    const grid = this.lifter.temperatures;
    const nll = new Array(grid.length).fill(0);
    for (const ex of log.exercises) {
      for (let t = 0; t + 1 < ex.sessions.length; t++) {
        const p = this.finishAction(this.heads.action.predict(sessionFeatures(ex, t, this.definition))).probabilities;
        const action = actionBetween(ex.sessions[t], ex.sessions[t + 1], this.definition);
        for (let g = 0; g < grid.length; g++) {
          const z = p.map((x) => Math.log(Math.max(x, 1e-12)) / grid[g]);
          let top = -Infinity;
          for (const v of z) top = Math.max(top, v);
          let sum = 0;
          for (const v of z) sum += Math.exp(v - top);
          nll[g] += Math.log(sum) + top - z[action];
        }
      }
    }
    let best = 1.0, bestObjective = Infinity;
    for (let g = 0; g < grid.length; g++) {
      const objective = nll[g] + this.lifter.prior * Math.log(grid[g]) * Math.log(grid[g]);
      if (objective < bestObjective) {
        bestObjective = objective;
        best = grid[g];
      }
    }
    return best;
  }

  /** The model after session t of an exercise of buildSessions(): probabilities, action, next top set (kg, unsnapped). */
  predict(ex, t) {
    const row = sessionFeatures(ex, t, this.definition);
    const out = this.finishAction(this.heads.action.predict(row));
    // The C++ side reads the top set back from the float32 row.
    const top = Math.fround(row[0]);
    const scale = Math.max(Math.abs(top), this.definition.scale_floor_kg);
    out.weight_kg = top + this.heads.weight.predict(row)[0] * scale;
    out.reps = Math.max(1.0, Math.fround(row[1]) + this.heads.reps.predict(row)[0]);
    return out;
  }

  /** The load (kg) the model expects for `plannedReps` next time. */
  loadForReps(ex, t, plannedReps) {
    const row = sessionFeatures(ex, t, this.definition).concat(plannedRepsFeatures(ex, t, plannedReps, this.definition));
    const rel = this.heads.load.predict(row)[0];
    return loadBaseKg(ex, t, plannedReps) + rel * loadHeadScale(ex.sessions[t], this.definition);
  }

  /** Session features of every session of every exercise: [{name, features: [[one number per SESSION_FEATURES, NaN = missing], ...]}]. */
  features(exercises) {
    return buildSessions(exercises).exercises.map((ex) => ({
      name: ex.name,
      features: ex.sessions.map((_, t) => sessionFeatures(ex, t, this.definition)),
    }));
  }

  // The advice after the last session of an exercise of buildSessions() (advice.cpp advise).
  adviseSessions(ex, unit, logLastTime, plannedReps = [], lifterTemperature = 1.0) {
    const t = ex.sessions.length - 1;
    const last = ex.sessions[t];
    const out = this.predict(ex, t);
    applyLifterTemperature(out, lifterTemperature);
    const grid = new LoadGrid(tidy(kgToUnit(last.top_weight_kg, unit)), unit, ex.equipment, this);
    const target = targetFor(out.action, grid, last.top_reps, kgToUnit(out.weight_kg, unit), out.reps, ex.kind);
    const planned = plannedReps.map((reps) => {
      const loadU = kgToUnit(this.loadForReps(ex, t, reps), unit);
      let weight = tidy(grid.snap(loadU));
      // Only assisted work has loads below zero (less help is progress).
      if (ex.kind !== ASSISTED) weight = Math.max(weight, 0.0);
      return { weight: asLogged(ex, weight), reps, unit };
    });
    const shownTarget = { weight: asLogged(ex, target.weight), reps: target.reps, unit };
    const plates = this.plates && ex.equipment === 0 && ex.kind === WEIGHTED ? platesPerSide(shownTarget.weight, this.plates[unit]) : null;
    const probabilities = {};
    ACTIONS.forEach((name, c) => { probabilities[name] = out.probabilities[c]; });
    return {
      name: ex.name,
      equipment: EQUIPMENT[ex.equipment],
      kind: LOAD_KINDS[ex.kind],
      unit,
      last_session: {
        date: ex.dated ? formatDate(last.time) : null, weight: displayedWeight(ex, last.top_weight_kg, unit), reps: last.top_reps, unit,
      },
      inactive: ex.dated ? logLastTime - last.time > INACTIVE_AFTER_DAYS * 86400 : null,
      sessions: ex.sessions.length,
      action: ACTIONS[out.action],
      probability: out.probabilities[out.action],
      probabilities,
      ready_to_add_weight: out.probabilities[INCREASE_WEIGHT] + out.probabilities[INCREASE_WEIGHT_DECREASE_REPS],
      target: shownTarget,
      plates_per_side: plates,
      planned,
      reason: reasonFor(ex, unit, out.action, shownTarget),
    };
  }

  /**
   * Advice for every exercise of a lifter's log (the C++ advise_log; the
   * result has the shape of `exertrack recommend --json`).
   * @param {Array<{name, unit?, sets}>} exercises see buildSessions
   * @param {{unit?: 'kg'|'lb', planned_reps?: number[], now?: string|Date, exercise?: string}} [options]
   *   unit: of the targets (default: the first exercise's unit, else kg);
   *   planned_reps: whole rep counts (1-300) to give loads for; now: the date
   *   that decides inactivity (default: the log's last set, as the C++ side
   *   does); exercise: keep only this exercise
   * @returns {{task: 'next-session', results: object[], not_strength: {name, reason}[]}}
   *   results bytewise by exercise name; not_strength: exercises without a working set
   */
  adviseLog(exercises, options = {}) {
    plannedRepsOf(options);
    const log = buildSessions(exercises);
    return this.adviseSessionLog(log, exercises, options, this.lifterTemperature(log));
  }

  // adviseLog after buildSessions and the lifter's temperature (advice.cpp
  // advise_sessions): recommend() takes the temperature from every exercise
  // of a request.
  adviseSessionLog(log, exercises, options, lifterTemperature) {
    const planned = plannedRepsOf(options);
    const only = options.exercise;
    if (only !== undefined && only !== '') {
      log.exercises = log.exercises.filter((e) => e.name === only);
      log.left_out = log.left_out.filter((e) => e.name === only);
      if (log.exercises.length === 0 && log.left_out.length === 0) throw new RangeError(`exercise '${only}' has no sets`);
    }
    if (log.exercises.length === 0 && log.left_out.length === 0) throw new RangeError('no exercise has a set to recommend from');
    const first = exercises.find((e) => e && e.unit !== undefined);
    const unit = checkUnit(options.unit !== undefined ? options.unit : first ? first.unit : 'kg', 'options.unit');
    const now = options.now === undefined ? log.last_time : parseDate(options.now, 'options.now');
    return {
      task: 'next-session',
      results: log.exercises.map((ex) => this.adviseSessions(ex, unit, now, planned, lifterTemperature)),
      not_strength: log.left_out,
    };
  }

  /**
   * What `exertrack serve` answers to POST /v1/recommendations with a
   * next-session model (serve/api.cpp recommend_json): each exercise on its
   * own (its own last date decides inactivity), in request order, at the
   * temperature of the lifter who sent them all.
   * @param {{exercises: Array<{name, unit?, target_unit?, sessions|sets}>, unit?: string, planned_reps?: number[]}} body
   *   unit: of the weights where an exercise names none; target_unit: of its
   *   advice (default its unit)
   * @returns {{task: 'next-session', results: object[], not_strength: {name, reason}[]}}
   */
  recommend(body) {
    if (body === null || typeof body !== 'object' || !Array.isArray(body.exercises)) {
      throw new TypeError('the body must be an object {"exercises": [...]}');
    }
    if (body.exercises.length === 0) throw new RangeError('exercises: the array is empty (send at least one exercise)');
    plannedRepsOf(body);
    const parts = body.exercises.map((e, i) => {
      const where = `exercises[${i}]`;
      if (e === null || typeof e !== 'object') throw new TypeError(`${where}: must be an object {"name", "unit", "sessions"}`);
      const unit = e.unit !== undefined ? e.unit : body.unit;
      if (unit === undefined) throw new RangeError(`${where}.unit: missing ("kg" or "lb": the unit of the weights)`);
      const exercises = [{ ...e, unit }];
      return { exercises, log: buildSessions(exercises), target: e.target_unit !== undefined ? e.target_unit : unit };
    });
    const lifterTemperature = this.lifterTemperature({ exercises: parts.flatMap((p) => p.log.exercises) });
    const out = { task: 'next-session', results: [], not_strength: [] };
    for (const p of parts) {
      const one = this.adviseSessionLog(p.log, p.exercises, { unit: p.target, planned_reps: body.planned_reps }, lifterTemperature);
      out.results.push(...one.results);
      out.not_strength.push(...one.not_strength);
    }
    return out;
  }

  /**
   * Advice for one exercise ({name, unit?, sets}); null when it has no
   * working set. Options as adviseLog (unit defaults to the exercise's).
   */
  advise(exercise, options = {}) {
    const unit = options.unit !== undefined ? options.unit : exercise && exercise.unit;
    const { results } = this.adviseLog([exercise], { ...options, unit, exercise: undefined });
    return results.length > 0 ? results[0] : null;
  }
}

// options.planned_reps, checked: whole rep counts from 1 to 300.
function plannedRepsOf(options) {
  const planned = options.planned_reps === undefined ? [] : options.planned_reps;
  if (!Array.isArray(planned)) throw new TypeError('options.planned_reps: must be an array');
  for (const r of planned) {
    if (!(typeof r === 'number' && r >= 1 && r <= MAX_PLAUSIBLE_REPS && r === Math.floor(r))) {
      throw new RangeError(`planned reps: ${fmt(r)} is not a whole number of reps from 1 to 300`);
    }
  }
  return planned;
}

function modelPath(dir) {
  const direct = path.join(dir, MODEL_FILE);
  return fs.existsSync(direct) ? direct : path.join(dir, 'model', MODEL_FILE);
}

// The next-session model exertrack ships: inside the package as npm
// installs it (scripts/pack.js copies it in), else the repository's
// models/ beside js/.
function shippedModelDir() {
  const places = [path.join(__dirname, '..', 'models', 'next-session'), path.join(__dirname, '..', '..', 'models', 'next-session')];
  const found = places.find((dir) => fs.existsSync(path.join(dir, MODEL_FILE)));
  if (found === undefined) throw new Error(`the shipped model is in neither ${places.join(' nor ')}; pass a model directory`);
  return found;
}

/**
 * Loads DIR/forecast.json (DIR may be a run directory holding model/);
 * without DIR, the next-session model shipped with exertrack (the one
 * `exertrack recommend` answers with when given no --model).
 * @param {string} [dir]
 * @returns {Promise<Forecaster>}
 */
async function loadForecaster(dir) {
  const file = modelPath(dir === undefined ? shippedModelDir() : dir);
  const text = await fs.promises.readFile(file, 'utf8');
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON: ${e.message}`);
  }
  return new Forecaster(json, file);
}

/** True when DIR (or DIR/model) holds a next-session model. */
function isForecastModelDir(dir) {
  return fs.existsSync(modelPath(dir));
}

module.exports = {
  ACTIONS,
  SESSION_FEATURES,
  PLANNED_REPS_FEATURES,
  EQUIPMENT,
  LOAD_KINDS,
  Forecaster,
  XGBoostModel,
  loadForecaster,
  shippedModelDir,
  isForecastModelDir,
  buildSessions,
  sessionFeatures,
  plannedRepsFeatures,
  lastLoadAtReps,
  loadBaseKg,
  actionBetween,
  equipmentFromName,
  checkUnit,
  kgToUnit,
  unitToKg,
  loadStepsFromJson,
  parseDate,
  roundHalfAway,
  platesPerSide,
};
