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
  for (const f of ['package.json', 'LICENSE', 'README.md', 'index.d.ts', 'src/index.js', 'src/forecast.js']) {
    assert.ok(fs.existsSync(path.join(installed, f)), `the package holds ${f}`);
  }
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

  const golden = process.env.EXERTRACK_FORECAST_GOLDEN;
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

test('the package version is the project version (CMakeLists.txt project())', () => {
  const cmake = fs.readFileSync(path.join(pkgDir, '..', 'CMakeLists.txt'), 'utf8');
  const m = /project\(exertrack VERSION ([0-9.]+)/.exec(cmake);
  assert.ok(m, 'CMakeLists.txt declares the version');
  assert.equal(pkg.version, m[1]);
});
