"""``python -m build_hooks check|revision|gate|announce``: the one entry point of the HR commands."""

from __future__ import annotations

import subprocess
import sys

import pytest

from build_hooks.commands import COMMANDS, run
from tests.conftest import REPO


def test_the_commands_are_check_revision_and_gate():
    assert COMMANDS == ("check", "revision", "gate", "announce")


@pytest.mark.parametrize(
    ("name", "usage"),
    [
        ("check", "usage: python -m build_hooks check"),
        ("revision", "usage: python -m build_hooks revision"),
        ("gate", "usage: python -m build_hooks gate"),
    ],
)
def test_each_command_runs_under_its_name(name, usage):
    result = subprocess.run(
        [sys.executable, "-m", "build_hooks", name, "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith(usage)


def test_no_command_prints_the_usage_and_exits_2():
    result = subprocess.run(
        [sys.executable, "-m", "build_hooks", "lint"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == "usage: python -m build_hooks {check|revision|gate|announce} [options]\n"
    assert result.stdout == ""


def test_run_refuses_an_unknown_command():
    with pytest.raises(
        ValueError, match="unknown command 'lint'; use one of check, revision, gate"
    ):
        run("lint", [])


def test_run_returns_the_commands_exit_status():
    assert run("check", [str(REPO / "docs")]) == 0
