'use strict';
// The package as a user gets it: `npm pack`, installed into a scratch
// project (offline: it has no dependencies, tfjs is an optional peer), then
// used from CommonJS, ESM and TypeScript (index.d.ts, compiled with tsc
// --strict). Without tfjs the forecast works and the notebook loader says
// what to install. With EXERTRACK_FORECAST_GOLDEN set, the installed package
// also loads the golden run's model/forecast.json and advises.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const pkgDir = path.join(__dirname, '..');
const pkg = require('../package.json');

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

test('npm pack installs into a scratch project and works there', async (t) => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'exertrack-pack-'));
  t.after(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const out = run('npm', ['pack', '--silent', '--pack-destination', scratch], pkgDir).trim().split('\n').pop();
  const tarball = path.join(scratch, out);
  assert.ok(fs.existsSync(tarball), `npm pack wrote ${out}`);
  assert.ok(!fs.existsSync(path.join(pkgDir, 'LICENSE')), 'postpack removes the copied LICENSE');

  const proj = path.join(scratch, 'proj');
  fs.mkdirSync(proj);
  fs.writeFileSync(path.join(proj, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], proj);
  const installed = path.join(proj, 'node_modules', 'exertrack');
  for (const f of ['package.json', 'LICENSE', 'README.md', 'index.d.ts', 'src/index.js', 'src/forecast/index.js']) {
    assert.ok(fs.existsSync(path.join(installed, f)), `the package holds ${f}`);
  }
  // Every module of src/ (the forecast is cut into classes/, functions/ and
  // internal/), and nothing else there.
  const modules = (dir) => fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.js') || f.endsWith('.mjs')).sort();
  assert.deepEqual(modules(path.join(installed, 'src')), modules(path.join(pkgDir, 'src')));
  assert.ok(!fs.existsSync(path.join(installed, 'tests')), 'tests are not shipped');
  assert.ok(!fs.existsSync(path.join(proj, 'node_modules', '@tensorflow')), 'tfjs is an optional peer, not installed');

  // CommonJS and ESM see the same API; the notebook loader names its peer.
  const cjs = `
    const x = require('exertrack');
    if (typeof x.loadForecaster !== 'function' || x.ACTIONS.length !== 5) throw new Error('bad exports');
    x.loadPredictor('/nowhere').then(() => { throw new Error('loaded without tfjs'); }, (e) => {
      if (!/@tensorflow\\/tfjs/.test(e.message)) throw e;
      console.log('ok');
    });`;
  assert.equal(run('node', ['-e', cjs], proj).trim(), 'ok');
  const esm = "import { loadForecaster, ACTIONS } from 'exertrack'; console.log(typeof loadForecaster, ACTIONS.length);";
  assert.equal(run('node', ['--input-type=module', '-e', esm], proj).trim(), 'function 5');

  // The types, as a TypeScript user compiles against them.
  fs.writeFileSync(path.join(proj, 'use.ts'), `
    import { loadForecaster, type Advice, type LogAdvice, type Action } from 'exertrack';
    async function main(dir: string): Promise<string> {
      const f = await loadForecaster(dir);
      const all: LogAdvice = f.adviseLog([{ name: 'Squat (Barbell)', unit: 'kg', sets: [{ weight: 100, reps: 5, date: '2026-01-01' }] }],
        { planned_reps: [8] });
      const one: Advice | null = f.advise({ name: 'Row', sessions: [{ sets: [{ weight: 60, reps: 10 }] }] });
      const a: Action = all.results[0].action;
      return a + (one ? one.target.weight.toString() + one.unit : '');
    }
    main('run').then(console.log);
  `);
  const tsc = path.join(pkgDir, 'node_modules', '.bin', 'tsc');
  run(tsc, ['--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2020', 'use.ts'], proj);
  // And a type error is caught (the check can fail).
  fs.writeFileSync(path.join(proj, 'bad.ts'), "import { loadForecaster } from 'exertrack';\nconst n: number = loadForecaster('x');\n");
  assert.throws(() => run(tsc, ['--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16', 'bad.ts'], proj));

  // The first golden file given (forecast.test.js takes several).
  const [golden] = (process.env.EXERTRACK_FORECAST_GOLDEN || '').split(path.delimiter).filter((f) => f !== '');
  if (!golden) {
    t.diagnostic('EXERTRACK_FORECAST_GOLDEN is not set: the installed package is not run on a model');
    return;
  }
  const runDir = path.resolve(path.dirname(golden));
  const use = `
    const { loadForecaster } = require('exertrack');
    loadForecaster(${JSON.stringify(runDir)}).then((f) => {
      const r = f.advise({ name: 'Bench Press (Barbell)', unit: 'kg', sets: [
        { weight: 100, reps: 8, date: '2026-11-02' }, { weight: 100, reps: 8, date: '2026-11-05' }] });
      console.log(JSON.stringify({ unit: r.target.unit, w: r.target.weight > 0, reason: r.reason.length > 0 }));
    });`;
  assert.deepEqual(JSON.parse(run('node', ['-e', use], proj)), { unit: 'kg', w: true, reason: true });
  assert.equal(pkg.name, 'exertrack');
});

