"""Exercises of notebook 00 · Welcome (Book §1.1): what the nonlinearity between layers is for,
what the layers of the notebook's small network do, and how to read its diagram.

The checkers of 00.2 and 00.3 compute the right answer from the notebook's own network
(``helpers.depth_demo.train_tanh_network`` on ``helpers.data.moons(200, noise=0.08, seed=0)``), so
their numbers, and the numbers in their diagnoses, are the ones the notebook prints.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from .answers import as_number, as_numbers
from .core import Feedback, choice_feedback, correct, exercise, wrong
from .feedback import StudentMistake

# ---------------------------------------------------------------------------------------------
# 00.1: ten affine layers without tanh.


@exercise(
    "00.1",
    "Predict: ten layers without tanh",
    hints=(
        "write two layers without tanh one after the other, (x W1 + b1) W2 + b2, and multiply out:"
        " what kind of map is the result?",
        "an affine map keeps straight lines straight. If the whole stack is one affine map, can it"
        " bend the moons apart?",
    ),
)
def check_linear_stack(answer: Any) -> Feedback:
    return choice_feedback(
        answer,
        "b",
        {
            "a": "would ten layers without tanh do more than one such layer? Write two of them "
            "one after the other and multiply out: what kind of map do you get?",
            "b": "each layer without tanh is the affine map h ↦ hW + b, and maps of that kind "
            "compose into one map of that kind: ten of them are one matrix (the product "
            "W1 W2 ··· W10) and one shift.",
            "c": "squeezing every number into (−1, 1) is what tanh does; without tanh nothing "
            "keeps the numbers small.",
            "d": "one layer *with* tanh bends the plane (look at the grey grid in the pictures "
            "of the layers); affine maps keep straight lines straight, so no stack of them bends "
            "anything.",
        },
        hint="write two layers without tanh one after the other, (x W1 + b1) W2 + b2, and "
        "multiply out.",
    )


# ---------------------------------------------------------------------------------------------
# The notebook's network and what its layers do (00.2, 00.3).

SPREAD_LIMIT = 0.1  # "a tight clump": every class's average distance from its centre below this


@lru_cache(maxsize=1)
def _network() -> Any:
    from helpers import data, depth_demo

    points, labels = data.moons(n=200, noise=0.08, seed=0)
    return depth_demo.train_tanh_network(points, labels), points, labels


@lru_cache(maxsize=1)
def layer_facts() -> tuple[tuple[float, ...], tuple[tuple[float, float], ...]]:
    """For the input and each layer of the notebook's network (0 … 4): the best straight line's
    fraction right, and the spread of each class (its points' average distance from their centre).
    """
    from helpers import depth_demo

    net, points, labels = _network()
    right, spreads = [], []
    for h in net.layer_outputs(points):
        right.append(depth_demo.best_line_accuracy(h, labels))
        spread = []
        for label in (0, 1):
            group = h[labels == label]
            spread.append(float(np.linalg.norm(group - group.mean(axis=0), axis=1).mean()))
        spreads.append((spread[0], spread[1]))
    return tuple(right), tuple(spreads)


def _layer_number(value: Any, what: str, layers: int) -> int:
    number = as_number(value, what)
    if number != round(number) or not 0 <= number <= layers:
        raise StudentMistake(
            wrong(
                f"{what} = {number:g}: give a whole number from 0 (the input) to {layers} "
                "(the last layer).",
                "read the panels' titles and the table row by row: input, layer 1, …, layer 4.",
            )
        )
    return round(number)


def _pct(fraction: float) -> str:
    return f"{round(100 * fraction, 1):g}%"


def _spreads(spread: tuple[float, float]) -> str:
    return f"blue {spread[0]:.2f}, orange {spread[1]:.2f}"


# ---------------------------------------------------------------------------------------------
# 00.2: reading the layer pictures.


@exercise(
    "00.2",
    "Read the layer pictures",
    hints=(
        "the share the best line gets right is in each panel's title and in the table ('best "
        "line …%'); the "
        "spreads are the table's next two numbers. Read the rows in order: input, layer 1, …",
        "separated: the first row that says 100%. clumped: the first row in which both spreads "
        "(blue and orange) are below 0.1. The two need not be the same layer.",
    ),
)
def check_layer_pictures(answer: Any) -> Feedback:
    right, spreads = layer_facts()
    layers = len(right) - 1
    what = "two layer numbers, (separated, clumped)"
    separated_answer, clumped_answer = as_numbers(answer, 2, what)
    separated_answer = _layer_number(separated_answer, "separated", layers)
    clumped_answer = _layer_number(clumped_answer, "clumped", layers)
    separated = next(k for k, r in enumerate(right) if r == 1.0)
    clumped = next(k for k, s in enumerate(spreads) if max(s) < SPREAD_LIMIT)
    name = ["the input", *(f"layer {k}" for k in range(1, layers + 1))]
    if (separated_answer, clumped_answer) == (separated, clumped):
        return correct(
            f"a straight line already separates the classes after {name[separated]} "
            f"({_pct(right[separated])}), but only at {name[clumped]} is each class one tight "
            f"clump (spreads {_spreads(spreads[clumped])}): separating the classes and "
            "collapsing each of them are two different things, done by different layers."
        )
    if (separated_answer, clumped_answer) == (clumped, separated):
        return wrong(
            "you swapped the two numbers: the first is where a straight line first separates the "
            "classes, the second where both classes first become tight clumps.",
            "answer = (separated, clumped), in that order.",
        )
    problems = []
    if separated_answer != separated:
        k = separated_answer
        if right[k] < 1.0:
            problems.append(
                f"{'on' if k == 0 else 'after'} {name[k]} the best straight line gets only "
                f"{_pct(right[k])}, not every point: the classes are not yet separated there."
            )
        else:
            problems.append(
                f"a line does separate the classes after {name[k]}, but {name[k]} is not the "
                "first layer after which one does: look at the rows above it."
            )
    if clumped_answer != clumped:
        k = clumped_answer
        if max(spreads[k]) >= SPREAD_LIMIT:
            shape = (
                "each class is a thin but long stretch of the diagonal"
                if 0 < k < clumped and min(spreads[k]) < 0.5
                else "the classes are still spread out"
            )
            problems.append(
                f"at {name[k]} {shape}: the spreads are {_spreads(spreads[k])}, not below "
                f"{SPREAD_LIMIT}."
            )
        else:
            problems.append(
                f"both spreads are below {SPREAD_LIMIT} at {name[k]}, but that is not the first "
                "layer where they are: look at the rows above it."
            )
    return wrong(
        " ".join(problems),
        "read the table row by row; 'separated' and 'clumped' can be different layers.",
    )


# ---------------------------------------------------------------------------------------------
# 00.3: reading the network diagram.


def parameter_counts() -> tuple[int, int, int]:
    """Layer 2's weights and biases, and every parameter of the notebook's network (the score's
    weights w and bias c included), counted from the network's own arrays."""
    net = _network()[0]
    total = sum(w.size + b.size for w, b in zip(net.weights, net.biases, strict=True))
    return net.weights[1].size, net.biases[1].size, total + net.readout.size + 1


@exercise(
    "00.3",
    "Read the network diagram",
    hints=(
        "one line per weight: count the lines between the columns h₁ and h₂. One bias per unit "
        "that a layer computes (the biases are not drawn).",
        "W₂ has shape (inputs, outputs) = (2, 2) and b₂ one number per unit of h₂. For the whole "
        "network add up W₁, b₁ … W₄, b₄ and the score's w (2 weights) and c (1 bias).",
    ),
)
def check_diagram(answer: Any) -> Feedback:
    net = _network()[0]
    weights, biases, parameters = parameter_counts()
    what = "three numbers, (weights, biases, parameters)"
    names = ("weights", "biases", "parameters")
    given = [as_number(v, n) for v, n in zip(as_numbers(answer, 3, what), names, strict=True)]
    for value, name in zip(given, names, strict=True):
        if value != round(value) or value < 0:
            return wrong(
                f"{name} = {value:g}: a count is a whole number of 0 or more.",
                "count the lines, and the units that add a bias.",
            )
    w_answer, b_answer, p_answer = (round(v) for v in given)
    width_in, width_out = net.weights[1].shape  # W₂ is (inputs, outputs)
    hidden_weights = sum(w.size for w in net.weights)
    hidden_biases = sum(b.size for b in net.biases)
    score = net.readout.size + 1
    problems = []
    if w_answer != weights:
        why = {
            width_out: f"that is the number of units in h₂; layer 2 has a line from each of the "
            f"{width_in} units of h₁ to each of the {width_out} units of h₂.",
            weights + biases: "that counts W₂ and b₂ together; the weights are only W₂.",
            weights * 2: "that looks like the lines of two layers; layer 2's weights are only "
            "the lines between h₁ and h₂.",
        }
        problems.append(
            f"weights = {w_answer}: "
            + why.get(
                w_answer, f"count the lines between h₁ and h₂ (W₂ is {width_in} × {width_out})."
            )
        )
    if b_answer != biases:
        why = {
            0: "biases are not drawn as lines, but every unit of h₂ adds one.",
            weights: "there is one bias per unit of h₂ (per output), not one per weight.",
            1: f"each unit of h₂ has its own bias, and h₂ has {width_out} units.",
        }
        problems.append(
            f"biases = {b_answer}: "
            + why.get(b_answer, f"there is one bias per unit of h₂, and h₂ has {width_out} units.")
        )
    if p_answer != parameters:
        why = {
            hidden_weights + hidden_biases: "that is the four hidden layers' weights and biases; "
            "the score's own weights and bias are parameters too.",
            parameters - 1: "you left out the score's bias c.",
            parameters - net.readout.size: "you left out the score's weights w.",
            hidden_weights + net.readout.size: "those are only the weights (the lines); add the "
            "biases, one per unit of h₁ … h₄, and c.",
            hidden_weights: "those are only the weights of the four hidden layers; add the "
            "score's w and every bias.",
            hidden_biases + 1: "those are only the biases; add the weights, one per line.",
            weights + biases: "that is layer 2 alone; the network has four such layers and the "
            "score.",
            parameters + net.weights[0].shape[1]: "the inputs x₁, x₂ have no biases: they are "
            "given, not computed.",
        }
        problems.append(
            f"parameters = {p_answer}: "
            + why.get(
                p_answer,
                "add up every layer's weights and biases, W₁, b₁ … W₄, b₄, and the score's w "
                "and c.",
            )
        )
    if not problems:
        return correct(
            f"layer 2 has {weights} weights (W₂ is {width_in} × {width_out}, one line each) and "
            f"{biases} biases (one per unit of h₂); the whole network has {hidden_weights} + "
            f"{hidden_biases} = {hidden_weights + hidden_biases} in its four layers and "
            f"{score} in the score: {parameters} parameters."
        )
    return wrong(" ".join(problems), "one line per weight; one bias per unit a layer computes.")
