"""Gradient checking: is an analytic gradient what the definition of the derivative says?

The derivative is the limit of a difference quotient. For a small step h the *central* difference

    f'(x) ≈ (f(x + h) − f(x − h)) / (2h)

has an error of order h² (the one-sided quotient only h), so with h around 1e-6 it agrees with a
correct analytic gradient to about 1e-9. Both engines of the series (``helpers.Value`` and
``helpers.Tensor``) and the notebooks report checks with :func:`compare_gradients`, one line per
parameter, in the style ``name | exact | approx | max abs diff``; :func:`check_gradients` does it
for every parameter of a network. Checks run in float64: in float32 (about 7 digits) a step of
1e-6 is lost in rounding, so they refuse it rather than report zeros.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from helpers import validate

DEFAULT_STEP = 1e-6
_FLOAT32_HINT = (
    "float32 holds about 7 digits, so a nudge of h = 1e-6 is lost in rounding and the "
    "differences come out 0 or noise; check gradients in float64"
)


def _step(h: Any) -> float:
    """A step in (0, 1]: a larger nudge no longer estimates a slope at one point."""
    return validate.real(
        "the step h", h, minimum=0, maximum=1.0, strict=True, hint="h = 1e-6 is usual"
    )


def _finite_difference(f_plus: Any, f_minus: Any, h: float, where: str) -> float:
    """(f_plus − f_minus) / 2h, with f's two values checked to be real, finite numbers."""
    values = []
    for value in (f_plus, f_minus):
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise TypeError(
                f"f must return one number, got {validate.shown(value)} {where}"
            ) from None
        if not math.isfinite(number):
            raise ValueError(f"f returned {number} {where}, so there is no slope to estimate")
        values.append(number)
    return (values[0] - values[1]) / (2.0 * h)


def numerical_derivative(f: Callable[[float], float], x: float, h: float = DEFAULT_STEP) -> float:
    """The central difference (f(x+h) − f(x−h)) / 2h: the slope of f at x, error O(h²)."""
    f = validate.function("f", f)
    x = validate.real("x", x)
    h = _step(h)
    return _finite_difference(f(x + h), f(x - h), h, f"at x ± h = {x:g} ± {h:g}")


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, h: float = DEFAULT_STEP
) -> np.ndarray:
    """∂f/∂x[i] for every entry of the array ``x`` by central differences.

    ``f`` is called with ``x`` itself after one entry has been nudged by ±h, so ``f`` may read
    ``x`` through a closure (as a network reads its weights). Each entry is restored exactly after
    use, even if ``f`` raises, so ``x`` is unchanged when this returns.
    """
    f = validate.function("f", f)
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise TypeError(
            f"numerical_gradient needs a float NumPy array to nudge, got {type(x).__name__}"
            + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else "")
            + "; convert it with np.asarray(x, dtype=float)"
        )
    if x.dtype != np.float64:
        raise TypeError(
            f"numerical_gradient needs a float64 array, got dtype {x.dtype}; " + _FLOAT32_HINT
        )
    validate.array("x", x)  # finite numbers, at least one
    h = _step(h)
    grad = np.zeros_like(x, dtype=np.float64)
    for index in np.ndindex(x.shape):
        original = x[index]
        try:
            x[index] = original + h
            f_plus = f(x)
            x[index] = original - h
            f_minus = f(x)
        finally:
            x[index] = original
        grad[index] = _finite_difference(
            f_plus, f_minus, h, f"with x{list(index)} nudged by ±{h:g}"
        )
    return grad


