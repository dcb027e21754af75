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
from .core import Feedback, as_number, choice_feedback, correct, exercise, number_feedback, wrong

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
    solution=r"""
Name the intermediate nodes: $u = x \cdot y = -3$, $v = u - z = -7$, $K = v \cdot w = -21$.
Walk back from $K$ (where $\partial K/\partial K = 1$), multiplying upstream × local at every step
(equation (1.1)):

| node | upstream × local | gradient |
|---|---|---|
| $w$ | $1 \cdot v$ | $-7$ |
| $v$ | $1 \cdot w$ | $3$ |
| $z$ | $\partial K/\partial v \cdot (-1) = 3 \cdot (-1)$ | $-3$ |
| $u$ | $\partial K/\partial v \cdot 1$ | $3$ |
| $x$ | $\partial K/\partial u \cdot y = 3 \cdot (-2)$ | $-6$ |
| $y$ | $\partial K/\partial u \cdot x = 3 \cdot 1.5$ | $4.5$ |

Check: $K = (xy - z)w$, so $\partial K/\partial x = yw = -6$. ✓
""",
    answer_code='answer = {"x": -6.0, "y": 4.5, "z": -3.0, "w": -7.0}',
)
def check_k_gradients(answer: Any) -> Feedback:
    if not isinstance(answer, dict) or set(answer) != set(K_INPUTS):
        return wrong(
            "give a dict with one gradient per input, "
            'like {"x": ..., "y": ..., "z": ..., "w": ...}.',
            "keys are the input names as strings, values are numbers.",
        )
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

A_VALUE = -3.0


def buggy_square_grad(a: float) -> float:
    """a.grad after y = a·a and backward() with the notebook's first class (``=``, not ``+=``).

    Runs the two lines of that class's ``_backward`` for ``*`` on one node used as both factors.
    """
    node = SimpleNamespace(data=a, grad=0.0)
    self, other, out_grad = node, node, 1.0
    self.grad = other.data * out_grad
    other.grad = self.data * out_grad  # the same node: this replaces the line above
    return node.grad


