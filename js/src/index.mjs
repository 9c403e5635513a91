// ESM entry: import { loadPredictor } from 'exertrack';
// One implementation (the CommonJS modules), re-exported by name.
import cjs from './index.js';

export const {
  loadPredictor,
  Predictor,
  fileSystemHandler,
  CLASS_NAMES,
  FEATURE_NAMES,
  DEFINITIONS,
  parseDefinition,
  rawSequenceFeatures,
  ruleLabel,
  modelFeatures,
  DEFAULT_TARGET_RULE,
  nextTarget,
  loadForecaster,
  shippedModelDir,
  Forecaster,
  XGBoostModel,
  isForecastModelDir,
  buildSessions,
  sessionFeatures,
  plannedRepsFeatures,
  ACTIONS,
  SESSION_FEATURES,
  PLANNED_REPS_FEATURES,
} = cjs;
export default cjs;
