'use strict';
// The exertrack features and label rule, mirroring src/features/features.cpp
// operation for operation (same IEEE double arithmetic in the same order), so
// C++ and JS give bit-identical features and the same labels. The parameters
// come from the model's metadata (userDefinedMetadata.feature_definition).

/** kClassNames: the classifier's outputs, class names sorted; ruleLabel indexes it. */
const CLASS_NAMES = Object.freeze(['increase reps', 'increase weight', 'increase weight, decrease reps']);
/** kFeatureNames: the model's inputs in order, the names results key their features by. */
const FEATURE_NAMES = Object.freeze(['Weight Change %', 'Reps Change %', 'Weight Moving Average', 'Reps Moving Average']);

/** The C++ FeatureDefinition defaults (src/features/features.cpp notebook_definition). */
const NOTEBOOK = Object.freeze({
  name: 'notebook',
  change_cap: Infinity,
  window: 5,
  iqr_k: 1.5,
  weight_step_pct: 5,
  weight_step_pct_heavy: 4,
  heavy_kg: 100,
  reps_jump_pct: 20,
  reps_jump_pct_high: 16,
  high_reps: 15,
  reps_flat_pct: 5,
  include_flagged_sets: false,
});

const V2 = Object.freeze({ ...NOTEBOOK, name: 'v2', change_cap: 1000 });
const DEFINITION_DEFAULTS = Object.freeze({ notebook: NOTEBOOK, v2: V2 });

const NUMBER_KEYS = [
  'iqr_k', 'weight_step_pct', 'weight_step_pct_heavy', 'heavy_kg', 'reps_jump_pct',
  'reps_jump_pct_high', 'high_reps', 'reps_flat_pct',
];

/**
 * A feature definition from its JSON form (the C++ feature_definition_to_json):
 * missing keys take the named definition's defaults; change_cap null or "inf"
 * means no cap. Throws on anything the C++ reader rejects.
 */
function parseDefinition(json) {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new TypeError('feature_definition: must be a JSON object');
  }
  const base = DEFINITION_DEFAULTS[json.name];
  if (typeof json.name !== 'string' || base === undefined) {
    throw new TypeError(`feature_definition: unknown name ${JSON.stringify(json.name)} (expected notebook or v2)`);
  }
  const def = { ...base };
  if ('change_cap' in json) {
    const cap = json.change_cap;
    if (cap === null || cap === 'inf' || cap === 'Infinity' || cap === '+inf') def.change_cap = Infinity;
    else if (typeof cap === 'number' && Number.isFinite(cap) && cap > 0) def.change_cap = cap;
    else throw new TypeError(`feature_definition: 'change_cap' must be a number > 0 or null, got ${JSON.stringify(cap)}`);
  }
  if ('window' in json) {
    if (!Number.isInteger(json.window) || json.window < 1) {
      throw new TypeError(`feature_definition: 'window' must be an integer >= 1, got ${JSON.stringify(json.window)}`);
    }
    def.window = json.window;
  }
  for (const key of NUMBER_KEYS) {
    if (!(key in json)) continue;
    if (typeof json[key] !== 'number' || !Number.isFinite(json[key])) {
      throw new TypeError(`feature_definition: '${key}' must be a finite number, got ${JSON.stringify(json[key])}`);
    }
    def[key] = json[key];
  }
  if (def.iqr_k < 0) throw new TypeError(`feature_definition: 'iqr_k' must be >= 0, got ${def.iqr_k}`);
  if ('include_flagged_sets' in json) {
    if (typeof json.include_flagged_sets !== 'boolean') {
      throw new TypeError("feature_definition: 'include_flagged_sets' must be true or false");
    }
    def.include_flagged_sets = json.include_flagged_sets;
  }
  return Object.freeze(def);
}

// pandas' pct_change: current / previous - 1 (pandas/core/generic.py,
// `rs = self / shifted - 1`), times 100 as the notebook did; x/0 = +-Infinity
// and 0/0 = NaN, as in IEEE/numpy.
function pctChange(current, previous) {
  return (current / previous - 1.0) * 100.0;
}

// NaN -> 0 (notebook step 3), then the definition's cap (std::clamp).
function cleanChange(v, cap) {
  if (Number.isNaN(v)) return 0.0;
  if (v < -cap) return -cap;
  if (cap < v) return cap;
  return v;
}

function signbit(v) {
  return v < 0 || Object.is(v, -0);
}

