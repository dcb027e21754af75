"""Exercise 00.1: any spelling of the right letter passes, each wrong letter is told why.

(That the appendix answer passes and that ``...`` is open is tested for every exercise in
test_exercise_mechanism.py.)"""

from __future__ import annotations

import pytest

from helpers.exercises import evaluate


@pytest.mark.parametrize("letter", ["b", " B ", "b\n"])
def test_the_right_letter_passes_however_it_is_typed(letter: str) -> None:
    feedback = evaluate("00.1", letter)
    assert feedback.ok and "compose into one map" in feedback.message


@pytest.mark.parametrize(
    ("letter", "words"),
    [("a", "multiply into one matrix"), ("c", "what tanh does"), ("d", "bends the plane")],
)
def test_each_wrong_letter_gets_its_explanation(letter: str, words: str) -> None:
    feedback = evaluate("00.1", letter)
    assert feedback.status == "wrong" and words in feedback.message
    assert "W2(W1 x + b1) + b2" in feedback.hint


def test_an_answer_that_is_no_letter_is_told_the_options() -> None:
    feedback = evaluate("00.1", 2)
    assert feedback.status == "wrong" and "'a', 'b', 'c', 'd'" in feedback.message


def test_the_answer_is_true_of_linear_layers() -> None:
    """(b): ten affine layers are one affine map, computed, not asserted."""
    import numpy as np

    rng = np.random.default_rng(0)
    layers = [(rng.normal(size=(2, 2)), rng.normal(size=2)) for _ in range(10)]
    A, c = np.eye(2), np.zeros(2)
    for W, b in layers:
        A, c = W @ A, W @ c + b
    x = rng.normal(size=2)
    h = x
    for W, b in layers:
        h = W @ h + b
    np.testing.assert_allclose(h, A @ x + c)
