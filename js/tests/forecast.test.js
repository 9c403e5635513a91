'use strict';
// The next-session forecast (src/forecast/) against the C++ side.
// Golden part: run with EXERTRACK_FORECAST_GOLDEN=<dir>/golden.json, written
// by `forecast_golden <dir> [--synthetic]` (tests/next_session/train/forecast_golden.cpp;
// several files separated by path.delimiter, ':', each checked on its own:
// scripts/test.sh gives the synthetic one always, the real-data one when the
// shared data is there): sessions
// and features must be identical (===, null for NaN), the heads' regression
// outputs bit-identical (float32 sums of the same leaves), probabilities
// within 1e-6 (exp/log differ in the last bits between libm and V8), the
// advice identical (action, target, planned loads, reason byte for byte).
// The XGBoost walker, dates and rounding are also tested on their own.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { isDeepStrictEqual } = require('node:util');

const {
  Forecaster, XGBoostModel, loadForecaster, buildSessions, sessionFeatures, plannedRepsFeatures,
  lastLoadAtReps, loadBaseKg, parseDate, roundHalfAway, equipmentFromName, platesPerSide, EQUIPMENT, LOAD_KINDS, ACTIONS,
} = require('../src/forecast');
const { LoadGrid } = require('../src/forecast/classes/load_grid');
const { targetFor } = require('../src/forecast/functions/advice');
const esm = import('../src/index.mjs');

const goldenFiles = (process.env.EXERTRACK_FORECAST_GOLDEN || '').split(path.delimiter).filter((f) => f !== '');
const goldens = goldenFiles.map((file) => ({ file, source: JSON.parse(fs.readFileSync(file, 'utf8')).source || file }));

// One test per golden file, named by what its model learned from; skipped
// (with the way to make one) when none is given.
function goldenTest(name, fn) {
  if (goldens.length === 0) {
    test(`golden: ${name}`, { skip: 'EXERTRACK_FORECAST_GOLDEN is not set (build and run tests/next_session/train/forecast_golden <dir> [--synthetic], see js/README.md)' }, () => {});
    return;
  }
  for (const { file, source } of goldens) test(`golden (${source}): ${name}`, (t) => fn(t, file));
}

// A one-feature tree: x < split goes left (leaf -1), else right (leaf +1);
// missing goes the default_left way.
function stump(split, defaultLeft, objective = 'reg:squarederror', extra = {}) {
  return {
    learner: {
      gradient_booster: {
        name: 'gbtree',
        model: {
          gbtree_model_param: { num_parallel_tree: '1', num_trees: '1' },
          tree_info: [0],
          trees: [{
            left_children: [1, -1, -1], right_children: [2, -1, -1], split_indices: [0, 0, 0],
            split_conditions: [split, -1, 1], default_left: [defaultLeft ? 1 : 0, 0, 0], split_type: [0, 0, 0],
          }],
        },
      },
      learner_model_param: { base_score: '0E0', num_class: '0', num_feature: '1', ...extra },
      objective: { name: objective },
    },
    version: [1, 7, 4],
  };
}

test('XGBoost walk: float32 comparison, missing values, base score', () => {
  // 0.1 as a double is below float32(0.1) = 0.10000000149..., as float32 it is equal: XGBoost sends it right.
  assert.deepEqual(new XGBoostModel(stump(0.1, true)).predict([0.1]), [1]);
  assert.deepEqual(new XGBoostModel(stump(0.1, true)).predict([0.09]), [-1]);
  assert.deepEqual(new XGBoostModel(stump(0.1, true)).predict([NaN]), [-1]);
  assert.deepEqual(new XGBoostModel(stump(0.1, false)).predict([NaN]), [1]);
  const withBase = stump(0, true);
  withBase.learner.learner_model_param.base_score = '5E-1';
  assert.deepEqual(new XGBoostModel(withBase).predict([-3]), [-0.5]);
  assert.throws(() => new XGBoostModel(stump(0, true, 'binary:hinge')), /not supported/);
  assert.throws(() => new XGBoostModel(stump(0, true)).predict([1, 2]), /expected 1 features/);
});

test('XGBoost walk: multi:softprob groups trees by tree_info and sums in float32', () => {
  const m = stump(0, true, 'multi:softprob', { num_class: '2' });
  const t = m.learner.gradient_booster.model;
  t.trees.push(JSON.parse(JSON.stringify(t.trees[0])));
  t.trees[1].split_conditions = [0, 2, -2];
  t.tree_info = [0, 1];
  const p = new XGBoostModel(m).predict([5]);  // margins [1, -2]
  const e = Math.fround(Math.exp(-3));
  const sum = Math.fround(1 + e);
  assert.deepEqual(p, [Math.fround(1 / sum), Math.fround(e / sum)]);
});

