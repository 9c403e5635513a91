'use strict';
// The page `exertrack serve` answers GET / with, in a real browser: Debian's
// chromium, headless, driven by puppeteer-core (no browser download),
// against a server this test starts on a free port with a next-session model
// it trains on the embedded synthetic lifters.
//
//   EXERTRACK_BIN            the built CLI (default: ../build/apps/exertrack/exertrack)
//   EXERTRACK_DATA_DIR       the shared data (default: ../shared/data beside the repository);
//                            without it the data-driven cases skip with the reason
//   EXERTRACK_WEB_ARTIFACTS  where screenshots go (default: web/artifacts)
//   CHROMIUM                 the browser (default: /usr/bin/chromium)
//
// Every export is checked against the API's own answer for the same file:
// one card per active exercise, each target in the unit the API reports, a
// drawn chart per card, no console errors; a broken file shows the API's
// message (line and column).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const puppeteer = require('puppeteer-core');

const root = path.resolve(__dirname, '..', '..');
const bin = process.env.EXERTRACK_BIN || path.join(root, 'build', 'apps', 'exertrack', 'exertrack');
const dataDir = process.env.EXERTRACK_DATA_DIR || path.resolve(root, '..', 'shared', 'data');
const artifacts = process.env.EXERTRACK_WEB_ARTIFACTS || path.join(root, 'web', 'artifacts');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';

const exportsDir = path.join(dataDir, 'exports');
const dataFiles = fs.existsSync(exportsDir)
  ? fs.readdirSync(exportsDir).filter((f) => f.endsWith('.csv')).sort().map((f) => path.join(exportsDir, f))
  : [];
if (fs.existsSync(path.join(dataDir, 'weightlifting_721_workouts.csv'))) {
  dataFiles.push(path.join(dataDir, 'weightlifting_721_workouts.csv'));
}
const skipData = dataFiles.length > 0 ? false : `no exports in ${dataDir} (the shared data set; set EXERTRACK_DATA_DIR)`;
if (skipData) console.log(`# skipping the data-driven cases: ${skipData}`);

let scratch;
let server;
let base;
let browser;
let synthFile;

async function startServer(modelDir) {
  const child = spawn(bin, ['serve', '--model', modelDir, '--port', '0', '--access-log', 'off'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`exertrack serve did not start: ${err}`)), 20000);
    child.stderr.on('data', (d) => {
      err += d;
      // The whole line: a read can end inside the address.
      const m = /serving .* on (http:\/\/[^\s]+)[^\n]*\n/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`exertrack serve exited ${code}: ${err}`)));
  });
  return { child, url };
}

test.before(async () => {
  assert.ok(fs.existsSync(bin), `${bin} is not built (set EXERTRACK_BIN)`);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'exertrack-web-'));
  fs.mkdirSync(artifacts, { recursive: true });
  // Few rounds: the page, not the model's quality, is under test.
  execFileSync(bin, ['train', '--task', 'next-session', '--rounds', '30', '--out', path.join(scratch, 'run'), '--quiet'], { stdio: 'ignore' });
  execFileSync(bin, ['synth', '--lifters', '1', '--out', path.join(scratch, 'synth')], { stdio: 'ignore' });
  synthFile = path.join(scratch, 'synth', fs.readdirSync(path.join(scratch, 'synth')).find((f) => f.endsWith('.csv')));
  server = await startServer(path.join(scratch, 'run'));
  base = server.url;
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    // Root in a container has no user namespace for chromium's sandbox.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
});

