"""A live trainer in the spirit of TensorFlow Playground: watch a network learn a 2-D dataset.

A small ``helpers.nn.MLP`` is trained with momentum SGD on the full training set, one gradient
descent step (Book §1.3) per step; the decision boundary and the loss curves update as it learns.

- **Play** trains in a background thread, a few steps per tick, and redraws after each tick,
  so the notebook stays responsive; **Pause** stops it (and Play stops by itself after
  ``max_steps`` steps, so a forgotten trainer does not run forever).
- **Step** trains a few steps at once; ``trainer.step(n)`` does n steps synchronously from code,
  which is what tests and notebook cells use: the same seed gives the same numbers every run.
- **Reset** starts training over from the initial weights. Changing the activation, width or
  depth starts over with a new network (``restart()``); changing the dataset, noise or seed
  also draws new data (``reset()``). Changing the learning rate takes effect at the next step.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FuncFormatter

from helpers import data, nn, optim
from helpers.boundary import BoundaryPlot
from helpers.functional import cross_entropy, softmax
from helpers.widgets.render import LiveFigure, image_view, offscreen_figure

DATASETS = {"moons": data.moons, "circles": data.circles, "xor": data.xor, "spirals": data.spirals}
LOSS_RANGE = (1e-3, 5.0)


class LiveTrainer(widgets.VBox):
    """Play/Pause, Step and Reset; learning rate, activation, width, depth, dataset, noise, seed.

    Drive it from code: set a control's ``.value``, call ``step(n)``, ``restart()``, ``reset()``,
    ``play()``, ``pause()`` or ``.click()`` a button. ``summary()`` is a rounded one-line report;
    ``evaluate()`` the numbers behind it. The updates per second of a playing trainer are shown
    in its ``speed`` label (never in the repr or the summary, which must not depend on timing).
    """

    def __init__(
        self,
        dataset: str = "moons",
        noise: float = 0.1,
        seed: int = 0,
        hidden: int = 8,
        layers: int = 1,
        activation: str = "tanh",
        lr: float = 0.1,
        n: int = 200,
        momentum: float = 0.9,
        steps_per_tick: int = 5,
        max_steps: int = 3000,
    ) -> None:
        if dataset not in DATASETS:
            raise ValueError(f"unknown dataset {dataset!r}; choose one of {', '.join(DATASETS)}")
        self.n, self.momentum = int(n), float(momentum)
        self.steps_per_tick, self.max_steps = int(steps_per_tick), int(max_steps)
        style = {"description_width": "105px"}
        wide = widgets.Layout(width="340px")
        self.play_button = widgets.Button(description="Play", icon="play", button_style="success")
        self.pause_button = widgets.Button(description="Pause", icon="pause", disabled=True)
        self.step_button = widgets.Button(
            description="Step ×10", icon="step-forward", tooltip="train 10 steps"
        )
        self.reset_button = widgets.Button(
            description="Reset", icon="refresh", tooltip="new initial weights"
        )
        self.lr = widgets.FloatLogSlider(
            value=lr, base=10, min=-3, max=0.5, step=0.05, description="learning rate",
            readout_format=".3g", style=style, layout=wide,
            continuous_update=False,  # no rounded echoes of values set from code (see descent.py)
        )  # fmt: skip
        self.activation = widgets.Dropdown(
            options=list(nn.ACTIVATIONS), value=activation, description="activation", style=style
        )
        self.hidden = widgets.IntSlider(
            value=hidden, min=1, max=32, description="hidden width", style=style, layout=wide
        )
        self.layers = widgets.IntSlider(
            value=layers, min=1, max=3, description="hidden layers", style=style, layout=wide
        )
        self.dataset = widgets.Dropdown(
            options=list(DATASETS), value=dataset, description="dataset", style=style
        )
        self.noise = widgets.FloatSlider(
            value=noise, min=0.0, max=0.5, step=0.05, description="noise", style=style, layout=wide
        )
        self.seed = widgets.BoundedIntText(
            value=seed, min=0, max=9999, description="seed", style=style, layout=wide
        )
        self.info = widgets.HTML()
        self.speed = widgets.Label("paused")
        # Two panels, each its own off-screen figure and image: new data redraws only the data
        # panel. Fixed margins (room for the widest tick labels of any dataset) keep the panels
        # from jumping when the data changes and spare a tight_layout per reset.
        self.fig_data = offscreen_figure((4.75, 3.9))
        self.ax_data = self.fig_data.subplots()
        self.fig_data.subplots_adjust(left=0.19, right=0.97, bottom=0.15, top=0.85)
        self.fig_loss = offscreen_figure((4.25, 3.9))
        self.ax_loss = self.fig_loss.subplots()
        self.fig_loss.subplots_adjust(left=0.2, right=0.96, bottom=0.15, top=0.85)
        self.live_data = LiveFigure(self.fig_data, lambda: [*self.boundary.artists(), self._title])
        self.live_loss = LiveFigure(self.fig_loss, lambda: [self._train_line, self._test_line])
        self._draw_loss_axes()
        self.data_image, self.loss_image = image_view(self.fig_data), image_view(self.fig_loss)
        self.last_render_seconds = 0.0
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.reset()

        self.play_button.on_click(lambda _: self.play())
        self.pause_button.on_click(lambda _: self.pause())
        self.step_button.on_click(lambda _: self.step(10))
        self.reset_button.on_click(lambda _: self.restart())
        self.lr.observe(self._on_lr, names="value")
        for control in (self.dataset, self.noise, self.seed):
            control.observe(lambda _: self.reset(), names="value")
        for control in (self.activation, self.hidden, self.layers):
            control.observe(lambda _: self.restart(), names="value")
        buttons = widgets.HBox(
            [self.play_button, self.pause_button, self.step_button, self.reset_button]
        )
        controls = widgets.HBox(
            [
                widgets.VBox([self.dataset, self.noise, self.seed]),
                widgets.VBox([self.activation, self.hidden, self.layers, self.lr]),
            ]
        )
        pictures = widgets.HBox(
            [self.data_image, self.loss_image], layout=widgets.Layout(flex_flow="row wrap")
        )
        super().__init__([buttons, controls, pictures, widgets.HBox([self.info, self.speed])])

    # ---- training ------------------------------------------------------------------------------

    def reset(self) -> None:
        """New data (dataset, noise, seed) and new initial weights; nothing trained yet."""
        with self._lock:
            make = DATASETS[self.dataset.value]
            X, y = make(n=self.n, noise=self.noise.value, seed=self.seed.value)
            self.X_train, self.X_test, self.y_train, self.y_test = data.train_test_split(
                X, y, test_fraction=0.25, seed=self.seed.value
            )
            self.classes = int(y.max()) + 1
            self._draw_static()
            self.restart()

    def restart(self) -> None:
        """New initial weights for the same data (after a change of activation, width or depth).

        The points and axes stay as they are, so only the boundary and the loss curves are
        redrawn: fast enough to drag the width slider live.
        """
        with self._lock:
            sizes = [2] + [self.hidden.value] * self.layers.value + [self.classes]
            self.model = nn.MLP(sizes, activation=self.activation.value, rng=self.seed.value)
            self.optimizer = optim.SGD(
                self.model.parameters(), lr=self.lr.value, momentum=self.momentum
            )
            self.steps_done = 0
            self.history: dict[str, list[float]] = {"train": [], "test": []}
            self._render()

    def _on_lr(self, change: Any = None) -> None:
        with self._lock:
            self.optimizer.lr = float(self.lr.value)

    def _one_step(self) -> None:
        loss = cross_entropy(self.model(self.X_train), self.y_train)
        test_loss = cross_entropy(self.model(self.X_test).detach(), self.y_test)
        self.history["train"].append(loss.item())
        self.history["test"].append(test_loss.item())
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        self.steps_done += 1

    def step(self, n: int = 1) -> None:
        """Train ``n`` gradient descent steps now (synchronously), then redraw once."""
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 0:
            raise ValueError(f"step(n) needs a whole number of steps n >= 0, got {n!r}")
        with self._lock:
            for _ in range(int(n)):
                self._one_step()
            self._render()

    def evaluate(self) -> dict[str, float]:
        """Loss and accuracy on the training and test points, for the current weights."""
        with self._lock:
            result = {}
            for part, X, y in (
                ("train", self.X_train, self.y_train),
                ("test", self.X_test, self.y_test),
            ):
                logits = self.model(X).detach()
                result[f"{part} loss"] = cross_entropy(logits, y).item()
                result[f"{part} accuracy"] = float(np.mean(logits.data.argmax(axis=1) == y))
            return result

    def predict(self, points: np.ndarray) -> np.ndarray:
        """Class probabilities of the network at ``points`` (n, 2): what the picture shades."""
        return softmax(self.model(points).detach()).data

    # ---- playing -------------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def play(self) -> None:
        """Train in the background, ``steps_per_tick`` steps per redraw, until Pause."""
        if self.playing:
            return
        self._stop.clear()
        self.play_button.disabled, self.pause_button.disabled = True, False
        self._thread = threading.Thread(target=self._loop, name="LiveTrainer", daemon=True)
        self._thread.start()

    def pause(self) -> None:
        """Stop playing; returns once the background thread has finished its tick."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5.0)
        self._thread = None
        self.play_button.disabled, self.pause_button.disabled = False, True
        self.speed.value = "paused"

    def _loop(self) -> None:
        began, ticks, steps = time.perf_counter(), 0, 0
        try:
            while not self._stop.is_set() and self.steps_done < self.max_steps:
                with self._lock:
                    todo = min(self.steps_per_tick, self.max_steps - self.steps_done)
                    for _ in range(todo):
                        self._one_step()
                    self._render()
                ticks, steps = ticks + 1, steps + todo
                elapsed = time.perf_counter() - began
                if elapsed > 0.5:
                    self.speed.value = (
                        f"{ticks / elapsed:.0f} updates/s · {steps / elapsed:.0f} steps/s"
                    )
                    began, ticks, steps = time.perf_counter(), 0, 0
                self._stop.wait(0.005)  # let the kernel and the browser breathe
        except Exception as error:  # shown, not swallowed: the loop runs where nobody sees it
            self.info.value = f"<b>training stopped: {type(error).__name__}: {error}</b>"
        finally:
            self.play_button.disabled, self.pause_button.disabled = False, True
            if self.steps_done >= self.max_steps:
                self.speed.value = f"stopped after {self.max_steps} steps (Reset to start over)"
            else:
                self.speed.value = "paused"

    # ---- pictures ------------------------------------------------------------------------------

    def _draw_loss_axes(self) -> None:
        """The loss panel: log axes and two empty curves, drawn once (the data never moves it)."""
        ax = self.ax_loss
        ax.set_yscale("log")
        ax.set_ylim(*LOSS_RANGE)
        ax.minorticks_off()
        # plain decimals (0.01, 0.1, 1) read as well as powers of ten and draw 3x faster
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        (self._train_line,) = ax.plot([], [], label="training loss")
        (self._test_line,) = ax.plot([], [], label="test loss", linestyle="--")
        ax.legend(loc="lower left")
        ax.set_title("cross-entropy loss")
        ax.set_xlabel("step")
        ax.set_ylabel("loss (log scale)")
        self._xmax = 0

    def _draw_static(self) -> None:
        """The data panel for new data: limits, points and labels (the axes are reused, not
        cleared, which keeps a change of dataset fast)."""
        if hasattr(self, "boundary"):
            self.boundary.remove()
        self.boundary = BoundaryPlot(
            self.ax_data, self.X_train, self.y_train, resolution=70,
            title="\n", X_test=self.X_test, y_test=self.y_test,
        )  # fmt: skip
        self._title = self.ax_data.title
        self.live_data.invalidate()

    def _render(self) -> None:
        began = time.perf_counter()
        self.boundary.update(self.predict)
        scores = self.evaluate()
        self._title.set_text(
            f"step {self.steps_done}: train accuracy {scores['train accuracy']:.0%}\n"
            "● training points  ○ test points"
        )
        steps = np.arange(len(self.history["train"]))
        self._train_line.set_data(steps, self.history["train"])
        self._test_line.set_data(steps, self.history["test"])
        xmax = 100
        while xmax < len(steps):
            xmax *= 2
        if xmax != self._xmax:  # the step axis grows by doubling: a full redraw now and then
            self.ax_loss.set_xlim(0, xmax)
            self._xmax = xmax
            self.live_loss.invalidate()
        self.data_image.value = self.live_data.png()
        self.loss_image.value = self.live_loss.png()
        self.info.value = f"<b>{self.summary(scores)}</b> &nbsp; "
        self.last_render_seconds = time.perf_counter() - began

    # ---- reports ---------------------------------------------------------------------------------

    def architecture(self) -> str:
        """The network as ``2-8-2 tanh``: input, hidden widths, outputs, activation."""
        sizes = [2] + [self.hidden.value] * self.layers.value + [self.classes]
        return "-".join(map(str, sizes)) + f" {self.activation.value}"

    def summary(self, scores: dict[str, float] | None = None) -> str:
        """``step N: train loss …, test loss …, train accuracy …, test accuracy …`` (rounded)."""
        s = scores or self.evaluate()
        return (
            f"step {self.steps_done}: train loss {s['train loss']:.3f}, "
            f"test loss {s['test loss']:.3f}, train accuracy {s['train accuracy']:.1%}, "
            f"test accuracy {s['test accuracy']:.1%}"
        )

    def __repr__(self) -> str:
        return (
            f"LiveTrainer({self.dataset.value}, noise={self.noise.value:.2g}, "
            f"seed={self.seed.value}, net {self.architecture()}, lr={self.lr.value:.3g})"
        )
