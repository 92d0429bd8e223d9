"""The browser bundle: the calculators compiled for Pyodide, the handbook's merged policy, the
self-hosted Pyodide runtime and a manifest of sha256 digests.

Toolchain (one matched set, see README "Toolchain"): host Python 3.11, pyodide-build 0.25.1
(``pyodide py-compile``) and Pyodide 0.25.1 from npm. The wheel holds only ``calculators/``; it
is written directly as a zip (a pure-Python wheel needs nothing more) and compiled to ``.pyc``
with ``pyodide py-compile``, which names it ``…-cp311-none-any.whl``. The compiled wheel is
cached under ``cache_dir`` by a digest of the calculators' sources, so rebuilds under
``mkdocs serve`` that do not touch ``calculators/`` run no subprocess.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

__all__ = [
    "BUNDLE_DIR",
    "DIST_NAME",
    "RUNTIME_FILES",
    "BundleError",
    "compiled_wheel",
    "sources_digest",
    "write_bundle",
]

BUNDLE_DIR = "assets/calculators"
RUNTIME_FILES = (
    "pyodide.js",
    "pyodide.mjs",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
DIST_NAME = "handbook_calculators"
VERSION = "0.1.0"
_FIXED_TIME = (
    2020,
    1,
    1,
    0,
    0,
    0,
)  # zip entries get a fixed time: the same sources, the same bytes


class BundleError(RuntimeError):
    """The bundle cannot be made; the message says which make target fixes it."""


def _sources(repo: Path) -> list[Path]:
    package = repo / "calculators"
    if not (package / "__init__.py").is_file():
        raise BundleError(f"no calculators package at {package} — is this the project folder?")
    return sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)


def sources_digest(repo: Path) -> str:
    """sha256 over the calculators' file names and bytes (the cache key of the compiled wheel).

    Args:
        repo: The project folder.

    Returns:
        The hex digest.
    """
    python = "{}.{}".format(*sys.version_info[:2])  # the .pyc format follows the host Python
    digest = hashlib.sha256(f"{DIST_NAME}-{VERSION} python{python}\n".encode())
    for path in _sources(repo):
        digest.update(path.relative_to(repo).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _record_line(name: str, data: bytes) -> str:
    sha = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={sha},{len(data)}"


def _zip_entries(wheel: Path, files: list[tuple[str, bytes]]) -> None:
    """Write ``files`` (RECORD last, rebuilt from the entries) with fixed times and modes."""
    info = f"{DIST_NAME}-{VERSION}.dist-info"
    files = [(name, data) for name, data in files if name != f"{info}/RECORD"]
    record = "\n".join(_record_line(name, data) for name, data in files)
    files.append((f"{info}/RECORD", f"{record}\n{info}/RECORD,,\n".encode()))
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            entry = zipfile.ZipInfo(name, _FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data)


def _normalize_wheel(wheel: Path) -> None:
    """Make ``pyodide py-compile``'s output reproducible: it stamps the zip entries with the
    current time, leaves the RECORD listing the ``.py`` files it replaced and the WHEEL tag
    saying ``py3-none-any``."""
    tag = wheel.name.removesuffix(".whl").split("-", 2)[2]  # e.g. "cp311-none-any"
    with zipfile.ZipFile(wheel) as archive:
        files = [(name, archive.read(name)) for name in archive.namelist()]
    wheel_file = f"{DIST_NAME}-{VERSION}.dist-info/WHEEL"
    files = [
        (name, data.replace(b"Tag: py3-none-any", f"Tag: {tag}".encode()))
        if name == wheel_file
        else (name, data)
        for name, data in files
    ]
    _zip_entries(wheel, files)


def _write_wheel(repo: Path, out_dir: Path) -> Path:
    """A pure-Python wheel of ``calculators/`` (sources only), byte-for-byte reproducible."""
    info = f"{DIST_NAME}-{VERSION}.dist-info"
    files: list[tuple[str, bytes]] = [
        (path.relative_to(repo).as_posix(), path.read_bytes()) for path in _sources(repo)
    ]
    files.append(
        (
            f"{info}/METADATA",
            (
                f"Metadata-Version: 2.1\nName: {DIST_NAME}\nVersion: {VERSION}\n"
                "Summary: Policy Handbook calculators (standard library only)\n"
                "Requires-Python: >=3.11\n"
            ).encode(),
        )
    )
    files.append(
        (
            f"{info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: policy-handbook\nRoot-Is-Purelib: true\n"
            b"Tag: py3-none-any\n",
        )
    )
    files.append((f"{info}/top_level.txt", b"calculators\n"))
    wheel = out_dir / f"{DIST_NAME}-{VERSION}-py3-none-any.whl"
    _zip_entries(wheel, files)
    return wheel


def _pyodide_cli() -> Path:
    cli = Path(sys.executable).with_name("pyodide")
    if not cli.exists():
        found = shutil.which("pyodide")
        if not found:
            raise BundleError(
                "the `pyodide` command (pyodide-build 0.25.1) is not installed — run `make setup`"
            )
        cli = Path(found)
    return cli


def compiled_wheel(repo: Path, cache_dir: Path) -> Path:
    """The calculators as a Pyodide ``cp311`` wheel of ``.pyc`` files, from the cache if the
    sources are unchanged.

    Args:
        repo: The project folder (holding ``calculators/``).
        cache_dir: Where compiled wheels are kept, one folder per sources digest.

    Returns:
        The compiled wheel's path (inside ``cache_dir``).

    Raises:
        BundleError: When the toolchain is missing or compilation fails.
    """
    if sys.version_info[:2] != (3, 11):
        raise BundleError(
            "the calculators must be compiled by Python 3.11 to load in Pyodide 0.25 (found "
            f"{sys.version.split()[0]}) — run `make setup` with PYTHON=/path/to/python3.11"
        )
    key = sources_digest(repo)[:16]
    folder = cache_dir / key
    cached = sorted(folder.glob(f"{DIST_NAME}-{VERSION}-cp311-*.whl")) if folder.is_dir() else []
    if cached:
        return cached[0]
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".build-") as tmp:
        work = Path(tmp)
        wheel = _write_wheel(repo, work)
        # SOURCE_DATE_EPOCH makes py_compile write hash-based .pyc (no source mtime inside).
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "SOURCE_DATE_EPOCH": "1577836800"}
        done = subprocess.run(
            [str(_pyodide_cli()), "py-compile", "--silent", "--keep", str(wheel)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        compiled = sorted(work.glob(f"{DIST_NAME}-{VERSION}-cp311-*.whl"))
        if done.returncode != 0 or not compiled:
            detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise BundleError(
                "compiling the calculators for Pyodide failed (`pyodide py-compile`): "
                + " / ".join(detail)
                + " — run `make setup` to reinstall the matched toolchain"
            )
        _normalize_wheel(compiled[0])
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / compiled[0].name
        compiled[0].replace(target)
    for stale in cache_dir.iterdir():  # keep the cache small: only the current build
        if stale.is_dir() and stale.name != key and not stale.name.startswith(".build-"):
            shutil.rmtree(stale, ignore_errors=True)
    return target


def _same_file(source: Path, target: Path) -> bool:
    """``target`` is an unchanged copy of ``source`` (same size and mtime; ``copy2`` keeps it)."""
    if not target.is_file():
        return False
    a, b = source.stat(), target.stat()
    return a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pyodide_version(runtime: Path) -> str:
    try:
        return str(json.loads((runtime / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError) as exc:
        raise BundleError(
            f"cannot read the Pyodide version from {runtime / 'package.json'} ({exc}) — run "
            "`make setup`"
        ) from None


def write_bundle(site_dir: Path, policy: dict[str, Any], *, repo: Path, cache_dir: Path) -> dict:
    """Write the browser bundle into ``site_dir / BUNDLE_DIR``.

    Args:
        site_dir: The built site.
        policy: The handbook's merged policy (``calculators.merge_policy``).
        repo: The project folder (``calculators/`` and ``node_modules/pyodide``).
        cache_dir: Cache of compiled wheels.

    Returns:
        The manifest: ``pyodide_version``, ``index_url``, ``wheel``, ``policy``, ``files``
        (path relative to the bundle → sha256) and ``version`` (16 hex over ``files``).

    Raises:
        BundleError: Naming what is missing and the make target that fixes it.
    """
    runtime = repo / "node_modules" / "pyodide"
    missing = [name for name in RUNTIME_FILES if not (runtime / name).is_file()]
    if missing:
        raise BundleError(
            f"the Pyodide runtime is missing from {runtime} ({', '.join(missing)}) — run "
            "`make setup` (it runs `npm ci`)"
        )
    wheel = compiled_wheel(repo, cache_dir)
    out = site_dir / BUNDLE_DIR
    # The runtime's folder is named by its version, so its URLs change exactly when its files
    # do: browsers and the service worker may keep them without ever mixing two runtimes.
    folder = f"pyodide-{_pyodide_version(runtime)}"
    (out / folder).mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        target = out / folder / name
        source = runtime / name
        if not _same_file(source, target):
            shutil.copy2(source, target)
    for stale in out.glob("pyodide*"):
        if stale.is_dir() and stale.name != folder:
            shutil.rmtree(stale)
    for old in out.glob("*.whl"):
        if old.name != wheel.name:
            old.unlink()
    shutil.copyfile(wheel, out / wheel.name)
    (out / "policy.json").write_text(json.dumps(policy, sort_keys=True), encoding="utf-8")
    written = [f"{folder}/{name}" for name in RUNTIME_FILES] + [wheel.name, "policy.json"]
    files = {name: _sha256(out / name) for name in sorted(written)}
    version = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    manifest = {
        "pyodide_version": _pyodide_version(runtime),
        "index_url": f"{folder}/",
        "wheel": wheel.name,
        "policy": "policy.json",
        "files": files,
        "version": version,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
    return manifest
