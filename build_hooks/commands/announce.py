"""``make announce`` (``python -m build_hooks announce``): e-mail the current revision to staff.

Prints the subject, a plain-text and an HTML body (or, with ``--format mime``, a whole
``multipart/alternative`` message for ``sendmail -t``) listing each section changed since the
previous revision, with its history notes and address. The text is made by
:mod:`build_hooks.history.announce`.
"""

from __future__ import annotations

from build_hooks.history.announce import main

__all__ = ["main"]
