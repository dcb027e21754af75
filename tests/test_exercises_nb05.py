"""Exercises of notebook 05: the appendix answer passes, typical mistakes get their explanation."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.exercises import evaluate
from helpers.exercises.nb05 import BROADCAST_DZ, broadcast_gradient, ce_gradient

IDS = ["05.1", "05.2", "05.3", "05.4"]


# -- 05.1: the shape of dW for X (64, 10), dY (64, 3) -------------------------------------------


@pytest.mark.parametrize("answer", [(10, 3), [10, 3], np.zeros((10, 3)).shape, np.array([10, 3])])
def test_05_1_any_tuple_form_passes(answer) -> None:
    assert evaluate("05.1", answer).ok


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ((3, 10), "that is dWᵀ"),
        ((64, 3), "shape of dY"),
        ((64, 10), "shape of X"),
        ((3,), "shape of db"),
        ((7, 7), "is not the shape of W"),
        ("(10, 3)", "tuple of whole numbers"),
        ((10.0, 3.0), "tuple of whole numbers"),
        (np.array([3, 10]), "that is dWᵀ"),
        (np.array([10.0, 3.0]), "tuple of whole numbers"),
    ],
)
def test_05_1_mistakes_are_explained(answer, phrase) -> None:
    feedback = evaluate("05.1", answer)
    assert feedback.status == "wrong" and phrase in feedback.message


# -- 05.2: c of shape (4, 1) broadcast over Y (4, 3) ---------------------------------------------


def test_05_2_the_reference_sums_each_row() -> None:
    np.testing.assert_array_equal(broadcast_gradient(), [[3.5], [2.0], [1.0], [1.5]])
    assert evaluate("05.2", [[3.5], [2.0], [1.0], [1.5]]).ok


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (BROADCAST_DZ.sum(axis=1), "keepdims=True"),
        (BROADCAST_DZ, "dZ itself"),
        (BROADCAST_DZ.sum(axis=0), "summed over the rows"),
        (BROADCAST_DZ.mean(axis=1, keepdims=True), "mean over the columns"),
        (BROADCAST_DZ.sum(), "summed everything"),
        (np.ones((4, 1)), "collects the gradients"),
        ("3.5", "should be an array of numbers"),
    ],
)
def test_05_2_mistakes_are_explained(answer, phrase) -> None:
    feedback = evaluate("05.2", answer)
    assert feedback.status == "wrong" and phrase in feedback.message


# -- 05.3: linear_backward -----------------------------------------------------------------------


def written_differently(dout, x, W):  # also right: einsum and explicit loops over the batch
    dx = np.einsum("nm,dm->nd", dout, W)
    dW = sum(np.outer(x[n], dout[n]) for n in range(len(x)))
    db = np.add.reduce(dout, axis=0)
    return dx, dW, db


def test_05_3_any_correct_form_passes() -> None:
    assert evaluate("05.3", written_differently).ok


@pytest.mark.parametrize(
    ("backward", "phrase"),
    [
        (lambda d, x, W: (d @ W, x.T @ d, d.sum(axis=0)), "missing a transpose"),
        (lambda d, x, W: (d @ W.T, d.T @ x, d.sum(axis=0)), "dW is the transpose"),
        (lambda d, x, W: (d @ W.T, x.T @ d, d), "SUM of dout over the batch"),
        (lambda d, x, W: (d @ W.T, x.T @ d, d.mean(axis=0)), "mean of dout"),
        (lambda d, x, W: (d @ W.T, x.T @ d, d.sum(axis=1)), "wrong axis"),
        (lambda d, x, W: (d @ W.T, x.T @ d, d.sum()), "summed over everything"),
        (lambda d, x, W: (d @ W.T, x.T @ d / len(d), d.sum(axis=0)), "divided by the batch"),
        (lambda d, x, W: ((W @ d.T), x.T @ d, d.sum(axis=0)), "dx has shape (4, 3), transposed"),
        (lambda d, x, W: (d @ W.T, x.T @ d), "should return 3 values"),
        (lambda d, x, W: (d @ W.T, -(x.T @ d), d.sum(axis=0)), "wrong values"),
    ],
)
def test_05_3_mistakes_are_explained(backward, phrase) -> None:
    feedback = evaluate("05.3", backward)
    assert feedback.status == "wrong" and phrase in feedback.message


def test_05_3_a_crash_on_non_square_shapes_is_explained() -> None:
    # x.T @ dout.T only works when... never for these shapes: the checker names the shapes
    feedback = evaluate("05.3", lambda d, x, W: (d @ W.T, x @ d, d.sum(axis=0)))
    assert feedback.status == "wrong" and "inner dimensions do not match" in feedback.message


# -- 05.4: softmax cross-entropy -----------------------------------------------------------------

Z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
ONEHOT = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])


def test_05_4_the_reference_is_the_formula() -> None:
    np.testing.assert_allclose(ce_gradient(), (P - ONEHOT) / 2, rtol=1e-12)
    np.testing.assert_allclose(ce_gradient().sum(axis=1), 0.0, atol=1e-15)


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (P - ONEHOT, "divide by N = 2"),
        ((ONEHOT - P) / 2, "sign is flipped"),
        (P / 2, "the target is missing"),
        (P, "the one-hot target is missing"),
        ((P - ONEHOT) / 3, "not over the 3 classes"),
        (-ONEHOT / (2 * np.where(ONEHOT > 0, P, 1.0)), "with respect to the probabilities"),
        ((P - ONEHOT[::-1]) / 2, "wrong classes"),
        (np.round((P - ONEHOT) / 2, 2), "give more digits"),
        ((P - ONEHOT)[0] / 2, "has shape (3,)"),
        (np.zeros((2, 3)), "although each row sums to 0"),
        (np.ones((2, 3)), "yours sum to [3.0, 3.0]"),
    ],
)
def test_05_4_mistakes_are_explained(answer, phrase) -> None:
    feedback = evaluate("05.4", answer)
    assert feedback.status == "wrong" and phrase in feedback.message


def test_the_worked_solutions_pass_their_checks() -> None:
    solutions = pytest.importorskip("helpers.exercises.solutions.nb05")  # a handout has none
    for exercise_id, worked in solutions.SOLUTIONS.items():
        scope: dict = {}
        exec(worked.setup_code or "", scope)
        exec(worked.answer_code, scope)
        assert evaluate(exercise_id, scope["answer"]).ok, exercise_id