test('rounding, dates and equipment as the C++ side has them', () => {
  assert.equal(roundHalfAway(-2.5), -3);
  assert.equal(roundHalfAway(2.5), 3);
  assert.equal(roundHalfAway(0.49999999999999994), 0);
  assert.equal(parseDate('2024-01-05'), 1704412800);
  assert.equal(parseDate('2024-01-05 18:30'), 1704412800 + 18.5 * 3600);
  assert.equal(parseDate('2024-01-05T18:30:00.250Z'), 1704412800 + 18.5 * 3600);
  assert.equal(parseDate('2024/01/05 18:30:00 +0200'), 1704412800 + 18.5 * 3600);
  assert.equal(parseDate(new Date(Date.UTC(2024, 0, 5))), 1704412800);
  assert.throws(() => parseDate('05.01.2024'), /date must be/);
  const eq = (name) => EQUIPMENT[equipmentFromName(name)];
  assert.equal(eq('Squat (Smith Machine)'), 'barbell');
  assert.equal(eq('Lat Pulldown (Cable)'), 'machine');
  assert.equal(eq('Dumbbell Row'), 'dumbbell');
  assert.equal(eq('Curl (Dumbbell) (Seated)'), 'dumbbell');
  assert.equal(eq('Pull Up'), 'other');
});

test('sessions: working sets only, assistance logged positive is stored negated', () => {
  const log = buildSessions([
    { name: 'Pull Up (Assisted)', unit: 'lb', sets: [
      { weight: 50, reps: 8, date: '2024-01-01' }, { weight: 40, reps: 6, date: '2024-01-01' },
      { weight: 60, reps: 10, date: '2024-01-01', kind: 'warmup' }] },
    { name: 'Plank', sets: [{ weight: 0, reps: 0, duration_s: 60, date: '2024-01-02' }] },
    { name: 'Curl', sets: [{ weight: 10, reps: 1000, date: '2024-01-03' }] },
  ]);
  assert.equal(log.last_time, parseDate('2024-01-03'));
  assert.deepEqual(log.left_out.map((e) => e.name), ['Curl', 'Plank']);
  assert.match(log.left_out[1].reason, /timed/);
  const [ex] = log.exercises;
  assert.equal(ex.kind, 2);
  assert.equal(ex.sessions.length, 1);
  assert.equal(ex.sessions[0].top_weight_kg, -40 / 2.2046226218);
  assert.equal(ex.sessions[0].top_reps, 6);
});

function sameNumber(actual, expected, what) {
  if (expected === null) assert.ok(Number.isNaN(actual), `${what}: expected NaN (null), got ${actual}`);
  else assert.ok(actual === expected, `${what}: expected ${expected}, got ${actual}`);
}

// For the few a + b * c the C++ compiler may fuse into one rounding (GCC
// contracts them into FMA under -march=native): equal within 4 ulps.
function nearlySame(actual, expected, what) {
  assert.ok(Math.abs(actual - expected) <= 4 * Number.EPSILON * Math.max(1, Math.abs(expected)),
    `${what}: expected ${expected}, got ${actual}`);
}
const FUSED = new Set(['volume_kg']);

