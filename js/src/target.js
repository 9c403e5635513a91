'use strict';
// The next-set target rule: from the predicted label and the last set, the
// concrete weight and reps to attempt next. The C++ predictor (src/predict/)
// implements the same rule with the same defaults; js/README.md states it.
// The steps per unit and equipment are not kept here: a notebook model
// records them (userDefinedMetadata.target_rule) and targetRulesFromJson
// reads them, as C++'s target_rules_from_json does.
const { EQUIPMENT, loadStepsFromJson } = require('./forecast');

/**
 * Parameters of the target rule for one unit and equipment (what nextTarget
 * takes); a model's rules give one per unit and equipment (ruleFor).
 * - increment: the weight step (in `unit`) added for "increase weight*"
 *   labels; the target weight is rounded to a multiple of it (a loadable weight).
 * - repsStep: reps added for "increase reps" / removed for
 *   "increase weight, decrease reps" (never below minReps).
 * - minReps: the lowest rep target.
 * - unit: the weight unit of inputs and targets (the model's features are in kg).
 */
const DEFAULT_TARGET_RULE = Object.freeze({
  increment: 2.5,
  repsStep: 1,
  minReps: 1,
  unit: 'kg',
});

function checkRule(rule) {
  const r = { ...DEFAULT_TARGET_RULE, ...(rule || {}) };
  if (typeof r.increment !== 'number' || !Number.isFinite(r.increment) || r.increment <= 0) {
    throw new RangeError(`target rule: increment must be a number > 0, got ${JSON.stringify(r.increment)}`);
  }
  for (const key of ['repsStep', 'minReps']) {
    if (typeof r[key] !== 'number' || !Number.isFinite(r[key]) || r[key] < 0) {
      throw new RangeError(`target rule: ${key} must be a number >= 0, got ${JSON.stringify(r[key])}`);
    }
  }
  if (typeof r.unit !== 'string' || r.unit === '') throw new RangeError('target rule: unit must be a non-empty string');
  return Object.freeze(r);
}

// The smallest multiple of `step` strictly above x — the next weight that
// can be loaded (85 lb on a 10 lb stack -> 90). The 1e-9 absorbs unit
// conversion noise. Same expression as C++'s next_loadable.
function nextLoadable(x, step) {
  return (Math.floor(x / step + 1e-9) + 1) * step;
}

// Shortest round-trip decimal form (C++: std::to_chars(double)).
function fmt(x) {
  return String(x);
}

// "1 rep", "8 reps", "7.5 reps".
function repsText(n) {
  return `${fmt(n)} ${n === 1 ? 'rep' : 'reps'}`;
}

/**
 * The target for the next set of the exercise.
 * @param {string} label one of "increase reps", "increase weight",
 *   "increase weight, decrease reps"
 * @param {{weight: number, reps: number}} last the last set
 * @returns {{target: {weight, unit, reps}, reason: string}}
 */
function nextTarget(label, last, rule) {
  const r = checkRule(rule);
  const up = nextLoadable(last.weight, r.increment);
  const u = r.unit;
  const was = `Your last set was ${fmt(last.weight)} ${u} for ${repsText(last.reps)}`;
  switch (label) {
    case 'increase weight':
      return {
        target: { weight: up, unit: u, reps: last.reps },
        reason: `${was}; next time load ${fmt(up)} ${u} and do the same ${repsText(last.reps)}.`,
      };
    case 'increase reps': {
      const reps = last.reps + r.repsStep;
      return {
        target: { weight: last.weight, unit: u, reps },
        reason: `${was}; stay at ${fmt(last.weight)} ${u} and aim for ${repsText(reps)} before adding weight.`,
      };
    }
    case 'increase weight, decrease reps': {
      const reps = Math.max(r.minReps, last.reps - r.repsStep);
      return {
        target: { weight: up, unit: u, reps },
        reason: `${was}; load ${fmt(up)} ${u} and aim for ${repsText(reps)}, trading reps for the heavier weight.`,
      };
    }
    default:
      throw new RangeError(`no target rule for label ${JSON.stringify(label)}`);
  }
}

/**
 * A notebook model's "target_rule" ({steps: {kg: {barbell, dumbbell, machine,
 * kettlebell, other}, lb: {...}}, reps_step, min_reps}) as
 * {steps: {kg: [...], lb: [...]} in EQUIPMENT order, repsStep, minReps}.
 * Throws naming the key, with C++ target_rules_from_json's messages.
 */
function targetRulesFromJson(j, where) {
  if (j === null || typeof j !== 'object' || Array.isArray(j)) {
    throw new Error(`${where}: must be an object {"steps", "reps_step", "min_reps"}`);
  }
  if (!('steps' in j)) throw new Error(`${where}: missing 'steps'`);
  const steps = loadStepsFromJson(j.steps, `${where}.steps`);
  const out = { steps };
  for (const [key, name] of [['reps_step', 'repsStep'], ['min_reps', 'minReps']]) {
    if (!(key in j)) throw new Error(`${where}: missing '${key}'`);
    const v = j[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1000) {
      throw new Error(`${where}.${key}: must be a number from 0 to 1000, got ${JSON.stringify(v)}`);
    }
    out[name] = v;
  }
  return Object.freeze(out);
}

/** The rule for one unit ("kg" | "lb") and equipment (an index into EQUIPMENT), as C++ TargetRules::of. */
function ruleFor(rules, unit, equipment) {
  return { increment: rules.steps[unit][equipment], repsStep: rules.repsStep, minReps: rules.minReps, unit };
}

// loads.cpp equipment_by_name: an index into EQUIPMENT ("cable" is a
// machine), or -1.
function equipmentByName(name) {
  const n = typeof name === 'string' ? name.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : '';
  if (n === 'cable') return EQUIPMENT.indexOf('machine');
  return EQUIPMENT.indexOf(n);
}

module.exports = {
  DEFAULT_TARGET_RULE, checkRule, nextTarget, nextLoadable, targetRulesFromJson, ruleFor, equipmentByName,
};
