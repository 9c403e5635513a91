// The page `exertrack serve` answers GET / with. It posts the chosen export
// to POST /v1/recommendations/csv?history=true and draws one card per
// exercise from the answer (docs/openapi.yaml: NextSessionResult).
//
// Charts: uPlot (MIT). Chosen over Chart.js and Vega-Lite because it is
// small (~50 kB minified, against ~200 kB and ~800 kB), draws time series on
// one canvas fast enough for a card per exercise of a years-long log, and
// needs no runtime dependencies; esbuild bundles it at build time, so the
// page works with no network.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './style.css';

const $ = (id) => document.getElementById(id);
const state = { file: null, unit: '', dateOrder: '', answer: null, charts: [] };

const fmt = (x) => (Number.isInteger(x) ? String(x) : String(Math.round(x * 100) / 100));
const weightText = (w, unit) => (w === 0 ? 'bodyweight' : `${fmt(w)} ${unit}`);
const setText = (w, reps, unit) => `${weightText(w, unit)} × ${fmt(reps)}`;
const day = (date) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 1000;

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

// `code`: the API's error code (docs/openapi.yaml), which the page branches
// on; the message is for the lifter to read.
function showError(message, code) {
  const box = $('error');
  box.textContent = message;
  box.hidden = false;
  // A spreadsheet-saved export whose dates never tell day from month: the
  // lifter knows which way their dates are written.
  if (code === 'date_order_undecidable') {
    const choice = (order, label) => {
      const b = el('button', { type: 'button', 'data-date-order': order }, label);
      b.addEventListener('click', () => { state.dateOrder = order; upload(); });
      return b;
    };
    box.append(el('span', { class: 'date-order' }, 'My dates are written ',
      choice('day-first', 'day/month/year'), ' ', choice('month-first', 'month/day/year')));
  }
}