goldenTest('sessions, features, heads and advice identical to C++', async (t, goldenFile) => {
  const golden = JSON.parse(fs.readFileSync(goldenFile, 'utf8'));
  const f = await loadForecaster(path.join(path.dirname(goldenFile), golden.model));
  assert.deepEqual(golden.actions, ACTIONS);
  let features = 0, heads = 0, advice = 0;
  for (const lifter of golden.lifters) {
    await t.test(lifter.name, () => {
      const exp = lifter.expected;
      const log = buildSessions(lifter.exercises);
      assert.equal(log.last_time, exp.last_time);
      assert.deepEqual(log.exercises.map((e) => e.name), exp.exercises.map((e) => e.name));
      const out = f.adviseLog(lifter.exercises, { unit: lifter.unit, planned_reps: lifter.planned_reps });
      assert.equal(out.task, 'next-session');
      assert.deepEqual(out.not_strength, exp.not_strength);
      const got = out.results;
      exp.exercises.forEach((e, i) => {
        const ex = log.exercises[i];
        const where = `${lifter.name} / ${e.name}`;
        assert.equal(EQUIPMENT[ex.equipment], e.equipment, where);
        assert.equal(['weighted', 'bodyweight', 'assisted'][ex.kind], e.kind, where);
        assert.equal(ex.assistance_logged_positive, e.assistance_logged_positive, where);
        assert.equal(ex.sessions.length, e.sessions.length, `${where}: sessions`);
        e.sessions.forEach((s, k) => {
          for (const [key, v] of Object.entries(s)) {
            (FUSED.has(key) ? nearlySame : sameNumber)(ex.sessions[k][key], v, `${where} session ${k} ${key}`);
          }
        });
        e.features.forEach((row, k) => {
          const mine = sessionFeatures(ex, k, f.definition);
          row.forEach((v, c) => sameNumber(mine[c], v, `${where} session ${k} feature ${c}`));
          features += row.length;
          const p = f.heads.action.predict(mine);
          const h = e.heads[k];
          p.forEach((x, c) => assert.ok(Math.abs(x - h[c]) <= 1e-6, `${where} session ${k} p${c}: ${x} vs ${h[c]}`));
          sameNumber(f.heads.weight.predict(mine)[0], h[5], `${where} session ${k} weight head`);
          sameNumber(f.heads.reps.predict(mine)[0], h[6], `${where} session ${k} reps head`);
          heads += 1;
        });
        const last = ex.sessions.length - 1;
        for (const pl of e.planned) {
          const extra = plannedRepsFeatures(ex, last, pl.reps, f.definition);
          pl.features.forEach((v, c) => sameNumber(extra[c], v, `${where} planned ${pl.reps} feature ${c}`));
          sameNumber(lastLoadAtReps(ex, last, pl.reps), pl.last_load_at_reps, `${where} last load at ${pl.reps}`);
          sameNumber(loadBaseKg(ex, last, pl.reps), pl.load_base_kg, `${where} load base ${pl.reps}`);
          nearlySame(f.loadForReps(ex, last, pl.reps), pl.load_kg, `${where} load for ${pl.reps}`);
        }
        const a = got[i];
        const want = e.advice;
        for (const key of ['probability', 'ready_to_add_weight']) {
          assert.ok(Math.abs(a[key] - want[key]) <= 1e-6, `${where}: ${key} ${a[key]} vs ${want[key]}`);
        }
        for (const name of ACTIONS) {
          assert.ok(Math.abs(a.probabilities[name] - want.probabilities[name]) <= 1e-6, `${where}: p(${name})`);
        }
        const strip = (x) => ({ ...x, probability: 0, ready_to_add_weight: 0, probabilities: 0 });
        assert.deepEqual(strip(a), strip(want), where);
        advice += 1;
      });
    });
  }
  t.diagnostic(`${features} features, ${heads} head evaluations, ${advice} advice records identical`);
});

test('plates per side: greedy, exact, none below the bar or off the grid', () => {
  const kg = { bar: 20, plates: [25, 20, 15, 10, 5, 2.5, 1.25] };
  assert.deepEqual(platesPerSide(20, kg), []);
  assert.deepEqual(platesPerSide(102.5, kg), [25, 15, 1.25]);
  assert.deepEqual(platesPerSide(22.5, kg), [1.25]);
  assert.equal(platesPerSide(21.25, kg), null);  // 0.625 per side
  assert.equal(platesPerSide(17.5, kg), null);
  assert.equal(platesPerSide(64.863656, kg), null);
  assert.deepEqual(platesPerSide(100.0000001, kg), [25, 15]);
});

