"""helpers.draw_network: circles for neurons, lines for weights, colours for signs and values.

Weights are planted by hand so that the expected widths, colours and fills follow from the
numbers, never from the code under test; activations are compared with ``model.outputs(x)``.
Figures are off-screen (``offscreen_figure``) unless a test is about pyplot.
"""

from __future__ import annotations

import io
import time
from itertools import pairwise

import matplotlib.image
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib import rc_context
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgb
from matplotlib.patches import FancyBboxPatch
from matplotlib.text import Text

import helpers
from helpers import nn, scalar_nn
from helpers.depth_demo import TanhNetwork
from helpers.diagram import MIN_WIDTH, NetworkDiagram, draw_network, size_text
from helpers.features import UNIT_CMAP
from helpers.widgets.render import LiveFigure, offscreen_figure

BLUE, ORANGE = to_rgb("#0072B2"), to_rgb("#D55E00")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def diagram(model, x=None, size=(8, 4.5), **options) -> NetworkDiagram:
    fig = offscreen_figure(size, dpi=60)
    return NetworkDiagram(fig.add_axes((0, 0, 1, 0.9)), model, x, **options)


def planted(sizes, activation="tanh", weights=None, biases=None) -> nn.MLP:
    model = nn.MLP(sizes, activation=activation)
    for k, layer in enumerate(model.layers):
        if weights is not None:
            layer.W.data[...] = weights[k]
        if biases is not None:
            layer.b.data[...] = biases[k]
    return model


def lines_of(d: NetworkDiagram) -> list[LineCollection]:
    return [a for a in d.ax.collections if isinstance(a, LineCollection)]


def circles_of(d: NetworkDiagram) -> list[PathCollection]:
    return [a for a in d.ax.collections if isinstance(a, PathCollection)]


def texts_of(d: NetworkDiagram) -> list[str]:
    return [t.get_text() for t in d.ax.texts]


def numbers_of(d: NetworkDiagram) -> list[str]:
    """The texts update() rewrites: the inputs' and the outputs' labels and values."""
    return [a.get_text() for a in d.artists() if isinstance(a, Text)]


def test_one_circle_per_neuron_and_one_line_per_weight_joining_their_centres() -> None:
    d = diagram(nn.MLP([2, 8, 8, 3]))
    circles = circles_of(d)
    assert [len(c.get_offsets()) for c in circles] == [2, 8, 8, 3]
    assert [len(lc.get_segments()) for lc in lines_of(d)] == [2 * 8, 8 * 8, 8 * 3]
    # Segment i·nout + j runs from neuron i of one column to neuron j of the next (W[i, j]).
    for k, lc in enumerate(lines_of(d)):
        start, end = circles[k].get_offsets(), circles[k + 1].get_offsets()
        for i in range(len(start)):
            for j in range(len(end)):
                seg = lc.get_segments()[i * len(end) + j]
                assert np.allclose(seg, [start[i], end[j]])
    assert d.ax.get_title() == "A 2-8-8-3 network: tanh hidden layers"
    assert numbers_of(d) == ["x₁", "x₂", "class 0", "class 1", "class 2"]  # no x: no numbers


def test_width_grows_with_the_size_of_a_weight_and_colour_shows_its_sign() -> None:
    W0 = np.array([[0.1, -0.5, 2.0], [-2.0, 0.0, 1.0]])
    W1 = np.array([[0.25], [-1.0], [0.5]])
    d = diagram(planted([2, 3, 1], weights=[W0, W1]))
    widths = np.concatenate([lc.get_linewidths() for lc in lines_of(d)])
    colours = np.concatenate([lc.get_colors()[:, :3] for lc in lines_of(d)])
    w = np.concatenate([W0.ravel(), W1.ravel()])
    order = np.argsort(np.abs(w), kind="stable")
    assert np.all(np.diff(widths[order]) >= 0)  # monotone in |w| across the whole network
    distinct = np.diff(np.abs(w)[order]) > 0
    assert np.all(np.diff(widths[order])[distinct] > 0)  # and strictly where |w| differs
    assert widths[np.argmax(np.abs(w))] >= 3 * widths[np.argsort(np.abs(w))[1]]
    assert widths[w == 2.0] == widths[w == -2.0] == widths.max()  # same size, same width
    assert widths.min() == pytest.approx(MIN_WIDTH) and MIN_WIDTH > 0  # w = 0: a hairline
    extra = (widths - MIN_WIDTH)[w != 0] / np.abs(w[w != 0])
    assert np.allclose(extra, extra[0])  # above the hairline, width is proportional to |w|
    for value, colour in zip(w, colours, strict=True):
        assert np.allclose(colour, BLUE if value >= 0 else ORANGE)


