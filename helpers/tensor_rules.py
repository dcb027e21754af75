"""The backward rules of ``helpers.Tensor``: for each operation, dL/d(input) from dL/d(output).

Every rule has the signature ``rule(g, saved, parents) -> tuple``: ``g`` is dL/d(output), ``saved``
holds the arrays the operation kept for it, and it returns dL/d(input) for each parent, or ``None``
where the parent is ``None`` (an input that needs no gradient, such as the data). Each returned
array must be ``g`` itself, a view of it, or a new array that nothing else holds. A rule may return
its gradient in the broadcast shape: ``Tensor.backward`` sums it down with :func:`unbroadcast`.

The functions of one variable (exp, log, tanh, ...) share one rule and are listed in
:data:`ELEMENTWISE` with their derivative, written in the input x or in the output y = f(x).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

Rule = Callable[[np.ndarray, tuple, tuple], tuple]


def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` down to ``shape``: the gradient of an input that broadcasting stretched.

    If ``b`` of shape (4,) was added to every row of a (3, 4) array, each entry of ``b`` took part
    in 3 sums, so its gradient is the sum of those 3 gradients: the sum over the added axes and
    over the axes where ``shape`` has length 1.
    """
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad if type(grad) is np.ndarray else np.asarray(grad)


# ---- functions of one variable ---------------------------------------------------------------


