"""Neurons, layers and multi-layer perceptrons made of :class:`helpers.Value` scalars.

The network of Book §1.1 at its smallest: a :class:`Neuron` computes ``act(b + Σ wᵢ·xᵢ)``, a
:class:`Layer` is several neurons reading the same inputs, and an :class:`MLP` feeds each layer's
outputs to the next. Every weight is a Value, so ``loss.backward()`` gives every weight its
gradient (Book §1.3) and a gradient-descent step is ``p.data -= lr * p.grad`` for each parameter::

    model = MLP([2, 16, 16, 1], activation="relu", seed=0)
    loss = (model([0.5, -1.0]) - 1.0) ** 2
    loss.backward()
    for p in model.parameters():
        p.data -= 0.1 * p.grad

This is micrograd's style, on Values; :mod:`helpers.nn` is PyTorch's, on arrays. The two ``MLP``
take the same list of sizes, input size first.

Initialisation is seeded and so repeatable: each weight is drawn uniformly from
(−1/√nin, 1/√nin), so a neuron's weighted sum starts around ±1 whatever its number of inputs and
tanh neurons do not start saturated; biases start at 0. The same seed gives the same network.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterable, Sequence

from . import validate
from .scalar import Number, Value, dot

ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
_NAMES = {"tanh": "Tanh", "relu": "ReLU", "sigmoid": "Sigmoid", "linear": "Linear"}
DEFAULT_SEED = 0
MAX_WIDTH = 10_000  # a layer wider than this is not a scalar network any more: use helpers.nn
MAX_PARAMETERS = 1_000_000  # about 10 s to build, and slower still to train


def _generator(seed: int | random.Random | None) -> random.Random:
    """A ``random.Random``: the one given (shared, so layers continue its stream) or a new one."""
    if isinstance(seed, random.Random):
        return seed
    return random.Random(validate.seed("seed", seed, DEFAULT_SEED))


def _width(name: str, n: object) -> int:
    return validate.integer(
        name, n, minimum=1, maximum=MAX_WIDTH, hint="for wide layers use helpers.nn, on arrays"
    )


class Module:
    """Anything with parameters: ``parameters()`` lists them; ``zero_grad()`` zeroes their grads."""

    def parameters(self) -> list[Value]:
        return []

    def zero_grad(self) -> None:
        """Set every parameter's ``grad`` to 0.

        helpers' ``backward()`` recomputes every gradient it reaches, so a loop here works with
        or without this call. micrograd and PyTorch add to ``.grad`` instead, so their loops call
        ``zero_grad()`` before ``backward()``; calling it here keeps a loop identical to theirs.
        """
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    """One neuron: ``act(b + Σᵢ wᵢ·xᵢ)`` with weights ``w``, bias ``b`` and an activation.

    ``activation`` is "tanh", "relu", "sigmoid" or "linear" (no activation). The weighted sum is a
    single "dot" node of the graph (:func:`helpers.scalar.dot`); the activation is one more node.
    ``seed`` is a whole number (None: 0) or a ``random.Random`` to draw the weights from.
    """

    def __init__(
        self, nin: int, activation: str = "tanh", seed: int | random.Random | None = DEFAULT_SEED
    ) -> None:
        nin = _width("nin", nin)
        self.activation = validate.choice("activation", activation, ACTIVATIONS)
        rng = _generator(seed)
        scale = 1.0 / math.sqrt(nin)
        self.w = [Value(rng.uniform(-scale, scale)) for _ in range(nin)]
        self.b = Value(0.0)

    def __call__(self, x: Sequence[Value | Number]) -> Value:
        try:
            n = len(x)
        except TypeError:
            raise TypeError(
                f"a neuron's input x must be a list of numbers or Values, one per weight, "
                f"got {validate.shown(x)}"
            ) from None
        if n != len(self.w):
            raise ValueError(
                f"this neuron has {len(self.w)} weights but got {n} inputs; "
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
        self,
        nin: int,
        nout: int,
        activation: str = "tanh",
        seed: int | random.Random | None = DEFAULT_SEED,
    ) -> None:
        nout = _width("nout", nout)
        rng = _generator(seed)
        self.neurons = [Neuron(nin, activation, rng) for _ in range(nout)]

    def outputs(self, x: Sequence[Value | Number]) -> list[Value]:
        """Every neuron's output, as a list (even for one neuron)."""
        return [neuron(x) for neuron in self.neurons]

    def __call__(self, x: Sequence[Value | Number]) -> Value | list[Value]:
        out = self.outputs(x)
        return out[0] if len(out) == 1 else out

    def parameters(self) -> list[Value]:
        """Every neuron's parameters, neuron by neuron."""
        return [p for neuron in self.neurons for p in neuron.parameters()]

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(repr(n) for n in self.neurons)}]"