def test_each_neuron_is_filled_with_its_activation_for_x() -> None:
    # Hidden unit 0 reads nothing (activation tanh(0) = 0), unit 1 is positive, unit 2 negative.
    W0 = np.array([[0.0, 1.0, -1.5], [0.0, 0.5, 0.5]])
    W1 = np.array([[1.0, -1.0], [2.0, 0.0], [-1.0, 3.0]])
    model = planted([2, 3, 2], weights=[W0, W1])
    x = np.array([0.8, -0.4])
    d = diagram(model, x)
    hidden, logits = (t.data[0] for t in model.outputs(x[None, :]))
    fills = [c.get_facecolors()[:, :3] for c in circles_of(d)]
    assert hidden[0] == 0 and hidden[1] > 0 > hidden[2]
    assert np.allclose(fills[1][0], 1.0)  # an activation of 0 is white
    r, _, b = fills[1][1]
    assert b > r  # positive: bluish
    r, _, b = fills[1][2]
    assert r > b  # negative: orangish
    # tanh is in (−1, 1): full colour stands for ±1.
    expected = UNIT_CMAP(0.5 + 0.5 * hidden)[:, :3]
    assert np.allclose(fills[1], expected, atol=0.01)
    # Inputs and logits are scaled by their column's largest |value|: that one is full colour.
    assert np.allclose(fills[0][0], BLUE, atol=0.01)  # x₁ = 0.8, the largest
    half_orange = 1 - 0.5 * (1 - np.array(ORANGE))  # x₂ = −0.4: halfway from white to orange
    assert np.allclose(fills[0][1], half_orange, atol=0.01)
    big = np.argmax(np.abs(logits))
    assert np.allclose(fills[2][big], BLUE if logits[big] > 0 else ORANGE, atol=0.01)
    z0, z1 = (f"{v:.2f}".replace("-", "−") for v in logits)
    assert numbers_of(d) == ["x₁ = 0.80", "x₂ = −0.40", f"class 0: {z0}", f"class 1: {z1}"]


def test_relu_layers_are_scaled_by_their_largest_activation() -> None:
    model = nn.MLP([2, 16, 16, 2], activation="relu", seed=3)
    x = [0.7, -1.2]
    d = diagram(model, x)
    for column, a in zip(circles_of(d)[1:-1], model.outputs(np.array([x]))[:-1], strict=True):
        a = a.data[0]
        fill = column.get_facecolors()[:, :3]
        assert np.allclose(fill[a == 0], 1.0)  # switched-off units are white
        assert np.allclose(fill[np.argmax(a)], BLUE, atol=0.01)


def test_without_x_neurons_are_plain_white_circles() -> None:
    d = diagram(nn.MLP([3, 4, 2]))
    for column in circles_of(d):
        assert np.allclose(column.get_facecolors(), 1.0)
        assert np.allclose(column.get_edgecolors()[:, :3], to_rgb("#333333"))
    d.update(nn.MLP([3, 4, 2]), x=[1, 2, 3])
    assert not np.allclose(circles_of(d)[1].get_facecolors(), 1.0)
    d.update(nn.MLP([3, 4, 2]))  # and back
    assert np.allclose(circles_of(d)[1].get_facecolors(), 1.0) and "x₁" in texts_of(d)


