"""Exercises of notebook 01 · The Chain Rule (Book §1.2, equation (1.1)).

Each checker re-derives the right answer by computation and recognises the usual mistakes by the
value they produce: the missing inner derivative, the outer derivative taken at x instead of at
g(x), added slopes where they multiply, one path of the multivariable chain rule left out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .core import Feedback, choice_feedback, correct, exercise, number_feedback, wrong

# ---------------------------------------------------------------------------------------------
# 01.1: which step h makes the central difference most accurate?

STEP_SOLUTION = r"""
**(b) $h = 10^{-5}$.** Two errors pull in opposite directions.

* The *truncation* error of the central difference is about $\frac{h^2}{6}|f'''(x)|$: it comes from
  replacing the curve by a straight chord, and it shrinks as $h$ shrinks. For $\sin$ at $x = 1$ and
  $h = 0.1$ it is about $\frac{0.01}{6}\cos 1 \approx 10^{-3}$.
* The *rounding* error comes from the computer keeping only about 16 significant digits.
  $f(x+h)$ and $f(x-h)$ agree in their leading digits, and subtracting them leaves only the few
  digits in which they differ; each value carries an error of about $10^{-16}$, and dividing by
  $2h$ magnifies it to about $10^{-16}/h$. At $h = 10^{-10}$ that is already $10^{-6}$; at
  $h = 10^{-15}$ the difference is mostly noise.

The total is smallest where the two are about equal: $h^2 \approx 10^{-16}/h$, so
$h \approx 10^{-5}$ (the log-log plot of the notebook has its minimum there). That is why
`helpers.numerical_derivative` uses a step of $10^{-6}$, close to the best.
"""


@exercise(
    "01.1",
    "The best step for a central difference",
    solution=STEP_SOLUTION,
    answer_code='answer = "b"',
)
def check_best_step(answer: Any) -> Feedback:
    return choice_feedback(
        answer,
        "b",
        {
            "a": "with h = 0.1 the chord is still far from the tangent: the truncation error, "
            "about h²/6 · |f'''|, is around 1e-3. A smaller h does much better.",
            "b": "near h = 1e-5 the truncation error (∝ h², shrinking) and the rounding error "
            "(∝ 1e-16/h, growing) are about equal, so their sum is smallest.",
            "c": "at h = 1e-10 the truncation error is tiny, but rounding has taken over: "
            "f(x+h) and f(x−h) share most of their digits, and the leftover noise, about "
            "1e-16, divided by 2h is about 1e-6.",
            "d": "at h = 1e-15, x + h and x − h differ only in the last digit or two the computer "
            "keeps, so the difference f(x+h) − f(x−h) is mostly rounding noise.",
        },
        hint="look at the log-log plot of the error against h: where is the bottom of the V?",
    )


# ---------------------------------------------------------------------------------------------
# 01.2: d/dx sin(x²) at x = 1.5 by hand.

SIN_SQUARE_SOLUTION = r"""
Write $y = f(g(x))$ with inner function $u = g(x) = x^2$ and outer function $f(u) = \sin u$.
Their derivatives are $g'(x) = 2x$ and $f'(u) = \cos u$. By the chain rule, equation (1.1),

$$\frac{dy}{dx} = f'(g(x)) \cdot g'(x) = \cos(x^2) \cdot 2x.$$

At $x = 1.5$: $u = 1.5^2 = 2.25$, so $\frac{dy}{dx} = \cos(2.25) \cdot 3 \approx -0.6282 \cdot 3
\approx -1.885$. The slope is negative: at $x = 1.5$ the curve $\sin(x^2)$ is going down, because
$u = 2.25$ is past the top of the sine at $u = \pi/2 \approx 1.57$. Note that $\cos$ is evaluated
at $u = 2.25$, not at $x = 1.5$, and that the angle is in radians (NumPy's `np.cos` always is).
"""

SIN_SQUARE_X = 1.5


@exercise(
    "01.2",
    "The slope of sin(x²) by hand",
    solution=SIN_SQUARE_SOLUTION,
    answer_code="import numpy as np\n\nanswer = np.cos(1.5**2) * 2 * 1.5",
)
def check_sin_square(answer: Any) -> Feedback:
    x = SIN_SQUARE_X
    u = x**2
    return number_feedback(
        answer,
        math.cos(u) * 2 * x,
        what="d/dx sin(x²) at x = 1.5",
        mistakes={
            "that is cos(x²) alone: you forgot to multiply by the inner derivative g'(x) = 2x.": (
                math.cos(u)
            ),
            "the inner derivative is wrong: the derivative of x² is 2x, not x.": math.cos(u) * x,
            "you took cos at x = 1.5, but the outer derivative belongs at u = g(x) = x² = 2.25.": (
                math.cos(x) * 2 * x
            ),
            "the derivative of sin is cos, not −cos, so the sign is wrong.": -math.cos(u) * 2 * x,
            "that is the value sin(x²) itself, not its slope.": math.sin(u),
            "that is cos(2x): the outer derivative takes the inner *value* x², not g'(x).": (
                math.cos(2 * x)
            ),
            "that looks like cos in degrees; calculus (and np.cos) works in radians.": (
                math.cos(math.radians(u)) * 2 * x
            ),
        },
        hint="name the inner function u = g(x) and the outer f(u), differentiate each, then use "
        "equation (1.1): dy/dx = f'(g(x)) · g'(x).",
        rtol=1e-3,  # four significant digits typed by hand pass
    )


