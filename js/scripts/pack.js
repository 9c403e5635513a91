'use strict';
// npm pack's prepack and postpack: the package ships what lives outside js/
// in the repository, the LICENSE and the shipped next-session model
// (models/next-session/forecast.json, which loadForecaster() reads when
// given no directory), copied in before packing and removed after.
//   node scripts/pack.js          copy them in
//   node scripts/pack.js --clean  remove the copies
const fs = require('node:fs');
const path = require('node:path');

const pkg = path.join(__dirname, '..');
const repo = path.join(pkg, '..');
const copies = [
  ['LICENSE', 'LICENSE'],
  [path.join('models', 'next-session', 'forecast.json'), path.join('models', 'next-session', 'forecast.json')],
];

if (process.argv.includes('--clean')) {
  fs.rmSync(path.join(pkg, 'LICENSE'), { force: true });
  fs.rmSync(path.join(pkg, 'models'), { recursive: true, force: true });
} else {
  for (const [from, to] of copies) {
    fs.mkdirSync(path.dirname(path.join(pkg, to)), { recursive: true });
    fs.copyFileSync(path.join(repo, from), path.join(pkg, to));
  }
}
