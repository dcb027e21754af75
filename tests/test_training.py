"""helpers.training.TrainingRun: settings checked at the door, reproducible to the bit, divergence
noticed and explained, gradient norms per layer, and depth that trains only with residuals."""

from __future__ import annotations

import json

import numpy as np
import pytest

from helpers import data, health, nn
from helpers.functional import cross_entropy
from helpers.training import Settings, TrainingRun


def test_settings_are_plain_and_checked():
    s = Settings(width=np.int64(4), noise=np.float32(0.25), residual=np.bool_(True))
    assert type(s.width) is int and type(s.noise) is float and s.residual is True
    assert json.loads(json.dumps(TrainingRun(width=3).state()))["width"] == 3


BAD_SETTINGS = [
    ({"dataset": "iris"}, ValueError, r"dataset must be one of 'moons', .*, got 'iris'"),
    ({"dataset": 3}, TypeError, r"dataset must be one of 'moons'.*, got 3"),
    ({"noise": -0.1}, ValueError, r"noise must be a number from 0 to 1, got -0\.1"),
    ({"noise": float("nan")}, ValueError, r"noise must be a finite number, got nan"),
    ({"noise": "low"}, TypeError, r"noise must be a real number, got 'low'"),
    ({"noise": True}, TypeError, r"noise must be a real number, got True"),
    ({"n": 10}, ValueError, r"n must be a whole number from 20 to 5000, got 10"),
    ({"n": 100.0}, TypeError, r"n must be a whole number, got 100\.0"),
    ({"test_fraction": 0.95}, ValueError, r"test_fraction must be a number from 0\.1 to 0\.9"),
    ({"seed": -1}, ValueError, r"seed must be a whole number >= 0, got -1"),
    ({"seed": 2**32}, ValueError, r"seed must be a whole number <= .*, got 4294967296"),
    ({"seed": 1.5}, TypeError, r"seed must be a whole number, got 1\.5"),
    ({"width": 0}, ValueError, r"width must be a whole number from 1 to 64, got 0"),
    ({"width": 65}, ValueError, r"width must be a whole number from 1 to 64, got 65"),
    ({"width": True}, TypeError, r"width must be a whole number, got True"),
    ({"depth": 101}, ValueError, r"depth must be a whole number from 1 to 100, got 101"),
    ({"activation": "gelu"}, ValueError, r"activation must be one of 'tanh', .*, got 'gelu'"),
    ({"init": "uniform"}, ValueError, r"init must be one of 'naive', 'xavier'.*, got 'uniform'"),
    ({"residual": 1}, TypeError, r"residual must be True or False, got 1"),
    ({"optimizer": "rmsprop"}, ValueError, r"optimizer must be one of 'sgd'.*, got 'rmsprop'"),
    ({"lr": 0}, ValueError, r"lr must be a number from 1e-06 to 100, got 0"),
    ({"lr": float("inf")}, ValueError, r"lr must be a finite number, got inf"),
    ({"lr": 10**400}, ValueError, r"lr must be a number a float can hold"),
    ({"batch_size": 0}, ValueError, r"batch_size must be a whole number >= 1, got 0; or None"),
    ({"batch_size": 8.0}, TypeError, r"batch_size must be a whole number, got 8\.0; or None"),
    ({"l2": -1e-3}, ValueError, r"l2 must be a number from 0 to 10, got -0\.001"),
    ({"hidden": 8}, TypeError, r"unknown setting 'hidden'; the settings are dataset, noise, n"),
    ({"dataset": "custom"}, ValueError, r"dataset='custom' needs your points: pass data"),
]


@pytest.mark.parametrize(("settings", "error", "message"), BAD_SETTINGS)
def test_each_bad_setting_is_explained(settings, error, message):
    with pytest.raises(error, match=message):
        TrainingRun(**settings)


def test_a_bad_update_is_explained_and_changes_nothing():
    run = TrainingRun()
    run.step(3)
    with pytest.raises(ValueError, match="depth must be a whole number from 1 to 100, got 0"):
        run.update(width=4, depth=0)
    assert run.settings == Settings() and run.steps_done == 3
    with pytest.raises(TypeError, match="unknown setting 'layers'"):
        run.update(layers=2)


