'use strict';
// The next-session forecast in Node.js: a port of src/next_session/model/
// (and of core/units' loads), operation for operation, so that features are
// bit-identical and the advice byte-identical (js/tests/forecast.test.js
// holds it to the golden files tests/next_session/train/forecast_golden.cpp
// writes).
//
// Everything parametric comes from forecast.json: the feature definition,
// the feature names (checked against what this package computes), the
// calibration, the plates, the loadable steps and the trees. What is here is
// what the C++ side has as code, one module per C++ file, cut as
// node-semver cuts its package (npm/node-semver@1e2b5a769298ecb9ad7d68df889d10511434771a
// index.js; classes/index.js at 11aab63722a7f13384db42a511ac7928b74ca4ae):
//   classes/forecaster.js         forecast_model.cpp  the model file, its heads, the calibration
//   classes/xgboost_model.js      forest.cpp          the XGBoost tree walk
//   classes/lifter_temperature.js forecast_model.cpp  the model's and the lifter's temperature
//   classes/load_grid.js          load_grid.cpp       where a target can land
//   functions/sessions.js         sessions.cpp        sets into sessions
//   functions/session_features.js session_features.cpp the actions, the features
//   functions/baselines.js        baselines.cpp       the rep range
//   functions/advice.js           advice.cpp          the target, planned loads, reason
//   functions/advice_json.js      advice_json.cpp     the answer's fields
//   functions/recommend.js        serve/api.cpp       POST /v1/recommendations
//   functions/units.js            core/units/loads.cpp equipment, units, steps, plates
//   functions/load_forecaster.js  reading a model directory; the shipped model
//   internal/                     numbers, dates, constants and field checks they share
// This file names what the package exports (src/index.js, index.d.ts).
const Forecaster = require('./classes/forecaster');
const XGBoostModel = require('./classes/xgboost_model');
const { loadForecaster, shippedModelDir, isForecastModelDir } = require('./functions/load_forecaster');
const { LOAD_KINDS, buildSessions } = require('./functions/sessions');
const {
  ACTIONS, SESSION_FEATURES, PLANNED_REPS_FEATURES, actionBetween, sessionFeatures, plannedRepsFeatures, lastLoadAtReps, loadBaseKg,
} = require('./functions/session_features');
const {
  EQUIPMENT, equipmentFromName, checkUnit, kgToUnit, unitToKg, loadStepsFromJson, platesPerSide,
} = require('./functions/units');
const { parseDate } = require('./internal/dates');
const { roundHalfAway } = require('./internal/numbers');

module.exports = {
  ACTIONS,
  SESSION_FEATURES,
  PLANNED_REPS_FEATURES,
  EQUIPMENT,
  LOAD_KINDS,
  Forecaster,
  XGBoostModel,
  loadForecaster,
  shippedModelDir,
  isForecastModelDir,
  buildSessions,
  sessionFeatures,
  plannedRepsFeatures,
  lastLoadAtReps,
  loadBaseKg,
  actionBetween,
  equipmentFromName,
  checkUnit,
  kgToUnit,
  unitToKg,
  loadStepsFromJson,
  parseDate,
  roundHalfAway,
  platesPerSide,
};
