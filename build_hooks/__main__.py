"""HR commands: ``python -m build_hooks check|revision|gate|announce …``.

``check DOCS`` validates every section without building, ``revision DATE`` cuts a revision,
``gate --base REF`` refuses changed sections without a history entry. Each command's own
``--help`` lists its options (the modules live in :mod:`build_hooks.commands`).
"""

from __future__ import annotations

import sys

from build_hooks.commands import COMMANDS, run

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.stderr.write("usage: python -m build_hooks {" + "|".join(COMMANDS) + "} [options]\n")
        sys.exit(2)
    sys.exit(run(sys.argv[1], sys.argv[2:]))
