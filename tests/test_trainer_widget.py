"""The live trainer: step(n) is a seeded training loop; Play runs on the event loop until Pause."""

from __future__ import annotations

import asyncio
import json

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import data, nn, optim
from helpers.functional import cross_entropy
from helpers.widgets import LiveTrainer


def hand_written(
    optimizer: str, batch_size: int | None, l2: float, steps: int
) -> tuple[nn.MLP, list[float], list[float]]:
    """The trainer's loop written out: seeded data and split, MLP, optimizer, mini-batches drawn
    epoch by epoch from one generator seeded with the seed, loss = cross-entropy + λ·Σ‖W‖²."""
    X, y = data.moons(n=200, noise=0.2, seed=3)
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_fraction=0.25, seed=3)
    model = nn.MLP([2, 5, 2], activation="tanh", init="xavier", seed=3)
    if optimizer == "adam":
        update = optim.Adam(model.parameters(), lr=0.02)
    else:
        momentum = 0.9 if optimizer == "momentum" else 0.0
        update = optim.SGD(model.parameters(), lr=0.2, momentum=momentum)
    order = np.random.default_rng(3)
    epoch = iter(())
    train, test = [], []
    for _ in range(steps):
        X_batch, y_batch = X_train, y_train
        if batch_size is not None:
            batch = next(epoch, None)
            if batch is None:
                epoch = data.batches(X_train, y_train, batch_size, rng=order)
                batch = next(epoch)
            X_batch, y_batch = batch
        loss = cross_entropy(model(X_batch), y_batch)
        if l2:
            loss = loss + l2 * sum((layer.W * layer.W).sum() for layer in model.layers)
        train.append(cross_entropy(model(X_train), y_train).item())
        test.append(cross_entropy(model(X_test), y_test).item())
        update.zero_grad()
        loss.backward()
        update.step()
    return model, train, test


@pytest.mark.parametrize(
    ("optimizer", "batch_size", "l2"),
    [("sgd", None, 0.0), ("momentum", None, 0.0), ("adam", None, 0.0), ("sgd", 32, 0.0),
     ("momentum", 16, 0.003), ("adam", 64, 0.01), ("momentum", None, 0.01)],
)  # fmt: skip
def test_step_is_the_same_as_a_hand_written_training_loop(optimizer, batch_size, l2):
    lr = 0.02 if optimizer == "adam" else 0.2
    trainer = LiveTrainer(
        dataset="moons", noise=0.2, seed=3, width=5, optimizer=optimizer, lr=lr,
        batch_size=batch_size, l2=l2,
    )  # fmt: skip
    trainer.step(25)
    model, train, test = hand_written(optimizer, batch_size, l2, 25)
    for mine, theirs in zip(trainer.model.parameters(), model.parameters(), strict=True):
        np.testing.assert_array_equal(mine.data, theirs.data)
    np.testing.assert_array_equal(trainer.history["train"], train)
    np.testing.assert_allclose(trainer.history["test"], test, rtol=1e-13)
    assert trainer.steps_done == 25 and len(trainer.history["penalty"]) == 25


def test_same_settings_same_numbers():
    a, b = LiveTrainer(seed=1), LiveTrainer(seed=1)
    a.step(30)
    b.step(10)
    b.step(20)
    assert a.summary() == b.summary()
    assert a.summary().startswith("step 30: train loss ")


