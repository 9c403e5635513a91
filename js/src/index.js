'use strict';
// CommonJS entry: const { loadPredictor } = require('exertrack');
const { loadPredictor, Predictor } = require('./predictor');
const { fileSystemHandler } = require('./model_io');
const features = require('./features');
const target = require('./target');
const forecast = require('./forecast');

module.exports = {
  loadPredictor,
  Predictor,
  fileSystemHandler,
  CLASS_NAMES: features.CLASS_NAMES,
  DEFINITIONS: features.DEFINITIONS,
  parseDefinition: features.parseDefinition,
  rawSequenceFeatures: features.rawSequenceFeatures,
  ruleLabel: features.ruleLabel,
  modelFeatures: features.modelFeatures,
  DEFAULT_TARGET_RULE: target.DEFAULT_TARGET_RULE,
  nextTarget: target.nextTarget,
  // The next-session forecast (forecast.json, XGBoost heads).
  loadForecaster: forecast.loadForecaster,
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
