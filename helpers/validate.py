"""Argument checks shared by every public function and class of ``helpers``.

Each check takes the argument's *name* as the caller spells it and the *value* it was given, and
either returns the value in its plain Python form or raises an error that names the argument, shows
what was given (shortened, never megabytes) and says what is expected::

    n = validate.integer("n", n, minimum=1)           # TypeError / ValueError, else an int
    lr = validate.real("lr", lr, minimum=0, strict=True)

The policy is the same everywhere: ``bool`` is not a number (``True`` as a learning rate is a slip,
not 1.0); NaN and ±inf are refused unless a check is told otherwise; a NumPy scalar is as good as a
Python number; a wrong *kind* of thing is a ``TypeError``, a value of the right kind outside its
range is a ``ValueError``. An optional ``hint`` is appended for the mistakes students actually make.
"""

from __future__ import annotations

import math
import numbers
import reprlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

__all__ = [
    "array",
    "choice",
    "function",
    "integer",
    "real",
    "seed",
    "shown",
]

_REPR = reprlib.Repr()
_REPR.maxstring = 60
_REPR.maxother = 60
_REPR.maxlist = _REPR.maxtuple = 6


def shown(value: Any) -> str:
    """A short, safe ``repr`` of *value* for an error message (arrays give their shape)."""
    if isinstance(value, np.ndarray):
        if value.size > 6:
            return f"an array of shape {value.shape} and dtype {value.dtype}"
        return f"array({_REPR.repr(value.tolist())})"
    try:
        return _REPR.repr(value)
    except Exception:  # a student's object whose __repr__ fails still gets a message
        return f"a {type(value).__name__}"


def _fail(kind: type[Exception], name: str, expected: str, value: Any, hint: str | None) -> None:
    message = f"{name} must be {expected}, got {shown(value)}"
    raise kind(f"{message}; {hint}" if hint else message)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def _bound(limit: float) -> str:
    """A range limit as a reader writes it: whole numbers in full (4294967295), others short."""
    return str(limit) if isinstance(limit, int) else f"{limit:g}"


def _range_text(minimum: float | None, maximum: float | None, strict: bool) -> str:
    low = ">" if strict else ">="
    if minimum is not None and maximum is not None:
        if strict:
            return f"> {_bound(minimum)} and <= {_bound(maximum)}"
        return f"from {_bound(minimum)} to {_bound(maximum)}"
    if minimum is not None:
        return f"{low} {_bound(minimum)}"
    if maximum is not None:
        return f"<= {_bound(maximum)}"
    return ""


def integer(
    name: str,
    value: Any,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    hint: str | None = None,
) -> int:
    """*value* as an ``int``: a whole number (Python or NumPy integer) within [minimum, maximum].

    ``3.0`` is refused like ``3.5``: a size or a count written as a float is usually a slip.
    """
    if not isinstance(value, numbers.Integral) or isinstance(value, bool | np.bool_):
        _fail(TypeError, name, "a whole number", value, hint)
    value = int(value)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        _fail(
            ValueError, name, f"a whole number {_range_text(minimum, maximum, False)}", value, hint
        )
    return value


def real(
    name: str,
    value: Any,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    strict: bool = False,
    finite: bool = True,
    hint: str | None = None,
) -> float:
    """*value* as a ``float``: a real number (not bool, not complex) within its range.

    ``strict=True`` makes the minimum exclusive (a learning rate must be > 0). ``finite=False``
    lets ±inf through (NaN never passes). Integers too large for a float (``10**400``) are refused.
    """
    if not _is_number(value):
        _fail(TypeError, name, "a real number", value, hint)
    try:
        number = float(value)
    except OverflowError:
        _fail(ValueError, name, "a number a float can hold (about ±1.8e308)", value, hint)
    if math.isnan(number) or (finite and math.isinf(number)):
        _fail(ValueError, name, "a finite number", value, hint)
    below = minimum is not None and (number <= minimum if strict else number < minimum)
    above = maximum is not None and number > maximum
    if below or above:
        _fail(ValueError, name, f"a number {_range_text(minimum, maximum, strict)}", value, hint)
    return number


def choice(name: str, value: Any, options: Iterable[str], *, hint: str | None = None) -> str:
    """*value*, which must be one of the strings in *options* (named in the message)."""
    options = tuple(options)
    if not isinstance(value, str) or value not in options:
        listed = ", ".join(repr(o) for o in options)
        kind = ValueError if isinstance(value, str) else TypeError
        _fail(kind, name, f"one of {listed}", value, hint)
    return value


def seed(name: str, value: Any, default: int) -> int:
    """A random seed: a whole number >= 0; ``None`` means the documented *default*.

    ``None`` never means "fresh randomness": every figure of the course must come out the same.
    """
    if value is None:
        return default
    return integer(name, value, minimum=0, hint="a seed is a whole number such as 0 or 42")


def function(name: str, value: Any, *, hint: str | None = None) -> Callable[..., Any]:
    """*value*, which must be callable (a function, a lambda, a method)."""
    if not callable(value):
        _fail(TypeError, name, "a function", value, hint)
    return value


def array(
    name: str,
    value: Any,
    *,
    ndim: int | None = None,
    shape: Sequence[int | None] | None = None,
    finite: bool = True,
    min_size: int = 1,
    dtype: Any = np.float64,
    hint: str | None = None,
) -> np.ndarray:
    """*value* as a NumPy array of *dtype* with the given number of axes and shape.

    ``shape`` may hold ``None`` for an axis of any length, e.g. ``(None, 2)`` for points in the
    plane. Strings, complex numbers, ragged lists and non-finite entries (unless ``finite=False``)
    are refused.
    """
    if isinstance(value, str | bytes) or value is None:
        _fail(TypeError, name, "an array of numbers", value, hint)
    try:
        raw = np.asarray(value)
    except (ValueError, TypeError):
        _fail(ValueError, name, "an array of numbers with a regular shape", value, hint)
    if raw.dtype.kind not in "biuf":
        what = "an array of real numbers" if raw.dtype.kind == "c" else "an array of numbers"
        _fail(TypeError, name, what, value, hint)
    result = raw.astype(dtype, copy=False)
    if ndim is not None and result.ndim != ndim:
        _fail(
            ValueError,
            name,
            f"an array with {ndim} axes",
            value,
            hint or f"its shape is {result.shape}",
        )
    if shape is not None:
        fits = len(shape) == result.ndim and all(
            want is None or want == got for want, got in zip(shape, result.shape, strict=True)
        )
        if not fits:
            wanted = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
            _fail(
                ValueError,
                name,
                f"an array of shape {wanted}",
                value,
                hint or f"its shape is {result.shape}",
            )
    if result.size < min_size:
        _fail(ValueError, name, f"an array with at least {min_size} entries", value, hint)
    if finite and result.dtype.kind == "f" and not np.isfinite(result).all():
        bad = int(np.flatnonzero(~np.isfinite(result.ravel()))[0])
        _fail(
            ValueError,
            name,
            "finite numbers only",
            value,
            hint
            or f"entry {tuple(int(i) for i in np.unravel_index(bad, result.shape))} is "
            f"{result.ravel()[bad]}",
        )
    return result
