"""Exercises of notebook B · Python and NumPy primer.

Each checker re-derives the right answer by computation and recognises the usual mistakes by what
they produce: an operator method that changes its object in place or forgets ``__rmul__``; a row
sum without ``keepdims`` (silently wrong on a square array) or along the wrong axis; shapes lined up
from the left instead of the right; a one-hot matrix with a column per example instead of per class.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .answers import as_array, close_all
from .core import Feedback, call, correct, exercise, wrong
from .feedback import StudentMistake, shown

# ---------------------------------------------------------------------------------------------
# B.1: a Vector class with __add__, __mul__ and __rmul__.

VECTOR_HINT = (
    "each method builds a new Vector from the components and returns it: return Vector(…, …)."
)
RMUL_HINT = "__rmul__ receives the same factor as __mul__ does, so it can reuse __mul__."


def _components(result: Any, expression: str) -> tuple[float, float]:
    """The (x, y) of what ``expression`` gave, or StudentMistake saying what it is instead."""
    if result is None:
        raise StudentMistake(
            wrong(
                f"{expression} gives None: the method has no return yet (is its body still ...?).",
                VECTOR_HINT,
            )
        )
    if isinstance(result, tuple | list | np.ndarray):
        raise StudentMistake(
            wrong(
                f"{expression} gives {shown(result)}, a {type(result).__name__}: return a new "
                "Vector, so that the result can be added and multiplied again.",
                VECTOR_HINT,
            )
        )
    if not (hasattr(result, "x") and hasattr(result, "y")):
        raise StudentMistake(
            wrong(
                f"{expression} gives {shown(result)}, which has no .x and .y: return a new Vector.",
                VECTOR_HINT,
            )
        )
    try:
        return float(result.x), float(result.y)
    except (TypeError, ValueError):
        raise StudentMistake(
            wrong(
                f"{expression} gives a Vector whose components are {shown(result.x)} and "
                f"{shown(result.y)}, not numbers.",
                VECTOR_HINT,
            )
        ) from None


def _same(got: tuple[float, float], want: tuple[float, float]) -> bool:
    return all(
        math.isclose(g, w, rel_tol=1e-9, abs_tol=1e-12) for g, w in zip(got, want, strict=True)
    )


def _show(pair: tuple[float, float]) -> str:
    return f"Vector({pair[0]:g}, {pair[1]:g})"


@exercise(
    "B.1",
    "A Vector with + and *",
    hints=(
        "`a + b` calls `a.__add__(b)`; `v * 3` calls `v.__mul__(3)`; `3 * v` first tries the int's "
        "own multiplication, which does not know Vectors, and then calls `v.__rmul__(3)`.",
        "each method returns a new Vector built from the components: for `a + b`, the x of the "
        "result is `self.x + other.x`. `__rmul__` can reuse `__mul__`.",
    ),
)
def check_vector(answer: Any) -> Feedback:
    if not isinstance(answer, type):
        return wrong(
            f"answer should be the class itself, answer = Vector, not {shown(answer)}.",
            "write answer = Vector (no brackets: the class, not one vector).",
        )
    a = call(answer, 1.0, 2.0, name="Vector(1, 2)", returns=False, hint=VECTOR_HINT)
    b = call(answer, 3.0, -5.0, name="Vector(3, -5)", returns=False, hint=VECTOR_HINT)
    if _components(a, "Vector(1, 2)") != (1.0, 2.0):
        return wrong(
            "Vector(1, 2) should store 1 in .x and 2 in .y; keep the __init__ of the template.",
            VECTOR_HINT,
        )
    total = call(lambda: a + b, name="Vector(1, 2) + Vector(3, -5)", returns=False)
    changed = (float(a.x), float(a.y)) != (1.0, 2.0)
    total = _components(total, "Vector(1, 2) + Vector(3, -5)")
    if changed:
        return wrong(
            "Vector(1, 2) + Vector(3, -5) changed the left Vector itself (self.x += ... ?): an "
            "operator builds and returns a new Vector and leaves both operands as they were, as "
            "1 + 2 leaves 1 alone.",
            VECTOR_HINT,
        )
    if not _same(total, (4.0, -3.0)):
        return wrong(
            f"Vector(1, 2) + Vector(3, -5) gives {_show(total)}, but it should give "
            "Vector(4, -3): add x to x and y to y.",
            VECTOR_HINT,
        )
    scaled = call(
        lambda: a * 3,
        name="Vector(1, 2) * 3",
        returns=False,
        hint="v * 3 calls v.__mul__(3): define __mul__(self, factor).",
    )
    scaled = _components(scaled, "Vector(1, 2) * 3")
    if (float(a.x), float(a.y)) != (1.0, 2.0):
        return wrong(
            "v * 3 changed v itself: return a new Vector and leave v as it was.", VECTOR_HINT
        )
    if not _same(scaled, (3.0, 6.0)):
        return wrong(
            f"Vector(1, 2) * 3 gives {_show(scaled)}, but it should give Vector(3, 6): "
            "multiply each component by the factor.",
            VECTOR_HINT,
        )
    try:
        left = call(lambda: 3 * a, name="3 * Vector(1, 2)", returns=False)
    except StudentMistake as mistake:
        if "TypeError" in mistake.feedback.message and "unsupported operand" in (
            mistake.feedback.message
        ):
            return wrong(
                "3 * Vector(1, 2) raised TypeError: 3 * v first asks the int 3, which does not "
                "know Vectors, and then Python calls v.__rmul__(3). Define __rmul__.",
                RMUL_HINT,
            )
        raise
    left = _components(left, "3 * Vector(1, 2)")
    if not _same(left, (3.0, 6.0)):
        return wrong(
            f"3 * Vector(1, 2) gives {_show(left)}, but it should give Vector(3, 6), the same "
            "as Vector(1, 2) * 3.",
            RMUL_HINT,
        )
    chained = _components(
        call(lambda: 2 * (a + b) * 0.5, name="2 * (a + b) * 0.5", returns=False),
        "2 * (a + b) * 0.5",
    )
    if not _same(chained, (4.0, -3.0)):
        return wrong(
            f"2 * (Vector(1, 2) + Vector(3, -5)) * 0.5 gives {_show(chained)}, not Vector(4, -3).",
            VECTOR_HINT,
        )
    return correct(
        "Vector + Vector, Vector * 3, 3 * Vector and a chain such as 2 * (a + b) * 0.5 all give "
        "new Vectors, and leave their operands unchanged."
    )


# ---------------------------------------------------------------------------------------------
# B.2: divide each row by its sum (axis=1, keepdims=True).

SCORES = np.array([[1.0, 3.0, 4.0], [2.0, 2.0, 6.0], [6.0, 1.0, 5.0]])


def _array_feedback(
    answer: Any,
    expected: np.ndarray,
    *,
    what: str,
    mistakes: dict[str, np.ndarray],
    hint: str,
) -> Feedback:
    """Compare an array answer with ``expected`` by the series' rule; name known mistakes."""
    array = as_array(answer, what)
    if array.shape == expected.shape and close_all(array, expected) in ("exact", "rounded"):
        return correct()
    for explanation, mistaken in mistakes.items():
        if array.shape == np.shape(mistaken) and close_all(array, mistaken) in (
            "exact",
            "rounded",
        ):
            return wrong(f"{what}: {explanation}", hint)
    if array.shape != expected.shape:
        return wrong(
            f"{what} has shape {array.shape}, but it should have shape {expected.shape}.", hint
        )
    if close_all(array, expected) == "near":
        return wrong(f"{what} is close, but give more digits (compute it, do not round).", hint)
    return wrong(f"{what} is not right.", hint)