def test_the_scalar_and_the_tensor_mlp_with_the_same_weights_look_the_same() -> None:
    scalar = scalar_nn.MLP([3, 4, 4, 2], activation="tanh", seed=5)
    tensor = nn.MLP([3, 4, 4, 2], activation="tanh")
    for s_layer, t_layer in zip(scalar.layers, tensor.layers, strict=True):
        for j, neuron in enumerate(s_layer.neurons):  # neuron j reads input i with W[i, j]
            neuron.b.data = 0.3 * neuron.w[0].data  # biases too, different for each neuron
            t_layer.W.data[:, j] = [w.data for w in neuron.w]
            t_layer.b.data[j] = neuron.b.data
    x = [0.5, -0.25, 1.0]
    a, b = diagram(scalar, x), diagram(tensor, x)
    for la, lb in zip(lines_of(a), lines_of(b), strict=True):
        assert np.allclose(la.get_linewidths(), lb.get_linewidths())
        assert np.allclose(la.get_colors(), lb.get_colors())
    for ca, cb in zip(circles_of(a), circles_of(b), strict=True):
        assert np.allclose(ca.get_facecolors(), cb.get_facecolors())
    out_a = [t.split()[-1] for t in texts_of(a) if t.startswith("y")]
    out_b = [t.split()[-1] for t in texts_of(b) if t.startswith("class")]
    assert out_a == out_b and len(out_a) == 2
    assert "y₁: " + out_a[0] in texts_of(a)


def test_a_residual_layer_gets_an_arc_marked_plus() -> None:
    model = nn.MLP([2, 6, 6, 6, 2], activation="relu", residual=True)
    assert model.skips == [False, True, True, False]
    d = diagram(model, [0.1, 0.2])
    assert texts_of(d).count("+") == 2
    assert d.ax.get_title() == "A 2-6×3-2 residual network: relu hidden layers"
    assert texts_of(diagram(nn.MLP([2, 6, 6, 6, 2]))).count("+") == 0


def test_block_diagram_past_max_units_or_max_layers() -> None:
    wide = diagram(nn.MLP([2, 17, 3]))
    assert wide.groups is not None and not lines_of(wide)
    assert "hidden 1\n17 units\ntanh" in texts_of(wide)
    deep = nn.MLP([2] + [4] * 11 + [3])
    assert diagram(deep).groups is not None
    assert diagram(deep, max_layers=11).groups is None
    assert diagram(nn.MLP([2, 17, 3]), max_units=17).groups is None
    assert "block diagram" in repr(wide)


def test_a_100_layer_residual_network_collapses_its_middle() -> None:
    model = nn.MLP([2] + [16] * 100 + [3], activation="relu", residual=True)
    d = diagram(model, [0.3, -1.0], size=(10.5, 2.8))
    texts = texts_of(d)
    assert "× 94 more\nhidden layers\nof 16 units\nrelu" in texts
    ends = ["input\n2 values", "hidden 1\n16 units\nrelu", "hidden 100\n16 units\nrelu"]
    assert all(label in texts for label in [*ends, "output\n3 logits"])
    assert texts.count("+") == 6  # h1→h2→h3→(94)→h98→h99→h100
    boxes = d.artists()
    assert len(boxes) == 7 and all(isinstance(b, FancyBboxPatch) for b in boxes)
    fills = np.array([b.get_facecolor()[:3] for b in boxes])
    assert not np.allclose(fills, 1.0) and np.all(fills[:, 2] >= fills[:, 0])  # blue: |a| ≥ 0
    d.update(model)  # no x: white again
    assert all(np.allclose(b.get_facecolor()[:3], 1.0) for b in boxes)
    d.fig.canvas.draw()
    assert d.ax.get_title() == "A 2-16×100-3 residual network: relu hidden layers"


def test_update_restyles_the_same_artists() -> None:
    model = nn.MLP([2, 5, 3])
    x = [1.0, -1.0]
    d = diagram(model, x)
    artists = d.artists()
    children = len(d.ax.get_children())
    before = [lc.get_linewidths().copy() for lc in lines_of(d)]
    model.layers[1].W.data[0, 0] = 10.0  # now the largest weight: every other line gets thinner
    model.layers[0].W.data[0, 0] = -0.3
    d.update(model, x)
    assert all(a is b for a, b in zip(d.artists(), artists, strict=True))
    assert len(d.ax.get_children()) == children
    after = [lc.get_linewidths() for lc in lines_of(d)]
    assert after[1][0] > before[1][0] and after[0][1] < before[0][1]
    assert np.allclose(lines_of(d)[0].get_colors()[0, :3], ORANGE)
    with pytest.raises(ValueError, match=r"2-5-3 network, update got a 2-4-3"):
        d.update(nn.MLP([2, 4, 3]))


