'use strict';
// core/units/loads.cpp: equipment from exercise names, units, the loadable
// steps and the plates, the last two read from the model file.
const { POUNDS_PER_KILOGRAM } = require('../internal/constants');
const { roundHalfAway } = require('../internal/numbers');
const { requireField } = require('../internal/model_json');

// Enum order of core/units/loads.hpp's Equipment (features hold the index).
const EQUIPMENT = Object.freeze(['barbell', 'dumbbell', 'machine', 'kettlebell', 'other']);

// ASCII-only lowercase, as C++'s std::tolower in the C locale.
const lowerAscii = (s) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

function classifyEquipment(s) {
  if (s.includes('smith') || s.includes('barbell') || s.includes('ez bar') || s.includes('trap bar') || s.includes('hex bar')) {
    return 0;
  }
  if (s.includes('dumbbell')) return 1;
  if (s.includes('kettlebell')) return 3;
  if (s.includes('machine') || s.includes('cable') || s.includes('pulldown') || s.includes('leg press')) return 2;
  return -1;
}

// Index into EQUIPMENT: the last parentheses decide, else the words.
function equipmentFromName(name) {
  const n = lowerAscii(name);
  let key = n;
  const open = n.lastIndexOf('(');
  if (open !== -1) {
    const close = n.indexOf(')', open);
    key = close === -1 ? n.slice(open + 1) : n.slice(open + 1, close);
  }
  const e = classifyEquipment(key);
  if (e !== -1) return e;
  const f = classifyEquipment(n);
  return f !== -1 ? f : 4;
}

function checkUnit(unit, what) {
  const u = typeof unit === 'string' ? unit.toLowerCase() : unit;
  if (u === 'kg' || u === 'kgs') return 'kg';
  if (u === 'lb' || u === 'lbs') return 'lb';
  throw new RangeError(`${what}: unit must be "kg" or "lb", got ${JSON.stringify(unit)}`);
}

// load_steps_from_json: the loadable step per unit and equipment,
// {kg: [barbell, dumbbell, machine, kettlebell, other], lb: [...]} in
// EQUIPMENT order. Data from the model file, not a table kept here: a model
// without them predates this package, which has none of its own.
function loadStepsFromJson(j, where) {
  if (j === undefined) throw new Error(`${where}: missing (the model predates this package: train it again)`);
  const one = (unit) => {
    if (j === null || typeof j !== 'object' || !(unit in j)) throw new Error(`${where}: missing '${unit}'`);
    return Object.freeze(EQUIPMENT.map((name) => {
      const step = requireField(j[unit], name, `${where}.${unit}`);
      if (!(typeof step === 'number' && step > 0 && step < 1000)) {
        throw new Error(`${where}.${unit}.${name}: must be a weight step > 0 and < 1000`);
      }
      return step;
    }));
  };
  return Object.freeze({ kg: one('kg'), lb: one('lb') });
}

// plates_per_side: the plates on each side of the bar for `weight` (the
// set's unit), heaviest first, greedy; [] for the bare bar; null below the
// bar or off the plate grid. In hundredths of the unit as whole numbers, so
// both sides give the same plates.
function platesPerSide(weight, set) {
  if (!Number.isFinite(weight) || weight < set.bar - 1e-9) return null;
  const both = (weight - set.bar) * 100;
  const whole = roundHalfAway(both);
  if (Math.abs(both - whole) > 1e-4) return null;
  let left = whole / 2;
  const out = [];
  for (const plate of set.plates) {
    const p = roundHalfAway(plate * 100);
    while (p > 0 && left >= p) {
      out.push(plate);
      left -= p;
    }
  }
  return left === 0 ? out : null;
}

// plate_sets_from_json: the model's "plates", or null for a model written
// before it carried them (its advice names no plates).
function plateSetsFromJson(j, where) {
  if (j === undefined) return null;
  const one = (unit) => {
    const at = `${where}.${unit}`;
    if (j === null || typeof j !== 'object' || !(unit in j)) throw new Error(`${where}: missing '${unit}'`);
    const bar = requireField(j[unit], 'bar', at);
    const plates = requireField(j[unit], 'plates', at);
    if (!(typeof bar === 'number' && bar >= 0 && bar < 1000)) throw new Error(`${at}.bar: must be a weight from 0 to 1000`);
    if (!Array.isArray(plates) || !plates.every((p, i) => typeof p === 'number' && p > 0 && p < 1000 && (i === 0 || p < plates[i - 1]))) {
      throw new Error(`${at}.plates: must be weights > 0, heaviest first, each once`);
    }
    return Object.freeze({ bar, plates: Object.freeze(plates.slice()) });
  };
  return Object.freeze({ kg: one('kg'), lb: one('lb') });
}

// kg -> unit (lb rounded to 1e-6, so 225 lb read as kg comes back as 225).
function kgToUnit(kg, unit) {
  if (unit === 'kg') return kg;
  return roundHalfAway(kg * POUNDS_PER_KILOGRAM * 1e6) / 1e6;
}

function unitToKg(w, unit) {
  return unit === 'lb' ? w / POUNDS_PER_KILOGRAM : w;
}

module.exports = {
  EQUIPMENT, lowerAscii, equipmentFromName, checkUnit, loadStepsFromJson, platesPerSide, plateSetsFromJson, kgToUnit, unitToKg,
};
