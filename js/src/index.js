'use strict';
// CommonJS entry: const { loadPredictor } = require('exertrack');
const { loadPredictor, Predictor } = require('./predictor');
const { fileSystemHandler } = require('./model_io');
const features = require('./features');
const target = require('./target');

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
};
