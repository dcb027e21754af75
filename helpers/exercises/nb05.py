"""Exercises of notebook 05, Backprop with Matrices: shapes, a layer's backward, softmax.

Each checker re-derives the answer by computation (shapes of actual products, finite
differences of the layer, ``helpers.Tensor`` backpropagation through softmax cross-entropy and
through broadcasting) and recognises the usual mistakes by their shape or their values.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..functional import cross_entropy
from ..gradcheck import numerical_gradient
from ..tensor import Tensor
from .core import Feedback, correct, exercise, wrong

# -- 05.1 ---------------------------------------------------------------------------------------

SHAPE_X, SHAPE_W = (64, 10), (10, 3)


def _as_shape(answer: Any) -> tuple[int, ...] | None:
    if isinstance(answer, tuple | list) and all(
        isinstance(n, int | np.integer) and not isinstance(n, bool) for n in answer
    ):
        return tuple(int(n) for n in answer)
    return None


@exercise(
    "05.1",
    "The shape of dW",
    solution=r"""
A gradient has the shape of the variable it belongs to: $W$ is $(10, 3)$, so
$\partial L/\partial W$ is $(10, 3)$ too. The shapes also tell you the formula: from
$X$ $(64, 10)$ and $dY$ $(64, 3)$ the only product that gives $(10, 3)$ is
$X^\top dY$, $(10, 64) \times (64, 3)$: the batch axis of length 64 is summed over, one term per
example.
""",
    answer_code="answer = (10, 3)",
)
def check_dw_shape(answer: Any) -> Feedback:
    X, dY = np.zeros(SHAPE_X), np.zeros((SHAPE_X[0], SHAPE_W[1]))
    expected = (X.T @ dY).shape
    shape = _as_shape(answer)
    if shape is None:
        return wrong(
            f"give the shape as a tuple of whole numbers such as (2, 5), got {answer!r:.40}.",
            "W has the shape (10, 3); which shape does its gradient have?",
        )
    if shape == expected:
        return correct(
            f"dW has W's shape {expected}: X.T @ dY is (10, 64) @ (64, 3), summed over the batch."
        )
    mistakes = {
        expected[::-1]: "that is dWᵀ: the rows of dW belong to W's rows (the 10 inputs), "
        "its columns to the 3 outputs.",
        dY.shape: "that is the shape of dY, the gradient of the output Y, not of W.",
        X.shape: "that is the shape of X; dW must fit W, which does not depend on the batch size.",
        (SHAPE_W[1],): "that is the shape of db (one number per output); W is a matrix.",
        (SHAPE_X[0], SHAPE_X[0]): "(64, 64) would be X @ Xᵀ-like: the batch axis is summed "
        "away in dW, it does not appear.",
    }
    return wrong(
        mistakes.get(shape, f"{shape} is not the shape of W."),
        "a gradient always has the shape of its variable.",
    )


# -- 05.2 ---------------------------------------------------------------------------------------

BROADCAST_DZ = np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0], [2.0, -2.0, 1.0], [0.5, 0.5, 0.5]])


def broadcast_gradient(dZ: np.ndarray = BROADCAST_DZ) -> np.ndarray:
    """dL/dc for Z = Y + c with c of shape (N, 1), by backpropagation with helpers.Tensor."""
    c = Tensor(np.zeros((dZ.shape[0], 1)))
    Y = Tensor(np.zeros(dZ.shape), requires_grad=False)
    (Y + c).backward(dZ)
    return c.grad


@exercise(
    "05.2",
    "Broadcasting backwards",
    solution=r"""
$c$ has shape $(4, 1)$ and is added to $Y$ of shape $(4, 3)$: broadcasting copies each $c_n$
into all 3 columns of row $n$. Each copy passes its gradient back to the same $c_n$, so they add
up: $\partial L/\partial c_n = \sum_m dZ_{nm}$, a sum over the **columns**, kept in $c$'s shape:

```python
dc = dZ.sum(axis=1, keepdims=True)   # shape (4, 1): [[3.5], [2.0], [1.0], [1.5]]
```

Compare a bias $b$ of shape $(3,)$ added to every row: there the copies run down the rows and
the sum is over axis 0.
""",
    setup_code="import numpy as np",
    answer_code="""
dZ = np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0], [2.0, -2.0, 1.0], [0.5, 0.5, 0.5]])
answer = dZ.sum(axis=1, keepdims=True)""",
)
def check_broadcast(answer: Any) -> Feedback:
    expected = broadcast_gradient()
    try:
        got = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return wrong(f"give an array of numbers, got {type(answer).__name__}.")
    hint = "c was copied along axis 1 (the columns); sum the copies' gradients over that axis."
    dZ = BROADCAST_DZ
    if got.shape == expected.shape and np.allclose(got, expected):
        return correct(
            "each c_n was used in 3 places, so its gradient is the sum of those 3 entries of dZ, "
            "in c's shape (4, 1)."
        )
    if got.shape == (4,) and np.allclose(got, expected[:, 0]):
        return wrong(
            "the right numbers, but in shape (4,): a gradient has the shape of its variable, "
            "c is (4, 1). Use keepdims=True.",
            hint,
        )
    if got.shape == dZ.shape and np.allclose(got, dZ):
        return wrong(
            "that is dZ itself, shape (4, 3); c is (4, 1). Broadcasting used each c_n three "
            "times, and the three gradients add up.",
            hint,
        )
    if got.size == 3 and np.allclose(got.ravel(), dZ.sum(axis=0)):
        return wrong(
            "you summed over the rows (axis 0): that is the rule for a bias of shape (3,) added "
            "to every row. c is one number per row, copied along the columns.",
            hint,
        )
    if got.size == 4 and np.allclose(got.ravel(), dZ.mean(axis=1)):
        return wrong(
            "that is the mean over the columns; the copies' gradients add up: a sum.", hint
        )
    if got.size == 1 and np.isclose(got.item(), dZ.sum()):
        return wrong("you summed everything; each c_n gets the sum of its own row only.", hint)
    return wrong(
        f"not right: dc has c's shape {expected.shape}, and its first entry collects the "
        "gradients of the 3 places c₁ was copied to.",
        hint,
    )


# -- 05.3 ---------------------------------------------------------------------------------------

# Batch N, inputs D, outputs M. The first has D = M, so a missing transpose does not crash there
# and can be named; the others have all-different sizes, so any misplaced axis shows.
BACKWARD_SHAPES = ((3, 4, 4), (5, 3, 2), (1, 2, 3), (6, 2, 5))


def linear_numerical(x: np.ndarray, W: np.ndarray, b: np.ndarray, dout: np.ndarray):
    """dx, dW, db of L = Σ (x @ W + b) ⊙ dout by finite differences, so dL/dout = dout."""

    def loss(_: Any) -> float:
        return float(np.sum((x @ W + b) * dout))

    return numerical_gradient(loss, x), numerical_gradient(loss, W), numerical_gradient(loss, b)


def _diagnose_linear(name: str, got: np.ndarray, want: np.ndarray, dout, x, W) -> str:
    """Why ``got`` is not the gradient ``want`` of the variable ``name``."""
    got = np.asarray(got, dtype=np.float64)
    if name == "db":
        N = len(dout)
        if got.shape == dout.shape and np.allclose(got, dout):
            return (
                f"db has shape {got.shape}, one row per example: b was added to every row, so "
                "its gradient is the SUM of dout over the batch, dout.sum(axis=0)."
            )
        if got.shape == want.shape and np.allclose(got * N, want):
            return "db is the mean of dout over the batch; it is the sum (b is used N times)."
        if got.shape == (N,) and np.allclose(got, dout.sum(axis=1)):
            return "db was summed over the wrong axis: sum over the batch, axis=0."
        if got.size == 1 and np.isclose(got.item(), dout.sum()):
            return "db summed over everything; sum over the batch only, dout.sum(axis=0)."
    if name == "dW":
        if got.shape == want.shape[::-1] and np.allclose(got.T, want):
            return (
                f"dW is the transpose of the gradient (W is {want.shape}, rows for inputs, "
                "columns for outputs): use x.T @ dout, not dout.T @ x."
            )
        if got.shape == want.shape and np.allclose(got, want / len(dout)):
            return "dW was divided by the batch size; the loss here is a plain sum: x.T @ dout."
    if name == "dx":
        if got.shape == want.shape and W.shape[0] == W.shape[1] and np.allclose(got, dout @ W):
            return (
                "dx = dout @ W is missing a transpose: dout @ W.T (it only ran because W is "
                "square here)."
            )
        if got.shape == want.shape[::-1]:
            return f"dx has shape {got.shape}, transposed: x is {want.shape}, so dx = dout @ W.T."
    if got.shape != want.shape:
        return (
            f"{name} has shape {got.shape}, but a gradient has its variable's shape {want.shape}."
        )
    return f"{name} has the right shape {want.shape} but the wrong values."


@exercise(
    "05.3",
    "Backward of a linear layer",
    solution=r"""
