"""Small seeded datasets for training networks in seconds, and the plumbing to feed them.

Each generator returns ``X`` (float64, one row per example) and ``y`` (int64 class labels 0..k−1),
with classes as equal in size as ``n`` allows, rows shuffled, and the same numbers for the same
``seed`` on every machine; ``seed=None`` means the documented default (0), never fresh randomness.
``noise`` is the standard deviation of Gaussian noise (for ``spirals``, of the angle), a finite
number from 0 to 1e6. Each docstring says what the dataset teaches.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from helpers import validate

Dataset = tuple[np.ndarray, np.ndarray]
MAX_POINTS = 1_000_000  # more than any notebook needs; a million points already take seconds


def _start(n: int, classes: int, noise: float, seed: int | None) -> tuple[int, float, Any]:
    """The checked ``n`` and ``noise``, and the generator for ``seed`` (None: the default, 0)."""
    n = validate.integer(
        "n", n, minimum=classes, maximum=MAX_POINTS, hint=f"at least {classes}, one point per class"
    )
    noise = validate.real("noise", noise, minimum=0, maximum=1e6, hint="a standard deviation")
    return n, noise, np.random.default_rng(validate.seed("seed", seed, 0))


def _counts(n: int, classes: int) -> list[int]:
    """n split into ``classes`` sizes differing by at most one."""
    return [n // classes + (k < n % classes) for k in range(classes)]


def _finish(parts: list[np.ndarray], noise: float, rng: np.random.Generator) -> Dataset:
    """Stack class k's points with label k, add coordinate noise, shuffle the rows."""
    X = np.concatenate(parts)
    y = np.concatenate([np.full(len(p), k, dtype=np.int64) for k, p in enumerate(parts)])
    X = X + rng.normal(0.0, noise, size=X.shape)
    order = rng.permutation(len(y))
    return X[order], y[order]


