'use strict';
// Requirement 7: an exported model loaded with plain tfjs gives exertrack's
// probabilities on every test row (|dp| <= 1e-5), and on raw features its
// labels agree with the rule as often as the recorded test metrics say.
//   export_parity <dir>   (tests/notebook/export/export_parity.cpp; --model <dir> for an existing export)
//   EXERTRACK_PARITY=<dir>/parity.json npm test
// EXERTRACK_MODEL_DIR, when set, overrides the model directory named in parity.json.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { loadPredictor } = require('exertrack');
const { argmax } = require('../src/predictor');

const parityPath = process.env.EXERTRACK_PARITY;

if (!parityPath) {
  test('C++ / tfjs probability parity on the test rows', { skip: 'EXERTRACK_PARITY is not set (run the export_parity tool, see js/README.md)' }, () => {});
} else {
  const parity = JSON.parse(fs.readFileSync(parityPath, 'utf8'));
  const modelDir = process.env.EXERTRACK_MODEL_DIR || parity.model_dir;

  test(`tfjs probabilities equal exertrack's on every test row (${modelDir})`, async () => {
    const p = await loadPredictor(modelDir);
    const n = parity.rows.length;
    assert.ok(n > 0, 'no test rows');
    assert.equal(parity.probabilities.length, n);
    assert.equal(parity.rule_labels.length, n);
    const probs = await p.probabilities(parity.rows);
    let worst = 0;
    let agree = 0;
    let nearTies = 0;
    probs.forEach((row, i) => {
      row.forEach((v, k) => { worst = Math.max(worst, Math.abs(v - parity.probabilities[i][k])); });
      const label = argmax(row);
      if (label === parity.rule_labels[i]) agree += 1;
      const sorted = [...parity.probabilities[i]].sort((a, b) => b - a);
      if (sorted[0] - sorted[1] <= 2e-5) nearTies += 1;
      else assert.equal(label, argmax(parity.probabilities[i]), `row ${i}: tfjs and exertrack pick different classes`);
    });
    assert.ok(worst <= 1e-5, `max |dp| = ${worst} over ${n} rows`);

    // The agreement with the rule is the test accuracy the model carries
    // (metadata.test_metrics, the numbers metrics.json reports): up to the
    // rows whose top two classes are within float rounding of each other.
    const recorded = p.metadata.test_metrics && p.metadata.test_metrics.accuracy;
    assert.equal(typeof recorded, 'number', 'model metadata has no test_metrics.accuracy');
    assert.ok(Math.abs(parity.test_accuracy - recorded) < 1e-12, 'parity.json and the model disagree on the test accuracy');
    const rate = agree / n;
    assert.ok(Math.abs(rate - recorded) <= nearTies / n + 1e-12,
      `tfjs labels agree with the rule on ${rate} of ${n} rows, metrics say ${recorded} (${nearTies} near ties)`);
    p.dispose();
  });
}
