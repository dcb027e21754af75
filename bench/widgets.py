"""How fast does each interactive widget of the series answer a change of one of its controls?

Run: ``.venv/bin/python bench/widgets.py`` (``--changes 5`` for a quick look).

Goal: the view is updated within 100 ms of a change (median), so that dragging a slider in front
of a room feels immediate. Each widget is built in this process, headless: the figure is drawn
with Agg and encoded to PNG as in a kernel, and anything a widget ``display()``s is formatted by
an IPython shell configured like the inline backend (PNG, ``bbox_inches="tight"``), so the time
measured is the handler plus the redraw. What the browser adds (sending the PNG over the comm,
decoding it) is not included.

A change is driven from code exactly as a notebook cell would: set a control's ``.value`` (the
widget's observers run synchronously) or ``.click()`` a button. Each row times ``--changes``
changes (default 20) after two untimed warm-up changes, and counts how many of them produced a
new picture (an ``Image`` value or a PNG display) or new text: a change that updates nothing
would be fast for the wrong reason.

Widgets are discovered in ``helpers.widgets``: those in ``CASES`` are driven as written there; any
other widget class is built without arguments and its first slider, dropdown or button operated;
widgets named in ``CASES`` that do not exist yet are skipped with a note. The live trainer is also
timed while playing (view updates and training steps per second of its Play task, run on an
asyncio event loop as in a kernel): as notebook 05 shows it (basic controls, a small network) and
as notebook 07 uses it (all controls, ``DEEP``: a 50-layer residual ReLU network of width 16 on
200 points), where every control of the full trainer is timed too.

``--present`` times the widgets in the presenter style (``HELPERS_PRESENT=1``), where the
pictures of the learning-rate explorer and the live trainer have 2.25 times the pixels.

A reference is measured in the same run, interleaved with every change: a plain matplotlib figure
(7 × 4 in at 100 dpi, one line) drawn from scratch and saved as PNG, the naive way to redraw a
course figure. The "× ref" column divides each widget's median by the reference's median, so
rows compare across machines.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import asyncio  # noqa: E402
import inspect  # noqa: E402
import io  # noqa: E402
import math  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import Any  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import numpy as np  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from IPython.core.pylabtools import select_figure_formats  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

GOAL_MS = 100.0
TRAINER_GOAL_PER_S = 20.0  # a playing trainer redraws at least this often: visibly continuous
WARMUP = 2
DRAG_STEPS = 20  # a slider change moves it 1/20 of its range


# ---- the headless "kernel": display() formats PNGs like the inline backend --------------------


class Views:
    """Counts what the widgets show: Image values set, PNG displays, text values set."""

    def __init__(self) -> None:
        self.pictures = 0
        self.texts = 0
        shell = InteractiveShell.instance()
        select_figure_formats(shell, {"png"}, bbox_inches="tight")
        shell.display_pub.publish = self._published
        shell.display_pub.clear_output = lambda wait=False: None

    def _published(self, data: dict, metadata: Any = None, **kwargs: Any) -> None:
        if "image/png" in data:
            self.pictures += 1

    def watch(self, root: widgets.Widget) -> None:
        for w in descendants(root):
            if isinstance(w, widgets.Image):
                w.observe(self._picture, names="value")
            elif isinstance(w, widgets.HTML | widgets.Label | widgets.HTMLMath):
                w.observe(self._text, names="value")

    def _picture(self, change: Any) -> None:
        self.pictures += 1

    def _text(self, change: Any) -> None:
        self.texts += 1

    def count(self) -> tuple[int, int]:
        return self.pictures, self.texts


def descendants(root: widgets.Widget) -> Iterator[widgets.Widget]:
    yield root
    for child in getattr(root, "children", ()):
        yield from descendants(child)


def find(root: widgets.Widget, kind: type | tuple[type, ...]) -> list[widgets.Widget]:
    return [w for w in descendants(root) if isinstance(w, kind)]


# ---- how to build and change each widget ---------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """Build widget ``name`` with ``make(cls)``; ``change(widget, k)`` is its k-th change."""

    name: str
    control: str
    make: Callable[[type], Any]
    change: Callable[[Any, int], None]


def sweep(
    get: Callable[[Any], widgets.Widget], lo: float | None = None, hi: float | None = None
) -> Callable[[Any, int], None]:
    """Drag a slider end to end and back, 1/20 of its range per change (a brisk drag).

    Without ``lo`` and ``hi``, the slider's own range (5% in from each end).
    """

    def change(w: Any, k: int) -> None:
        slider = get(w)
        low, high = lo, hi
        if low is None or high is None:
            low, high = slider.min, slider.max
            low, high = low + 0.05 * (high - low), high - 0.05 * (high - low)
            if isinstance(slider, widgets.FloatLogSlider):  # min and max are exponents
                low, high = slider.base**low, slider.base**high
        phase = (k + 1) % (2 * DRAG_STEPS)
        t = phase / DRAG_STEPS if phase <= DRAG_STEPS else 2 - phase / DRAG_STEPS
        if isinstance(slider, widgets.FloatLogSlider):  # even steps in what the student sees
            value = low * (high / low) ** t
        else:
            value = low + t * (high - low)
        if isinstance(slider, widgets.IntSlider):
            value = round(value)
            if value == slider.value:
                value = value + 1 if value < slider.max else value - 1
        slider.value = value

    return change


def cycle(get: Callable[[Any], widgets.Widget]) -> Callable[[Any, int], None]:
    """Select the next option of a dropdown."""

    def change(w: Any, k: int) -> None:
        dropdown = get(w)
        options = [value for _, value in dropdown.options] if _labelled(dropdown) else None
        values = options or list(dropdown.options)
        dropdown.value = values[(values.index(dropdown.value) + 1) % len(values)]

    return change


def _labelled(dropdown: widgets.Dropdown) -> bool:
    return all(isinstance(o, tuple) and len(o) == 2 for o in dropdown.options)


def neuron() -> Any:
    """The neuron of notebook 03: o = tanh(x1·w1 + x2·w2 + b), 10 nodes."""
    from helpers import Value

    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1, x2w2 = x1 * w1, x2 * w2
    x1w1.label, x2w2.label = "x1w1", "x2w2"
    n = x1w1 + x2w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o


def step_back_and_forth(w: Any, k: int) -> None:
    """Next until the last step, then Back until step 0, and so on (a click each time)."""
    period = 2 * w.num_steps
    forward = (k % period) < w.num_steps
    (w.next_button if forward else w.back_button).click()


def basic(cls: type) -> Any:
    """The live trainer as notebook 05 shows it."""
    return cls(controls="basic")


# The live trainer as notebook 07 uses it: every control, a deep residual network.
DEEP = dict(
    dataset="spirals", n=200, width=16, depth=50, activation="relu", init="he", residual=True
)


def deep(cls: type) -> Any:
    """The full trainer on the ``DEEP`` network."""
    return cls(**DEEP)


def unit_maps_on(cls: type) -> Any:
    """The full trainer on the ``DEEP`` network, showing its unit maps."""
    trainer = cls(**DEEP)
    trainer.show_unit_maps.value = True
    return trainer


def control(name: str) -> Callable[[Any], widgets.Widget]:
    """The trainer's control of setting ``name``."""
    return lambda w: w.controls[name]


