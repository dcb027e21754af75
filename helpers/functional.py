"""Functions of whole tensors that a network needs: a layer, a residual block, softmax, and the two
usual losses.

Each is one node of the graph with a backward rule derived by hand, rather than a chain of
elementwise nodes: the result is the same (the tests compare both with finite differences and with
HIPS autograd) but it is faster and stays finite where the naive formula overflows.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers import validate
from helpers.tensor import Tensor, op_result

REDUCTIONS = ("mean", "sum", "none")


def _array(x: Any, what: str, finite: bool = False) -> np.ndarray:
    """The numbers of a Tensor, or of an array of numbers (``finite``: no nan or inf in it).

    The data entering a network (the input of ``linear``) must be finite, as a Tensor's numbers
    are: one nan there turns every weight to nan after one step. Logits and predictions may
    overflow in a diverging run; the losses then report nan instead of raising.
    """
    if isinstance(x, Tensor):
        data = x.data  # computed numbers: nan in a diverging run is reported by the loss
    elif (
        isinstance(x, np.ndarray) and x.dtype == np.float64 and (not finite or np.isfinite(x).all())
    ):
        data = x  # the common case, a batch of data, without a copy
    else:
        data = validate.array(what, x, min_size=0, finite=finite)
    return data


def _scores(x: Any, what: str) -> np.ndarray:
    """The non-empty scores that softmax and log_softmax turn into probabilities. Scores may be
    nan or inf (a diverging network's logits): the probabilities are then nan, and the loss or the
    picture reports the divergence, as the live trainer does."""
    z = _array(x, what)
    if z.size == 0:
        raise ValueError(f"{what} is empty (shape {z.shape}); it needs at least one number")
    return z


def linear(x: Any, W: Tensor, b: Tensor | None = None) -> Tensor:
    """The affine map of a layer, ``x @ W + b``, as one node (Book §1.1).

    ``x`` is a batch of rows of shape (n, nin), ``W`` (nin, nout), ``b`` (nout,). Backward:
    dL/dx = g Wᵀ, dL/dW = xᵀ g, and dL/db = Σ over the batch of g, since ``b`` was added to every
    row.
    """
    xd = _array(x, "the input of linear", finite=True)
    if xd.ndim == 0 or xd.shape[-1] != W.data.shape[0]:
        raise ValueError(
            f"linear: input of shape {xd.shape} does not fit a weight matrix of shape "
            f"{W.data.shape}; the input's last axis must have {W.data.shape[0]} features"
        )
    out = xd @ W.data
    if b is None:
        return op_result(out, "linear", _linear_backward, (xd, W.data), x, W)
    out += b.data
    return op_result(out, "linear", _linear_backward, (xd, W.data), x, W, b)


def _linear_backward(g, saved, parents):
    x, W = saved
    gx = g @ W.T if parents[0] is not None else None
    rows = g.reshape(-1, g.shape[-1])  # a batch of any shape, as one stack of rows
    gW = x.reshape(-1, x.shape[-1]).T @ rows if parents[1] is not None else None
    gb = rows.sum(axis=0) if len(parents) == 3 and parents[2] is not None else None
    return (gx, gW) if len(parents) == 2 else (gx, gW, gb)


def residual(u: Tensor, x: Any, W: Tensor, b: Tensor, scale: float) -> Tensor:
    """A residual block's output ``u + scale · (x @ W + b)`` as one node (notebook 07).

    ``u`` is what the block receives (n, width), ``x`` the branch's input, e.g. ``act(u)``, and
    ``scale`` the factor α of the branch. The skip passes the upstream gradient g to u unchanged,
    the branch is a layer scaled by α: dL/du = g, dL/dx = α g Wᵀ, dL/dW = α xᵀ g,
    dL/db = α Σ over the batch of g. (Adding the skip's g to what reaches u through x is done by
    backpropagation, as for any variable used twice.)
    """
    xd = _array(x, "the branch input of residual", finite=True)
    nin, nout = W.data.shape
    if xd.ndim == 0 or xd.shape[-1] != nin or u.data.shape != (*xd.shape[:-1], nout):
        raise ValueError(
            f"residual: u of shape {u.data.shape}, branch input {xd.shape} and W {W.data.shape} "
            f"do not fit; the branch input must end in {nin} features and u in {nout}, with "
            "the same batch shape"
        )
    out = xd @ W.data
    out += b.data
    out *= scale
    out += u.data
    return op_result(out, "residual", _residual_backward, (xd, W.data, scale), u, x, W, b)


def _residual_backward(g, saved, parents):
    x, W, scale = saved
    branch = scale * g
    rows = branch.reshape(-1, branch.shape[-1])  # a batch of any shape, as one stack of rows
    gx = branch @ W.T if parents[1] is not None else None
    gW = x.reshape(-1, x.shape[-1]).T @ rows if parents[2] is not None else None
    gb = rows.sum(axis=0) if parents[3] is not None else None
    return g, gx, gW, gb


def softmax(x: Any, axis: int = -1) -> Tensor:
    """exp(x) / Σ exp(x) along ``axis``: turns scores into probabilities that sum to 1.

    Computed as exp(x − max x) / Σ exp(x − max x), the same numbers without overflow. Backward
    (with s the output): dL/dx = s ⊙ (g − Σ g ⊙ s).
    """
    z = _scores(x, "the input of softmax")
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    out = e / e.sum(axis=axis, keepdims=True)
    return op_result(out, "softmax", _softmax_backward, (out, axis), x)


def _softmax_backward(g, saved, parents):
    s, axis = saved
    return (s * (g - (g * s).sum(axis=axis, keepdims=True)),)


def log_softmax(x: Any, axis: int = -1) -> Tensor:
    """log softmax(x) = x − log Σ exp(x), computed stably (log-sum-exp with the max taken out).

    Backward: dL/dx = g − softmax(x) · Σ g.
    """
    z = _scores(x, "the input of log_softmax")
    shifted = z - z.max(axis=axis, keepdims=True)
    out = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    return op_result(out, "log_softmax", _log_softmax_backward, (out, axis), x)


def _log_softmax_backward(g, saved, parents):
    out, axis = saved
    return (g - np.exp(out) * g.sum(axis=axis, keepdims=True),)


def cross_entropy(logits: Any, targets: Any, reduction: str = "mean") -> Tensor:
    """The mean over the batch of −log p(correct class), p = softmax(logits).

    ``logits`` has shape (n, classes), ``targets`` holds n integer class indices. The loss is
    computed as log Σ exp(z − max z) − (z_target − max z), finite even for logits like 1e4. Its
    gradient is (softmax(z) − onehot(target)) / n: the predicted probabilities minus the true ones.
    ``reduction="sum"`` gives the sum over the batch instead (no 1/n), ``"none"`` the n losses of
    the examples, as in PyTorch.
    """
    reduction = validate.choice("reduction", reduction, REDUCTIONS)
    z = _array(logits, "logits")
    if z.ndim != 2:
        raise ValueError(
            f"cross_entropy needs logits of shape (n, classes), got {z.shape}; "
            "for a single example use logits.reshape(1, -1)"
        )
    n, classes = z.shape
    if n == 0 or classes == 0:
        raise ValueError(f"cross_entropy needs at least one example and one class, got {z.shape}")
    t = _class_indices(targets, n, classes)
    shifted = z - z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    sums = e.sum(axis=1, keepdims=True)
    losses = np.log(sums[:, 0]) - shifted[np.arange(n), t]
    if reduction == "none":
        loss = losses
    else:
        loss = losses.sum() / n if reduction == "mean" else losses.sum()
    saved = (e, sums, t, reduction)
    return op_result(loss, "cross_entropy", _cross_entropy_backward, saved, logits)


def _class_indices(targets: Any, n: int, classes: int) -> np.ndarray:
    t = targets.data if isinstance(targets, Tensor) else np.asarray(targets)
    if t.ndim == 2 and t.shape == (n, classes):
        raise ValueError(
            f"cross_entropy takes class indices, not one-hot rows of shape {t.shape}; "
            "pass targets.argmax(axis=1)"
        )
    if t.shape != (n,):
        raise ValueError(
            f"cross_entropy needs one target per row of logits: {n} class indices of shape ({n},), "
            f"got shape {t.shape}"
        )
    if t.dtype.kind not in "iu":
        if t.dtype.kind != "f" or not np.array_equal(t, np.round(t)):
            raise ValueError(
                f"cross_entropy needs integer class indices, got dtype {t.dtype}; use y.astype(int)"
            )
        t = t.astype(np.intp)
    if n and (t.min() < 0 or t.max() >= classes):
        raise ValueError(
            f"cross_entropy: class indices must be in 0..{classes - 1} for {classes} classes, "
            f"got values from {t.min()} to {t.max()}"
        )
    return t


def _cross_entropy_backward(g, saved, parents):
    """Row i gets g_i (softmax(z_i) − onehot(t_i)); for the mean, g_i = g / n."""
    e, sums, t, reduction = saved
    grad = e / sums
    grad[np.arange(len(t)), t] -= 1.0
    if reduction == "none":
        grad *= g[:, None]
    else:
        grad *= g / len(t) if reduction == "mean" else g
    return (grad,)


def mse(pred: Any, target: Any) -> Tensor:
    """The mean squared error mean((pred − target)²); its gradient is 2 (pred − target) / n.

    ``pred`` and ``target`` must have one shape: broadcasting a (n, 1) prediction against (n,)
    targets would silently compare every prediction with every target.
    """
    p, t = _array(pred, "pred"), _array(target, "target")
    if p.shape != t.shape:
        raise ValueError(
            f"mse needs pred and target of one shape, got {p.shape} and {t.shape}; "
            "reshape one of them, e.g. target.reshape(pred.shape)"
        )
    diff = p - t
    loss = np.mean(diff * diff)
    return op_result(loss, "mse", _mse_backward, (diff,), pred, target)


def _mse_backward(g, saved, parents):
    (diff,) = saved
    grad = diff * (2.0 * g / diff.size)
    return (grad if parents[0] is not None else None, -grad if parents[1] is not None else None)
