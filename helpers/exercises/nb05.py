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
from .answers import as_array, close_all
from .core import Feedback, correct, exercise, function_feedback, wrong
from .feedback import shown
from .student_code import same

# -- 05.1 ---------------------------------------------------------------------------------------

SHAPE_X, SHAPE_W = (64, 10), (10, 3)


def _as_shape(answer: Any) -> tuple[int, ...] | None:
    """The answer as a shape: a tuple, a list or a 1-D array of whole numbers; else None."""
    if isinstance(answer, np.ndarray) and answer.ndim == 1 and answer.dtype.kind in "iu":
        answer = answer.tolist()  # the numbers of a shape, in an array: as good as a tuple
    if isinstance(answer, tuple | list) and all(
        isinstance(n, int | np.integer) and not isinstance(n, bool) for n in answer
    ):
        return tuple(int(n) for n in answer)
    return None


@exercise(
    "05.1",
    "The shape of dW",
    hints=("a gradient always has the shape of the variable it belongs to.",),
)
def check_dw_shape(answer: Any) -> Feedback:
    X, dY = np.zeros(SHAPE_X), np.zeros((SHAPE_X[0], SHAPE_W[1]))
    expected = (X.T @ dY).shape
    shape = _as_shape(answer)
    if shape is None:
        return wrong(
            f"give the shape as a tuple of whole numbers such as (2, 5), got {shown(answer)}.",
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
        mistakes.get(shape, f"{shown(shape)} is not the shape of W."),
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
    hints=(
        "broadcasting copied each c_n into every column of its row. What happens to the gradients"
        " of the copies?",
        "the gradients of the copies add up, and the result keeps c's shape (keepdims).",
    ),
)
def check_broadcast(answer: Any) -> Feedback:
    expected = broadcast_gradient()
    got = as_array(answer, "dL/dc")
    hint = "c was copied along axis 1 (the columns); sum the copies' gradients over that axis."
    dZ = BROADCAST_DZ
    verdict = close_all(got, expected)
    if verdict == "near":
        return wrong("close, but not right to 3 significant figures: give more digits.", hint)
    if verdict in ("exact", "rounded"):
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
            return (
                "db came out as the mean of dout over the batch, N times too small: b is used "
                "once per example, so the N contributions add up."
            )
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
                "dx = dout @ W is missing a transpose (it only ran because W is square here): "
                "compare the shapes of dx and x when W is not square."
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
    hints=(
        "write Y = XW + b one entry at a time, Y_nm = Σ_d X_nd W_dm + b_m, and ask which "
        "entries of Y each X_nd, W_dm and b_m touches.",
        "each gradient has its variable's shape: dx is (N, D), dW (D, M), db (M,). There is "
        "only one product of dout (N, M) with W or x that has each of these shapes.",
    ),
)
def check_linear_backward(answer: Any) -> Feedback:
    rng = np.random.default_rng(5)
    cases = []
    for N, D, M in BACKWARD_SHAPES:
        x, W, b = rng.normal(size=(N, D)), rng.normal(size=(D, M)), rng.normal(size=M)
        dout = rng.normal(size=(N, M))
        cases.append(((dout, x, W), f"x {x.shape}, W {W.shape}, dout {dout.shape}", b))
    wanted = {args[1].shape: linear_numerical(args[1], args[2], b, args[0]) for args, _, b in cases}
    return function_feedback(
        _shape_errors_explained(answer),
        name="linear_backward",
        cases=[(args, case) for args, case, _ in cases],
        reference=lambda dout, x, W: wanted[x.shape],  # every case has its own shape of x
        right=f"dx, dW and db agree with finite differences for {len(BACKWARD_SHAPES)} layers of "
        "different shapes (including a square W, where a missing transpose would not crash).",
        hint=LINEAR_HINT,
        parts=("dx", "dW", "db"),
        diagnose=_diagnose_linear_results,
        close=lambda got, want: same(got, want, rtol=1e-5, atol=1e-6),
    )


LINEAR_HINT = "write each gradient's shape first: it is the shape of its variable. Which product "
LINEAR_HINT += "of dout with x or W has that shape?"


class ShapeCrash(tuple):
    """What the student's function "returned" for a case where its matrix product failed:
    three placeholders, with the explanation kept for the diagnosis of the cases in order."""

    def __new__(cls, message: str) -> ShapeCrash:
        crash = super().__new__(cls, (None, None, None))
        crash.message = message
        return crash


