'use strict';
const fs = require('node:fs');
const path = require('node:path');
const tf = require('@tensorflow/tfjs');
const { fileSystemHandler } = require('./model_io');
const features = require('./features');
const { checkRule, nextTarget, targetRulesFromJson, ruleFor, equipmentByName } = require('./target');
const { EQUIPMENT, equipmentFromName, checkUnit, kgToUnit, unitToKg } = require('./forecast');

const FOLDED = 'folded into first Dense layer';

function checkMetadata(meta, model, where) {
  if (meta === null || typeof meta !== 'object') throw new Error(`${where}: model.json has no userDefinedMetadata (not an exertrack model?)`);
  const inputs = model.inputs[0].shape[1];
  const outputs = model.outputs[0].shape[1];
  const strings = (key, n, what) => {
    const a = meta[key];
    if (!Array.isArray(a) || a.length !== n || !a.every((s) => typeof s === 'string')) {
      throw new Error(`${where}: userDefinedMetadata.${key} must list ${n} ${what}, got ${JSON.stringify(a)}`);
    }
    return Object.freeze([...a]);
  };
  const classes = strings('classes', outputs, 'class names (one per output)');
  const featureNames = strings('feature_names', inputs, 'feature names (one per input)');
  // The rule's labels and the target rule are defined on these names.
  if (classes.join('\n') !== features.CLASS_NAMES.join('\n')) {
    throw new Error(`${where}: userDefinedMetadata.classes must be ${JSON.stringify(features.CLASS_NAMES)}, got ${JSON.stringify(classes)}`);
  }
  if (inputs !== 4) throw new Error(`${where}: the model takes ${inputs} inputs, exertrack features are 4`);
  let definition;
  try {
    definition = features.parseDefinition(meta.feature_definition);
  } catch (err) {
    throw new Error(`${where}: userDefinedMetadata.${err.message}`);
  }
  const st = meta.standardization;
  if (st !== undefined && (st === null || st.applied !== FOLDED)) {
    throw new Error(`${where}: userDefinedMetadata.standardization.applied must be "${FOLDED}" (the model must take raw features)`);
  }
  // Refused rather than defaulted: a table kept here would drift from the
  // C++ one; every model trained since carries it.
  if (meta.target_rule === undefined) {
    throw new Error(`${where}: userDefinedMetadata.target_rule is missing (the model predates this package: train it again)`);
  }
  let targetRules;
  try {
    targetRules = targetRulesFromJson(meta.target_rule, 'target_rule');
  } catch (err) {
    throw new Error(`${where}: userDefinedMetadata.${err.message}`);
  }
  return { classes, featureNames, definition, targetRules };
}

// serve/api.hpp ApiLimits' defaults: what the server refuses with 413
// (golden.test.js checks them against the C++ values).
const LIMITS = Object.freeze({ exercises: 256, setsPerExercise: 10000, totalSets: 200000, nameBytes: 200 });

// An error the HTTP API would answer with `status` and this message.
function apiError(status, message) {
  const err = status === 413 ? new RangeError(message) : new TypeError(message);
  err.status = status;
  return err;
}

// api.cpp type_of: nlohmann's names for the JSON types.
function typeOf(v) {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  return 'number';
}

