"""The live trainer: step(n) is a seeded training loop; Play runs on the event loop until Pause."""

from __future__ import annotations

import asyncio
import json
import re

import ipywidgets as widgets
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_checks import texts_inside_the_figure

from helpers import data, nn, optim, plot
from helpers.functional import cross_entropy
from helpers.widgets import LiveTrainer
from helpers.widgets.presenter_sizes import COLUMN
from helpers.widgets.trainer_views import LOSS_RANGE, PANEL


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


async def play_until_it_stops(trainer: LiveTrainer, limit: float = 10.0) -> None:
    trainer.play()
    began = asyncio.get_running_loop().time()
    while trainer.playing and asyncio.get_running_loop().time() - began < limit:
        await asyncio.sleep(0.05)


def test_play_stops_by_itself_after_max_steps():
    trainer = LiveTrainer(controls="basic", max_steps_per_tick=3, max_steps=10)
    asyncio.run(play_until_it_stops(trainer))
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
    asyncio.run(play_until_it_stops(trainer))
    assert not trainer.playing and trainer.run.diverged
    assert trainer.speed.value == f"stopped: training diverged at step {trainer.run.diverged_at}"
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
        "Play", "Pause", "Step ×10", "Reset", "Reset settings", "dataset", "noise", "seed",
        "width", "depth", "learning rate",
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
    for bad, error in ((-1, ValueError), (2.5, TypeError), (True, TypeError)):
        with pytest.raises(error, match="trains a whole number of steps"):
            trainer.step(bad)
    with pytest.raises(ValueError, match=r"dataset must be one of 'moons', .*got 'iris'"):
        LiveTrainer(dataset="iris")
    with pytest.raises(TypeError, match="'hidden' is now called 'width'"):
        LiveTrainer(hidden=8)
    with pytest.raises(ValueError, match="controls must be one of 'all', 'basic', got 'some'"):
        LiveTrainer(controls="some")
    with pytest.raises(ValueError, match="max_steps must be a whole number >= 1, got 0"):
        LiveTrainer(max_steps=0)
    with pytest.raises(TypeError, match=r"max_steps_per_tick must be a whole number, got 2\.5"):
        LiveTrainer(max_steps_per_tick=2.5)
    with pytest.raises(ValueError, match=r"lr must be a number from 1e-06 to 100, got 1000"):
        LiveTrainer(lr=1000)


def test_no_setting_is_clamped_by_its_control():
    """Every value the settings accept is shown as it is: a slider is widened, never clamped."""
    settings = dict(noise=0.9, n=3000, seed=123456, lr=50.0, batch_size=7, l2=5.0)
    trainer = LiveTrainer(**settings)
    for name, value in settings.items():
        assert trainer.controls[name].value == value, name
    basic = LiveTrainer(controls="basic", width=64, depth=10)
    assert (basic.width.value, basic.depth.value) == (64, 10)
    assert basic.architecture() == "2-64×10-2 tanh"


def test_data_holding_a_nan_is_refused_before_the_first_step():
    X, y = data.blobs(n=60, centers=2, seed=0)
    X = X.copy()
    X[3, 0] = np.nan
    with pytest.raises(ValueError, match=r"data X must be finite numbers only.*entry \(3, 0\)"):
        LiveTrainer(data=(X, y))


def test_a_nan_learning_rate_set_from_code_is_refused_in_the_view():
    trainer = LiveTrainer()
    trainer.lr.value = float("nan")
    assert trainer.lr.value == 0.1 and trainer.run.optimizer.lr == 0.1
    assert "lr must be a finite number, got nan" in trainer.alert.value


def test_losses_above_the_loss_axis_are_marked_on_its_top_edge():
    trainer = LiveTrainer(dataset="xor", activation="relu", width=32, depth=3, noise=0.5)
    trainer.lr.value = 10**0.5  # the slider's top, momentum 0.9: the loss jumps far up
    trainer.step(100)
    losses = np.array([trainer.history["train"], trainer.history["test"]])
    above = np.flatnonzero((losses > LOSS_RANGE[1]).any(axis=0))
    assert len(above) > 0, "this run does leave the axis"
    panel = trainer.loss_panel
    x, y = panel.marks["above"].get_data()
    assert set(x) <= set(above) and len(x) >= min(len(above), 50)
    assert np.all(np.asarray(y) == LOSS_RANGE[1])
    note = panel.notes["above"].get_text()
    assert note == f"▲ {len(above)} above 5: up to {losses.max():.2g}"
    _, drawn = panel.train.get_data()
    assert np.max(drawn) == LOSS_RANGE[1], "the curve runs along the edge, not off the chart"
    trainer.reset_button.click()
    assert panel.notes["above"].get_text() == "" and len(panel.marks["above"].get_data()[0]) == 0


