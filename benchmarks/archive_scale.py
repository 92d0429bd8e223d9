"""What the revision history adds to a build: archive pages, differences, feed, JSON data.

    python benchmarks/archive_scale.py                 # the sample handbook, 10 past revisions
    python benchmarks/archive_scale.py --synthetic 40 --revisions 2   # tiny (the test suite)

Makes a throwaway git repository holding the handbook's docs and cuts ``--revisions`` past
revisions plus the current one, each changing the body of 5 % of the sections (at least one),
as HR would: content committed, then the ``revision:`` line in its own commit. Then builds the
same working tree three ways with the handbook hook (the calculator hook is left out: its cost
does not depend on history):

* ``baseline`` — a copy without ``.git`` (no history: the build notes it and adds nothing);
* ``cold`` — the repository with an empty cache (reads every revision from git);
* ``warm`` — the repository again (the cache answers; what a rebuild costs).

Wall and CPU seconds (CPU includes git; steadier on a shared machine). The last line is
``revisions=R sections=S baseline_s=… cold_s=… warm_s=… added_warm_s=… added_warm_cpu_s=…``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from benchmarks.build_scale import write_sections  # noqa: E402
from build_hooks.commands.revision import set_revision  # noqa: E402

CHANGED_SHARE = 0.05
_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
    "GIT_CONFIG_GLOBAL": "/dev/null",
}


def git(repo: Path, *args: str) -> None:
    """Run git quietly in ``repo``."""
    subprocess.run(["git", "-C", str(repo), *args], env=_ENV, check=True, capture_output=True)


def write_config(root: Path, revision: date, previous: date) -> Path:
    """A config like the sample's (its theme, extensions and extra), with the handbook hook."""
    sample = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8").replace("!ENV", ""))
    handbook = dict(sample["extra"]["handbook"])
    handbook.pop("acknowledgement", None)
    handbook.update({"revision": revision, "previous_revision": previous})
    config = {
        "site_name": "Archive scale test",
        "site_url": "http://127.0.0.1:8000/",
        "theme": {"name": "material", "font": False, "features": sample["theme"]["features"]},
        "plugins": ["search"],
        "hooks": [str(REPO / "build_hooks" / "handbook" / "hooks.py")],
        "markdown_extensions": sample["markdown_extensions"],
        "extra": {"generator": False, "handbook": handbook},
    }
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return path


def _change_some(docs: Path, revision: int, rng: random.Random) -> int:
    files = sorted(p for p in docs.rglob("*.md") if p.name != "index.md" or p.parent != docs)
    count = max(1, round(len(files) * CHANGED_SHARE))
    for path in rng.sample(files, count):
        text = path.read_text("utf-8")
        head, fence, body = text.partition("\n---\n")
        words = body.split(" ")
        spot = rng.randrange(max(1, len(words)))
        words.insert(spot, f"(amended in revision {revision})")
        path.write_text(head + fence + " ".join(words), "utf-8")
    return count


def make_repository(root: Path, revisions: int, synthetic: int | None) -> tuple[Path, int]:
    """The repository with ``revisions`` past revisions and the current one; (config, sections)."""
    docs = root / "docs"
    if synthetic:
        write_sections(docs, synthetic)
    else:
        shutil.copytree(REPO / "docs", docs)
    sections = sum(1 for p in docs.rglob("*.md") if p != docs / "index.md")
    current = date(2026, 1, 1)
    days = [date(current.year - revisions + i, 1, 1) for i in range(revisions + 1)]
    config = write_config(root, days[0], date(days[0].year - 1, 1, 1))
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text(".cache/\nsite*/\n", "utf-8")
    rng = random.Random(16)
    for index, day in enumerate(days):
        if index:
            _change_some(docs, index, rng)
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", f"content for {day}")
            text, _ = set_revision(config.read_text("utf-8"), day)
            config.write_text(text, "utf-8")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"revision: {day}")
    return config, sections


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed_build(config_file: Path, site_dir: Path) -> tuple[float, float]:
    """(wall, CPU) seconds for one full build, in this process (CPU includes git).

    CPU time is the steadier figure on a shared machine; wall time is what HR waits.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start, cpu = time.perf_counter(), _cpu()
    build(load_config(config_file=str(config_file), site_dir=str(site_dir)))
    return time.perf_counter() - start, _cpu() - cpu


def measure(work: Path, revisions: int, synthetic: int | None) -> dict[str, float | int]:
    """Build the three ways; seconds and the counts of what the history added."""
    repo = work / "repo"
    repo.mkdir()
    config, sections = make_repository(repo, revisions, synthetic)
    plain = work / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git", ".cache"))
    timed_build(plain / "mkdocs.yml", work / "site-warmup")  # imports and templates
    baseline = min(timed_build(plain / "mkdocs.yml", work / f"site-b{i}") for i in range(2))
    cold = timed_build(config, work / "site-cold")
    warm = min(timed_build(config, work / f"site-w{i}") for i in range(2))
    # min() of (wall, cpu) pairs picks the run with the least wall time
    site = work / "site-cold"
    archived = sorted((site / "archive").iterdir()) if (site / "archive").is_dir() else []
    return {
        "sections": sections,
        "archive_pages": len(archived),
        "archive_mb": sum(p.stat().st_size for d in archived for p in d.rglob("*")) / 1e6,
        "changes_json_kb": (site / "revision-changes.json").stat().st_size / 1e3,
        "baseline_s": baseline[0],
        "cold_s": cold[0],
        "warm_s": warm[0],
        "baseline_cpu_s": baseline[1],
        "cold_cpu_s": cold[1],
        "warm_cpu_s": warm[1],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; the last line is the summary line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--revisions", type=int, default=10, help="past revisions (default 10)")
    parser.add_argument(
        "--synthetic", type=int, help="synthetic sections instead of the sample handbook"
    )
    args = parser.parse_args(argv)
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="handbook-archive-") as tmp:
        figures = measure(Path(tmp), args.revisions, args.synthetic)
    added_warm = figures["warm_s"] - figures["baseline_s"]
    added_cold = figures["cold_s"] - figures["baseline_s"]
    added_cpu = figures["warm_cpu_s"] - figures["baseline_cpu_s"]
    print(
        f"archive pages={figures['archive_pages']} ({figures['archive_mb']:.1f} MB HTML), "
        f"revision-changes.json={figures['changes_json_kb']:.0f} kB"
    )
    print(
        f"CPU: baseline {figures['baseline_cpu_s']:.2f} s, cold {figures['cold_cpu_s']:.2f} s, "
        f"warm {figures['warm_cpu_s']:.2f} s (added warm {added_cpu:.2f} s)"
    )
    print(
        f"added per past revision: warm {added_warm / args.revisions:.2f} s, "
        f"cold {added_cold / args.revisions:.2f} s (wall)"
    )
    print(
        f"revisions={args.revisions} sections={figures['sections']} "
        f"baseline_s={figures['baseline_s']:.2f} cold_s={figures['cold_s']:.2f} "
        f"warm_s={figures['warm_s']:.2f} added_warm_s={added_warm:.2f} "
        f"added_warm_cpu_s={added_cpu:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
