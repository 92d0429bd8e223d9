"""How the handbook hooks scale: build N synthetic sections with and without them, in one run.

    python benchmarks/build_scale.py                      # 500, 2,000 and 4,000 sections
    python benchmarks/build_scale.py --sizes 250,1000     # other sizes
    python benchmarks/build_scale.py --sizes 4,8 --runs 1 # the tiny run the test suite makes

Generates N sections (chapters of 40) with cross-references (three per section, one with an
anchor), ``related:`` lists and history, then builds the same docs twice with the sample
handbook's ``mkdocs.yml`` — read the way MkDocs reads it, ``!ENV`` tags included — and its theme
features and Markdown extensions: once plain (no hooks), once with all the hooks it lists.
One line per size (seconds, ms per section), then how the per-section time grows from the
smallest to the largest size (1.00 = linear), and last ``ratio=<hooks/plain> sections=N
plain_s=… hooks_s=…`` at the largest size. Targets (issue 17): per-section time at the largest
size within 1.3x of the smallest, hooks <= 1.2x plain, 2,000 sections in <= 40 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SECTIONS_PER_CHAPTER = 40
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def section_id(n: int) -> str:
    """Synthetic id of the n-th section."""
    return f"policy-{n:05d}"


def number_of(n: int) -> tuple[int, int]:
    """(chapter, section) of the n-th section; section 0 is the chapter page."""
    return divmod(n, SECTIONS_PER_CHAPTER)


def write_sections(docs: Path, count: int, seed: int = 7) -> None:
    """Write ``count`` valid sections with references, related lists and history."""
    rng = random.Random(seed)
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("---\ntitle: Home\n---\nSynthetic handbook.\n", "utf-8")
    for n in range(count):
        chapter, index = number_of(n)
        folder = docs / f"{chapter + 1:03d}-chapter"
        folder.mkdir(parents=True, exist_ok=True)
        name = "index.md" if index == 0 else f"{index:02d}-{section_id(n)}.md"
        targets = [rng.randrange(count) for _ in range(3)]
        related = sorted({section_id(rng.randrange(count)) for _ in range(2)})
        body = "\n\n".join(
            [
                f"Rules of policy {n}. See [[{section_id(targets[0])}]] and "
                f"[[{section_id(targets[1])}|the related rule]].",
                "## Eligibility\n\nWho this applies to, with `[[literal]]` text in code.",
                "## Procedure\n\nSteps; the details are in "
                f"[[{section_id(targets[2])}#procedure]].",
                "- first step\n- second step\n- third step",
            ]
        )
        front = {
            "id": section_id(n),
            "number": f"{chapter + 1}.{index:02d}",
            "title": f"Synthetic Policy {n}",
            "effective": "2020-01-01",
            "revised": "2025-06-01",
            "owner": "Human Resources",
            "summary": f"What policy {n} settles.",
            "related": related,
            "history": [
                {"date": "2025-06-01", "note": "Clarified the procedure."},
                {"date": "2020-01-01", "note": "Adopted."},
            ],
        }
        text = yaml.safe_dump(front, sort_keys=False).replace("'", '"')
        (folder / name).write_text(f"---\n{text}---\n{body}\n", "utf-8")


def sample_config() -> dict:
    """The sample handbook's ``mkdocs.yml`` as MkDocs reads it (``!ENV`` tags resolved)."""
    from mkdocs.utils.yaml import get_yaml_loader

    with (REPO / "mkdocs.yml").open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=get_yaml_loader())  # MkDocs' own loader (resolves !ENV)


def write_config(root: Path, *, hooks: bool) -> Path:
    """A config like the sample handbook's, pointing at the synthetic docs."""
    sample = sample_config()
    config = {
        "site_name": "Scale test",
        "site_url": "http://127.0.0.1:8000/",
        "docs_dir": str(root / "docs"),
        "theme": {"name": "material", "font": False, "features": sample["theme"]["features"]},
        "plugins": ["search"],
        "markdown_extensions": sample["markdown_extensions"],
        "extra": {"handbook": sample["extra"]["handbook"]},
    }
    if hooks:  # every hook the sample lists, in its order
        config["hooks"] = [str(REPO / hook) for hook in sample["hooks"]]
    path = root / ("mkdocs-hooks.yml" if hooks else "mkdocs-plain.yml")
    path.write_text(yaml.safe_dump(config), "utf-8")
    return path


def timed_build(config_file: Path, site_dir: Path) -> float:
    """Seconds for one full build (config loading included), in this process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    config = load_config(config_file=str(config_file), site_dir=str(site_dir))
    build(config)
    elapsed = time.perf_counter() - start
    shutil.rmtree(site_dir, ignore_errors=True)
    return elapsed


def measure(count: int, work: Path, runs: int) -> tuple[float, float]:
    """(plain seconds, hooks seconds) for ``count`` sections; best of interleaved runs."""
    root = work / f"n{count}"
    write_sections(root / "docs", count)
    plain_cfg = write_config(root, hooks=False)
    hooks_cfg = write_config(root, hooks=True)
    timed_build(plain_cfg, root / "site")  # warm imports and the theme's templates
    plain, hooked = [], []
    for _ in range(runs):
        plain.append(timed_build(plain_cfg, root / "site"))
        hooked.append(timed_build(hooks_cfg, root / "site"))
    return min(plain), min(hooked)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; the last line is the ratio line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="500,2000,4000", help="section counts, comma-separated (ascending)"
    )
    parser.add_argument("--runs", type=int, default=2, help="builds per size and kind (best)")
    args = parser.parse_args(argv)
    sizes = sorted({int(n) for n in args.sizes.split(",")})
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="handbook-scale-") as tmp:
        work = Path(tmp)
        results = {}
        for count in sizes:
            plain, hooked = measure(count, work, args.runs)
            results[count] = (plain, hooked)
            print(
                f"sections={count} plain_s={plain:.2f} hooks_s={hooked:.2f} "
                f"plain_ms_per_section={1000 * plain / count:.2f} "
                f"hooks_ms_per_section={1000 * hooked / count:.2f} "
                f"overhead_ms_per_section={1000 * (hooked - plain) / count:.2f}",
                flush=True,
            )
        small, full = sizes[0], sizes[-1]
        growth = (results[full][1] / full) / (results[small][1] / small)
        plain_growth = (results[full][0] / full) / (results[small][0] / small)
        print(
            f"per-section time at {full} vs {small} sections: with hooks x{growth:.2f}, plain "
            f"x{plain_growth:.2f} (1.00 = linear; target <= 1.30)"
        )
        plain, hooked = results[full]
        print(
            f"ratio={hooked / plain:.2f} sections={full} plain_s={plain:.2f} hooks_s={hooked:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