# ---------------------------------------------------------------------------------------------
# 01.3: fill in chain_derivative(df, dg, g, x).

CHAIN_FUNCTION_SOLUTION = r"""
Equation (1.1) says: evaluate the outer derivative at the inner *value* $u = g(x)$, then multiply
by the inner derivative at $x$:

```python
def chain_derivative(df, dg, g, x):
    u = g(x)                 # where the outer function is working
    return df(u) * dg(x)     # f'(g(x)) · g'(x)
```

The two common slips are `df(x) * dg(x)` (the outer slope read off at the wrong place) and
`df(g(x))` alone (the inner slope forgotten). The check calls the function on several pairs of
functions and points, so a formula that happens to work at one point does not pass.
"""

Function = Callable[[float], float]


def _sigmoid(x: float) -> float:
    return 0.5 * (1.0 + math.tanh(0.5 * x))


# (f', g', g, x, description) for the cases the checker tries.
CHAIN_CASES: list[tuple[Function, Function, Function, float, str]] = [
    (math.cos, lambda x: 2 * x, lambda x: x * x, 1.5, "f = sin, g = x² at x = 1.5"),
    (math.exp, math.cos, math.sin, 0.7, "f = exp, g = sin at x = 0.7"),
    (lambda u: 1 - math.tanh(u) ** 2, lambda x: 3.0, lambda x: 3 * x, -0.4, "f = tanh, g = 3x"),
    (lambda u: 3 * u * u, lambda x: -math.sin(x), math.cos, 2.0, "f = u³, g = cos at x = 2"),
    (
        lambda u: _sigmoid(u) * (1 - _sigmoid(u)),
        lambda x: 2 * x,
        lambda x: x * x,
        1.1,
        "f = sigmoid, g = x² at x = 1.1",
    ),
]

CHAIN_MISTAKES: list[tuple[str, Callable[[Function, Function, Function, float], float]]] = [
    (
        "your function returns f'(x) · g'(x): the outer derivative must be taken at u = g(x), "
        "not at x. Use df(g(x)).",
        lambda df, dg, g, x: df(x) * dg(x),
    ),
    (
        "your function returns f'(g(x)) only: multiply by the inner derivative dg(x).",
        lambda df, dg, g, x: df(g(x)),
    ),
    (
        "your function adds the two slopes; along a chain the slopes multiply.",
        lambda df, dg, g, x: df(g(x)) + dg(x),
    ),
    (
        "your function returns f'(g'(x)) · …: the outer derivative takes the inner *value* "
        "g(x), not the inner slope g'(x).",
        lambda df, dg, g, x: df(dg(x)) * dg(x),
    ),
    (
        "your function returns g'(x) only: the outer slope f'(g(x)) is missing.",
        lambda df, dg, g, x: dg(x),
    ),
]


@exercise(
    "01.3",
    "Write the chain rule as a function",
    solution=CHAIN_FUNCTION_SOLUTION,
    answer_code="def chain_derivative(df, dg, g, x):\n"
    "    u = g(x)\n"
    "    return df(u) * dg(x)\n\n\n"
    "answer = chain_derivative",
)
def check_chain_function(answer: Any) -> Feedback:
    if not callable(answer):
        return wrong(
            f"answer should be your function itself (answer = chain_derivative), "
            f"but it is a {type(answer).__name__}.",
            "define chain_derivative in the cell, then write answer = chain_derivative, "
            "without parentheses.",
        )
    results = []
    for df, dg, g, x, _ in CHAIN_CASES:
        value = answer(df, dg, g, x)
        if value is Ellipsis or value is None:
            return wrong(
                f"your function returned {value!r}: replace the ... in its return line with the "
                "formula.",
                "return df(...) * dg(...): which point goes into each?",
            )
        results.append(value)
    numbers = []
    for value, (_, _, _, _, case) in zip(results, CHAIN_CASES, strict=True):
        try:
            numbers.append(float(value))
        except (TypeError, ValueError):
            return wrong(f"for {case} your function returned {value!r}, which is not a number.")
    expected = [df(g(x)) * dg(x) for df, dg, g, x, _ in CHAIN_CASES]

    def matches(values: list[float]) -> bool:
        return all(
            math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
            for a, b in zip(numbers, values, strict=True)
        )

    if matches(expected):
        return correct(f"it gives f'(g(x)) · g'(x) in all {len(CHAIN_CASES)} test cases.")
    for explanation, mistake in CHAIN_MISTAKES:
        if matches([mistake(df, dg, g, x) for df, dg, g, x, _ in CHAIN_CASES]):
            return wrong(explanation, "equation (1.1): dy/dx = f'(g(x)) · g'(x).")
    number, truth, case = next(
        (number, truth, c[4])
        for number, truth, c in zip(numbers, expected, CHAIN_CASES, strict=True)
        if not math.isclose(number, truth, rel_tol=1e-9, abs_tol=1e-12)
    )
    return wrong(
        f"for {case} your function gives {number:.4g}, but the slope is {truth:.4g}.",
        "equation (1.1): dy/dx = f'(g(x)) · g'(x).",
    )