@exercise(
    "B.2",
    "Make every row sum to 1",
    hints=(
        "`scores.sum(axis=1)` adds along each row, one sum per row. Which shape must the sums "
        "have so that dividing lines each sum up with its own row?",
        "the sums must form a column, shape (3, 1), one beside each row: which argument of `sum` "
        "keeps the summed axis?",
    ),
)
def check_row_sums(answer: Any) -> Feedback:
    s = SCORES
    hint = "print the shape of your row sums: to line up with the rows it must be (3, 1)."
    feedback = _array_feedback(
        answer,
        s / s.sum(axis=1, keepdims=True),
        what="your array",
        mistakes={
            "each column sums to 1, not each row: axis=0 adds down the columns; "
            "axis=1 adds along each row.": s / s.sum(axis=0, keepdims=True),
            "the row sums have shape (3,) without keepdims, and broadcasting lines a shape (3,) "
            "up with the columns: entry [i, j] was divided by the sum of row j, not row i. "
            "The rows do not sum to 1.": s / s.sum(axis=1),
            "that divides by the sum of the whole array; each row needs its own sum.": s / s.sum(),
            "those are the row sums themselves; now divide scores by them.": s.sum(
                axis=1, keepdims=True
            ),
            "those are the row sums; keep them as a column (keepdims=True) and divide scores "
            "by them.": s.sum(axis=1),
            "that multiplies by the row sums; divide instead.": s * s.sum(axis=1, keepdims=True),
        },
        hint=hint,
    )
    if feedback.ok:
        return correct("every row now sums to 1, each divided by its own sum.")
    return feedback