goldenTest('plates per side as C++ computes them from the plate sets in the model', async (_t, goldenFile) => {
  const golden = JSON.parse(fs.readFileSync(goldenFile, 'utf8'));
  const f = await loadForecaster(path.join(path.dirname(goldenFile), golden.model));
  assert.ok(f.plates, 'the golden model carries plate sets');
  assert.ok(golden.plates.length > 100);
  assert.ok(golden.plates.some((p) => p.plates === null) && golden.plates.some((p) => p.plates && p.plates.length > 2));
  for (const { unit, weight, plates } of golden.plates) {
    assert.deepEqual(platesPerSide(weight, f.plates[unit]), plates, `${weight} ${unit}`);
  }
  // The advice carries them: some barbell target has plates, other equipment none.
  const advice = golden.lifters.flatMap((l) => l.expected.exercises.map((e) => e.advice));
  assert.ok(advice.some((a) => a.equipment === 'barbell' && Array.isArray(a.plates_per_side) && a.plates_per_side.length > 0));
  assert.ok(advice.filter((a) => a.equipment !== 'barbell').every((a) => a.plates_per_side === null));
  // A model file without plate sets (written before they were recorded) names none.
  const json = JSON.parse(fs.readFileSync(path.join(path.dirname(goldenFile), golden.model, 'forecast.json'), 'utf8'));
  delete json.plates;
  const old = new Forecaster(json);
  const lifter = golden.lifters[0];
  assert.ok(old.adviseLog(lifter.exercises, { unit: lifter.unit }).results.every((a) => a.plates_per_side === null));
  json.plates = { kg: { bar: 20, plates: [10, 20] }, lb: { bar: 45, plates: [45] } };
  assert.throws(() => new Forecaster(json), /plates\.kg\.plates: must be weights > 0, heaviest first/);
});

goldenTest('loadable grids and the target of each action on them as C++ sets them', async (_t, goldenFile) => {
  const golden = JSON.parse(fs.readFileSync(goldenFile, 'utf8'));
  const f = await loadForecaster(path.join(path.dirname(goldenFile), golden.model));
  assert.ok(golden.grids.length >= 50);
  let targets = 0;
  for (const g of golden.grids) {
    const where = `${g.last} ${g.unit} ${g.equipment}`;
    const grid = new LoadGrid(g.last, g.unit, EQUIPMENT.indexOf(g.equipment), f);
    assert.equal(grid.same(), g.same, `${where}: same`);
    assert.equal(grid.up(), g.up, `${where}: up`);
    assert.equal(grid.down(), g.down, `${where}: down`);
    for (const { action, weight, reps, target } of g.targets) {
      const t = targetFor(action, grid, g.last_reps, weight, reps, LOAD_KINDS.indexOf(g.kind));
      assert.deepEqual([t.weight, t.reps], target, `${where}: ${ACTIONS[action]} from ${weight} x ${reps}`);
      targets += 1;
    }
  }
  assert.ok(targets > 1000);
});

