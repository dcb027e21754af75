"""Small seeded datasets for training networks in seconds, and the plumbing to feed them.

Each generator returns ``X`` (float64, one row per example) and ``y`` (int64 class labels 0..k−1),
with classes as equal in size as ``n`` allows, rows shuffled, and the same numbers for the same
``seed`` on every machine. ``noise`` is the standard deviation of Gaussian noise (for ``spirals``,
of the angle). Each docstring says what the dataset teaches.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import numpy as np

Dataset = tuple[np.ndarray, np.ndarray]


def _check(n: int, classes: int, noise: float) -> None:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < classes:
        raise ValueError(
            f"n must be a whole number of at least {classes} (one per class), got {n!r}"
        )
    if not noise >= 0:
        raise ValueError(f"noise is a standard deviation and must be >= 0, got {noise!r}")


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


def moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two interleaving half circles in 2-D.

    Teaches: no straight line separates the classes, so a linear model fails while a network with
    one hidden layer bends its boundary around them; the smallest problem that needs depth.
    """
    _check(n, 2, noise)
    rng = np.random.default_rng(seed)
    n0, n1 = _counts(n, 2)
    t0, t1 = np.linspace(0.0, np.pi, n0), np.linspace(0.0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    return _finish([upper, lower], noise, rng)


def circles(n: int = 200, noise: float = 0.05, factor: float = 0.5, seed: int = 0) -> Dataset:
    """A ring (class 0) around a smaller circle (class 1) of radius ``factor``.

    Teaches: the boundary must be closed, which needs features like x₁² + x₂²; a hidden layer
    learns such features by itself.
    """
    _check(n, 2, noise)
    if not 0 < factor < 1:
        raise ValueError(
            f"factor is the inner radius relative to the outer, in (0, 1); got {factor}"
        )
    rng = np.random.default_rng(seed)
    parts = []
    for count, radius in zip(_counts(n, 2), (1.0, factor), strict=True):
        t = np.linspace(0.0, 2.0 * np.pi, count, endpoint=False)
        parts.append(radius * np.column_stack([np.cos(t), np.sin(t)]))
    return _finish(parts, noise, rng)


def spirals(n: int = 300, classes: int = 3, noise: float = 0.2, seed: int = 0) -> Dataset:
    """``classes`` arms spiralling out from the origin (CS231n's spiral); noise jitters the angle.

    Teaches: a hard, highly non-linear boundary; small networks underfit it, and it shows how
    width and depth buy capacity.
    """
    if isinstance(classes, bool) or not isinstance(classes, int) or classes < 2:
        raise ValueError(f"spirals needs a whole number of classes >= 2, got {classes!r}")
    _check(n, classes, noise)
    rng = np.random.default_rng(seed)
    parts = []
    for k, count in enumerate(_counts(n, classes)):
        r = np.linspace(0.0, 1.0, count)
        t = np.linspace(4.0 * k, 4.0 * (k + 1), count) + rng.normal(0.0, noise, size=count)
        parts.append(r[:, None] * np.column_stack([np.sin(t), np.cos(t)]))
    return _finish(parts, 0.0, rng)


def xor(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Points in the four quadrants of [−1, 1]²; class 1 where the two signs differ.

    Teaches: the classic problem a single neuron cannot solve (Minsky & Papert); two hidden units
    suffice.
    """
    _check(n, 4, noise)
    rng = np.random.default_rng(seed)
    signs = [(1, 1), (-1, -1), (1, -1), (-1, 1)]  # two quadrants per class
    quadrants = [
        rng.uniform(0.05, 1.0, size=(c, 2)) * s for c, s in zip(_counts(n, 4), signs, strict=True)
    ]
    return _finish([np.concatenate(quadrants[:2]), np.concatenate(quadrants[2:])], noise, rng)


def blobs(n: int = 200, centers: int = 3, noise: float = 0.5, seed: int = 0) -> Dataset:
    """``centers`` Gaussian clouds around points evenly spaced on a circle of radius 2.

    Teaches: the easy case: classes a linear model already separates (softmax regression), and,
    with more noise, overlapping classes that no model can separate perfectly.
    """
    if isinstance(centers, bool) or not isinstance(centers, int) or centers < 1:
        raise ValueError(f"blobs needs a whole number of centers >= 1, got {centers!r}")
    _check(n, centers, noise)
    rng = np.random.default_rng(seed)
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


def train_test_split(
    X: np.ndarray, y: np.ndarray, test_fraction: float = 0.25, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle, then keep ``test_fraction`` of the rows aside: (X_train, X_test, y_train, y_test).

    The test rows are never trained on, so accuracy on them estimates accuracy on new data.
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X and y need one row per example, got {len(X)} rows of X, {len(y)} of y")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction!r}")
    n_test = round(len(y) * test_fraction)
    if not 0 < n_test < len(y):
        raise ValueError(
            f"test_fraction={test_fraction} of {len(y)} rows leaves an empty train or test set"
        )
    order = np.random.default_rng(seed).permutation(len(y))
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

    Shuffled when ``shuffle``: a seed gives the same order every call; pass one
    ``np.random.default_rng(seed)`` to every epoch for a new, still reproducible, order each time.
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X and y need one row per example, got {len(X)} rows of X, {len(y)} of y")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive whole number, got {batch_size!r}")
    if shuffle:
        generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        order = generator.permutation(len(y))
    else:
        order = np.arange(len(y))
    # Checked and shuffled now, when called; the batches are cut as the loop asks for them.
    return ((X[i], y[i]) for i in np.split(order, range(batch_size, len(y), batch_size)))
