"""Layers and networks built from ``helpers.Tensor``: Linear, activations, Sequential, MLP.

A :class:`Module` is anything with parameters and a ``forward``; calling it runs ``forward``. A
layer computes ``x @ W + b`` (Book §1.1: each layer is a transformation of its input), and a deep
network is layers and nonlinearities in turn. The reprs read like PyTorch's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise
from typing import Any

import numpy as np

from helpers import validate
from helpers.functional import linear, residual
from helpers.tensor import Tensor
from helpers.tensor_rules import ELEMENTWISE

SeedLike = int | np.random.Generator | None


def _generator(seed: SeedLike) -> np.random.Generator:
    """A Generator from a seed (None means seed 0: a network is reproducible unless told not).

    A Generator is used as it is, so that several layers can draw from one stream.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(validate.seed("seed", seed, default=0))


class Module:
    """A piece of a network: parameters (Tensors) and sub-modules; calling it runs ``forward``."""

    def __call__(self, x: Any) -> Tensor:
        return self.forward(x)

    def forward(self, x: Any) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} must define forward(x)")

    def children(self) -> dict[str, Module]:
        """The sub-modules by name: attributes that are modules, or lists of modules (name.i)."""
        found: dict[str, Module] = {}
        for name, value in vars(self).items():
            if isinstance(value, Module):
                found[name] = value
            elif isinstance(value, list | tuple):
                found.update(
                    {f"{name}.{i}": m for i, m in enumerate(value) if isinstance(m, Module)}
                )
        return found

    def named_parameters(self) -> dict[str, Tensor]:
        """Every trainable tensor by a dotted name such as ``"0.W"``, this module's own first."""
        named = {n: v for n, v in vars(self).items() if isinstance(v, Tensor) and v.requires_grad}
        for prefix, child in self.children().items():
            named.update({f"{prefix}.{n}": p for n, p in child.named_parameters().items()})
        return named

    def parameters(self) -> list[Tensor]:
        """Every trainable tensor, each once: what an optimizer updates."""
        unique: dict[int, Tensor] = {}
        for p in self.named_parameters().values():
            unique.setdefault(id(p), p)
        return list(unique.values())

    def zero_grad(self) -> None:
        """Forget every parameter's gradient (see ``optim.Optimizer.zero_grad``)."""
        for p in self.parameters():
            p.grad = None

    def extra_repr(self) -> str:
        """The settings shown inside the parentheses of the repr."""
        return ""

    def __repr__(self) -> str:
        children = self.children()
        extra = self.extra_repr()
        if not children:
            return f"{type(self).__name__}({extra})"
        lines = [extra] if extra else []
        for name, child in children.items():
            lines.append(f"({name}): " + repr(child).replace("\n", "\n  "))
        return f"{type(self).__name__}(\n  " + "\n  ".join(lines) + "\n)"


def _uniform(rng: np.random.Generator, bound: float, shape: tuple[int, int]) -> np.ndarray:
    return rng.uniform(-bound, bound, size=shape)


def _normal(rng: np.random.Generator, std: float, shape: tuple[int, int]) -> np.ndarray:
    return rng.normal(0.0, std, size=shape)


# name -> (distribution, its scale from (nin, nout)). Each of the first six keeps the variance of
# the signal about constant from layer to layer, for a different activation; the last two do not.
INITS: dict[str, tuple[Callable, Callable[[int, int], float]]] = {
    # U(±1/√nin), variance 1/(3 nin): PyTorch's default for nn.Linear
    "uniform": (_uniform, lambda nin, nout: 1.0 / np.sqrt(nin)),
    # N(0, 1/nin), LeCun: variance 1/nin keeps Var(x @ W) = Var(x) for linear units
    "normal": (_normal, lambda nin, nout: 1.0 / np.sqrt(nin)),
    # N(0, 2/(nin + nout)), Xavier/Glorot 2010: for tanh and sigmoid, forward and backward
    "xavier": (_normal, lambda nin, nout: np.sqrt(2.0 / (nin + nout))),
    "xavier_uniform": (_uniform, lambda nin, nout: np.sqrt(6.0 / (nin + nout))),
    # N(0, 2/nin), He/Kaiming 2015: ReLU zeroes half the signal, so twice the variance
    "he": (_normal, lambda nin, nout: np.sqrt(2.0 / nin)),
    "he_uniform": (_uniform, lambda nin, nout: np.sqrt(6.0 / nin)),
    # Two scales that ignore the layer's size, for the experiments of notebook 07: N(0, 0.01²),
    # the "small random numbers" of many first programs (signals shrink layer after layer), and
    # N(0, 1), what np.random.randn gives (signals grow by about √nin per layer).
    "naive": (_normal, lambda nin, nout: 0.01),
    "large": (_normal, lambda nin, nout: 1.0),
}


