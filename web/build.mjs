// node build.mjs OUT_DIR: bundles src/app.js (with uPlot and the styles it
// imports) into OUT_DIR/app.js and OUT_DIR/app.css for `exertrack serve` to
// embed (src/serve/CMakeLists.txt). One minified file each, no source maps:
// the page must load from the binary with no network.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ? path.resolve(process.argv[2]) : path.join(here, 'dist');

await build({
  entryPoints: { app: path.join(here, 'src', 'app.js') },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  outdir: out,
  // uPlot's copyright notice is a plain comment that minifying drops; the
  // MIT license asks for it in every copy, so its LICENSE heads the bundle.
  banner: { js: `/*! uPlot (bundled): ${fs.readFileSync(path.join(here, 'node_modules', 'uplot', 'LICENSE'), 'utf8').replaceAll('*/', '* /')} */` },
  legalComments: 'eof',
  logLevel: 'warning',
});
