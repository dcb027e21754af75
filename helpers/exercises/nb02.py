"""Exercises of notebook 02, Computational Graphs: gradients by hand on a graph (equation (1.1)).

Each checker re-derives the right answer by computation (with :class:`helpers.Value`, a numerical
derivative, or by simulating the class the notebook builds) and recognises the usual mistakes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from ..gradcheck import numerical_derivative
from ..scalar import Value
from .answers import as_numbers
from .core import (
    Feedback,
    as_number,
    choice_feedback,
    correct,
    exercise,
    function_feedback,
    number_feedback,
    wrong,
)
from .feedback import shown
from .student_code import same

# -- 02.1 ---------------------------------------------------------------------------------------

K_INPUTS = {"x": 1.5, "y": -2.0, "z": 4.0, "w": 3.0}


def k_gradients(inputs: dict[str, float] = K_INPUTS) -> dict[str, float]:
    """∂K/∂x, ∂K/∂y, ∂K/∂z, ∂K/∂w of K = (x·y − z)·w, by backpropagation with helpers.Value."""
    leaves = {name: Value(value, label=name) for name, value in inputs.items()}
    K = (leaves["x"] * leaves["y"] - leaves["z"]) * leaves["w"]
    K.backward()
    return {name: leaf.grad for name, leaf in leaves.items()}


def _k_mistakes(name: str) -> dict[str, float]:
    """The values the usual slips give for ∂K/∂name (x=1.5, y=−2, z=4, w=3)."""
    x, y, z, w = (K_INPUTS[k] for k in "xyzw")
    upstream = (
        "you forgot the upstream gradient ∂K/∂v = w = 3 (multiply the local derivative by it)."
    )
    own = "the local derivative of a product is the OTHER factor, not the variable's own value."
    return {
        "x": {upstream: y, own: w * x},
        "y": {upstream: x, own: w * y},
        "z": {upstream: -1.0},
        "w": {
            "∂K/∂w is the other factor v = x·y − z = −7, not w itself.": w,
            "that is the value of K, not its derivative with respect to w.": (x * y - z) * w,
            "v = x·y − z: did you add z instead of subtracting it?": x * y + z,
        },
    }[name]


@exercise(
    "02.1",
    "Gradients by hand",
    hints=(
        "name the intermediate nodes u = x·y and v = u − z, and start at K with gradient 1.",
        "walking backwards, each node's gradient is upstream × local; for a product the local "
        "derivative is the other factor.",
    ),
)
def check_k_gradients(answer: Any) -> Feedback:
    if not isinstance(answer, dict):
        return wrong(
            "give a dict with one gradient per input, "
            'like {"x": ..., "y": ..., "z": ..., "w": ...}; got ' + shown(answer) + ".",
            "keys are the input names as strings, values are numbers.",
        )
    extra = [key for key in answer if key not in K_INPUTS]
    missing = [key for key in K_INPUTS if key not in answer]
    if extra or missing:
        said = []
        for key in extra:
            guess = next((m for m in missing if str(key).strip().lower() == m), None)
            said.append(
                f"the key {shown(key)} should be {guess!r}"
                if guess
                else f"{shown(key)} is not an input of K (the inputs are x, y, z, w)"
            )
        said += [f"the key {m!r} is missing" for m in missing if not any(m in t for t in said)]
        return wrong("; ".join(said) + ".", "one key per input: x, y, z and w, as strings.")
    expected = k_gradients()
    problems = []
    for name in "xyzw":
        feedback = number_feedback(
            answer[name], expected[name], what=f"∂K/∂{name}", mistakes=_k_mistakes(name)
        )
        if not feedback.ok:
            problems.append(feedback.message)
    if problems:
        return wrong(
            " ".join(problems),
            "name the nodes u = x·y and v = u − z, start at K with gradient 1 and multiply "
            "upstream × local at every step backwards.",
        )
    return correct(
        "∂K/∂x = −6, ∂K/∂y = 4.5, ∂K/∂z = −3, ∂K/∂w = −7: upstream × local at every node."
    )


# -- 02.2 ---------------------------------------------------------------------------------------

P_VALUE = -3.0


def buggy_square_grad(p: float) -> float:
    """p.grad after q = p·p and backward() with the notebook's first class (``=``, not ``+=``).

    Runs the two lines of that class's ``_backward`` for ``*`` on one node used as both factors.
    """
    node = SimpleNamespace(data=p, grad=0.0)
    self, other, out_grad = node, node, 1.0
    self.grad = other.data * out_grad
    other.grad = self.data * out_grad  # the same node: this replaces the line above
    return node.grad


@exercise(
    "02.2",
    "Predict p · p",
    hints=(
        "trace the two lines of _backward for * by hand, with self and other both being the node "
        "p.",
        "the second assignment replaces what the first one wrote. What would += do instead?",
    ),
)
def check_square_prediction(answer: Any) -> Feedback:
    answer = as_numbers(answer, 2, "(what the class with = puts in p.grad, the true dq/dp)")
    buggy, true = buggy_square_grad(P_VALUE), 2 * P_VALUE
    first = number_feedback(
        answer[0],
        buggy,
        what="the buggy p.grad",
        mistakes={
            "that is the true derivative, but the class with = does not add the two uses up: "
            "the second assignment overwrites the first.": true,
            "each assignment writes the other factor's value, p = −3, times out.grad = 1; "
            "nothing is ever added, so the result is not 0.": 0.0,
            "that is q = p·p itself, not a gradient.": P_VALUE * P_VALUE,
        },
    )
    second = number_feedback(
        answer[1],
        true,
        what="the true dq/dp",
        mistakes={
            "that is what the buggy class reports; q = p² has derivative 2p.": buggy,
            "that is q = p² itself, not its derivative 2p.": P_VALUE * P_VALUE,
        },
    )
    problems = [f.message for f in (first, second) if not f.ok]
    if problems:
        return wrong(
            " ".join(problems),
            "trace the two lines of _backward for * with self and other both being p.",
        )
    return correct("the class with = reports −3, half of the true 2p = −6: += fixes it.")


# -- 02.3 ---------------------------------------------------------------------------------------

DIVISION_POINTS = ((3.0, 2.0), (-1.5, 0.5), (2.0, -4.0), (0.7, 3.3), (-5.0, -1.25))

# For each slot of the answer: (explanation, the function a typical slip computes).
_DIV_MISTAKES: tuple[tuple[tuple[str, Callable[[float, float], float]], ...], ...] = (
    (
        ("∂(a/b)/∂a is 1/b: a/b is a times the constant 1/b.", lambda a, b: b),
        ("∂(a/b)/∂a is 1/b, not a/b (that is the value of the division).", lambda a, b: a / b),
        ("∂(a/b)/∂a is 1/b, not −1/b.", lambda a, b: -1 / b),
        ("∂(a/b)/∂a is 1/b, not 1/b².", lambda a, b: 1 / b**2),
    ),
    (
        (
            "∂(a/b)/∂b has the wrong sign: a bigger divisor makes a/b smaller in size, "
            "so the derivative is −a/b².",
            lambda a, b: a / b**2,
        ),
        ("∂(a/b)/∂b = −a/b²: you forgot the factor a.", lambda a, b: -1 / b**2),
        ("∂(a/b)/∂b = −a/b²: the b must be squared.", lambda a, b: -a / b),
        ("∂(a/b)/∂b = −a/b², not 1/b (that is ∂/∂a).", lambda a, b: 1 / b),
    ),
)


def _close(x: float, y: float) -> bool:
    return math.isclose(x, y, rel_tol=1e-4, abs_tol=1e-7)


@exercise(
    "02.3",
    "Local derivatives of a division",
    hints=(
        "hold b fixed: a/b is a times the constant 1/b. Hold a fixed: a/b is a · b⁻¹.",
        "for b, use the power rule on b⁻¹.",
    ),
)
def check_division(answer: Any) -> Feedback:
    hint = "write a / b as a · b⁻¹ and use the power rule for the derivative in b."
    return function_feedback(
        answer,
        name="div_local_grads",
        cases=[((a, b), f"a = {a}, b = {b}") for a, b in DIVISION_POINTS],
        reference=_division_by_differences,
        right=f"(1/b, −a/b²) matches the finite differences at all {len(DIVISION_POINTS)} test "
        "points.",
        hint=hint,
        parts=("∂out/∂a", "∂out/∂b"),
        diagnose=lambda results, cases: _diagnose_division(results, hint),
        close=lambda got, want: same(got, want, rtol=1e-4, atol=1e-7),
    )


def _division_by_differences(a: float, b: float) -> tuple[float, float]:
    """(∂(a/b)/∂a, ∂(a/b)/∂b) by central differences: the checker's independent reference."""
    return (
        numerical_derivative(lambda t: t / b, a),
        numerical_derivative(lambda t: a / t, b),
    )