For $Y = XW + b$ with upstream gradient $dY$ (here `dout`), one entry at a time:
$Y_{nm} = \sum_d X_{nd} W_{dm} + b_m$, so

- $\partial L/\partial X_{nd} = \sum_m dY_{nm} W_{dm}$, that is `dx = dout @ W.T` $(N, D)$;
- $\partial L/\partial W_{dm} = \sum_n X_{nd}\, dY_{nm}$, that is `dW = x.T @ dout` $(D, M)$;
- $\partial L/\partial b_m = \sum_n dY_{nm}$, that is `db = dout.sum(axis=0)` $(M,)$: $b$ is
  added to every row, so its gradient sums over the batch.

The shapes alone fix where the transposes go: each gradient has its variable's shape.
""",
    answer_code="""
def linear_backward(dout, x, W):
    dx = dout @ W.T
    dW = x.T @ dout
    db = dout.sum(axis=0)
    return dx, dW, db


answer = linear_backward""",
)
def check_linear_backward(answer: Any) -> Feedback:
    if not callable(answer):
        return wrong(
            "answer should be your function linear_backward itself, got a "
            f"{type(answer).__name__}.",
            "def linear_backward(dout, x, W): ... then answer = linear_backward",
        )
    rng = np.random.default_rng(5)
    hint = "dx = dout @ W.T, dW = x.T @ dout, db = dout.sum(axis=0); check each shape."
    for N, D, M in BACKWARD_SHAPES:
        x, W, b = rng.normal(size=(N, D)), rng.normal(size=(D, M)), rng.normal(size=M)
        dout = rng.normal(size=(N, M))
        wanted = linear_numerical(x, W, b, dout)
        try:
            result = answer(dout.copy(), x.copy(), W.copy())
        except ValueError as error:
            if "matmul" in str(error) or "shapes" in str(error):
                return wrong(
                    f"with x of shape {x.shape}, W {W.shape} and dout {dout.shape} a matrix "
                    f"product failed: its inner dimensions do not match. Line the shapes up: dx "
                    f"must be {x.shape}, dW {W.shape}; a transpose is missing or misplaced.",
                    hint,
                )
            raise
        if not isinstance(result, tuple | list) or len(result) != 3:
            what = f"{len(result)} values" if isinstance(result, tuple | list) else "one value"
            return wrong(f"linear_backward should return three arrays (dx, dW, db), not {what}.")
        for name, got, want in zip(("dx", "dW", "db"), result, wanted, strict=True):
            got_array = np.asarray(got, dtype=np.float64)
            if got_array.shape != want.shape or not np.allclose(got_array, want, atol=1e-6):
                return wrong(
                    f"for x {x.shape}, W {W.shape}, dout {dout.shape}: "
                    + _diagnose_linear(name, got_array, want, dout, x, W),
                    hint,
                )
    return correct(
        f"dx, dW and db agree with finite differences for {len(BACKWARD_SHAPES)} layers of "
        "different shapes (including a square W, where a missing transpose would not crash)."
    )


# -- 05.4 ---------------------------------------------------------------------------------------

CE_LOGITS = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
CE_TARGETS = np.array([0, 1])


def softmax_rows(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def ce_gradient(logits: np.ndarray = CE_LOGITS, targets: np.ndarray = CE_TARGETS) -> np.ndarray:
    """dL/dlogits of the mean cross-entropy, by backpropagation with helpers.Tensor."""
    z = Tensor(logits)
    cross_entropy(z, targets).backward()
    return z.grad


@exercise(
    "05.4",
    "The gradient of softmax cross-entropy",
    solution=r"""
