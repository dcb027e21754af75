"""The learning-rate explorer: driven from code, its numbers are the closed form of the bowl."""

from __future__ import annotations

import io
import re
import warnings

import matplotlib as mpl
import matplotlib.image
import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_checks import texts_inside_the_figure

from helpers import landscape, plot
from helpers.widgets import LearningRateExplorer
from helpers.widgets.descent import LOSS_RANGE, step_axis
from helpers.widgets.presenter_sizes import COLUMN


def pixels(png: bytes) -> np.ndarray:
    return matplotlib.image.imread(io.BytesIO(png), format="png")


@pytest.fixture(scope="module")
def explorer():
    return LearningRateExplorer()


def closed_form_loss(lr: float, steps: int) -> float:
    """The bowl ½(w₁² + 10 w₂²) from (−4.5, 2): each axis shrinks by (1 − ηλ) per step."""
    lam, start = np.array([1.0, 10.0]), np.array([-4.5, 2.0])
    w = (1 - lr * lam) ** steps * start
    return float(0.5 * np.sum(lam * w * w))


@pytest.mark.parametrize(
    ("lr", "regime"),
    [(0.002, "too small"), (0.05, "about right"), (0.19, "too large (oscillating)"),
     (0.21, "divergent")],
)  # fmt: skip
def test_the_four_regimes_driven_from_code(explorer, lr, regime):
    explorer.method.value = "gradient descent"
    explorer.steps.value = 50
    explorer.lr.value = lr
    assert explorer.regime == regime
    assert explorer.run.final_loss == pytest.approx(closed_form_loss(lr, 50), rel=1e-9)
    assert explorer.summary().endswith(regime)
    assert f"η = {lr:.4g}" in explorer.summary()
    assert f"regime: {regime}" in explorer.status.value


def test_a_run_that_explodes_is_stopped_and_reported(explorer):
    explorer.method.value = "gradient descent"
    explorer.lr.value = 0.8
    assert explorer.run.diverged and explorer.regime == "divergent"
    assert "(stopped: diverged)" in explorer.summary()
    assert np.isfinite(explorer.run.path).all()


def test_repr_is_short_and_deterministic():
    e = LearningRateExplorer(lr=0.1, steps=40)
    assert repr(e) == "LearningRateExplorer(bowl, gradient descent, lr=0.1, steps=40)"
    assert e._repr_mimebundle_()["text/plain"] == repr(e)


def test_switching_surface_moves_the_start_sliders_and_redraws():
    e = LearningRateExplorer()
    e.surface.value = "valley"
    valley = e.current_surface
    assert (e.start_x.value, e.start_y.value) == pytest.approx(valley.start)
    assert (e.start_x.min, e.start_x.max) == valley.xlim
    assert (e.start_y.min, e.start_y.max) == valley.ylim
    np.testing.assert_allclose(e.run.path[0], valley.start)
    # near the valley's minimum its largest curvature is 51 + √2561, so η = 0.05 diverges there
    e.lr.value = 0.05
    assert e.regime == "divergent"
    assert e.run.final_loss == pytest.approx(
        landscape.descend(valley, valley.start, 0.05, 50).final_loss
    )


def test_momentum_and_adam_runs_are_the_helpers_optim_runs():
    e = LearningRateExplorer()
    for method in ("momentum", "Adam"):
        e.method.value = method
        e.lr.value = 0.03
        e.start_x.value, e.start_y.value = -3.0, 1.0
        expected = landscape.descend(e.current_surface, (-3.0, 1.0), 0.03, 50, method=method)
        np.testing.assert_array_equal(e.run.path, expected.path)
        assert e.regime == ""  # the curvature rule is for plain gradient descent only
        assert e.summary().startswith(f"{method}, η = 0.03: loss")


def test_fast_redraw_gives_the_same_picture_as_a_full_redraw():
    e = LearningRateExplorer()
    first = e.image.value
    e.lr.value = 0.19
    oscillating = e.image.value
    assert not np.array_equal(pixels(first), pixels(oscillating)), "the picture follows η"
    e.lr.value = 0.1  # the default again
    np.testing.assert_array_equal(pixels(e.image.value), pixels(first))
    e.live.invalidate()  # force a full draw of everything
    e.update()
    np.testing.assert_array_equal(pixels(e.image.value), pixels(first))


