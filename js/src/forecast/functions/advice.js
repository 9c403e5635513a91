'use strict';
// next_session/model/advice.cpp: the advice after an exercise's last session
// (the target on the loadable grid, the loads for planned reps, the plates,
// the reason), and for every exercise of a lifter's log.
const { roundHalfAway, fmt, clamp } = require('../internal/numbers');
const { parseDate } = require('../internal/dates');
const { EQUIPMENT, checkUnit, kgToUnit, platesPerSide } = require('./units');
const { WEIGHTED, ASSISTED, buildSessions } = require('./sessions');
const { INCREASE_REPS, INCREASE_WEIGHT, INCREASE_WEIGHT_DECREASE_REPS, REPEAT } = require('./session_features');
const { repRange } = require('./baselines');
const { logAdviceJson } = require('./advice_json');
const { LoadGrid, tidy } = require('../classes/load_grid');
const { applyLifterTemperature } = require('../classes/lifter_temperature');

// advice.hpp: not trained for this long before the log's last set.
const INACTIVE_AFTER_DAYS = 56;

// "100 kg", or "bodyweight" for 0; to the hundredth (load_text).
function weightText(w, unit) {
  return w === 0 ? 'bodyweight' : `${fmt(roundHalfAway(w * 100) / 100)} ${unit}`;
}
const setText = (s, unit) => `${weightText(s.weight, unit)} × ${fmt(s.reps)}`;

// A load in the lifter's unit as logged (+ 0 turns -0 into 0).
const asLogged = (ex, wUnit) => (ex.assistance_logged_positive ? -wUnit + 0 : wUnit);

function displayedWeight(ex, weightKg, unit) {
  return asLogged(ex, tidy(kgToUnit(weightKg, unit)));
}

// target_for: the top set to attempt, in the lifter's unit: the weight
// head's forecast moved onto the loadable grid, then made to agree with the
// action (an "increase weight" is at least the next loadable weight up).
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

// reason_for: "100 kg × 10, × 10, × 10 in your last three
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

// The advice after the last session of an exercise of buildSessions()
// (advise), as advice.hpp's NextSessionAdvice: indices for the equipment,
// kind and action; advice_json.js writes the answer.
function advise(model, ex, unit, logLastTime, plannedReps = [], lifterTemperature = 1.0) {
  const t = ex.sessions.length - 1;
  const last = ex.sessions[t];
  const out = model.predict(ex, t);
  applyLifterTemperature(out, lifterTemperature);
  const grid = new LoadGrid(tidy(kgToUnit(last.top_weight_kg, unit)), unit, ex.equipment, model);
  const target = targetFor(out.action, grid, last.top_reps, kgToUnit(out.weight_kg, unit), out.reps, ex.kind);
  const planned = plannedReps.map((reps) => {
    const loadU = kgToUnit(model.loadForReps(ex, t, reps), unit);
    let weight = tidy(grid.snap(loadU));
    // Only assisted work has loads below zero (less help is progress).
    if (ex.kind !== ASSISTED) weight = Math.max(weight, 0.0);
    return { reps, weight: asLogged(ex, weight) };
  });
  const shown = { weight: asLogged(ex, target.weight), reps: target.reps };
  return {
    name: ex.name,
    equipment: ex.equipment,
    kind: ex.kind,
    unit,
    last_time: last.time,
    last: { weight: displayedWeight(ex, last.top_weight_kg, unit), reps: last.top_reps },
    dated: ex.dated,
    inactive: ex.dated && logLastTime - last.time > INACTIVE_AFTER_DAYS * 86400,
    sessions: ex.sessions.length,
    action: out.action,
    probabilities: out.probabilities,
    ready_to_add_weight: out.probabilities[INCREASE_WEIGHT] + out.probabilities[INCREASE_WEIGHT_DECREASE_REPS],
    target: shown,
    plates_per_side: model.plates && EQUIPMENT[ex.equipment] === 'barbell' && ex.kind === WEIGHTED ? platesPerSide(shown.weight, model.plates[unit]) : null,
    planned,
    reason: reasonFor(ex, unit, out.action, shown),
  };
}

// advise_log: every exercise of a lifter's log, at the temperature of the
// whole log (options as Forecaster.adviseLog).
function adviseLog(model, exercises, options = {}) {
  plannedRepsOf(options, model.definition);
  const log = buildSessions(exercises);
  return adviseSessionLog(model, log, exercises, options, model.lifterTemperature(log));
}

// advise_log after buildSessions and the lifter's temperature
// (advise_sessions): recommend() takes the temperature from every exercise
// of a request.
function adviseSessionLog(model, log, exercises, options, lifterTemperature) {
  const planned = plannedRepsOf(options, model.definition);
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
  return logAdviceJson(log.exercises.map((ex) => advise(model, ex, unit, now, planned, lifterTemperature)), log.left_out);
}

// options.planned_reps, checked as advice.cpp check_planned_reps does:
// whole rep counts from 1 to the model's definition.max_planned_reps.
function plannedRepsOf(options, definition) {
  const planned = options.planned_reps === undefined ? [] : options.planned_reps;
  if (!Array.isArray(planned)) throw new TypeError('options.planned_reps: must be an array');
  const most = definition.max_planned_reps;
  for (const r of planned) {
    if (!(typeof r === 'number' && r >= 1 && r <= most && r === Math.floor(r))) {
      throw new RangeError(`planned reps: ${fmt(r)} is not a whole number of reps from 1 to ${fmt(most)}`);
    }
  }
  return planned;
}

module.exports = {
  INACTIVE_AFTER_DAYS, weightText, displayedWeight, targetFor, reasonFor, advise, adviseLog, adviseSessionLog, plannedRepsOf,
};
