"""CSV that a spreadsheet opens as text: no cell can run as a formula (OWASP "CSV injection").

A cell is a formula when its first visible character is ``=``, ``+``, ``-`` or ``@`` (or their
full-width forms ``＝ ＋ － ＠``, which some spreadsheets fold to ASCII), possibly after leading
spaces, tabs or line breaks; a tab or carriage return first also starts one in some programs.
A spreadsheet that splits on another separator (``;`` in many European locales, tab, ``|``,
``,``) sees a new cell after each separator, so every such piece is neutralised too. A
neutralised piece gets a ``'`` in front (after its separator), which spreadsheets show as
text and hide. Every cell is also quoted.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import TextIO

__all__ = ["csv_cell", "write_csv"]

TRIGGERS = "=+-@\uff1d\uff0b\uff0d\uff20"
SEPARATORS = ",;\t|"
# A piece starts at the beginning or after a separator; leading white space (any Unicode space,
# tabs and line breaks included) is skipped; a trigger, tab or CR at that point is neutralised.
_PIECE = re.compile(rf"(^|[{re.escape(SEPARATORS)}])(\s*)(?=[{re.escape(TRIGGERS)}\t\r])")


def csv_cell(value: str) -> str:
    """``value`` with a ``'`` before every piece a spreadsheet would run as a formula."""
    if value[:1] in ("\t", "\r"):
        return "'" + value
    return _PIECE.sub(lambda m: f"{m.group(1)}'{m.group(2)}", value)


def write_csv(out: TextIO, rows: Iterable[Iterable[str]]) -> None:
    """Write rows with every cell quoted and neutralised."""
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(str(cell)) for cell in row])
