'use strict';
// next_session/model/advice_json.cpp: the advice as `exertrack recommend
// --json` and the HTTP API write it, field for field (names for the
// equipment, kind and action; every weight with its unit; no date for
// sessions sent without one).
const { formatDate } = require('../internal/dates');
const { EQUIPMENT } = require('./units');
const { LOAD_KINDS } = require('./sessions');
const { ACTIONS } = require('./session_features');

// One exercise's advice (advise()'s record) as its JSON object.
function adviceJson(a) {
  const unit = a.unit;
  const probabilities = {};
  ACTIONS.forEach((name, c) => { probabilities[name] = a.probabilities[c]; });
  return {
    name: a.name,
    equipment: EQUIPMENT[a.equipment],
    kind: LOAD_KINDS[a.kind],
    unit,
    last_session: { date: a.dated ? formatDate(a.last_time) : null, weight: a.last.weight, reps: a.last.reps, unit },
    inactive: a.dated ? a.inactive : null,
    sessions: a.sessions,
    action: ACTIONS[a.action],
    probability: a.probabilities[a.action],
    probabilities,
    ready_to_add_weight: a.ready_to_add_weight,
    target: { weight: a.target.weight, reps: a.target.reps, unit },
    plates_per_side: a.plates_per_side,
    planned: a.planned.map((p) => ({ weight: p.weight, reps: p.reps, unit })),
    reason: a.reason,
  };
}

// log_advice_json: {task, results, not_strength}.
function logAdviceJson(results, notStrength) {
  return { task: 'next-session', results: results.map(adviceJson), not_strength: notStrength };
}

module.exports = { adviceJson, logAdviceJson };