def _init_name(init: str) -> str:
    if not isinstance(init, str):
        raise TypeError(f"init must be the name of an initialisation, got {validate.shown(init)}")
    name = init.lower().replace("glorot", "xavier").replace("kaiming", "he")
    if name not in INITS:
        raise ValueError(
            f"unknown init {init!r}; choose one of {', '.join(INITS)} "
            "(glorot = xavier, kaiming = he)"
        )
    return name


class Linear(Module):
    """A fully connected layer: ``x @ W + b`` with W of shape (nin, nout) and b of shape (nout,).

    ``init`` picks the distribution of W (see :data:`INITS`); b starts at zero. ``seed`` is a
    whole number (default 0), or a ``np.random.Generator`` to draw several layers from one stream.
    """

    def __init__(self, nin: int, nout: int, init: str = "uniform", seed: SeedLike = 0) -> None:
        self.nin = validate.integer("nin", nin, minimum=1, maximum=100_000)
        self.nout = validate.integer("nout", nout, minimum=1, maximum=100_000)
        self.init = _init_name(init)
        draw, scale = INITS[self.init]
        weights = draw(_generator(seed), scale(self.nin, self.nout), (self.nin, self.nout))
        self.W = Tensor(weights, label="W")
        self.b = Tensor(np.zeros(self.nout), label="b")

    def forward(self, x: Any) -> Tensor:
        return linear(x, self.W, self.b)

    def extra_repr(self) -> str:
        return f"nin={self.nin}, nout={self.nout}, init={self.init!r}"


class Activation(Module):
    """A function applied to every entry, named by ``name`` in ``tensor_rules.ELEMENTWISE``."""

    name = ""

    def forward(self, x: Any) -> Tensor:
        return getattr(_tensor(x), self.name)()

    def apply(self, x: np.ndarray) -> np.ndarray:
        """The same function on a plain array, with no graph (for pictures of many points)."""
        return ELEMENTWISE[self.name].f(x)


class Tanh(Activation):
    """tanh applied to every entry: squashes to (−1, 1), zero-centred."""

    name = "tanh"


class ReLU(Activation):
    """max(x, 0) on every entry: passes positives unchanged, zeroes the rest."""

    name = "relu"


class Sigmoid(Activation):
    """σ(x) = 1 / (1 + e^−x) on every entry: squashes to (0, 1)."""

    name = "sigmoid"


ACTIVATIONS: dict[str, type[Activation]] = {"tanh": Tanh, "relu": ReLU, "sigmoid": Sigmoid}


def _tensor(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x, requires_grad=False)


class Sequential(Module):
    """Modules applied one after another: ``Sequential(a, b)(x) == b(a(x))``."""

    def __init__(self, *modules: Module) -> None:
        for i, m in enumerate(modules):
            if not isinstance(m, Module):
                hint = "; unpack a list with Sequential(*layers)" if isinstance(m, list) else ""
                raise TypeError(f"Sequential takes modules, item {i} is a {type(m).__name__}{hint}")
        self.modules = list(modules)

    def children(self) -> dict[str, Module]:
        return {str(i): m for i, m in enumerate(self.modules)}

    def forward(self, x: Any) -> Tensor:
        for module in self.modules:
            x = module(x)
        return x

    def __len__(self) -> int:
        return len(self.modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self.modules)

    def __getitem__(self, i: int) -> Module:
        return self.modules[i]


