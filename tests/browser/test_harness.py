"""The harness proves itself on notebooks it writes: one that works, one with planted faults.

The working notebook shows that the harness runs a notebook, counts its widget views and drives
controls through the kernel (a slider whose observer writes n² into a label: one ArrowRight from
3 must show "square: 16"). The broken one shows that each kind of fault is caught: an error,
stderr output, a cell Run All never reached, a widget view that does not render, a slider whose
view only changes in the browser, and a handler that raises.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from .interactions import Control, Interaction, operate, operate_any, perform
from .lab import SCREENSHOTS, NotebookPage, find_chromium, require_chromium, stored_widget_views

pytestmark = pytest.mark.browser

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

WORKING = [
    new_markdown_cell("# Harness self-test"),
    new_code_cell(
        "import ipywidgets as w\n"
        "n = w.IntSlider(value=3, min=0, max=10, description='n')\n"
        "square = w.Label('square: 9')\n"
        "n.observe(lambda change: setattr(square, 'value', f\"square: {change['new'] ** 2}\"),"
        " names='value')\n"
        "w.VBox([n, square])"
    ),
    new_code_cell(
        "clicks = w.HTML('clicks: 0')\n"
        "button = w.Button(description='Count')\n"
        "def count(_):\n"
        "    clicks.value = f'clicks: {int(clicks.value.split()[1]) + 1}'\n"
        "button.on_click(count)\n"
        "w.HBox([button, clicks])"
    ),
    new_code_cell(
        "import matplotlib.pyplot as plt\n"
        "import numpy as np\n"
        "from IPython.display import display\n"
        "f = w.Dropdown(options=['sin', 'cos'], description='f')\n"
        "picture = w.Output()\n"
        "def draw(*_):\n"
        "    with picture:\n"
        "        picture.clear_output(wait=True)\n"
        "        fig, ax = plt.subplots(figsize=(3, 2))\n"
        "        x = np.linspace(0, 6, 50)\n"
        "        ax.plot(x, getattr(np, f.value)(x))\n"
        "        ax.set_title(f.value)\n"
        "        plt.show()\n"
        "f.observe(draw, names='value')\n"
        "draw()\n"
        "w.VBox([f, picture])"
    ),
    new_code_cell(
        "choice = w.RadioButtons(options=['2', '3'], value=None, description='1 + 1 =')\n"
        "verdict = w.HTML('')\n"
        "check = w.Button(description='Check')\n"
        "def judge(_):\n"
        "    verdict.value = {None: 'choose an answer', '2': 'right'}.get(choice.value, 'wrong')\n"
        "check.on_click(judge)\n"
        "w.VBox([choice, check, verdict])"
    ),
    new_code_cell("n.value = 5\nprint(square.value)"),
]

BROKEN = [
    new_markdown_cell("# Planted faults"),
    # 1: stored outputs promise a widget view that this source never displays.
    new_code_cell(
        "pass",
        outputs=[
            new_output(
                "display_data",
                data={
                    "application/vnd.jupyter.widget-view+json": {
                        "model_id": "0" * 32,
                        "version_major": 2,
                        "version_minor": 0,
                    },
                    "text/plain": "IntSlider(value=0)",
                },
            )
        ],
    ),
    # 2: the label never changes: only the slider's own readout does (in the browser alone).
    new_code_cell(
        "import ipywidgets as w\n"
        "deaf = w.IntSlider(description='deaf')\n"
        "w.VBox([deaf, w.Label('never changes')])"
    ),
    # 3: the handler updates the label, then raises.
    new_code_cell(
        "loud = w.IntSlider(description='loud')\n"
        "echo = w.Label('0')\n"
        "def fail(change):\n"
        "    echo.value = str(change['new'])\n"
        "    raise ValueError('planted handler failure')\n"
        "loud.observe(fail, names='value')\n"
        "w.VBox([loud, echo])"
    ),
    new_code_cell("import sys\nprint('planted warning', file=sys.stderr)"),
    new_code_cell("raise ValueError('planted error')"),
    new_code_cell("print('Run All never gets here')"),
]


def write_notebook(path: Path, cells: list, execute: bool) -> Path:
    nb = new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC})
    if execute:  # stored outputs and widget state, as tools/run_notebooks.py makes them
        NotebookClient(nb, kernel_name="python3", store_widget_state=True, timeout=120).execute()
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def working(context, lab, harness_dir):
    page = NotebookPage(context, lab, write_notebook(harness_dir / "working.ipynb", WORKING, True))
    try:
        page.open()
        report = page.run_all()
        page.screenshot(SCREENSHOTS / "_harness_working.png")
        yield page, report
    finally:
        page.close()


@pytest.fixture(scope="module")
def broken(context, lab, harness_dir):
    page = NotebookPage(context, lab, write_notebook(harness_dir / "broken.ipynb", BROKEN, False))
    try:
        page.open()
        yield page, page.run_all()
    finally:
        page.close()


def test_without_chromium_the_tests_skip_and_say_how_to_get_it():
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
        require_chromium(env={}, finder=lambda: None)


def test_without_chromium_under_ci_the_tests_fail():
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require_chromium(env={"CI": "true"}, finder=lambda: None)
    assert require_chromium(env={"CI": "true"}, finder=lambda: "/opt/chromium") == "/opt/chromium"


def test_the_chromium_found_is_an_executable():
    path = find_chromium()
    assert path is not None and Path(path).is_file()


def test_a_working_notebook_runs_clean_and_renders_every_widget(working):
    page, report = working
    assert report.problems == []
    assert page.missing_widget_views(report) == []
    assert stored_widget_views(page.nb) == {1: 1, 2: 1, 3: 1, 4: 1}
    assert [c.widget_views for c in report.cells] == [0, 1, 1, 1, 1, 0]
    # The drive cell ran after the widget cells, in the same kernel.
    assert "square: 25" in page.cell_signature(1)["text"]


def test_a_screenshot_holds_the_whole_notebook():
    shot = SCREENSHOTS / "_harness_working.png"
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert width > 800 and height > 400


def test_a_slider_moved_by_keyboard_updates_a_label_through_the_kernel(working):
    page, _ = working
    # The drive cell left n at 5; one ArrowRight makes it 6 and the kernel writes 6² = 36.
    perform(page, Interaction(r"IntSlider", Control("slider"), "text", expect=r"square: 36\b"))
    assert "square: 36" in page.cell_signature(1)["text"]


def test_a_dropdown_redraws_a_figure_through_the_kernel(working):
    page, _ = working
    perform(page, Interaction(r"Dropdown", Control("dropdown", option="cos"), "image"))


def test_the_fallback_finds_a_button_and_sees_its_effect(working):
    page, _ = working
    assert operate_any(page, 2) == "cell 2: button 'Count' → view changed"
    assert "clicks: 1" in page.cell_signature(2)["text"]


def test_the_fallback_presses_a_self_checks_button(working):
    page, _ = working
    assert operate_any(page, 4) == "cell 4: button 'Check' → view changed"
    assert "choose an answer" in page.cell_signature(4)["text"]


def test_a_radio_option_chosen_in_the_browser_reaches_the_kernel(working):
    # After the fallback's Check said "choose an answer": pick 3, Check says "wrong".
    page, _ = working
    operate(page, 4, Control("radio", "3"))
    perform(page, Interaction(r"RadioButtons", Control("button", "Check"), "text", expect="wrong"))


def test_errors_stderr_and_an_unfinished_run_are_reported(broken):
    _, report = broken
    problems = "\n".join(report.problems)
    assert "cell 4 ('import sys') shows an error or stderr output:\nplanted warning" in problems
    assert "cell 5 (\"raise ValueError('planted error')\") shows an error" in problems
    assert "ValueError: planted error" in problems
    assert "cell 6 (\"print('Run All never gets here')\") did not run" in problems
    assert len(report.problems) == 3


def test_a_widget_view_that_does_not_render_is_reported(broken):
    page, report = broken
    assert page.missing_widget_views(report) == [
        "cell 1 ('pass') rendered 0 widget view(s), its stored outputs have 1"
    ]


def test_a_view_that_only_changes_in_the_browser_does_not_count(broken):
    page, _ = broken
    with pytest.raises(AssertionError, match="the text of cell 2 to change"):
        perform(page, Interaction(r"deaf", Control("slider"), "text"), timeout=3_000)
    # The readout did move: the harness pressed the key, the kernel just never answered.
    assert page.page.locator(".widget-readout").nth(0).inner_text() == "1"


def test_a_handler_that_raises_is_reported(broken):
    page, _ = broken
    with pytest.raises(AssertionError, match="Log Console"):
        perform(page, Interaction(r"loud", Control("slider"), "text", expect=r"\b1\b"))


def test_the_fallback_fails_when_no_control_changes_the_view(broken):
    page, _ = broken
    with pytest.raises(AssertionError, match=r"cell 2: no control changed .* \(tried slider\)"):
        operate_any(page, 2)