test.after(async () => {
  if (browser) await browser.close();
  if (server) server.child.kill('SIGTERM');
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

// What the API answers for the file (the page's source of truth).
async function apiAnswer(file, query = '') {
  const res = await fetch(`${base}/v1/recommendations/csv${query}`, {
    method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: fs.readFileSync(file),
  });
  return { status: res.status, body: await res.json() };
}

async function openPage(width = 1280) {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 900 });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/`, { waitUntil: 'load' });
  return { page, errors };
}

async function upload(page, file) {
  await page.evaluate(() => { document.body.dataset.state = ''; });
  const input = await page.$('#file');
  await input.uploadFile(file);
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state), { timeout: 30000 });
  return page.evaluate(() => document.body.dataset.state);
}

// Per active card: its target text and whether its chart canvas has pixels drawn.
function cardsOf(page) {
  return page.evaluate(() => [...document.querySelectorAll('#active .card')].map((c) => {
    const canvas = c.querySelector('.chart canvas');
    let drawn = 0;
    if (canvas && canvas.width > 0 && canvas.height > 0) {
      const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < px.length; i += 4) if (px[i] > 0) drawn += 1;
    }
    return {
      name: c.querySelector('h2').textContent,
      target: c.querySelector('.target-set').textContent,
      plates: c.querySelector('.plates') ? c.querySelector('.plates').textContent : null,
      drawn,
      hidden: c.hidden,
      width: c.getBoundingClientRect().width,
      canvasWidth: canvas ? canvas.getBoundingClientRect().width : 0,
    };
  }));
}

function checkCards(cards, answer, where) {
  const active = answer.results.filter((r) => !r.inactive);
  assert.equal(cards.length, active.length, `${where}: one card per active exercise`);
  assert.ok(cards.length > 0, `${where}: some exercise is active`);
  const unit = answer.results[0].unit;
  cards.forEach((c, i) => {
    const r = active[i];
    assert.equal(c.name, r.name, where);
    // "102.5 kg × 5", or "bodyweight × 12" for a bodyweight target.
    const m = /^(?:(-?[\d.]+) (kg|lb)|bodyweight) × (\d+)$/.exec(c.target);
    assert.ok(m, `${where} / ${c.name}: target '${c.target}'`);
    if (m[2] !== undefined) {
      assert.equal(m[2], unit, `${where} / ${c.name}: target in the file's unit`);
      // The page shows weights to 0.01 of the unit (a converted 232.508488 lb reads 232.51).
      assert.equal(Number(m[1]), Math.round(r.target.weight * 100) / 100, `${where} / ${c.name}`);
    }
    assert.equal(Number(m[3]), r.target.reps, `${where} / ${c.name}`);
    assert.equal(c.plates !== null, Array.isArray(r.plates_per_side), `${where} / ${c.name}: plates shown when the API gives them`);
    assert.ok(c.drawn > 500, `${where} / ${c.name}: chart drawn (${c.drawn} pixels)`);
  });
}

const shot = (page, name, fullPage = false) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage });

