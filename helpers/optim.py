"""Optimizers: how a gradient becomes a change of the weights (Book §1.3, the last step).

Backpropagation gives dL/dw for every weight; gradient descent then moves each weight a small
step against it, w ← w − lr · dL/dw. :class:`SGD` does that (with optional momentum, a running
average of past gradients); :class:`RMSprop` divides each weight's step by a running estimate of
its gradient's size, and :class:`Adam` does both. Usage, once per mini-batch, as in PyTorch::

    optimizer.zero_grad(); loss = ...; loss.backward(); optimizer.step()
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from helpers import validate
from helpers.tensor import Tensor

_PARAMETERS_HINT = "pass model.parameters()"


def _positive(name: str, value: Any) -> float:
    return validate.real(name, value, minimum=0, strict=True)


def _fraction(name: str, value: Any) -> float:
    number = validate.real(name, value, minimum=0)
    if number >= 1:
        raise ValueError(f"{name} must be a number in [0, 1), got {validate.shown(value)}")
    return number


def _parameters(params: Any) -> list[Tensor]:
    """``params`` as a list of distinct trainable Tensors, or an error saying what to pass."""
    if hasattr(params, "parameters") and hasattr(params, "forward"):
        raise TypeError(
            f"the optimizer got the model {type(params).__name__} itself; {_PARAMETERS_HINT}"
        )
    if isinstance(params, Tensor) or not isinstance(params, Iterable):
        raise TypeError(f"the optimizer takes a list of Tensors, got {validate.shown(params)}; "
                        f"{_PARAMETERS_HINT}")  # fmt: skip
    params = list(params)
    if not params:
        raise ValueError(f"the optimizer got no parameters; {_PARAMETERS_HINT}")
    seen: dict[int, int] = {}
    for i, p in enumerate(params):
        if not isinstance(p, Tensor) or not p.requires_grad:
            raise TypeError(
                f"parameter {i} must be a Tensor with requires_grad=True, got {validate.shown(p)}"
            )
        if id(p) in seen:
            raise ValueError(
                f"parameter {i} is parameter {seen[id(p)]} again: it would be stepped twice"
            )
        seen[id(p)] = i
    return params


class Optimizer:
    """What every optimizer shares: the list of parameters and ``zero_grad()``."""

    def __init__(self, params: Iterable[Tensor], lr: float) -> None:
        self.params = _parameters(params)
        self.lr = _positive("lr", lr)

    def zero_grad(self) -> None:
        """Forget every parameter's gradient (it reads as zeros until the next backward).

        Here it is not needed: helpers' ``backward()`` recomputes every gradient from scratch.
        PyTorch and micrograd add to ``.grad`` instead, so their loops need ``zero_grad()`` before
        ``backward()``; calling it here keeps a training loop identical to PyTorch's.
        """
        for p in self.params:
            p.grad = None

    def step(self) -> None:
        raise NotImplementedError

    def _with_grads(self) -> list[tuple[int, Tensor, np.ndarray]]:
        """(index, parameter, gradient) for the parameters that have a gradient."""
        return [(i, p, p._grad) for i, p in enumerate(self.params) if p._grad is not None]


class SGD(Optimizer):
    """Stochastic gradient descent: w ← w − lr · v with v = momentum · v + dL/dw.

    With ``momentum=0`` (the default) v is just the gradient. Momentum (0.9 is usual) lets steps
    build up along directions the gradient keeps pointing to and cancel where it flips sign.
    """

    def __init__(self, params: Iterable[Tensor], lr: float, momentum: float = 0.0) -> None:
        super().__init__(params, lr)
        self.momentum = _fraction("momentum", momentum)
        self.velocity: list[np.ndarray | None] = [None] * len(self.params)

    def step(self) -> None:
        for i, p, g in self._with_grads():
            if self.momentum:
                v = self.velocity[i]
                if v is None:
                    v = self.velocity[i] = g.copy()
                else:
                    v *= self.momentum
                    v += g
                g = v
            p.data -= self.lr * g

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr:g}, momentum={self.momentum:g}, {len(self.params)} parameters)"


class RMSprop(Optimizer):
    """RMSprop (Hinton 2012): each weight's step divided by the root mean square of its gradient.

    v ← α v + (1 − α) g² is a running average of the squared gradient, and
    w ← w − lr · g / (√v + eps): a weight whose gradients are large takes smaller steps.
    """

    def __init__(
        self, params: Iterable[Tensor], lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8
    ) -> None:
        super().__init__(params, lr)
        self.alpha = _fraction("alpha", alpha)
        self.eps = _positive("eps", eps)
        self.v: list[np.ndarray | None] = [None] * len(self.params)

    def step(self) -> None:
        a = self.alpha
        for i, p, g in self._with_grads():
            if self.v[i] is None:
                self.v[i] = np.zeros_like(p.data)
            v = self.v[i]
            v *= a
            v += (1.0 - a) * (g * g)
            p.data -= self.lr * g / (np.sqrt(v) + self.eps)

    def __repr__(self) -> str:
        return (
            f"RMSprop(lr={self.lr:g}, alpha={self.alpha:g}, eps={self.eps:g}, "
            f"{len(self.params)} parameters)"
        )


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015): a momentum step divided by the root mean square of the gradient.

    m ← β₁m + (1−β₁)g and v ← β₂v + (1−β₂)g² are running averages of the gradient and its square;
    after t steps, m̂ = m/(1−β₁ᵗ) and v̂ = v/(1−β₂ᵗ) undo their start at zero, and
    w ← w − lr · m̂ / (√v̂ + eps). Each weight's step is about ``lr`` whatever its gradient's scale.
    """

    def __init__(
        self,
        params: Iterable[Tensor],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None:
        super().__init__(params, lr)
        if not isinstance(betas, tuple | list) or len(betas) != 2:
            raise TypeError(f"betas must be a pair (beta1, beta2), got {validate.shown(betas)}")
        self.betas = (_fraction("beta1", betas[0]), _fraction("beta2", betas[1]))
        self.eps = _positive("eps", eps)
        self.t = 0
        self.m: list[np.ndarray | None] = [None] * len(self.params)
        self.v: list[np.ndarray | None] = [None] * len(self.params)

    def step(self) -> None:
        self.t += 1
        b1, b2 = self.betas
        step_size = self.lr / (1.0 - b1**self.t)
        root_correction = math.sqrt(1.0 - b2**self.t)
        for i, p, g in self._with_grads():
            if self.m[i] is None:
                self.m[i] = np.zeros_like(p.data)
                self.v[i] = np.zeros_like(p.data)
            m, v = self.m[i], self.v[i]
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * (g * g)
            # lr · m̂ / (√v̂ + eps) with m̂ = m/(1−β₁ᵗ) and √v̂ = √v / √(1−β₂ᵗ)
            p.data -= step_size * m / (np.sqrt(v) / root_correction + self.eps)

    def __repr__(self) -> str:
        b1, b2 = self.betas
        return (
            f"Adam(lr={self.lr:g}, betas=({b1:g}, {b2:g}), eps={self.eps:g}, "
            f"{len(self.params)} parameters)"
        )
