// Compiles the calculators package to .pyc with the Python of one Pyodide release, by running
// that Pyodide under Node (the host's CPython 3.11 cannot write .pyc for Python 3.12+), and packs
// them as a zip to unpack in the browser (pyodide.unpackArchive(buffer, "zip")).
//   node benchmarks/pyodide_compile.mjs INDEX_DIR SOURCES.json OUT.zip
// SOURCES.json: {"calculators/__init__.py": "<source text>", ...}
// Prints one JSON line: {"python": "3.13.2", "files": 27, "bytes": 123456}
// Used by benchmarks/pyodide_versions.py (issue 17).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [indexDir, sourcesPath, outPath] = process.argv.slice(2);
if (!indexDir || !sourcesPath || !outPath) {
  console.error("usage: node pyodide_compile.mjs INDEX_DIR SOURCES.json OUT.zip");
  process.exit(2);
}
const indexURL = path.resolve(indexDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL, stdout: () => {}, stderr: (s) => console.error(s) });

const sources = JSON.parse(fs.readFileSync(sourcesPath, "utf8"));
const root = "/tmp/compile-src";
for (const [name, text] of Object.entries(sources)) {
  const target = `${root}/${name}`;
  py.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
  py.FS.writeFile(target, text, { encoding: "utf8" });
}

// Unchecked-hash .pyc next to where the .py was (sourceless import), fixed zip times: the same
// sources and Python give the same bytes.
py.runPython(`
import py_compile, sys, zipfile
from pathlib import Path

root = Path(${JSON.stringify(root)})
out = Path("/tmp/compiled.zip")
count = 0
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
    for source in sorted(root.rglob("*.py")):
        rel = source.relative_to(root).with_suffix(".pyc").as_posix()
        target = Path("/tmp/compile-out") / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        py_compile.compile(str(source), cfile=str(target), dfile=rel[:-1], doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
        entry = zipfile.ZipInfo(rel, (2020, 1, 1, 0, 0, 0))
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        archive.writestr(entry, target.read_bytes())
        count += 1
compiled_count = count
python_version = ".".join(map(str, sys.version_info[:3]))
`);
const data = py.FS.readFile("/tmp/compiled.zip");
fs.writeFileSync(outPath, data);
console.log(
  JSON.stringify({
    python: py.globals.get("python_version"),
    files: py.globals.get("compiled_count"),
    bytes: data.length,
  })
);
