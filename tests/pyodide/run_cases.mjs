// Runs calculator jobs under the real Pyodide runtime in Node, with the compiled wheel (one boot),
// through the same boundary the browser's worker calls: calculators.run_json.
//   node tests/pyodide/run_cases.mjs JOBS.json OUT.json
// JOBS.json: {wheel, index_url, policies: {key: policy}, jobs: [{id, name, inputs, policy_key}]}
// OUT.json:  {python, module_file, results: {id: {result} | {error: {field, message}}}}
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [jobsPath, outPath] = process.argv.slice(2);
if (!jobsPath || !outPath) {
  console.error("usage: node run_cases.mjs JOBS.json OUT.json");
  process.exit(2);
}
const spec = JSON.parse(fs.readFileSync(jobsPath, "utf8"));
const indexURL = path.resolve(spec.index_url) + path.sep;
const require = createRequire(import.meta.url);
const { loadPyodide } = require(path.join(indexURL, "pyodide.js"));

const py = await loadPyodide({ indexURL });
// A Node Buffer is refused ("Unknown typed array type 'Buffer'"): pass a Uint8Array.
py.unpackArchive(new Uint8Array(fs.readFileSync(spec.wheel)), "wheel");
const calculators = py.pyimport("calculators");
const runJson = calculators.run_json;
const policies = Object.fromEntries(
  Object.entries(spec.policies).map(([key, policy]) => [key, JSON.stringify(policy)])
);
const results = {};
for (const job of spec.jobs) {
  const inputs = JSON.stringify(job.inputs === undefined ? null : job.inputs);
  results[job.id] = JSON.parse(runJson(job.name, inputs, policies[job.policy_key]));
}
const sys = py.pyimport("sys");
const info = sys.version_info.toJs();
fs.writeFileSync(
  outPath,
  JSON.stringify({
    python: `${info[0]}.${info[1]}.${info[2]}`,
    module_file: calculators.__file__,
    results,
  })
);
