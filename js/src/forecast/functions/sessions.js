'use strict';
// next_session/model/sessions.cpp: a lifter's sets, normalised as the
// readers record them, grouped into sessions per exercise; the session
// summaries (top set, Epley's 1RM, volume).
const { MAX_PLAUSIBLE_REPS, MAX_PLAUSIBLE_WEIGHT_KG } = require('../internal/constants');
const { bytewise } = require('../internal/numbers');
const { parseDate } = require('../internal/dates');
const { lowerAscii, equipmentFromName, checkUnit, unitToKg } = require('./units');

// Enum order of sessions.hpp's LoadKind (features hold the index).
const LOAD_KINDS = Object.freeze(['weighted', 'bodyweight', 'assisted']);
const WEIGHTED = 0;
const BODYWEIGHT = 1;
const ASSISTED = 2;

function isAssistedName(name) {
  return lowerAscii(name).includes('assisted');
}

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

/**
 * Sessions of a lifter's exercises, as sessions.cpp builds them.
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

module.exports = {
  LOAD_KINDS, WEIGHTED, BODYWEIGHT, ASSISTED, buildSessions, isWorkingSet, isAssistedName, epley1rm, epleyLoad,
};
