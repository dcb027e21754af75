"""The worked solutions of every exercise: the one place that gives answers away.

Appendix A is generated from these (``tools/build_appendix.py``), and ``hint(id)`` shows one as its
last tier. There is one module per notebook (``nb01.py`` holds the answers of notebook 01's
exercises). A student edition of ``helpers`` (a handout) deletes this folder: every check still
verifies answers by computation, and the last hint then says where the worked solution is.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from ..core import Worked

SOLUTIONS: dict[str, Worked] = {}
for _module in sorted(Path(__file__).parent.glob("nb*.py")):
    SOLUTIONS.update(import_module(f"{__name__}.{_module.stem}").SOLUTIONS)