def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = 1 / (1 + e^−x) of NumPy numbers, computed without overflow for any x: the one
    sigmoid of the package's NumPy code (``Value.sigmoid`` is the scalar engine's own)."""
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1.0, e) / (1.0 + e)


class Elementwise(NamedTuple):
    """A function of one variable y = f(x), with its derivative written in x or in y = f(x).

    A derivative written in the output (``of="y"``, as tanh' = 1 − y²) lets the node keep only
    its output, which the next layer keeps anyway: one array per layer instead of two.
    """

    f: Callable
    derivative: Callable
    of: str  # "x" or "y": what the derivative is written in, and what the node keeps
    doc: str
    domain: Callable | None = None  # x -> where f is defined, for a clear error elsewhere
    outside: str = ""  # what that error says


ELEMENTWISE: dict[str, Elementwise] = {
    "exp": Elementwise(np.exp, lambda y: y, "y", "e^x; its derivative is itself."),
    "expm1": Elementwise(
        np.expm1, lambda y: y + 1.0, "y", "e^x − 1, accurate for x near 0; d/dx = e^x."
    ),
    "log": Elementwise(
        np.log, lambda x: 1.0 / x, "x", "The natural logarithm, for x > 0; d/dx log x = 1/x.",
        lambda x: x > 0, "the logarithm is defined only for positive numbers",
    ),
    "log1p": Elementwise(
        np.log1p, lambda x: 1.0 / (1.0 + x), "x", "log(1 + x), accurate near 0; d/dx = 1/(1 + x).",
        lambda x: x > -1, "log(1 + x) is defined only for x > −1",
    ),
    "sqrt": Elementwise(
        np.sqrt, lambda y: 0.5 / y, "y", "√x for x ≥ 0; d/dx √x = 1/(2√x), infinite at 0.",
        lambda x: x >= 0, "the square root is defined only for x ≥ 0",
    ),
    "sin": Elementwise(np.sin, np.cos, "x", "sin x; d/dx sin x = cos x."),
    "cos": Elementwise(np.cos, lambda x: -np.sin(x), "x", "cos x; d/dx cos x = −sin x."),
    "abs": Elementwise(np.abs, np.sign, "x", "|x|; its derivative is sign x (0 at 0)."),
    "tanh": Elementwise(
        np.tanh, lambda y: 1.0 - y * y, "y",
        "tanh x, in (−1, 1); d/dx tanh x = 1 − tanh²x, so the gradient needs only the output.",
    ),
    "sigmoid": Elementwise(
        sigmoid, lambda y: y * (1.0 - y), "y",
        "σ(x) = 1 / (1 + e^−x), computed without overflow for any x; σ' = σ(1 − σ).",
    ),
    "relu": Elementwise(
        lambda x: np.maximum(x, 0.0), lambda y: y > 0.0, "y",
        "max(x, 0); its derivative is 1 where x > 0, else 0 (also at 0).",
    ),
}  # fmt: skip


def elementwise_backward(g, saved, parents):
    """y = f(x) entry by entry, so dL/dx = g ⊙ f'(x), with f' written in x or in y."""
    kept, derivative = saved
    return (g * derivative(kept),)


# ---- arithmetic ----------------------------------------------------------------------------------


def add_backward(g, saved, parents):
    return g, g


def sub_backward(g, saved, parents):
    return g, -g


def mul_backward(g, saved, parents):
    x, y = saved
    return (g * y if parents[0] is not None else None, g * x if parents[1] is not None else None)


def div_backward(g, saved, parents):
    x, y = saved
    gx = g / y if parents[0] is not None else None
    gy = -g * x / (y * y) if parents[1] is not None else None
    return gx, gy


def neg_backward(g, saved, parents):
    return (-g,)


def pow_backward(g, saved, parents):
    """x ** p for a number p: d/dx = p·x^(p−1), which is 0 for p = 0 (also at x = 0)."""
    x, p = saved
    if p == 0.0:
        return (np.zeros_like(g),)
    return (g * (2.0 * x) if p == 2.0 else g * (p * x ** (p - 1.0)),)


def power_backward(g, saved, parents):
    """x ** y with y an array too: d/dx = y·x^(y−1) and d/dy = x^y·ln x.

    As for a number exponent, d/dx is 0 where y = 0; d/dy is 0 where x = 0, the limit of
    x^y·ln x as x → 0 for y > 0 (as in HIPS autograd).
    """
    x, y = saved
    gx = gy = None
    if parents[0] is not None:
        gx = g * y * x ** np.where(y != 0, y - 1.0, 1.0)
    if parents[1] is not None:
        gy = g * x**y * np.log(np.where(x == 0, 1.0, x))
    return gx, gy


def maximum_backward(g, saved, parents):
    """The gradient goes to the larger input; on a tie it is shared half and half."""
    x, y = saved
    to_x = (x > y) + 0.5 * (x == y)
    return (
        g * to_x if parents[0] is not None else None,
        g * (1.0 - to_x) if parents[1] is not None else None,
    )


def minimum_backward(g, saved, parents):
    """The gradient goes to the smaller input; on a tie it is shared half and half."""
    x, y = saved
    to_x = (x < y) + 0.5 * (x == y)
    return (
        g * to_x if parents[0] is not None else None,
        g * (1.0 - to_x) if parents[1] is not None else None,
    )


def where_backward(g, saved, parents):
    """where(c, a, b) passes g to a where c holds and to b elsewhere."""
    (condition,) = saved
    ga = np.where(condition, g, 0.0) if parents[0] is not None else None
    gb = np.where(condition, 0.0, g) if parents[1] is not None else None
    return ga, gb


def clip_backward(g, saved, parents):
    """clip(x, lo, hi) moves with x strictly between lo and hi, else it is flat (as relu at 0)."""
    x, low, high = saved
    return (g * ((x > low) & (x < high)),)


def matmul_backward(g, saved, parents):
    """out = a @ b gives dL/da = g @ bᵀ and dL/db = aᵀ @ g.

    A vector on the left acts as a row (1, k), on the right as a column (k, 1), as in NumPy; a
    stack of matrices times one matrix sums the stack's contributions to that matrix.
    """
    a, b = saved
    pa, pb = parents
    if a.ndim == 2 and b.ndim == 2:  # the common case, as in a layer x @ W
        return (g @ b.T if pa is not None else None, a.T @ g if pb is not None else None)
    a2 = a.reshape(1, -1) if a.ndim == 1 else a
    b2 = b.reshape(-1, 1) if b.ndim == 1 else b
    batch = np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2])
    g = g.reshape((*batch, a2.shape[-2], b2.shape[-1]))
    ga = gb = None
    if pa is not None:
        ga = unbroadcast(g @ np.swapaxes(b2, -1, -2), a2.shape).reshape(a.shape)
    if pb is not None:
        if b2.ndim == 2:  # one matrix shared by the whole stack: one product over all rows
            gb = a2.reshape(-1, a2.shape[-1]).T @ g.reshape(-1, g.shape[-1])
        else:
            gb = unbroadcast(np.swapaxes(a2, -1, -2) @ g, b2.shape)
        gb = gb.reshape(b.shape)
    return ga, gb


# ---- reductions, shapes and indexing -------------------------------------------------------------


def sum_backward(g, saved, parents):
    """Each summed entry moves the sum one-for-one (a mean: 1/count), so it gets g (g/count)."""
    shape, axes, keepdims, count = saved
    if axes is not None and not keepdims:
        g = np.expand_dims(g, axes)
    if count != 1:
        g = g / count
    return (np.broadcast_to(g, shape),)


def extreme_backward(g, saved, parents):
    """max or min: the whole gradient goes to the entry that was picked."""
    shape, axis, index = saved
    grad = np.zeros(shape, dtype=g.dtype)
    if axis is None:
        grad.reshape(-1)[index] = g.reshape(())
    else:
        np.put_along_axis(grad, index, g.reshape(index.shape), axis=axis)
    return (grad,)


def reshape_backward(g, saved, parents):
    return (g.reshape(saved[0]),)


def transpose_backward(g, saved, parents):
    return (g.transpose(np.argsort(saved[0])),)


def getitem_backward(g, saved, parents):
    shape, index = saved
    grad = np.zeros(shape, dtype=g.dtype)
    np.add.at(grad, index, g)  # unlike grad[index] += g, adds once per repeat of an index
    return (grad,)


def concatenate_backward(g, saved, parents):
    """Each input gets back its own slice of g along the axis it was joined on."""
    axis, ends = saved
    pieces = np.split(g, ends[:-1], axis=axis)
    return tuple(
        p if parent is not None else None for p, parent in zip(pieces, parents, strict=True)
    )


def stack_backward(g, saved, parents):
    """Each input gets back its own layer of g along the new axis."""
    (axis,) = saved
    return tuple(
        np.take(g, i, axis=axis) if parent is not None else None for i, parent in enumerate(parents)
    )
