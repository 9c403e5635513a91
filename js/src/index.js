'use strict';
// CommonJS entry: const { loadForecaster, loadPredictor } = require('exertrack');
// The notebook model needs @tensorflow/tfjs (an optional peer dependency);
// the next-session forecast does not, so tfjs is only required when a
// notebook model is loaded.
const features = require('./features');
const target = require('./target');
const forecast = require('./forecast');

function predictorModule() {
  try {
    return require('./predictor');
  } catch (err) {
    if (err && err.code === 'MODULE_NOT_FOUND' && /@tensorflow\/tfjs/.test(err.message)) {
      throw new Error("exertrack: a notebook-task model needs the peer dependency '@tensorflow/tfjs' (npm install @tensorflow/tfjs); next-session models (loadForecaster) do not");
    }
    throw err;
  }
}

// What needs tfjs, or undefined without it (the ESM entry reads every name
// at import, which must not fail for a forecast-only user).
function withTfjs(name, load) {
  try {
    return load()[name];
  } catch (err) {
    if (err && err.code === 'MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}

module.exports = {
  loadPredictor: async (...args) => predictorModule().loadPredictor(...args),
  get Predictor() {
    return withTfjs('Predictor', () => require('./predictor'));
  },
  get fileSystemHandler() {
    return withTfjs('fileSystemHandler', () => require('./model_io'));
  },
  CLASS_NAMES: features.CLASS_NAMES,
  FEATURE_NAMES: features.FEATURE_NAMES,
  DEFINITIONS: features.DEFINITIONS,
  parseDefinition: features.parseDefinition,
  rawSequenceFeatures: features.rawSequenceFeatures,
  ruleLabel: features.ruleLabel,
  modelFeatures: features.modelFeatures,
  DEFAULT_TARGET_RULE: target.DEFAULT_TARGET_RULE,
  nextTarget: target.nextTarget,
  // The next-session forecast (forecast.json, XGBoost heads).
  loadForecaster: forecast.loadForecaster,
  shippedModelDir: forecast.shippedModelDir,
  Forecaster: forecast.Forecaster,
  XGBoostModel: forecast.XGBoostModel,
  isForecastModelDir: forecast.isForecastModelDir,
  buildSessions: forecast.buildSessions,
  sessionFeatures: forecast.sessionFeatures,
  plannedRepsFeatures: forecast.plannedRepsFeatures,
  ACTIONS: forecast.ACTIONS,
  SESSION_FEATURES: forecast.SESSION_FEATURES,
  PLANNED_REPS_FEATURES: forecast.PLANNED_REPS_FEATURES,
};