def test_training_learns_the_moons():
    trainer = LiveTrainer(controls="basic")
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
    assert trainer.run.optimizer.lr == 0.5 and trainer.steps_done == 10
    trainer.optimizer.value = "adam"  # a fresh optimizer for the weights trained so far
    assert type(trainer.run.optimizer).__name__ == "Adam" and trainer.steps_done == 10
    trainer.batch_size.value, trainer.l2.value = 16, 0.001
    assert trainer.run.settings.batch_size == 16 and trainer.steps_done == 10
    trainer.dataset.value = "spirals"  # a new dataset starts over, with 3 output classes
    assert trainer.steps_done == 0 and trainer.history == {"train": [], "test": [], "penalty": []}
    assert trainer.architecture() == "2-8-3 tanh"
    trainer.width.value, trainer.depth.value, trainer.activation.value = 4, 2, "relu"
    assert trainer.architecture() == "2-4-4-3 relu"
    assert [p.shape for p in trainer.model.parameters()] == [
        (2, 4), (4,), (4, 4), (4,), (4, 3), (3,),
    ]  # fmt: skip
    trainer.residual.value, trainer.init.value, trainer.depth.value = True, "he", 40
    assert trainer.architecture() == "2-4×40-3 relu residual"
    assert trainer.model.layers[0].init == "he"
    trainer.n.value, trainer.test_fraction.value = 300, 0.5
    assert len(trainer.run.y_train) == len(trainer.run.y_test) == 150
    trainer.step(3)
    trainer.reset_button.click()
    assert trainer.steps_done == 0
    assert trainer.state() == {
        "dataset": "spirals", "noise": 0.1, "n": 300, "test_fraction": 0.5, "seed": 0,
        "width": 4, "depth": 40, "activation": "relu", "init": "he", "residual": True,
        "optimizer": "adam", "lr": 0.5, "batch_size": 16, "l2": 0.001,
    }  # fmt: skip


def test_every_control_is_a_setting_and_shows_it():
    trainer = LiveTrainer(width=3, depth=2, optimizer="sgd", batch_size=10, l2=0.05, lr=2e-5)
    for name, control in trainer.controls.items():
        assert getattr(trainer, name) is control
        assert control.value == getattr(trainer.run.settings, name), name
    trainer.batch_size.value = 0  # "full batch"
    assert trainer.run.settings.batch_size is None and trainer.batch_size.label == "full batch"


def _pictures(trainer: LiveTrainer) -> list[bytes]:
    return [bytes(image.value) for image in trainer.children[-1].children if image.value]


def test_a_new_network_keeps_the_data_and_draws_what_a_fresh_trainer_draws():
    """A new network redraws only what changes: the picture must still be exactly right."""
    trainer = LiveTrainer(width=8)
    X0 = trainer.X_train
    trainer.step(150)  # long enough to widen the loss axis, which a restart must undo
    trainer.width.value = 5
    assert trainer.X_train is X0 and trainer.steps_done == 0
    assert trainer.architecture() == "2-5-2 tanh"
    trainer.depth.value = 30  # a block diagram, a coarser grid, 31 gradient bars
    trainer.depth.value = 1
    trainer.step(20)
    fresh = LiveTrainer(width=5)
    fresh.step(20)
    assert trainer.summary() == fresh.summary()
    assert len(_pictures(fresh)) == 4
    assert _pictures(trainer) == _pictures(fresh)


def test_new_data_draws_what_a_fresh_trainer_draws():
    """New data reuse the axes: no point, line or tick of the old dataset may survive."""
    trainer = LiveTrainer(dataset="moons")
    trainer.step(150)
    trainer.dataset.value = "spirals"
    trainer.step(20)
    fresh = LiveTrainer(dataset="spirals")
    fresh.step(20)
    assert trainer.summary() == fresh.summary()
    assert _pictures(trainer) == _pictures(fresh)


def test_noise_and_seed_change_the_data():
    trainer = LiveTrainer()
    X0 = trainer.X_train.copy()
    trainer.noise.value = 0.3
    assert not np.array_equal(trainer.X_train, X0)
    trainer.noise.value = 0.1
    np.testing.assert_array_equal(trainer.X_train, X0)
    trainer.seed.value = 5
    assert not np.array_equal(trainer.X_train, X0)


def test_unit_maps_show_on_request():
    trainer = LiveTrainer(depth=3, width=4)
    panel = trainer.unit_maps_panel.image
    assert panel.layout.display == "none" and not panel.value
    trainer.show_unit_maps.value = True
    assert panel.layout.display is None and panel.value
    first = bytes(panel.value)
    trainer.unit_layer.value = 3
    assert bytes(panel.value) != first
    trainer.depth.value = 2  # the layer follows the network
    assert trainer.unit_layer.max == 2 and trainer.unit_layer.value == 2


