// The Pyodide boot the Node runners share (run_cases.mjs, run_hostile.mjs): read the jobs file
// named on the command line, load the self-hosted Pyodide runtime it names, and unpack the
// compiled calculators wheel into it.
//   const { spec, outPath, py } = await boot("run_cases.mjs");
// The jobs file needs at least {wheel, index_url}; the rest of it is the runner's own.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * Parse `node RUNNER JOBS.json OUT.json`, then boot Pyodide with the calculators wheel.
 * Exits with status 2 and a usage line when either path is missing.
 * @param {string} runner The runner's file name, for the usage line.
 * @returns {Promise<{spec: object, outPath: string, py: object}>} The parsed jobs file, where
 *   to write the answers, and the booted Pyodide (the calculators package importable).
 */
export async function boot(runner) {
  const [jobsPath, outPath] = process.argv.slice(2);
  if (!jobsPath || !outPath) {
    console.error(`usage: node ${runner} JOBS.json OUT.json`);
    process.exit(2);
  }
  const spec = JSON.parse(fs.readFileSync(jobsPath, "utf8"));
  const indexURL = path.resolve(spec.index_url) + path.sep;
  const require = createRequire(import.meta.url);
  const { loadPyodide } = require(path.join(indexURL, "pyodide.js"));
  const py = await loadPyodide({ indexURL });
  // A Node Buffer is refused ("Unknown typed array type 'Buffer'"): pass a Uint8Array.
  py.unpackArchive(new Uint8Array(fs.readFileSync(spec.wheel)), "wheel");
  return { spec, outPath, py };
}
