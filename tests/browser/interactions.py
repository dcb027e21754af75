"""How to operate each interactive widget of the series in the browser, as data.

``INTERACTIONS`` maps a notebook (its file stem) to what to do with its widgets: which cell shows
the widget (a regular expression its source matches), which control to operate, and what must
change in the view afterwards. A change only counts if the kernel made it: the text compared
leaves out what a control shows by itself (a slider's readout, a dropdown's options), so moving a
slider whose handler is broken changes nothing that is compared.

Widget cells of a notebook that no entry covers get the generic treatment of
:func:`operate_any`: try its buttons, sliders, dropdowns and radio options until one changes the
view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .lab import NotebookPage

INTERACTION_TIMEOUT = 20_000  # ms for a change the table promises
FALLBACK_TIMEOUT = 5_000  # ms per control tried by the generic fallback
MAX_FALLBACK_TRIES = 8

ControlKind = Literal["slider", "button", "dropdown", "radio"]
Change = Literal["text", "image", "any"]


@dataclass(frozen=True)
class Control:
    """One control inside a widget view and how to operate it.

    ``label`` picks the control by its description (sliders, dropdowns) or its text (buttons,
    toggle buttons included, and radio options), as a substring; ``None`` takes them all.
    ``index`` picks among the matches. A slider gets ``presses`` arrow-key presses (negative: to
    the left); a dropdown selects ``option`` (``None``: the option after the current one).
    """

    kind: ControlKind
    label: str | None = None
    index: int = 0
    presses: int = 1
    option: str | None = None

    def describe(self) -> str:
        what = f"{self.kind} {self.label!r}" if self.label else f"{self.kind} #{self.index}"
        if self.kind == "slider":
            what += f" × {self.presses} arrow key{'s' if abs(self.presses) != 1 else ''}"
        if self.kind == "dropdown":
            what += f" → {self.option!r}" if self.option else " → next option"
        return what


@dataclass(frozen=True)
class Interaction:
    """Operate ``control`` in the widget shown by the first cell whose source matches ``cell``;
    then ``change`` ("text", "image" or "any") must differ (``None``: need not, e.g. a Reset that
    may find the widget already reset), and ``expect`` (a regular expression) must be found in
    the view's text. At least one of the two must be given."""

    cell: str
    control: Control
    change: Change | None = "any"
    expect: str | None = None

    def __post_init__(self) -> None:
        if self.change is None and self.expect is None:
            raise ValueError(f"{self.describe()}: give a change or an expected text to check")

    def describe(self) -> str:
        said = [f"changes the {self.change}"] if self.change else []
        said += [f"shows /{self.expect}/"] if self.expect else []
        return f"/{self.cell}/: {self.control.describe()} {' and '.join(said)}"


CHAIN_RULE = r"ChainRuleExplorer\("
STEPPER = r"BackpropStepper\("
LEARNING_RATE = r"LearningRateExplorer\("
TRAINER = r"LiveTrainer\("