# ---- playing -----------------------------------------------------------------------------------


async def play_for(trainer: LiveTrainer, seconds: float) -> None:
    trainer.play()
    await asyncio.sleep(seconds)


def test_play_trains_on_the_event_loop_until_pause():
    trainer = LiveTrainer(controls="basic", max_steps_per_tick=2)
    pictures = []
    trainer.boundary_panel.image.observe(lambda c: pictures.append(c["new"]), names="value")

    async def scenario() -> tuple[int, int]:
        trainer.play()
        assert trainer.playing and trainer.play_button.disabled
        assert not trainer.pause_button.disabled
        await asyncio.sleep(0.4)
        trainer.pause()  # as a click on Pause does, between two ticks
        stopped_at = trainer.steps_done
        await asyncio.sleep(0.2)
        return stopped_at, trainer.steps_done

    stopped_at, later = asyncio.run(scenario())
    assert stopped_at >= 2, "playing trains"
    assert later == stopped_at, "after pause() nothing trains"
    assert len(pictures) >= 2, "and redraws as it goes"
    assert not trainer.playing and trainer.speed.value == "paused"
    assert not trainer.play_button.disabled and trainer.pause_button.disabled
    # a consistent state: every step recorded once, and the summary is that of a plain loop
    assert len(trainer.history["train"]) == len(trainer.history["test"]) == stopped_at
    same = LiveTrainer(controls="basic")
    same.step(stopped_at)
    assert same.summary() == trainer.summary()
    trainer.step(1)  # step() still works after playing
    assert trainer.steps_done == stopped_at + 1


def test_play_stops_by_itself_after_max_steps():
    trainer = LiveTrainer(controls="basic", max_steps_per_tick=3, max_steps=10)
    asyncio.run(play_for(trainer, 0.6))
    assert not trainer.playing and trainer.steps_done == 10
    assert "stopped after 10 steps" in trainer.speed.value

    async def again() -> bool:
        trainer.play_button.click()  # at the limit already: returns at once
        return trainer.playing

    assert not asyncio.run(again()) and trainer.steps_done == 10


def test_play_stops_when_training_diverges_and_says_why():
    trainer = LiveTrainer(
        dataset="spirals", width=16, depth=4, activation="relu", init="he", residual=True,
        optimizer="sgd", lr=100.0,
    )  # fmt: skip
    asyncio.run(play_for(trainer, 1.0))
    assert not trainer.playing and trainer.run.diverged
    assert trainer.speed.value == "stopped: training diverged"
    assert trainer.alert.layout.display is None
    assert f"diverged at step {trainer.run.diverged_at}" in trainer.alert.value
    assert "learning rate 100 is too large" in trainer.alert.value
    trainer.lr.value = 0.01  # a step setting does not undo the damage; Reset does
    trainer.reset_button.click()
    assert not trainer.run.diverged and trainer.alert.layout.display == "none"


def test_play_twice_starts_one_task():
    trainer = LiveTrainer(controls="basic")

    async def twice() -> None:
        trainer.play()
        task = trainer._task
        trainer.play()
        assert trainer._task is task
        trainer.pause()

    asyncio.run(twice())
    assert not trainer.playing


def test_play_needs_an_event_loop_and_the_button_says_so():
    trainer = LiveTrainer(controls="basic")
    with pytest.raises(RuntimeError, match=r"no running event loop|call trainer.step\(n\)"):
        trainer.play()
    trainer.play_button.click()  # a handler never raises into the kernel: it says so in red
    assert "call trainer.step(n) instead" in trainer.alert.value
    assert not trainer.playing and not trainer.play_button.disabled


def test_no_handler_raises_even_when_the_numbers_blow_up():
    trainer = LiveTrainer(activation="relu", width=64)
    trainer.init.value = "large"
    trainer.depth.value = 100  # overflows to inf and NaN at once: shown, not raised
    trainer.step_button.click()
    assert trainer.run.diverged and "init 'large'" in trainer.alert.value
    assert _pictures(trainer), "still drawn"
    trainer.init.value = "he"
    assert not trainer.run.diverged and trainer.alert.value == ""


