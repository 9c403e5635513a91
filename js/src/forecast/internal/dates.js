'use strict';
// Dates as the C++ readers take and write them (core/ingest/values.cpp).

function toEpoch(y, mo, d, h, mi, s) {
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
}

// Seconds since 1970 of a date-time as written, any zone suffix ignored (as
// the C++ readers do): "2024-01-05", "2024-01-05 18:00[:00]",
// "2024-01-05T18:00:00.123Z", "2024/01/05 18:00"; or a Date (its UTC fields).
function parseDate(value, where) {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new RangeError(`${where}: invalid Date`);
    return Math.floor(ms / 1000);
  }
  if (typeof value === 'string') {
    const m = /^\s*(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?\s*$/.exec(value);
    if (m) {
      return toEpoch(+m[1], +m[3], +m[4], m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, m[7] ? +m[7] : 0);
    }
  }
  throw new RangeError(`${where}: date must be "YYYY-MM-DD[ HH:MM[:SS]]" or a Date, got ${JSON.stringify(value)}`);
}

// "2024-01-05" (ingest::format_date).
function formatDate(time) {
  return new Date(time * 1000).toISOString().slice(0, 10);
}

module.exports = { parseDate, formatDate };