# ---------------------------------------------------------------------------------------------
# 01.4: predict the slope of a chain of ten functions with local slope 0.25 each.

TEN_SLOPES_SOLUTION = r"""
Along a chain the local slopes **multiply** (equation (1.1), applied once per link). Ten slopes of
$0.25$ give

$$0.25^{10} = \frac{1}{4^{10}} = \frac{1}{1\,048\,576} \approx 9.5 \times 10^{-7}.$$

A nudge of the input by $0.001$ moves the output by about $10^{-9}$: the output barely notices the
input. This is the *vanishing gradient* problem of deep networks in miniature: $0.25$ is the
largest slope the sigmoid function ever has, so a chain of ten sigmoids always has a slope below
this, as the notebook shows.
"""


@exercise(
    "01.4",
    "Predict: ten slopes of 0.25",
    solution=TEN_SLOPES_SOLUTION,
    answer_code="answer = 0.25**10",
)
def check_ten_slopes(answer: Any) -> Feedback:
    slope, links = 0.25, 10
    return number_feedback(
        answer,
        slope**links,
        what="the slope of the chain",
        mistakes={
            "that is 10 × 0.25: along a chain the slopes multiply, they do not add.": (
                slope * links
            ),
            "that is the slope of one link; the chain has ten, and each multiplies in.": slope,
            "that is 0.25 to the power 9: there is one factor per function, ten in all.": (
                slope ** (links - 1)
            ),
            "that is 0.25 to the power 11: there is one factor per function, ten in all.": (
                slope ** (links + 1)
            ),
            "that is 0.25 / 10: along a chain the slopes multiply.": slope / links,
        },
        hint="a chain of two functions has slope f'·g'; of three, f'·g'·h'. Ten?",
        rtol=1e-3,
        atol=1e-12,
    )


# ---------------------------------------------------------------------------------------------
# 01.5: the multivariable chain rule, a sum over two paths.

PATHS_T = 0.5

PATHS_SOLUTION = r"""
$z$ depends on $t$ along **two paths**, $t \to x \to z$ and $t \to y \to z$. Multiply the local
derivatives along each path, then add the paths:

$$\frac{dz}{dt} = \frac{\partial z}{\partial x}\frac{dx}{dt}
+ \frac{\partial z}{\partial y}\frac{dy}{dt}
= 2xy \cdot (-\sin t) + x^2 \cdot e^t.$$

At $t = 0.5$: $x = \cos 0.5 \approx 0.8776$, $y = e^{0.5} \approx 1.6487$, so

$$\frac{dz}{dt} \approx 2 \cdot 0.8776 \cdot 1.6487 \cdot (-0.4794) + 0.7702 \cdot 1.6487
\approx -1.3873 + 1.2698 \approx -0.1176.$$

The two paths almost cancel. Check: $z = \cos^2 t \cdot e^t$, and a central difference of that
function at $t = 0.5$ gives the same $-0.1176$.
"""


@exercise(
    "01.5",
    "Two paths from t to z",
    solution=PATHS_SOLUTION,
    answer_code="import numpy as np\n\n"
    "t = 0.5\n"
    "x, y = np.cos(t), np.exp(t)\n"
    "answer = 2 * x * y * (-np.sin(t)) + x**2 * np.exp(t)",
)
def check_two_paths(answer: Any) -> Feedback:
    t = PATHS_T
    x, y = math.cos(t), math.exp(t)
    through_x = 2 * x * y * -math.sin(t)  # ∂z/∂x · dx/dt
    through_y = x * x * math.exp(t)  # ∂z/∂y · dy/dt
    return number_feedback(
        answer,
        through_x + through_y,
        what="dz/dt at t = 0.5",
        mistakes={
            "that is only the path through x; add the path through y, ∂z/∂y · dy/dt.": through_x,
            "that is only the path through y; add the path through x, ∂z/∂x · dx/dt.": through_y,
            "you multiplied the two paths; the contributions of separate paths add.": (
                through_x * through_y
            ),
            "the derivative of cos t is −sin t: the path through x has the wrong sign.": (
                -through_x + through_y
            ),
            "the path through x is missing dx/dt = −sin t.": 2 * x * y + through_y,
            "the path through y is missing dy/dt = e^t.": through_x + x * x,
        },
        hint="draw the graph t → x → z and t → y → z; multiply along each path, add the paths.",
        rtol=1e-3,  # four significant digits typed by hand pass
    )
