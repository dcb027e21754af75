"""The live path of make present: in JupyterLab's Presentation Mode text grows and the series'
widgets stay live (a control changes the widget's picture through the kernel)."""

from __future__ import annotations

from typing import Any

import pytest

from .interactions import operate_any, widget_cell
from .lab import LabServer, NotebookPage

pytestmark = pytest.mark.browser

PRESENTATION_MODE = ".jp-mod-presentationMode"
TEXT_SIZE = """() => parseFloat(getComputedStyle(
  document.querySelector('.jp-RenderedMarkdown p')).fontSize)"""


def toggle_presentation_mode(page: Any) -> None:
    """View > Appearance > Presentation Mode, through the command palette."""
    page.keyboard.press("Control+Shift+C")
    palette = page.locator(".lm-CommandPalette-input")
    palette.wait_for(state="visible")
    palette.fill("Presentation Mode")
    page.locator(".lm-CommandPalette-item", has_text="Presentation Mode").first.click()


def test_in_presentation_mode_the_text_grows_and_the_explorer_stays_live(
    context: Any, lab: LabServer
) -> None:
    page = NotebookPage(context, lab, lab.root / "01_chain_rule.ipynb")
    try:
        page.open()
        before = page.page.evaluate(TEXT_SIZE)
        toggle_presentation_mode(page.page)
        page.page.locator(PRESENTATION_MODE).first.wait_for(state="attached")
        after = page.page.evaluate(TEXT_SIZE)
        assert after > before, f"text {before} px → {after} px in Presentation Mode"
        report = page.run_all()
        assert page.problems(report) == []
        worked = operate_any(page, widget_cell(page, r"ChainRuleExplorer\("))
        assert worked is not None, "the explorer has no control to drive"
    finally:
        toggle_presentation_mode(page.page)  # the mode is a user setting: leave it off
        page.close()
