'use strict';
// Loading a layers-model directory (model.json + group*-shard*.bin) in Node
// with plain @tensorflow/tfjs: its `file://` handler lives in tfjs-node (a
// native add-on), so this is a small tf.io.IOHandler of our own. The shape
// of the handler follows tfjs-core src/io/types.ts (IOHandler.load() returns
// ModelArtifacts) and src/io/io_utils.ts getModelArtifactsForJSON(modelJSON,
// loadWeights), which turns a parsed model.json plus the weights into
// ModelArtifacts (userDefinedMetadata included), as tfjs' own http handler does.
const fs = require('node:fs/promises');
const path = require('node:path');
const tf = require('@tensorflow/tfjs');

function isPlainFileName(p) {
  return typeof p === 'string' && p !== '' && p !== '.' && p !== '..' && !p.includes('/') && !p.includes('\\') &&
    !p.includes('\0');
}

async function readOrExplain(file, what) {
  try {
    return await fs.readFile(file);
  } catch (err) {
    const why = err.code === 'ENOENT' ? 'is missing' : `cannot be read (${err.code || err.message})`;
    throw new Error(`${file}: ${what} ${why}`);
  }
}

/** A tf.io.IOHandler that reads `modelDir/model.json` and its weight shards. */
function fileSystemHandler(modelDir) {
  const modelPath = path.join(modelDir, 'model.json');
  return {
    async load() {
      const text = (await readOrExplain(modelPath, 'the model file')).toString('utf8');
      let modelJSON;
      try {
        modelJSON = JSON.parse(text);
      } catch (err) {
        throw new Error(`${modelPath}: not valid JSON: ${err.message}`);
      }
      if (modelJSON === null || typeof modelJSON !== 'object' || modelJSON.format !== 'layers-model') {
        throw new Error(`${modelPath}: format is ${JSON.stringify(modelJSON && modelJSON.format)}, expected "layers-model"`);
      }
      return tf.io.getModelArtifactsForJSON(modelJSON, async (manifest) => {
        const specs = [];
        const buffers = [];
        for (const group of manifest) {
          for (const p of group.paths) {
            if (!isPlainFileName(p)) throw new Error(`${modelPath}: weight path ${JSON.stringify(p)} is not a file in the model directory`);
            buffers.push(await readOrExplain(path.join(modelDir, p), 'weight shard named by model.json'));
          }
          specs.push(...group.weights);
        }
        const all = Buffer.concat(buffers);
        let expected = 0;
        for (const s of specs) {
          if (s.dtype !== 'float32') throw new Error(`${modelPath}: weight ${s.name} has dtype ${s.dtype}, expected float32`);
          expected += 4 * s.shape.reduce((a, b) => a * b, 1);
        }
        if (all.length !== expected) {
          throw new Error(`${modelDir}: weight shards hold ${all.length} bytes but model.json describes ${expected}`);
        }
        return [specs, all.buffer.slice(all.byteOffset, all.byteOffset + all.length)];
      });
    },
  };
}

module.exports = { fileSystemHandler };
