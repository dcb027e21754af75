"""What is wrong with an argument of a ``helpers.Tensor`` operation, said in words.

The checks and error messages of :mod:`helpers.tensor`, kept apart so that the engine reads as the
chain rule. Every message names the operation, what it was given and what it expects.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from helpers import validate
from helpers.tensor_rules import ELEMENTWISE

FLOATS = (np.dtype(np.float64), np.dtype(np.float32))


def real_array(data: Any, where: str, copy: bool = True) -> np.ndarray:
    """``data`` as a float array of finite numbers, or an error that names what is wrong.

    With ``copy`` (for a Tensor's own array) it is always a new array: a Tensor owns its numbers,
    training never edits the caller's.
    """
    try:
        array = np.array(data) if copy else np.asarray(data)
    except (ValueError, TypeError):
        raise ValueError(
            f"{where} needs numbers in a regular shape, got {validate.shown(data)}"
        ) from None
    if array.dtype.kind == "b":
        raise TypeError(
            f"{where} got booleans ({validate.shown(data)}); they are not numbers here (it is "
            "usually a mistake): write 1.0 and 0.0, or mask.astype(float) for a 0/1 array"
        )
    if array.dtype.kind not in "iuf":
        too_large = array.dtype.kind == "O" and any(isinstance(v, int) for v in array.flat)
        raise TypeError(
            f"{where} needs real numbers, got an array of dtype {array.dtype}"
            + (" (an integer too large for a float, about 1.8e308)" if too_large else "")
            + "; pass numbers, a list of numbers or a numeric NumPy array"
        )
    if array.dtype not in FLOATS:
        array = array.astype(np.float64)
    if not np.isfinite(array).all():
        bad = np.unravel_index(int(np.flatnonzero(~np.isfinite(array))[0]), array.shape)
        entry = f"entry {tuple(int(i) for i in bad)} is" if array.ndim else "got"
        raise ValueError(
            f"{where} needs finite numbers, but {entry} {array[bad]}; a NaN or infinity here "
            "means something upstream already went wrong (an overflow, a 0/0): find where"
        )
    return array


def require(x: np.ndarray, holds: np.ndarray, op: str, rule: str) -> None:
    """Refuse an input outside the domain of ``op`` (``holds`` says where it is inside)."""
    if not holds.all():
        bad = x[~holds].reshape(-1)[0]
        raise ValueError(f"{op}: {rule}, but the tensor holds {float(bad)!r}")


def power_domain(x: Any, p: float | None) -> None:
    """Refuse x ** p where it is not a finite real number; ``p=None``: a Tensor exponent."""
    x = np.asarray(x)
    if p is None:
        if (x < 0).any():
            raise ValueError(
                "x ** y with a Tensor exponent needs x >= 0, because d/dy x^y = x^y·ln x; for a "
                "fixed exponent write a plain number (x ** 2.0)"
            )
    elif not p.is_integer() and (x < 0).any():
        raise ValueError(
            f"x ** {p:g}: a negative number to a non-integer power is not a real number, and "
            f"x holds {x.min():g}; keep the base positive (e.g. square it first)"
        )
    elif p < 0 and (x == 0).any():
        raise ZeroDivisionError(f"x ** {p:g} divides by zero where x holds 0")


def broadcast_message(name: str, symbol: str, sa: tuple, sb: tuple) -> str:
    n = max(len(sa), len(sb))
    pa, pb = (1,) * (n - len(sa)) + tuple(sa), (1,) * (n - len(sb)) + tuple(sb)
    bad = [i for i in range(n) if pa[i] != pb[i] and 1 not in (pa[i], pb[i])]
    where = f" (axis {bad[-1] - n} has lengths {pa[bad[-1]]} and {pb[bad[-1]]})" if bad else ""
    return (
        f"cannot {name} {sa} {symbol} {sb}: the shapes do not broadcast{where}. Broadcasting "
        "lines shapes up from the right and each pair of lengths must be equal or 1; reshape "
        "one operand, e.g. b.reshape(-1, 1)"
    )


def matmul_message(sa: tuple, sb: tuple) -> str:
    if not sa or not sb:
        return (
            f"cannot matmul {sa} @ {sb}: @ needs operands with at least one axis; "
            "to scale by a number use *"
        )
    ka, kb = sa[-1], sb[-2] if len(sb) >= 2 else sb[0]
    if ka != kb:
        rows = "second-to-last axis (its rows)" if len(sb) >= 2 else "length"
        return (
            f"cannot matmul {sa} @ {sb}: inner dimensions {ka} and {kb} differ. The left "
            f"operand's last axis must be as long as the right operand's {rows}; "
            "did you mean to transpose one of them (.T)?"
        )
    return (
        f"cannot matmul {sa} @ {sb}: the batch dimensions {sa[:-2]} and {sb[:-2]} do not broadcast"
    )


def axes(axis: Any, ndim: int, op: str) -> tuple[int, ...] | None:
    """``axis`` as a sorted tuple of non-negative axes (None stays None), checked against ndim."""
    if axis is None:
        return None
    axes = axis if isinstance(axis, tuple | list) else (axis,)
    axes = [validate.integer(f"{op}(axis=...)", a, hint="an axis is a whole number") for a in axes]
    if any(not -ndim <= a < ndim for a in axes):
        raise ValueError(
            f"{op}(axis={axis}) is out of range for a tensor with {ndim} axes; "
            f"use axes from {-ndim} to {ndim - 1}"
        )
    normalized = tuple(sorted({a % ndim for a in axes}))
    if len(normalized) != len(axes):
        raise ValueError(f"{op}(axis={axis}) names an axis twice")
    return normalized


def numpy_message(name: str, methods: Iterable[str]) -> str:
    """What to use instead of the NumPy function ``name`` on a Tensor."""
    if name in ("maximum", "minimum", "where", "concatenate", "stack"):
        use = f"helpers.tensor_functions.{name}(...)"
    elif name in NUMPY_SPELLINGS:
        use = NUMPY_SPELLINGS[name]
    elif name in ELEMENTWISE:
        use = f"t.{name}()"
    elif name in methods:
        use = f"t.{name}(...)"
    else:
        use = "the Tensor's own operations (t.exp(), t.sum(), t.reshape(...), ...)"
    return (
        f"np.{name} does not know how to differentiate a Tensor (its gradient would be lost); "
        f"use {use}, or np.{name}(t.data) for the numbers alone, without a gradient"
    )


NUMPY_SPELLINGS = {"absolute": "abs(t)", "negative": "-t", "amax": "t.max()", "amin": "t.min()"}
