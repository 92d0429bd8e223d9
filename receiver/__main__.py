"""``python -m receiver``."""

from __future__ import annotations

import sys

from receiver.cli import main

sys.exit(main())
