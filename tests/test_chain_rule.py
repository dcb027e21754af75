"""helpers.widgets.ChainRuleExplorer: right numbers, driven from code, a fast and correct redraw,
a Reset, presenter sizes, and errors said at the door or in the view, never as a traceback."""

from __future__ import annotations

import io
import math

import autograd.numpy as anp
import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import numpy as np
import pytest
from autograd import grad
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import plot
from helpers.gradcheck import numerical_derivative
from helpers.widgets import ChainRuleExplorer
from helpers.widgets.chain_rule import FUNCTIONS, chain_rule_numbers

# The same functions written for HIPS autograd, an independent differentiation engine.
AUTOGRAD = {
    "sin": anp.sin,
    "cos": anp.cos,
    "exp": anp.exp,
    "x^2": lambda x: x**2,
    "x^3": lambda x: x**3,
    "tanh": anp.tanh,
    "sigmoid": lambda x: 1 / (1 + anp.exp(-x)),
    "3x": lambda x: 3 * x,
}


def pixels(png: bytes | memoryview) -> np.ndarray:
    return mpimg.imread(io.BytesIO(bytes(png)), format="png")


@pytest.fixture(scope="module")
def explorer() -> ChainRuleExplorer:
    return ChainRuleExplorer()


def test_every_function_and_its_hand_derivative_agree_with_autograd() -> None:
    assert set(AUTOGRAD) == set(FUNCTIONS)
    for key, e in FUNCTIONS.items():
        for x in (-1.7, -0.3, 0.0, 0.4, 1.9):
            assert float(e.f(x)) == pytest.approx(AUTOGRAD[key](x), rel=1e-12, abs=1e-15)
            assert float(e.df(x)) == pytest.approx(grad(AUTOGRAD[key])(x), rel=1e-9, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted(FUNCTIONS)),
    st.sampled_from(sorted(FUNCTIONS)),
    st.floats(-2.0, 2.0, allow_nan=False),
)
def test_the_product_of_slopes_is_the_slope_of_the_composition(f: str, g: str, x: float) -> None:
    numbers = chain_rule_numbers(f, g, x)
    outer, inner = AUTOGRAD[f], AUTOGRAD[g]
    exact = grad(lambda t: outer(inner(t)))(x)
    assert numbers["product"] == pytest.approx(exact, rel=1e-9, abs=1e-9)
    assert numbers["numerical"] == pytest.approx(exact, rel=1e-5, abs=1e-6)


def test_summary_gives_the_hand_derived_numbers_for_sin_of_x_squared(explorer) -> None:
    explorer.f.value, explorer.g.value, explorer.x.value = "sin", "x^2", 1.5
    # By hand: u = 2.25, g'(x) = 2x = 3, f'(u) = cos(2.25) = -0.62817, product -1.8845.
    assert explorer.summary().splitlines() == [
        "y = f(g(x)) = sin(x²) at x = 1.5",
        "u = g(x) = x² = 2.25",
        "inner slope g'(x) = 3",
        "outer slope f'(u) = -0.6282",
        "chain rule f'(g(x)) · g'(x) = -1.885",
        "numerical slope of f(g(x)) = -1.885",
    ]
    assert explorer.numbers["product"] == pytest.approx(3 * math.cos(2.25))
    assert explorer.summary() in explorer.readout.value  # the text under the picture


def test_a_zero_slope_prints_as_0_not_as_rounding_noise(explorer) -> None:
    explorer.f.value, explorer.g.value, explorer.x.value = "cos", "x^2", 0.0
    lines = explorer.summary().splitlines()
    assert lines[2:] == [
        "inner slope g'(x) = 0",
        "outer slope f'(u) = 0",
        "chain rule f'(g(x)) · g'(x) = 0",
        "numerical slope of f(g(x)) = 0",
    ]


def test_repr_is_short_and_follows_the_controls(explorer) -> None:
    explorer.f.value, explorer.g.value, explorer.x.value = "exp", "3x", 0.25
    assert repr(explorer) == "ChainRuleExplorer(f=exp, g=3x, x=0.25)"
    assert explorer._repr_mimebundle_()["text/plain"] == repr(explorer)


