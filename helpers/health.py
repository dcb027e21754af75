"""The health of a deep network, layer by layer: how big the gradients, activations and updates are.

Backpropagation (Book §1.3) hands every layer the gradient of the loss with respect to its weights.
By the chain rule, equation (1.1), the gradient reaching layer k is a product of one factor per
layer above it, so in a deep network it can shrink or grow geometrically with depth (vanishing or
exploding gradients). These functions measure that, one number per layer, so that a plot over the
layers shows it at a glance:

- :func:`gradient_norms`: ‖∂L/∂W_k‖ for every layer, after ``loss.backward()``;
- :func:`activation_stats`: the spread of every hidden layer's activations and how many units
  sit where the activation is flat (saturated tanh or sigmoid, or ReLU at zero);
- :func:`update_ratios`: how much one optimizer step changed each layer's weights, relative to the
  weights themselves (about 1e-3 is the classic rule of thumb for healthy training).

Layers are numbered from 1 (the layer that reads the input) to L (the layer that writes the logits).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from helpers import validate
from helpers.plot import log_y

# Where an activation function is flat, so that almost no gradient passes through it.
FLAT = {
    "tanh": lambda a: np.abs(a) > 0.97,  # tanh' = 1 − tanh² < 0.06 there
    "sigmoid": lambda a: np.abs(a - 0.5) > 0.47,  # σ' = σ(1 − σ) < 0.03 there, its peak is 0.25
    "relu": lambda a: a <= 0.0,  # ReLU' = 0 there
}


def _linear_layers(model: Any) -> list:
    layers = getattr(model, "layers", None)
    if not layers or not all(hasattr(layer, "W") for layer in layers):
        raise TypeError(
            f"expected a helpers.nn.MLP (a model with .layers of Linear layers), "
            f"got {type(model).__name__}"
        )
    return layers


def gradient_norms(model: Any) -> np.ndarray:
    """‖∂L/∂W_k‖ (square root of the sum of squares) for each layer k = 1..L, input side first.

    Call it after ``loss.backward()``; a layer the gradient did not reach reads 0.
    """
    return np.array([float(np.linalg.norm(layer.W.grad)) for layer in _linear_layers(model)])


def weight_norms(model: Any) -> np.ndarray:
    """‖W_k‖ for each layer k = 1..L: the scale a gradient or an update is compared with."""
    return np.array([float(np.linalg.norm(layer.W.data)) for layer in _linear_layers(model)])


def activation_stats(model: Any, X: Any) -> dict[str, np.ndarray]:
    """Statistics of every hidden layer's activations for the inputs ``X``, one entry per layer.

    ``std``: their standard deviation over examples and units (a signal that shrinks towards 0 or
    grows without bound layer after layer is the forward half of vanishing or exploding);
    ``flat``: the fraction of activations where the activation function is flat, so that almost
    no gradient passes: |tanh| > 0.97, sigmoid outside (0.03, 0.97), or ReLU exactly 0.
    """
    layers = _linear_layers(model)
    X = validate.array("X", X, shape=(None, layers[0].W.data.shape[0]))
    name = type(getattr(model, "activation", None)).__name__.lower()
    if name not in FLAT:
        raise ValueError(f"activation_stats knows the activations {', '.join(FLAT)}, not {name!r}")
    flat = FLAT[name]
    hidden = [h.data for h in model.outputs(X)[:-1]]
    return {
        "std": np.array([float(a.std()) for a in hidden]),
        "flat": np.array([float(np.mean(flat(a))) for a in hidden]),
    }


def update_ratios(before: Sequence[np.ndarray], model: Any) -> np.ndarray:
    """‖W_k(after) − W_k(before)‖ / ‖W_k(before)‖ for each layer: the relative size of one update.

    ``before`` holds copies of the weights taken before the step, e.g.
    ``[layer.W.data.copy() for layer in model.layers]``.
    """
    layers = _linear_layers(model)
    if isinstance(before, str | np.ndarray) or not isinstance(before, Sequence):
        raise TypeError(
            "before must be a list of weight matrices, e.g. [layer.W.data.copy() for layer in "
            f"model.layers], got {validate.shown(before)}"
        )
    if len(before) != len(layers):
        raise ValueError(
            f"before holds {len(before)} weight matrices, the model has {len(layers)} layers"
        )
    ratios = []
    for k, (old, layer) in enumerate(zip(before, layers, strict=True)):
        old = validate.array(f"before[{k}]", old, shape=layer.W.data.shape)
        scale = float(np.linalg.norm(old))
        change = float(np.linalg.norm(layer.W.data - old))
        ratios.append(change / scale if scale > 0 else np.inf)
    return np.array(ratios)


def plot_per_layer(
    curves: Mapping[str, Sequence[float]],
    *,
    ylabel: str,
    title: str,
    ax: Axes | None = None,
    logy: bool = True,
    styles: Mapping[str, Mapping[str, Any]] | None = None,
) -> Axes:
    """One line per entry of ``curves`` over the layers 1..L (input side on the left).

    On a log axis a quantity that shrinks by the same factor every layer is a straight line
    going down: the signature of a vanishing gradient. Zeros and non-finite values are left out.
    """
    if not isinstance(curves, Mapping) or not curves:
        raise TypeError(f"curves must map names to values per layer, got {validate.shown(curves)}")
    curves = {
        name: validate.array(f"curves[{name!r}]", values, ndim=1, finite=False)
        for name, values in curves.items()
    }
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {validate.shown(ax)}")
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    for name, values in curves.items():
        layers = np.arange(1, len(values) + 1)
        keep = np.isfinite(values) & ((values > 0) if logy else True)
        ax.plot(layers[keep], values[keep], label=name, **(styles or {}).get(name, {}))
    if logy:
        log_y(ax)
    ax.set_xlabel("layer (1 = next to the input)")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if len(curves) > 1:
        ax.legend(loc="best")
    return ax
