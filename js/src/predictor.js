'use strict';
const fs = require('node:fs');
const path = require('node:path');
const tf = require('@tensorflow/tfjs');
const { fileSystemHandler } = require('./model_io');
const features = require('./features');
const { checkRule, nextTarget } = require('./target');

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
  return { classes, featureNames, definition };
}

/** Serves one exported exertrack model: features, labels, next-set targets. */
class Predictor {
  constructor(model, metadata, info, rule) {
    this.model = model;
    this.metadata = metadata;
    this.classes = info.classes;
    this.featureNames = info.featureNames;
    this.definition = info.definition;
    this.targetRule = rule;
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
   * The recommendation after the last set: {label, probabilities: {class: p},
   * target: {weight, unit, reps}, reason}.
   */
  async recommend(sets) {
    if (!Array.isArray(sets) || sets.length === 0) throw new TypeError('recommend needs at least one set {weight, reps}');
    const rows = this.features(sets).model;
    const [p] = await this.probabilities([rows[rows.length - 1]]);
    const label = this.classes[argmax(p)];
    const probabilities = {};
    this.classes.forEach((c, i) => { probabilities[c] = p[i]; });
    const last = sets[sets.length - 1];
    const { target, reason } = nextTarget(label, { weight: last.weight, reps: last.reps }, this.targetRule);
    return { label, probabilities, target, reason };
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
 * @param {{targetRule?: object, backend?: string}} [options] targetRule
 *   overrides DEFAULT_TARGET_RULE's fields; backend defaults to "cpu"
 *   (e.g. "wasm" after requiring @tensorflow/tfjs-backend-wasm yourself).
 */
async function loadPredictor(modelDir, options = {}) {
  const rule = checkRule(options.targetRule);
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

module.exports = { loadPredictor, Predictor, argmax };