class MLP(Module):
    """A multilayer perceptron: Linear layers of the given ``sizes`` with an activation between.

    ``MLP([2, 16, 16, 2])`` maps 2 inputs through two hidden layers of 16 units to 2 outputs
    (logits: no activation after the last layer). Written with the pre-activations
    u₁ = x W₁ + b₁ and u_k = act(u_{k−1}) W_k + b_k, the logits are u_L of the last layer.

    ``residual=True`` adds a skip connection to every hidden layer after the first whose input and
    output widths match: u_k = u_{k−1} + α · (act(u_{k−1}) W_k + b_k). The layer then computes a
    small correction to what it receives instead of a new representation, and the derivative of
    u_k with respect to u_{k−1} is 1 + α·(…) rather than (…), so gradients have a direct path
    back through a deep stack (notebook 07). ``residual_scale`` is α; by default 1/√B for B skip
    connections, which keeps the variance of u from growing with depth: each block adds about
    α² times the variance it receives, and (1 + 1/B)^B stays below e ≈ 2.7 for any depth, so a
    100-layer residual network starts close to a shallow one.

    ``init`` names the distribution of the weights (see :data:`INITS`); by default He for ReLU
    and Xavier otherwise. ``seed`` (a whole number, default 0; None also means 0) fixes them, so
    ``MLP([2, 16, 2], activation="tanh", seed=0)`` is the same network on every machine, with the
    signature of ``helpers.scalar_nn.MLP``.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "tanh",
        residual: bool = False,
        init: str | None = None,
        seed: int | None = 0,
        residual_scale: float | None = None,
    ) -> None:
        if isinstance(sizes, str | bytes) or not isinstance(sizes, Sequence):
            raise TypeError(
                f"sizes must be a list of layer sizes, input first, such as [2, 16, 2], got "
                f"{validate.shown(sizes)}"
            )
        sizes = [validate.integer("each layer size", n, minimum=1, maximum=100_000) for n in sizes]
        if len(sizes) < 2:
            raise ValueError(f"MLP needs at least an input and an output size, got {sizes}")
        activation = validate.choice("activation", activation, ACTIVATIONS)
        if not isinstance(residual, bool | np.bool_):
            raise TypeError(f"residual must be True or False, got {validate.shown(residual)}")
        self.sizes = sizes
        self.activation = ACTIVATIONS[activation]()
        self.residual = bool(residual)
        init = init or ("he" if activation == "relu" else "xavier")
        generator = np.random.default_rng(validate.seed("seed", seed, default=0))
        self.layers = [Linear(a, b, init, generator) for a, b in pairwise(sizes)]
        # Which layers have a skip connection: hidden layers after the first, widths matching.
        self.skips = [
            self.residual and 0 < i < len(self.layers) - 1 and layer.nin == layer.nout
            for i, layer in enumerate(self.layers)
        ]
        blocks = sum(self.skips)
        if residual_scale is None:
            residual_scale = 1.0 / np.sqrt(blocks) if blocks else 1.0
        self.residual_scale = validate.real(
            "residual_scale", residual_scale, minimum=0, strict=True
        )

    def children(self) -> dict[str, Module]:
        return {str(i): layer for i, layer in enumerate(self.layers)}

    @property
    def depth(self) -> int:
        """The number of hidden layers (a network with depth 0 is a linear model)."""
        return len(self.layers) - 1

    def outputs(self, x: Any) -> list[Tensor]:
        """What every layer passes on, for the input batch ``x``: each hidden layer's activations
        act(u_k), shape (n, width), then the logits u_L, shape (n, outputs).

        They are the nodes of one graph, so after ``backward()`` on a loss computed from the last
        entry, every entry's ``.grad`` is dL/d(that layer's activations).
        """
        h = self.layers[0](x)
        found = []
        for layer, skip in zip(self.layers[1:], self.skips[1:], strict=True):
            a = self.activation(h)
            found.append(a)
            # with a skip: h + α·(a W + b), computed as one node of the graph
            h = residual(h, a, layer.W, layer.b, self.residual_scale) if skip else layer(a)
        found.append(h)
        return found

    def forward(self, x: Any) -> Tensor:
        return self.outputs(x)[-1]

    def logits(self, x: Any) -> np.ndarray:
        """The network's output for ``x`` as a plain array, computed without recording a graph.

        The same numbers as ``model(x).data``, several times faster on many points (a picture's
        grid, a test set), because nothing is kept for a backward pass.
        """
        h = np.asarray(x.data if isinstance(x, Tensor) else x, dtype=np.float64)
        h = h @ self.layers[0].W.data + self.layers[0].b.data
        for layer, skip in zip(self.layers[1:], self.skips[1:], strict=True):
            z = self.activation.apply(h) @ layer.W.data + layer.b.data
            h = h + self.residual_scale * z if skip else z
        return h

    def extra_repr(self) -> str:
        name = type(self.activation).__name__.lower()
        extra = f", residual_scale={self.residual_scale:.3g}" if any(self.skips) else ""
        return f"sizes={self.sizes}, activation={name!r}, residual={self.residual}{extra}"