def deep_trainer_cases() -> list[Case]:
    """One row per control of the full trainer, on the ``DEEP`` network."""
    sliders = ("noise", "n", "test_fraction", "width", "depth", "lr")
    dropdowns = ("dataset", "activation", "init", "optimizer", "batch_size", "l2")
    rows = [Case("LiveTrainer", f"deep: {n} slider", deep, sweep(control(n))) for n in sliders]
    rows += [Case("LiveTrainer", f"deep: {n} dropdown", deep, cycle(control(n))) for n in dropdowns]
    return [
        *rows,
        Case("LiveTrainer", "deep: seed box", deep, lambda w, k: setattr(w.seed, "value", k)),
        Case("LiveTrainer", "deep: residual checkbox", deep, toggle(control("residual"))),
        Case("LiveTrainer", "deep: unit maps toggle", deep, toggle(lambda w: w.show_unit_maps)),
        Case("LiveTrainer", "deep: unit layer slider", unit_maps_on, sweep(lambda w: w.unit_layer)),
        Case("LiveTrainer", "deep: Step ×10 button", deep, lambda w, k: w.step_button.click()),
        Case("LiveTrainer", "deep: step(1), Reset button in turn", deep, step_or_reset),
        Case("LiveTrainer", "deep: lr, Reset settings in turn", deep, lr_or_defaults),
    ]


