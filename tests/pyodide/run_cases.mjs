// Runs calculator jobs under the real Pyodide runtime in Node, with the compiled wheel (one boot).
//   node tests/pyodide/run_cases.mjs JOBS.json OUT.json
// JOBS.json: {wheel, index_url, policies: {key: policy}, jobs: [{id, name, inputs, policy_key}]}
// OUT.json:  {python, module_file, results: {id: result | {error: {field, message}} | {exception}}}
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
py.globals.set("SPEC_JSON", JSON.stringify(spec));
const out = py.runPython(`
import json, sys
import calculators
from calculators import InputError, calculate

spec = json.loads(SPEC_JSON)
results = {}
for job in spec["jobs"]:
    try:
        value = calculate(job["name"], job["inputs"], spec["policies"][job["policy_key"]])
    except InputError as exc:
        value = exc.to_json()
    except Exception as exc:  # reported per case, so one failure does not hide the others
        value = {"exception": f"{type(exc).__name__}: {exc}"}
    results[job["id"]] = value
json.dumps({"python": "%d.%d.%d" % sys.version_info[:3],
            "module_file": calculators.__file__, "results": results}, sort_keys=True)
`);
fs.writeFileSync(outPath, out);