def test_artists_are_enough_to_blit_an_update() -> None:
    model = nn.MLP([2, 6, 6, 3], residual=True)
    d = diagram(model, [0.5, 0.5])
    live = LiveFigure(d.fig, d.artists)
    live.png()
    for layer in model.layers:
        layer.W.data *= -1.5
    d.update(model, [0.5, -0.5])
    blitted = matplotlib.image.imread(io.BytesIO(live.png()), format="png")
    fresh = diagram(model, [0.5, 0.5])
    fresh.update(model, [0.5, -0.5])
    full = matplotlib.image.imread(io.BytesIO(LiveFigure(fresh.fig, fresh.artists).png()), "png")
    assert np.abs(blitted - full).max() < 1e-6


def test_a_diverged_network_is_drawn_without_warnings(recwarn) -> None:
    model = nn.MLP([2, 4, 2])
    d = diagram(model, [0.5, 0.5])
    model.layers[0].W.data[0, 0] = np.nan
    model.layers[1].W.data[1, 1] = np.inf
    d.update(model, [0.5, 0.5])
    d.fig.canvas.draw()
    widths = [lc.get_linewidths() for lc in lines_of(d)]
    assert widths[0][0] == widths[1][3] == max(map(max, widths))  # not a number: thickest
    assert np.all(np.isfinite(np.concatenate(widths)))
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_bad_arguments_say_what_is_wrong() -> None:
    with pytest.raises(TypeError, match=r"model must be a helpers.nn.MLP, .*, got str 'abc'"):
        draw_network("abc")
    with pytest.raises(ValueError, match=r"x must be one input example of shape \(2,\).*\(3,\)"):
        draw_network(nn.MLP([2, 3, 2]), x=[1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match=r"x must be one input example, 2 numbers; got 'ab'"):
        diagram(nn.MLP([2, 3, 2]), "ab")
    with pytest.raises(ValueError, match=r"max_units must be a positive int, got 0"):
        diagram(nn.MLP([2, 3, 2]), max_units=0)
    with pytest.raises(TypeError, match=r"ax must be a matplotlib Axes, got Figure"):
        NetworkDiagram(offscreen_figure((3, 3)), nn.MLP([2, 3, 2]))
    assert plt.get_fignums() == []  # a failed draw_network leaves no figure behind


def test_draw_network_uses_pyplot_only_without_ax() -> None:
    fig = offscreen_figure((6, 4))
    d = draw_network(nn.MLP([2, 3, 2]), ax=fig.add_subplot())
    assert d.fig is fig and plt.get_fignums() == []
    d = helpers.draw_network(nn.MLP([2] + [16] * 10 + [3]))
    assert plt.get_fignums() == [d.fig.number]
    width, height = d.fig.get_size_inches()  # about 10 × 5 inches for 10 layers of 16
    assert width == 10.5 and 5.0 <= height <= 5.5


@pytest.mark.parametrize(
    ("model", "fontsize"),
    [
        (nn.MLP([2, 8, 8, 3]), 11),
        (nn.MLP([2] + [16] * 10 + [3], activation="relu", residual=True), 11),
        (nn.MLP([2] + [16] * 100 + [3], activation="relu", residual=True), 11),
        (scalar_nn.MLP([3, 4, 1], activation="relu"), 11),
        (nn.MLP([2, 6, 6, 6, 1], activation="relu", residual=True), 16),  # presenter mode
    ],
    ids=["2-8-8-3", "2-16x10-3", "2-16x100-3", "scalar", "presenter"],
)
def test_nothing_is_clipped_and_no_labels_overlap(model, fontsize) -> None:
    x = np.linspace(-1, 1, 3 if isinstance(model, scalar_nn.MLP) else 2)
    with rc_context({"font.size": fontsize, "axes.titlesize": 1.25 * fontsize}):
        d = draw_network(model, x)
        d.fig.canvas.draw()
    renderer = d.fig.canvas.get_renderer()
    page = d.fig.bbox
    texts = [t for t in [*d.ax.texts, d.ax.title] if t.get_text()]
    for t in texts:
        box = t.get_window_extent(renderer)
        assert (
            page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
        ), t
    for c in d.ax.collections:
        box = c.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
    titles = [t for t in d.ax.texts if t.get_text().startswith("hidden")]
    values = [a for a in d.artists() if isinstance(a, Text)]  # inputs' and outputs' numbers
    for group in (titles, values):
        boxes = [t.get_window_extent(renderer) for t in group]
        assert not any(a.overlaps(b) for a, b in pairwise(boxes))


def test_update_of_a_10_by_16_network_is_fast() -> None:
    model = nn.MLP([2] + [16] * 10 + [3], activation="tanh")
    d = diagram(model, [0.5, 0.5], size=(10, 5))
    times = []
    for _ in range(15):
        start = time.perf_counter()
        d.update(model, [0.5, 0.5])
        times.append(time.perf_counter() - start)
    assert np.median(times) < 0.02


def test_repr_and_size_text() -> None:
    assert repr(diagram(nn.MLP([2, 8, 8, 3]))) == "NetworkDiagram(2-8-8-3, 3 weight layers)"
    assert size_text([2, 16, 16, 16, 3]) == "2-16×3-3"
    assert size_text([2, 16, 16, 8, 8, 8, 8, 1]) == "2-16-16-8×4-1"
    assert size_text([4, 1]) == "4-1"
    linear = diagram(nn.MLP([4, 2]))
    assert linear.ax.get_title() == "A 4-2 network: no hidden layer"


def tanh_network() -> TanhNetwork:
    """Notebook 00's shape (2 → 2 → 2 → score) with planted weights."""
    w1, w2 = np.array([[1.0, 0.5], [-2.0, 0.0]]), np.array([[0.0, -1.0], [3.0, 1.0]])  # (in, out)
    return TanhNetwork((w1, w2), (np.zeros(2), np.array([0.1, -0.1])), np.array([2.0, -4.0]), 0.3)


def test_notebook_00s_network_is_drawn_with_the_letters_of_the_maths() -> None:
    net = tanh_network()
    d = diagram(net, notation=True)
    assert d.net.sizes == (2, 2, 2, 1)
    texts = texts_of(d)
    for name in ("x", "h₁", "h₂", "s", "W₁, b₁", "W₂, b₂", "w, c"):
        assert name in texts, name
    assert not any(t.startswith("hidden") for t in texts)
    # One line per weight: W_k read as (inputs, outputs), so W₁[1, 0] = −2 joins x₂ to h₁'s first
    # unit: the thickest line of the first layer, and orange; the score's −4 is the thickest.
    first, _, score = lines_of(d)
    widths = first.get_linewidths()
    assert np.argmax(widths) == 1 * 2 + 0  # segment i·nout + j: from input 2 (i = 1) to unit 1
    assert to_rgb(first.get_colors()[np.argmax(widths)]) == ORANGE
    assert max(score.get_linewidths()) == max(max(c.get_linewidths()) for c in lines_of(d))


def test_notebook_00s_network_with_an_input_fills_every_neuron_with_its_value() -> None:
    net = tanh_network()
    x = np.array([0.4, -0.7])
    d = diagram(net, x)
    h1 = np.tanh(x @ net.weights[0] + net.biases[0])
    h2 = np.tanh(h1 @ net.weights[1] + net.biases[1])
    s = h2 @ net.readout + net.readout_bias
    assert numbers_of(d) == ["x₁ = 0.40", "x₂ = −0.70", f"s: {s:.2f}".replace("-", "−")]
    expected = np.array([to_rgb(c) for c in UNIT_CMAP.resampled(255)(0.5 + 0.5 * h2)])
    np.testing.assert_allclose(circles_of(d)[2].get_facecolors()[:, :3], expected, atol=1e-6)


def test_notation_must_be_a_bool() -> None:
    with pytest.raises(TypeError, match="notation must be True or False, got 'yes'"):
        diagram(nn.MLP([2, 3, 2]), notation="yes")


@pytest.mark.parametrize("fontsize", [11, 16])
def test_notebook_00s_diagram_has_no_clipped_or_overlapping_text(fontsize) -> None:
    net = tanh_network()
    with rc_context({"font.size": fontsize, "axes.titlesize": 1.25 * fontsize}):
        d = draw_network(net, [0.5, -0.5], notation=True)
        d.fig.canvas.draw()
    renderer, page = d.fig.canvas.get_renderer(), d.fig.bbox
    texts = [t for t in [*d.ax.texts, d.ax.title] if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in texts]
    for t, box in zip(texts, boxes, strict=True):
        assert (
            page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
        ), t
    overlapping = [
        (a.get_text(), b.get_text())
        for i, (a, box_a) in enumerate(zip(texts, boxes, strict=True))
        for b, box_b in zip(texts[i + 1 :], boxes[i + 1 :], strict=True)
        if box_a.overlaps(box_b)
    ]
    assert overlapping == []
