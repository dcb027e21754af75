"""Exercises of notebook 04: the appendix answer passes, typical mistakes get their explanation."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.exercises import evaluate
from helpers.exercises.nb04 import curvatures_of, one_step, stable_loss

IDS = ["04.1", "04.2", "04.3", "04.4"]


# -- 04.1: L = (w·x − t)² at x = 3, t = 2, w = 1, η = 0.05 ------------------------------------


def test_04_1_the_reference_is_the_hand_derivation() -> None:
    # ∂L/∂w = 2(w·x − t)·x = 2·1·3 = 6, new w = 1 − 0.05·6 = 0.7, by hand
    assert one_step(3.0, 2.0, 1.0, 0.05) == pytest.approx((6.0, 0.7))
    assert evaluate("04.1", 0.7).ok and evaluate("04.1", 7 / 10).ok


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (1.3, "climbs uphill"),
        (0.9, "forgot the inner derivative"),
        (0.85, "forgot the 2 of the square"),
        (6.0, "that is the gradient"),
        (0.3, "size of the step"),
        (0.95, "used the loss"),
        (-5.0, "forgot the learning rate"),
        (0.5, "is not right"),
        ("0.7", "should be a number"),
    ],
)
def test_04_1_mistakes_are_explained(answer, phrase) -> None:
    feedback = evaluate("04.1", answer)
    assert feedback.status == "wrong" and phrase in feedback.message


@pytest.mark.parametrize("answer", [0.5, 1.3, -5.0])
def test_04_1_a_first_wrong_answer_gets_a_nudge_not_the_solution(answer) -> None:
    message = evaluate("04.1", answer).message
    assert "0.7" not in message and "2(w·x − y)·x" not in message and "= 6" not in message


# -- 04.2: L = 3 w₁² + 0.25 w₂², the largest stable η -----------------------------------------


def test_04_2_curvatures_are_the_second_derivatives() -> None:
    np.testing.assert_allclose(curvatures_of(stable_loss), [6.0, 0.5], rtol=1e-6)


@pytest.mark.parametrize("answer", [1 / 3, 2 / 6, 0.3333, 0.333])
def test_04_2_one_third_passes_in_any_form(answer) -> None:
    assert evaluate("04.2", answer).ok


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (4.0, "flat direction"),
        (1 / 6, "twice that"),
        (2 / 3, "coefficient"),
        (2 / 6.5, "best single η"),
        (0.33, "give more digits"),
        (-1 / 3, "wrong sign"),
        (1.0, "is not right"),
    ],
)
def test_04_2_mistakes_are_explained(answer, phrase) -> None:
    feedback = evaluate("04.2", answer)
    assert feedback.status == "wrong" and phrase in feedback.message


@pytest.mark.parametrize("answer", [0.2, 4.0, 1.0])
def test_04_2_a_first_wrong_answer_does_not_give_the_curvature(answer) -> None:
    message = evaluate("04.2", answer).message
    assert "η·6" not in message and "6η" not in message and "1/3" not in message


def test_04_2_the_stated_limit_is_what_gradient_descent_does() -> None:
    # Just below 1/3 gradient descent on L converges, just above it diverges.
    def run(lr: float) -> float:
        w = np.array([1.0, 1.0])
        for _ in range(200):
            w = w - lr * np.array([6.0 * w[0], 0.5 * w[1]])
        return abs(w[0])

    assert run(0.33) < 1e-1 and run(0.34) > 1e2


# -- 04.3: the bowl ½(w₁² + 10 w₂²) with η = 0.12 ---------------------------------------------


def test_04_3_the_answer_is_what_gradient_descent_does() -> None:
    # η·λ_max = 1.2: w₂ flips sign and shrinks (too large), w₁ is not "too small" after 50 steps.
    w = np.array([1.0, 1.0])
    signs = []
    for _ in range(50):
        w = w - 0.12 * np.array([1.0, 10.0]) * w
        signs.append(np.sign(w[1]))
    assert abs(w[1]) < 1e-10 and abs(w[0]) < 0.5 and len(set(signs[:2])) == 2
    assert evaluate("04.3", "c").ok and "1.2" in evaluate("04.3", "c").message


@pytest.mark.parametrize(
    ("letter", "phrase"),
    [("a", "too small would mean"), ("b", "a factor below 0"), ("d", "divergence needs")],
)
def test_04_3_wrong_letters_explain_themselves(letter, phrase) -> None:
    feedback = evaluate("04.3", letter)
    assert feedback.status == "wrong" and phrase in feedback.message


def test_04_3_answer_format() -> None:
    assert evaluate("04.3", " C ").ok
    assert "one of the letters" in evaluate("04.3", "oscillating").message


# -- 04.4: momentum_step -------------------------------------------------------------------------


def in_place(w, v, grad, lr, beta):  # also right: updates the arrays it is given
    v *= beta
    v += grad
    w -= lr * v
    return w, v


def test_04_4_an_in_place_version_also_passes() -> None:
    assert evaluate("04.4", in_place).ok


@pytest.mark.parametrize(
    ("step", "phrase"),
    [
        (lambda w, v, g, lr, b: (w - lr * (v + g), v + g), "never decays"),
        (lambda w, v, g, lr, b: (w + lr * (b * v + g), b * v + g), "uphill"),
        (lambda w, v, g, lr, b: (w - lr * v, b * v + g), "OLD velocity"),
        (
            lambda w, v, g, lr, b: (w - lr * (b * v + (1 - b) * g), b * v + (1 - b) * g),
            "moving-average convention",
        ),
        (lambda w, v, g, lr, b: (w - lr * (v + b * g), v + b * g), "β multiplies the gradient"),
        (lambda w, v, g, lr, b: (b * v + g, w - lr * (b * v + g)), "returned (v, w)"),
        (lambda w, v, g, lr, b: (w - lr * (b * v + g), v), "return the updated v"),
        (lambda w, v, g, lr, b: (w - lr * g, b * v + g), "new weights are not"),
        (lambda w, v, g, lr, b: w - lr * g, "should return 2 values"),
        (lambda w, v, g, lr, b: (w * 0, v * 0), "should give (1.336, 1.64)"),
    ],
)
def test_04_4_mistakes_are_explained(step, phrase) -> None:
    feedback = evaluate("04.4", step)
    assert feedback.status == "wrong" and phrase in feedback.message


def test_04_4_not_a_function() -> None:
    assert "your function itself (answer = momentum_step" in evaluate("04.4", 1.0).message
