"""Exercises of notebook 04, Gradient Descent: the update step w ← w − η ∂L/∂w (Book §1.3).

Each checker re-derives the right answer by computation (a gradient by backpropagation with
:class:`helpers.Value`, curvatures by finite differences, the regime by running the rule, the
reference momentum update) and recognises the usual mistakes by the values they produce.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..gradcheck import numerical_derivative
from ..landscape import REGIMES, Bowl, gd_regime
from ..optim import SGD
from ..scalar import Value
from ..tensor import Tensor
from .core import (
    Feedback,
    call,
    choice_feedback,
    correct,
    exercise,
    function_feedback,
    number_feedback,
    wrong,
)

# -- 04.1 ---------------------------------------------------------------------------------------

STEP = {"x": 3.0, "y": 2.0, "w": 1.0, "lr": 0.05}


def one_step(x: float, y: float, w: float, lr: float) -> tuple[float, float]:
    """(∂L/∂w, new w) for L = (w·x − y)², the gradient by backpropagation with helpers.Value."""
    weight = Value(w, label="w")
    loss = (weight * x - y) ** 2
    loss.backward()
    return weight.grad, w - lr * weight.grad


@exercise(
    "04.1",
    "One step by hand",
    hints=(
        "first the gradient: L = (w·x − y)² is a square of an inner function of w. Use the chain "
        "rule.",
        "then the step: the new w is w minus the learning rate times the gradient.",
    ),
)
def check_one_step(answer: Any) -> Feedback:
    x, y, w, lr = STEP["x"], STEP["y"], STEP["w"], STEP["lr"]
    grad, expected = one_step(x, y, w, lr)
    error = w * x - y
    return number_feedback(
        answer,
        expected,
        what="the new w",
        mistakes={
            "you added η·∂L/∂w, which climbs uphill: gradient descent subtracts it.": w + lr * grad,
            "you forgot the inner derivative: ∂(w·x − y)/∂w = x = 3 multiplies 2(w·x − y).": (
                w - lr * 2 * error
            ),
            "you forgot the 2 of the square: d(u²)/du = 2u.": w - lr * error * x,
            "that is the gradient ∂L/∂w itself; the new weight is w − η times it.": grad,
            "that is the size of the step, η·∂L/∂w; subtract it from w.": lr * grad,
            "you used the loss L = 1 instead of its gradient ∂L/∂w.": w - lr * error**2,
            "you forgot the learning rate η = 0.05: the step is η times the gradient, not the "
            "whole gradient.": w - grad,
        },
        hint="the chain rule gives ∂L/∂w: the derivative of the square (outer) times the "
        "derivative of w·x − y with respect to w (inner). Then step: w − η·∂L/∂w.",
    )


# -- 04.2 ---------------------------------------------------------------------------------------


def stable_loss(w: np.ndarray) -> float:
    """The loss of exercise 04.2: L(w) = 3 w₁² + 0.25 w₂²."""
    return 3.0 * w[0] ** 2 + 0.25 * w[1] ** 2


def curvatures_of(loss: Any, at: np.ndarray | None = None) -> np.ndarray:
    """Second derivatives ∂²L/∂wᵢ² at ``at`` (the origin), by differences of differences."""
    at = np.zeros(2) if at is None else at
    result = []
    for i in range(len(at)):
        e = np.zeros_like(at)
        e[i] = 1.0

        def slope(s: float, e: np.ndarray = e) -> float:
            return numerical_derivative(lambda u: loss(at + (s + u) * e), 0.0, h=1e-4)

        result.append(numerical_derivative(slope, 0.0, h=1e-3))
    return np.array(result)


@exercise(
    "04.2",
    "The largest stable learning rate",
    hints=(
        "write one step for w₁ alone: w₁ ← (1 − η·λ₁)·w₁, with λ₁ the second derivative of L in "
        "w₁.",
        "a direction shrinks only while |1 − ηλ| < 1; the steepest direction sets the limit.",
    ),
)
def check_stable_rate(answer: Any) -> Feedback:
    lam = curvatures_of(stable_loss)
    big, small = float(lam.max()), float(lam.min())
    feedback = number_feedback(
        answer,
        2.0 / big,
        what="the largest stable η",
        mistakes={
            "that is 2/λ for the flat direction w₂; the steep direction w₁ diverges long before.": (
                2.0 / small
            ),
            "1/λ_max is the rate that finishes the steep direction in one step; the limit of "
            "stability is twice that (the step may overshoot, as long as it shrinks).": 1.0 / big,
            "3 is the coefficient of w₁²; the curvature is the second derivative, 2·3 = 6.": (
                2.0 / (big / 2)
            ),
            "2/(λ₁ + λ₂) is the best single η for both directions, not the largest stable one.": (
                2.0 / (big + small)
            ),
        },
        hint="write one step for w₁ alone, w₁ ← (1 − η·λ₁)·w₁ with λ₁ the second derivative "
        "of L in w₁. For which η does the factor stay between −1 and 1?",
    )
    if feedback.ok:
        return correct(
            f"η < 2/λ_max = 2/{big:.3g} = {2 / big:.4g}. At η = 0.33 the w₁ distance is "
            f"multiplied by |1 − 0.33·6| = {abs(1 - 0.33 * big):.2f} per step; at η = 0.34 by "
            f"{abs(1 - 0.34 * big):.2f}, so it grows."
        )
    return feedback


# -- 04.3 ---------------------------------------------------------------------------------------

REGIME_BOWL = (1.0, 10.0)  # L = ½(w₁² + 10 w₂²)
REGIME_LR, REGIME_STEPS = 0.12, 50
LETTERS = dict(zip("abcd", REGIMES, strict=True))


@exercise(
    "04.3",
    "Predict the regime",
    hints=(
        "compute the factor 1 − η·λ for each direction (λ = 1 and λ = 10): is it small, negative,"
        " or beyond −1?",
    ),
)
def check_regime(answer: Any) -> Feedback:
    regime = gd_regime(REGIME_LR, REGIME_BOWL, REGIME_STEPS)
    right = next(letter for letter, name in LETTERS.items() if name == regime)
    q = REGIME_LR * max(REGIME_BOWL)
    slow = (1 - REGIME_LR * min(REGIME_BOWL)) ** REGIME_STEPS
    return choice_feedback(
        answer,
        right,
        {
            "a": f"too small would mean little progress: but w₁ shrinks by "
            f"{1 - REGIME_LR * min(REGIME_BOWL):.2f} per step, to {slow:.1e} of its start "
            "after 50 steps.",
            "b": "look at the steep direction too: by what factor is w₂ multiplied each step, "
            "and what does a factor below 0 do to it?",
            "c": f"η·λ_max = {q:.3g} lies between 1 and 2: w₂ is multiplied by {1 - q:.2f}, "
            "flipping sign every step while it shrinks: a zig-zag that still converges.",
            "d": f"divergence needs |1 − ηλ| > 1, i.e. η·λ_max > 2; here η·λ_max = {q:.3g}, so "
            f"w₂ still shrinks by |{1 - q:.2f}| per step.",
        },
        hint="compute the factor 1 − η·λ for each direction (λ = 1 and λ = 10).",
    )


# -- 04.4 ---------------------------------------------------------------------------------------


def momentum_reference(w: Any, v: Any, grad: Any, lr: float, beta: float) -> tuple[Any, Any]:
    """The heavy-ball update of helpers.optim.SGD: v ← β·v + g, then w ← w − η·v."""
    v_new = beta * v + grad
    return w - lr * v_new, v_new


# Each typical mistake as the update it computes, and what to tell the student.
MOMENTUM_MISTAKES = {
    "the velocity never decays: you wrote v + g instead of β·v + g, so old gradients count "
    "forever.": lambda w, v, g, lr, b: (w - lr * (v + g), v + g),
    "the step goes uphill: w must move against the velocity, w − η·v.": (
        lambda w, v, g, lr, b: (w + lr * (b * v + g), b * v + g)
    ),
    "you moved w with the OLD velocity; update v first, then step with the new one.": (
        lambda w, v, g, lr, b: (w - lr * v, b * v + g)
    ),
    "that is the moving-average convention v ← β·v + (1 − β)·g. It works too (with η scaled "
    "by 1/(1 − β)), but this notebook and helpers.optim.SGD use v ← β·v + g.": (
        lambda w, v, g, lr, b: (w - lr * (b * v + (1 - b) * g), b * v + (1 - b) * g)
    ),
    "β multiplies the gradient instead of the old velocity: v ← β·v + g, not v + β·g.": (
        lambda w, v, g, lr, b: (w - lr * (v + b * g), v + b * g)
    ),
    "the velocity forgets its past: v ← g drops the decayed old velocity β·v, so this is "
    "plain gradient descent.": lambda w, v, g, lr, b: (w - lr * g, g),
    "your momentum_step returns w and v unchanged: compute the new velocity first, then the "
    "new weights, and return those.": lambda w, v, g, lr, b: (w, v),
    "you returned (v, w); return the new weights first: (w_new, v_new).": (
        lambda w, v, g, lr, b: (b * v + g, w - lr * (b * v + g))
    ),
}


def momentum_cases() -> list[tuple[Any, ...]]:
    """Inputs (w, v, grad, lr, beta) that tell the mistakes apart: arrays and a plain number."""
    rng = np.random.default_rng(4)
    cases: list[tuple[Any, ...]] = [(1.5, -0.4, 2.0, 0.1, 0.9)]
    for shape, lr, beta in (((3,), 0.05, 0.9), ((2, 3), 0.2, 0.5), ((4,), 0.01, 0.99)):
        w, v, g = (rng.normal(size=shape) for _ in range(3))
        cases.append((w, v, g, lr, beta))
    return cases


def _close(a: Any, b: Any) -> bool:
    try:
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-12))


def _copies(case: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(np.copy(x) if isinstance(x, np.ndarray) else x for x in case)


def follows_helpers_optim(step: Any, steps: int = 30) -> bool:
    """Does ``step`` retrace helpers.optim.SGD(momentum=0.9) on the bowl ½(w₁² + 10 w₂²)?"""
    bowl = Bowl()
    w, v = np.array(bowl.start), np.zeros(2)
    tensor = Tensor(bowl.start)
    sgd = SGD([tensor], lr=0.02, momentum=0.9)
    for _ in range(steps):
        w, v = step(w, v, bowl.grad(w), 0.02, 0.9)
        tensor.grad = bowl.grad(tensor.data)
        sgd.step()
    return _close(w, tensor.data)


@exercise(
    "04.4",
    "Momentum as a function",
    hints=(
        "momentum keeps a velocity v: each step the old velocity decays by the factor β and the "
        "new gradient is added to it.",
        "then the weights move against the new velocity, scaled by the learning rate; return "
        "both new values, weights first.",
    ),
)
def check_momentum(answer: Any) -> Feedback:
    hint = "two updates in order: first the velocity (old velocity, decayed, plus the gradient), "
    hint += "then the weights (a step against the velocity)."
    cases = momentum_cases()
    feedback = function_feedback(
        answer,
        name="momentum_step",
        cases=[(case, _describe(case)) for case in cases],
        reference=momentum_reference,
        right="the heavy-ball update. Over 30 steps on the bowl it retraces "
        "helpers.optim.SGD(momentum=0.9) exactly.",
        hint=hint,
        mistakes=list(MOMENTUM_MISTAKES.items()),
        parts=("w_new", "v_new"),
        diagnose=lambda results, cases: _diagnose_momentum(results, cases, hint),
        close=lambda got, want: _close(got[0], want[0]) and _close(got[1], want[1]),
    )
    if feedback.ok and not follows_helpers_optim(
        lambda *args: call(answer, *args, name="your momentum_step")
    ):
        return wrong("your update matches on single steps but not over many steps.", hint)
    return feedback


def _describe(case: tuple[Any, ...]) -> str:
    w, v, g, lr, beta = case
    if isinstance(w, np.ndarray):
        return f"arrays of shape {w.shape}, lr = {lr}, beta = {beta}"
    return f"w = {w}, v = {v}, grad = {g}, lr = {lr}, beta = {beta}"


def _diagnose_momentum(results: list[Any], cases: list[Any], hint: str) -> Feedback | None:
    """Which half of the pair is wrong, when only one is."""
    wanted = [momentum_reference(*args) for args, _ in cases]
    if all(_close(got[1], want[1]) for got, want in zip(results, wanted, strict=True)):
        return wrong("the new velocity is right but the new weights are not.", hint)
    if all(_close(got[0], want[0]) for got, want in zip(results, wanted, strict=True)):
        return wrong(
            "the new weights are right but the returned velocity is not: return the updated v.",
            hint,
        )
    return None