def test_a_refused_value_goes_back_and_is_explained():
    X, y = data.blobs(n=60, centers=2, seed=0)
    trainer = LiveTrainer(data=(X, y))
    trainer.dataset.value = "moons"  # disabled in the view, but code can still try
    assert trainer.dataset.value == "custom" and trainer.run.settings.dataset == "custom"
    assert "its dataset stays 'custom'" in trainer.alert.value


# ---- your data, basic controls, state --------------------------------------------------------


def test_your_own_data():
    X, y = data.blobs(n=120, centers=3, noise=0.6, seed=2)
    trainer = LiveTrainer(data=(X, y), width=6)
    assert trainer.dataset.label == "your data"
    assert trainer.dataset.disabled and trainer.noise.disabled and trainer.n.disabled
    trainer.step(150)
    assert trainer.evaluate()["train accuracy"] > 0.9
    assert repr(trainer) == (
        "LiveTrainer(your data (120 points), seed=0, net 2-6-3 tanh, lr=0.1, n=120)"
    )
    again = LiveTrainer.from_state(json.loads(json.dumps(trainer.state())))
    again.step(150)
    assert again.summary() == trainer.summary()


def test_basic_controls_use_only_words_taught_by_notebook_05():
    trainer = LiveTrainer(controls="basic")
    labels = {getattr(w, "description", "") for w in _descendants(trainer)} - {""}
    assert labels == {
        "Play", "Pause", "Step ×10", "Reset", "dataset", "noise", "seed", "width", "depth",
        "learning rate",
    }  # fmt: skip
    assert trainer.depth.max == 3
    assert len([w for w in _descendants(trainer) if isinstance(w, widgets.Image)]) == 2
    text = " ".join(str(getattr(w, "value", "")) for w in _descendants(trainer)).lower()
    for term in ("relu", "init", "residual", "optimizer", "batch", "l2", "adam", "gradient"):
        assert term not in text


def _descendants(root):
    yield root
    for child in getattr(root, "children", ()):
        yield from _descendants(child)


def test_state_round_trip():
    trainer = LiveTrainer(dataset="xor", width=6, depth=2, optimizer="adam", lr=0.01)
    trainer.step(40)
    state = json.loads(json.dumps(trainer.state()))
    again = LiveTrainer.from_state(state, controls="basic")
    assert again.basic and again.state() == state
    again.step(40)
    assert again.summary() == trainer.summary()


def test_bad_arguments_are_explained():
    trainer = LiveTrainer()
    for bad in (-1, 2.5, True):
        with pytest.raises(ValueError, match="whole number of steps"):
            trainer.step(bad)
    with pytest.raises(ValueError, match="unknown dataset 'iris'; choose one of moons"):
        LiveTrainer(dataset="iris")
    with pytest.raises(TypeError, match="'hidden' is now called 'width'"):
        LiveTrainer(hidden=8)
    with pytest.raises(ValueError, match="controls must be 'all' or 'basic', got 'some'"):
        LiveTrainer(controls="some")
    with pytest.raises(ValueError, match="max_steps must be a positive whole number"):
        LiveTrainer(max_steps=0)


def test_repr_is_short_and_deterministic():
    trainer = LiveTrainer(controls="basic")
    expected = "LiveTrainer(moons, noise=0.1, seed=0, net 2-8-2 tanh, lr=0.1)"
    assert repr(trainer) == expected
    trainer.step(5)
    assert repr(trainer) == expected, "the repr does not change as it trains"
    assert trainer._repr_mimebundle_()["text/plain"] == expected
    deep = LiveTrainer(width=16, depth=50, activation="relu", init="he", residual=True)
    assert repr(deep) == (
        "LiveTrainer(moons, noise=0.1, seed=0, net 2-16×50-2 relu residual, lr=0.1, init='he')"
    )


def test_no_pyplot_figures_are_created_or_leaked():
    before = plt.get_fignums()
    trainer = LiveTrainer()
    trainer.show_unit_maps.value = True
    trainer.step(20)
    trainer.dataset.value = "circles"
    assert plt.get_fignums() == before
