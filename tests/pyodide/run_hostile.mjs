// Runs hostile inputs through the worker's path under the real Pyodide runtime in Node: the
// compiled wheel, calculators.run_json(name, text, policy_text) — what calculator-worker.js calls.
//   node tests/pyodide/run_hostile.mjs JOBS.json OUT.json
// JOBS.json: {wheel, index_url, policies: {key: policy_text}, jobs: [{id, name, text, policy_key}]}
// OUT.json:  {python, results: {id: {answer: <run_json's JSON text>, seconds}}}
import fs from "node:fs";

import { boot } from "./boot.mjs";

const { spec, outPath, py } = await boot("run_hostile.mjs");
py.globals.set("SPEC_JSON", JSON.stringify(spec));
const out = py.runPython(`
import json, sys, time
from calculators import run_json

spec = json.loads(SPEC_JSON)
results = {}
for job in spec["jobs"]:
    started = time.perf_counter()
    answer = run_json(job["name"], job["text"], spec["policies"][job["policy_key"]])
    results[job["id"]] = {"answer": answer, "seconds": time.perf_counter() - started}
json.dumps({"python": "%d.%d.%d" % sys.version_info[:3], "results": results})
`);
fs.writeFileSync(outPath, out);
