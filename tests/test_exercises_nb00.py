"""Exercise 00.1: the appendix answer passes, each wrong letter is told why, ``...`` is open."""

from __future__ import annotations

import pytest

from helpers.exercises import REGISTRY, evaluate


def test_the_appendix_answer_passes() -> None:
    assert evaluate("00.1", REGISTRY["00.1"].reference_answer()).ok
    assert evaluate("00.1", " B ").ok  # letters are read case- and space-insensitively


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


def test_an_open_answer_is_open() -> None:
    assert evaluate("00.1", ...).status == "open"
