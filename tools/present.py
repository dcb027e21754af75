"""What ``make present`` prints before it starts JupyterLab with ``HELPERS_PRESENT=1``.

The live path that works with the series' widgets is JupyterLab itself: Presentation Mode and
the Simple Interface (single-document mode), with the presenter style that ``helpers.plot``
switches on at import when ``HELPERS_PRESENT=1``. RISE shows every ipywidget 8 as plain text
(jupyterlab-contrib/rise #119, #126), so it is not offered.
"""

from __future__ import annotations

import sys
from pathlib import Path

# JupyterLab's Presentation Mode sets text to 17 px; a room at 1280×720 needs at least 20. make
# present starts JupyterLab with --LabApp.custom_css=True and a config folder holding this sheet.
PRESENT_CSS = """\
/* make present: text large enough for the back of a room (tools/present.py) */
:root, body {
  --jp-content-font-size1: 20px !important;
  --jp-content-presentation-font-size1: 22px !important;
  --jp-code-font-size: 16px !important;
  --jp-code-presentation-font-size: 18px !important;
}
"""


def write_config(folder: Path) -> Path:
    """Write the presenter style sheet as ``folder/custom/custom.css`` (a Jupyter config folder)."""
    target = folder / "custom" / "custom.css"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(PRESENT_CSS, encoding="utf-8")
    return target


HOW_TO_PRESENT = """\
Presenter style is on (HELPERS_PRESENT=1): every figure and widget is drawn large for a
projector. No notebook is edited; `make lab` gives the student style again.

To present, in the JupyterLab that opens:
  1. View > Appearance > Presentation Mode    larger text and code; widgets stay live
  2. View > Appearance > Simple Interface     one notebook filling the screen (Ctrl+Shift+D)
  3. Ctrl+B                                   hide the file browser
  4. Run > Run All Cells, then scroll; drive the widgets live
  5. A widget in its own tab: right-click its output > Create New View for Output
  6. Ctrl + in the browser for the back rows (widget pictures keep their presenter size)

Without a kernel: `make slides` builds offline reveal.js decks (widgets as still pictures)
in build/slides/; open build/slides/index.html.
"""


if __name__ == "__main__":
    if len(sys.argv) > 1:
        write_config(Path(sys.argv[1]))
    print(HOW_TO_PRESENT)
