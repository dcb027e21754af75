"""The live trainer: step(n) is a seeded training loop; Play runs in the background until Pause."""

from __future__ import annotations

import time

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import data, nn, optim
from helpers.functional import cross_entropy
from helpers.widgets import LiveTrainer


def wait_until(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_step_is_the_same_as_a_hand_written_training_loop():
    trainer = LiveTrainer(dataset="moons", noise=0.2, seed=3, hidden=5, lr=0.2)
    trainer.step(25)
    # the same thing by hand: seeded data and split, MLP, momentum SGD, full-batch steps
    X, y = data.moons(n=200, noise=0.2, seed=3)
    X_train, _, y_train, _ = data.train_test_split(X, y, test_fraction=0.25, seed=3)
    model = nn.MLP([2, 5, 2], activation="tanh", rng=3)
    sgd = optim.SGD(model.parameters(), lr=0.2, momentum=0.9)
    losses = []
    for _ in range(25):
        loss = cross_entropy(model(X_train), y_train)
        losses.append(loss.item())
        sgd.zero_grad()
        loss.backward()
        sgd.step()
    for mine, theirs in zip(trainer.model.parameters(), model.parameters(), strict=True):
        np.testing.assert_array_equal(mine.data, theirs.data)
    np.testing.assert_array_equal(trainer.history["train"], losses)
    assert trainer.steps_done == 25 and len(trainer.history["test"]) == 25


def test_same_settings_same_numbers():
    a, b = LiveTrainer(seed=1), LiveTrainer(seed=1)
    a.step(30)
    b.step(10)
    b.step(20)
    assert a.summary() == b.summary()
    assert a.summary().startswith("step 30: train loss ")


def test_training_learns_the_moons():
    trainer = LiveTrainer()
    before = trainer.evaluate()
    trainer.step(300)
    after = trainer.evaluate()
    assert after["train loss"] < 0.5 * before["train loss"]
    assert after["train accuracy"] > 0.95 and after["test accuracy"] > 0.9


def test_controls_drive_it():
    trainer = LiveTrainer()
    trainer.step_button.click()
    assert trainer.steps_done == 10
    trainer.lr.value = 0.5  # takes effect at the next step, keeps the training so far
    assert trainer.optimizer.lr == 0.5 and trainer.steps_done == 10
    trainer.dataset.value = "spirals"  # a new dataset starts over, with 3 output classes
    assert trainer.steps_done == 0 and trainer.history == {"train": [], "test": []}
    assert trainer.architecture() == "2-8-3 tanh"
    trainer.hidden.value, trainer.layers.value, trainer.activation.value = 4, 2, "relu"
    assert trainer.architecture() == "2-4-4-3 relu"
    assert [p.shape for p in trainer.model.parameters()] == [
        (2, 4),
        (4,),
        (4, 4),
        (4,),
        (4, 3),
        (3,),
    ]
    trainer.step(3)
    trainer.reset_button.click()
    assert trainer.steps_done == 0


def test_a_new_network_keeps_the_data_and_draws_what_a_fresh_trainer_draws():
    """restart() redraws only the boundary and curves: the picture must still be exactly right."""
    trainer = LiveTrainer(hidden=8)
    X0 = trainer.X_train
    trainer.step(150)  # long enough to widen the loss axis, which a restart must undo
    trainer.hidden.value = 5
    assert trainer.X_train is X0 and trainer.steps_done == 0
    assert trainer.architecture() == "2-5-2 tanh"
    trainer.step(20)
    fresh = LiveTrainer(hidden=5)
    fresh.step(20)
    assert trainer.summary() == fresh.summary()
    for image in ("data_image", "loss_image"):
        assert bytes(getattr(trainer, image).value) == bytes(getattr(fresh, image).value)


def test_new_data_draws_what_a_fresh_trainer_draws():
    """reset() reuses the axes: no point, line or tick of the old dataset may survive."""
    trainer = LiveTrainer(dataset="moons")
    trainer.step(150)
    trainer.dataset.value = "spirals"
    trainer.step(20)
    fresh = LiveTrainer(dataset="spirals")
    fresh.step(20)
    assert trainer.summary() == fresh.summary()
    for image in ("data_image", "loss_image"):
        assert bytes(getattr(trainer, image).value) == bytes(getattr(fresh, image).value)


def test_noise_and_seed_change_the_data():
    trainer = LiveTrainer()
    X0 = trainer.X_train.copy()
    trainer.noise.value = 0.3
    assert not np.array_equal(trainer.X_train, X0)
    trainer.noise.value = 0.1
    np.testing.assert_array_equal(trainer.X_train, X0)
    trainer.seed.value = 5
    assert not np.array_equal(trainer.X_train, X0)


def test_play_trains_in_the_background_until_pause():
    trainer = LiveTrainer(steps_per_tick=2)
    trainer.play()
    assert trainer.playing and trainer.play_button.disabled and not trainer.pause_button.disabled
    assert wait_until(lambda: trainer.steps_done >= 6), "playing trains"
    trainer.pause()
    assert not trainer.playing
    stopped_at = trainer.steps_done
    time.sleep(0.2)
    assert trainer.steps_done == stopped_at, "after pause() returns, nothing trains"
    assert stopped_at % 2 == 0, "whole ticks of steps_per_tick steps"
    assert not trainer.play_button.disabled and trainer.pause_button.disabled
    assert trainer.speed.value == "paused"
    trainer.step(1)  # step() still works after playing
    assert trainer.steps_done == stopped_at + 1


def test_play_stops_by_itself_after_max_steps():
    trainer = LiveTrainer(steps_per_tick=3, max_steps=10)
    trainer.play()
    assert wait_until(lambda: not trainer.playing)
    assert trainer.steps_done == 10
    assert "stopped after 10 steps" in trainer.speed.value
    trainer.play_button.click()  # at the limit already: returns at once
    assert wait_until(lambda: not trainer.playing) and trainer.steps_done == 10


def test_play_twice_starts_one_thread():
    trainer = LiveTrainer()
    trainer.play()
    thread = trainer._thread
    trainer.play()
    assert trainer._thread is thread
    trainer.pause()


def test_bad_arguments_are_explained():
    trainer = LiveTrainer()
    for bad in (-1, 2.5, True):
        with pytest.raises(ValueError, match="whole number of steps"):
            trainer.step(bad)
    with pytest.raises(ValueError, match="unknown dataset 'iris'; choose one of moons"):
        LiveTrainer(dataset="iris")


def test_repr_is_short_and_deterministic():
    trainer = LiveTrainer()
    expected = "LiveTrainer(moons, noise=0.1, seed=0, net 2-8-2 tanh, lr=0.1)"
    assert repr(trainer) == expected
    trainer.step(5)
    assert repr(trainer) == expected, "the repr does not change as it trains"
    assert trainer._repr_mimebundle_()["text/plain"] == expected


def test_no_pyplot_figures_are_created_or_leaked():
    before = plt.get_fignums()
    trainer = LiveTrainer()
    trainer.step(20)
    trainer.dataset.value = "circles"
    assert plt.get_fignums() == before
