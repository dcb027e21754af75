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

from helpers.boundary import grid_points
from helpers.functional import cross_entropy
from helpers.optim import Adam
from helpers.tensor import Tensor

# Negative activations orange, zero white, positive blue (the class colours of helpers.boundary).
UNIT_CMAP = LinearSegmentedColormap.from_list("unit", ["#D55E00", "#FFFFFF", "#0072B2"])


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
    depth = len(model.layers) - 1
    if (
        isinstance(layer, bool)
        or not isinstance(layer, int | np.integer)
        or not 1 <= layer <= depth
    ):
        raise ValueError(f"layer must be a hidden layer from 1 to {depth}, got {layer!r}")
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
    if not rows:
        raise ValueError("rows is empty: give at least one (label, maps) pair")
    columns = min(max(len(maps) for _, maps in rows), max_units)
    x0, x1, y0, y1 = extent
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
    H = np.asarray(H, dtype=np.float64)
    if H.ndim != 2 or len(H) < 2:
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
    H_train, H_test = np.asarray(H_train, float), np.asarray(H_test, float)
    y_train, y_test = np.asarray(y_train), np.asarray(y_test)
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
