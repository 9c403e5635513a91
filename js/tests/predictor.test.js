'use strict';
// Self-contained: a hand-written layers-model directory (the layout the C++
// writer produces, see src/export/tfjs.hpp) loaded with plain tfjs.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { loadPredictor, DEFINITIONS } = require('exertrack');

const CLASSES = ['increase reps', 'increase weight', 'increase weight, decrease reps'];
// One softmax layer: logits = [0.1 * weightChange, 0, 0.1 * repsChange] + bias.
const KERNEL = [[0.1, 0, 0], [0, 0, 0.1], [0, 0, 0], [0, 0, 0]];
const BIAS = [0, 0.5, 0];
// What a trained model records (C++ target_rules_to_json of the defaults).
const TARGET_RULE = {
  steps: {
    kg: { barbell: 2.5, dumbbell: 2, machine: 5, kettlebell: 4, other: 2.5 },
    lb: { barbell: 5, dumbbell: 5, machine: 10, kettlebell: 10, other: 5 },
  },
  reps_step: 1,
  min_reps: 1,
};

function writeModel(dir, { metadata, shardBytes } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const floats = new Float32Array([...KERNEL.flat(), ...BIAS]);
  const bytes = Buffer.from(floats.buffer); // little-endian on every platform node runs on here
  const n = shardBytes ? Math.ceil(bytes.length / shardBytes) : 1;
  const paths = [];
  for (let k = 0; k < n; k += 1) {
    const name = `group1-shard${k + 1}of${n}.bin`;
    const size = shardBytes || bytes.length;
    fs.writeFileSync(path.join(dir, name), bytes.subarray(k * size, (k + 1) * size));
    paths.push(name);
  }
  const model = {
    format: 'layers-model',
    generatedBy: 'js test',
    convertedBy: 'js test',
    modelTopology: {
      keras_version: '2.15.0',
      backend: 'tensorflow',
      model_config: {
        class_name: 'Sequential',
        config: {
          name: 'sequential',
          layers: [{
            class_name: 'Dense',
            config: {
              name: 'dense', trainable: true, batch_input_shape: [null, 4], dtype: 'float32', units: 3,
              activation: 'softmax', use_bias: true,
              kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
              bias_initializer: { class_name: 'Zeros', config: {} },
            },
          }],
        },
      },
    },
    weightsManifest: [{
      paths,
      weights: [
        { name: 'dense/kernel', shape: [4, 3], dtype: 'float32' },
        { name: 'dense/bias', shape: [3], dtype: 'float32' },
      ],
    }],
    userDefinedMetadata: metadata || {
      classes: CLASSES,
      feature_names: ['Weight Change %', 'Reps Change %', 'Weight Moving Average', 'Reps Moving Average'],
      feature_definition: { name: 'notebook', change_cap: null, window: 5 },
      standardization: { mean: [0, 0, 0, 0], scale: [1, 1, 1, 1], applied: 'folded into first Dense layer' },
      target_rule: structuredClone(TARGET_RULE),
    },
  };
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(model));
  return model;
}

