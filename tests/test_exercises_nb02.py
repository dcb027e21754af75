"""Exercises of notebook 02: the appendix answer passes, typical mistakes get their explanation."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.exercises import evaluate
from helpers.exercises.nb02 import buggy_square_grad, k_gradients

IDS = ["02.1", "02.2", "02.3", "02.4"]


# -- 02.1: K = (x·y − z)·w at x=1.5, y=−2, z=4, w=3 ---------------------------------------------

RIGHT_K = {"x": -6.0, "y": 4.5, "z": -3.0, "w": -7.0}


def test_02_1_the_reference_gradients_are_the_hand_derived_ones() -> None:
    # ∂K/∂x = y·w, ∂K/∂y = x·w, ∂K/∂z = −w, ∂K/∂w = x·y − z, derived by hand.
    assert k_gradients() == RIGHT_K


def test_02_1_rounded_answers_pass() -> None:
    assert evaluate("02.1", {"x": -6, "y": 4.5, "z": -3, "w": -7.00001}).ok


@pytest.mark.parametrize(
    ("key", "value", "phrase"),
    [
        ("x", -2.0, "forgot the upstream gradient"),
        ("x", 4.5, "OTHER factor"),
        ("z", -1.0, "forgot the upstream gradient"),
        ("z", 3.0, "wrong sign"),
        ("w", -21.0, "value of K"),
        ("w", 3.0, "not w itself"),
        ("w", 1.0, "add z instead of subtracting"),
    ],
)
def test_02_1_typical_mistakes_are_explained(key: str, value: float, phrase: str) -> None:
    feedback = evaluate("02.1", {**RIGHT_K, key: value})
    assert feedback.status == "wrong"
    assert phrase in feedback.message
    assert f"∂K/∂{key}" in feedback.message


def test_02_1_every_wrong_gradient_is_named() -> None:
    feedback = evaluate("02.1", {"x": -2.0, "y": 1.5, "z": -3.0, "w": -7.0})
    assert "∂K/∂x" in feedback.message and "∂K/∂y" in feedback.message
    assert "∂K/∂z" not in feedback.message


@pytest.mark.parametrize("answer", [-6.0, [-6.0, 4.5, -3.0, -7.0], {"x": -6.0}])
def test_02_1_wrong_shape_says_what_to_give(answer) -> None:
    feedback = evaluate("02.1", answer)
    assert feedback.status == "wrong"
    assert "dict" in feedback.message or "the key 'y' is missing" in feedback.message


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ({"x": -6.0, "y": 4.5, "z": -3.0, "W": -7.0}, "the key 'W' should be 'w'"),
        ({"x": -6.0, "y": 4.5, "z": -3.0, "w": -7.0, "u": 3.0}, "'u' is not an input of K"),
        ({"x": -6.0, "y": 4.5, "z": -3.0}, "the key 'w' is missing"),
    ],
)
def test_02_1_a_misspelt_extra_or_missing_key_is_named(answer, phrase: str) -> None:
    feedback = evaluate("02.1", answer)
    assert feedback.status == "wrong" and phrase in feedback.message, feedback.message


# -- 02.2: q = p·p at p = −3 with the class that uses = ------------------------------------------


def test_02_2_the_buggy_class_reports_half_the_derivative() -> None:
    assert buggy_square_grad(-3.0) == -3.0
    assert buggy_square_grad(5.0) == 5.0  # p, not 2p


def test_02_2_the_messages_use_the_notebooks_letters() -> None:
    """02 writes the exercise as q = p·p (a, b, c, f, e, d name the nodes of L)."""
    message = evaluate("02.2", (-3.0, 9.0)).message
    assert "q = p² itself" in message and "a²" not in message


def test_02_2_swapped_answers_are_explained() -> None:
    feedback = evaluate("02.2", (-6.0, -3.0))
    assert feedback.status == "wrong"
    assert "overwrites" in feedback.message and "what the buggy class reports" in feedback.message


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [((0.0, -6.0), "nothing is ever added"), ((-3.0, 9.0), "not its derivative")],
)
def test_02_2_typical_mistakes_are_explained(answer, phrase: str) -> None:
    feedback = evaluate("02.2", answer)
    assert feedback.status == "wrong" and phrase in feedback.message


def test_02_2_a_single_number_asks_for_two() -> None:
    assert "give 2 numbers" in evaluate("02.2", -6.0).message


def test_02_2_an_array_of_the_two_right_numbers_passes() -> None:
    assert evaluate("02.2", np.array([-3.0, -6.0])).ok


# -- 02.3: local derivatives of a / b -----------------------------------------------------------


def test_02_3_any_correct_form_passes() -> None:
    assert evaluate("02.3", lambda a, b: (b**-1, -a * b**-2)).ok
    assert evaluate("02.3", lambda a, b: [1 / b, -(a / b) / b]).ok


@pytest.mark.parametrize(
    ("function", "phrase"),
    [
        (lambda a, b: (1 / b, a / b**2), "wrong sign"),
        (lambda a, b: (1 / b, -1 / b**2), "forgot the factor a"),
        (lambda a, b: (1 / b, -a / b), "must be squared"),
        (lambda a, b: (b, -a / b**2), "times the constant 1/b"),
        (lambda a, b: (a / b, -a / b**2), "value of the division"),
    ],
)
def test_02_3_typical_mistakes_are_explained(function, phrase: str) -> None:
    feedback = evaluate("02.3", function)
    assert feedback.status == "wrong" and phrase in feedback.message


def test_02_3_an_unrecognised_mistake_is_compared_with_a_finite_difference() -> None:
    feedback = evaluate("02.3", lambda a, b: (1 / b, 0.0))
    assert feedback.status == "wrong"
    assert "finite difference gives -0.75" in feedback.message
    assert "∂out/∂a" not in feedback.message


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (0.5, "should be your function itself"),
        (lambda a, b: 1 / b, "should return 2 values"),
        (lambda a, b: ("x", "y"), "should be a number"),
    ],
)
def test_02_3_malformed_answers_say_what_to_give(answer, phrase: str) -> None:
    feedback = evaluate("02.3", answer)
    assert feedback.status == "wrong" and phrase in feedback.message


def test_02_3_the_unchanged_template_says_which_part_is_still_open() -> None:
    feedback = evaluate("02.3", lambda a, b: (1 / b, ...))
    assert feedback.status == "open" and "∂out/∂b is still ..." in feedback.message


def test_02_3_an_array_of_the_two_derivatives_passes() -> None:
    assert evaluate("02.3", lambda a, b: np.array([1 / b, -a / b**2])).ok


def test_02_3_a_function_that_raises_is_reported_not_crashed() -> None:
    feedback = evaluate("02.3", lambda a, b: 1 / 0)
    assert feedback.status == "wrong" and "ZeroDivisionError" in feedback.message


# -- 02.4: find the bug -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("letter", "phrase"),
    [("a", "overwrite"), ("c", "self.data"), ("d", "a.grad comes out -3 instead of 6")],
)
def test_02_4_each_wrong_choice_explains_itself(letter: str, phrase: str) -> None:
    feedback = evaluate("02.4", letter)
    assert feedback.status == "wrong" and phrase in feedback.message


def test_02_4_the_right_choice_shows_the_numbers() -> None:
    feedback = evaluate("02.4", " B ")
    assert feedback.ok and "-3 instead of 6" in feedback.message


def test_02_4_the_numbers_in_the_explanation_are_those_of_L() -> None:
    """The explanations of (b) and (d) quote e.grad and a.grad of L = (a·b + c)·f with
    a=2, b=−3, c=10, f=−2, as a backward pass computes them, and the buggy a.grad (= b)."""
    from helpers.scalar import Value

    a, b = Value(2.0), Value(-3.0)
    e = a * b
    L = (e + Value(10.0)) * Value(-2.0)
    L.backward()
    for letter in ("b", "d"):
        message = evaluate("02.4", letter).message
        assert f"receives grad {e.grad:g}" in message, message
        assert f"a.grad would be {b.data:g} instead of {a.grad:g}" in message or (
            f"a.grad comes out {b.data:g} instead of {a.grad:g}" in message
        ), message
