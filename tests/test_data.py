"""helpers.data: seeded toy datasets with the promised geometry, digits, splitting and batching."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import data

GENERATORS = {
    "moons": (data.moons, 2),
    "circles": (data.circles, 2),
    "xor": (data.xor, 2),
    "spirals": (data.spirals, 3),
    "blobs": (data.blobs, 3),
}


@pytest.mark.parametrize("name", GENERATORS)
@pytest.mark.parametrize("n", [101, 200])
def test_shapes_dtypes_and_class_balance(name, n):
    make, classes = GENERATORS[name]
    X, y = make(n=n, seed=0)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    counts = np.bincount(y)
    assert len(counts) == classes and counts.max() - counts.min() <= 1 and counts.sum() == n
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", GENERATORS)
def test_seeded_and_shuffled(name):
    make, _ = GENERATORS[name]
    X1, y1 = make(n=120, noise=0.1, seed=3)
    X2, y2 = make(n=120, noise=0.1, seed=3)
    X3, _ = make(n=120, noise=0.1, seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    assert len(np.unique(y1[:20])) > 1, "rows are shuffled, not sorted by class"


def test_noise_free_geometry():
    X, y = data.moons(n=100, noise=0.0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)  # the unit half circle, y >= 0
    assert np.all(upper[:, 1] >= -1e-12)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)

    X, y = data.circles(n=100, noise=0.0, factor=0.3)
    np.testing.assert_allclose(np.hypot(*X[y == 0].T), 1.0)
    np.testing.assert_allclose(np.hypot(*X[y == 1].T), 0.3)

    X, y = data.xor(n=100, noise=0.0)
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) != np.sign(X[:, 1])).astype(int))
    assert np.all(np.abs(X) <= 1.0)

    X, y = data.blobs(n=90, centers=3, noise=0.0)
    angles = 2 * np.pi * np.arange(3) / 3
    np.testing.assert_allclose(
        X[y == 1], np.tile(2 * np.array([np.cos(angles[1]), np.sin(angles[1])]), (30, 1))
    )

    X, y = data.spirals(n=90, classes=3, noise=0.0)
    radius = np.hypot(*X.T)
    assert radius.max() == pytest.approx(1.0) and radius.min() == 0.0


def test_noise_spreads_points():
    X0, y0 = data.circles(n=400, noise=0.0, seed=1)
    X1, y1 = data.circles(n=400, noise=0.1, seed=1)
    spread = np.std(np.hypot(*X1[y1 == 0].T))
    assert np.std(np.hypot(*X0[y0 == 0].T)) < 1e-12 and 0.05 < spread < 0.15


def test_spirals_with_more_classes():
    _, y = data.spirals(n=500, classes=5)
    assert np.array_equal(np.bincount(y), [100] * 5)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: data.moons(n=1), "at least 2"),
        (lambda: data.xor(n=3), "at least 4"),
        (lambda: data.moons(noise=-0.1), "noise"),
        (lambda: data.circles(factor=1.5), "factor"),
        (lambda: data.spirals(classes=1), "classes"),
        (lambda: data.blobs(centers=0), "centers"),
    ],
)
def test_bad_arguments_are_explained(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_digits_are_the_8x8_images():
    X, y = data.digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64 and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    assert np.array_equal(np.unique(y), np.arange(10))
    raw, _ = data.digits(scale=False)
    np.testing.assert_array_equal(raw, X * 16)


def test_digits_read_from_the_bundled_file_are_scikit_learns_own(monkeypatch):
    from sklearn.datasets import load_digits

    reference = load_digits()
    raw, y = data.digits(scale=False)
    np.testing.assert_array_equal(raw, reference.data)
    np.testing.assert_array_equal(y, reference.target)
    # Where the file is not found, scikit-learn's loader gives the same table.
    monkeypatch.setattr(data.importlib.util, "find_spec", lambda name: None)
    fallback, y_fallback = data.digits(scale=False)
    np.testing.assert_array_equal(fallback, reference.data)
    np.testing.assert_array_equal(y_fallback, reference.target)


def test_train_test_split_is_a_seeded_partition():
    X = np.arange(40.0).reshape(20, 2)
    y = np.arange(20)
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_fraction=0.25, seed=1)
    assert len(y_test) == 5 and len(y_train) == 15
    assert sorted(np.concatenate([y_train, y_test])) == list(range(20))
    np.testing.assert_array_equal(X_train[:, 0], 2 * y_train)  # rows stay paired with labels
    np.testing.assert_array_equal(X_test[:, 0], 2 * y_test)
    again = data.train_test_split(X, y, test_fraction=0.25, seed=1)
    np.testing.assert_array_equal(again[3], y_test)
    assert not np.array_equal(data.train_test_split(X, y, 0.25, seed=2)[3], y_test)
    with pytest.raises(ValueError, match="one row per example"):
        data.train_test_split(X, y[:5])
    with pytest.raises(ValueError, match="between 0 and 1"):
        data.train_test_split(X, y, test_fraction=1.0)


def test_batches_cover_every_row_once():
    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10)
    chunks = list(data.batches(X, y, batch_size=4, rng=0))
    assert [len(yb) for _, yb in chunks] == [4, 4, 2]
    seen = np.concatenate([yb for _, yb in chunks])
    assert sorted(seen) == list(range(10)) and not np.array_equal(seen, np.arange(10))
    for xb, yb in chunks:
        np.testing.assert_array_equal(xb[:, 0], 2 * yb)
    in_order = np.concatenate([yb for _, yb in data.batches(X, y, 3, shuffle=False)])
    np.testing.assert_array_equal(in_order, np.arange(10))


def test_batches_seed_repeats_and_generator_advances():
    X, y = np.zeros((12, 1)), np.arange(12)

    def epoch(rng):
        return np.concatenate([yb for _, yb in data.batches(X, y, 5, rng=rng)])

    np.testing.assert_array_equal(epoch(7), epoch(7))
    generator = np.random.default_rng(7)
    first, second = epoch(generator), epoch(generator)
    np.testing.assert_array_equal(first, epoch(7))
    assert not np.array_equal(first, second)


def test_batches_checks_arguments_when_called():
    with pytest.raises(ValueError, match="batch_size"):
        data.batches(np.zeros((4, 1)), np.zeros(4), batch_size=0)
    with pytest.raises(ValueError, match="one row per example"):
        data.batches(np.zeros((4, 1)), np.zeros(3), batch_size=2)


MAKERS = {
    "moons": data.moons,
    "circles": data.circles,
    "spirals": data.spirals,
    "xor": data.xor,
    "blobs": data.blobs,
}


@pytest.mark.parametrize("name", MAKERS)
def test_seed_none_is_the_documented_default_and_a_seed_is_honoured(name):
    make = MAKERS[name]
    X, y = make(seed=None)
    X0, y0 = make(seed=0)
    X1, _ = make(seed=1)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)
    assert not np.allclose(X, X1)


@pytest.mark.parametrize("name", MAKERS)
@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"noise": float("inf")}, ValueError, "noise must be a finite number, got inf"),
        ({"noise": float("nan")}, ValueError, "noise must be a finite number, got nan"),
        ({"noise": None}, TypeError, "noise must be a real number, got None"),
        ({"noise": 1e308}, ValueError, "noise must be a number from 0 to 1e\\+06, got 1e\\+308"),
        ({"noise": True}, TypeError, "noise must be a real number, got True"),
        ({"n": None}, TypeError, "n must be a whole number, got None"),
        ({"n": 100.0}, TypeError, "n must be a whole number, got 100.0"),
        ({"n": "a"}, TypeError, "n must be a whole number"),
        ({"seed": 1.5}, TypeError, "seed must be a whole number, got 1.5"),
        ({"seed": -1}, ValueError, "seed must be a whole number >= 0, got -1"),
        ({"seed": "abc"}, TypeError, "seed must be a whole number"),
    ],
)
def test_every_generator_refuses_bad_arguments_by_name(name, options, error, message):
    with pytest.raises(error, match=message):
        MAKERS[name](**options)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: data.circles(factor=float("nan")), ValueError, "factor"),
        (lambda: data.circles(factor=0), ValueError, "factor"),
        (lambda: data.spirals(classes=2.5), TypeError, "classes"),
        (lambda: data.blobs(centers=None), TypeError, "centers"),
        (lambda: data.digits(scale="yes"), TypeError, "scale"),
    ],
)
def test_other_settings_are_checked(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: data.train_test_split(None, [0, 1]), TypeError, "X must be an array"),
        (lambda: data.train_test_split([[1.0], [np.nan]], [0, 1]), ValueError, "X must be finite"),
        (lambda: data.train_test_split([[1], [1, 2]], [0, 1]), ValueError, "X must be an array"),
        (lambda: data.train_test_split(np.zeros((4, 1)), np.zeros(4), 1.5), ValueError, "test_f"),
        (lambda: data.train_test_split(np.zeros((4, 1)), np.zeros(4), None), TypeError, "test_f"),
        (lambda: data.train_test_split(np.zeros((4, 1)), np.zeros(4), seed=1.5), TypeError, "seed"),
        (lambda: data.batches(np.zeros((4, 1)), np.zeros(4), 2, rng="x"), TypeError, "rng"),
        (lambda: data.batches(np.zeros((4, 1)), np.zeros(4), 2.0), TypeError, "batch_size"),
        (lambda: data.batches(np.zeros((4, 1)), np.zeros(4), 2, shuffle=None), TypeError, "shuf"),
    ],
)
def test_split_and_batches_refuse_bad_arguments_by_name(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_split_and_batches_with_seed_none_use_seed_0():
    X, y = np.arange(20.0)[:, None], np.arange(20)
    for a, b in zip(
        data.train_test_split(X, y, seed=None), data.train_test_split(X, y), strict=True
    ):
        np.testing.assert_array_equal(a, b)
    first = [yb for _, yb in data.batches(X, y, 5, rng=None)]
    again = [yb for _, yb in data.batches(X, y, 5, rng=0)]
    np.testing.assert_array_equal(np.concatenate(first), np.concatenate(again))
    assert not np.array_equal(np.concatenate(first), y)  # shuffled


def test_labels_keep_their_integer_dtype_through_the_split():
    X, y = data.moons(20)
    *_, y_train, y_test = data.train_test_split(X, y)
    assert y_train.dtype == np.int64 and y_test.dtype == np.int64
