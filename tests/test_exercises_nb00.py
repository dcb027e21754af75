"""Notebook 00's exercises: right answers pass in any reasonable form, typical wrong answers are
told their mistake, and the numbers the checks use are the ones the notebook's network gives.

(That the appendix answer passes and that ``...`` is open is tested for every exercise in
test_exercise_mechanism.py.)"""

from __future__ import annotations

import numpy as np
import pytest

from helpers import data, depth_demo
from helpers.exercises import evaluate
from helpers.exercises.core import REGISTRY
from helpers.exercises.nb00 import layer_facts, parameter_counts

# ---------------------------------------------------------------------------------------------
# 00.1


@pytest.mark.parametrize("letter", ["b", " B ", "b\n"])
def test_the_right_letter_passes_however_it_is_typed(letter: str) -> None:
    feedback = evaluate("00.1", letter)
    assert feedback.ok and "compose into one map" in feedback.message


@pytest.mark.parametrize(
    ("letter", "words"),
    [("a", "multiply out"), ("c", "what tanh does"), ("d", "bends the plane")],
)
def test_each_wrong_letter_gets_its_explanation(letter: str, words: str) -> None:
    feedback = evaluate("00.1", letter)
    assert feedback.status == "wrong" and words in feedback.message
    assert "(x W1 + b1) W2 + b2" in feedback.hint


def test_an_answer_that_is_no_letter_is_told_the_options() -> None:
    feedback = evaluate("00.1", 2)
    assert feedback.status == "wrong" and "'a', 'b', 'c', 'd'" in feedback.message


def test_the_answer_is_true_of_affine_layers() -> None:
    """(b): ten affine layers h @ W + b (points as rows) are one affine map x @ A + a, computed."""
    rng = np.random.default_rng(0)
    layers = [(rng.normal(size=(2, 2)), rng.normal(size=2)) for _ in range(10)]
    A, a = np.eye(2), np.zeros(2)
    for W, b in layers:
        A, a = A @ W, a @ W + b
    x = rng.normal(size=(5, 2))
    h = x
    for W, b in layers:
        h = h @ W + b
    np.testing.assert_allclose(h, x @ A + a, rtol=1e-9, atol=1e-9 * np.abs(h).max())


def test_the_solution_says_no_better_not_exactly_as_well() -> None:
    """student.md [E]: a stack of affine layers separates "no better", which holds for any A."""
    solution = REGISTRY["00.1"].solution
    assert "no better than" in solution and "exactly as well as it did" not in solution
    assert "87%" not in solution and "89.5%" in solution


# ---------------------------------------------------------------------------------------------
# 00.2


def test_the_layer_facts_are_those_of_the_notebooks_network() -> None:
    points, labels = data.moons(n=200, noise=0.08, seed=0)
    net = depth_demo.train_tanh_network(points, labels)
    right, spreads = layer_facts()
    outputs = net.layer_outputs(points)
    assert len(right) == len(spreads) == len(outputs) == 5
    assert right[0] == depth_demo.best_line_accuracy(points, labels) == 0.895
    assert right[1:] == (1.0, 1.0, 1.0, 1.0)
    last = outputs[-1][labels == 1]
    assert spreads[-1][1] == pytest.approx(np.linalg.norm(last - last.mean(0), axis=1).mean())
    assert max(spreads[3]) > 0.1 > max(spreads[4])


@pytest.mark.parametrize(
    "answer", [(1, 4), [1, 4], np.array([1, 4]), (1.0, 4.0), (np.int64(1), np.float64(4))]
)
def test_the_layer_pictures_right_answer_passes_in_any_form(answer) -> None:
    feedback = evaluate("00.2", answer)
    assert feedback.ok, feedback.message
    assert "layer 1" in feedback.message and "layer 4" in feedback.message


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (
            (2, 4),
            "not the first layer after which one does",
        ),  # the old text: "layer 2 finishes the job"
        ((0, 4), "gets only 89.5%"),
        ((1, 2), "thin but long stretch of the diagonal"),
        ((1, 3), "spreads are blue 0.19, orange 0.20"),
        ((1, 1), "still spread out"),
        ((4, 1), "swapped the two numbers"),
        ((1, 1.5), "whole number from 0"),
        ((1, 5), "whole number from 0"),
        ((1,), "give 2 numbers"),
        ("1, 4", "give 2 numbers"),
    ],
)
def test_the_layer_pictures_wrong_answers_get_their_diagnosis(answer, words: str) -> None:
    feedback = evaluate("00.2", answer)
    assert feedback.status == "wrong" and words in feedback.message, feedback.message


def test_both_wrong_parts_are_explained() -> None:
    feedback = evaluate("00.2", (2, 3))
    assert "not the first layer" in feedback.message and "not below 0.1" in feedback.message


# ---------------------------------------------------------------------------------------------
# 00.3


def test_the_parameter_counts_come_from_the_network() -> None:
    points, labels = data.moons(n=200, noise=0.08, seed=0)
    net = depth_demo.train_tanh_network(points, labels)
    sizes = [w.size for w in net.weights] + [b.size for b in net.biases] + [net.readout.size, 1]
    assert parameter_counts() == (4, 2, sum(sizes)) == (4, 2, 27)


@pytest.mark.parametrize(
    "answer", [(4, 2, 27), [4, 2, 27], np.array([4, 2, 27]), (4.0, 2, 27.0), np.float64([4, 2, 27])]
)
def test_the_diagram_right_answer_passes_in_any_form(answer) -> None:
    feedback = evaluate("00.3", answer)
    assert feedback.ok, feedback.message
    assert "27 parameters" in feedback.message


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ((2, 2, 27), "the number of units in h₂"),
        ((6, 2, 27), "counts W₂ and b₂ together"),
        ((4, 0, 27), "biases are not drawn"),
        ((4, 4, 27), "not one per weight"),
        ((4, 1, 27), "its own bias"),
        ((4, 2, 24), "the score's own weights and bias are parameters too"),
        ((4, 2, 26), "left out the score's bias c"),
        ((4, 2, 25), "left out the score's weights w"),
        ((4, 2, 18), "only the weights (the lines)"),
        ((4, 2, 16), "only the weights of the four hidden layers"),
        ((4, 2, 9), "only the biases"),
        ((4, 2, 6), "layer 2 alone"),
        ((4, 2, 29), "inputs x₁, x₂ have no biases"),
        ((4, 2, 31), "add up every layer's weights and biases"),
        ((4.5, 2, 27), "whole number"),
        ((4, 2), "give 3 numbers"),
    ],
)
def test_the_diagram_wrong_answers_get_their_diagnosis(answer, words: str) -> None:
    feedback = evaluate("00.3", answer)
    assert feedback.status == "wrong" and words in feedback.message, feedback.message


def test_every_wrong_count_is_named_at_once() -> None:
    feedback = evaluate("00.3", (2, 0, 24))
    assert "weights = 2" in feedback.message and "biases = 0" in feedback.message
    assert "parameters = 24" in feedback.message


@pytest.mark.parametrize("exercise_id", ["00.1", "00.2", "00.3"])
def test_every_exercise_has_tiered_hints_that_do_not_give_the_answer(exercise_id: str) -> None:
    ex = REGISTRY[exercise_id]
    assert len(ex.hints) >= 2
    answer = ex.reference_answer()
    shown = f"({answer})" if isinstance(answer, str) else str(answer)  # "(b)", "(1, 4)"
    assert all(shown not in hint for hint in ex.hints)
