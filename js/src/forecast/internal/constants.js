'use strict';
// core/ingest/workout_log.hpp: the notebook's pounds-per-kilogram factor and
// the reader's bounds past which a set is an outlier (kept, never a working
// set).
const POUNDS_PER_KILOGRAM = 2.2046226218;
const MAX_PLAUSIBLE_REPS = 300;
const MAX_PLAUSIBLE_WEIGHT_KG = 600;

// next_session/model/forecast_model.hpp: the model file's name in a model
// directory and the format it declares.
const MODEL_FILE = 'forecast.json';
const FORMAT = 'exertrack-next-session';

module.exports = { POUNDS_PER_KILOGRAM, MAX_PLAUSIBLE_REPS, MAX_PLAUSIBLE_WEIGHT_KG, MODEL_FILE, FORMAT };
