#!/usr/bin/env node
// TensorFlow.js peer: the exertrack model through the Keras (layers) API —
// Dense(u1, relu) -> Dense(u2, relu) -> Dense(3, softmax), Adam, categorical
// cross-entropy, model.fit(epochs, batchSize, shuffle) — timed per epoch with
// fit's onEpochBegin/onEpochEnd callbacks. The first `--warmup` epochs
// (kernel compilation, wasm instantiation, allocator growth) are not counted.
// Reports the median wall time and the median process CPU time (user+system)
// per epoch: on a shared machine the CPU time is the figure that survives
// other load (both backends here run on one thread).
//
//   node tfjs_epoch.js --data train.csv --backend cpu|wasm --units 32,96 --batch 32 --epochs 3 [--warmup 1]
//
// Prints one JSON object on stdout.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const tf = require('@tensorflow/tfjs');

function parseArgs(argv) {
  const a = { backend: 'cpu', units: '32,96', batch: 32, epochs: 3, warmup: 1, seed: 42 };
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in a) && key !== 'data') throw new Error(`unknown option ${argv[i]}`);
    a[key] = argv[i + 1];
  }
  if (!a.data) throw new Error('--data is required');
  a.units = String(a.units).split(',').map(Number);
  a.batch = Number(a.batch);
  a.epochs = Number(a.epochs);
  a.warmup = Number(a.warmup);
  return a;
}

function readTrainCsv(file) {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  if (lines[0] !== 'f0,f1,f2,f3,label') throw new Error(`${file}: unexpected header ${lines[0]}`);
  const n = lines.length - 1;
  const x = new Float32Array(n * 4);
  const y = new Int32Array(n);
  for (let i = 0; i < n; ++i) {
    const f = lines[i + 1].split(',');
    for (let j = 0; j < 4; ++j) x[i * 4 + j] = Number(f[j]);
    y[i] = Number(f[4]);
  }
  return { n, x, y };
}

async function main() {
  const a = parseArgs(process.argv);
  if (a.backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    // In Node the backend looks for its .wasm files next to the bundle that
    // loaded it; point it at the package's dist/ explicitly.
    wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), path.sep));
  }
  if (!(await tf.setBackend(a.backend))) throw new Error(`backend ${a.backend} failed to initialise`);
  await tf.ready();

  const d = readTrainCsv(a.data);
  const xs = tf.tensor2d(d.x, [d.n, 4]);
  const ys = tf.oneHot(tf.tensor1d(d.y, 'int32'), 3).toFloat();

  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [4], units: a.units[0], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: a.seed }) }));
  model.add(tf.layers.dense({ units: a.units[1], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: a.seed + 1 }) }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: a.seed + 2 }) }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

  const times = [];
  const cpuTimes = [];
  let t0 = 0;
  let c0 = null;
  let lastLoss = NaN;
  await model.fit(xs, ys, {
    epochs: a.warmup + a.epochs,
    batchSize: a.batch,
    shuffle: true,
    verbose: 0,
    callbacks: {
      onEpochBegin: async () => {
        c0 = process.cpuUsage();
        t0 = performance.now();
      },
      onEpochEnd: async (epoch, logs) => {
        times.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpuTimes.push((c.user + c.system) / 1000);
        lastLoss = logs.loss;
      },
    },
  });
  const measured = times.slice(a.warmup);
  const measuredCpu = cpuTimes.slice(a.warmup);
  const median = (v) => [...v].sort((p, q) => p - q)[Math.floor((v.length - 1) / 2)];
  const env = tf.env();
  const out = {
    peer: `tfjs-${a.backend}`,
    version: tf.version.tfjs,
    backend: tf.getBackend(),
    units: a.units,
    batch: a.batch,
    rows: d.n,
    warmup_epochs: a.warmup,
    threads: 1,
    epoch_wall_ms: measured,
    epoch_cpu_ms: measuredCpu,
    wall_ms: median(measured),
    cpu_ms: median(measuredCpu),
    final_loss: lastLoss,
  };
  if (a.backend === 'wasm') {
    out.wasm_simd = await env.getAsync('WASM_HAS_SIMD_SUPPORT');
    out.wasm_threads = await env.getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  process.stderr.write(`tfjs_epoch: ${e.stack || e}\n`);
  process.exit(1);
});