def step_or_reset(w: Any, k: int) -> None:
    """One training step, then Reset, in turn (a Reset at step 0 would have nothing to redraw)."""
    if k % 2:
        w.reset_button.click()
    else:
        w.step(1)


def lr_or_defaults(w: Any, k: int) -> None:
    """A new learning rate and a step, then Reset settings (the constructor's controls)."""
    if k % 2:
        w.defaults_button.click()
    else:
        w.lr.value = 0.02 + 0.01 * k
        w.step(1)


def lr_or_reset(w: Any, k: int) -> None:
    """A new η, then Reset (every control as the constructor set it), in turn."""
    if k % 2:
        w.reset_button.click()
    else:
        w.lr.value = 0.02 + 0.01 * k


def toggle(get: Callable[[Any], widgets.Widget]) -> Callable[[Any], None]:
    """Flip a checkbox or toggle button."""

    def change(w: Any, k: int) -> None:
        box = get(w)
        box.value = not box.value

    return change


CASES = [
    Case("ChainRuleExplorer", "x slider", lambda cls: cls(), sweep(lambda w: w.x, -1.9, 1.9)),
    Case("ChainRuleExplorer", "outer f dropdown", lambda cls: cls(), cycle(lambda w: w.f)),
    Case("BackpropStepper", "Next / Back buttons", lambda cls: cls(neuron()), step_back_and_forth),
    Case("LearningRateExplorer", "η slider", lambda cls: cls(), sweep(lambda w: w.lr, 1e-3, 0.5)),
    Case(
        "LearningRateExplorer", "steps slider", lambda cls: cls(), sweep(lambda w: w.steps, 5, 300)
    ),
    Case("LearningRateExplorer", "start w₁ slider", lambda cls: cls(), sweep(lambda w: w.start_x)),
    Case("LearningRateExplorer", "η slider, Reset in turn", lambda cls: cls(), lr_or_reset),
    Case("LiveTrainer", "Step ×10 button", basic, lambda w, k: w.step_button.click()),
    Case("LiveTrainer", "width slider", basic, sweep(lambda w: w.width, 2, 16)),
    Case("LiveTrainer", "noise slider (new data)", basic, sweep(lambda w: w.noise)),
    *deep_trainer_cases(),
    Case(
        "SelfCheck",
        "letter buttons",
        lambda cls: cls("01.1"),
        lambda w, k: w.answer_with("abcd"[k % 4]),
    ),
]


def click(get: Callable[[Any], widgets.Widget]) -> Callable[[Any, int], None]:
    """Click a button (its ``on_click`` handlers run, as for a click in the browser)."""
    return lambda w, k: get(w).click()


def nth_control(kind: type, index: int) -> Callable[[Any], widgets.Widget]:
    """Finds the ``index``-th control of class ``kind`` in a widget."""
    return lambda w: find(w, kind)[index]


CONTROL_KINDS = (
    (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider),
    (widgets.Dropdown, widgets.RadioButtons, widgets.ToggleButtons),
    (widgets.Button,),
)