# ---- presenter style ---------------------------------------------------------------------------


@pytest.mark.parametrize("present", [False, True])
def test_sizes_in_the_student_and_the_presenter_style(monkeypatch, request, present):
    monkeypatch.setenv("HELPERS_PRESENT", "1" if present else "")
    plot.use_style()  # reads HELPERS_PRESENT again, as a notebook\'s first cell does
    request.addfinalizer(lambda: plot.use_style(presenter=False))
    trainer = LiveTrainer(depth=2)
    trainer.step(5)
    trainer.show_unit_maps.value = True
    panels = [trainer.boundary_panel, trainer.loss_panel, trainer.gradient_panel]
    panels.append(trainer.diagram_panel)
    trainer.flush()
    widths = []
    for panel in panels:
        assert tuple(panel.fig.get_size_inches()) == PANEL, "the same layout in both"
        assert panel.fig.dpi == (120 if present else 80)
        widths.append(int(panel.image.layout.width.removesuffix("px")))
        texts_inside_the_figure(panel.fig)
    assert widths == [516] * 4 if present else [344] * 4
    # side by side: three on a student's screen, two in the presenter style, in the column
    per_row = 2 if present else 3
    assert per_row * widths[0] <= COLUMN < (per_row + 1) * widths[0] + 100
    maps = trainer.unit_maps_panel.image.layout
    assert maps.max_width == "100%"
    text_px = int(re.search(r"font-size:(\d+)px", trainer.info.value).group(1))
    assert text_px >= 20 if present else text_px < 20
    assert trainer.width.layout.width == ("405px" if present else "270px")
    assert ("helpers-present" in trainer._dom_classes) == present
    columns = trainer.children[1].children
    assert all(int(c.layout.width.removesuffix("px")) <= COLUMN for c in columns)


def test_the_notebook_style_does_not_change_the_pictures():
    """Large fonts set by a notebook (rcParams) used to clip the fixed-size panels."""
    try:
        plot.use_style(presenter=False)
        student = LiveTrainer(depth=2)
        student.step(20)
        mpl.rcParams.update({"font.size": 24, "axes.titlesize": 30, "axes.labelsize": 26})
        presenter_fonts = LiveTrainer(depth=2)
        presenter_fonts.step(20)
    finally:
        plot.use_style()
    assert _pictures(student) == _pictures(presenter_fonts)


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


def test_a_seed_beyond_the_usual_box_is_kept():
    trainer = LiveTrainer()
    trainer.seed.value = 123_456  # was clamped to 9999 by the box
    assert trainer.run.settings.seed == 123_456
    assert LiveTrainer(seed=None).run.settings.seed == 0, "None: the documented default"


def test_reset_settings_puts_every_control_back_where_the_constructor_set_it():
    made = dict(dataset="xor", width=6, depth=2, optimizer="adam", lr=0.01, batch_size=16)
    trainer, fresh = LiveTrainer(**made), LiveTrainer(**made)
    trainer.step(30)
    trainer.dataset.value, trainer.width.value, trainer.init.value = "spirals", 12, "he"
    trainer.lr.value, trainer.batch_size.value, trainer.l2.value = 0.3, 0, 0.01
    trainer.show_unit_maps.value, trainer.unit_layer.value = True, 2
    trainer.step(5)
    trainer.defaults_button.click()
    assert {n: c.value for n, c in trainer.controls.items()} == {
        n: c.value for n, c in fresh.controls.items()
    }
    assert trainer.state() == fresh.state() and trainer.steps_done == 0
    assert not trainer.show_unit_maps.value and trainer.unit_layer.value == 1
    trainer.step(20)
    fresh.step(20)
    assert trainer.summary() == fresh.summary()
    assert _pictures(trainer) == _pictures(fresh)
