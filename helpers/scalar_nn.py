"""Neurons, layers and multi-layer perceptrons made of :class:`helpers.Value` scalars.

The network of Book §1.1 at its smallest: a :class:`Neuron` computes ``act(b + Σ wᵢ·xᵢ)``, a
:class:`Layer` is several neurons reading the same inputs, and an :class:`MLP` feeds each layer's
outputs to the next. Every weight is a Value, so ``loss.backward()`` gives every weight its
gradient (Book §1.3) and a gradient-descent step is ``p.data -= lr * p.grad`` for each parameter::

    model = MLP(2, [16, 16, 1], activation="relu", seed=0)
    loss = (model([0.5, -1.0]) - 1.0) ** 2
    loss.backward()
    for p in model.parameters():
        p.data -= 0.1 * p.grad

Initialisation is seeded and so repeatable: each weight is drawn uniformly from
(−1/√nin, 1/√nin), so a neuron's weighted sum starts around ±1 whatever its number of inputs and
tanh neurons do not start saturated; biases start at 0. The same seed gives the same network.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from .scalar import Number, Value, dot

ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
_NAMES = {"tanh": "Tanh", "relu": "ReLU", "sigmoid": "Sigmoid", "linear": "Linear"}


def _generator(seed: int | random.Random) -> random.Random:
    """A ``random.Random``: the one given (shared, so layers continue its stream) or a new one."""
    if isinstance(seed, random.Random):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(
            f"seed must be an int or a random.Random, got {type(seed).__name__} {seed!r}"
        )
    return random.Random(seed)


def _check_size(n: object, what: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"{what} must be a positive int, got {n!r}")
    return n


class Module:
    """Anything with parameters: ``parameters()`` lists them, ``zero_grad()`` sets their grads to 0.

    (``Value.backward`` resets the grads of everything it reaches anyway; ``zero_grad`` is for
    parameters a loss does not reach, and for the habit, which tensor libraries require.)
    """

    def parameters(self) -> list[Value]:
        return []

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    """One neuron: ``act(b + Σᵢ wᵢ·xᵢ)`` with weights ``w``, bias ``b`` and an activation.

    ``activation`` is "tanh", "relu", "sigmoid" or "linear" (no activation). The weighted sum is a
    single "dot" node of the graph (:func:`helpers.scalar.dot`); the activation is one more node.
    """

    def __init__(self, nin: int, activation: str = "tanh", seed: int | random.Random = 0) -> None:
        nin = _check_size(nin, "the number of inputs nin")
        if activation not in ACTIVATIONS:
            raise ValueError(
                f"unknown activation {activation!r}; choose one of {', '.join(ACTIVATIONS)}"
            )
        rng = _generator(seed)
        scale = 1.0 / math.sqrt(nin)
        self.w = [Value(rng.uniform(-scale, scale)) for _ in range(nin)]
        self.b = Value(0.0)
        self.activation = activation

    def __call__(self, x: Sequence[Value | Number]) -> Value:
        if len(x) != len(self.w):
            raise ValueError(
                f"this neuron has {len(self.w)} weights but got {len(x)} inputs; "
                "give it one input per weight"
            )
        act = dot(self.w, x, self.b)
        if self.activation == "tanh":
            return act.tanh()
        if self.activation == "relu":
            return act.relu()
        if self.activation == "sigmoid":
            return act.sigmoid()
        return act

    def parameters(self) -> list[Value]:
        """The weights, then the bias."""
        return [*self.w, self.b]

    def __repr__(self) -> str:
        return f"{_NAMES[self.activation]}Neuron({len(self.w)})"


class Layer(Module):
    """``nout`` neurons reading the same inputs; returns their outputs (one Value if nout = 1)."""

    def __init__(
        self, nin: int, nout: int, activation: str = "tanh", seed: int | random.Random = 0
    ) -> None:
        nout = _check_size(nout, "the number of outputs nout")
        rng = _generator(seed)
        self.neurons = [Neuron(nin, activation, rng) for _ in range(nout)]

    def __call__(self, x: Sequence[Value | Number]) -> Value | list[Value]:
        out = [neuron(x) for neuron in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self) -> list[Value]:
        """Every neuron's parameters, neuron by neuron."""
        return [p for neuron in self.neurons for p in neuron.parameters()]

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(repr(n) for n in self.neurons)}]"


class MLP(Module):
    """A multi-layer perceptron: ``nin`` inputs, then one layer per entry of ``nouts``.

    The hidden layers use ``activation``; the last layer uses ``output_activation`` ("linear"
    by default, so the output can be any number, as for a score or a regression).
    ``MLP(2, [16, 16, 1])`` has 2·16+16 + 16·16+16 + 16+1 = 337 parameters.
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: str = "tanh",
        output_activation: str = "linear",
        seed: int | random.Random = 0,
    ) -> None:
        nouts = list(nouts)
        if not nouts:
            raise ValueError("nouts lists the size of each layer; give at least one, e.g. [1]")
        rng = _generator(seed)
        sizes = [nin, *nouts]
        self.layers = [
            Layer(
                sizes[i],
                sizes[i + 1],
                activation if i < len(nouts) - 1 else output_activation,
                rng,
            )
            for i in range(len(nouts))
        ]

    def __call__(self, x: Sequence[Value | Number]) -> Value | list[Value]:
        for layer in self.layers:
            x = [neuron(x) for neuron in layer.neurons]
        return x[0] if len(x) == 1 else x

    def parameters(self) -> list[Value]:
        """Every layer's parameters, layer by layer."""
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(repr(layer) for layer in self.layers)}]"
