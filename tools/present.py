"""What ``make present`` prints before it starts JupyterLab with ``HELPERS_PRESENT=1``.

The live path that works with the series' widgets is JupyterLab itself: Presentation Mode and
the Simple Interface (single-document mode), with the presenter style that ``helpers.plot``
switches on at import when ``HELPERS_PRESENT=1``. RISE shows every ipywidget 8 as plain text
(jupyterlab-contrib/rise #119, #126), so it is not offered.
"""

from __future__ import annotations

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
    print(HOW_TO_PRESENT)