// The installed package answers with the model exertrack ships, given no
// directory, and says what the C++ CLI says without --model on the same
// lifter: EXERTRACK_SHIPPED_GOLDEN is tests/next_session/train/forecast_golden's
// shipped.json (the embedded demo lifter's sets and the C++ advice);
// EXERTRACK_BIN, when set, is asked the same on the command line.
test('npm pack: loadForecaster() with no path answers as the CLI does with the shipped model', async (t) => {
  const goldenFile = process.env.EXERTRACK_SHIPPED_GOLDEN;
  if (!goldenFile) {
    t.skip('EXERTRACK_SHIPPED_GOLDEN is not set (scripts/test.sh sets it)');
    return;
  }
  const golden = JSON.parse(fs.readFileSync(goldenFile, 'utf8'));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'exertrack-shipped-'));
  t.after(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const out = run('npm', ['pack', '--silent', '--pack-destination', scratch], pkgDir).trim().split('\n').pop();
  assert.ok(!fs.existsSync(path.join(pkgDir, 'models')), 'postpack removes the copied model');
  const proj = path.join(scratch, 'proj');
  fs.mkdirSync(proj);
  fs.writeFileSync(path.join(proj, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', path.join(scratch, out)], proj);
  const shipped = path.join(proj, 'node_modules', 'exertrack', 'models', 'next-session', 'forecast.json');
  assert.deepEqual(fs.readFileSync(shipped), fs.readFileSync(path.join(golden.model_dir, 'forecast.json')),
    'the package holds the shipped model as committed');
  fs.writeFileSync(path.join(proj, 'input.json'), JSON.stringify({ exercises: golden.exercises, unit: golden.unit }));
  const use = `
    const { loadForecaster, shippedModelDir } = require('exertrack');
    const input = require('./input.json');
    loadForecaster().then((f) => console.log(JSON.stringify({ dir: shippedModelDir(), advice: f.adviseLog(input.exercises, { unit: input.unit }) })));`;
  const got = JSON.parse(run('node', ['-e', use], proj));
  assert.equal(fs.realpathSync(got.dir), fs.realpathSync(path.dirname(shipped)), 'the model inside the installed package answered');
  const same = (a, want, what) => {
    assert.equal(a.results.length, want.results.length, what);
    a.results.forEach((r, i) => {
      const w = want.results[i];
      for (const name of Object.keys(w.probabilities)) {
        assert.ok(Math.abs(r.probabilities[name] - w.probabilities[name]) <= 1e-6, `${what} ${w.name}: p(${name})`);
      }
      const strip = (x) => ({ ...x, probability: 0, ready_to_add_weight: 0, probabilities: 0 });
      assert.deepEqual(strip(r), strip(w), `${what} ${w.name}`);
    });
    assert.deepEqual(a.not_strength, want.not_strength, what);
  };
  same(got.advice, golden.expected, 'installed package vs C++ advice');
  if (process.env.EXERTRACK_BIN) {
    const cli = JSON.parse(execFileSync(process.env.EXERTRACK_BIN, ['recommend', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    same(got.advice, cli, 'installed package vs `exertrack recommend --json`');
  }
});

test('the package version is the project version (CMakeLists.txt project())', () => {
  const cmake = fs.readFileSync(path.join(pkgDir, '..', 'CMakeLists.txt'), 'utf8');
  const m = /project\(exertrack VERSION ([0-9.]+)/.exec(cmake);
  assert.ok(m, 'CMakeLists.txt declares the version');
  assert.equal(pkg.version, m[1]);
});