def _diagnose_division(results: list[Any], hint: str) -> Feedback:
    """Name the slip in each slot of the returned pair that is wrong at some test point."""
    problems = []
    for slot, what in enumerate(("∂out/∂a", "∂out/∂b")):
        values = [as_number(r[slot], f"the {what} your function returns") for r in results]
        wanted = [_division_by_differences(a, b)[slot] for a, b in DIVISION_POINTS]
        wrong_at = [
            (point, got, want)
            for point, got, want in zip(DIVISION_POINTS, values, wanted, strict=True)
            if not _close(got, want)
        ]
        if not wrong_at:
            continue
        for explanation, slip in _DIV_MISTAKES[slot]:
            if all(
                _close(v, slip(a, b)) for v, (a, b) in zip(values, DIVISION_POINTS, strict=True)
            ):
                problems.append(f"{what}: {explanation}")
                break
        else:
            (a, b), got, want = wrong_at[0]
            problems.append(
                f"{what} at a = {a}, b = {b} is {got:.4g}, but a finite difference gives "
                f"{want:.4g}."
            )
    return wrong(" ".join(problems), hint)


# -- 02.4 ---------------------------------------------------------------------------------------

# In L = (a·b + c)·f with a=2, b=−3, c=10, f=−2, the node e = a·b receives e.grad = −2.
_E_GRAD, _A, _B = -2.0, 2.0, -3.0


@exercise(
    "02.4",
    "Find the bug in _backward",
    hints=(
        "compare each line of _backward with the rule 'upstream × local': which factor is missing"
        " where?",
    ),
)
def check_find_the_bug(answer: Any) -> Feedback:
    right_a = _B * _E_GRAD  # upstream × local
    buggy_a = _B  # local only
    return choice_feedback(
        answer,
        "b",
        {
            "a": "no: += is the fix for a node used twice (a + a); with = the second use would "
            "overwrite the first.",
            "b": f"without out.grad the first line passes back only the local derivative. In L "
            f"the node a·b receives grad {_E_GRAD:g}, so a.grad would be {buggy_a:g} instead of "
            f"{right_a:g}.",
            "c": "no: ∂(a·b)/∂b is the other factor a, which is self.data, so that line is right.",
            "d": f"it looks right only when out.grad = 1 (out is the final output). In L the "
            f"node a·b receives grad {_E_GRAD:g} and a.grad comes out {buggy_a:g} instead of "
            f"{right_a:g}.",
        },
        hint="compare each line with 'upstream × local': which factor is missing where?",
    )