async function upload() {
  if (!state.file) return;
  $('error').hidden = true;
  // The page's state for scripts driving it (the browser tests): loading,
  // ready or error.
  document.body.dataset.state = 'loading';
  $('status').textContent = `Reading ${state.file.name}…`;
  const query = new URLSearchParams({ history: 'true' });
  if (state.unit) query.set('unit', state.unit);
  if (state.dateOrder) query.set('date_order', state.dateOrder);
  let answer;
  try {
    // Every export the API reads is CSV; the browser's guess of the type
    // (often empty for .csv) is not sent.
    const res = await fetch(`/v1/recommendations/csv?${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv' },
      body: state.file,
    });
    answer = await res.json();
    if (!res.ok) {
      const error = answer && answer.error ? answer.error : { message: `HTTP ${res.status}` };
      throw Object.assign(new Error(`${state.file.name}: ${error.message}`), { code: error.code });
    }
    if (answer.task !== 'next-session') {
      throw new Error('this server serves a notebook-task model; the page needs a next-session model (exertrack train --task next-session)');
    }
  } catch (e) {
    $('status').textContent = 'The export could not be read.';
    showError(e.message, e.code);
    clear();
    document.body.dataset.state = 'error';
    return;
  }
  state.answer = answer;
  render();
  document.body.dataset.state = 'ready';
}

function clear() {
  for (const c of state.charts) c.plot.destroy();
  state.charts = [];
  $('active').replaceChildren();
  $('inactive').replaceChildren();
  $('not-strength').replaceChildren();
  $('inactive-section').hidden = true;
  $('not-strength-section').hidden = true;
}

function platesText(r) {
  if (!Array.isArray(r.plates_per_side)) return null;
  if (r.plates_per_side.length === 0) return 'just the bar';
  return `${r.plates_per_side.map(fmt).join(' + ')} ${r.unit} per side`;
}

function card(r) {
  const unit = r.unit;
  const pct = Math.round(r.probability * 100);
  const plates = platesText(r);
  const chart = el('div', { class: 'chart', role: 'img',
    'aria-label': `${r.name}: top set and estimated 1RM per session, and the target` });
  const c = el('article', { class: 'card', 'data-name': r.name.toLowerCase() },
    el('h2', {}, r.name),
    el('p', { class: 'last' }, 'Last: ', el('strong', {}, setText(r.last_session.weight, r.last_session.reps, unit)),
      ` on ${r.last_session.date}`),
    el('p', { class: 'target' }, 'Next: ', el('strong', { class: 'target-set' }, setText(r.target.weight, r.target.reps, unit)),
      plates ? el('span', { class: 'plates' }, ` (${plates})`) : null),
    el('p', { class: 'action' }, el('span', { class: `badge a-${r.action.replace(/[^a-z]+/g, '-')}` }, r.action),
      ` ${pct}% likely`),
    el('p', { class: 'reason' }, r.reason),
    chart);
  c.chartBox = chart;
  c.result = r;
  return c;
}

// The chart's x for the target: the last session plus the lifter's usual
// gap (median days between sessions; a week when there is one session).
function targetTime(history) {
  const t = history.map((h) => day(h.date));
  const gaps = [];
  for (let i = 1; i < t.length; i++) gaps.push(t[i] - t[i - 1]);
  gaps.sort((a, b) => a - b);
  const gap = gaps.length ? Math.max(gaps[Math.floor(gaps.length / 2)], 86400) : 7 * 86400;
  return t[t.length - 1] + gap;
}

function drawChart(box, r) {
  if (box.dataset.drawn) return;
  box.dataset.drawn = '1';
  const h = r.history;
  const reps = r.kind === 'bodyweight';
  const xs = h.map((p) => day(p.date));
  xs.push(targetTime(h));
  const top = h.map((p) => (reps ? p.reps : p.weight)).concat([null]);
  const e1rm = h.map((p) => (reps ? null : p.e1rm)).concat([null]);
  const target = h.map(() => null).concat([reps ? r.target.reps : r.target.weight]);
  const yLabel = reps ? 'reps' : r.unit;
  const series = [
    {},
    { label: reps ? 'top-set reps' : `top set (${r.unit})`, stroke: '#1f5fa8', width: 2,
      points: { show: true, size: 6, fill: '#1f5fa8' } },
    { label: `e1RM (${r.unit}, Epley)`, stroke: '#b35900', width: 1.5, dash: [6, 4],
      points: { show: true, size: 6, fill: '#fff', width: 1.5 }, show: !reps },
    { label: 'target', stroke: '#0a7d32', width: 3, paths: () => null,
      points: { show: true, size: 13, fill: '#fff', width: 3 } },
  ];
  const width = Math.max(240, box.clientWidth);
  const plot = new uPlot({
    width, height: 200, series,
    scales: { x: { time: true } },
    axes: [{ size: 48 }, { label: yLabel, size: 52 }],
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
  }, [xs, top, e1rm, target], box);
  state.charts.push({ plot, box });
}

function render() {
  clear();
  const a = state.answer;
  const unit = a.results.length ? a.results[0].unit : state.unit;
  for (const r of document.querySelectorAll('input[name=unit]')) r.checked = r.value === unit;
  $('units').disabled = false;
  $('search').disabled = false;
  const active = a.results.filter((r) => !r.inactive);
  const inactive = a.results.filter((r) => r.inactive);
  for (const r of active) $('active').append(card(r));
  for (const r of inactive) $('inactive').append(card(r));
  $('inactive-count').textContent = String(inactive.length);
  $('inactive-section').hidden = inactive.length === 0;
  for (const e of a.not_strength) $('not-strength').append(el('li', {}, el('strong', {}, e.name), `: ${e.reason}`));
  $('not-strength-count').textContent = String(a.not_strength.length);
  $('not-strength-section').hidden = a.not_strength.length === 0;
  for (const c of $('active').children) drawChart(c.chartBox, c.result);
  // Charts in the collapsed section are drawn when it opens (a hidden box
  // has no width to draw into).
  if ($('inactive-section').open) for (const c of $('inactive').children) drawChart(c.chartBox, c.result);
  filter();
}

function filter() {
  if (!state.answer) return;
  const q = $('search').value.trim().toLowerCase();
  let shown = 0;
  let total = 0;
  for (const list of [$('active'), $('inactive')]) {
    for (const c of list.children) {
      const hit = q === '' || c.dataset.name.includes(q);
      c.hidden = !hit;
      if (list.id === 'active') {
        total += 1;
        if (hit) shown += 1;
      }
    }
  }
  const a = state.answer;
  const name = state.file ? state.file.name : 'the export';
  $('status').textContent = `${name}: ${q ? `${shown} of ` : ''}${total} active exercise${total === 1 ? '' : 's'}` +
    `, targets in ${a.results.length ? a.results[0].unit : state.unit}.`;
}

function choose(file) {
  if (!file) return;
  state.file = file;
  state.unit = '';  // the unit the lifter logs in, until the toggle says otherwise
  state.dateOrder = '';  // from the file's dates, until the lifter says otherwise
  upload();
}

function resize() {
  for (const { plot, box } of state.charts) {
    if (box.clientWidth > 0) plot.setSize({ width: Math.max(240, box.clientWidth), height: 200 });
  }
}

function init() {
  $('file').addEventListener('change', (e) => choose(e.target.files[0]));
  const drop = $('drop');
  for (const type of ['dragenter', 'dragover']) {
    document.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add('over'); });
  }
  document.addEventListener('dragleave', (e) => { if (e.target === document.documentElement || e.target === drop) drop.classList.remove('over'); });
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    choose(e.dataTransfer && e.dataTransfer.files[0]);
  });
  $('search').addEventListener('input', filter);
  for (const r of document.querySelectorAll('input[name=unit]')) {
    r.addEventListener('change', () => { state.unit = r.value; upload(); });
  }
  $('inactive-section').addEventListener('toggle', () => {
    if ($('inactive-section').open) for (const c of $('inactive').children) drawChart(c.chartBox, c.result);
    resize();
  });
  let pending = 0;
  window.addEventListener('resize', () => { clearTimeout(pending); pending = setTimeout(resize, 100); });
}

init();