def test_no_pyplot_figures_are_created_or_leaked():
    before = plt.get_fignums()
    e = LearningRateExplorer()
    for lr in (0.01, 0.1, 0.3):
        e.lr.value = lr
    e.surface.value = "valley"
    assert plt.get_fignums() == before


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        (
            {"surface": "saddle"},
            ValueError,
            r"surface must be one of 'bowl', 'valley', got 'saddle'",
        ),
        ({"method": "sgd"}, ValueError, r"method must be one of 'gradient descent', .*got 'sgd'"),
        ({"lr": 5.0}, ValueError, r"lr must be a number from 0\.0001 to 1, got 5\.0; the range"),
        ({"lr": 0}, ValueError, r"lr must be a number from 0\.0001 to 1, got 0"),
        ({"lr": -1}, ValueError, r"lr must be a number from 0\.0001 to 1, got -1"),
        ({"lr": float("nan")}, ValueError, r"lr must be a finite number, got nan"),
        ({"lr": None}, TypeError, r"lr must be a real number, got None"),
        ({"steps": 1000}, ValueError, r"steps must be a whole number from 0 to 300, got 1000"),
        ({"steps": -1}, ValueError, r"steps must be a whole number from 0 to 300, got -1"),
        ({"steps": 2.5}, TypeError, r"steps must be a whole number, got 2\.5"),
    ],
)
def test_arguments_outside_the_controls_are_refused_never_clamped(arguments, error, message):
    with pytest.raises(error, match=message):
        LearningRateExplorer(**arguments)


def test_arguments_at_the_ends_of_the_sliders_are_kept_exactly():
    for lr, steps in ((1e-4, 0), (1.0, 300)):
        e = LearningRateExplorer(lr=lr, steps=steps)
        assert (e.lr.value, e.steps.value) == (lr, steps)
        assert e.run.steps == steps or e.run.diverged


def test_step_axis_goes_on_beyond_its_table():
    ends = [step_axis(n) for n in (0, 10, 11, 300, 301, 500, 501, 1001, 2001, 5001)]
    assert ends == [10, 10, 20, 300, 500, 500, 1000, 2000, 5000, 10000]


def test_more_steps_than_the_slider_offers_from_code():
    e = LearningRateExplorer(lr=0.01)
    e.steps.max = 2000
    e.steps.value = 1500  # was a raw StopIteration
    assert e.run.steps == 1500 and e.ax_loss.get_xlim() == (0, 2000)
    assert e.run.final_loss == pytest.approx(closed_form_loss(0.01, 1500), rel=1e-9)
    assert e.summary().endswith("in 1500 steps, about right")


def test_a_value_no_run_can_use_is_refused_in_the_view_and_the_control_goes_back():
    e = LearningRateExplorer(lr=0.05)
    e.steps.value = 40
    before = e.summary()
    e.lr.value = float("nan")  # from code: the slider itself lets it through
    assert "lr must be a finite number, got nan" in e.status.value
    assert "back to η = 0.05, 40 steps" in e.status.value
    assert e.lr.value == 0.05 and e.summary() == before, "consistent: the run is that of 0.05"
    e.lr.value = 0.19  # and it goes on working
    assert e.regime == "too large (oscillating)" and "⚠" not in e.status.value


def test_an_overflow_is_shown_in_the_view_not_raised_or_warned():
    e = LearningRateExplorer(lr=0.19)
    e.start_x.max = 1e200  # a start so far out that the loss overflows to inf
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning either
        e.start_x.value = 1e200
    assert e.run.diverged and e.run.steps == 0 and e.regime == "divergent"
    assert "stopped at step 1: the loss passed 1e+10 or overflowed" in e.status.value
    x, y = e._off_chart.get_data()  # the start's loss is above the axis: marked on its top edge
    assert list(x) == [0] and list(y) == [LOSS_RANGE[1]]
    assert e._note.get_text() == "▲ 1 above 1e+11: up to inf"


