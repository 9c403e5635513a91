'use strict';
// serve/api.cpp recommend_json: what `exertrack serve` answers to POST
// /v1/recommendations with a next-session model.
const { buildSessions } = require('./sessions');
const { adviseSessionLog, plannedRepsOf } = require('./advice');

// Each exercise on its own (its own last date decides inactivity), in
// request order, at the temperature of the lifter who sent them all.
function recommend(model, body) {
  if (body === null || typeof body !== 'object' || !Array.isArray(body.exercises)) {
    throw new TypeError('the body must be an object {"exercises": [...]}');
  }
  if (body.exercises.length === 0) throw new RangeError('exercises: the array is empty (send at least one exercise)');
  plannedRepsOf(body, model.definition);
  const parts = body.exercises.map((e, i) => {
    const where = `exercises[${i}]`;
    if (e === null || typeof e !== 'object') throw new TypeError(`${where}: must be an object {"name", "unit", "sessions"}`);
    const unit = e.unit !== undefined ? e.unit : body.unit;
    if (unit === undefined) throw new RangeError(`${where}.unit: missing ("kg" or "lb": the unit of the weights)`);
    const exercises = [{ ...e, unit }];
    return { exercises, log: buildSessions(exercises), target: e.target_unit !== undefined ? e.target_unit : unit };
  });
  const lifterTemperature = model.lifterTemperature({ exercises: parts.flatMap((p) => p.log.exercises) });
  const out = { task: 'next-session', results: [], not_strength: [] };
  for (const p of parts) {
    const one = adviseSessionLog(model, p.log, p.exercises, { unit: p.target, planned_reps: body.planned_reps }, lifterTemperature);
    out.results.push(...one.results);
    out.not_strength.push(...one.not_strength);
  }
  return out;
}

module.exports = { recommend };
