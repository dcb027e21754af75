"""Exercises of notebook 06, Deep Networks (Book §1.1): the shapes and the number of parameters of a
network, a dead ReLU unit, which layer drew which unit maps, and reading a training curve that
overfits.

The checkers compute their answers (the shapes and parameter count of an actual
``helpers.nn.MLP``, a dead unit's gradient by backpropagation over a grid) and recognise the usual
mistakes: the (out, in) weight convention of many texts (W h for one column h), forgotten
biases, counting units.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np

from ..nn import MLP
from .core import Feedback, choice_feedback, correct, exercise, number_feedback, wrong
from .feedback import shown

# -- 06.1 ---------------------------------------------------------------------------------------

SHAPES_SIZES = (64, 32, 16, 10)


def weight_shapes(sizes: tuple[int, ...] = SHAPES_SIZES) -> list[tuple[int, int]]:
    """The shape of every weight matrix of ``helpers.nn.MLP(sizes)``, input side first."""
    return [layer.W.shape for layer in MLP(list(sizes), seed=0).layers]


def _shape_list(answer: Any) -> list[tuple[int, ...]] | None:
    if not isinstance(answer, list | tuple) or not answer:
        return None
    shapes = []
    for item in answer:
        if not isinstance(item, list | tuple) or not all(
            isinstance(n, int | np.integer) and not isinstance(n, bool) for n in item
        ):
            return None
        shapes.append(tuple(int(n) for n in item))
    return shapes


@exercise(
    "06.1",
    "The shape of every weight",
    hints=(
        "W of each layer has one row per input and one column per unit: (size in, size out). Go "
        "along the list of sizes in pairs.",
    ),
)
def check_weight_shapes(answer: Any) -> Feedback:
    expected = weight_shapes()
    shapes = _shape_list(answer)
    hint = "each layer's W has one row per number it reads and one column per unit it computes."
    if shapes is None:
        return wrong(
            f"give a list of shapes, one tuple per weight matrix, such as [(2, 5), (5, 1)]; "
            f"got {shown(answer)}.",
            hint,
        )
    if shapes == expected:
        return correct(
            "W_k is (units of the layer before, units of this layer), so that h @ W works for a "
            "batch of rows h: " + ", ".join(map(str, expected)) + "."
        )
    if shapes == [s[::-1] for s in expected]:
        return wrong(
            "those are the transposes: (out, in) is the convention of W h for one column h, used "
            "by many texts. This series computes h @ W with examples as rows, so W is (in, out).",
            hint,
        )
    if len(shapes) != len(expected):
        return wrong(
            f"you gave {len(shapes)} shapes; four sizes 64, 32, 16, 10 are joined by "
            f"{len(expected)} layers of weights (the input layer computes nothing).",
            hint,
        )
    for k, (got, want) in enumerate(zip(shapes, expected, strict=True), start=1):
        if got != want:
            return wrong(f"W_{k} is not {got}.", hint)
    return wrong("not right.", hint)  # unreachable: shapes differ somewhere


# -- 06.2 ---------------------------------------------------------------------------------------

SPIRAL_SIZES = (2, 16, 16, 16, 16, 16, 16, 3)


def parameter_count(sizes: tuple[int, ...] = SPIRAL_SIZES) -> int:
    """How many numbers training changes in ``helpers.nn.MLP(sizes)``: every weight and bias."""
    return sum(p.size for p in MLP(list(sizes), seed=0).parameters())


@exercise(
    "06.2",
    "Count the parameters",
    hints=(
        "each layer has a weight matrix (size in × size out) and a bias per unit. Add them up "
        "layer by layer.",
    ),
)
def check_parameter_count(answer: Any) -> Feedback:
    sizes = SPIRAL_SIZES
    pairs = list(pairwise(sizes))
    weights = sum(a * b for a, b in pairs)
    units = sum(sizes[1:])
    return number_feedback(
        answer,
        parameter_count(),
        what="the number of parameters",
        mistakes={
            "that counts the weights but not the biases: every unit also has one bias.": weights,
            "that counts the biases only (one per unit); each unit also has one weight per "
            "input.": units,
            "that counts units (circles), not parameters (lines and biases).": sum(sizes),
            "that is the first layer counted as if it read 16 numbers; it reads the 2 "
            "inputs.": weights + units + 14 * 16,
            "that has six 16 × 16 layers; six hidden layers are joined by five.": 1715,
            "that leaves out the output layer (16 · 3 weights and 3 biases).": 1408,
            "that leaves out the 3 biases of the output layer.": 1456,
            "that leaves out the 16 biases of the first layer.": 1443,
        },
        hint="one layer from a numbers to b units has a·b weights and b biases; add the layers.",
        significant=6,  # a count: only the whole number itself is right
    )


# -- 06.3 ---------------------------------------------------------------------------------------

DEAD_W, DEAD_B, DEAD_BOX = (0.5, -1.0), -3.0, 1.2  # a ReLU unit, and the square the inputs lie in


def dead_unit_slopes(resolution: int = 241) -> np.ndarray:
    """d(output)/db of the unit ReLU(w·x + b) at every point of a grid over the square, by
    backpropagation with helpers.Tensor (ReLU's slope is 0 where its input is negative)."""
    from ..boundary import grid_points
    from ..tensor import Tensor

    points = grid_points((-DEAD_BOX, DEAD_BOX), (-DEAD_BOX, DEAD_BOX), resolution)
    b = Tensor(np.full(len(points), DEAD_B))
    (points @ np.array(DEAD_W) + b).relu().sum().backward()
    return b.grad


@exercise(
    "06.3",
    "A dead unit",
    hints=(
        "where the unit's input is negative, ReLU is flat. What is the slope of a flat function, "
        "and so the gradient that passes through?",
    ),
)
def check_dead_unit(answer: Any) -> Feedback:
    slopes = dead_unit_slopes()
    assert np.all(slopes == 0.0)  # the unit is dead over the whole square, or the exercise is wrong
    return number_feedback(
        answer,
        0.0,
        what="∂(output)/∂b",
        mistakes={
            "that is ReLU's slope where its input is positive. Is the input w·x + b ever "
            "positive inside the square?": 1.0,
            "that is the bias itself; the question is how the output changes when b "
            "changes.": DEAD_B,
            "that is the unit's input z at the corner (1.2, −1.2), its largest value; the "
            "output there is ReLU(−1.2).": -1.2,
        },
        hint="find the largest value of z = 0.5·x₁ − x₂ − 3 over the square: is it positive?",
    )


# -- 06.4 ---------------------------------------------------------------------------------------

ROW_ORDER = "BCA"  # the notebook draws layer 6 as row A, layer 1 as row B, layer 4 as row C


@exercise(
    "06.4",
    "Which layer drew it?",
    hints=(
        "early layers can only draw straight lines; each later layer bends and combines what the "
        "one before drew.",
    ),
)
def check_row_order(answer: Any) -> Feedback:
    hint = "what can a unit of layer 1, tanh(w·x + b), draw? It depends on x only through w·x."
    if not isinstance(answer, str):
        return wrong(f"answer with a string of three letters such as 'ABC', got {shown(answer)}.")
    letters = "".join(ch for ch in answer.upper() if ch.isalpha())
    if sorted(letters) != ["A", "B", "C"]:
        return wrong(
            f"give each of the rows A, B and C once, in the order layer 1, layer 4, layer 6 "
            f"(e.g. 'ABC'); got {shown(answer)}.",
            hint,
        )
    if letters == ROW_ORDER:
        return correct(
            "layer 1 can only draw straight edges (row B); the edges bend more with every layer, "
            "and by layer 6 they wind along the spiral arms (row A)."
        )
    if letters[0] != ROW_ORDER[0]:
        return wrong(
            f"row {letters[0]} cannot be layer 1: its edges bend. A unit of layer 1 is "
            "tanh(w·x + b), constant along every straight line where w·x is constant.",
            hint,
        )
    return wrong(
        "layer 1 is right (straight edges); now compare the other two rows: which edges follow "
        "the winding spiral arms? Those need the most layers of bending.",
        "each layer can only bend the edges of the layer before it a little more.",
    )


# -- 06.5 ---------------------------------------------------------------------------------------


@exercise(
    "06.5",
    "Read a training curve",
    hints=(
        "compare the training curve with the test curve: where do they part ways, and what does "
        "it mean when they do?",
    ),
)
def check_training_curve(answer: Any) -> Feedback:
    return choice_feedback(
        answer,
        "b",
        {
            "a": "an underfitting network does badly on its own training data too; here the "
            "training loss goes almost to zero.",
            "b": "the training loss keeps falling while the test loss climbs after its minimum: "
            "the network memorises its 100 training digits. More data helps most; L2 or "
            "stopping at the lowest test loss keep the test loss from climbing.",
            "c": "a learning rate that is too large makes the training loss itself jump or grow; "
            "here it falls smoothly to almost zero.",
            "d": "training and test digits are one collection split at random, so they are "
            "alike; the test digits are only unseen, not harder.",
        },
        hint="compare the two curves: which one keeps improving, and which one turns around?",
    )
