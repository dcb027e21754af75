"""What the layers of a network compute: hidden-unit maps, 2-D projections and linear probes.

Book §1.1 says the layers of a deep network extract "increasingly abstract features". Three ways
to look at that, each a function here:

- :func:`unit_maps` evaluates every unit of a hidden layer at every point of the input plane (for
  networks of 2-D points), as TensorFlow Playground shows its neurons: units of the first layer
  can only draw a straight edge, later units combine edges into curved regions;
- :func:`pca_2d` projects a layer's activations (one row per example) onto the two directions in
  which they vary most, so a picture shows how the classes sit in that layer;
- :func:`linear_probe` trains the simplest classifier, softmax regression, on a layer's
  activations: its test accuracy says how *linearly* readable the classes are at that layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from helpers import validate
from helpers.boundary import grid_points
from helpers.functional import cross_entropy
from helpers.optim import Adam
from helpers.plot import BLUE, VERMILLION
from helpers.tensor import Tensor

# Negative activations orange, zero white, positive blue (the class colours of helpers.boundary).
UNIT_CMAP = LinearSegmentedColormap.from_list("unit", [VERMILLION, "#FFFFFF", BLUE])


def unit_maps(
    model: Any,
    layer: int,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    resolution: int = 40,
) -> np.ndarray:
    """The activation of every unit of hidden layer ``layer`` (1 = next to the input) over a grid
    of the input plane: an array (units, resolution, resolution), row 0 at the bottom (``ylim[0]``).
    """
    if not hasattr(model, "layers") or not hasattr(model, "outputs"):
        raise TypeError(f"model must be a helpers.nn.MLP, got {validate.shown(model)}")
    depth = len(model.layers) - 1
    if depth < 1:
        raise ValueError("unit maps need a network with a hidden layer; this one has none")
    layer = validate.integer(
        "layer", layer, minimum=1, maximum=depth, hint="a hidden layer, 1 next to the input"
    )
    resolution = validate.integer("resolution", resolution, minimum=2, maximum=1000)
    if model.sizes[0] != 2:
        raise ValueError(f"unit maps need a network of 2-D inputs, this one has {model.sizes[0]}")
    points = grid_points(xlim, ylim, resolution)
    activations = model.outputs(points)[layer - 1].data  # (resolution², units)
    return activations.T.reshape(-1, resolution, resolution)


def draw_unit_maps(
    fig: Figure,
    rows: Sequence[tuple[str, np.ndarray]],
    extent: tuple[float, float, float, float],
    points: np.ndarray | None = None,
    max_units: int = 16,
) -> list[Axes]:
    """Draw unit maps into ``fig``: one row of small heatmaps per entry ``(label, maps)`` of
    ``rows``, ``maps`` as :func:`unit_maps` returns them (at most ``max_units`` per row).

    Each map has its own colour scale, symmetric around 0 (blue positive, orange negative, white
    zero), so a unit whose activations are all small is as visible as a large one. ``points``
    (n, 2), e.g. the training inputs, are drawn as faint black dots on every map, to see where
    the data lie in each unit's picture.
    A row is one image of tiles side by side (one Axes per row, fast to draw). Returns the Axes.
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {validate.shown(fig)}")
    if not rows:
        raise ValueError("rows is empty: give at least one (label, maps) pair")
    rows = [
        (str(label), validate.array(f"rows[{k}] maps", maps, ndim=3, finite=False))
        for k, (label, maps) in enumerate(rows)
    ]
    x0, x1, y0, y1 = validate.array("extent", extent, shape=(4,))
    if not (x0 < x1 and y0 < y1):
        raise ValueError(f"extent must be (x0, x1, y0, y1) with x0 < x1 and y0 < y1, got {extent}")
    max_units = validate.integer("max_units", max_units, minimum=1)
    if points is not None:
        points = validate.array("points", points, shape=(None, 2))
    columns = min(max(len(maps) for _, maps in rows), max_units)
    width, gap = x1 - x0, 0.08 * (x1 - x0)
    axes = fig.subplots(len(rows), 1, squeeze=False)[:, 0]
    for r, (ax, (label, maps)) in enumerate(zip(axes, rows, strict=True)):
        maps = np.asarray(maps, dtype=np.float64)[:columns]
        scales = np.abs(maps).max(axis=(1, 2), keepdims=True)
        tiles = maps / np.where(scales > 0, scales, 1.0)  # each map in [-1, 1]
        resolution = tiles.shape[-1]
        pad = max(1, round(resolution * gap / width))
        mosaic = np.full((resolution, columns * (resolution + pad) - pad), np.nan)
        for c, tile in enumerate(tiles):
            mosaic[:, c * (resolution + pad) : c * (resolution + pad) + resolution] = tile
        span = columns * (width + gap) - gap
        ax.imshow(
            np.ma.masked_invalid(mosaic), origin="lower", extent=(0.0, span, y0, y1),
            cmap=UNIT_CMAP, vmin=-1.0, vmax=1.0, interpolation="bilinear", aspect="equal",
        )  # fmt: skip
        if points is not None:
            X = np.asarray(points)
            offsets = [(c * (width + gap) - x0, 0.0) for c in range(len(tiles))]
            shifted = np.concatenate([X + offset for offset in offsets])
            ax.scatter(shifted[:, 0], shifted[:, 1], c="black", s=0.8, alpha=0.35, linewidths=0)
        ax.set_xlim(0.0, span)
        ax.set_ylim(y0, y1)
        ax.set_axis_off()
        ax.text(-0.02 * span, (y0 + y1) / 2, label, ha="right", va="center")
        if r == 0:
            for c in range(len(tiles)):
                ax.text(c * (width + gap) + width / 2, y1 + 0.05 * (y1 - y0), f"unit {c + 1}",
                        ha="center", va="bottom", fontsize="small")  # fmt: skip
    return list(axes)


