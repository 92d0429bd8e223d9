// Makes a Pyodide memory snapshot under Node with the compiled calculators imported (every
// module: the snapshot keeps memory, not the file system), for a browser to boot from with
// loadPyodide({_loadSnapshot}). Pyodide checks that the snapshot comes from the same build.
//   node benchmarks/pyodide_snapshot.mjs INDEX_DIR CALCULATORS.zip OUT.bin
// Prints one JSON line: {"bytes": 20971664}
// Used by benchmarks/pyodide_versions.py --snapshot-from node (issue 17).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [indexDir, zipPath, outPath] = process.argv.slice(2);
if (!indexDir || !zipPath || !outPath) {
  console.error("usage: node pyodide_snapshot.mjs INDEX_DIR CALCULATORS.zip OUT.bin");
  process.exit(2);
}
const indexURL = path.resolve(indexDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const py = await loadPyodide({
  indexURL,
  _makeSnapshot: true,
  stdout: () => {},
  stderr: (s) => console.error(s),
});
if (typeof py.makeMemorySnapshot !== "function") {
  console.error(`Pyodide ${py.version} has no makeMemorySnapshot`);
  process.exit(3);
}
// A Node Buffer is refused ("Unknown typed array type 'Buffer'"): pass a Uint8Array.
py.unpackArchive(new Uint8Array(fs.readFileSync(zipPath)), "zip");
py.runPython(
  [
    "import importlib, pkgutil, calculators",
    "for info in pkgutil.walk_packages(calculators.__path__, 'calculators.'):",
    "    if info.name != 'calculators.__main__':",
    "        importlib.import_module(info.name)",
  ].join("\n")
);
const snapshot = py.makeMemorySnapshot();
fs.writeFileSync(outPath, snapshot);
console.log(JSON.stringify({ bytes: snapshot.length }));
