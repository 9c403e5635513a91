'use strict';
// C++ / JS parity on golden vectors written by the C++ side:
//   export_golden <dir>   (tests/notebook/export/export_golden.cpp)
//   EXERTRACK_GOLDEN=<dir>/golden.json npm test
// Features must be bit-identical, labels identical, the tiny exported
// model's tfjs probabilities within 1e-5 of exertrack's, and the answers to
// request bodies the server's.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { loadPredictor, parseDefinition, rawSequenceFeatures, ruleLabel, modelFeatures } = require('exertrack');
const { argmax, LIMITS } = require('../src/predictor');

const goldenPath = process.env.EXERTRACK_GOLDEN;

function decode(v) {
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (v === 'nan') return NaN;
  return v;
}

function assertRowsIdentical(actual, expected, what) {
  assert.equal(actual.length, expected.length, `${what}: row count`);
  expected.forEach((row, i) => {
    row.map(decode).forEach((want, k) => {
      const got = actual[i][k];
      assert.ok(Object.is(got, want), `${what}: row ${i} column ${k}: JS ${got} vs C++ ${want}`);
    });
  });
}

if (!goldenPath) {
  test('C++ golden vectors', { skip: 'EXERTRACK_GOLDEN is not set (run the export_golden tool, see js/README.md)' }, () => {});
} else {
  const golden = JSON.parse(fs.readFileSync(goldenPath, 'utf8'));
  const modelDir = process.env.EXERTRACK_GOLDEN_MODEL_DIR || path.resolve(path.dirname(goldenPath), golden.model_dir);

  test('golden file has cases for every definition', () => {
    assert.ok(golden.cases.length >= 3 * 9, `only ${golden.cases.length} cases`);
    assert.deepEqual(Object.keys(golden.definitions).sort(), ['custom', 'notebook', 'v2']);
  });

  for (const c of golden.cases) {
    test(`features and labels: ${c.definition} / ${c.sequence}`, () => {
      const def = parseDefinition(golden.definitions[c.definition]);
      const raw = rawSequenceFeatures(c.sets, def);
      assertRowsIdentical(raw, c.raw, 'raw features');
      assertRowsIdentical(raw.map(modelFeatures), c.model, 'model features');
      assert.deepEqual(raw.map((f) => ruleLabel(f, def)), c.labels);
      assert.deepEqual(raw.map((f) => golden.class_names[ruleLabel(f, def)]), c.label_names);
    });
  }

  test('the exported tiny model: tfjs probabilities equal exertrack\'s (|dp| <= 1e-5)', async () => {
    const p = await loadPredictor(modelDir);
    const withProbs = golden.cases.filter((c) => c.probabilities);
    assert.ok(withProbs.length > 0, 'no case carries probabilities');
    let rows = 0;
    for (const c of withProbs) {
      const feats = p.features(c.sets);
      assertRowsIdentical(feats.model, c.model, `${c.sequence}: predictor features`);
      assert.deepEqual(feats.ruleLabels, c.label_names);
      const probs = await p.probabilities(feats.model);
      const labels = await p.predict(c.sets);
      probs.forEach((row, i) => {
        row.forEach((v, k) => {
          assert.ok(Math.abs(v - c.probabilities[i][k]) <= 1e-5, `${c.sequence} row ${i} class ${k}: tfjs ${v} vs C++ ${c.probabilities[i][k]}`);
        });
        const want = c.probabilities[i];
        const sorted = [...want].sort((a, b) => b - a);
        if (sorted[0] - sorted[1] > 1e-5) assert.equal(labels[i], p.classes[argmax(want)], `${c.sequence} row ${i}`);
        rows += 1;
      });
      const r = await p.recommend(c.sets);
      const last = c.probabilities[c.probabilities.length - 1];
      p.classes.forEach((name, k) => assert.ok(Math.abs(r.probabilities[name] - last[k]) <= 1e-5));
    }
    assert.ok(rows >= 100, `only ${rows} rows compared`);
    assert.ok(p.model.layers.some((l) => l.getClassName() === 'Dropout'), 'the golden model should carry a Dropout layer');
    p.dispose();
  });

  // The HTTP API's answers (serve::recommend_json) to request bodies: JS
  // must give the same JSON, probabilities up to float32 noise (and the
  // label, hence target and reason, unless the top two are that close).
  test('recommend(body) answers as the C++ server does, with the model\'s target rule', async () => {
    const server = golden.server || [];
    assert.deepEqual({ ...LIMITS }, golden.api_limits, 'js/ restates the HTTP API\'s limits; they must be the C++ ones');
    assert.ok(server.filter((c) => c.status === 200).length >= 8, 'too few answered bodies');
    assert.ok(server.some((c) => c.status !== 200), 'no refused body');
    assert.deepEqual([...new Set(server.map((c) => c.model_dir))].sort(), ['model', 'model-steps']);
    const predictors = {};
    let results = 0;
    for (const c of server) {
      if (!predictors[c.model_dir]) predictors[c.model_dir] = await loadPredictor(path.resolve(path.dirname(goldenPath), c.model_dir));
      const p = predictors[c.model_dir];
      const what = `${c.model_dir}: ${JSON.stringify(c.body).slice(0, 120)}`;
      if (c.status !== 200) {
        await assert.rejects(p.recommend(c.body), (err) => {
          assert.equal(err.status, c.status, what);
          assert.equal(err.message, c.response.error.message, what);
          return true;
        });
        continue;
      }
      // What the server would send: the result as JSON.
      const got = JSON.parse(JSON.stringify(await p.recommend(c.body)));
      assert.equal(got.results.length, c.response.results.length, what);
      got.results.forEach((r, i) => {
        const want = c.response.results[i];
        for (const name of p.classes) {
          assert.ok(Math.abs(r.probabilities[name] - want.probabilities[name]) <= 1e-5, `${what} / ${r.name}: p(${name})`);
        }
        const sorted = Object.values(want.probabilities).sort((a, b) => b - a);
        if (sorted[0] - sorted[1] <= 1e-5) return;
        assert.deepEqual({ ...r, probabilities: null }, { ...want, probabilities: null }, `${what} / ${r.name}`);
        results += 1;
      });
    }
    assert.ok(results >= 40, `only ${results} results compared`);
    // Both models' targets differ somewhere: the steps come from the model.
    const targets = (dir) => server.filter((c) => c.model_dir === dir && c.status === 200)
      .flatMap((c) => c.response.results.map((r) => r.target));
    assert.notDeepEqual(targets('model'), targets('model-steps'));
    Object.values(predictors).forEach((p) => p.dispose());
  });

  test('the same model in many small shards gives the same probabilities', async () => {
    const dir = path.resolve(path.dirname(goldenPath), golden.sharded_model_dir);
    assert.ok(fs.readdirSync(dir).filter((f) => f.endsWith('.bin')).length > 1, 'expected several shards');
    const a = await loadPredictor(modelDir);
    const b = await loadPredictor(dir);
    const c = golden.cases.find((x) => x.probabilities && x.sets.length > 10);
    const rows = a.features(c.sets).model;
    assert.deepEqual(await b.probabilities(rows), await a.probabilities(rows));
    a.dispose();
    b.dispose();
  });
}
