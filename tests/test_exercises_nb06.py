"""Exercises of notebook 06: equivalent right answers pass, typical mistakes are explained."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import nn
from helpers.exercises import evaluate
from helpers.exercises.nb06 import dead_unit_slopes, parameter_count, weight_shapes

# -- 06.1: the shapes of MLP([64, 32, 16, 10]) -------------------------------------------------


def test_06_1_the_reference_shapes_come_from_an_actual_network() -> None:
    assert weight_shapes() == [(64, 32), (32, 16), (16, 10)]


@pytest.mark.parametrize(
    "answer",
    [
        [(64, 32), (32, 16), (16, 10)],
        ((64, 32), (32, 16), (16, 10)),
        [[64, 32], [32, 16], [16, 10]],
    ],
)
def test_06_1_any_list_or_tuple_form_passes(answer) -> None:
    assert evaluate("06.1", answer).ok


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ([(32, 64), (16, 32), (10, 16)], "transposes"),
        ([(64, 32), (32, 16)], "3 layers of weights"),
        ([(64, 32), (32, 16), (16, 10), (10,)], "3 layers of weights"),
        ([(64, 32), (32, 10), (16, 10)], "W_2 is not (32, 10)"),
        ("(64, 32), (32, 16)", "list of shapes"),
        ([(64.0, 32.0)], "list of shapes"),
    ],
)
def test_06_1_mistakes_are_explained(answer, phrase) -> None:
    feedback = evaluate("06.1", answer)
    assert feedback.status == "wrong" and phrase in feedback.message


# -- 06.2: parameters of 2-16×6-3 --------------------------------------------------------------


def test_06_2_the_reference_counts_an_actual_network() -> None:
    model = nn.MLP([2, 16, 16, 16, 16, 16, 16, 3])
    assert parameter_count() == sum(p.size for p in model.parameters()) == 1459


@pytest.mark.parametrize("answer", [1459, 1459.0, np.int64(1459)])
def test_06_2_right_answers_pass(answer) -> None:
    assert evaluate("06.2", answer).ok


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (1360, "not the biases"),
        (99, "biases only"),
        (101, "counts units"),
        (1683, "reads the 2 inputs"),
        (1715, "five"),
        (1408, "output layer"),
        (1456, "3 biases of the output"),
        (1443, "16 biases of the first"),
        (1460, "not right"),
        (1459.4, "not right"),
    ],
)
def test_06_2_mistakes_are_explained(answer, phrase) -> None:
    feedback = evaluate("06.2", answer)
    assert feedback.status == "wrong" and phrase in feedback.message


# -- 06.3: a dead ReLU unit -----------------------------------------------------------------------


def test_06_3_the_unit_is_dead_over_the_whole_square_by_backpropagation() -> None:
    slopes = dead_unit_slopes()
    assert slopes.size == 241 * 241 and np.all(slopes == 0.0)
    for answer in (0, 0.0, -0.0, np.float32(0)):
        assert evaluate("06.3", answer).ok


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (1, "where its input is positive"),
        (-3, "the bias itself"),
        (-1.2, "ReLU(−1.2)"),
        (0.5, "not"),
    ],
)
def test_06_3_mistakes_are_explained(answer, phrase) -> None:
    feedback = evaluate("06.3", answer)
    assert feedback.status == "wrong" and phrase in feedback.message


# -- 06.4: which row is which layer ------------------------------------------------------------


@pytest.mark.parametrize("answer", ["BCA", "bca", "B, C, A", " b c a "])
def test_06_4_letters_in_any_spelling_pass(answer) -> None:
    assert evaluate("06.4", answer).ok


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ("ABC", "row A cannot be layer 1"),
        ("CBA", "row C cannot be layer 1"),
        ("BAC", "layer 1 is right"),
        ("AB", "each of the rows A, B and C once"),
        (3, "string of three letters"),
    ],
)
def test_06_4_mistakes_are_explained(answer, phrase) -> None:
    feedback = evaluate("06.4", answer)
    assert feedback.status == "wrong" and phrase in feedback.message


# -- 06.5: reading an overfitting curve --------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [("a", "underfitting"), ("c", "learning rate"), ("d", "split at random"), ("e", "letters")],
)
def test_06_5_each_wrong_choice_explains_itself(answer, phrase) -> None:
    feedback = evaluate("06.5", answer)
    assert feedback.status == "wrong" and phrase in feedback.message
    assert evaluate("06.5", "B").ok