def _shape_errors_explained(answer: Any) -> Any:
    """The student's function, with a mismatched matrix product told as a shape mistake."""
    if not callable(answer):
        return answer

    def explained(dout, x, W):
        try:
            return answer(dout, x, W)
        except ValueError as error:
            if "matmul" not in str(error) and "shapes" not in str(error):
                raise
            return ShapeCrash(
                f"with x of shape {x.shape}, W {W.shape} and dout {dout.shape} a matrix "
                f"product failed: its inner dimensions do not match. Line the shapes up: dx "
                f"must be {x.shape}, dW {W.shape}; a transpose is missing or misplaced."
            )

    return explained


def _diagnose_linear_results(results: list[Any], cases: list[Any]) -> Feedback:
    """The first returned gradient that is wrong, and why."""
    for got, (args, case) in zip(results, cases, strict=True):
        if isinstance(got, ShapeCrash):
            return wrong(got.message, LINEAR_HINT)
        dout, x, W = args
        wanted = linear_numerical(x, W, np.zeros(W.shape[1]), dout)
        for name, part, want in zip(("dx", "dW", "db"), got, wanted, strict=True):
            part = as_array(part, name)
            if part.shape != want.shape or not np.allclose(part, want, atol=1e-6):
                return wrong(
                    f"for {case}: " + _diagnose_linear(name, part, want, dout, x, W), LINEAR_HINT
                )
    return wrong("not right.", LINEAR_HINT)


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
    hints=(
        "start with one row: its loss is −log p_y, where p = softmax(z) and y is the true "
        "class. How does it change when z_k grows, for k = y and for k ≠ y?",
        "for one row the gradient is the predicted probabilities minus a row that is 1 at the "
        "true class and 0 elsewhere; the mean over the rows then divides by N.",
    ),
)
def check_ce_gradient(answer: Any) -> Feedback:
    expected = ce_gradient()
    numeric = numerical_gradient(lambda z: cross_entropy(z, CE_TARGETS).item(), CE_LOGITS.copy())
    assert np.allclose(expected, numeric, atol=1e-6)  # two ways agree, or the reference is wrong
    got = as_array(answer, "your gradient")
    hint = "go back to the loss of one row, −log p_y, and differentiate it through softmax."
    if got.shape != expected.shape:
        return wrong(
            f"your gradient has shape {got.shape}; the logits Z have shape {expected.shape}, and "
            "a gradient has the shape of its variable.",
            hint,
        )
    verdict = close_all(got, expected)
    if verdict in ("exact", "rounded"):
        return correct(
            "(P − one-hot)/N, the same as backpropagation and finite differences give; each row "
            "sums to 0."
        )
    P, onehot, N = softmax_rows(CE_LOGITS), np.eye(3)[CE_TARGETS], len(CE_LOGITS)
    mistakes = [
        ("you forgot to divide by N = 2: the loss is the mean over the batch.", P - onehot),
        ("the sign is flipped: it is P − one-hot (predicted minus true).", (onehot - P) / N),
        ("that is softmax(Z)/N: the target is missing. The true class pulls its logit up, so "
         "its entry must come out negative.", P / N),
        ("that is softmax(Z) itself: the one-hot target is missing (the true class pulls its "
         "logit up, so its entry must come out negative), and so is the mean over the N = 2 "
         "rows.", P),
        ("the loss is the mean over the N = 2 rows (the examples), not over the 3 classes.",
         (P - onehot) / 3),
        ("that is the gradient with respect to the probabilities, −1/(N·p_y) at the true class; "
         "the chain rule through softmax turns it into (P − one-hot)/N.",
         -onehot / (N * np.where(onehot > 0, P, 1.0))),
        ("the one-hot rows mark the wrong classes: row 1's target is class 0, row 2's is "
         "class 1.", (P - np.eye(3)[[1, 0]]) / N),
    ]  # fmt: skip
    for explanation, value in mistakes:
        if close_all(got, value) in ("exact", "rounded"):
            return wrong(explanation, hint)
    if verdict == "near":
        return wrong(
            "close, but not right to 3 significant figures: give more digits (compute softmax "
            "with np.exp rather than from rounded probabilities).",
            hint,
        )
    sums = got.sum(axis=1)
    if np.allclose(sums, 0, atol=1e-4):
        return wrong(
            "not right, although each row sums to 0 as it should: look again at the "
            "probabilities and at the division by N.",
            hint,
        )
    return wrong(
        "not right. Each row of the gradient should sum to 0 (raising all logits of a row "
        f"together changes nothing); yours sum to {shown(np.round(sums, 4).tolist())}.",
        hint,
    )
