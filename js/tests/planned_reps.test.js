'use strict';
// The planned reps' limit travels as data: the Node.js package checks
// planned_reps against the model file's definition.max_planned_reps, as the
// C++ side's check_planned_reps does, and keeps no limit of its own.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Forecaster } = require('exertrack');

const shipped = path.join(__dirname, '..', '..', 'models', 'next-session', 'forecast.json');

test('planned reps are checked against the limit the model file records', () => {
  const json = JSON.parse(fs.readFileSync(shipped, 'utf8'));
  assert.equal(json.definition.max_planned_reps, 300);
  json.definition.max_planned_reps = 8;
  const f = new Forecaster(json);
  const squat = { name: 'Squat (Barbell)', unit: 'kg', sets: [
    { weight: 100, reps: 5, date: '2024-01-01' }, { weight: 102.5, reps: 5, date: '2024-01-04' }] };
  assert.equal(f.advise(squat, { planned_reps: [8] }).planned.length, 1);
  assert.throws(() => f.advise(squat, { planned_reps: [10] }), /planned reps: 10 is not a whole number of reps from 1 to 8$/);
  assert.throws(() => f.recommend({ planned_reps: [9], exercises: [squat] }), /from 1 to 8$/);
  delete json.definition.max_planned_reps;
  assert.throws(() => new Forecaster(json), /definition\.max_planned_reps: missing/);
});