def test_step_counts_are_checked():
    run = TrainingRun()
    for bad, error in ((-1, ValueError), (2.5, TypeError), (True, TypeError)):
        with pytest.raises(error, match=r"n must be a whole number.*trains a whole number"):
            run.step(bad)
    assert run.step(0) == 0 and run.steps_done == 0


def test_seed_none_means_the_documented_default_not_fresh_randomness():
    a, b = TrainingRun(seed=None), TrainingRun(seed=0)
    assert a.settings.seed == 0 and a.state() == b.state()
    np.testing.assert_array_equal(a.X_train, b.X_train)
    a.step(5)
    b.step(5)
    assert a.history == b.history


def test_from_state_rebuilds_the_same_experiment_bit_for_bit():
    settings = dict(
        dataset="spirals", noise=0.15, n=240, test_fraction=0.3, seed=7, width=12, depth=3,
        activation="relu", init="he", residual=True, optimizer="adam", lr=0.01, batch_size=32,
        l2=1e-3,
    )  # fmt: skip
    run = TrainingRun(**settings)
    run.step(45)
    shared = json.loads(json.dumps(run.state()))
    assert shared == settings
    again = TrainingRun.from_state(shared)
    again.step(20)
    again.step(25)
    assert again.history == run.history  # exact: the same floats, not close ones
    for mine, theirs in zip(again.model.parameters(), run.model.parameters(), strict=True):
        np.testing.assert_array_equal(mine.data, theirs.data)
    assert again.summary() == run.summary()


def test_custom_data_trains_and_travels_in_the_state():
    X, y = data.blobs(n=90, centers=3, noise=0.4, seed=2)
    run = TrainingRun(data=(X, y), width=6, seed=1)
    assert run.settings.dataset == "custom" and run.settings.n == 90 and run.classes == 3
    assert len(run.y_train) + len(run.y_test) == 90
    run.step(100)
    assert run.evaluate()["train accuracy"] > 0.9
    state = json.loads(json.dumps(run.state()))
    assert state["dataset"] == "custom" and len(state["data"]["y"]) == 90
    again = TrainingRun.from_state(state)
    again.step(100)
    assert again.history == run.history
    with pytest.raises(ValueError, match="trains on your own data; its dataset stays 'custom'"):
        run.update(dataset="moons")
    with pytest.raises(ValueError, match="dataset='moons' and data=\\(X, y\\) were both given"):
        TrainingRun(data=(X, y), dataset="moons")


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ((np.zeros((30, 3)), np.zeros(30, int)), r"data X must be an array of shape \(any, 2\)"),
        ((np.zeros((30, 2)), np.zeros(29, int)), r"one label per row of X: shape \(30,\)"),
        ((np.zeros((30, 2)), np.full(30, 0.5)), r"integer class labels"),
        ((np.zeros((30, 2)), np.zeros(30, int)), r"of at least 2 classes, got 30 points of 1"),
        ((np.full((30, 2), np.nan), np.arange(30) % 2), r"finite numbers"),
        ("points", r"data must be a pair \(X, y\), got str"),
    ],
)
def test_bad_custom_data_is_explained(points, message):
    with pytest.raises((ValueError, TypeError), match=message):
        TrainingRun(data=points)


def test_each_change_redoes_only_what_it_must():
    run = TrainingRun()
    X0 = run.X_train
    run.step(10)
    assert run.update(lr=0.05) == "step" and run.optimizer.lr == 0.05 and run.steps_done == 10
    weights = [p.data.copy() for p in run.model.parameters()]
    assert run.update(optimizer="adam") == "optimizer" and run.steps_done == 10
    for p, w in zip(run.model.parameters(), weights, strict=True):
        np.testing.assert_array_equal(p.data, w)
    assert type(run.optimizer).__name__ == "Adam"
    assert run.update(width=5) == "network" and run.steps_done == 0 and run.X_train is X0
    assert run.update(noise=0.2) == "data" and not np.array_equal(run.X_train, X0)
    assert run.update(noise=0.2) == "none"