def generic_case(name: str, cls: type) -> Case | str:
    """A case for a widget no entry describes: its first slider, else dropdown, else button."""
    try:
        sample = cls()
    except Exception as error:
        return f"{name}: cannot be built without arguments ({type(error).__name__}: {error})"
    for kinds in CONTROL_KINDS:
        found = [w for w in find(sample, kinds) if not getattr(w, "disabled", False)]
        if not found:
            continue
        first = found[0]
        control = nth_control(type(first), find(sample, type(first)).index(first))
        if isinstance(first, widgets.Button):
            change = click(control)
        elif kinds is CONTROL_KINDS[0]:
            change = sweep(control)
        else:
            change = cycle(control)
        what = f"{type(first).__name__} {first.description!r} (generic)"
        return Case(name, what, lambda c: c(), change)
    return f"{name}: no slider, dropdown or button to operate"


# ---- timing -----------------------------------------------------------------------------------


def reference_redraw() -> float:
    """A plain course figure drawn from scratch and saved as PNG: seconds."""
    began = time.perf_counter()
    fig = Figure(figsize=(7, 4), dpi=100)
    ax = fig.subplots()
    x = np.linspace(-2, 2, 400)
    ax.plot(x, np.sin(x**2))
    ax.set_title("f(g(x))")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    fig.savefig(io.BytesIO(), format="png")
    return time.perf_counter() - began


@dataclass
class Row:
    widget: str
    control: str
    times: list[float]
    reference: list[float]
    pictures: int  # changes that produced a new picture (Image value or PNG display)
    texts: int  # changes that produced a new text (HTML or Label value)
    deferred: list[float]  # seconds of what the widget drew a moment after a change

    @property
    def median_ms(self) -> float:
        return 1000 * float(np.median(self.times))

    @property
    def p90_ms(self) -> float:
        return 1000 * float(np.percentile(self.times, 90))


def time_case(case: Case, cls: type, views: Views, changes: int) -> Row:
    """Time ``changes`` changes, each run on an asyncio event loop as a kernel runs a widget's
    handlers. What a widget leaves for a moment later (its ``flush()``: the live trainer draws
    the diagram of a network of a new shape just after the other pictures) is timed apart."""
    widget = case.make(cls)
    views.watch(widget)
    loop = asyncio.new_event_loop()

    async def change(k: int) -> None:
        case.change(widget, k)

    def flushed() -> float | None:
        flush = getattr(widget, "flush", None)
        if not callable(flush):
            return None
        began = time.perf_counter()
        drew = flush()
        return time.perf_counter() - began if drew else None

    try:
        for k in range(WARMUP):
            loop.run_until_complete(change(k))
            flushed()
        times, reference, deferred, pictures, texts = [], [], [], 0, 0
        for k in range(WARMUP, WARMUP + changes):
            before = views.count()
            began = time.perf_counter()
            loop.run_until_complete(change(k))
            times.append(time.perf_counter() - began)
            after = views.count()
            pictures += after[0] != before[0]
            texts += after[1] != before[1]
            later = flushed()
            if later is not None:
                deferred.append(later)
            reference.append(reference_redraw())
    finally:
        loop.close()
    close = getattr(widget, "pause", None)
    if callable(close):
        close()
    return Row(case.name, case.control, times, reference, pictures, texts, deferred)


def trainer_rate(trainer: Any, seconds: float) -> tuple[float, float, int]:
    """View updates per second of a playing LiveTrainer, its training steps per second, and
    the steps it trained: Play runs as a task on an asyncio event loop, as in a kernel."""
    stamps: list[float] = []
    trainer.boundary_panel.image.observe(
        lambda _: stamps.append(time.perf_counter()), names="value"
    )

    async def play() -> None:
        trainer.play()
        await asyncio.sleep(seconds)  # the Play task does the work; we only watch the clock
        trainer.pause()

    asyncio.run(play())
    if len(stamps) < 2:
        return 0.0, 0.0, trainer.steps_done
    span = stamps[-1] - stamps[0]
    return (len(stamps) - 1) / span, trainer.steps_done / span, trainer.steps_done


