// The Node.js peer of `exertrack serve` for bench/serve/run.sh: a minimal
// node:http server on the js/ package answering POST /v1/recommendations
// with the same request and response shapes, for either kind of model:
// - a notebook model (plain @tensorflow/tfjs, CPU backend): all exercises of
//   a request go through the model in ONE batch (features per exercise, one
//   predict), the fastest way the package allows;
// - a next-session model (forecast.json): the package's Forecaster.recommend,
//   its own port of serve/api.cpp's answer (its tree walk in plain JS).
//
//   node bench/serve/node_server.mjs <model_dir> [port]
import http from 'node:http';
import { isForecastModelDir, loadForecaster, loadPredictor, nextTarget } from '../../js/src/index.mjs';

const [modelDir, portArg] = process.argv.slice(2);
if (!modelDir) {
  console.error('usage: node node_server.mjs <model_dir> [port]');
  process.exit(2);
}
const port = Number(portArg || 8081);
const LB = 2.2046226218;
const forecaster = isForecastModelDir(modelDir) ? await loadForecaster(modelDir) : null;
const predictor = forecaster === null ? await loadPredictor(modelDir) : null;

function bad(res, status, message) {
  const body = JSON.stringify({ error: { status, message } });
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

async function recommend(doc) {
  if (forecaster !== null) return forecaster.recommend(doc);
  const exercises = doc.exercises;
  const rows = [];
  const lasts = [];
  for (const e of exercises) {
    const toKg = e.unit === 'lb' ? 1 / LB : 1;
    const sets = e.sets.map((s) => ({ weight: s.weight * toKg, reps: s.reps }));
    const f = predictor.features(sets);
    rows.push(f.model[f.model.length - 1]);
    lasts.push({ last: e.sets[e.sets.length - 1], unit: e.unit, rule: f.ruleLabels[f.ruleLabels.length - 1] });
  }
  const probs = await predictor.probabilities(rows);
  return exercises.map((e, i) => {
    const p = probs[i];
    let best = 0;
    for (let k = 1; k < p.length; k += 1) if (p[k] > p[best]) best = k;
    const label = predictor.classes[best];
    const probabilities = {};
    predictor.classes.forEach((c, k) => { probabilities[c] = p[k]; });
    const increment = lasts[i].unit === 'lb' ? 5 : 2.5;
    const { target, reason } = nextTarget(label, lasts[i].last, { increment, unit: lasts[i].unit });
    return { name: e.name, label, probabilities, rule_label: lasts[i].rule, target, reason };
  });
}

http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"status":"ok"}');
    return;
  }
  if (req.method !== 'POST' || req.url !== '/v1/recommendations') {
    bad(res, 404, 'no such endpoint');
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    let doc;
    try {
      doc = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (err) {
      bad(res, 400, `the body is not JSON: ${err.message}`);
      return;
    }
    try {
      const answer = await recommend(doc);
      const body = JSON.stringify(forecaster !== null ? answer : { results: answer });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    } catch (err) {
      bad(res, 422, String(err.message || err));
    }
  });
}).listen(port, '127.0.0.1', () => {
  console.error(`node_server: serving ${modelDir} (${forecaster !== null ? 'next-session' : 'notebook'}) on http://127.0.0.1:${port}`);
});