goldenTest('the loadable steps are the model file\'s, not a table of the package', (_t, goldenFile) => {
  const golden = JSON.parse(fs.readFileSync(goldenFile, 'utf8'));
  const json = JSON.parse(fs.readFileSync(path.join(path.dirname(goldenFile), golden.model, 'forecast.json'), 'utf8'));
  assert.deepEqual(Object.keys(json.steps.kg).sort(), [...EQUIPMENT].sort());
  const tripled = JSON.parse(JSON.stringify(json));
  for (const unit of ['kg', 'lb']) for (const name of EQUIPMENT) tripled.steps[unit][name] *= 3;
  // The first lifter with a target that moves (a weight changed on a grid
  // of the steps), for a golden model whose first lifter only repeats.
  const targets = (j, l) => new Forecaster(j).adviseLog(l.exercises, { unit: l.unit }).results.map((a) => a.target.weight);
  const moved = golden.lifters.find((l) => !isDeepStrictEqual(targets(tripled, l), targets(json, l)));
  assert.ok(moved, 'three times the steps moves some target');
  json.steps.lb.machine = 0;
  assert.throws(() => new Forecaster(json), /steps\.lb\.machine: must be a weight step > 0/);
  delete json.steps;
  assert.throws(() => new Forecaster(json), /steps: missing \(the model predates this package/);
});

goldenTest('the load head\'s scale is the model file\'s, older files read as scale_floor_kg', (_t, goldenFile) => {
  const golden = JSON.parse(fs.readFileSync(goldenFile, 'utf8'));
  const json = JSON.parse(fs.readFileSync(path.join(path.dirname(goldenFile), golden.model, 'forecast.json'), 'utf8'));
  const lifter = golden.lifters[0];
  const ex = buildSessions(lifter.exercises).exercises.find((e) => e.sessions.length > 1 && e.sessions[e.sessions.length - 1].top_weight_kg > 0);
  const t = ex.sessions.length - 1;
  const load = (j) => new Forecaster(j).loadForReps(ex, t, 5);
  const shipped = load(json);
  assert.equal(new Forecaster(json).definition.load_scale_floor_kg, json.definition.load_scale_floor_kg);
  delete json.definition.load_scale_floor_kg;
  assert.equal(new Forecaster(json).definition.load_scale_floor_kg, json.definition.scale_floor_kg);
  json.definition.load_scale_floor_kg = 1e4;  // far above the top weight: the scale, and so the load, moves
  assert.notEqual(load(json), shipped);
  json.definition.load_scale_floor_kg = 0;
  assert.throws(() => new Forecaster(json), /definition: a parameter is out of range/);
});

goldenTest('the lifter\'s temperature is the model file\'s; older files have none', (_t, goldenFile) => {
  const golden = JSON.parse(fs.readFileSync(goldenFile, 'utf8'));
  const json = JSON.parse(fs.readFileSync(path.join(path.dirname(goldenFile), golden.model, 'forecast.json'), 'utf8'));
  const lifter = golden.lifters.find((l) => new Forecaster(json).lifterTemperature(buildSessions(l.exercises)) > 1);
  assert.ok(lifter, 'some golden lifter\'s history softens the probabilities');
  const probabilities = (j) => new Forecaster(j).adviseLog(lifter.exercises, { unit: lifter.unit }).results.map((a) => a.probabilities);
  const shipped = probabilities(json);
  delete json.calibration.lifter_prior;
  delete json.calibration.lifter_temperatures;
  assert.equal(new Forecaster(json).lifterTemperature(buildSessions(lifter.exercises)), 1);
  assert.notDeepEqual(probabilities(json), shipped);
  for (const bad of [{ lifter_prior: 10 }, { lifter_prior: -1, lifter_temperatures: [1] }, { lifter_prior: 10, lifter_temperatures: [] }]) {
    json.calibration = { temperature: 1, ...bad };
    assert.throws(() => new Forecaster(json), /calibration/);
  }
});

goldenTest('recommend(body) answers as the server does', async (_t, goldenFile) => {
  const golden = JSON.parse(fs.readFileSync(goldenFile, 'utf8'));
  const f = await loadForecaster(path.join(path.dirname(goldenFile), golden.model));
  assert.ok(golden.server.length > 0);
  for (const { body, status, response } of golden.server) {
    assert.equal(status, 200);
    const got = f.recommend(body);
    assert.equal(got.results.length, response.results.length);
    got.results.forEach((a, i) => {
      const want = response.results[i];
      for (const name of ACTIONS) assert.ok(Math.abs(a.probabilities[name] - want.probabilities[name]) <= 1e-6, `${a.name}: p(${name})`);
      for (const key of ['probability', 'ready_to_add_weight']) assert.ok(Math.abs(a[key] - want[key]) <= 1e-6, `${a.name}: ${key}`);
    });
    const strip = (r) => ({ ...r, results: r.results.map((a) => ({ ...a, probability: 0, ready_to_add_weight: 0, probabilities: 0 })) });
    assert.deepEqual(strip(got), strip(response));
  }
});

goldenTest('the package entry points expose the forecast', async (_t, goldenFile) => {
  const golden = JSON.parse(fs.readFileSync(goldenFile, 'utf8'));
  const dir = path.join(path.dirname(goldenFile), golden.model);
  const lifter = golden.lifters[0];
  const m = await esm;
  const f = await m.loadForecaster(dir);
  const ex = lifter.exercises[0];
  const one = f.advise(ex, { planned_reps: lifter.planned_reps, unit: lifter.unit });
  const want = lifter.expected.exercises.find((e) => e.name === ex.name).advice;
  assert.equal(one.reason, want.reason);
  assert.deepEqual(one.target, want.target);
  assert.ok(f instanceof require('../src/index').Forecaster);
  // Inactivity is decided by the log's last set unless `now` says otherwise.
  const later = f.advise(ex, { unit: lifter.unit, now: '2099-01-01' });
  assert.equal(later.inactive, true);
  assert.equal(f.advise({ name: 'Plank', sets: [{ weight: 0, reps: 0, duration_s: 30, date: '2024-01-01' }] }), null);
  assert.throws(() => new Forecaster({ format: 'x' }), /not an exertrack next-session model/);
  assert.throws(() => f.advise(ex, { planned_reps: [8.5] }), /planned reps: 8.5 is not a whole number of reps from 1 to 300/);
  const only = f.adviseLog(lifter.exercises, { exercise: ex.name, unit: lifter.unit });
  assert.deepEqual(only.results.map((r) => r.name), [ex.name]);
  assert.throws(() => f.adviseLog(lifter.exercises, { exercise: 'Nope' }), /exercise 'Nope' has no sets/);
});
