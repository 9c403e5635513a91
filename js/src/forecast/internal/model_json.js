'use strict';
// Reading forecast.json's fields, with errors that name the file and the
// field (forecast_model.cpp's required, member and check_names).

function requireField(obj, key, where) {
  if (obj === null || typeof obj !== 'object' || !(key in obj)) throw new Error(`${where}: missing '${key}'`);
  return obj[key];
}

function checkNames(j, key, expected, where) {
  const names = requireField(j, key, where);
  if (!Array.isArray(names) || names.length !== expected.length || names.some((n, i) => n !== expected[i])) {
    throw new Error(`${where}: '${key}' are not the features this package computes (model from another version?)`);
  }
}

module.exports = { requireField, checkNames };