INTERACTIONS: dict[str, list[Interaction]] = {
    "01_chain_rule": [
        # Three panels (g, f and f∘g with their tangents) and the numbers, redrawn by the kernel.
        Interaction(CHAIN_RULE, Control("slider", presses=3), "image"),
        Interaction(CHAIN_RULE, Control("dropdown", "outer f"), "image"),
        Interaction(CHAIN_RULE, Control("dropdown", "inner g"), "image"),
    ],
    "03_backpropagation": [
        # The graph with the node being processed highlighted, and the chain-rule products.
        # Reset first: the cell after the widget may have driven it to any step.
        Interaction(STEPPER, Control("button", "Reset"), None, expect=r"Step 0 of \d+"),
        Interaction(STEPPER, Control("button", "Next"), "text", expect=r"Step 1 of \d+"),
        Interaction(STEPPER, Control("button", "Next"), "image", expect=r"Step 2 of \d+"),
        Interaction(STEPPER, Control("button", "Back"), "text", expect=r"Step 1 of \d+"),
        Interaction(STEPPER, Control("button", "Reset"), "text", expect=r"Step 0 of \d+"),
    ],
    "04_gradient_descent": [
        # The descent path on the loss surface and the loss curve, redrawn for each η.
        Interaction(LEARNING_RATE, Control("slider", "η", presses=5), "image"),
        Interaction(LEARNING_RATE, Control("slider", "steps", presses=-3), "image"),
        Interaction(LEARNING_RATE, Control("dropdown", "surface"), "image"),
    ],
    "05_backprop_with_matrices": [
        # Training steps redraw the decision boundary and the loss curves. Play runs on the
        # kernel's event loop: the speed it shows after half a second of ticks proves it keeps
        # going while the kernel answers; Pause, sent while it plays, stops it.
        Interaction(TRAINER, Control("button", "Step"), "image", expect=r"step \d+: train loss"),
        Interaction(TRAINER, Control("button", "Play"), "image", expect=r"\d+ updates/s"),
        Interaction(TRAINER, Control("button", "Pause"), None, expect=r"paused|stopped after"),
        Interaction(TRAINER, Control("button", "Reset"), "image", expect=r"step 0: train loss"),
    ],
    "07_depth_and_gradient_flow": [
        # The deep trainer: training redraws the boundary, the losses and the per-layer gradient
        # bars; every network control starts over with a new network, drawn anew.
        Interaction(TRAINER, Control("button", "Step"), "image", expect=r"step \d+: train loss"),
        Interaction(TRAINER, Control("button", "Play"), "image", expect=r"\d+ updates/s"),
        Interaction(TRAINER, Control("button", "Pause"), None, expect=r"paused|stopped"),
        Interaction(TRAINER, Control("button", "Reset"), "image", expect=r"step 0: train loss"),
        Interaction(TRAINER, Control("slider", "depth", presses=-5), "image", expect=r"step 0:"),
        Interaction(TRAINER, Control("dropdown", "activation", option="relu"), "image"),
        Interaction(TRAINER, Control("dropdown", "init", option="large"), "image"),
        Interaction(TRAINER, Control("button", "unit maps"), "image"),
    ],
}

_SELECTORS = {
    "slider": (".widget-slider", ".noUi-handle"),
    "dropdown": (".widget-dropdown", "select"),
    "button": ("button.jupyter-button", None),
    "radio": (".widget-radio-box label", "input"),
}

# The generic fallback's candidates, kind by kind (in page order within a kind): buttons first,
# since a self-check answers its Check button and a stepper its Next, then sliders, dropdowns,
# and the options of radio buttons.
_ANY_CONTROL = (
    ("button", "button.jupyter-button:not([disabled])"),
    ("slider", ".widget-slider .noUi-handle"),
    ("dropdown", ".widget-dropdown select:not([disabled])"),
    ("radio", ".widget-radio-box input:not([disabled])"),
)


def widget_cell(page: NotebookPage, pattern: str) -> int:
    """Index of the first code cell whose source matches ``pattern`` and shows a widget view."""
    regex = re.compile(pattern)
    cells = page.page.locator(".jp-Notebook .jp-Cell")
    for index, cell in enumerate(page.nb.cells):
        if not (cell.cell_type == "code" and regex.search(cell.source)):
            continue
        if cells.nth(index).locator(".jp-Cell-outputArea .jupyter-widgets").count():
            return index
    raise AssertionError(
        f"{page.relative}: no code cell matching /{pattern}/ shows a widget view; "
        "update INTERACTIONS in tests/browser/interactions.py if the notebook changed"
    )


def operate(page: NotebookPage, index: int, control: Control) -> None:
    """Operate ``control`` in the widget output of cell ``index``, as a user would."""
    cell = page.page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".jp-Cell-outputArea")
    outer, inner = _SELECTORS[control.kind]
    found = cell.locator(outer)
    if control.label is not None:
        found = found.filter(has_text=control.label)
    if found.count() <= control.index:
        raise AssertionError(
            f"{page.relative} cell {index}: no {control.describe()} in the widget "
            f"(found {found.count()} matching {outer!r})"
        )
    target = found.nth(control.index)
    if inner:
        target = target.locator(inner).first
    if control.kind == "slider":
        target.focus()
        key = "ArrowRight" if control.presses > 0 else "ArrowLeft"
        for _ in range(abs(control.presses)):
            target.press(key)
    elif control.kind == "dropdown":
        if control.option is not None:
            target.select_option(label=control.option)
        else:
            options = target.locator("option")
            current = target.evaluate("s => s.selectedIndex")
            target.select_option(index=(current + 1) % options.count())
    else:
        target.click()


# The promise of an interaction, in the page: the view changed as required (if a change is
# required) and its text matches the expected pattern (if one is given).
_KEPT = """([i, before, change, pattern]) => {
  const now = courseTest.signature(i);
  return (!change || courseTest.changed(before, now, change))
    && (!pattern || new RegExp(pattern).test(now.text));
}"""


