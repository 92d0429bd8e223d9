// Runs calculator jobs under the real Pyodide runtime in Node, with the compiled wheel (one boot),
// through the same boundary the browser's worker calls: calculators.run_json.
//   node tests/pyodide/run_cases.mjs JOBS.json OUT.json
// JOBS.json: {wheel, index_url, policies: {key: policy}, jobs: [{id, name, inputs, policy_key}]}
// OUT.json:  {python, module_file, results: {id: {result} | {error: {field, message}}}}
import fs from "node:fs";

import { boot } from "./boot.mjs";

const { spec, outPath, py } = await boot("run_cases.mjs");
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
