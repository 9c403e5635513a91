'use strict';
// Finding and reading a model directory's forecast.json
// (ForecastModel::read, is_forecast_model_dir), and the model exertrack ships.
const fs = require('node:fs');
const path = require('node:path');
const { MODEL_FILE } = require('../internal/constants');
const Forecaster = require('../classes/forecaster');

// The package's root (js/ in the repository): this file is src/forecast/functions/.
const packageDir = path.join(__dirname, '..', '..', '..');

function modelPath(dir) {
  const direct = path.join(dir, MODEL_FILE);
  return fs.existsSync(direct) ? direct : path.join(dir, 'model', MODEL_FILE);
}

// The next-session model exertrack ships: inside the package as npm
// installs it (scripts/pack.js copies it in), else the repository's
// models/ beside js/.
function shippedModelDir() {
  const places = [path.join(packageDir, 'models', 'next-session'), path.join(packageDir, '..', 'models', 'next-session')];
  const found = places.find((dir) => fs.existsSync(path.join(dir, MODEL_FILE)));
  if (found === undefined) throw new Error(`the shipped model is in neither ${places.join(' nor ')}; pass a model directory`);
  return found;
}

/**
 * Loads DIR/forecast.json (DIR may be a run directory holding model/);
 * without DIR, the next-session model shipped with exertrack (the one
 * `exertrack recommend` answers with when given no --model).
 * @param {string} [dir]
 * @returns {Promise<Forecaster>}
 */
async function loadForecaster(dir) {
  const file = modelPath(dir === undefined ? shippedModelDir() : dir);
  const text = await fs.promises.readFile(file, 'utf8');
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON: ${e.message}`);
  }
  return new Forecaster(json, file);
}

/** True when DIR (or DIR/model) holds a next-session model. */
function isForecastModelDir(dir) {
  return fs.existsSync(modelPath(dir));
}

module.exports = { loadForecaster, shippedModelDir, isForecastModelDir };
