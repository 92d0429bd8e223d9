"""The browser bundle: a compiled wheel of the calculators only, cached by their sources; the
runtime copied from node_modules; a manifest whose digests match the files."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from build_hooks.calculator_site import bundle as calculator_bundle
from build_hooks.calculator_site.bundle import (
    BUNDLE_DIR,
    RUNTIME_FILES,
    BundleError,
    compiled_wheel,
    write_bundle,
)

REPO = Path(__file__).resolve().parents[2]


def test_bundle_files_and_manifest(tmp_path: Path) -> None:
    policy = {"parameters": {"travel": {"mileage_rate": 0.7}}, "sources": {}}
    manifest = write_bundle(tmp_path / "site", policy, repo=REPO, cache_dir=tmp_path / "cache")
    out = tmp_path / "site" / BUNDLE_DIR
    assert manifest["wheel"].endswith("-cp311-none-any.whl")
    assert manifest["pyodide_version"] == "0.25.1"
    assert (out / "policy.json").read_text() == json.dumps(policy, sort_keys=True)
    assert json.loads((out / "manifest.json").read_text()) == manifest
    expected = {f"pyodide-0.25.1/{name}" for name in RUNTIME_FILES} | {
        manifest["wheel"],
        "policy.json",
    }
    assert set(manifest["files"]) == expected
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name
    files_json = json.dumps(manifest["files"], sort_keys=True).encode()
    assert manifest["version"] == hashlib.sha256(files_json).hexdigest()[:16]
    assert manifest["index_url"] == "pyodide-0.25.1/" and manifest["policy"] == "policy.json"
    with zipfile.ZipFile(out / manifest["wheel"]) as wheel:
        names = wheel.namelist()
        tag = wheel.read("handbook_calculators-0.1.0.dist-info/WHEEL").decode()
        record = wheel.read("handbook_calculators-0.1.0.dist-info/RECORD").decode()
    modules = [n for n in names if not n.startswith("handbook_calculators-0.1.0.dist-info/")]
    assert "calculators/__init__.pyc" in modules
    assert all(n.startswith("calculators/") and n.endswith(".pyc") for n in modules), modules
    assert "Tag: cp311-none-any" in tag
    assert all(f"{n}," in record for n in modules) and ".py," not in record


def test_a_second_build_reuses_the_compiled_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = {"parameters": {}, "sources": {}}
    first = write_bundle(tmp_path / "one", policy, repo=REPO, cache_dir=tmp_path / "cache")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("py-compile ran again although calculators/ did not change")

    monkeypatch.setattr(subprocess, "run", refuse)
    second = write_bundle(tmp_path / "two", policy, repo=REPO, cache_dir=tmp_path / "cache")
    assert second == first


def test_compiled_wheel_is_reused_while_sources_are_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = compiled_wheel(REPO, tmp_path)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("py-compile ran again although calculators/ did not change")

    monkeypatch.setattr(subprocess, "run", refuse)
    assert compiled_wheel(REPO, tmp_path) == first


def test_changed_sources_make_a_new_wheel(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(
        REPO / "calculators", repo / "calculators", ignore=shutil.ignore_patterns("__pycache__")
    )
    first = compiled_wheel(repo, tmp_path / "cache")
    (repo / "calculators" / "money.py").write_text(
        (repo / "calculators" / "money.py").read_text() + "\n# changed\n"
    )
    second = compiled_wheel(repo, tmp_path / "cache")
    assert second != first and second.exists() and not first.exists()


def test_missing_runtime_names_the_make_target(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(
        REPO / "calculators", repo / "calculators", ignore=shutil.ignore_patterns("__pycache__")
    )
    with pytest.raises(BundleError, match="make setup"):
        write_bundle(tmp_path / "site", {}, repo=repo, cache_dir=tmp_path / "cache")


def test_missing_toolchain_names_the_make_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calculator_bundle.sys, "executable", str(tmp_path / "python"))
    monkeypatch.setattr(calculator_bundle.shutil, "which", lambda name: None)
    with pytest.raises(BundleError, match="make setup"):
        compiled_wheel(REPO, tmp_path / "cache")


def test_the_compiled_wheel_is_reproducible(tmp_path: Path) -> None:
    one = compiled_wheel(REPO, tmp_path / "one")
    two = compiled_wheel(REPO, tmp_path / "two")
    assert one.name == two.name and one.read_bytes() == two.read_bytes()


def test_only_python_311_can_compile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calculator_bundle.sys, "version_info", (3, 12, 0))
    with pytest.raises(BundleError, match="make setup"):
        compiled_wheel(REPO, tmp_path / "cache")


def test_the_wheel_bytes_are_reproducible(tmp_path: Path) -> None:
    one = calculator_bundle._write_wheel(REPO, tmp_path)
    data = one.read_bytes()
    one.unlink()
    assert calculator_bundle._write_wheel(REPO, tmp_path).read_bytes() == data