test('synthetic log: cards, charts, search, kg/lb toggle', async () => {
  const { page, errors } = await openPage();
  assert.equal(await upload(page, synthFile), 'ready');
  const { body: answer } = await apiAnswer(synthFile);
  checkCards(await cardsOf(page), answer, 'synthetic');
  // Inactive exercises sit collapsed; opened, their cards have drawn charts too.
  const inactive = answer.results.filter((r) => r.inactive).map((r) => r.name);
  assert.equal(await page.$eval('#inactive-section', (d) => d.open), false);
  await page.click('#inactive-section > summary');
  const opened = await page.$$eval('#inactive .card', (cards) => cards.map((c) => ({
    name: c.querySelector('h2').textContent,
    drawn: c.querySelector('.chart canvas') !== null && c.querySelector('.chart canvas').width > 0,
  })));
  assert.deepEqual(opened.map((c) => c.name), inactive);
  assert.ok(opened.every((c) => c.drawn), JSON.stringify(opened));
  await shot(page, 'synthetic', true);
  // Search narrows the cards to the names that match.
  const name = answer.results.find((r) => !r.inactive).name;
  await page.type('#search', name.slice(0, 5));
  const visible = await page.evaluate(() => [...document.querySelectorAll('#active .card')].filter((c) => !c.hidden).map((c) => c.querySelector('h2').textContent));
  assert.ok(visible.includes(name));
  assert.ok(visible.every((n) => n.toLowerCase().includes(name.slice(0, 5).toLowerCase())));
  // The other unit re-asks the API; targets follow.
  const other = answer.results[0].unit === 'kg' ? 'lb' : 'kg';
  await page.evaluate(() => { document.body.dataset.state = ''; });
  await page.click(`input[name=unit][value=${other}]`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  await page.evaluate(() => { document.getElementById('search').value = ''; document.getElementById('search').dispatchEvent(new Event('input')); });
  const { body: converted } = await apiAnswer(synthFile, `?unit=${other}`);
  assert.equal(converted.results[0].unit, other);
  checkCards(await cardsOf(page), converted, `synthetic in ${other}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a broken file shows the API message, naming line and column', async () => {
  const { page, errors } = await openPage();
  const bad = path.join(scratch, 'broken.csv');
  fs.writeFileSync(bad, 'Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n' +
    '2024-01-01 10:00:00,A,Squat (Barbell),1,abc,5,,,,\n');
  assert.equal(await upload(page, bad), 'error');
  const { status, body } = await apiAnswer(bad);
  assert.equal(status, 422);
  assert.match(body.error.message, /:2: column 'Weight'/);
  const shown = await page.$eval('#error', (e) => e.textContent);
  assert.ok(shown.includes(body.error.message), `shown: ${shown}`);
  assert.equal(await page.$$eval('#active .card', (c) => c.length), 0);
  await shot(page, 'broken-file');
  // The failed request itself is the only console error (the browser logs a 422).
  assert.ok(errors.every((e) => /status of 422/.test(e)), errors.join('\n'));
  await page.close();
});

test('a spreadsheet-saved export with undecidable dates: the lifter says the order', async () => {
  const { page, errors } = await openPage();
  const us = path.join(scratch, 'us-spreadsheet.csv');
  fs.writeFileSync(us, 'Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n' +
    '9/1/2024 10:00,A,Squat (Barbell),1,100,5,,,,\n' +
    '9/4/2024 10:00,A,Squat (Barbell),1,105,5,,,,\n' +
    '10/2/2024 10:00,A,Squat (Barbell),1,110,5,,,,\n');
  assert.equal(await upload(page, us), 'error');
  const refused = await apiAnswer(us);
  assert.equal(refused.status, 422);
  assert.equal(refused.body.error.code, 'date_order_undecidable');
  assert.ok((await page.$eval('#error', (e) => e.textContent)).includes(refused.body.error.message));
  assert.equal(await page.$$eval('#error button[data-date-order]', (b) => b.length), 2);
  await shot(page, 'date-order-question');
  await page.evaluate(() => { document.body.dataset.state = 'loading'; });
  await page.click('#error button[data-date-order=month-first]');
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  const { status, body } = await apiAnswer(us, '?date_order=month-first');
  assert.equal(status, 200);
  assert.equal(body.results[0].last_session.date, '2024-10-02');
  checkCards(await cardsOf(page), body, 'month first');
  assert.equal(await page.$eval('#error', (e) => e.hidden), true);
  await shot(page, 'date-order-chosen');
  assert.ok(errors.every((e) => /status of 422/.test(e)), errors.join('\n'));
  await page.close();
});

// The page reads the error's code, not its words: the question comes with
// date_order_undecidable whatever the message says, and never with another
// code, even one whose message names date_order. The answers are the API's
// shape (docs/openapi.yaml's Error) with the message reworded.
test('the date-order question follows the error code, not the message', async () => {
  const { page, errors } = await openPage();
  let answer;
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url().includes('/v1/recommendations/csv')) {
      req.respond({ status: 422, contentType: 'application/json', body: JSON.stringify({ error: answer }) });
    } else {
      req.continue();
    }
  });
  // Two files: choosing the same file again fires no change event.
  const [first, second] = ['first.csv', 'second.csv'].map((name) => path.join(scratch, name));
  fs.copyFileSync(synthFile, first);
  fs.copyFileSync(synthFile, second);
  answer = { status: 422, code: 'date_order_undecidable', message: 'these dates could be read two ways' };
  assert.equal(await upload(page, first), 'error');
  assert.equal(await page.$$eval('#error button[data-date-order]', (b) => b.length), 2);
  answer = { status: 422, code: 'invalid_request', message: "date_order: must be auto, day-first or month-first, got 'x'" };
  assert.equal(await upload(page, second), 'error');
  assert.ok((await page.$eval('#error', (e) => e.textContent)).includes(answer.message));
  assert.equal(await page.$$eval('#error button[data-date-order]', (b) => b.length), 0);
  assert.ok(errors.every((e) => /status of 422/.test(e)), errors.join('\n'));
  await page.close();
});

// JEFIT's and Alpha Progression's exports are .csv files (JEFIT's
// "Export Data" file; Alpha Progression's "<date> Workouts.csv"), which the
// file picker takes; web/tests/fixtures holds one of each in the apps'
// layouts, with our own rows (docs/formats.md).
test('a JEFIT and an Alpha Progression export through the file picker', async () => {
  const { page, errors } = await openPage();
  const accept = await page.$eval('#file', (e) => e.accept.split(','));
  assert.ok(accept.includes('.csv'), `accept=${accept}`);
  for (const [name, unit] of [['jefit.csv', 'lb'], ['alpha_progression.csv', 'kg']]) {
    const file = path.join(__dirname, 'fixtures', name);
    const { status, body } = await apiAnswer(file);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.results[0].unit, unit, `${name}: the unit the file states`);
    assert.equal(await upload(page, file), 'ready', name);
    checkCards(await cardsOf(page), body, name);
    await shot(page, name.replace('.csv', ''));
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('at 390 px wide: no sideways scrolling, charts fit their cards', async () => {
  const { page, errors } = await openPage(390);
  assert.equal(await upload(page, synthFile), 'ready');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page is ${width} px wide`);
  const cards = await cardsOf(page);
  const { body: answer } = await apiAnswer(synthFile);
  checkCards(cards, answer, 'synthetic at 390 px');
  for (const c of cards) {
    assert.ok(c.width <= 390 && c.canvasWidth <= c.width, `${c.name}: card ${c.width} px, chart ${c.canvasWidth} px`);
  }
  await shot(page, 'synthetic-390px', true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('every shared export and the 721 file', { skip: skipData }, async (t) => {
  const { page, errors } = await openPage();
  for (const file of dataFiles) {
    const name = path.basename(file, '.csv');
    await t.test(name, async () => {
      const state = await upload(page, file);
      const { status, body } = await apiAnswer(file);
      assert.equal(status, 200, `${name}: ${JSON.stringify(body)}`);
      assert.equal(state, 'ready', name);
      checkCards(await cardsOf(page), body, name);
      await shot(page, `export-${name}`);
      assert.deepEqual(errors, [], name);
    });
  }
  await page.close();
});
