"""A live trainer in the spirit of TensorFlow Playground: watch a network learn a 2-D dataset.

The widget is a face for a :class:`helpers.training.TrainingRun`, which does the training (one
gradient descent step per step, Book §1.3); the widget adds the controls and the pictures of
:mod:`helpers.widgets.trainer_views`.

- **Play** trains a few steps, redraws, and gives the kernel a moment to handle other messages
  (Pause, a slider), over and over: an asyncio task on the kernel's own event loop, no thread.
  How many steps a tick trains is chosen so that a tick takes about :data:`TICK` seconds.
  **Pause** stops it; Play also stops by itself after ``max_steps`` steps, or when training
  diverges (the loss becomes NaN or infinite: a red line says at which step and why).
- **Step ×10** trains ten steps; ``trainer.step(n)`` trains n steps from code, which is what
  tests and notebook cells use: the same settings give the same numbers every run.
- **Reset** starts over from the same initial weights; **Reset settings** also puts every
  control back where the constructor set it (an instructor's way back to the cell's experiment).

What a control changes (see ``TrainingRun.update``): the data controls (dataset, noise, points,
test share, seed) draw new data and start over; the network controls (width, depth, activation,
init, residual) start over with new initial weights for the same data; the optimizer starts
afresh (its momentum or Adam averages from zero) with the weights trained so far; the learning
rate, batch size and L2 strength take effect at the next step.

A loss above (or below) the fixed loss axis is never lost: the curve runs along the edge with a
marker per step and a note of how far out it went. No setting is clamped by its control: a
constructor value beyond a slider's usual range widens the slider, and one that the settings
refuse raises a ValueError naming it. In the presenter style (``HELPERS_PRESENT=1``, see
:mod:`helpers.widgets.presenter_sizes`) the pictures are drawn at 1.5 times the pixels, and the
controls and the text under them grow too.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import math
import time
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from helpers import validate
from helpers.training import ACTIVATIONS, CUSTOM, DATASETS, INITS, OPTIMIZERS, RANGES, TrainingRun
from helpers.widgets.presenter_sizes import sizes
from helpers.widgets.trainer_views import (
    BoundaryPanel,
    DiagramPanel,
    GradientPanel,
    LossPanel,
    UnitMapsPanel,
)

TICK = 0.045  # seconds per tick of Play (train, redraw): about 22 pictures a second
BREATHE = 0.004  # seconds the kernel gets between two ticks, at least, for Pause and sliders
# While playing, the slower pictures are redrawn at most this often (seconds): the network
# diagram changes little from step to step, and the unit maps are redrawn whole.
DIAGRAM_EVERY, UNIT_MAPS_EVERY = 0.2, 0.5
DIAGRAM_DELAY = 0.05  # seconds after a change before the diagram is redrawn
CONTROLS = ("all", "basic")
BASIC = ("dataset", "noise", "seed", "width", "depth", "lr")
GROUPS = {
    "data": ("dataset", "noise", "n", "test_fraction", "seed"),
    "network": ("width", "depth", "activation", "init", "residual"),
    "training": ("optimizer", "lr", "batch_size", "l2"),
}
BATCH_SIZES = (0, 64, 32, 16, 8, 1)  # 0: the full batch (a dropdown's None is "nothing chosen")
L2_STRENGTHS = (0.0, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1)
RENAMED = {"hidden": "width", "layers": "depth"}


class LiveTrainer(widgets.VBox):
    """Play/Pause, Step and Reset; controls for every setting of a :class:`TrainingRun`.

    ``LiveTrainer(**settings)`` takes the settings of :class:`helpers.training.Settings` as
    keywords (dataset, noise, n, test_fraction, seed, width, depth, activation, init, residual,
    optimizer, lr, batch_size, l2); ``data=(X, y)`` trains on your own 2-D points (the data
    controls are then disabled); ``controls="basic"`` shows only dataset, noise, seed, width,
    depth (up to 3) and learning rate, and only the boundary and loss pictures.

    Drive it from code: set a control's ``.value`` (``trainer.width.value = 4``), call
    ``step(n)``, ``restart()``, ``reset_settings()``, ``play()``, ``pause()`` or ``.click()`` a
    button. ``summary()``
    is a rounded one-line report, ``evaluate()`` the numbers behind it, ``state()`` the settings
    as a JSON-ready dict and ``LiveTrainer.from_state(state)`` a trainer for them. The training
    itself is ``trainer.run``. The updates per second of a playing trainer are shown in its
    ``speed`` label (never in the repr or the summary, which must not depend on timing).
    """

    def __init__(
        self,
        *,
        data: tuple[Any, Any] | None = None,
        controls: str = "all",
        max_steps: int = 3000,
        max_steps_per_tick: int = 10,
        **settings: Any,
    ) -> None:
        for old, new in RENAMED.items():
            if old in settings:
                raise TypeError(f"LiveTrainer's setting {old!r} is now called {new!r}")
        validate.choice("controls", controls, CONTROLS)
        max_steps = validate.integer("max_steps", max_steps, minimum=1)
        max_steps_per_tick = validate.integer("max_steps_per_tick", max_steps_per_tick, minimum=1)
        self.sizes = sizes()  # a student's screen or a projector (presenter style)
        self.run = TrainingRun(data=data, **settings)
        self.initial = dataclasses.asdict(self.run.settings)  # what Reset settings goes back to
        self.basic = controls == "basic"
        self.max_steps, self.max_steps_per_tick = max_steps, max_steps_per_tick
        self.play_button = widgets.Button(description="Play", icon="play", button_style="success")
        self.pause_button = widgets.Button(description="Pause", icon="pause", disabled=True)
        self.step_button = widgets.Button(
            description="Step ×10", icon="step-forward", tooltip="train 10 steps"
        )
        self.reset_button = widgets.Button(
            description="Reset", icon="refresh", tooltip="start over from the initial weights"
        )
        self.defaults_button = widgets.Button(
            description="Reset settings", icon="undo", tooltip="every control as the cell set it",
            layout=widgets.Layout(width=self.sizes.px(140)),
        )  # fmt: skip
        self.speed = widgets.Label("paused")
        self.info = widgets.HTML()
        self.alert = widgets.HTML(layout=widgets.Layout(display="none"))
        self.controls = self._make_controls()
        self._quiet = False
        for name, control in self.controls.items():
            setattr(self, name, control)
            control.observe(self._observer(name), names="value")
        self.boundary_panel, self.loss_panel = BoundaryPanel(), LossPanel()
        panels = [self.boundary_panel, self.loss_panel]
        if not self.basic:
            self.gradient_panel, self.diagram_panel = GradientPanel(), DiagramPanel()
            self.unit_maps_panel = UnitMapsPanel()
            self.unit_maps_panel.image.layout.display = "none"
            panels += [self.gradient_panel, self.diagram_panel, self.unit_maps_panel]
            self.show_unit_maps = widgets.ToggleButton(
                description="unit maps", icon="th", tooltip="what each unit of a layer computes"
            )
            self.unit_layer = widgets.IntSlider(
                value=1, min=1, max=self.run.settings.depth, description="of layer",
                style={"description_width": self.sizes.px(55)},
                layout=widgets.Layout(width=self.sizes.px(210)),
            )  # fmt: skip
            self.show_unit_maps.observe(self._guarded(self._toggle_unit_maps), names="value")
            self.unit_layer.observe(self._guarded(self._on_unit_layer), names="value")
        self._task: asyncio.Task | None = None
        self._drawn = {"diagram": 0.0, "unit maps": 0.0}
        self._ticks = 0
        self._diagram_soon: asyncio.TimerHandle | None = None
        self.last_render_seconds = 0.0

        self.play_button.on_click(self._guarded(self.play))
        self.pause_button.on_click(self._guarded(self.pause))
        self.step_button.on_click(self._guarded(lambda: self.step(10)))
        self.reset_button.on_click(self._guarded(self.restart))
        self.defaults_button.on_click(self._guarded(self.reset_settings))
        buttons = widgets.HBox(
            [
                self.play_button, self.pause_button, self.step_button, self.reset_button,
                self.defaults_button, self.speed,
            ],
            layout=widgets.Layout(flex_flow="row wrap"),
        )  # fmt: skip
        pictures = widgets.HBox(
            [p.image for p in panels], layout=widgets.Layout(flex_flow="row wrap")
        )
        super().__init__([buttons, self._layout_controls(), self.alert, self.info, pictures])
        self.sizes.present(self)
        self._new_data()

    # ---- controls ------------------------------------------------------------------------------

    def _make_controls(self) -> dict[str, widgets.Widget]:
        s, custom = self.run.settings, self.run.custom is not None
        style = {"description_width": self.sizes.px(90)}
        wide = widgets.Layout(width=self.sizes.px(270))

        def dropdown(name: str, options: Any, label: str) -> widgets.Dropdown:
            return widgets.Dropdown(
                options=options, value=getattr(s, name), description=label, style=style,
                layout=widgets.Layout(width=self.sizes.px(230)),
            )  # fmt: skip

        datasets = [(d, d) for d in DATASETS] + ([("your data", CUSTOM)] if custom else [])
        batches = [(str(b) if b else "full batch", b) for b in BATCH_SIZES]
        if s.batch_size not in (None, *BATCH_SIZES):
            batches.append((str(s.batch_size), s.batch_size))
        strengths = [(f"{v:g}", v) for v in sorted({*L2_STRENGTHS, s.l2})]
        lr_low = min(-4.0, math.floor(math.log10(s.lr)))
        lr_high = max(1.0, math.ceil(math.log10(s.lr)))
        controls: dict[str, widgets.Widget] = {
            "dataset": dropdown("dataset", datasets, "dataset"),
            "noise": widgets.FloatSlider(
                value=s.noise, min=0.0, max=max(0.5, s.noise), step=0.05, description="noise",
                style=style, layout=wide,
            ),
            "n": widgets.IntSlider(
                value=s.n, min=min(50, s.n), max=max(1000, s.n), step=10, description="points",
                style=style, layout=wide,
            ),
            "test_fraction": widgets.FloatSlider(
                value=s.test_fraction, min=0.1, max=0.9, step=0.05, description="test share",
                style=style, layout=wide, tooltip="the share of points kept for testing",
            ),
            "seed": widgets.BoundedIntText(
                value=s.seed, min=0, max=RANGES["seed"][1], description="seed", style=style,
                layout=widgets.Layout(width=self.sizes.px(200)),
            ),
            "width": widgets.IntSlider(
                value=s.width, min=1, max=max(32, s.width) if self.basic else 64,
                description="width",
                tooltip="units in each hidden layer", style=style, layout=wide,
            ),
            "depth": widgets.IntSlider(
                value=s.depth, min=1, max=max(3, s.depth) if self.basic else 100,
                description="depth", tooltip="the number of hidden layers",
                style=style, layout=wide,
            ),
            "activation": dropdown("activation", list(ACTIVATIONS), "activation"),
            "init": dropdown("init", list(INITS), "init"),
            "residual": widgets.Checkbox(
                value=s.residual, description="residual connections", indent=False,
                layout=widgets.Layout(width=self.sizes.px(230)),
            ),
            "optimizer": dropdown("optimizer", list(OPTIMIZERS), "optimizer"),
            "lr": widgets.FloatLogSlider(
                value=s.lr, base=10, min=lr_low, max=lr_high, step=0.05,
                description="learning rate", readout_format=".3g", style=style, layout=wide,
                continuous_update=False,  # no rounded echoes of values set from code
            ),
            "batch_size": widgets.Dropdown(
                options=batches, value=s.batch_size or 0, description="batch size", style=style,
                layout=widgets.Layout(width=self.sizes.px(230)),
            ),
            "l2": dropdown("l2", strengths, "L2 strength λ"),
        }  # fmt: skip
        if custom:
            for name in ("dataset", "noise", "n"):
                controls[name].disabled = True
        return controls

    def _layout_controls(self) -> widgets.Widget:
        if self.basic:
            columns = [BASIC[:3], BASIC[3:]]
            return widgets.HBox([widgets.VBox([self.controls[n] for n in c]) for c in columns])
        boxes = [
            widgets.VBox(
                [widgets.HTML(f"<b>{title}</b>"), *(self.controls[n] for n in names)],
                layout=widgets.Layout(width=self.sizes.px(280)),
            )
            for title, names in GROUPS.items()
        ]
        views = [widgets.HTML("<b>views</b>"), self.show_unit_maps, self.unit_layer]
        boxes.append(widgets.VBox(views, layout=widgets.Layout(width=self.sizes.px(220))))
        return widgets.HBox(boxes, layout=widgets.Layout(flex_flow="row wrap"))

    def _guarded(self, action: Callable[..., Any]) -> Callable[..., None]:
        """A handler that never raises into the kernel: an error is shown in the red line."""

        def handler(*_: Any) -> None:
            try:
                action()
            except Exception as error:
                self._show_alert(f"{type(error).__name__}: {error}")

        return handler

    def _observer(self, name: str) -> Callable[[Any], None]:
        return self._guarded(lambda: self._apply(name))

    def _apply(self, name: str) -> None:
        if self._quiet:
            return
        try:
            value = self.controls[name].value
            need = self.run.update(**{name: (value or None) if name == "batch_size" else value})
        except (TypeError, ValueError) as error:  # refused: the control goes back
            value = getattr(self.run.settings, name)
            self._set_quietly(name, (value or 0) if name == "batch_size" else value)
            self._show_alert(str(error))
            return
        if need == "data":
            self._new_data()
        elif need == "network":
            self._new_network()
        elif need != "none":  # nothing to redraw until the next step: say what will happen
            if name == "l2":
                self.loss_panel.update(self.run)  # the penalty's curve comes or goes
            value = self.controls[name]
            shown = value.label if isinstance(value, widgets.Dropdown) else f"{value.value:.3g}"
            fresh = "a fresh optimizer for the weights so far, " if need == "optimizer" else ""
            summary = html.escape(self.run.summary(), quote=False)
            self.info.value = self.sizes.text(
                f"<b>{summary}</b> · {value.description} {shown}: {fresh}used from the next step"
            )

    def _set_quietly(self, name: str, value: Any) -> None:
        self._quiet = True
        try:
            self.controls[name].value = value
        finally:
            self._quiet = False

    # ---- training ------------------------------------------------------------------------------

    def _new_data(self) -> None:
        self.boundary_panel.reset(self.run)
        self._new_network()

    def _new_network(self) -> None:
        if not self.basic:
            self.gradient_panel.reset(self.run)
            self.unit_layer.max = self.run.settings.depth
        self._render()

    def restart(self) -> None:
        """Start over from the initial weights (the same ones: they come from the seed)."""
        self.run.restart()
        self._new_network()

    def reset_settings(self) -> None:
        """Every control back where the constructor set it (the views too), and training from
        step 0: the trainer as its cell made it (**Reset settings**)."""
        self.pause()
        initial = {name: self.initial[name] for name in self.controls}
        need = self.run.update(**initial)
        for name, value in initial.items():
            self._set_quietly(name, (value or 0) if name == "batch_size" else value)
        if not self.basic:
            self.show_unit_maps.value = False
            self.unit_layer.value = 1
        if need == "data":
            self._new_data()
        else:
            self.restart()

    def step(self, n: int = 1) -> None:
        """Train ``n`` gradient descent steps now (synchronously), then redraw once."""
        self.run.step(n)
        self._render()

    def evaluate(self) -> dict[str, float]:
        """Loss and accuracy on the training and test points, and the L2 penalty."""
        return self.run.evaluate()

    def predict(self, points: Any) -> Any:
        """Class probabilities of the network at ``points`` (n, 2): what the picture shades."""
        return self.run.predict(points)

    def summary(self) -> str:
        """``step N: train loss …, test loss …, train accuracy …, test accuracy …`` (rounded)."""
        return self.run.summary()

    def architecture(self) -> str:
        """The network as ``2-8-2 tanh`` (a deep one as ``2-16×50-3 relu residual``)."""
        return self.run.architecture()

    def state(self) -> dict[str, Any]:
        """Every setting as a plain, JSON-ready dict: ``LiveTrainer.from_state`` rebuilds it."""
        return self.run.state()

    @classmethod
    def from_state(cls, state: dict[str, Any], **options: Any) -> LiveTrainer:
        """A trainer for the experiment of a :meth:`state` dict, at step 0; ``options`` are the
        widget's own (``controls``, ``max_steps``, ``max_steps_per_tick``)."""
        run = TrainingRun.from_state(state)
        return cls(data=run.custom, **dataclasses.asdict(run.settings), **options)

    @property
    def model(self) -> Any:
        return self.run.model

    @property
    def steps_done(self) -> int:
        return self.run.steps_done

    @property
    def history(self) -> dict[str, list[float]]:
        return self.run.history

    @property
    def X_train(self) -> Any:
        return self.run.X_train

    # ---- playing -------------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self._task is not None and not self._task.done()

    def play(self) -> None:
        """Train on the kernel's event loop, a few steps per tick, until Pause.

        Raises RuntimeError where no event loop is running (a plain Python script): use
        ``step(n)`` there.
        """
        if self.playing:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError(
                "Play trains on a running event loop, as in a Jupyter kernel, and there is none "
                "here (a plain Python script?): call trainer.step(n) instead"
            ) from None
        if self.run.diverged:
            self.speed.value = "diverged: change a setting or press Reset"
            return
        if self.run.steps_done >= self.max_steps:
            self.speed.value = f"stopped after {self.max_steps} steps (Reset to start over)"
            return
        self.play_button.disabled, self.pause_button.disabled = True, False
        self.speed.value = "playing"
        self._task = loop.create_task(self._play())

    def pause(self) -> None:
        """Stop playing. A tick is never cut in half: the run stops between two ticks."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
        self._stopped("paused")

    def _stopped(self, why: str) -> None:
        self.play_button.disabled, self.pause_button.disabled = False, True
        self.speed.value = why

    async def _play(self) -> None:
        began, ticks, steps = time.perf_counter(), 0, 0
        per_step: float | None = None  # seconds one training step takes, measured
        why = "paused"
        try:
            while True:
                left = self.max_steps - self.run.steps_done
                if self.run.diverged:
                    why = f"stopped: training diverged at step {self.run.diverged_at}"
                    break
                if left <= 0:
                    why = f"stopped after {self.max_steps} steps (Reset to start over)"
                    break
                tick = time.perf_counter()
                budget = TICK - self.last_render_seconds
                todo = 1 if per_step is None else int(budget / max(per_step, 1e-6))
                todo = max(1, min(todo, self.max_steps_per_tick, left))
                done = self.run.step(todo)
                if done:
                    per_step = (time.perf_counter() - tick) / done
                self._render(playing=True)
                if self._task is not asyncio.current_task():
                    break  # paused while this tick ran: say nothing more
                ticks, steps = ticks + 1, steps + done
                elapsed = time.perf_counter() - began
                if elapsed > 0.5:
                    self.speed.value = (
                        f"{ticks / elapsed:.0f} updates/s · {steps / elapsed:.0f} steps/s"
                    )
                    began, ticks, steps = time.perf_counter(), 0, 0
                await asyncio.sleep(max(BREATHE, TICK - (time.perf_counter() - tick)))
        except Exception as error:  # shown, never raised into the kernel's event loop
            why = "stopped by an error"
            self._show_alert(f"{type(error).__name__}: {error}")
        finally:
            if self._task is asyncio.current_task():
                self._task = None
                self._stopped(why)

    # ---- pictures ------------------------------------------------------------------------------

    def _toggle_unit_maps(self) -> None:
        image = self.unit_maps_panel.image
        if self.show_unit_maps.value:
            image.layout.display = None
            self.unit_maps_panel.update(self.run, self.unit_layer.value)
        else:  # hidden and emptied: nothing to send while it is not shown
            image.layout.display, image.value = "none", b""

    def _on_unit_layer(self) -> None:
        if self.show_unit_maps.value:
            self.unit_maps_panel.update(self.run, self.unit_layer.value)

    def _draw_diagram_soon(self) -> None:
        """The diagram after a change: in a kernel it is drawn just after the other pictures
        have been sent, once for a burst of changes (a slider being dragged), since a network
        of a new shape needs a new drawing, the slowest picture of all (about 0.1 s); without
        an event loop, at once."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._draw_diagram()
            return
        if self._diagram_soon is None:
            self._diagram_soon = loop.call_later(DIAGRAM_DELAY, self._guarded(self._draw_diagram))

    def _draw_diagram(self) -> None:
        if self._diagram_soon is not None:
            self._diagram_soon.cancel()
            self._diagram_soon = None
        self.diagram_panel.update(self.run)
        self._drawn["diagram"] = time.perf_counter()

    def flush(self) -> bool:
        """Draw at once what is waiting to be drawn (the diagram after a change, see
        ``_draw_diagram_soon``), which a kernel does by itself a moment later; returns whether
        there was anything."""
        if self._diagram_soon is None:
            return False
        self._draw_diagram()
        return True

    def _show_alert(self, text: str) -> None:
        text = html.escape(text, quote=False)
        self.alert.value = self.sizes.text(f'<span style="color:#c00"><b>⚠ {text}</b></span>')
        self.alert.layout.display = None

    def _render(self, playing: bool = False) -> None:
        began = time.perf_counter()
        run = self.run
        self.boundary_panel.update(run)
        # While a deep network plays, the loss and the gradient panels take turns: each is
        # still redrawn about ten times a second, and a tick leaves more time for training.
        self._ticks += 1
        turns = playing and not self.basic and run.settings.depth * run.settings.width > 64
        if not turns or self._ticks % 2:
            self.loss_panel.update(run)
        if not self.basic:
            if not turns or not self._ticks % 2:
                self.gradient_panel.update(run)
            if not playing or not self.diagram_panel.fits(run):
                self._draw_diagram_soon()
            elif began - self._drawn["diagram"] > DIAGRAM_EVERY:
                self._draw_diagram()
            due = not playing or began - self._drawn["unit maps"] > UNIT_MAPS_EVERY
            if self.show_unit_maps.value and due:
                self.unit_maps_panel.update(run, self.unit_layer.value)
                self._drawn["unit maps"] = began
        self.info.value = self.sizes.text(f"<b>{html.escape(run.summary(), quote=False)}</b>")
        if run.diverged:
            self._show_alert(run.message)
        elif self.alert.value:
            self.alert.value, self.alert.layout.display = "", "none"
        self.last_render_seconds = time.perf_counter() - began

    def __repr__(self) -> str:
        s, defaults = self.run.settings, dataclasses.asdict(type(self.run.settings)())
        if self.run.custom is not None:
            where = f"your data ({len(self.run.custom[1])} points)"
        else:
            where = f"{s.dataset}, noise={s.noise:.2g}"
        extras = "".join(
            f", {name}={getattr(s, name)!r}"
            for name in ("n", "test_fraction", "init", "optimizer", "batch_size", "l2")
            if getattr(s, name) != defaults[name]
        )
        return (
            f"LiveTrainer({where}, seed={s.seed}, net {self.architecture()}, lr={s.lr:.3g}{extras})"
        )
