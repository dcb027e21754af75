"""Every notebook in notebooks/, in JupyterLab in Chromium, as a student meets it.

For each notebook found (new notebooks are picked up automatically): open it, clear it, Run All
Cells, wait until the kernel is idle and nothing is queued; then

* it ran to the end without an error, stderr output or Log Console entry;
* every cell renders as many widget views as its stored outputs hold;
* every widget responds through the kernel: the entries of ``interactions.INTERACTIONS`` for the
  notebook, and for widget cells no entry covers, its buttons, sliders, dropdowns and radio
  options tried in turn until one changes the view.

A screenshot of the whole notebook after Run All goes to build/screenshots/<notebook>.png (if
opening or running fails, what the page showed goes to <notebook>-failed.png).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from .interactions import INTERACTIONS, covered_cells, operate_any, perform
from .lab import NOTEBOOKS, SCREENSHOTS, NotebookPage, RunReport, first_line, stored_widget_views

pytestmark = pytest.mark.browser

NOTEBOOK_NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


@dataclass
class Opened:
    page: NotebookPage
    report: RunReport


@pytest.fixture(scope="module")
def opened(request: pytest.FixtureRequest, context, lab) -> Iterator[Opened]:
    """The notebook open in a fresh page after Run All; its kernel is shut down afterwards."""
    page = NotebookPage(context, lab, lab.root / request.param)
    failed = SCREENSHOTS / f"{page.path.stem}-failed.png"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    failed.unlink(missing_ok=True)
    try:
        page.open()
        report = page.run_all()
        page.screenshot(SCREENSHOTS / f"{page.path.stem}.png")
    except BaseException:
        # Best effort: the page may be gone, and the original error is what matters.
        with contextlib.suppress(Exception):
            page.page.screenshot(path=str(failed))
        page.close()
        raise
    yield Opened(page, report)
    page.close()


@pytest.mark.parametrize("opened", NOTEBOOK_NAMES, indirect=True)
class TestNotebook:
    def test_runs_to_the_end_without_errors(self, opened: Opened) -> None:
        problems = opened.report.problems
        assert not problems, f"{opened.page.relative} after Run All Cells:\n" + "\n".join(problems)

    def test_widget_views_render_as_stored(self, opened: Opened) -> None:
        page, report = opened.page, opened.report
        problems = page.missing_widget_views(report)
        stored = stored_widget_views(page.nb)
        for cell in report.cells:
            if cell.widget_views > stored.get(cell.index, 0):
                problems.append(
                    f"cell {cell.index} ({first_line(page.nb.cells[cell.index])!r}) rendered "
                    f"{cell.widget_views} widget view(s), its stored outputs have "
                    f"{stored.get(cell.index, 0)}: re-run the notebook (make notebooks)"
                )
        assert not problems, f"{page.relative}:\n" + "\n".join(problems)

    def test_widgets_respond_through_the_kernel(self, opened: Opened) -> None:
        page = opened.page
        stem = page.path.stem
        widget_cells = sorted(stored_widget_views(page.nb))
        entries = INTERACTIONS.get(stem, [])
        if not widget_cells and not entries:
            pytest.skip(f"{page.relative} displays no widgets")
        done, failures = [], []
        for entry in entries:
            try:
                done.append(perform(page, entry))
            except AssertionError as error:
                failures.append(f"{entry.describe()}:\n{error}")
        display_only = []
        for index in sorted(set(widget_cells) - covered_cells(stem, page.nb.cells)):
            try:
                result = operate_any(page, index)
            except AssertionError as error:
                failures.append(f"cell {index} (generic fallback):\n{error}")
                continue
            if result is None:
                display_only.append(index)
            else:
                done.append(result)
        print(f"{page.relative}: " + "; ".join(done))
        if display_only:
            print(f"{page.relative}: widget cells without controls: {display_only}")
        assert not failures, f"{page.relative}:\n" + "\n\n".join(failures)
        if not done:
            pytest.skip(f"{page.relative}: widget cells {display_only} have no control to operate")


def test_the_interaction_table_names_existing_notebooks() -> None:
    stems = {name.removesuffix(".ipynb") for name in NOTEBOOK_NAMES}
    stale = sorted(set(INTERACTIONS) - stems)
    assert not stale, (
        f"INTERACTIONS in tests/browser/interactions.py names notebooks that do not exist: {stale}"
    )