/**
 * The rolling mean as pandas computes it (pandas/_libs/window/aggregations.pyx
 * roll_mean: a Kahan-compensated running sum with separate compensations for
 * adds and removes; a window of identical values returns that value exactly;
 * the sign guards), the same algorithm as features.cpp's PandasRollingMean.
 */
class PandasRollingMean {
  constructor() {
    this.nobs = 0;
    this.neg = 0;
    this.same = 0;
    this.sum = 0;
    this.compAdd = 0;
    this.compRemove = 0;
    this.prev = NaN;
  }

  add(v) {
    this.nobs += 1;
    const y = v - this.compAdd;
    const t = this.sum + y;
    this.compAdd = t - this.sum - y;
    this.sum = t;
    if (signbit(v)) this.neg += 1;
    if (this.nobs > 1 && v === this.prev) this.same += 1;
    else this.same = 1;
    this.prev = v;
  }

  remove(v) {
    this.nobs -= 1;
    const y = -v - this.compRemove;
    const t = this.sum + y;
    this.compRemove = t - this.sum - y;
    this.sum = t;
    if (signbit(v)) this.neg -= 1;
  }

  mean() {
    if (this.nobs <= 0) return NaN;
    let result = this.sum / this.nobs;
    if (this.same >= this.nobs) result = this.prev;
    else if (this.neg === 0 && result < 0) result = 0;
    else if (this.neg === this.nobs && result > 0) result = 0;
    return result;
  }
}

function checkSets(sets) {
  if (!Array.isArray(sets)) throw new TypeError('sets must be an array of {weight, reps}');
  sets.forEach((s, i) => {
    if (s === null || typeof s !== 'object') throw new TypeError(`sets[${i}] must be an object {weight, reps}`);
    for (const key of ['weight', 'reps']) {
      if (typeof s[key] !== 'number' || !Number.isFinite(s[key])) {
        throw new TypeError(`sets[${i}].${key} must be a finite number (kg for weight), got ${JSON.stringify(s[key])}`);
      }
    }
  });
}

/**
 * Feature vectors of one exercise's sets in order ([{weight (kg), reps}, ...]),
 * as C++ raw_sequence_features: [weightChangePct, repsChangePct, weightMa,
 * repsMa] per set. Infinities are still present (the rule needs them).
 */
function rawSequenceFeatures(sets, definition) {
  checkSets(sets);
  const def = definition || NOTEBOOK;
  const window = Math.max(def.window, 1);
  const weightMa = new PandasRollingMean();
  const repsMa = new PandasRollingMean();
  const out = [];
  for (let i = 0; i < sets.length; i += 1) {
    let wc = 0.0; // pandas: NaN for the first row, then NaN -> 0
    let rc = 0.0;
    if (i > 0) {
      wc = cleanChange(pctChange(sets[i].weight, sets[i - 1].weight), def.change_cap);
      rc = cleanChange(pctChange(sets[i].reps, sets[i - 1].reps), def.change_cap);
    }
    if (i >= window) {
      weightMa.remove(sets[i - window].weight);
      repsMa.remove(sets[i - window].reps);
    }
    weightMa.add(sets[i].weight);
    repsMa.add(sets[i].reps);
    out.push([wc, rc, weightMa.mean(), repsMa.mean()]);
  }
  return out;
}

/** The notebook's label rule (step 5) on one raw feature vector: the class index. */
function ruleLabel(raw, definition) {
  const def = definition || NOTEBOOK;
  const [wc, rc, wma, rma] = raw;
  const w = wma > def.heavy_kg ? def.weight_step_pct_heavy : def.weight_step_pct;
  const r = rma > def.high_reps ? def.reps_jump_pct_high : def.reps_jump_pct;
  if (wc > w && rc < def.reps_flat_pct) return 0; // increase reps
  if (rc > r) return 2; // increase weight, decrease reps
  return 1; // increase weight
}

/** Step 6: +-Infinity -> 0. What the model sees. */
function modelFeatures(raw) {
  return raw.map((v) => (v === Infinity || v === -Infinity ? 0.0 : v));
}

module.exports = {
  CLASS_NAMES,
  FEATURE_NAMES,
  DEFINITIONS: DEFINITION_DEFAULTS,
  parseDefinition,
  rawSequenceFeatures,
  ruleLabel,
  modelFeatures,
  PandasRollingMean,
};
