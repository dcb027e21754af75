"""make present in front of a room: a JupyterLab started as make present starts it (kernels with
HELPERS_PRESENT=1, tools/present.py's style sheet), in Presentation Mode, on a 1280×720 screen. For
the notebooks with the series' large widgets, the text is at least 20 px, every widget responds to
its controls, and no widget picture is wider than the screen or cut off by its output area (issue
10, instructor review §2)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import present
import pytest

from .interactions import CHAIN_RULE, LEARNING_RATE, TRAINER, operate_any, widget_cell
from .lab import NOTEBOOKS, LabServer, NotebookPage, copy_notebooks, new_context, start_lab
from .test_present import PRESENTATION_MODE, TEXT_SIZE, toggle_presentation_mode

pytestmark = pytest.mark.browser

SCREEN = {"width": 1280, "height": 720}
MIN_TEXT_PX = 20
WIDGETS = {
    "01_chain_rule.ipynb": CHAIN_RULE,
    "04_gradient_descent.ipynb": LEARNING_RATE,
    "05_backprop_with_matrices.ipynb": TRAINER,
}
# Every picture inside a widget view: its width, its right edge, and whether its output area
# scrolls sideways (a picture wider than the area is cut off there).
PICTURES = """() => [...document.querySelectorAll('.jp-OutputArea-output .jupyter-widgets img')]
  .filter(img => img.getBoundingClientRect().width > 0)
  .map(img => {
    const r = img.getBoundingClientRect();
    const area = img.closest('.jp-OutputArea-output');
    return {width: r.width, right: r.right, screen: window.innerWidth,
            overflow: area.scrollWidth - area.clientWidth};
  })"""


@pytest.fixture(scope="module")
def present_lab(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """A JupyterLab started as make present starts it: HELPERS_PRESENT=1 for every kernel and the
    presenter style sheet in its config folder (start_lab's JUPYTER_CONFIG_DIR)."""
    workdir = tmp_path_factory.mktemp("present")
    root = workdir / "notebooks"
    copy_notebooks(NOTEBOOKS, root)
    present.write_config(workdir / "jupyter-config")
    server = start_lab(
        root,
        workdir,
        extra_env={"HELPERS_PRESENT": "1"},
        extra_args=("--LabApp.custom_css=True",),
    )
    yield server
    server.stop()


@pytest.fixture(scope="module")
def screen(browser: Any) -> Iterator[Any]:
    context = new_context(browser, SCREEN)
    yield context
    context.close()


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_presenter_style_at_1280x720(screen: Any, present_lab: LabServer, name: str) -> None:
    page = NotebookPage(screen, present_lab, present_lab.root / name)
    try:
        page.open()
        toggle_presentation_mode(page.page)
        page.page.locator(PRESENTATION_MODE).first.wait_for(state="attached")
        text = page.page.evaluate(TEXT_SIZE)
        assert text >= MIN_TEXT_PX, f"{name}: the main text is {text} px in presenter style"
        report = page.run_all()
        assert page.problems(report) == []
        index = widget_cell(page, WIDGETS[name])
        assert operate_any(page, index) is not None, f"{name}: the widget has no control"
        pictures = page.page.evaluate(PICTURES)
        assert pictures, f"{name}: no widget picture on the page"
        too_wide = [p for p in pictures if p["width"] > p["screen"] or p["right"] > p["screen"] + 1]
        clipped = [p for p in pictures if p["overflow"] > 1]
        assert too_wide == [], f"{name}: widget pictures wider than the screen: {too_wide}"
        assert clipped == [], f"{name}: widget pictures cut off by their output area: {clipped}"
    finally:
        toggle_presentation_mode(page.page)
        page.close()