def expect_change(
    page: NotebookPage,
    index: int,
    before: dict,
    change: Change | None,
    timeout: float,
    what: str,
    pattern: str | None = None,
) -> dict:
    """Wait until the kernel changed the view of cell ``index`` as promised (``change`` and/or
    text matching ``pattern``), let the kernel settle, check again; return the settled view."""
    promise = " and ".join(
        ([f"the {change} of cell {index} to change"] if change else [])
        + ([f"cell {index} to show /{pattern}/"] if pattern else [])
    )
    arg = [index, before, change, pattern]
    try:
        page.wait(_KEPT, arg=arg, timeout=timeout, what=f"{promise} after {what}")
    except AssertionError as error:
        shown = page.cell_signature(index)["text"][:600]
        raise AssertionError(f"{error}\nThe view shows: {shown!r}") from None
    page.wait_idle()
    after = page.cell_signature(index)
    assert page.page.evaluate(_KEPT, arg), (
        f"{page.relative}: {promise} after {what} held, then no longer once the kernel settled; "
        f"the view shows: {after['text'][:600]!r}"
    )
    return after


def check_clean(page: NotebookPage, index: int, log_before: int, what: str) -> None:
    """After an interaction: no error in the cell's outputs and nothing new in the Log Console."""
    report = page.report()
    errors = report.cells[index].errors
    assert not errors, f"{page.relative} cell {index}: {what} produced an error:\n" + "\n".join(
        errors
    )
    assert report.log_entries == log_before, (
        f"{page.relative} cell {index}: {what} wrote {report.log_entries - log_before} entries to "
        "the Log Console (an exception in a widget handler?)"
    )


def perform(
    page: NotebookPage, interaction: Interaction, timeout: float = INTERACTION_TIMEOUT
) -> str:
    """Carry out one table entry and check its promise; return a line saying what happened."""
    index = widget_cell(page, interaction.cell)
    before = page.cell_signature(index)
    log_before = page.page.evaluate("courseTest.logEntries()")
    what = interaction.control.describe()
    operate(page, index, interaction.control)
    expect_change(
        page, index, before, interaction.change, timeout, what, pattern=interaction.expect
    )
    check_clean(page, index, log_before, what)
    return f"cell {index}: {interaction.describe()}: ok"


def covered_cells(notebook: str, nb_cells: list) -> set[int]:
    """Cells whose widgets the table covers (every cell matching an entry's pattern)."""
    patterns = [re.compile(i.cell) for i in INTERACTIONS.get(notebook, [])]
    return {
        index
        for index, cell in enumerate(nb_cells)
        if cell.cell_type == "code" and any(p.search(cell.source) for p in patterns)
    }


def operate_any(page: NotebookPage, index: int) -> str | None:
    """Try the controls of cell ``index`` until one changes the view (see ``_ANY_CONTROL``).

    Returns what worked, ``None`` if the widget has no control; fails if none changed the view.
    """
    cell = page.page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".jp-Cell-outputArea")
    candidates = [
        (kind, found.nth(k))
        for kind, selector in _ANY_CONTROL
        for found in [cell.locator(selector)]
        for k in range(found.count())
    ]
    if not candidates:
        return None
    tried = []
    for kind, control in candidates[:MAX_FALLBACK_TRIES]:
        if not control.is_visible():
            continue
        label = control.evaluate(
            "e => ((e.closest('label') || e).innerText || '').trim().slice(0, 40)"
        )
        what = f"{kind} {label!r}" if label and kind != "slider" else kind
        before = page.cell_signature(index)
        log_before = page.page.evaluate("courseTest.logEntries()")
        if kind == "slider":
            control.focus()
            control.press("ArrowRight")
        elif kind == "dropdown":
            current = control.evaluate("s => s.selectedIndex")
            control.select_option(index=(current + 1) % control.locator("option").count())
        else:
            control.click()
        try:
            expect_change(page, index, before, "any", FALLBACK_TIMEOUT, what)
        except AssertionError:
            tried.append(what)
            continue
        check_clean(page, index, log_before, what)
        return f"cell {index}: {what} → view changed"
    raise AssertionError(
        f"{page.relative} cell {index}: no control changed the widget's view through the kernel "
        f"(tried {', '.join(tried) or 'nothing visible'})"
    )