def test_a_loss_below_the_axis_runs_along_its_bottom_edge_with_a_note():
    e = LearningRateExplorer(lr=0.095, steps=300)
    losses = e.run.losses
    first = int(np.argmax(losses < LOSS_RANGE[0]))
    assert losses[-1] < LOSS_RANGE[0] and first > 0, "this run does go below the axis"
    _, drawn = e._loss_line.get_data()
    assert np.all(drawn >= LOSS_RANGE[0]) and drawn[-1] == LOSS_RANGE[0]
    assert e._note.get_text() == f"▼ below 1e-08 from step {first}"


def test_reset_puts_every_control_back_where_the_constructor_set_it():
    e = LearningRateExplorer(surface="valley", method="momentum", lr=0.02, steps=80)
    fresh = LearningRateExplorer(surface="valley", method="momentum", lr=0.02, steps=80)
    e.surface.value = "bowl"
    e.method.value = "Adam"
    e.lr.value, e.steps.value = 0.5, 200
    e.start_x.value, e.start_y.value = 1.0, -1.0
    e.reset_button.click()
    controls = ("surface", "method", "lr", "steps", "start_x", "start_y")
    assert {c: getattr(e, c).value for c in controls} == {
        c: getattr(fresh, c).value for c in controls
    }
    assert (e.start_x.value, e.start_y.value) == pytest.approx(e.surfaces["valley"].start)
    assert e.summary() == fresh.summary() and repr(e) == repr(fresh)
    np.testing.assert_array_equal(pixels(e.image.value), pixels(fresh.image.value))


# ---- presenter style ---------------------------------------------------------------------------


@pytest.mark.parametrize("present", [False, True])
def test_sizes_in_the_student_and_the_presenter_style(monkeypatch, request, present):
    monkeypatch.setenv("HELPERS_PRESENT", "1" if present else "0")
    plot.use_style()  # reads HELPERS_PRESENT again, as a notebook\'s first cell does
    request.addfinalizer(lambda: plot.use_style(presenter=False))
    e = LearningRateExplorer(lr=0.19)
    assert tuple(e.fig.get_size_inches()) == (9.0, 3.8), "the same layout in both"
    assert e.fig.dpi == (120 if present else 80)
    width = int(e.image.layout.width.removesuffix("px"))
    assert width == (1080 if present else 720) and width <= COLUMN
    assert pixels(e.image.value).shape[:2] == ((456, 1080) if present else (304, 720))
    text_px = int(re.search(r"font-size:(\d+)px", e.status.value).group(1))
    assert text_px >= 20 if present else text_px < 20
    assert e.lr.layout.width == ("495px" if present else "330px")
    assert ("helpers-present" in e._dom_classes) == present
    styles = [c.value for c in e.children if "<style>" in getattr(c, "value", "")]
    assert (styles != []) == present
    if present:
        assert "--jp-widgets-font-size:20px" in styles[0]
    # the tick labels: 11 pt, i.e. about 18 px in the presenter style, 12 px on a student's screen
    tick = e.ax_loss.get_yticklabels()[0]
    assert tick.get_fontsize() * e.fig.dpi / 72 == pytest.approx(18.3 if present else 12.2, 0.01)
    texts_inside_the_figure(e.fig)


def test_the_notebook_style_does_not_change_the_picture():
    """Large fonts set by a notebook (rcParams) used to crowd the fixed-size picture."""
    try:
        plot.use_style(presenter=False)
        student = LearningRateExplorer(lr=0.19)
        mpl.rcParams.update({"font.size": 24, "axes.titlesize": 30, "axes.labelsize": 26})
        presenter_fonts = LearningRateExplorer(lr=0.19)
        presenter_fonts.lr.value = 0.05
        presenter_fonts.lr.value = 0.19
        texts_inside_the_figure(presenter_fonts.fig)
    finally:
        plot.use_style()
    np.testing.assert_array_equal(pixels(student.image.value), pixels(presenter_fonts.image.value))