def test_lr_too_large_diverges_stops_and_says_so():
    run = TrainingRun(
        dataset="spirals", width=16, depth=4, activation="relu", init="he", residual=True,
        optimizer="sgd", lr=100.0,
    )  # fmt: skip
    done = run.step(100)
    assert run.diverged and done == run.diverged_at == run.steps_done < 100
    assert len(run.history["train"]) == run.steps_done
    assert all(np.isfinite(run.history["train"]))
    assert f"diverged at step {run.diverged_at}" in run.message
    assert "learning rate 100 is too large for plain gradient descent (sgd)" in run.message
    assert "try 10" in run.message
    assert run.step(5) == 0 and run.steps_done == done, "no more steps once diverged"
    assert f"(diverged at step {done})" in run.summary()
    run.update(lr=0.1)  # the next steps would still start from broken weights: start over
    assert run.diverged
    run.restart()
    assert not run.diverged and run.step(5) == 5


def test_a_large_init_is_named_as_the_cause():
    run = TrainingRun(init="large", width=32, depth=60, activation="relu")
    run.step(10)
    assert run.diverged and run.diverged_at <= 1
    assert "init 'large'" in run.message and "N(0, 1)" in run.message
    assert "60 hidden layers" in run.message


def test_gradient_norms_are_one_per_layer_and_those_of_helpers_health():
    run = TrainingRun(width=6, depth=3, l2=0.01)
    # at step 0: the gradient the first step will use, on the whole training set
    model = nn.MLP([2, 6, 6, 6, 2], seed=0, init="xavier")
    loss = cross_entropy(model(run.X_train), run.y_train)
    loss = loss + 0.01 * sum((layer.W * layer.W).sum() for layer in model.layers)
    loss.backward()
    np.testing.assert_array_equal(run.gradient_norms, health.gradient_norms(model))
    run.step(7)
    norms = run.gradient_norms
    assert norms.shape == (4,) and np.all(norms > 0)
    np.testing.assert_array_equal(norms, health.gradient_norms(run.model))


def test_mini_batches_measure_the_whole_training_set():
    run = TrainingRun(batch_size=16, optimizer="sgd", lr=0.5)
    run.step(3)
    model = nn.MLP([2, 8, 2], seed=0, init="xavier")
    first = cross_entropy(model(run.X_train), run.y_train).item()
    assert run.history["train"][0] == first  # the whole training set, not the first batch
    assert run.history["penalty"] == [0.0, 0.0, 0.0]


def test_penalty_is_reported_apart_from_the_data_loss():
    run = TrainingRun(l2=0.01)
    run.step(2)
    scores = run.evaluate()
    expected = 0.01 * sum(float((layer.W.data**2).sum()) for layer in run.model.layers)
    assert scores["penalty"] == pytest.approx(expected, rel=1e-12)
    assert run.history["penalty"][0] > 0
    assert run.summary().endswith(f", L2 penalty {scores['penalty']:.3g}")


def test_a_100_layer_residual_relu_network_trains_on_spirals_where_a_plain_one_does_not():
    results = {}
    for residual in (False, True):
        run = TrainingRun(
            dataset="spirals", noise=0.2, width=16, depth=100, activation="relu", init="he",
            residual=residual, optimizer="momentum", lr=0.1,
        )  # fmt: skip
        start = run.gradient_norms
        run.step(80)
        results[residual] = run.evaluate()
        if residual:  # the gradient reaches every layer: each gets a useful share
            assert start.min() > 1e-2, start
        else:  # through 100 plain layers, the signal and so every gradient has all but died
            assert start.max() < 1e-3, start
    assert results[True]["train accuracy"] > 0.85, results[True]
    assert results[False]["train accuracy"] < 0.5, results[False]


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_data_holding_a_nan_or_inf_is_refused_before_the_first_step(bad):
    X, y = data.blobs(n=60, centers=2, seed=0)
    X = X.copy()
    X[7, 1] = bad
    with pytest.raises(ValueError, match=r"data X must be finite numbers only.*entry \(7, 1\) is"):
        TrainingRun(data=(X, y))
    state = {"dataset": "custom", "data": {"X": X.tolist(), "y": y.tolist()}}
    with pytest.raises(ValueError, match=r"entry \(7, 1\)"):
        TrainingRun.from_state(state)


def test_predict_checks_its_points():
    run = TrainingRun()
    with pytest.raises(ValueError, match=r"points must be an array of shape \(any, 2\)"):
        run.predict(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"points must be finite numbers only.*entry \(1, 0\)"):
        run.predict([[0.0, 0.0], [np.nan, 1.0]])
