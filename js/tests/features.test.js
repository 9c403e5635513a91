'use strict';
// Self-contained: features, rule and definitions on hand-computed vectors
// (no C++ build needed). Exactness against C++ is golden.test.js.
const test = require('node:test');
const assert = require('node:assert/strict');
const {
  DEFINITIONS, parseDefinition, rawSequenceFeatures, ruleLabel, modelFeatures,
} = require('exertrack');

const sets = (pairs) => pairs.map(([weight, reps]) => ({ weight, reps }));

test('percent change is (x / previous - 1) * 100, first set 0', () => {
  const f = rawSequenceFeatures(sets([[100, 10], [125, 5], [62.5, 5], [50, 4]]), DEFINITIONS.notebook);
  assert.deepEqual(f[0].slice(0, 2), [0, 0]);
  assert.deepEqual(f[1].slice(0, 2), [25, -50]); // 1.25 - 1, 0.5 - 1: exact in binary
  assert.deepEqual(f[2].slice(0, 2), [-50, 0]);
  // 0.8 is not a binary fraction: the same rounding as C++/numpy, not -20
  assert.deepEqual(f[3].slice(0, 2), [(50 / 62.5 - 1) * 100, -19.999999999999996]);
});

test('x / 0 is +Infinity, 0 / 0 is NaN -> 0, -x / 0 is -Infinity', () => {
  const f = rawSequenceFeatures(sets([[0, 0], [20, 0], [0, 5], [-5, 5], [0, 0]]), DEFINITIONS.notebook);
  assert.equal(f[1][0], Infinity); // 20 / 0
  assert.equal(f[1][1], 0); // 0 / 0 -> NaN -> 0
  assert.equal(f[2][1], Infinity);
  assert.equal(f[3][0], -Infinity); // -5 / 0
  assert.equal(f[4][1], -100);
  assert.deepEqual(modelFeatures(f[1]), [0, 0, 10, 0]);
  assert.deepEqual(modelFeatures(f[3]), [0, 0, 3.75, 2.5]);
});

test('moving averages: window 5, min_periods 1', () => {
  const f = rawSequenceFeatures(sets([[10, 1], [20, 2], [30, 3], [40, 4], [50, 5], [60, 6], [70, 7]]), DEFINITIONS.notebook);
  assert.deepEqual(f.map((r) => r[2]), [10, 15, 20, 25, 30, 40, 50]);
  assert.deepEqual(f.map((r) => r[3]), [1, 1.5, 2, 2.5, 3, 4, 5]);
  const w3 = rawSequenceFeatures(sets([[10, 1], [20, 2], [30, 3], [40, 4]]), { ...DEFINITIONS.notebook, window: 3 });
  assert.deepEqual(w3.map((r) => r[2]), [10, 15, 20, 30]);
});

test('moving average uses pandas arithmetic, not a naive sum / n', () => {
  // (0.1 + 0.1 + 0.1) / 3 is 0.10000000000000002; pandas returns 0.1 for a
  // window of identical values.
  assert.notEqual((0.1 + 0.1 + 0.1) / 3, 0.1);
  const f = rawSequenceFeatures(sets([[0.1, 1], [0.1, 1], [0.1, 1]]), DEFINITIONS.notebook);
  assert.equal(f[2][2], 0.1);
  // Kahan compensation: 1e16, 1, 1, -1e16 ... stays exact where a plain sum loses the ones.
  const g = rawSequenceFeatures(sets([[1e16, 1], [1, 1], [1, 1]]), DEFINITIONS.notebook);
  assert.equal(g[2][2], (1e16 + 2) / 3);
});

test('the notebook example: the rule says "increase reps" for the last set', () => {
  const f = rawSequenceFeatures(sets([[100, 10], [100, 10], [100, 10], [100, 20], [100, 30], [120, 10], [130, 8]]),
    DEFINITIONS.notebook);
  assert.deepEqual(f.map((r) => ruleLabel(r, DEFINITIONS.notebook)), [1, 1, 1, 2, 2, 0, 0]);
  assert.equal(f[6][2], 110); // (100 + 100 + 100 + 120 + 130) / 5 > 100 kg: the 4 % threshold
});

test('rule thresholds: heavy weight, high reps, infinity compares larger', () => {
  const d = DEFINITIONS.notebook;
  assert.equal(ruleLabel([4.5, 0, 100, 8], d), 1); // 4.5 % is not > 5 % at 100 kg
  assert.equal(ruleLabel([4.5, 0, 100.5, 8], d), 0); // but > 4 % above 100 kg
  assert.equal(ruleLabel([5.5, 5, 60, 8], d), 1); // reps did not hold (5 is not < 5)
  assert.equal(ruleLabel([0, 18, 60, 15], d), 1); // 18 % is not > 20 %
  assert.equal(ruleLabel([0, 18, 60, 15.5], d), 2); // but > 16 % above 15 reps
  assert.equal(ruleLabel([Infinity, 0, 20, 10], d), 0);
  assert.equal(ruleLabel([0, Infinity, 20, 10], d), 2);
});

test('v2 caps the changes before labelling', () => {
  const f = rawSequenceFeatures(sets([[1, 10], [100, 10], [0, 1], [50, 0], [50, 10]]), DEFINITIONS.v2);
  assert.equal(f[1][0], 1000);
  assert.equal(f[2][0], -100);
  assert.equal(f[3][0], 1000); // inf capped
  assert.equal(f[4][1], 1000);
});

test('parseDefinition reads the C++ JSON form and rejects bad values', () => {
  const d = parseDefinition({ name: 'notebook', change_cap: null, window: 5 });
  assert.equal(d.change_cap, Infinity);
  assert.equal(parseDefinition({ name: 'v2', change_cap: 'inf' }).change_cap, Infinity);
  assert.equal(parseDefinition({ name: 'v2' }).change_cap, 1000);
  assert.equal(parseDefinition({ name: 'v2', heavy_kg: 80 }).heavy_kg, 80);
  assert.throws(() => parseDefinition({ name: 'v9' }), /v9/);
  assert.throws(() => parseDefinition({ name: 'v2', window: 0 }), /window/);
  assert.throws(() => parseDefinition({ name: 'v2', change_cap: -1 }), /change_cap/);
  assert.throws(() => parseDefinition({ name: 'v2', heavy_kg: '100' }), /heavy_kg/);
  assert.throws(() => parseDefinition(null), /object/);
});

test('bad sets are rejected with the index and field', () => {
  assert.throws(() => rawSequenceFeatures([{ weight: 1, reps: 2 }, { weight: 'x', reps: 2 }]), /sets\[1\]\.weight/);
  assert.throws(() => rawSequenceFeatures([{ weight: 1, reps: NaN }]), /sets\[0\]\.reps/);
  assert.throws(() => rawSequenceFeatures('nope'), /array/);
  assert.deepEqual(rawSequenceFeatures([]), []);
});