// api.cpp show: a bad value, minified and cut short.
function show(v) {
  const s = v === undefined ? 'null' : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const has = (o, key) => Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined;
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function numberAt(v, where, lo, hi, what) {
  if (typeof v !== 'number') throw apiError(422, `${where()}: must be a number (${what}), got ${typeOf(v)} ${show(v)}`);
  if (!Number.isFinite(v) || v < lo || v > hi) throw apiError(422, `${where()}: must be ${what}, got ${show(v)}`);
  return v;
}

function unitAt(v, where) {
  try {
    if (typeof v === 'string') return checkUnit(v, where);
  } catch (err) {
    // checkUnit's message is not the server's; the server's follows.
  }
  throw apiError(422, `${where}: must be "kg" or "lb", got ${show(v)}`);
}

function readSets(sets, where, count, out) {
  if (!Array.isArray(sets)) throw apiError(422, `${where}: must be an array of {"weight", "reps"}, got ${typeOf(sets)}`);
  if (out.length + sets.length > LIMITS.setsPerExercise) {
    throw apiError(413, `${where}: the history holds more than ${LIMITS.setsPerExercise} sets (the limit per exercise)`);
  }
  count.total += sets.length;
  if (count.total > LIMITS.totalSets) {
    throw apiError(413, `the request holds more than ${LIMITS.totalSets} sets (the limit per request)`);
  }
  sets.forEach((s, i) => {
    const at = (field) => () => `${where}[${i}]${field}`;
    if (!isObject(s)) throw apiError(422, `${at('')()}: must be an object {"weight", "reps"}, got ${show(s)}`);
    if (!has(s, 'weight')) throw apiError(422, `${at('.weight')()}: missing`);
    if (!has(s, 'reps')) throw apiError(422, `${at('.reps')()}: missing`);
    // Assisted (negative) weights are real; past 10 t nothing is.
    const weight = numberAt(s.weight, at('.weight'), -1e4, 1e4, 'a number between -10000 and 10000');
    const reps = numberAt(s.reps, at('.reps'), 0, 1e5, 'a number >= 0');
    out.push({ weight, reps });
  });
}

// api.cpp read_exercise: one exercise of a request body, checked as the
// server checks it (same order, same messages).
function readExercise(e, index, defaultUnit, count) {
  const path = `exercises[${index}]`;
  if (!isObject(e)) throw apiError(422, `${path}: must be an object {"name", "unit", "sets"}, got ${typeOf(e)}`);
  if (!has(e, 'name') || typeof e.name !== 'string') throw apiError(422, `${path}.name: must be a string (the exercise name)`);
  const bytes = Buffer.byteLength(e.name, 'utf8');
  if (bytes === 0 || bytes > LIMITS.nameBytes) throw apiError(422, `${path}.name: must hold 1 to ${LIMITS.nameBytes} bytes`);
  const h = { name: e.name };
  if (has(e, 'unit')) h.unit = unitAt(e.unit, `${path}.unit`);
  else if (defaultUnit !== undefined) h.unit = defaultUnit;
  else throw apiError(422, `${path}.unit: missing ("kg" or "lb": the unit of the weights)`);
  if (has(e, 'target_unit')) h.targetUnit = unitAt(e.target_unit, `${path}.target_unit`);
  if (has(e, 'equipment')) {
    const eq = equipmentByName(e.equipment);
    if (eq < 0) {
      throw apiError(422, `${path}.equipment: must be one of barbell, dumbbell, machine, cable, kettlebell, other; got ${show(e.equipment)}`);
    }
    h.equipment = eq;
  }
  if (has(e, 'increment')) h.increment = numberAt(e.increment, () => `${path}.increment`, 1e-6, 1000, 'a number > 0 (and <= 1000)');
  if (has(e, 'reps_step')) h.repsStep = numberAt(e.reps_step, () => `${path}.reps_step`, 0, 1000, 'a number >= 0 (and <= 1000)');
  if (has(e, 'sets') === has(e, 'sessions')) {
    throw apiError(422, `${path}: needs exactly one of "sets" (every set, oldest first) or "sessions" ([{"sets": [...]}, ...])`);
  }
  h.sets = [];
  if (has(e, 'sets')) {
    readSets(e.sets, `${path}.sets`, count, h.sets);
  } else {
    if (!Array.isArray(e.sessions)) throw apiError(422, `${path}.sessions: must be an array of {"sets": [...]}, got ${typeOf(e.sessions)}`);
    e.sessions.forEach((session, k) => {
      const sp = `${path}.sessions[${k}]`;
      if (!isObject(session) || !has(session, 'sets')) throw apiError(422, `${sp}: must be an object {"sets": [...]}`);
      readSets(session.sets, `${sp}.sets`, count, h.sets);
    });
  }
  if (h.sets.length === 0) throw apiError(422, `${path}: the history has no sets (at least one is needed)`);
  return h;
}

// The fields a caller's targetRule option gives, checked; they override the
// model's rule for every exercise (a request's own increment / reps_step
// still win for its exercise).
function ruleOverride(rule) {
  if (rule === undefined || rule === null) return Object.freeze({});
  const checked = checkRule(rule);
  const out = {};
  for (const key of ['increment', 'repsStep', 'minReps', 'unit']) if (rule[key] !== undefined) out[key] = checked[key];
  // Weights are converted to kg for the features, so the unit must be one.
  if (out.unit !== undefined) out.unit = checkUnit(out.unit, 'target rule');
  return Object.freeze(out);
}

/** Serves one exported exertrack model: features, labels, next-set targets. */
class Predictor {
  constructor(model, metadata, info, override) {
    this.model = model;
    this.metadata = metadata;
    this.classes = info.classes;
    this.featureNames = info.featureNames;
    this.definition = info.definition;
    this.targetRules = info.targetRules;
    this.targetRule = override;
  }

  /** Raw feature vectors, what the model sees, and the rule's labels, per set. */
  features(sets) {
    const raw = features.rawSequenceFeatures(sets, this.definition);
    return {
      raw,
      model: raw.map(features.modelFeatures),
      ruleLabels: raw.map((f) => features.CLASS_NAMES[features.ruleLabel(f, this.definition)]),
    };
  }

  /** Class probabilities (rows of length classes) for model-feature rows. */
  async probabilities(rows) {
    if (rows.length === 0) return [];
    const flat = new Float32Array(rows.length * 4);
    rows.forEach((r, i) => flat.set(r, i * 4));
    const out = tf.tidy(() => this.model.predict(tf.tensor2d(flat, [rows.length, 4], 'float32')));
    const values = await out.data();
    out.dispose();
    const k = this.classes.length;
    return rows.map((_, i) => Array.from(values.subarray(i * k, (i + 1) * k)));
  }

  /** One label per set: the model's label for each set given the sets before it. */
  async predict(sets) {
    const probs = await this.probabilities(this.features(sets).model);
    return probs.map((p) => this.classes[argmax(p)]);
  }

  /**
   * The recommendation after an exercise's last set, exactly as the HTTP
   * API's result for it (serve/api.cpp recommend_json): {name, equipment,
   * label, probabilities: {class: p}, rule_label, target: {weight, unit,
   * reps}, reason, last_set: {weight, unit, reps}, features: {name: value}}.
   * @param input one of
   *   - an exercise as the API takes it: {name, unit, target_unit?,
   *     equipment?, increment?, reps_step?, sets: [{weight, reps}] |
   *     sessions: [{sets}]} -> one result;
   *   - a request body {exercises: [...], unit?} -> {results: [...]}, in
   *     request order;
   *   - an array of sets {weight, reps} (an unnamed exercise in the
   *     targetRule option's unit, default kg) -> one result.
   * Rejects a bad input with the API's message (and its status as
   * err.status: 422, or 413 past its limits); a single exercise is the
   * body's exercises[0] there.
   */
  async recommend(input) {
    if (Array.isArray(input)) {
      if (input.length === 0) throw new TypeError('recommend needs at least one set {weight, reps}');
      const count = { total: 0 };
      const h = { name: '', unit: this.targetRule.unit || 'kg', sets: [] };
      readSets(input, 'sets', count, h.sets);
      return (await this.recommendHistories([h]))[0];
    }
    if (isObject(input) && has(input, 'exercises')) return this.recommendBody(input);
    const [h] = this.readBody({ exercises: [input] });
    return (await this.recommendHistories([h]))[0];
  }

  /** What the HTTP API answers to POST /v1/recommendations with this model: {results: [...]}. */
  async recommendBody(body) {
    return { results: await this.recommendHistories(this.readBody(body)) };
  }

  readBody(body) {
    if (!isObject(body)) throw apiError(422, `the body must be an object {"exercises": [...]}, got ${typeOf(body)}`);
    const defaultUnit = has(body, 'unit') ? unitAt(body.unit, 'unit') : undefined;
    if (!Array.isArray(body.exercises)) throw apiError(422, 'exercises: must be an array of exercise histories');
    if (body.exercises.length === 0) throw apiError(422, 'exercises: the array is empty (send at least one exercise)');
    if (body.exercises.length > LIMITS.exercises) {
      throw apiError(413, `exercises: ${body.exercises.length} exercises; the limit per request is ${LIMITS.exercises}`);
    }
    const count = { total: 0 };
    return body.exercises.map((e, i) => readExercise(e, i, defaultUnit, count));
  }

  // predictor.cpp Predictor::recommend for checked histories, the model run
  // once on every exercise's last set.
  async recommendHistories(histories) {
    const prepared = histories.map((h) => {
      const kg = h.sets.map((s) => ({ weight: unitToKg(s.weight, h.unit), reps: s.reps }));
      const raw = features.rawSequenceFeatures(kg, this.definition);
      const last = raw[raw.length - 1];
      return { h, kg, ruleLabel: features.ruleLabel(last, this.definition), model: features.modelFeatures(last) };
    });
    const probs = await this.probabilities(prepared.map((x) => x.model));
    return prepared.map(({ h, kg, ruleLabel, model }, i) => {
      const p = probs[i];
      const label = this.classes[argmax(p)];
      const probabilities = {};
      this.classes.forEach((c, k) => { probabilities[c] = p[k]; });
      const equipment = h.equipment !== undefined ? h.equipment : equipmentFromName(h.name);
      const unit = h.targetUnit !== undefined ? h.targetUnit : h.unit;
      const o = this.targetRule;
      const rule = ruleFor(this.targetRules, unit, equipment);
      if (o.increment !== undefined) rule.increment = o.increment;
      if (o.repsStep !== undefined) rule.repsStep = o.repsStep;
      if (o.minReps !== undefined) rule.minReps = o.minReps;
      if (h.increment !== undefined) rule.increment = h.increment;
      if (h.repsStep !== undefined) rule.repsStep = h.repsStep;
      const lastSet = h.sets[h.sets.length - 1];
      // The history's own number when no conversion is needed: 135 lb stays
      // 135, not 135 -> kg -> lb.
      const lastWeight = unit === h.unit ? lastSet.weight : kgToUnit(kg[kg.length - 1].weight, unit);
      const { target, reason } = nextTarget(label, { weight: lastWeight, reps: lastSet.reps }, rule);
      const named = {};
      features.FEATURE_NAMES.forEach((name, k) => { named[name] = Number.isFinite(model[k]) ? model[k] : null; });
      return {
        name: h.name,
        equipment: EQUIPMENT[equipment],
        label,
        probabilities,
        rule_label: features.CLASS_NAMES[ruleLabel],
        target,
        reason,
        last_set: { weight: lastWeight, unit, reps: lastSet.reps },
        features: named,
      };
    });
  }

  dispose() {
    this.model.dispose();
  }
}

// First index of the maximum, like tf.argmax and the C++ predict_classes.
function argmax(p) {
  let best = 0;
  for (let i = 1; i < p.length; i += 1) if (p[i] > p[best]) best = i;
  return best;
}

let backendChosen = null;
async function ensureBackend(name) {
  if (backendChosen === name && tf.getBackend() === name) return;
  // Plain tfjs in Node registers cpu (and webgl, which cannot start there).
  if (tf.getBackend() !== name && !(await tf.setBackend(name))) throw new Error(`tfjs backend '${name}' is not available`);
  await tf.ready();
  // tfjs's CPU backend prints an "install tfjs-node" banner on its first
  // tensor in Node.js; a library must not write to its user's console, and
  // the flag it checks is the only switch that silences that one message
  // (tf.enableProdMode() would also drop tfjs's checks for the whole process).
  if (name === 'cpu' && tf.backend() && 'firstUse' in tf.backend()) tf.backend().firstUse = false;
  backendChosen = name;
}

// A run directory (what `exertrack train --out` wrote) holds the model in
// model/; the CLI accepts either, and so does this package.
function modelDirOf(dir) {
  if (!fs.existsSync(path.join(dir, 'model.json')) && fs.existsSync(path.join(dir, 'model', 'model.json'))) {
    return path.join(dir, 'model');
  }
  return dir;
}

/**
 * Loads an exported exertrack model directory.
 * @param {string} modelDir a run directory, or its model/ folder holding model.json and its shards
 * @param {{targetRule?: object, backend?: string}} [options] targetRule:
 *   {increment?, repsStep?, minReps?, unit?}, each given field overriding
 *   the model's target rule for every exercise (unit: of a bare array of
 *   sets); backend defaults to "cpu" (e.g. "wasm" after requiring
 *   @tensorflow/tfjs-backend-wasm yourself).
 */
async function loadPredictor(modelDir, options = {}) {
  const rule = ruleOverride(options.targetRule);
  await ensureBackend(options.backend || 'cpu');
  modelDir = modelDirOf(modelDir);
  const model = await tf.loadLayersModel(fileSystemHandler(modelDir));
  try {
    const meta = model.getUserDefinedMetadata();
    const info = checkMetadata(meta, model, modelDir);
    return new Predictor(model, meta, info, rule);
  } catch (err) {
    model.dispose();
    throw err;
  }
}

module.exports = { loadPredictor, Predictor, argmax, LIMITS };