function expectedProbabilities(row) {
  const f = Math.fround;
  const logits = [0, 1, 2].map((j) => f(f(f(row[0]) * f(KERNEL[0][j])) + f(f(row[1]) * f(KERNEL[1][j]))) + f(BIAS[j]));
  const m = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exertrack-js-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const EXAMPLE = [[100, 10], [100, 10], [100, 10], [100, 20], [100, 30], [120, 10], [130, 8]]
  .map(([weight, reps]) => ({ weight, reps }));

test('loads a model directory with plain tfjs and recommends after the last set', async () => {
  const dir = path.join(tmp, 'one');
  writeModel(dir);
  const p = await loadPredictor(dir);
  assert.deepEqual(p.classes, CLASSES);
  assert.equal(p.definition.change_cap, Infinity);
  const r = await p.recommend(EXAMPLE);
  const row = p.features(EXAMPLE).model[6]; // [8.33.., -19.99.., 110, 15.6]
  const want = expectedProbabilities(row);
  CLASSES.forEach((c, i) => assert.ok(Math.abs(r.probabilities[c] - want[i]) <= 1e-6, `${c}: ${r.probabilities[c]} vs ${want[i]}`));
  assert.equal(r.label, 'increase reps'); // logits [0.83, 0.5, -2.0]
  assert.deepEqual(r.target, { weight: 130, unit: 'kg', reps: 9 });
  assert.equal(r.reason, 'Your last set was 130 kg for 8 reps; stay at 130 kg and aim for 9 reps before adding weight.');
  // The rest of the HTTP API's fields.
  assert.equal(r.name, '');
  assert.equal(r.equipment, 'other');
  assert.equal(r.rule_label, 'increase reps');
  assert.deepEqual(r.last_set, { weight: 130, unit: 'kg', reps: 8 });
  assert.deepEqual(Object.keys(r.features), ['Weight Change %', 'Reps Change %', 'Weight Moving Average', 'Reps Moving Average']);
  assert.deepEqual(Object.values(r.features), row);
  p.dispose();
});

test('steps come from the model per unit and equipment; units convert as the server does', async () => {
  const dir = path.join(tmp, 'steps');
  writeModel(dir);
  const p = await loadPredictor(dir);
  const flat = [{ weight: 20, reps: 5 }]; // logits [0, 0.5, 0]: increase weight
  const one = (exercise) => p.recommend({ sets: flat, unit: 'kg', ...exercise });
  assert.deepEqual((await one({ name: 'Curl (Dumbbell)' })).target, { weight: 22, unit: 'kg', reps: 5 });
  assert.equal((await one({ name: 'Lat Pulldown (Cable)' })).target.weight, 25);
  assert.equal((await one({ name: 'Kettlebell Swing' })).target.weight, 24);
  assert.equal((await one({ name: 'Curl (Dumbbell)', equipment: 'cable' })).equipment, 'machine');
  assert.equal((await one({ name: 'Curl (Dumbbell)', increment: 1.25 })).target.weight, 21.25);
  // 20 kg shown in pounds: 44.092452 lb, the next 5 lb dumbbell 45 lb
  const lb = await one({ name: 'Curl (Dumbbell)', target_unit: 'lb' });
  assert.deepEqual(lb.last_set, { weight: 44.092452, unit: 'lb', reps: 5 });
  assert.deepEqual(lb.target, { weight: 45, unit: 'lb', reps: 5 });
  // A pound history: features in kg, the last set as logged.
  const pounds = await p.recommend({ name: 'Squat (Barbell)', unit: 'lb', sets: [{ weight: 225, reps: 5 }] });
  assert.equal(pounds.features['Weight Moving Average'], 225 / 2.2046226218);
  assert.deepEqual(pounds.target, { weight: 230, unit: 'lb', reps: 5 });
  const body = await p.recommend({ unit: 'lb', exercises: [{ name: 'Squat (Barbell)', sets: [{ weight: 225, reps: 5 }] }] });
  assert.deepEqual(body, { results: [pounds] });
  assert.deepEqual(await p.recommendBody({ unit: 'lb', exercises: [{ name: 'Squat (Barbell)', sets: [{ weight: 225, reps: 5 }] }] }), body);
  p.dispose();

  const other = path.join(tmp, 'other-steps');
  const m = writeModel(other);
  m.userDefinedMetadata.target_rule = { ...TARGET_RULE, steps: { ...TARGET_RULE.steps, kg: { ...TARGET_RULE.steps.kg, dumbbell: 1.5 } } };
  fs.writeFileSync(path.join(other, 'model.json'), JSON.stringify(m));
  const q = await loadPredictor(other);
  assert.equal((await q.recommend({ name: 'Curl (Dumbbell)', unit: 'kg', sets: flat })).target.weight, 21);
  q.dispose();
});

test('bad inputs get the HTTP API\'s messages and status', async () => {
  const dir = path.join(tmp, 'inputs');
  writeModel(dir);
  const p = await loadPredictor(dir);
  const rejects = (input, status, message) => assert.rejects(p.recommend(input), (err) => {
    assert.equal(err.status, status);
    assert.equal(err.message, message);
    return true;
  });
  await rejects({ name: 'Row', sets: [{ weight: 60, reps: 8 }] }, 422, 'exercises[0].unit: missing ("kg" or "lb": the unit of the weights)');
  await rejects({ name: 'Row', unit: 'stone', sets: [] }, 422, 'exercises[0].unit: must be "kg" or "lb", got "stone"');
  await rejects({ name: 'Row', unit: 'kg', sets: [] }, 422, 'exercises[0]: the history has no sets (at least one is needed)');
  await rejects({ name: 'Row', unit: 'kg', sets: [{ weight: 60, reps: -1 }] }, 422, 'exercises[0].sets[0].reps: must be a number >= 0, got -1');
  await rejects({ name: 'Row', unit: 'kg', sets: [{ weight: 60 }] }, 422, 'exercises[0].sets[0].reps: missing');
  await rejects({ name: 'Row', unit: 'kg', sets: [], sessions: [] }, 422,
    'exercises[0]: needs exactly one of "sets" (every set, oldest first) or "sessions" ([{"sets": [...]}, ...])');
  await rejects({ exercises: [] }, 422, 'exercises: the array is empty (send at least one exercise)');
  await rejects({ exercises: new Array(257).fill({}) }, 413, 'exercises: 257 exercises; the limit per request is 256');
  await rejects({ name: 'x'.repeat(201), unit: 'kg', sets: [] }, 422, 'exercises[0].name: must hold 1 to 200 bytes');
  p.dispose();
});

test('predict gives one label per set, the argmax of each row', async () => {
  const dir = path.join(tmp, 'two');
  writeModel(dir);
  const p = await loadPredictor(dir);
  const labels = await p.predict(EXAMPLE);
  const rows = p.features(EXAMPLE).model;
  assert.equal(labels.length, EXAMPLE.length);
  rows.forEach((row, i) => {
    const q = expectedProbabilities(row);
    assert.equal(labels[i], CLASSES[q.indexOf(Math.max(...q))], `set ${i}`);
  });
  assert.deepEqual(p.features(EXAMPLE).ruleLabels.slice(-1), ['increase reps']);
  assert.deepEqual(await p.predict([]), []);
  await assert.rejects(p.recommend([]), /at least one set/);
  await assert.rejects(p.recommend([{ weight: 'heavy', reps: 5 }]), /sets\[0\]\.weight/);
  p.dispose();
});

test('weights split over several shards load the same', async () => {
  const dir = path.join(tmp, 'shards');
  writeModel(dir, { shardBytes: 12 });
  assert.ok(fs.existsSync(path.join(dir, 'group1-shard5of5.bin')));
  const p = await loadPredictor(dir);
  const r = await p.recommend(EXAMPLE);
  const want = expectedProbabilities(p.features(EXAMPLE).model[6]);
  assert.ok(Math.abs(r.probabilities['increase reps'] - want[0]) <= 1e-6);
  p.dispose();
});

test('target rule options reach recommend()', async () => {
  const dir = path.join(tmp, 'rule');
  writeModel(dir);
  const p = await loadPredictor(dir, { targetRule: { increment: 5 } });
  const r = await p.recommend([{ weight: 100, reps: 5 }]); // logits [0, 0.5, 0]: increase weight
  assert.equal(r.label, 'increase weight');
  assert.deepEqual(r.target, { weight: 105, unit: 'kg', reps: 5 });
  assert.match(r.reason, /105 kg/);
  p.dispose();
});

test('broken model directories give errors that name the file', async () => {
  await assert.rejects(loadPredictor(path.join(tmp, 'nowhere')), /model\.json: the model file is missing/);
  const missing = path.join(tmp, 'missing-shard');
  writeModel(missing);
  fs.rmSync(path.join(missing, 'group1-shard1of1.bin'));
  await assert.rejects(loadPredictor(missing), /group1-shard1of1\.bin: weight shard named by model\.json is missing/);
  const short = path.join(tmp, 'short-shard');
  writeModel(short);
  fs.truncateSync(path.join(short, 'group1-shard1of1.bin'), 8);
  await assert.rejects(loadPredictor(short), /hold 8 bytes but model\.json describes 60/);
  const escape = path.join(tmp, 'escape');
  const m = writeModel(escape);
  m.weightsManifest[0].paths = ['../x.bin'];
  fs.writeFileSync(path.join(escape, 'model.json'), JSON.stringify(m));
  await assert.rejects(loadPredictor(escape), /not a file in the model directory/);
  const noMeta = path.join(tmp, 'no-meta');
  const n = writeModel(noMeta);
  delete n.userDefinedMetadata;
  fs.writeFileSync(path.join(noMeta, 'model.json'), JSON.stringify(n));
  await assert.rejects(loadPredictor(noMeta), /no userDefinedMetadata/);
  const noRule = path.join(tmp, 'no-rule');
  const nr = writeModel(noRule);
  delete nr.userDefinedMetadata.target_rule;
  fs.writeFileSync(path.join(noRule, 'model.json'), JSON.stringify(nr));
  await assert.rejects(loadPredictor(noRule), /userDefinedMetadata\.target_rule is missing \(the model predates this package: train it again\)/);
  const badRule = path.join(tmp, 'bad-rule');
  const br = writeModel(badRule);
  delete br.userDefinedMetadata.target_rule.steps.lb.other;
  fs.writeFileSync(path.join(badRule, 'model.json'), JSON.stringify(br));
  await assert.rejects(loadPredictor(badRule), /userDefinedMetadata\.target_rule\.steps\.lb: missing 'other'/);
  br.userDefinedMetadata.target_rule = { ...TARGET_RULE, min_reps: -1 };
  fs.writeFileSync(path.join(badRule, 'model.json'), JSON.stringify(br));
  await assert.rejects(loadPredictor(badRule), /target_rule\.min_reps: must be a number from 0 to 1000, got -1/);
  const notFolded = path.join(tmp, 'not-folded');
  writeModel(notFolded, {
    metadata: {
      classes: CLASSES,
      feature_names: ['a', 'b', 'c', 'd'],
      feature_definition: { ...DEFINITIONS.notebook, change_cap: null },
      standardization: { applied: 'none' },
    },
  });
  await assert.rejects(loadPredictor(notFolded), /raw features/);
  const renamed = path.join(tmp, 'renamed-classes');
  writeModel(renamed, {
    metadata: {
      classes: ['a', 'b', 'c'],
      feature_names: ['a', 'b', 'c', 'd'],
      feature_definition: { name: 'notebook' },
    },
  });
  await assert.rejects(loadPredictor(renamed), /classes must be/);
  const badDef = path.join(tmp, 'bad-definition');
  writeModel(badDef, { metadata: { classes: CLASSES, feature_names: ['a', 'b', 'c', 'd'], feature_definition: { name: 'v2', window: 0 } } });
  await assert.rejects(loadPredictor(badDef), /feature_definition: 'window'/);
  const badJson = path.join(tmp, 'bad-json');
  writeModel(badJson);
  fs.writeFileSync(path.join(badJson, 'model.json'), '{"format":');
  await assert.rejects(loadPredictor(badJson), /not valid JSON/);
});

test('the ESM entry exports the same API', async () => {
  const esm = await import('exertrack');
  assert.equal(typeof esm.loadPredictor, 'function');
  assert.equal(esm.loadPredictor, require('exertrack').loadPredictor);
  assert.equal(typeof esm.default.rawSequenceFeatures, 'function');
});
