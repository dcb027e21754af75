"""Exercises of notebook 01 · The Chain Rule (Book §1.2, equation (1.1)).

Each checker re-derives the right answer by computation and recognises the usual mistakes by the
value they produce: the missing inner derivative, the outer derivative taken at x instead of at
g(x), added slopes where they multiply, one path of the multivariable chain rule left out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ..tensor_rules import sigmoid
from .core import Feedback, choice_feedback, exercise, function_feedback, number_feedback

# ---------------------------------------------------------------------------------------------
# 01.1: which step h makes the central difference most accurate?


@exercise(
    "01.1",
    "The best step for a central difference",
    hints=(
        "two errors compete: the truncation error (the secant is not the tangent) shrinks with h,"
        " the computer's rounding error grows as h shrinks.",
        "look at the log-log plot of the error against h: where is the bottom of the V?",
    ),
)
def check_best_step(answer: Any) -> Feedback:
    return choice_feedback(
        answer,
        "b",
        {
            "a": "with h = 0.1 the secant is still far from the tangent: the truncation error is "
            "around 1e-3 (the notebook's table shows 9.0e-04). A smaller h does much better.",
            "b": "near h = 1e-5 the truncation error (∝ h², shrinking as h shrinks) and the "
            "rounding error (about 1e-16/h, growing) are about equal, so their sum is smallest.",
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


SIN_SQUARE_X = 1.5


@exercise(
    "01.2",
    "The slope of sin(x²) by hand",
    hints=(
        "name the inner function u = g(x) and the outer function f(u), and differentiate each on "
        "its own.",
        "equation (1.1): dy/dx = f'(g(x)) · g'(x). Evaluate the outer derivative at u = 1.5², in "
        "radians.",
    ),
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
    )


# ---------------------------------------------------------------------------------------------
# 01.3: fill in chain_derivative(df, dg, g, x).


Function = Callable[[float], float]


# (f', g', g, x, description) for the cases the checker tries.
CHAIN_CASES: list[tuple[Function, Function, Function, float, str]] = [
    (math.cos, lambda x: 2 * x, lambda x: x * x, 1.5, "f = sin, g = x² at x = 1.5"),
    (math.exp, math.cos, math.sin, 0.7, "f = exp, g = sin at x = 0.7"),
    (lambda u: 1 - math.tanh(u) ** 2, lambda x: 3.0, lambda x: 3 * x, -0.4, "f = tanh, g = 3x"),
    (lambda u: 3 * u * u, lambda x: -math.sin(x), math.cos, 2.0, "f = u³, g = cos at x = 2"),
    (
        lambda u: float(sigmoid(u) * (1 - sigmoid(u))),
        lambda x: 2 * x,
        lambda x: x * x,
        1.1,
        "f = sigmoid, g = x² at x = 1.1",
    ),
]

CHAIN_MISTAKES: list[tuple[str, Callable[[Function, Function, Function, float], float]]] = [
    (
        "your function returns f'(x) · g'(x): the outer derivative must be taken at u = g(x), "
        "not at x.",
        lambda df, dg, g, x: df(x) * dg(x),
    ),
    (
        "your function returns f'(g(x)) only: the inner derivative is missing.",
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
    hints=(
        "the function receives the derivatives df and dg as functions: call them at the right "
        "points. df is the outer derivative f', dg the inner g'.",
        "equation (1.1): dy/dx = f'(g(x)) · g'(x). The outer derivative is taken at the inner "
        "value u = g(x), not at x.",
    ),
)
def check_chain_function(answer: Any) -> Feedback:
    return function_feedback(
        answer,
        name="chain_derivative",
        cases=[((df, dg, g, x), case) for df, dg, g, x, case in CHAIN_CASES],
        reference=lambda df, dg, g, x: df(g(x)) * dg(x),
        right=f"it gives f'(g(x)) · g'(x) in all {len(CHAIN_CASES)} test cases.",
        mistakes=CHAIN_MISTAKES,
        hint="equation (1.1) has two factors: where is each derivative evaluated?",
    )


# ---------------------------------------------------------------------------------------------
# 01.4: predict the slope of a chain of ten functions with local slope 0.25 each.


@exercise(
    "01.4",
    "Predict: ten slopes of 0.25",
    hints=(
        "a chain of two functions has slope f'·g'; of three, f'·g'·h'. What does a chain of ten "
        "give?",
    ),
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
        significant=2,  # a prediction: "about 9.5e-7" is the insight
    )


# ---------------------------------------------------------------------------------------------
# 01.5: the multivariable chain rule, a sum over two paths.

PATHS_X = 0.5


@exercise(
    "01.5",
    "Two paths from x to y",
    hints=(
        "y depends on x along two paths, through u and through v. Draw the diagram x → u → y and "
        "x → v → y.",
        "multiply the local derivatives along each path, then add the two paths.",
    ),
)
def check_two_paths(answer: Any) -> Feedback:
    x = PATHS_X
    u, v = math.cos(x), math.exp(x)
    through_u = 2 * u * v * -math.sin(x)  # ∂y/∂u · du/dx
    through_v = u * u * math.exp(x)  # ∂y/∂v · dv/dx
    return number_feedback(
        answer,
        through_u + through_v,
        what="dy/dx at x = 0.5",
        mistakes={
            "that is only the path through u; add the path through v, ∂y/∂v · dv/dx.": through_u,
            "that is only the path through v; add the path through u, ∂y/∂u · du/dx.": through_v,
            "you multiplied the two paths; the contributions of separate paths add.": (
                through_u * through_v
            ),
            "the derivative of cos x is −sin x: the path through u has the wrong sign.": (
                -through_u + through_v
            ),
            "the path through u is missing du/dx = −sin x.": 2 * u * v + through_v,
            "the path through v is missing dv/dx = e^x.": through_u + u * u,
            "both paths are missing their inner derivatives du/dx = −sin x and dv/dx = e^x: "
            "that is ∂y/∂u + ∂y/∂v alone.": 2 * u * v + u * u,
        },
        hint="draw the diagram x → u → y and x → v → y; multiply along each path, add the paths.",
    )