def rel_error(a: float | np.ndarray, b: float | np.ndarray) -> float:
    """The largest |a − b| / max(|a| + |b|, 1e-8): about 1e-7 or less for a correct gradient."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error compares arrays of one shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-8)))


def _magnitude(d: float) -> str:
    """A difference as a power-of-ten bound (``< 1e-09``): stable across machines, unlike digits."""
    if d == 0:
        return "0"
    if not math.isfinite(d):
        return str(d)
    return f"< 1e{math.floor(math.log10(d)) + 1:+03d}"


@dataclass(frozen=True)
class GradientCheck:
    """One line of a gradient check: how an analytic gradient compares with a reference."""

    name: str
    exact: bool  # every entry identical, to the last bit
    approx: bool  # every entry within rtol/atol (np.allclose)
    max_abs_diff: float
    rel_error: float

    def __str__(self) -> str:
        yes_no = {True: "yes", False: "NO "}
        return (
            f"{self.name:<14} | exact: {yes_no[self.exact]} | approx: {yes_no[self.approx]}"
            f" | max abs diff: {_magnitude(self.max_abs_diff)}"
        )

    def __bool__(self) -> bool:
        return self.approx


def compare_gradients(
    name: str,
    analytic: float | np.ndarray,
    reference: float | np.ndarray,
    rtol: float = 1e-5,
    atol: float = 1e-7,
) -> GradientCheck:
    """Compare an analytic gradient with a reference (numerical, or another engine's).

    The result prints as ``name | exact: yes | approx: yes | max abs diff: < 1e-09`` and is truthy
    when the two agree within the tolerances.
    """
    if analytic is None or reference is None:
        raise TypeError(
            f"compare_gradients({name!r}, ...) got None for a gradient: a tensor with "
            "requires_grad=False has no .grad; compute it with backward() first"
        )
    a = validate.array("analytic", analytic, min_size=0, finite=False)
    r = validate.array("reference", reference, min_size=0, finite=False)
    if a.shape != r.shape:
        raise ValueError(
            f"gradient of {name!r} has shape {a.shape} but its reference has shape {r.shape}; "
            "a gradient always has the shape of the thing it is the gradient of"
        )
    diff = float(np.max(np.abs(a - r))) if a.size else 0.0
    return GradientCheck(
        name=name,
        exact=bool(np.array_equal(a, r)),
        approx=bool(np.allclose(a, r, rtol=rtol, atol=atol)),
        max_abs_diff=diff,
        rel_error=rel_error(a, r),
    )


@dataclass(frozen=True)
class GradientReport:
    """One :class:`GradientCheck` line per parameter; truthy if all agree."""

    checks: tuple[GradientCheck, ...]

    def __str__(self) -> str:
        return "\n".join(str(check) for check in self.checks)

    __repr__ = __str__

    def __bool__(self) -> bool:
        return all(self.checks)


def check_gradients(
    loss_fn: Callable[[], Any],
    parameters: Mapping[str, Any] | Iterable[Any] | Any,
    h: float = DEFAULT_STEP,
) -> GradientReport:
    """Backpropagation against finite differences for every entry of every parameter.

    ``loss_fn()`` recomputes the loss (a ``helpers.Tensor``) from the parameters' current values;
    ``parameters`` is a ``{name: Tensor}`` mapping, a list of Tensors, or a module with
    ``named_parameters()``. Costs two forward passes per parameter entry: meant for small networks.
    Parameters must be float64 (see :func:`numerical_gradient`).
    """
    loss_fn = validate.function("loss_fn", loss_fn)
    h = _step(h)
    if hasattr(parameters, "named_parameters"):
        parameters = parameters.named_parameters()
    if not isinstance(parameters, Mapping):
        parameters = {f"{p.label or 'param'}[{i}]": p for i, p in enumerate(parameters)}
    for name, p in parameters.items():
        if getattr(p, "data", None) is None or not isinstance(p.data, np.ndarray):
            raise TypeError(f"parameter {name!r} must be a Tensor, got {validate.shown(p)}")
        if p.data.dtype != np.float64:
            raise TypeError(f"parameter {name!r} has dtype {p.data.dtype}; " + _FLOAT32_HINT)
    loss = loss_fn()
    loss.backward()
    analytic = {name: p.grad.copy() for name, p in parameters.items()}
    checks = []
    for name, p in parameters.items():
        numeric = numerical_gradient(lambda _: loss_fn().item(), p.data, h)
        checks.append(compare_gradients(name, analytic[name], numeric))
    return GradientReport(tuple(checks))
