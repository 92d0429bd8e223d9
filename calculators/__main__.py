"""``python -m calculators`` — see :mod:`calculators.cli`."""

from __future__ import annotations

import sys

from calculators.cli import main

sys.exit(main())
