'use strict';
// next_session/model/load_grid.cpp: where a target can land around the last
// top weight, from the plates, steps and tolerance of the model file.
const { roundHalfAway } = require('../internal/numbers');
const { kgToUnit, unitToKg } = require('../functions/units');

// Unit conversions leave 1e-12 noise; targets are shown and compared as written.
const tidy = (x) => roundHalfAway(x * 1e6) / 1e6;

// on_plates: a whole number of the unit's finest plate.
function onPlates(w, plates, unit) {
  const set = plates[unit].plates;
  if (set.length === 0) return false;
  const k = w / set[set.length - 1];
  return Math.abs(k - roundHalfAway(k)) < 1e-6;
}

// load_grid.cpp LoadGrid: where a target can land around the last top weight L
// (1: L on the finest plate steps from itself; 2: within the tolerance of
// the step grid, it moves onto it; 3: exactly a weight of the other unit's
// plates, the grid is that unit's; 4: otherwise "the same weight" stays L
// and a change of weight goes to the grid).
class LoadGrid {
  constructor(lastU, unit, equipment, model) {
    this.unit = unit;
    this.gridUnit = unit;
    this.base = lastU;
    this.step = model.steps[unit][equipment];
    this.tolerance = kgToUnit(model.definition.weight_tolerance_kg, unit);
    this.onGrid = true;
    const plates = model.plates;
    if (!plates || plates[unit].plates.length === 0 || onPlates(lastU, plates, unit)) return;
    const nearest = tidy(roundHalfAway(lastU / this.step) * this.step);
    if (Math.abs(nearest - lastU) <= this.tolerance) {
      this.base = nearest;
      return;
    }
    const other = unit === 'kg' ? 'lb' : 'kg';
    const inOther = kgToUnit(unitToKg(lastU, unit), other);
    if (onPlates(inOther, plates, other)) {
      this.gridUnit = other;
      this.base = inOther;
      this.step = model.steps[other][equipment];
      this.tolerance = kgToUnit(model.definition.weight_tolerance_kg, other);
      return;
    }
    this.base = roundHalfAway(lastU * 100) / 100;
    this.onGrid = false;
  }

  toUnit(g) { return this.gridUnit === this.unit ? g : kgToUnit(unitToKg(g, this.gridUnit), this.unit); }

  fromUnit(u) { return this.gridUnit === this.unit ? u : kgToUnit(unitToKg(u, this.unit), this.gridUnit); }

  same() { return this.toUnit(this.base); }

  snap(xU) {
    const x = this.fromUnit(xU);
    if (this.onGrid) return this.toUnit(this.base + roundHalfAway((x - this.base) / this.step) * this.step);
    if (Math.abs(x - this.base) <= this.tolerance) return this.toUnit(this.base);
    return this.toUnit(roundHalfAway(x / this.step) * this.step);
  }

  up() {
    return this.toUnit(this.onGrid ? this.base + this.step : (Math.floor((this.base + this.tolerance) / this.step) + 1) * this.step);
  }

  down() {
    return this.toUnit(this.onGrid ? this.base - this.step : (Math.ceil((this.base - this.tolerance) / this.step) - 1) * this.step);
  }
}

module.exports = { LoadGrid, tidy };