def pca_2d(H: Any) -> np.ndarray:
    """The rows of ``H`` (n, d) projected onto their first two principal directions: (n, 2).

    Centre the rows, take the singular value decomposition H − mean = U S Vᵀ; the first two rows
    of Vᵀ are the directions of largest variance, and the projection is U[:, :2] · S[:2]. The
    sign of each direction is fixed so that the largest coordinate along it is positive, which
    makes the picture the same on every machine.
    """
    H = validate.array("H", H, ndim=2, hint="one row of features per example, shape (n, d)")
    if len(H) < 2:
        raise ValueError(f"pca_2d needs a matrix of at least two rows (n, d), got shape {H.shape}")
    centred = H - H.mean(axis=0)
    U, S, _ = np.linalg.svd(centred, full_matrices=False)
    projected = U[:, :2] * S[:2]
    if projected.shape[1] < 2:  # a single feature: the second direction is empty
        projected = np.column_stack([projected, np.zeros(len(H))])
    signs = np.sign(projected[np.abs(projected).argmax(axis=0), [0, 1]])
    return projected * np.where(signs == 0, 1.0, signs)


def linear_probe(
    H_train: Any,
    y_train: Any,
    H_test: Any,
    y_test: Any,
    steps: int = 300,
    lr: float = 0.05,
) -> float:
    """Test accuracy of softmax regression trained on the features ``H_train`` (one row each).

    The features are standardised with the training set's mean and standard deviation (so every
    layer is probed on the same footing, whatever the scale of its activations), then a single
    linear layer is trained with Adam on the full training set for ``steps`` steps.
    """
    H_train = validate.array("H_train", H_train, ndim=2)
    H_test = validate.array("H_test", H_test, shape=(None, H_train.shape[1]))
    y_train, y_test = (
        _labels("y_train", y_train, len(H_train)),
        _labels("y_test", y_test, len(H_test)),
    )
    steps = validate.integer("steps", steps, minimum=0, maximum=1_000_000)
    lr = validate.real("lr", lr, minimum=0, strict=True)
    mean, std = H_train.mean(axis=0), H_train.std(axis=0)
    std = np.where(std > 1e-12, std, 1.0)
    Z_train, Z_test = (H_train - mean) / std, (H_test - mean) / std
    classes = int(max(y_train.max(), y_test.max())) + 1
    W = Tensor(np.zeros((Z_train.shape[1], classes)))
    b = Tensor(np.zeros(classes))
    optimizer = Adam([W, b], lr=lr)
    for _ in range(steps):
        loss = cross_entropy(Z_train @ W + b, y_train)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    predictions = (Z_test @ W.data + b.data).argmax(axis=1)
    return float(np.mean(predictions == y_test))


def _labels(name: str, y: Any, n: int) -> np.ndarray:
    """Class labels 0, 1, 2, … one per row of the features."""
    labels = validate.array(name, y, ndim=1, hint=f"one class label (0, 1, …) per row: {n}")
    if len(labels) != n or not np.all((labels >= 0) & (labels == np.round(labels))):
        raise ValueError(f"{name} must be {n} class labels 0, 1, 2, …, got {validate.shown(y)}")
    return labels.astype(np.int64)