For each row, $\partial L_n / \partial z_{nk} = p_{nk} - [k = y_n]$: the predicted probabilities
minus the one-hot target. The loss is the *mean* over the $N = 2$ rows, so every row is divided
by 2:

$$\frac{\partial L}{\partial Z} = \frac{P - Y_{\text{one-hot}}}{N}.$$

Row 1: $p = \mathrm{softmax}(2, 1, 0.1) = (0.659, 0.242, 0.099)$, target 0, so
$(p - (1, 0, 0))/2 = (-0.170, 0.121, 0.050)$. Row 2 likewise with target 1. Each row of the
gradient sums to 0: raising all logits of a row together changes nothing.
""",
    setup_code="import numpy as np\n\nfrom helpers.functional import softmax",
    answer_code="""
Z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
targets = np.array([0, 1])
P = softmax(Z).data
answer = (P - np.eye(3)[targets]) / len(Z)""",
)
def check_ce_gradient(answer: Any) -> Feedback:
    expected = ce_gradient()
    numeric = numerical_gradient(lambda z: cross_entropy(z, CE_TARGETS).item(), CE_LOGITS.copy())
    assert np.allclose(expected, numeric, atol=1e-6)  # two ways agree, or the reference is wrong
    try:
        got = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return wrong(f"give a 2 × 3 array of numbers, got {type(answer).__name__}.")
    hint = "(softmax(Z) − one-hot(targets)) / N, with N = 2 rows."
    if got.shape != expected.shape:
        return wrong(
            f"your gradient has shape {got.shape}; the logits Z have shape {expected.shape}, and "
            "a gradient has the shape of its variable.",
            hint,
        )
    if np.allclose(got, expected, atol=1e-4):
        return correct(
            "(P − one-hot)/N, the same as backpropagation and finite differences give; each row "
            "sums to 0."
        )
    P, onehot, N = softmax_rows(CE_LOGITS), np.eye(3)[CE_TARGETS], len(CE_LOGITS)
    mistakes = [
        ("you forgot to divide by N = 2: the loss is the mean over the batch.", P - onehot),
        ("the sign is flipped: it is P − one-hot (predicted minus true).", (onehot - P) / N),
        ("that is softmax(Z)/N: subtract the one-hot target, 1 at the true class.", P / N),
        ("that is the gradient with respect to the probabilities, −1/(N·p_y) at the true class; "
         "the chain rule through softmax turns it into (P − one-hot)/N.",
         -onehot / (N * np.where(onehot > 0, P, 1.0))),
        ("the one-hot rows mark the wrong classes: row 1's target is class 0, row 2's is "
         "class 1.", (P - np.eye(3)[[1, 0]]) / N),
    ]  # fmt: skip
    for explanation, value in mistakes:
        if np.allclose(got, value, atol=1e-4):
            return wrong(explanation, hint)
    if np.allclose(got, P - onehot, atol=1e-2) or np.allclose(got, expected, atol=2e-2):
        return wrong("close, but not to 4 decimals: compute softmax exactly, e.g. with np.exp.")
    return wrong(f"the first row should be {np.round(expected[0], 4)}.", hint)