# ---- the report -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=20, help="timed changes per row")
    parser.add_argument("--play", type=float, default=3.0, help="seconds the trainer plays")
    parser.add_argument(
        "--present", action="store_true", help="in the presenter style (HELPERS_PRESENT=1)"
    )
    args = parser.parse_args(argv)
    if args.present:
        os.environ["HELPERS_PRESENT"] = "1"  # read when a widget is built

    import helpers.widgets as hw

    present = {
        name: cls
        for name, cls in inspect.getmembers(hw, inspect.isclass)
        if issubclass(cls, widgets.DOMWidget)
    }
    views = Views()
    rows: list[Row] = []
    notes: list[str] = []
    for name in dict.fromkeys(c.name for c in CASES):
        if name not in present:
            notes.append(f"{name}: not in helpers.widgets yet, skipped")
    for case in CASES:
        if case.name in present:
            rows.append(time_case(case, present[case.name], views, args.changes))
    for name in sorted(set(present) - {c.name for c in CASES}):
        case = generic_case(name, present[name])
        if isinstance(case, str):
            notes.append(case)
        else:
            rows.append(time_case(case, present[name], views, args.changes))

    reference_ms = 1000 * float(np.median([t for r in rows for t in r.reference] or [math.nan]))
    print(
        f"Widget update times: {args.changes} changes each after {WARMUP} warm-ups, median and "
        f"90th percentile (handler + redraw + PNG, no browser)"
        f"{', presenter style' if args.present else ''}."
    )
    print(
        f"Reference, interleaved with every change: a 7×4 in figure drawn and saved as PNG, "
        f"median {reference_ms:.1f} ms.\n"
    )
    header = (
        "widget",
        "control",
        "median ms",
        "p90 ms",
        "× ref",
        "goal",
        "met?",
        "pictures",
        "texts",
    )
    table = [
        (
            r.widget,
            r.control,
            f"{r.median_ms:.1f}",
            f"{r.p90_ms:.1f}",
            f"{r.median_ms / (1000 * float(np.median(r.reference))):.2f}",
            f"≤ {GOAL_MS:.0f} ms",
            "yes" if r.median_ms <= GOAL_MS else "NO",
            f"{r.pictures}/{len(r.times)}",
            f"{r.texts}/{len(r.times)}",
        )
        for r in rows
    ]
    if "LiveTrainer" in present:
        cls = present["LiveTrainer"]
        for name, trainer in (("LiveTrainer", basic(cls)), ("LiveTrainer", cls(**DEEP))):
            rate, per_s, steps = trainer_rate(trainer, args.play)
            table.append(
                (
                    name,
                    f"{'deep: ' if not trainer.basic else ''}playing {args.play:g} s: "
                    f"{per_s:.0f} steps/s ({steps} steps)",
                    f"{1000 / rate:.1f}" if rate else "-",
                    "-",
                    f"{1000 / rate / reference_ms:.2f}" if rate else "-",
                    f"≥ {TRAINER_GOAL_PER_S:.0f} updates/s",
                    f"{'yes' if rate >= TRAINER_GOAL_PER_S else 'NO'} ({rate:.1f}/s)",
                    "-",
                    "-",
                )
            )
    widths = [max(len(str(row[i])) for row in [header, *table]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *table]:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)))
    for note in notes:
        print(f"note: {note}")
    for r in rows:
        if r.deferred:
            later = 1000 * float(np.median(r.deferred))
            print(
                f"note: {r.widget} {r.control}: {len(r.deferred)} of {len(r.times)} changes drew "
                f"the network diagram just after the view (median {later:.0f} ms more)"
            )
    stale = [r for r in rows if max(r.pictures, r.texts) < len(r.times)]
    for r in stale:
        nothing = len(r.times) - max(r.pictures, r.texts)
        print(f"note: {r.widget} {r.control}: some changes ({nothing} or more) updated nothing")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
