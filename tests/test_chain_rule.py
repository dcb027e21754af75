"""helpers.widgets.ChainRuleExplorer: right numbers, driven from code, a fast and correct redraw."""

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

from helpers.gradcheck import numerical_derivative
from helpers.widgets import ChainRuleExplorer
from helpers.widgets.explorers import FUNCTIONS, chain_rule_numbers

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
    ("kwargs", "message"),
    [
        ({"f": "log"}, "f='log' is not one of the explorer's functions; choose one of 'sin'"),
        ({"g": "x**2"}, "g='x\\*\\*2' is not one of"),
        ({"x": 3.0}, "x=3.0 lies outside the slider's range"),
        ({"xlim": (1.0, -1.0), "x": 0.0}, "low < high"),
    ],
)
def test_bad_arguments_are_explained(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ChainRuleExplorer(**kwargs)


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