def test_driving_the_controls_redraws_the_picture(explorer) -> None:
    explorer.f.value, explorer.g.value, explorer.x.value = "sin", "x^2", 0.5
    before = bytes(explorer.image.value)
    assert before.startswith(b"\x89PNG")
    explorer.x.value = 1.0
    moved = bytes(explorer.image.value)
    explorer.g.value = "tanh"
    changed = bytes(explorer.image.value)
    assert len({before, moved, changed}) == 3


def test_the_fast_redraw_gives_the_picture_a_fresh_explorer_draws(explorer) -> None:
    # Move x and switch functions back and forth, so that pictures come from the cache and only
    # the tangents are drawn anew; each must equal a fresh explorer's first, full drawing.
    explorer.f.value, explorer.g.value = "sin", "x^2"
    for x in (-1.0, 0.3, 1.7):
        explorer.x.value = x
    for f, g, x in [("exp", "x^2", 0.8), ("sin", "x^2", 0.8), ("sin", "tanh", -1.1)]:
        explorer.f.value, explorer.g.value, explorer.x.value = f, g, x
        fresh = ChainRuleExplorer(f=f, g=g, x=x)
        assert np.array_equal(pixels(explorer.image.value), pixels(fresh.image.value)), (f, g, x)
    # and the tangents really move: the picture at another x differs
    explorer.x.value = 1.7
    assert not np.array_equal(pixels(explorer.image.value), pixels(fresh.image.value))


def test_the_cache_of_pictures_stays_small() -> None:
    explorer = ChainRuleExplorer()
    for f in FUNCTIONS:
        for g in ("sin", "exp"):
            explorer.f.value, explorer.g.value = f, g
    assert len(explorer._live._backgrounds) <= 12


def test_the_explorer_leaves_pyplot_alone() -> None:
    before = plt.get_fignums()
    explorer = ChainRuleExplorer()
    explorer.x.value = 1.2
    explorer.f.value = "tanh"
    assert plt.get_fignums() == before