@exercise(
    "02.2",
    "Predict a · a",
    solution=r"""
$y = a \cdot a = a^2$, so the true derivative is $dy/da = 2a = -6$.

The first class's `_backward` for `*` runs two assignments: `self.grad = other.data * out.grad`
gives $-3 \cdot 1 = -3$, then `other.grad = self.data * out.grad` gives $-3 \cdot 1 = -3$ again.
Both `self` and `other` are the same node `a`, so the second assignment *replaces* the first:
`a.grad` ends at $-3$, half the true value. Each use of `a` should add its share:
$-3 + (-3) = -6$, which is what `+=` does.
""",
    answer_code="answer = (-3.0, -6.0)  # (what the class with = prints, the true dy/da)",
)
def check_square_prediction(answer: Any) -> Feedback:
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        return wrong(
            "give two numbers: (what the class with = puts in a.grad, the true dy/da).",
            "for example answer = (1.0, 2.0)",
        )
    buggy, true = buggy_square_grad(A_VALUE), 2 * A_VALUE
    first = number_feedback(
        answer[0],
        buggy,
        what="the buggy a.grad",
        mistakes={
            "that is the true derivative, but the class with = does not add the two uses up: "
            "the second assignment overwrites the first.": true,
            "each assignment writes the other factor's value, a = −3, times out.grad = 1; "
            "nothing is ever added, so the result is not 0.": 0.0,
            "that is y = a·a itself, not a gradient.": A_VALUE * A_VALUE,
        },
    )
    second = number_feedback(
        answer[1],
        true,
        what="the true dy/da",
        mistakes={
            "that is what the buggy class reports; y = a² has derivative 2a.": buggy,
            "that is y = a² itself, not its derivative 2a.": A_VALUE * A_VALUE,
        },
    )
    problems = [f.message for f in (first, second) if not f.ok]
    if problems:
        return wrong(
            " ".join(problems),
            "trace the two lines of _backward for * with self and other both being a.",
        )
    return correct("the class with = reports −3, half of the true 2a = −6: += fixes it.")


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
    solution=r"""
$\text{out} = a / b = a \cdot b^{-1}$. Holding $b$ fixed, $a/b$ is $a$ times the constant
$1/b$, so $\partial\,\text{out}/\partial a = 1/b$. Holding $a$ fixed, the power rule on $b^{-1}$
gives $\partial\,\text{out}/\partial b = a \cdot (-1) \cdot b^{-2} = -a/b^2$.

The checker compared both with finite differences at several points; e.g. at $a = 3, b = 2$:
$(0.5, -0.75)$.
""",
    answer_code="""def div_local_grads(a, b):
    return 1 / b, -a / b**2


answer = div_local_grads""",
)
def check_division(answer: Any) -> Feedback:
    if not callable(answer):
        return wrong(
            "give your function itself: answer = div_local_grads (no parentheses).",
            "def div_local_grads(a, b): return ∂(a/b)/∂a, ∂(a/b)/∂b",
        )
    results = []
    for a, b in DIVISION_POINTS:
        result = answer(a, b)
        if not isinstance(result, tuple | list) or len(result) != 2:
            return wrong(
                f"div_local_grads({a}, {b}) returned {result!r}; return two numbers: "
                "(∂out/∂a, ∂out/∂b).",
                "return 1 / b, ...  (two values separated by a comma)",
            )
        try:
            results.append(tuple(as_number(r, "each returned value") for r in result))
        except TypeError as error:
            return wrong(str(error), "return plain numbers computed from a and b.")
    problems = []
    for slot, what in enumerate(("∂out/∂a", "∂out/∂b")):
        wrong_at = []
        for (a, b), result in zip(DIVISION_POINTS, results, strict=True):
            if slot == 0:
                reference = numerical_derivative(lambda t, b=b: t / b, a)
            else:
                reference = numerical_derivative(lambda t, a=a: a / t, b)
            if not _close(result[slot], reference):
                wrong_at.append((a, b, result[slot], reference))
        if not wrong_at:
            continue
        for explanation, slip in _DIV_MISTAKES[slot]:
            if all(
                _close(r[slot], slip(a, b))
                for (a, b), r in zip(DIVISION_POINTS, results, strict=True)
            ):
                problems.append(f"{what}: {explanation}")
                break
        else:
            a, b, got, reference = wrong_at[0]
            problems.append(
                f"{what} at a = {a}, b = {b} is {got:.4g}, but a finite difference gives "
                f"{reference:.4g}."
            )
    if problems:
        return wrong(
            " ".join(problems),
            "write a / b as a · b⁻¹ and use the power rule for the derivative in b.",
        )
    return correct(
        f"(1/b, −a/b²) matches the finite differences at all {len(DIVISION_POINTS)} test points."
    )


# -- 02.4 ---------------------------------------------------------------------------------------

# In L = (a·b + c)·f with a=2, b=−3, c=10, f=−2, the node e = a·b receives e.grad = −2.
_E_GRAD, _A, _B = -2.0, 2.0, -3.0


@exercise(
    "02.4",
    "Find the bug in _backward",
    solution=r"""
**(b).** The chain rule, equation (1.1), multiplies the *local* derivative by the *upstream*
gradient `out.grad`. The first line adds only the local derivative `other.data`:

```python
self.grad += other.data * out.grad
```

The bug hides when `out` is the final output, because then `out.grad = 1`. In
$L = (a \cdot b + c) \cdot f$ the product $e = a \cdot b$ receives `e.grad = −2`, and the buggy
line gives `a.grad = −3` instead of $-3 \cdot (-2) = 6$. `+=` is right (a node used twice adds
up both shares), and the second line's `self.data` is right (∂(a·b)/∂b = a).
""",
    answer_code='answer = "b"',
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