class MLP(Module):
    """A multi-layer perceptron with the layer ``sizes`` given, input size first.

    ``MLP([2, 16, 16, 1])`` reads 2 numbers, has two hidden layers of 16 neurons and one output:
    2·16+16 + 16·16+16 + 16+1 = 337 parameters. The hidden layers use ``activation``; the last
    layer uses ``output_activation`` ("linear" by default, so the output can be any number, as
    for a score or a regression). ``seed`` (None: 0) fixes the initial weights; the layers draw
    from one stream, first layer first, neuron by neuron.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        *misplaced: object,
        activation: str = "tanh",
        output_activation: str = "linear",
        seed: int | random.Random | None = DEFAULT_SEED,
    ) -> None:
        if misplaced:  # MLP(2, [16, 1]) (the old signature) or MLP([2, 1], "relu")
            _misplaced(sizes, misplaced)
        self.sizes = _sizes(sizes)
        validate.choice("activation", activation, ACTIVATIONS)
        validate.choice("output_activation", output_activation, ACTIVATIONS)
        rng = _generator(seed)
        last = len(self.sizes) - 2
        self.layers = [
            Layer(nin, nout, activation if i < last else output_activation, rng)
            for i, (nin, nout) in enumerate(itertools.pairwise(self.sizes))
        ]

    def __call__(self, x: Sequence[Value | Number]) -> Value | list[Value]:
        for layer in self.layers:
            x = layer.outputs(x)
        return x[0] if len(x) == 1 else x

    def parameters(self) -> list[Value]:
        """Every layer's parameters, layer by layer."""
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(repr(layer) for layer in self.layers)}]"


_EXAMPLE = "e.g. MLP([2, 16, 1]) for 2 inputs, 16 hidden neurons and 1 output"


def _misplaced(sizes: object, misplaced: tuple[object, ...]) -> None:
    """Explain arguments given by position after ``sizes``: only ``sizes`` goes without a name."""
    given = ", ".join(validate.shown(a) for a in (sizes, *misplaced))
    if isinstance(sizes, int) and isinstance(misplaced[0], Sequence):
        new = validate.shown([sizes, *misplaced[0]])
        raise TypeError(
            f"MLP({given}, ...): the sizes are one list now, input size first: write MLP({new}, "
            "...) (MLP(2, [16, 1]) is the old way of writing MLP([2, 16, 1]))"
        )
    raise TypeError(
        f"MLP({given}): give only the list of sizes by position, and the rest by name: "
        "MLP(sizes, activation=..., output_activation=..., seed=...)"
    )


def _sizes(sizes: object) -> list[int]:
    """The list of layer sizes of an MLP, checked: at least an input and an output size."""
    if isinstance(sizes, int | float) and not isinstance(sizes, bool):
        raise TypeError(
            f"sizes must be a list of layer sizes, input size first, got {validate.shown(sizes)}; "
            f"{_EXAMPLE}"
        )
    if isinstance(sizes, str | bytes) or not isinstance(sizes, Iterable):
        raise TypeError(
            f"sizes must be a list of layer sizes, got {validate.shown(sizes)}; {_EXAMPLE}"
        )
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(
            f"sizes must hold at least an input and an output size, got {validate.shown(sizes)}; "
            f"{_EXAMPLE}"
        )
    checked = [_width(f"sizes[{i}]", n) for i, n in enumerate(sizes)]
    count = sum((nin + 1) * nout for nin, nout in itertools.pairwise(checked))
    if count > MAX_PARAMETERS:
        raise ValueError(
            f"MLP({checked}) would have {count:,} parameters, more than the {MAX_PARAMETERS:,} a "
            "network of scalar Values can build and train in reasonable time; "
            "use helpers.nn.MLP, on arrays"
        )
    return checked
