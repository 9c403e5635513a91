'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { nextTarget, DEFAULT_TARGET_RULE } = require('exertrack');

test('defaults: 2.5 kg, 1 rep, at least 1 rep', () => {
  assert.deepEqual({ ...DEFAULT_TARGET_RULE }, { increment: 2.5, repsStep: 1, minReps: 1, unit: 'kg' });
});

test('increase weight: the next loadable weight above the last set, same reps', () => {
  assert.deepEqual(nextTarget('increase weight', { weight: 100, reps: 5 }).target, { weight: 102.5, unit: 'kg', reps: 5 });
  // the smallest multiple of 2.5 above 61.2 (and above 61.25) is 62.5
  assert.deepEqual(nextTarget('increase weight', { weight: 61.2, reps: 8 }).target.weight, 62.5);
  assert.equal(nextTarget('increase weight', { weight: 61.25, reps: 8 }).target.weight, 62.5);
  assert.equal(nextTarget('increase weight', { weight: 0, reps: 8 }).target.weight, 2.5);
  // one plate on a 10 lb stack: 85 -> 90, not 100
  assert.equal(nextTarget('increase weight', { weight: 85, reps: 12 }, { increment: 10, unit: 'lb' }).target.weight, 90);
  // unit-conversion noise just under a multiple counts as that multiple
  assert.equal(nextTarget('increase weight', { weight: 99.99999999999999, reps: 5 }).target.weight, 102.5);
  // assisted (negative) weights: less assistance
  assert.equal(nextTarget('increase weight', { weight: -20, reps: 8 }).target.weight, -17.5);
  assert.equal(nextTarget('increase weight', { weight: -6.25, reps: 8 }).target.weight, -5);
  assert.equal(nextTarget('increase weight', { weight: 100, reps: 5 }, { increment: 5 }).target.weight, 105);
});

test('increase reps: same weight, + repsStep', () => {
  assert.deepEqual(nextTarget('increase reps', { weight: 61.2, reps: 8 }).target, { weight: 61.2, unit: 'kg', reps: 9 });
  assert.equal(nextTarget('increase reps', { weight: 60, reps: 8 }, { repsStep: 2 }).target.reps, 10);
});

test('increase weight, decrease reps: + increment, - repsStep, never below minReps', () => {
  assert.deepEqual(nextTarget('increase weight, decrease reps', { weight: 130, reps: 8 }).target,
    { weight: 132.5, unit: 'kg', reps: 7 });
  assert.equal(nextTarget('increase weight, decrease reps', { weight: 130, reps: 1 }).target.reps, 1);
  assert.equal(nextTarget('increase weight, decrease reps', { weight: 130, reps: 0 }).target.reps, 1);
});

test('the reason is one sentence with the numbers', () => {
  assert.equal(nextTarget('increase weight', { weight: 100, reps: 5 }).reason,
    'Your last set was 100 kg for 5 reps; next time load 102.5 kg and do the same 5 reps.');
  assert.equal(nextTarget('increase reps', { weight: 120, reps: 1 }).reason,
    'Your last set was 120 kg for 1 rep; stay at 120 kg and aim for 2 reps before adding weight.');
  assert.equal(nextTarget('increase weight, decrease reps', { weight: 130, reps: 8 }).reason,
    'Your last set was 130 kg for 8 reps; load 132.5 kg and aim for 7 reps, trading reps for the heavier weight.');
});

test('bad labels and rule parameters are rejected', () => {
  assert.throws(() => nextTarget('rest', { weight: 1, reps: 1 }), /rest/);
  assert.throws(() => nextTarget('increase weight', { weight: 1, reps: 1 }, { increment: 0 }), /increment/);
  assert.throws(() => nextTarget('increase weight', { weight: 1, reps: 1 }, { repsStep: -1 }), /repsStep/);
});

test('a model\'s target_rule: steps per unit and equipment, read as C++ reads it', () => {
  const { targetRulesFromJson, ruleFor, equipmentByName } = require('../src/target');
  const json = {
    steps: {
      kg: { barbell: 1.25, dumbbell: 1, machine: 2.5, kettlebell: 2, other: 0.5 },
      lb: { barbell: 2.5, dumbbell: 2, machine: 7.5, kettlebell: 5, other: 1 },
    },
    reps_step: 2,
    min_reps: 3,
  };
  const rules = targetRulesFromJson(json, 'target_rule');
  assert.deepEqual(ruleFor(rules, 'kg', equipmentByName('barbell')), { increment: 1.25, repsStep: 2, minReps: 3, unit: 'kg' });
  assert.equal(ruleFor(rules, 'lb', equipmentByName('Cable')).increment, 7.5);
  assert.equal(equipmentByName('spoon'), -1);
  const r = ruleFor(rules, 'lb', equipmentByName('kettlebell'));
  assert.deepEqual(nextTarget('increase weight, decrease reps', { weight: 35, reps: 4 }, r).target, { weight: 40, unit: 'lb', reps: 3 });
  assert.throws(() => targetRulesFromJson({ ...json, steps: undefined }, 'target_rule'), /target_rule: missing 'steps'|target_rule\.steps: missing/);
  assert.throws(() => targetRulesFromJson({ ...json, reps_step: 'one' }, 'target_rule'), /target_rule\.reps_step: must be a number from 0 to 1000, got "one"/);
  assert.throws(() => targetRulesFromJson({ steps: json.steps, reps_step: 1 }, 'target_rule'), /target_rule: missing 'min_reps'/);
  assert.throws(() => targetRulesFromJson([], 'target_rule'), /target_rule: must be an object/);
});