def moons(n: int = 200, noise: float = 0.1, seed: int | None = 0) -> Dataset:
    """Two interleaving half circles in 2-D.

    Teaches: no straight line separates the classes, so a linear model fails while a network with
    one hidden layer bends its boundary around them; the smallest problem that needs depth.
    """
    n, noise, rng = _start(n, 2, noise, seed)
    n0, n1 = _counts(n, 2)
    t0, t1 = np.linspace(0.0, np.pi, n0), np.linspace(0.0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    return _finish([upper, lower], noise, rng)


def circles(
    n: int = 200, noise: float = 0.05, factor: float = 0.5, seed: int | None = 0
) -> Dataset:
    """A ring (class 0) around a smaller circle (class 1) of radius ``factor``.

    Teaches: the boundary must be closed, which needs features like x₁² + x₂²; a hidden layer
    learns such features by itself.
    """
    n, noise, rng = _start(n, 2, noise, seed)
    factor = validate.real("factor", factor, minimum=0, strict=True)
    if factor >= 1:
        raise ValueError(
            f"factor is the inner radius relative to the outer, between 0 and 1; got {factor}"
        )
    parts = []
    for count, radius in zip(_counts(n, 2), (1.0, factor), strict=True):
        t = np.linspace(0.0, 2.0 * np.pi, count, endpoint=False)
        parts.append(radius * np.column_stack([np.cos(t), np.sin(t)]))
    return _finish(parts, noise, rng)


def spirals(n: int = 300, classes: int = 3, noise: float = 0.2, seed: int | None = 0) -> Dataset:
    """``classes`` arms spiralling out from the origin (CS231n's spiral); noise jitters the angle.

    Teaches: a hard, highly non-linear boundary; small networks underfit it, and it shows how
    width and depth buy capacity.
    """
    classes = validate.integer("classes", classes, minimum=2, maximum=1000)
    n, noise, rng = _start(n, classes, noise, seed)
    parts = []
    for k, count in enumerate(_counts(n, classes)):
        r = np.linspace(0.0, 1.0, count)
        t = np.linspace(4.0 * k, 4.0 * (k + 1), count) + rng.normal(0.0, noise, size=count)
        parts.append(r[:, None] * np.column_stack([np.sin(t), np.cos(t)]))
    return _finish(parts, 0.0, rng)


def xor(n: int = 200, noise: float = 0.1, seed: int | None = 0) -> Dataset:
    """Points in the four quadrants of [−1, 1]²; class 1 where the two signs differ.

    Teaches: the classic problem a single neuron cannot solve (Minsky & Papert); two hidden units
    suffice.
    """
    n, noise, rng = _start(n, 4, noise, seed)
    signs = [(1, 1), (-1, -1), (1, -1), (-1, 1)]  # two quadrants per class
    quadrants = [
        rng.uniform(0.05, 1.0, size=(c, 2)) * s for c, s in zip(_counts(n, 4), signs, strict=True)
    ]
    return _finish([np.concatenate(quadrants[:2]), np.concatenate(quadrants[2:])], noise, rng)


def blobs(n: int = 200, centers: int = 3, noise: float = 0.5, seed: int | None = 0) -> Dataset:
    """``centers`` Gaussian clouds around points evenly spaced on a circle of radius 2.

    Teaches: the easy case: classes a linear model already separates (softmax regression), and,
    with more noise, overlapping classes that no model can separate perfectly.
    """
    centers = validate.integer("centers", centers, minimum=1, maximum=1000)
    n, noise, rng = _start(n, centers, noise, seed)
    angles = 2.0 * np.pi * np.arange(centers) / centers
    middles = 2.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    parts = [np.tile(m, (c, 1)) for m, c in zip(middles, _counts(n, centers), strict=True)]
    return _finish(parts, noise, rng)


def digits(scale: bool = True) -> Dataset:
    """The 1797 8×8 handwritten digits of scikit-learn (shipped with it: nothing is downloaded).

    X has 64 pixel columns (divided by 16 into [0, 1] when ``scale``), y the digit 0..9.
    Teaches: a real, if small, image task: 10 classes, 64 inputs, and test accuracy that differs
    from training accuracy.
    """
    if not isinstance(scale, bool | np.bool_):
        raise TypeError(f"scale must be True or False, got {validate.shown(scale)}")
    table = _bundled_digits()
    X, y = table[:, :-1], table[:, -1].astype(np.int64)
    return (X / 16.0 if scale else X), y


def _bundled_digits() -> np.ndarray:
    """The digits as one table (pixels, then the label), read from the CSV file scikit-learn ships.

    Reading the file directly spares importing scikit-learn (over a second); where a version of
    scikit-learn keeps it elsewhere, its own loader is used (``tests/test_data.py`` checks both
    agree).
    """
    spec = importlib.util.find_spec("sklearn")
    path = Path(spec.origin).parent / "datasets" / "data" / "digits.csv.gz" if spec else None
    if path is not None and path.is_file():
        return np.loadtxt(path, delimiter=",")
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return np.column_stack([bunch.data, bunch.target]).astype(np.float64)


def _own_dtype(value: Any) -> Any:
    """The dtype NumPy gives ``value`` (kept, so that integer labels stay integers), if any."""
    try:
        return np.asarray(value).dtype
    except (TypeError, ValueError):  # ragged: validate.array says so
        return np.float64


def _rows(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """X (one row per example) and y (one label per example) as arrays of the same length."""
    X = validate.array("X", X, dtype=_own_dtype(X))
    y = validate.array("y", y, ndim=1, dtype=_own_dtype(y))
    if X.ndim == 0 or len(X) != len(y):
        raise ValueError(
            f"X and y need one row per example, got X of shape {X.shape} and y of shape {y.shape}"
        )
    return X, y


def train_test_split(
    X: np.ndarray, y: np.ndarray, test_fraction: float = 0.25, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle, then keep ``test_fraction`` of the rows aside: (X_train, X_test, y_train, y_test).

    The test rows are never trained on, so accuracy on them estimates accuracy on new data.
    ``seed=None`` means the default, 0.
    """
    X, y = _rows(X, y)
    test_fraction = validate.real("test_fraction", test_fraction, minimum=0, strict=True)
    if test_fraction >= 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction!r}")
    order = np.random.default_rng(validate.seed("seed", seed, 0)).permutation(len(y))
    n_test = round(len(y) * test_fraction)
    if not 0 < n_test < len(y):
        raise ValueError(
            f"test_fraction={test_fraction} of {len(y)} rows leaves an empty train or test set"
        )
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def batches(
    X: np.ndarray,
    y: np.ndarray,
    batch_size: int,
    shuffle: bool = True,
    rng: np.random.Generator | int | None = 0,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """One epoch of mini-batches (X_batch, y_batch) of ``batch_size`` rows (the last may be short).

    Shuffled when ``shuffle``: a seed gives the same order every call (``None`` means seed 0);
    pass one ``np.random.default_rng(seed)`` to every epoch for a new, still reproducible, order
    each time.
    """
    X, y = _rows(X, y)
    batch_size = validate.integer("batch_size", batch_size, minimum=1)
    if not isinstance(shuffle, bool | np.bool_):
        raise TypeError(f"shuffle must be True or False, got {validate.shown(shuffle)}")
    if shuffle:
        if not isinstance(rng, np.random.Generator):
            rng = np.random.default_rng(validate.seed("rng", rng, 0))
        order = rng.permutation(len(y))
    else:
        order = np.arange(len(y))
    # Checked and shuffled now, when called; the batches are cut as the loop asks for them.
    return ((X[i], y[i]) for i in np.split(order, range(batch_size, len(y), batch_size)))
