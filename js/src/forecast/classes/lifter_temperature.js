'use strict';
// next_session/model/forecast_model.cpp: the temperatures the action head's
// probabilities are scaled by, the model's and the lifter's own (T_l, the
// grid value that best explains the actions of the lifter's history so far,
// held near 1 by the prior while that history is short).
const { requireField } = require('../internal/model_json');

// forecast_model.cpp's LifterCalibration: a file without it has none (T_l = 1).
function lifterCalibrationFromJson(c, where) {
  if (!('lifter_temperatures' in c) && !('lifter_prior' in c)) return Object.freeze({ prior: 0, temperatures: [] });
  requireField(c, 'lifter_temperatures', where);
  const prior = requireField(c, 'lifter_prior', where);
  const temperatures = c.lifter_temperatures;
  const positive = Array.isArray(temperatures) && temperatures.every((t) => typeof t === 'number' && t > 0 && Number.isFinite(t));
  if (!(typeof prior === 'number' && prior >= 0 && Number.isFinite(prior)) || !positive || temperatures.length === 0) {
    throw new Error(`${where}: lifter_prior must be >= 0 and lifter_temperatures positive numbers`);
  }
  return Object.freeze({ prior, temperatures: Object.freeze(temperatures.slice()) });
}

// T_l over a growing history (LifterTemperature): add() each transition
// whose outcome is known, value() at any point.
class LifterTemperature {
  constructor(calibration) {
    this.calibration = calibration;
    this.nll = new Array(calibration.temperatures.length).fill(0);
  }

  add(probabilities, action) {
    const grid = this.calibration.temperatures;
    for (let g = 0; g < grid.length; g++) {
      const z = probabilities.map((x) => Math.log(Math.max(x, 1e-12)) / grid[g]);
      let top = -Infinity;
      for (const v of z) top = Math.max(top, v);
      let sum = 0;
      for (const v of z) sum += Math.exp(v - top);
      this.nll[g] += Math.log(sum) + top - z[action];
    }
  }

  value() {
    const grid = this.calibration.temperatures;
    let best = 1.0, bestObjective = Infinity;
    for (let g = 0; g < grid.length; g++) {
      const objective = this.nll[g] + this.calibration.prior * Math.log(grid[g]) * Math.log(grid[g]);
      if (objective < bestObjective) {
        bestObjective = objective;
        best = grid[g];
      }
    }
    return best;
  }
}

/** p_c proportional to p_c^(1/T), in place (forecast_model.cpp temper): the global and the lifter's temperature alike. */
function temper(p, temperature) {
  let sum = 0;
  for (let c = 0; c < p.length; c++) {
    p[c] = Math.exp(Math.log(Math.max(p[c], 1e-12)) / temperature);
    sum += p[c];
  }
  for (let c = 0; c < p.length; c++) p[c] /= sum;
}

/** The lifter's temperature on a forecast (apply_lifter_temperature); the most probable action stays. */
function applyLifterTemperature(out, lifterTemperature) {
  if (lifterTemperature !== 1.0) temper(out.probabilities, lifterTemperature);
}

module.exports = { LifterTemperature, lifterCalibrationFromJson, temper, applyLifterTemperature };
