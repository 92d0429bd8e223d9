"""CI definitions: valid against their published schemas (vendored, offline) and doing what the
HR guide promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def load(path: Path) -> dict:
    # PyYAML reads the key `on` as True; workflows are YAML 1.2 in practice.
    data = yaml.safe_load(path.read_text())
    if True in data:
        data["on"] = data.pop(True)
    return data


def test_github_workflows_are_valid():
    assert len(WORKFLOWS) == 2
    result = check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gitlab_pipeline_is_valid():
    result = check_jsonschema("vendor.gitlab-ci", REPO / ".gitlab-ci.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_request_job_checks_everything_and_uploads_a_preview():
    flow = load(REPO / ".github/workflows/pull-request.yml")
    assert "pull_request" in flow["on"]
    assert flow["permissions"] == {"contents": "read"}
    steps = flow["jobs"]["check"]["steps"]
    runs = [s.get("run", "") for s in steps]
    uses = [s.get("uses", "") for s in steps]
    assert "make check-content" in runs and "make check" in runs
    assert any(r.startswith("make check-revisions BASE=origin/") for r in runs)
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("actions/setup-node@") for u in uses)
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0


def test_deploy_uses_the_official_pages_actions_with_least_privilege():
    flow = load(REPO / ".github/workflows/deploy.yml")
    assert flow["on"]["push"]["branches"] == ["main"]
    assert flow["permissions"] == {"contents": "read"}
    assert flow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build_uses = [s.get("uses", "") for s in flow["jobs"]["build"]["steps"]]
    assert any(u.startswith("actions/configure-pages@") for u in build_uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in build_uses)
    checkout = next(
        s for s in flow["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/checkout@")
    )
    assert checkout["with"]["fetch-depth"] == 0  # past revisions are read from git
    deploy = flow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


@pytest.mark.parametrize("job", ["check", "pages"])
def test_gitlab_jobs_mirror_github(job):
    pipeline = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text())
    assert "make check" in pipeline[job]["script"]
    assert pipeline["variables"]["GIT_DEPTH"] == "0"  # full history: gate and past revisions
    assert "GIT_DEPTH" not in pipeline[job].get("variables", {})
    if job == "pages":
        assert pipeline[job]["artifacts"]["paths"] == ["public"]
        assert pipeline[job]["resource_group"] == "pages"
    else:
        assert any("make check-revisions" in line for line in pipeline[job]["script"])
