"""The chain-rule explorer (Book §1.2): change the functions and the point, watch the slopes.

:class:`ChainRuleExplorer` puts equation (1.1) under the student's hand: choose an outer function f
and an inner function g, move x, and see the three panels of
:class:`helpers.plot.CompositionPanels` (g with its tangent at x, f with its tangent at u = g(x),
f∘g with its tangent at x) together with the product of the two slopes and the slope of f∘g
measured by a finite difference. ::

    explorer = ChainRuleExplorer(f="sin", g="x^2", x=0.5)
    explorer                         # the widget
    explorer.x.value = 1.5           # drive it from code ...
    print(explorer.summary())        # ... and read the rounded numbers

The figure lives off-screen (pyplot never sees it, so nothing leaks or is shown twice). Moving x
redraws only what moves (tangents and points) over a cached picture of the rest; choosing a new
pair of functions draws that picture once. The numbers are shown as text below the figure.

In front of a room (``HELPERS_PRESENT=1``, see :mod:`helpers.plot`) the controls are at least 44 px
tall, the numbers are 21-px text in two columns *above* the picture (so that they stay on a 720-px
screen) and the picture is drawn with the presenter style's larger fonts, filling the column.
Reset puts every control back where the constructor set it. A pair of functions that cannot be
drawn over the range (exp(exp(x)) overflows beyond x ≈ 6.5) is refused by the constructor with a
ValueError, and when chosen from the dropdowns it is said so in the view, never as a traceback.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import matplotlib as mpl
import numpy as np
from IPython.display import Image

from .. import plot, validate
from ..gradcheck import numerical_derivative
from ..plot import CompositionPanels
from ..tensor_rules import sigmoid
from .render import LiveFigure, offscreen_figure

Function = Callable[[np.ndarray], np.ndarray]
_CACHED_BACKGROUNDS = 12  # pictures of axes and curves kept, one per pair of functions (~1 MB each)


@dataclass(frozen=True)
class Elementary:
    """A function the explorer offers, with its derivative worked out by hand."""

    key: str  # what code sets: explorer.f.value = "exp"
    label: str  # what the dropdown shows
    template: str  # the formula with {} for the argument: "sin({})", "{}²"
    f: Function
    df: Function

    def formula(self, argument: str) -> str:
        """The formula applied to ``argument``: sin applied to "x²" is "sin(x²)"."""
        simple = re.fullmatch(r"[a-zσ]+(\(.*\))?", argument) is not None
        if self.template.startswith("{}") and not simple:
            argument = f"({argument})"  # (3x)², not 3x²
        if self.template.endswith("{}") and argument[:1].isdigit():
            argument = f"({argument})"  # 3(3x), not 33x
        return self.template.format(argument)


FUNCTIONS: dict[str, Elementary] = {
    e.key: e
    for e in (
        Elementary("sin", "sin", "sin({})", np.sin, np.cos),
        Elementary("cos", "cos", "cos({})", np.cos, lambda x: -np.sin(x)),
        Elementary("exp", "exp", "exp({})", np.exp, np.exp),
        Elementary("x^2", "x²", "{}²", np.square, lambda x: 2.0 * x),
        Elementary("x^3", "x³", "{}³", lambda x: x**3, lambda x: 3.0 * x**2),
        Elementary("tanh", "tanh", "tanh({})", np.tanh, lambda x: 1.0 - np.tanh(x) ** 2),
        Elementary(
            "sigmoid", "sigmoid σ", "σ({})", sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x))
        ),
        Elementary("3x", "3x", "3{}", lambda x: 3.0 * x, lambda x: 3.0 + 0.0 * x),
    )
}


def chain_rule_numbers(f: str, g: str, x: float) -> dict[str, float]:
    """Equation (1.1) at one point, for functions named by their keys in :data:`FUNCTIONS`.

    Returns x, u = g(x), the inner slope g'(x), the outer slope f'(u), their product
    f'(g(x)) · g'(x), and the slope of f(g(x)) measured by a central difference.
    """
    outer, inner = FUNCTIONS[f], FUNCTIONS[g]
    x = float(x)
    u = float(inner.f(x))
    g_slope, f_slope = float(inner.df(x)), float(outer.df(u))
    return {
        "x": x,
        "u": u,
        "g_slope": g_slope,
        "f_slope": f_slope,
        "product": f_slope * g_slope,
        "numerical": numerical_derivative(lambda t: outer.f(inner.f(t)), x),
    }


def _rounded(value: float) -> str:
    """4 significant digits, with noise below 1e-9 shown as 0 (never "-0" or "1e-11")."""
    value = round(float(value), 9) + 0.0
    return f"{value:.4g}"


def _limits(xlim: Any) -> tuple[float, float]:
    """``xlim`` as (low, high): two finite numbers with low < high, or a clear error."""
    if not isinstance(xlim, tuple | list) or len(xlim) != 2:
        raise TypeError(
            f"xlim must be a pair (low, high) such as (-2, 2), got {validate.shown(xlim)}"
        )
    low, high = (validate.real(f"xlim[{k}]", v) for k, v in enumerate(xlim))
    if not low < high:
        raise ValueError(f"xlim must be (low, high) with low < high, got {validate.shown(xlim)}")
    return low, high


class ChainRuleExplorer(widgets.VBox):
    """Choose f and g, move x: the slope of f(g(x)) is f'(g(x)) · g'(x), equation (1.1).

    Controls (set their ``.value`` from code to drive the explorer): ``f`` and ``g``, dropdowns
    whose values are the keys of :data:`FUNCTIONS` ("sin", "cos", "exp", "x^2", "x^3", "tanh",
    "sigmoid", "3x"), ``x``, a slider over ``xlim``, and ``reset_button`` (or :meth:`reset`),
    which puts all three back where the constructor set them. :meth:`summary` gives the current
    numbers as rounded text; :attr:`numbers` gives them unrounded.
    """

    def __init__(
        self,
        f: str = "sin",
        g: str = "x^2",
        x: float = 0.5,
        *,
        xlim: tuple[float, float] = (-2.0, 2.0),
    ) -> None:
        f = validate.choice("f", f, FUNCTIONS)
        g = validate.choice("g", g, FUNCTIONS)
        xlim = _limits(xlim)
        x = validate.real("x", x)
        if not xlim[0] <= x <= xlim[1]:
            raise ValueError(
                f"x={x} lies outside the slider's range {xlim}; pick x inside it or widen xlim"
            )
        self._initial = (f, g, x)
        self._quiet = False  # True while reset() sets the controls: one redraw, not three
        self._drawn: tuple[str, str] | None = None  # the pair of functions the picture shows
        presenting = plot.presenting()
        options = [(e.label, e.key) for e in FUNCTIONS.values()]
        wide = {"description_width": "initial"}
        self.f = widgets.Dropdown(
            options=options,
            value=f,
            description="outer f:",
            style=wide,
            layout=plot.control_layout(),
        )
        self.g = widgets.Dropdown(
            options=options,
            value=g,
            description="inner g:",
            style=wide,
            layout=plot.control_layout(),
        )
        self.x = widgets.FloatSlider(
            value=x,
            min=xlim[0],
            max=xlim[1],
            step=0.01,
            description="x",
            readout_format=".2f",
            continuous_update=True,
            layout=plot.control_layout(width="80%" if presenting else "60%"),
        )
        self.reset_button = widgets.Button(
            description="Reset",
            tooltip=f"back to f={f}, g={g}, x={x:g}",
            layout=plot.control_layout(width="auto"),
            style={"font_size": f"{plot.widget_text_px()}px"},
        )
        self.reset_button.on_click(lambda _button: self.reset())
        width, height = mpl.rcParams["figure.figsize"]
        self._figure = offscreen_figure((1.6 * width, height), dpi=80)
        self._panels = CompositionPanels(self._figure, xlim=xlim, numbers=False)
        self._live = LiveFigure(
            self._figure, lambda: self._panels.dynamic, keep=_CACHED_BACKGROUNDS
        )
        self.image = widgets.Image(
            format="png",
            layout=widgets.Layout(
                width="100%" if presenting else None, max_width="100%", height="auto"
            ),
        )
        # Two columns of large text in presenter style, so that the numbers fit above the picture.
        columns = "; column-count: 2; margin: 0" if presenting else ""
        self._readout_css = plot.text_css() + columns
        self.readout = widgets.HTML()
        controls = [widgets.HBox([self.f, self.g, self.reset_button]), self.x]
        views = [self.readout, self.image] if presenting else [self.image, self.readout]
        super().__init__([*controls, *views])
        plot.scaled_controls(self)
        self._set_functions()  # the constructor's functions: an overflow is the caller's ValueError
        self._set_x()
        self.f.observe(self._on_functions, names="value")
        self.g.observe(self._on_functions, names="value")
        self.x.observe(self._on_x, names="value")

    # -- the numbers -------------------------------------------------------------------------

    @property
    def numbers(self) -> dict[str, float]:
        """The current numbers, unrounded: see :func:`chain_rule_numbers`."""
        return chain_rule_numbers(self.f.value, self.g.value, self.x.value)

    def summary(self) -> str:
        """The current numbers as rounded text (4 significant digits), one per line."""
        outer, inner = FUNCTIONS[self.f.value], FUNCTIONS[self.g.value]
        n = {key: _rounded(value) for key, value in self.numbers.items()}
        return "\n".join(
            [
                f"y = f(g(x)) = {outer.formula(inner.formula('x'))} at x = {n['x']}",
                f"u = g(x) = {inner.formula('x')} = {n['u']}",
                f"inner slope g'(x) = {n['g_slope']}",
                f"outer slope f'(u) = {n['f_slope']}",
                f"chain rule f'(g(x)) · g'(x) = {n['product']}",
                f"numerical slope of f(g(x)) = {n['numerical']}",
            ]
        )

    def snapshot(self) -> Image:
        """The current picture as a static image, for notebooks read without a live kernel."""
        return Image(data=bytes(self.image.value), format="png")

    def reset(self) -> None:
        """Put f, g and x back where the constructor set them, and redraw once."""
        self._quiet = True
        try:
            self.f.value, self.g.value, self.x.value = self._initial
        finally:
            self._quiet = False
        self._redraw(functions=True)

    def __repr__(self) -> str:
        return f"ChainRuleExplorer(f={self.f.value}, g={self.g.value}, x={self.x.value:.3g})"

    # -- drawing -----------------------------------------------------------------------------

    def _set_functions(self) -> None:
        outer, inner = FUNCTIONS[self.f.value], FUNCTIONS[self.g.value]
        self._panels.set_functions(
            outer.f,
            inner.f,
            df=outer.df,
            dg=inner.df,
            inner=inner.formula("x"),
            outer=outer.formula("u"),
            composed=outer.formula(inner.formula("x")),
        )
        self._drawn = (self.f.value, self.g.value)

    def _set_x(self) -> None:
        """Move the tangents to the slider's x and show the new picture and numbers.

        Only the tangents and points are drawn; the rest of the picture (axes, curves, titles) is
        pasted from a cached background, drawn once per pair of functions (the last few are kept,
        so going back to an earlier pair is as fast as moving x).
        """
        self._panels.set_x(self.x.value)
        self.image.value = self._live.png(key=(self.f.value, self.g.value))
        self._say(self.summary())

    def _say(self, text: str) -> None:
        self.readout.value = (
            f'<pre style="{self._readout_css}">{html.escape(text, quote=False)}</pre>'
        )

    def _redraw(self, *, functions: bool) -> None:
        """Redraw after a control changed; a failure is shown in the view, never raised."""
        try:
            if functions or self._drawn != (self.f.value, self.g.value):
                self._set_functions()
            self._set_x()
        except Exception as error:  # a handler must not raise into the page: say it there
            self._say(f"cannot draw this: {error}\n(the picture still shows the last one drawn)")

    def _on_functions(self, _change: dict) -> None:
        if not self._quiet:
            self._redraw(functions=True)

    def _on_x(self, _change: dict) -> None:
        if not self._quiet:
            self._redraw(functions=False)
