'use strict';
// next_session/model/forecast_model.cpp: the model file (forecast.json) as
// serving uses it, its four XGBoost heads and the calibration; the advice
// and the server's answer are functions/advice.js and functions/recommend.js.
const { MODEL_FILE, FORMAT } = require('../internal/constants');
const { requireField, checkNames } = require('../internal/model_json');
const { loadStepsFromJson, plateSetsFromJson } = require('../functions/units');
const { buildSessions } = require('../functions/sessions');
const {
  ACTIONS, SESSION_FEATURES, PLANNED_REPS_FEATURES, actionBetween, loadHeadScale, sessionFeatures, plannedRepsFeatures, loadBaseKg,
} = require('../functions/session_features');
const advice = require('../functions/advice');
const { adviceJson } = require('../functions/advice_json');
const { recommend } = require('../functions/recommend');
const XGBoostModel = require('./xgboost_model');
const { LifterTemperature, lifterCalibrationFromJson, temper } = require('./lifter_temperature');

// definition_from_json: every parameter of the features and the action rule.
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
  // The most reps a lifter may plan: data from the model file, not a limit
  // kept here (a model without it predates this package: train it again).
  if (!('max_planned_reps' in j)) throw new Error(`${where}: definition.max_planned_reps: missing (the model predates this package: train it again)`);
  d.max_planned_reps = num('max_planned_reps');
  if (!(d.weight_tolerance_kg >= 0) || !(d.scale_floor_kg > 0) || !(d.load_scale_floor_kg > 0) || !(d.recent_sessions >= 1) || !(d.moving_average >= 1) ||
      !Number.isInteger(d.recent_sessions) || !Number.isInteger(d.moving_average) || !(d.change_cap_pct > 0) ||
      !(d.max_planned_reps >= 1) || !Number.isInteger(d.max_planned_reps)) {
    throw new Error(`${where}: definition: a parameter is out of range`);
  }
  return Object.freeze(d);
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
    const lt = new LifterTemperature(this.lifter);
    for (const ex of log.exercises) {
      for (let t = 0; t + 1 < ex.sessions.length; t++) {
        const p = this.finishAction(this.heads.action.predict(sessionFeatures(ex, t, this.definition))).probabilities;
        lt.add(p, actionBetween(ex.sessions[t], ex.sessions[t + 1], this.definition));
      }
    }
    return lt.value();
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

  // The advice after the last session of an exercise of buildSessions(), as its JSON object.
  adviseSessions(ex, unit, logLastTime, plannedReps = [], lifterTemperature = 1.0) {
    return adviceJson(advice.advise(this, ex, unit, logLastTime, plannedReps, lifterTemperature));
  }

  /**
   * Advice for every exercise of a lifter's log (the C++ advise_log; the
   * result has the shape of `exertrack recommend --json`).
   * @param {Array<{name, unit?, sets}>} exercises see buildSessions
   * @param {{unit?: 'kg'|'lb', planned_reps?: number[], now?: string|Date, exercise?: string}} [options]
   *   unit: of the targets (default: the first exercise's unit, else kg);
   *   planned_reps: whole rep counts (1 to the model's definition.max_planned_reps) to give loads for; now: the date
   *   that decides inactivity (default: the log's last set, as the C++ side
   *   does); exercise: keep only this exercise
   * @returns {{task: 'next-session', results: object[], not_strength: {name, reason}[]}}
   *   results bytewise by exercise name; not_strength: exercises without a working set
   */
  adviseLog(exercises, options = {}) {
    return advice.adviseLog(this, exercises, options);
  }

  // adviseLog after buildSessions and the lifter's temperature.
  adviseSessionLog(log, exercises, options, lifterTemperature) {
    return advice.adviseSessionLog(this, log, exercises, options, lifterTemperature);
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
    return recommend(this, body);
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

module.exports = Forecaster;
