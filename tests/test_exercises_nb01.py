"""Exercises 01.1-01.5: the appendix answers pass, typical mistakes are named, ``...`` is open.

The expected values are derived by hand here, independently of the checkers:
01.2: d/dx sin(x²) = 2x cos(x²), at 1.5: 3 cos 2.25 ≈ -1.8845;
01.4: 0.25¹⁰ = 1 / 1048576;
01.5: y = u²v, u = cos x, v = e^x, so y(x) = cos²x · e^x, whose derivative we check numerically.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers.exercises import REGISTRY, evaluate
from helpers.gradcheck import numerical_derivative

IDS = ["01.1", "01.2", "01.3", "01.4", "01.5"]


def test_every_exercise_of_notebook_01_is_tested_here() -> None:
    assert sorted(k for k in REGISTRY if k.startswith("01.")) == IDS


# 01.1 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("letter", "words"), [("a", "truncation error"), ("c", "rounding"), ("d", "noise")]
)
def test_01_1_each_wrong_step_is_explained(letter: str, words: str) -> None:
    feedback = evaluate("01.1", letter)
    assert feedback.status == "wrong" and words in feedback.message


def test_01_1_the_stated_best_step_really_is_best_for_sin_at_1() -> None:
    errors = {
        h: abs((math.sin(1 + h) - math.sin(1 - h)) / (2 * h) - math.cos(1))
        for h in (0.1, 1e-5, 1e-10, 1e-15)
    }
    assert min(errors, key=errors.get) == 1e-5


# 01.2 ------------------------------------------------------------------------------------------


def test_01_2_accepts_any_correct_form() -> None:
    assert evaluate("01.2", 2 * 1.5 * math.cos(2.25)).ok
    assert evaluate("01.2", -1.885).ok  # four significant digits, typed by hand
    assert evaluate("01.2", np.float64(numerical_derivative(lambda x: math.sin(x * x), 1.5))).ok


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (math.cos(2.25), "forgot to multiply by the inner derivative"),
        (math.cos(2.25) * 1.5, "the derivative of x² is 2x"),
        (math.cos(1.5) * 3, "at u = g(x)"),
        (-3 * math.cos(2.25), "not −cos"),
        (math.sin(2.25), "the value sin(x²) itself"),
        (math.cos(3.0), "cos(2x)"),
        (3 * math.cos(math.radians(2.25)), "degrees"),
    ],
)
def test_01_2_recognises_the_usual_mistakes(value: float, words: str) -> None:
    feedback = evaluate("01.2", value)
    assert feedback.status == "wrong" and words in feedback.message, feedback.message


def test_01_2_a_wrong_type_is_explained() -> None:
    feedback = evaluate("01.2", "-1.88")
    assert feedback.status == "wrong" and "should be a number" in feedback.message


# 01.3 ------------------------------------------------------------------------------------------


def test_01_3_accepts_any_correct_implementation() -> None:
    assert evaluate("01.3", lambda df, dg, g, x: dg(x) * df(g(x))).ok
    # a numerical version of f' is not available, but a correct formula in another shape is
    assert evaluate("01.3", lambda df, dg, g, x: math.prod([df(g(x)), dg(x)])).ok


@pytest.mark.parametrize(
    ("function", "words"),
    [
        (lambda df, dg, g, x: df(x) * dg(x), "must be taken at u = g(x)"),
        (lambda df, dg, g, x: df(g(x)), "the inner derivative is missing"),
        (lambda df, dg, g, x: df(g(x)) + dg(x), "adds the two slopes"),
        (lambda df, dg, g, x: df(dg(x)) * dg(x), "not the inner slope"),
        (lambda df, dg, g, x: dg(x), "outer slope f'(g(x)) is missing"),
        (lambda df, dg, g, x: ..., "still returns ..."),
        (lambda df, dg, g, x: None, "returned None"),
        (lambda df, dg, g, x: "slope", "not a number"),
        (lambda df, dg, g, x: 2 * df(g(x)) * dg(x), "gives -3.769, but it should give -1.885"),
        (lambda df, dg, g, x: print(df(g(x)) * dg(x)), "printed '-1.88452"),
    ],
)
def test_01_3_names_the_bug(function, words: str) -> None:
    feedback = evaluate("01.3", function)
    assert feedback.status in ("wrong", "open") and words in feedback.message, feedback.message
    assert (feedback.status == "open") == (words == "still returns ...")


def test_01_3_a_function_that_raises_or_a_non_function_is_explained() -> None:
    assert "raised ZeroDivisionError" in evaluate("01.3", lambda df, dg, g, x: 1 / 0).message
    assert "answer = chain_derivative" in evaluate("01.3", 1.23).message


def test_01_3_cases_cover_points_where_the_common_bugs_differ() -> None:
    # If f'(x)·g'(x) equalled f'(g(x))·g'(x) in every case, the checker could not tell them apart.
    from helpers.exercises.nb01 import CHAIN_CASES

    assert any(not math.isclose(df(x) * dg(x), df(g(x)) * dg(x)) for df, dg, g, x, _ in CHAIN_CASES)


# 01.4 ------------------------------------------------------------------------------------------


def test_01_4_accepts_the_exact_and_a_rounded_value() -> None:
    assert evaluate("01.4", 1 / 1048576).ok
    assert evaluate("01.4", 9.54e-7).ok


@pytest.mark.parametrize(
    ("value", "words"),
    [(2.5, "do not add"), (0.25, "one link"), (0.25**9, "power 9"), (0.025, "0.25 / 10")],
)
def test_01_4_recognises_the_usual_mistakes(value: float, words: str) -> None:
    feedback = evaluate("01.4", value)
    assert feedback.status == "wrong" and words in feedback.message, feedback.message


def test_01_4_zero_is_not_close_enough() -> None:
    assert evaluate("01.4", 0.0).status == "wrong"


# 01.5 ------------------------------------------------------------------------------------------


def test_01_5_the_answer_is_the_slope_of_y_as_a_function_of_x() -> None:
    slope = numerical_derivative(lambda x: math.cos(x) ** 2 * math.exp(x), 0.5)
    assert evaluate("01.5", slope).ok
    assert evaluate("01.5", round(slope, 4)).ok
    assert evaluate("01.5", -0.118).ok  # three significant figures, typed by hand


@pytest.mark.parametrize(
    ("path_u", "path_v", "words"),
    [
        (True, False, "only the path through u"),
        (False, True, "only the path through v"),
    ],
)
def test_01_5_one_path_alone_is_named(path_u: bool, path_v: bool, words: str) -> None:
    x = 0.5
    u, v = math.cos(x), math.exp(x)
    value = path_u * 2 * u * v * -math.sin(x) + path_v * u * u * math.exp(x)
    feedback = evaluate("01.5", value)
    assert feedback.status == "wrong" and words in feedback.message


def test_01_5_multiplied_paths_a_sign_slip_and_missing_inner_derivatives_are_named() -> None:
    x = 0.5
    u, v = math.cos(x), math.exp(x)
    through_u, through_v = 2 * u * v * -math.sin(x), u * u * math.exp(x)
    assert "multiplied" in evaluate("01.5", through_u * through_v).message
    assert "−sin x" in evaluate("01.5", -through_u + through_v).message
    assert "both paths are missing" in evaluate("01.5", 2 * u * v + u * u).message


def test_exercise_texts_use_the_notebooks_letters() -> None:
    # In notebook 01, x is the input, u and v are intermediate quantities and y the output.
    from helpers.exercises.nb01 import check_two_paths

    message = check_two_paths(2 * math.cos(0.5) * math.exp(0.5) * -math.sin(0.5)).message
    assert "through u" in message and "through t" not in message