# ---------------------------------------------------------------------------------------------
# B.3: predict three broadcast shapes.

BROADCAST_CASES = [((5, 3), (3,)), ((4, 1), (3,)), ((2, 3), (2,))]


def _as_shape(part: Any, label: str) -> tuple[int, ...] | None:
    if part is None:
        return None
    if isinstance(part, str) and part.strip().lower() in {"error", "none", "valueerror"}:
        return None
    if isinstance(part, int) and not isinstance(part, bool):
        return (part,)
    if isinstance(part, tuple | list) and all(
        isinstance(n, int | np.integer) and not isinstance(n, bool) for n in part
    ):
        return tuple(int(n) for n in part)
    raise StudentMistake(
        wrong(
            f"part {label} should be a shape such as (5, 3), or None for an error; got "
            f"{shown(part)}.",
            "write a shape as a tuple of whole numbers: (4, 3).",
        )
    )


@exercise(
    "B.3",
    "Predict the shape of a broadcast",
    hints=(
        "write the two shapes one above the other, aligned at the right. Compare axis by axis "
        "from the right: equal sizes match, a size 1 stretches, a missing axis counts as 1.",
        "(2, 3) against (2,): the last axes are 3 and 2, neither is 1.",
    ),
)
def check_broadcast_shapes(answer: Any) -> Feedback:
    if not isinstance(answer, tuple | list) or len(answer) != 3:
        return wrong(
            f"give three answers in a list, e.g. [(5, 3), (1, 2), None]; got {shown(answer)}.",
            "one shape (or None) for each of (a), (b) and (c).",
        )
    hint = "align the shapes at the right; a size 1 (or a missing axis) stretches to the other."
    for label, part, (left, right) in zip("abc", answer, BROADCAST_CASES, strict=True):
        shape = _as_shape(part, f"({label})")
        try:
            want: tuple[int, ...] | None = np.broadcast_shapes(left, right)
        except ValueError:
            want = None
        if shape == want:
            continue
        if want is None:
            return wrong(
                f"({label}) {left} and {right} do not broadcast: lined up from the right, the "
                f"last axes are {left[-1]} and {right[-1]}, neither is 1, so NumPy raises "
                f"ValueError (answer None). A shape {(left[0], 1)} would work.",
                hint,
            )
        if shape is None:
            return wrong(
                f"({label}) {left} and {right} do broadcast: lined up from the right, every pair "
                "of sizes is equal or has a 1.",
                hint,
            )
        if shape in (left, right):
            return wrong(
                f"({label}) the result is at least as large as each operand along every axis: "
                f"{shape} is one operand's own shape, but the other stretches it.",
                hint,
            )
        return wrong(f"({label}) {left} with {right} does not give {shape}.", hint)
    return correct("(a) (5, 3), (b) (4, 3): the size-1 axis stretched; (c) raises ValueError.")


# ---------------------------------------------------------------------------------------------
# B.4: the one-hot matrix of four labels, three classes.

LABELS = np.array([2, 0, 1, 2])
CLASSES = 3


@exercise(
    "B.4",
    "The one-hot matrix of four labels",
    hints=(
        "one row per label and one column per class: the shape is (4, 3). Row i has a 1 in "
        "column labels[i] and 0 elsewhere.",
        "the identity matrix np.eye(3) has the one-hot row of class c as its row c; pick rows "
        "with an integer array.",
    ),
)
def check_one_hot(answer: Any) -> Feedback:
    y, k = LABELS, CLASSES
    if isinstance(answer, np.ndarray) and answer.dtype == bool:
        answer = answer.astype(float)
    hint = "row c of np.eye(k) is the one-hot row of class c: pick one row per label."
    feedback = _array_feedback(
        answer,
        np.eye(k)[y],
        what="your matrix",
        mistakes={
            "that is the transpose: a one-hot matrix has one row per label, shape (4, 3).": (
                np.eye(k)[y].T
            ),
            "that has a column for each of the 4 labels; it needs one column for each of the "
            "k = 3 classes.": np.eye(len(y))[y],
            "that is the identity matrix itself: now pick its rows with the labels.": (np.eye(k)),
            "each 1 is one column to the left of where it belongs (labels start at 0: class 0 is "
            "column 0).": np.eye(k)[(y - 1) % k],
            "each 1 is one column to the right of where it belongs (labels start at 0: class 0 is "
            "column 0).": np.eye(k)[(y + 1) % k],
            "that is 1 minus the one-hot matrix: the 1 goes in the label's column, 0 elsewhere.": (
                1 - np.eye(k)[y]
            ),
        },
        hint=hint,
    )
    if feedback.ok:
        return correct("row i has its 1 in column labels[i]: shape (4, 3).")
    return feedback
