"""The shared argument checks: each refuses what it should, with a message naming the argument."""

import math

import numpy as np
import pytest

from helpers import validate


@pytest.mark.parametrize("value", [3, np.int64(3)])
def test_integer_accepts_whole_numbers(value):
    assert validate.integer("n", value, minimum=1) == 3
    assert type(validate.integer("n", value)) is int


@pytest.mark.parametrize("value", [True, 3.0, "3", None, 1 + 0j, np.bool_(True)])
def test_integer_refuses_other_kinds_with_a_type_error(value):
    with pytest.raises(TypeError, match=r"^n must be a whole number, got "):
        validate.integer("n", value)


def test_integer_range_is_named():
    with pytest.raises(ValueError, match=r"width must be a whole number >= 1, got 0"):
        validate.integer("width", 0, minimum=1)
    with pytest.raises(ValueError, match=r"from 1 to 5, got 6"):
        validate.integer("depth", 6, minimum=1, maximum=5)


@pytest.mark.parametrize("value", [0.5, 1, np.float32(0.5), np.int8(1)])
def test_real_accepts_numbers(value):
    assert validate.real("lr", value) == float(value)


@pytest.mark.parametrize("value", [True, "0.1", None, 1j, [0.1]])
def test_real_refuses_other_kinds(value):
    with pytest.raises(TypeError, match=r"^lr must be a real number, got "):
        validate.real("lr", value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, np.float64("nan")])
def test_real_refuses_non_finite(value):
    with pytest.raises(ValueError, match=r"lr must be a finite number"):
        validate.real("lr", value)


def test_real_may_allow_infinity_but_never_nan():
    assert validate.real("x", math.inf, finite=False) == math.inf
    with pytest.raises(ValueError):
        validate.real("x", math.nan, finite=False)


def test_real_refuses_integers_too_large_for_a_float():
    with pytest.raises(ValueError, match=r"a float can hold"):
        validate.real("x", 10**400)


def test_real_strict_minimum():
    with pytest.raises(ValueError, match=r"lr must be a number > 0, got 0"):
        validate.real("lr", 0, minimum=0, strict=True)
    assert validate.real("momentum", 0, minimum=0) == 0.0


def test_hint_is_appended():
    with pytest.raises(TypeError, match=r"; pass model.parameters\(\)$"):
        validate.integer("params", object(), hint="pass model.parameters()")


def test_choice():
    assert validate.choice("activation", "tanh", ("tanh", "relu")) == "tanh"
    with pytest.raises(
        ValueError, match=r"activation must be one of 'tanh', 'relu', got 'sigmoid'"
    ):
        validate.choice("activation", "sigmoid", ("tanh", "relu"))
    with pytest.raises(TypeError):
        validate.choice("activation", 3, ("tanh", "relu"))


def test_seed_none_is_the_default_not_fresh_randomness():
    assert validate.seed("seed", None, default=7) == 7
    assert validate.seed("seed", 3, default=7) == 3
    with pytest.raises(ValueError, match="seed must be a whole number >= 0"):
        validate.seed("seed", -1, default=0)


def test_function():
    assert validate.function("f", abs) is abs
    with pytest.raises(TypeError, match=r"f must be a function, got 3"):
        validate.function("f", 3)


def test_array_shapes_and_kinds():
    X = validate.array("X", [[1, 2], [3, 4]], shape=(None, 2))
    assert X.dtype == np.float64 and X.shape == (2, 2)
    with pytest.raises(ValueError, match=r"shape \(any, 2\), got array\(\[\[0.0.*is \(2, 3\)$"):
        validate.array("X", np.zeros((2, 3)), shape=(None, 2))
    with pytest.raises(ValueError, match=r"with 1 axes"):
        validate.array("y", np.zeros((2, 3)), ndim=1)
    with pytest.raises(TypeError, match=r"real numbers"):
        validate.array("X", [1j])
    with pytest.raises(TypeError):
        validate.array("X", "abc")
    with pytest.raises(ValueError, match=r"regular shape"):
        validate.array("X", [[1, 2], [3]])
    with pytest.raises(ValueError, match=r"at least 1 entries"):
        validate.array("X", [])


def test_array_names_the_first_non_finite_entry():
    with pytest.raises(ValueError, match=r"finite numbers only.*entry \(1, 0\) is nan"):
        validate.array("X", [[0.0, 1.0], [np.nan, 2.0]])


def test_shown_shortens_huge_values():
    assert len(validate.shown("x" * 10**6)) < 80
    assert "shape (1000,)" in validate.shown(np.zeros(1000))
    assert len(validate.shown(list(range(10**5)))) < 80

    class Broken:
        def __repr__(self):
            raise RuntimeError

    assert "Broken" in validate.shown(Broken())


def test_whole_number_limits_are_written_in_full():
    with pytest.raises(ValueError, match=r"from 0 to 4294967295, got 4294967296"):
        validate.integer("seed", 2**32, minimum=0, maximum=2**32 - 1)
