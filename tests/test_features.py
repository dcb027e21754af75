"""helpers.features: unit maps over the input plane, PCA by SVD, linear probes."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import data, features, nn

XLIM, YLIM = (-1.0, 1.0), (-2.0, 2.0)


def test_unit_maps_evaluate_each_unit_on_the_grid():
    model = nn.MLP([2, 3, 4, 2], activation="tanh", seed=0)
    maps = features.unit_maps(model, 2, XLIM, YLIM, resolution=5)
    assert maps.shape == (4, 5, 5)
    # the pixel in row i (y from the bottom) and column j (x from the left)
    x, y = np.linspace(*XLIM, 5)[3], np.linspace(*YLIM, 5)[1]
    W0, b0 = model.layers[0].W.data, model.layers[0].b.data
    W1, b1 = model.layers[1].W.data, model.layers[1].b.data
    expected = np.tanh(np.tanh(np.array([x, y]) @ W0 + b0) @ W1 + b1)
    np.testing.assert_allclose(maps[:, 1, 3], expected, rtol=1e-12)


def test_first_layer_maps_are_constant_along_straight_lines():
    """A unit of layer 1 depends on the point only through w·x: its level sets are lines."""
    model = nn.MLP([2, 6, 2], activation="relu", seed=4)
    maps = features.unit_maps(model, 1, XLIM, YLIM, resolution=21)
    xs, ys = np.meshgrid(np.linspace(*XLIM, 21), np.linspace(*YLIM, 21))
    W, b = model.layers[0].W.data, model.layers[0].b.data
    for j in range(6):
        projection = xs * W[0, j] + ys * W[1, j] + b[j]
        np.testing.assert_allclose(maps[j], np.maximum(projection, 0.0), atol=1e-12)


def test_unit_maps_reject_bad_layers_and_inputs():
    model = nn.MLP([2, 3, 2], seed=0)
    with pytest.raises(
        ValueError, match="layer must be a whole number from 1 to 1, got 2; a hidden"
    ):
        features.unit_maps(model, 2, XLIM, YLIM)
    with pytest.raises(ValueError, match="2-D inputs"):
        features.unit_maps(nn.MLP([3, 4, 2]), 1, XLIM, YLIM)


def test_draw_unit_maps_draws_one_row_per_layer_with_each_map_scaled_to_itself():
    fig = Figure(figsize=(6, 3))
    maps = np.stack([np.full((4, 4), 0.001), np.linspace(-5, 5, 16).reshape(4, 4)])
    axes = features.draw_unit_maps(fig, [("one", maps), ("two", maps[:1])], (-1, 1, -1, 1))
    assert len(axes) == 2
    image = axes[0].get_images()[0].get_array()
    assert image.shape == (4, 4 * 2 + 1)  # two tiles and a gap column
    np.testing.assert_allclose(image[:, :4], 1.0)  # a tiny constant map still shows full colour
    np.testing.assert_allclose(image[:, 5:].min(), -1.0)
    assert np.ma.is_masked(image[0, 4])  # the gap between tiles
    labels = [t.get_text() for t in axes[0].texts]
    assert "one" in labels and "unit 2" in labels
    with pytest.raises(ValueError, match="empty"):
        features.draw_unit_maps(fig, [], (-1, 1, -1, 1))


def test_pca_2d_finds_the_directions_of_largest_variance():
    rng = np.random.default_rng(0)
    latent = rng.normal(size=(500, 2)) * [5.0, 2.0]
    basis = np.linalg.qr(rng.normal(size=(6, 6)))[0][:2]  # two orthonormal directions in 6-D
    H = latent @ basis + 0.01 * rng.normal(size=(500, 6)) + 3.0
    P = features.pca_2d(H)
    assert P.shape == (500, 2)
    np.testing.assert_allclose(P.mean(axis=0), 0.0, atol=1e-10)
    # the projection recovers the latent coordinates up to sign
    for k in range(2):
        assert abs(np.corrcoef(P[:, k], latent[:, k])[0, 1]) > 0.999
    np.testing.assert_allclose(features.pca_2d(-H), features.pca_2d(H), atol=1e-10)  # sign fixed
    with pytest.raises(ValueError, match="H must be an array with 2 axes"):
        features.pca_2d(np.ones(3))
    with pytest.raises(ValueError, match="two rows"):
        features.pca_2d(np.ones((1, 3)))


def test_linear_probe_reads_linear_classes_and_not_spirals():
    X, y = data.blobs(n=200, centers=3, noise=0.3, seed=1)
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, seed=1)
    assert features.linear_probe(X_train, y_train, X_test, y_test) > 0.95
    S, t = data.spirals(n=300, seed=2)
    S_train, S_test, t_train, t_test = data.train_test_split(S, t, seed=2)
    assert features.linear_probe(S_train, t_train, S_test, t_test) < 0.7


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: features.unit_maps("net", 1, XLIM, YLIM), TypeError, "model must be"),
        (lambda: features.unit_maps(nn.MLP([2, 3, 2]), 1.0, XLIM, YLIM), TypeError, "layer"),
        (lambda: features.unit_maps(nn.MLP([2, 3, 2]), 1, XLIM, YLIM, 10**9), ValueError, "resol"),
        (lambda: features.pca_2d([[1.0, np.nan], [0.0, 1.0]]), ValueError, "H must be finite"),
        (lambda: features.linear_probe(np.zeros((4, 2)), [0, 1, 0, 1], np.zeros((2, 3)), [0, 1]),
         ValueError, "H_test must be an array of shape"),
        (lambda: features.linear_probe(np.zeros((4, 2)), [0, 1, 0], np.zeros((2, 2)), [0, 1]),
         ValueError, "y_train must be 4 class labels"),
        (lambda: features.linear_probe(np.zeros((4, 2)), [0, 1, 0, 1], np.zeros((2, 2)), [0, 1],
                                       steps=None), TypeError, "steps"),
        (lambda: features.linear_probe(np.zeros((4, 2)), [0, 1, 0, 1], np.zeros((2, 2)), [0, 1],
                                       lr=np.inf), ValueError, "lr"),
        (lambda: features.draw_unit_maps(Figure(), [("a", np.zeros((2, 3, 3)))], (0, 1, 1, 0)),
         ValueError, "extent"),
        (lambda: features.draw_unit_maps(None, [("a", np.zeros((2, 3, 3)))], (0, 1, 0, 1)),
         TypeError, "fig must be"),
    ],
)  # fmt: skip
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