def test_snapshot_is_the_current_picture(explorer) -> None:
    assert explorer.snapshot().data == bytes(explorer.image.value)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"f": "log"}, ValueError, "f must be one of 'sin', 'cos'.*got 'log'"),
        ({"g": "x**2"}, ValueError, "g must be one of .*got 'x\\*\\*2'"),
        ({"f": ["sin"]}, TypeError, "f must be one of"),
        ({"x": 3.0}, ValueError, "x=3.0 lies outside the slider's range \\(-2.0, 2.0\\)"),
        ({"x": -2.5}, ValueError, "lies outside the slider's range"),
        ({"x": float("nan")}, ValueError, "x must be"),
        ({"x": "1"}, TypeError, "x must be"),
        ({"x": True}, TypeError, "x must be"),
        ({"xlim": (1.0, -1.0), "x": 0.0}, ValueError, "low < high"),
        ({"xlim": 0}, TypeError, "xlim must be a pair \\(low, high\\)"),
        ({"xlim": (0, float("inf"))}, ValueError, "xlim\\[1\\] must be"),
        ({"f": "exp", "g": "exp", "xlim": (-10, 10)}, ValueError, "overflows"),
    ],
)
def test_bad_arguments_are_explained(kwargs: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        ChainRuleExplorer(**kwargs)


def test_an_argument_on_the_edge_of_the_range_is_kept_exactly() -> None:
    assert ChainRuleExplorer(x=-2.0).x.value == -2.0  # inside the range: nothing is clamped
    assert ChainRuleExplorer(x=1, xlim=[0, 3]).x.max == 3.0


@pytest.mark.parametrize(
    ("outer", "inner", "formula"),
    [
        ("sin", "x^2", "sin(x²)"),
        ("x^2", "sin", "sin(x)²"),
        ("x^2", "3x", "(3x)²"),
        ("3x", "3x", "3(3x)"),
        ("x^3", "x^2", "(x²)³"),
        ("sigmoid", "x^3", "σ(x³)"),
        ("x^2", "sigmoid", "σ(x)²"),
    ],
)
def test_formulas_of_compositions_read_correctly(outer: str, inner: str, formula: str) -> None:
    assert FUNCTIONS[outer].formula(FUNCTIONS[inner].formula("x")) == formula


def test_the_numerical_slope_is_a_central_difference(explorer) -> None:
    explorer.f.value, explorer.g.value, explorer.x.value = "exp", "sin", -0.7
    expected = numerical_derivative(lambda t: np.exp(np.sin(t)), -0.7)
    assert explorer.numbers["numerical"] == expected


def test_reset_puts_every_control_back_where_the_constructor_set_it() -> None:
    explorer = ChainRuleExplorer(f="cos", g="3x", x=-0.4)
    first_picture, first_text = bytes(explorer.image.value), explorer.readout.value
    explorer.f.value, explorer.g.value, explorer.x.value = "sigmoid", "x^3", 1.5
    assert bytes(explorer.image.value) != first_picture
    explorer.reset_button.click()  # as a click in the browser
    assert (explorer.f.value, explorer.g.value, explorer.x.value) == ("cos", "3x", -0.4)
    assert repr(explorer) == "ChainRuleExplorer(f=cos, g=3x, x=-0.4)"
    assert np.array_equal(pixels(explorer.image.value), pixels(first_picture))
    assert explorer.readout.value == first_text
    explorer.x.value = 0.3  # and the explorer still follows its controls afterwards
    assert "at x = 0.3" in explorer.readout.value


def test_reset_redraws_once(monkeypatch) -> None:
    explorer = ChainRuleExplorer()
    explorer.f.value, explorer.g.value, explorer.x.value = "exp", "tanh", 1.0
    drawn = []
    monkeypatch.setattr(explorer, "_set_x", lambda: drawn.append(explorer.x.value))
    explorer.reset()
    assert drawn == [0.5]


def test_choosing_functions_that_overflow_is_said_in_the_view_not_raised() -> None:
    explorer = ChainRuleExplorer(xlim=(-8.0, 8.0))
    explorer.f.value = "exp"
    picture = bytes(explorer.image.value)  # exp(x²) can be drawn
    explorer.g.value = "exp"  # exp(exp(8)) overflows: this must not raise from the handler
    assert "cannot draw this" in explorer.readout.value and "overflows" in explorer.readout.value
    assert bytes(explorer.image.value) == picture
    explorer.x.value = 1.0  # moving x keeps saying so, rather than drawing the old functions
    assert "cannot draw this" in explorer.readout.value
    explorer.g.value = "tanh"  # a pair that can be drawn brings picture and numbers back
    assert "y = f(g(x)) = exp(tanh(x)) at x = 1" in explorer.readout.value
    assert bytes(explorer.image.value) != picture


def test_a_handler_never_raises_even_from_an_unexpected_failure(monkeypatch) -> None:
    explorer = ChainRuleExplorer()

    def broken() -> None:
        raise RuntimeError("planted failure")

    monkeypatch.setattr(explorer._panels, "set_x", lambda x: broken())
    explorer.x.value = 1.0
    assert "cannot draw this: planted failure" in explorer.readout.value


@pytest.fixture
def presenter():
    plot.use_style(presenter=True)
    yield
    plot.use_style(presenter=False)


def font_px(html: str) -> int:
    return int(html.split("font-size: ")[1].split("px")[0])


def test_in_presenter_style_numbers_are_large_and_above_the_picture(presenter) -> None:
    explorer = ChainRuleExplorer()
    views = [child for child in explorer.children if child in (explorer.readout, explorer.image)]
    assert views == [explorer.readout, explorer.image]
    assert font_px(explorer.readout.value) >= 20 and "column-count: 2" in explorer.readout.value
    assert explorer.summary() in explorer.readout.value
    for control in (explorer.f, explorer.g, explorer.reset_button):
        assert int(control.layout.height.removesuffix("px")) >= 44
    assert plot.PRESENTER_CLASS in explorer._dom_classes
    assert explorer.image.layout.width == "100%"


def test_in_presenter_style_the_picture_is_larger(presenter) -> None:
    large = pixels(ChainRuleExplorer().image.value).shape
    plot.use_style(presenter=False)
    small_explorer = ChainRuleExplorer()
    small = pixels(small_explorer.image.value).shape
    assert large[0] > 1.3 * small[0] and large[1] > 1.3 * small[1]
    assert font_px(small_explorer.readout.value) == 13  # the student style is left as it was
    assert small_explorer.children[-1] is small_explorer.readout
    assert small_explorer.f.layout.height is None
