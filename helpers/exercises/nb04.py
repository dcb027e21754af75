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
from .core import Feedback, choice_feedback, correct, exercise, number_feedback, wrong

# -- 04.1 ---------------------------------------------------------------------------------------

STEP = {"x": 3.0, "t": 2.0, "w": 1.0, "lr": 0.05}


def one_step(x: float, t: float, w: float, lr: float) -> tuple[float, float]:
    """(∂L/∂w, new w) for L = (w·x − t)², the gradient by backpropagation with helpers.Value."""
    weight = Value(w, label="w")
    loss = (weight * x - t) ** 2
    loss.backward()
    return weight.grad, w - lr * weight.grad


@exercise(
    "04.1",
    "One step by hand",
    solution=r"""
The neuron predicts $\hat y = w x = 3$, the error is $\hat y - t = 1$ and the loss
$L = (wx - t)^2 = 1$. By the chain rule (equation (1.1)), outer derivative times inner derivative:

$$\frac{\partial L}{\partial w} = 2\,(wx - t)\cdot x = 2 \cdot 1 \cdot 3 = 6.$$

The gradient is positive: increasing $w$ increases the loss, so the step goes the other way:

$$w \leftarrow w - \eta\,\frac{\partial L}{\partial w} = 1 - 0.05 \cdot 6 = 0.7.$$

Check: the new prediction is $0.7 \cdot 3 = 2.1$, error $0.1$, loss $0.01$, down from $1$.
""",
    answer_code="answer = 1 - 0.05 * 2 * (1 * 3 - 2) * 3",
)
def check_one_step(answer: Any) -> Feedback:
    x, t, w, lr = STEP["x"], STEP["t"], STEP["w"], STEP["lr"]
    grad, expected = one_step(x, t, w, lr)
    error = w * x - t
    return number_feedback(
        answer,
        expected,
        what="the new w",
        mistakes={
            "you added η·∂L/∂w, which climbs uphill: gradient descent subtracts it.": w + lr * grad,
            "you forgot the inner derivative: ∂(w·x − t)/∂w = x = 3 multiplies 2(w·x − t).": (
                w - lr * 2 * error
            ),
            "you forgot the 2 of the square: d(u²)/du = 2u.": w - lr * error * x,
            "that is the gradient ∂L/∂w itself; the new weight is w − η times it.": grad,
            "that is the size of the step, η·∂L/∂w; subtract it from w.": lr * grad,
            "you used the loss L = 1 instead of its gradient ∂L/∂w.": w - lr * error**2,
        },
        hint="∂L/∂w = 2(w·x − t)·x, then w − η·∂L/∂w.",
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
    solution=r"""
Gradient descent on a quadratic treats each direction on its own. Here
$\partial L/\partial w_1 = 6 w_1$, so a step gives
$w_1 \leftarrow w_1 - \eta \cdot 6 w_1 = (1 - 6\eta)\,w_1$, and
$\partial L / \partial w_2 = 0.5\,w_2$ gives $w_2 \leftarrow (1 - 0.5\,\eta)\,w_2$.

The curvatures are the second derivatives, $\lambda_1 = 6$ and $\lambda_2 = 0.5$ (not the
coefficients 3 and 0.25: $\frac{d^2}{dw^2}\,3w^2 = 6$). A direction shrinks only if
$|1 - \eta\lambda| < 1$, that is $\eta < 2/\lambda$. The steepest direction sets the limit:

$$\eta < \frac{2}{\lambda_{\max}} = \frac{2}{6} = \frac{1}{3}.$$
""",
    answer_code="answer = 2 / 6",
)
def check_stable_rate(answer: Any) -> Feedback:
    lam = curvatures_of(stable_loss)
    big, small = float(lam.max()), float(lam.min())
    feedback = number_feedback(
        answer,
        2.0 / big,
        what="the largest stable η",
        rtol=2e-3,
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
        hint="write one step for w₁ alone: w₁ ← (1 − η·6)·w₁. When does |1 − 6η| < 1?",
    )
    if not feedback.ok and feedback.message.endswith("is not right."):
        value = float(answer)
        if abs(value - 2.0 / big) < 0.02 * (2.0 / big):
            return wrong(
                f"{value:.4g} is close, but the limit is a simple fraction: give it exactly.",
                "2 divided by the largest second derivative, e.g. answer = 2 / 6",
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
REGIME_LR, REGIME_STEPS = 0.15, 50
LETTERS = dict(zip("abcd", REGIMES, strict=True))


@exercise(
    "04.3",
    "Predict the regime",
    solution=r"""
On the bowl $L = \tfrac12(w_1^2 + 10 w_2^2)$ each step multiplies $w_1$ by $1 - \eta \cdot 1$
and $w_2$ by $1 - \eta \cdot 10$. With $\eta = 0.15$: $w_1$ shrinks by $0.85$ per step (after 50
steps by $0.85^{50} \approx 3\cdot 10^{-4}$, so not too small), and $w_2$ is multiplied by
$1 - 1.5 = -0.5$: it changes sign every step, a zig-zag across the valley that still shrinks
because $|-0.5| < 1$. So: **c**, too large (oscillating), since $1 < \eta\lambda_{\max} = 1.5 < 2$.
""",
    answer_code='answer = "c"',
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
            "b": f"look at the steep direction: w₂ is multiplied by 1 − η·10 = {1 - q:.2f} per "
            "step. A negative factor flips its sign every step.",
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
    solution=r"""
Momentum keeps a running velocity: each step the old velocity decays by the factor $\beta$ and
the new gradient is added; then the weights move against the velocity:

$$v \leftarrow \beta v + \nabla L(w), \qquad w \leftarrow w - \eta\, v.$$

With $\beta = 0$ this is plain gradient descent. Written with NumPy operations, the same function
works for a single number and for arrays of any shape. It must not forget the decay (then old
gradients count forever), the minus sign, or the order (step with the *new* velocity).
""",
    answer_code="""
def momentum_step(w, v, grad, lr, beta):
    v = beta * v + grad
    w = w - lr * v
    return w, v


answer = momentum_step""",
)
def check_momentum(answer: Any) -> Feedback:
    if not callable(answer):
        return wrong(
            f"answer should be your function momentum_step itself (no call), got a "
            f"{type(answer).__name__}.",
            "define def momentum_step(w, v, grad, lr, beta): ... and then answer = momentum_step",
        )
    cases = momentum_cases()
    results = []
    for case in cases:
        result = answer(*_copies(case))
        if not isinstance(result, tuple | list) or len(result) != 2:
            return wrong(
                f"momentum_step should return two things, (w_new, v_new); it returned "
                f"{type(result).__name__} {result!r:.60}.",
                "end the function with return w, v",
            )
        results.append(tuple(result))
    if all(
        _close(got[0], want[0]) and _close(got[1], want[1])
        for got, want in zip(results, (momentum_reference(*c) for c in cases), strict=True)
    ):
        if not follows_helpers_optim(answer):
            return wrong("your update matches on single steps but not over many steps.")
        return correct(
            "the heavy-ball update. Over 30 steps on the bowl it retraces "
            "helpers.optim.SGD(momentum=0.9) exactly."
        )
    for explanation, mistake in MOMENTUM_MISTAKES.items():
        if all(
            _close(got[0], want[0]) and _close(got[1], want[1])
            for got, want in zip(results, (mistake(*c) for c in cases), strict=True)
        ):
            return wrong(explanation, "v ← β·v + grad, then w ← w − lr·v; return (w, v).")
    w_ok = [
        _close(got[0], momentum_reference(*c)[0]) for got, c in zip(results, cases, strict=True)
    ]
    v_ok = [
        _close(got[1], momentum_reference(*c)[1]) for got, c in zip(results, cases, strict=True)
    ]
    if all(v_ok):
        return wrong("the new velocity is right but the new weights are not.", "w ← w − lr·v")
    if all(w_ok):
        return wrong(
            "the new weights are right but the returned velocity is not: return the updated v.",
            "return w, v after updating both",
        )
    w_want, v_want = momentum_reference(*cases[0])
    return wrong(
        "for w = 1.5, v = −0.4, grad = 2, lr = 0.1, beta = 0.9 the result should be "
        f"(w, v) = ({w_want:.4g}, {v_want:.4g}), yours is "
        f"({_fmt(results[0][0])}, {_fmt(results[0][1])}).",
        "v ← β·v + grad, then w ← w − lr·v; return (w, v).",
    )


def _fmt(x: Any) -> str:
    try:
        return f"{float(x):.4g}"
    except (TypeError, ValueError):
        return repr(x)[:40]
