"""helpers.draw_graph: what the picture of a computational graph shows, and where.

Every expected number is derived by hand from the math (for L = (a·b + c)·f with a = 2, b = -3,
c = 10, f = -2: e = -6, d = 4, L = -8; ∂L/∂d = f = -2, ∂L/∂f = d = 4, ∂L/∂e = ∂L/∂c = -2,
∂L/∂a = -2·b = 6, ∂L/∂b = -2·a = -4), never read back from the code under test. Artists are
found by their gid ("value:i", "op:i", "edge:child:slot", "local:child:slot", ...), with i the
node's place in topological order.
"""

from __future__ import annotations

import io
import json
import math
import os
import subprocess
import sys
from itertools import combinations

import matplotlib.image as mimage
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib import colors, rc_context
from matplotlib.patches import Circle, FancyBboxPatch

import helpers
from helpers.graph import ACCENT, ACCENT_FILL, GraphDrawing, draw_graph
from helpers.graph_layout import format_number, graph_layout, reachable_nodes
from helpers.scalar import Value, dot, topological_order


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def textbook(order: str = "abcf"):
    """L = (a·b + c)·f, the leaves created in the given order (so their ids are ordered
    differently), every node labelled."""
    leaf_values = {"a": 2.0, "b": -3.0, "c": 10.0, "f": -2.0}
    leaves = {name: Value(leaf_values[name], name) for name in order}
    a, b, c, f = (leaves[k] for k in "abcf")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    return L, {"a": a, "b": b, "c": c, "f": f, "e": e, "d": d, "L": L}


def by_gid(fig, prefix: str) -> dict[str, object]:
    """Every artist of the figure whose gid starts with ``prefix``, keyed by gid."""
    found = {}
    for artist in fig.findobj():
        gid = artist.get_gid()
        if gid and gid.startswith(prefix):
            assert gid not in found, f"two artists share the gid {gid}"
            found[gid] = artist
    return found


def names_by_index(fig) -> dict[int, str]:
    return {int(g.split(":")[1]): t.get_text() for g, t in by_gid(fig, "name:").items()}


def neuron(n_inputs: int):
    """tanh(b + Σ wᵢ·xᵢ) written with binary operations, plus a squared error: a bigger DAG."""
    xs = [Value(0.3 * (i + 1) - 0.5, f"x{i}") for i in range(n_inputs)]
    ws = [Value(0.2 * (-1) ** i + 0.05 * i, f"w{i}") for i in range(n_inputs)]
    s = Value(0.1, "b")
    for w, x in zip(ws, xs, strict=True):
        s = s + w * x
    out = (s.tanh() - 0.25) ** 2
    out.label = "loss"
    return out


# -- what is drawn ---------------------------------------------------------------------------


def test_every_value_and_operation_is_drawn_with_its_numbers():
    L, _ = textbook()
    L.backward()
    fig = draw_graph(L)
    boxes = by_gid(fig, "value:")
    circles = by_gid(fig, "op:")
    assert len(boxes) == 7 and all(isinstance(b, FancyBboxPatch) for b in boxes.values())
    assert len(circles) == 3 and all(isinstance(c, Circle) for c in circles.values())
    names = names_by_index(fig)
    assert sorted(names.values()) == sorted("abcdefL")
    data = {names[int(g.split(":")[1])]: t.get_text() for g, t in by_gid(fig, "data:").items()}
    grad = {names[int(g.split(":")[1])]: t.get_text() for g, t in by_gid(fig, "grad:").items()}
    assert data == {
        "a": "data 2.0",
        "b": "data -3.0",
        "c": "data 10.0",
        "f": "data -2.0",
        "e": "data -6.0",
        "d": "data 4.0",
        "L": "data -8.0",
    }
    assert grad == {
        "a": "grad 6.0",
        "b": "grad -4.0",
        "c": "grad -2.0",
        "f": "grad 4.0",
        "e": "grad -2.0",
        "d": "grad -2.0",
        "L": "grad 1.0",
    }
    symbols = {names[int(g.split(":")[1])]: t.get_text() for g, t in by_gid(fig, "symbol:").items()}
    assert symbols == {"e": "×", "d": "+", "L": "×"}
    assert len(by_gid(fig, "result:")) == 3  # op -> its result
    assert len(by_gid(fig, "edge:")) == 6  # input -> op


def test_edge_labels_are_the_local_derivatives():
    L, _ = textbook()
    fig = draw_graph(L)
    names = names_by_index(fig)
    labels = {}
    for gid, text in by_gid(fig, "local:").items():
        _, child, slot = gid.split(":")
        labels[(names[int(child)], int(slot))] = text.get_text()
    # d(result)/d(input), by hand: e = a·b, d = e + c, L = d·f.
    assert labels == {
        ("e", 0): "-3.0",  # ∂e/∂a = b
        ("e", 1): "2.0",  # ∂e/∂b = a
        ("d", 0): "1.0",
        ("d", 1): "1.0",
        ("L", 0): "-2.0",  # ∂L/∂d = f
        ("L", 1): "4.0",  # ∂L/∂f = d
    }


def test_edge_labels_follow_local_grads_for_every_kind_of_operation():
    x = Value(0.5, "x")
    y = Value(2.0, "y")
    terms = [x.exp(), x.log(), x.sigmoid(), x.relu(), x.sin(), x.cos(), x / y, -x, y**x, 3.0 - x]
    out = dot(terms, [1.0] * len(terms))
    fig = draw_graph(out)
    nodes = reachable_nodes(out)
    labels = by_gid(fig, "local:")
    assert len(labels) == sum(len(node.parents) for node in nodes)
    for i, node in enumerate(nodes):
        for slot, local in enumerate(node.local_grads):
            assert labels[f"local:{i}:{slot}"].get_text() == format_number(local)
    # spot checks by hand: d/dx e^x = e^0.5, d/dx ln x = 2, d/dy (x/y) = -x/y² = -0.125
    texts = {t.get_text() for t in labels.values()}
    assert {"1.649", "2.0", "-0.125", "-1.0"} <= texts


def test_a_value_used_twice_has_two_separate_edges():
    a = Value(3.0, "a")
    s = a + a
    s.label = "s"
    fig = draw_graph(s)
    layout = graph_layout(s)
    assert len(layout.edges) == 2
    first, second = layout.edges
    assert (first.parent, first.child) == (second.parent, second.child)
    assert first.bend == -second.bend != 0  # curved apart, not drawn on top of each other
    labels = by_gid(fig, "local:")
    assert [t.get_text() for t in labels.values()] == ["1.0", "1.0"]
    positions = [t.get_position() for t in labels.values()]
    assert math.dist(*positions) > 0.15  # inches: the two labels do not cover each other


def test_a_shared_subexpression_is_drawn_once():
    a, b = Value(2.0, "a"), Value(5.0, "b")
    e = a * b
    e.label = "e"
    out = e * e + e
    fig = draw_graph(out)
    names = list(names_by_index(fig).values())
    assert names.count("e") == 1
    assert len(by_gid(fig, "value:")) == 5  # a, b, e, e·e, out
    edges_from_e = [edge for edge in graph_layout(out).edges if edge.parent == 2]
    assert len(edges_from_e) == 3  # twice into e·e, once into the sum


def test_unlabelled_values_are_named_by_their_place_in_topological_order():
    a = Value(1.0, "a")
    out = (a * 2.0).exp()
    fig = draw_graph(out)
    assert names_by_index(fig) == {0: "a", 1: "#2", 2: "#3"}


# -- where it is drawn ----------------------------------------------------------------------


def boxes_do_not_overlap(layout) -> None:
    w, h = layout.box_size
    r = layout.op_radius
    for (x1, y1), (x2, y2) in combinations(layout.value_xy, 2):
        assert abs(x1 - x2) >= w or abs(y1 - y2) >= h
    for x, y in layout.op_xy.values():
        for bx, by in layout.value_xy:
            assert abs(x - bx) >= w / 2 + r or abs(y - by) >= h / 2 + r
    for (x1, y1), (x2, y2) in combinations(layout.op_xy.values(), 2):
        assert math.dist((x1, y1), (x2, y2)) >= 2 * r


@pytest.mark.parametrize("make", [lambda: textbook()[0], lambda: neuron(3), lambda: neuron(8)])
def test_inputs_are_left_of_their_operation_and_results_right_of_it(make):
    layout = graph_layout(make())
    for edge in layout.edges:
        xs = [x for x, _ in edge.points]
        assert xs == sorted(xs) and len(set(xs)) == len(xs)  # strictly left to right
        assert layout.value_xy[edge.parent][0] < layout.op_xy[edge.child][0]
    for i, (x, _) in layout.op_xy.items():
        assert x < layout.value_xy[i][0]
    root_x = layout.value_xy[-1][0]
    assert all(x < root_x for x, _ in layout.value_xy[:-1])  # the output is rightmost
    width, height = layout.size
    for x, y in [*layout.value_xy, *layout.op_xy.values()]:
        assert 0 < x < width and 0 < y < height
    boxes_do_not_overlap(layout)


def segments_cross(p1, p2, q1, q2) -> bool:
    def orient(a, b, c):
        return np.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]))

    return (
        orient(p1, p2, q1) * orient(p1, p2, q2) < 0 and orient(q1, q2, p1) * orient(q1, q2, p2) < 0
    )


def shared_middle():
    """b·c + a·b: in the order the walk meets them (b, c, a) the edges b -> a·b and c -> b·c
    cross; ordered c, b, a (b in the middle, next to both products) nothing crosses."""
    a, b, c = Value(1.0, "a"), Value(2.0, "b"), Value(3.0, "c")
    return b * c + a * b


@pytest.mark.parametrize(
    "make", [lambda: textbook()[0], lambda: neuron(2), lambda: neuron(4), shared_middle]
)
def test_an_expression_with_a_planar_drawing_is_drawn_without_crossing_edges(make):
    layout = graph_layout(make())
    segments = []
    for edge in layout.edges:
        segments += list(zip(edge.points, edge.points[1:], strict=False))
    for i, xy in layout.op_xy.items():
        segments.append((xy, layout.value_xy[i]))
    for (p1, p2), (q1, q2) in combinations(segments, 2):
        if {p1, p2} & {q1, q2}:
            continue  # segments meeting at a node
        assert not segments_cross(p1, p2, q1, q2), (p1, p2, q1, q2)


def test_layout_is_deterministic_and_independent_of_object_identity():
    first = graph_layout(textbook("abcf")[0])
    again = graph_layout(textbook("abcf")[0])
    scrambled = graph_layout(textbook("fcba")[0])  # leaves allocated in the other order
    for other in (again, scrambled):
        assert other.value_xy == first.value_xy
        assert other.op_xy == first.op_xy
        assert [(e.parent, e.child, e.slot, e.points, e.bend) for e in other.edges] == [
            (e.parent, e.child, e.slot, e.points, e.bend) for e in first.edges
        ]
    L, _ = textbook()
    assert graph_layout(L).value_xy == graph_layout(L).value_xy


def test_figure_grows_with_the_graph_and_fonts_follow_the_style():
    small = draw_graph(textbook()[0])
    big = draw_graph(neuron(8))
    assert big.get_figwidth() > small.get_figwidth()
    assert big.get_figheight() > small.get_figheight()
    with rc_context({"font.size": 16}):  # what the presenter style sets
        projected = draw_graph(textbook()[0])
    names = by_gid(projected, "name:").values()
    assert all(t.get_fontsize() == 16 for t in names)
    assert all(t.get_fontsize() >= 0.85 * 16 for t in by_gid(projected, "local:").values())
    assert projected.get_figwidth() > small.get_figwidth()
    # whole tenths of an inch: the "<Figure size WxH ...>" text a notebook stores is stable
    for fig in (small, big, projected):
        tenths = fig.get_size_inches() * 10
        assert np.allclose(tenths, np.round(tenths), atol=1e-9), fig.get_size_inches()


# -- options ---------------------------------------------------------------------------------


def test_title_default_and_custom_and_no_axes():
    L, _ = textbook()
    fig = draw_graph(L)
    (ax,) = fig.axes
    assert ax.get_title() == "Computational graph of L"
    assert not ax.axison
    assert draw_graph(L, title="Forward pass").axes[0].get_title() == "Forward pass"
    assert draw_graph(L * 1.0).axes[0].get_title() == "Computational graph"


def test_show_grad_false_shows_data_only_and_edge_labels_false_hides_local_derivatives():
    L, _ = textbook()
    fig = draw_graph(L, show_grad=False, edge_labels=False)
    assert by_gid(fig, "grad:") == {}
    assert by_gid(fig, "local:") == {}
    assert len(by_gid(fig, "data:")) == 7
    full = graph_layout(L)
    data_only = graph_layout(L, show_grad=False)
    assert data_only.box_size[1] < full.box_size[1]


# A cell is run in IPython with the inline backend, as in a notebook; every picture it shows
# (as the cell's value or through display()) is collected. In a subprocess: the inline backend
# would stay on in this one.
SHOW_CELLS = r"""
import json
from IPython.core.interactiveshell import InteractiveShell

shell = InteractiveShell.instance()
shell.enable_gui = lambda gui=None: None  # no event loop for inline figures
shell.run_line_magic("matplotlib", "inline")
shown = []
shell.display_pub.publish = lambda data, metadata=None, **kw: shown.append(sorted(data))
shell.displayhook.write_format_data = lambda data, md=None: shown.append(sorted(data))
shell.run_cell("import helpers, matplotlib.pyplot as plt; from IPython.display import display")
shell.run_cell("a = helpers.Value(2.0, label='a'); L = a * a")
counts = {}
for name, cell in CELLS.items():
    shown.clear()
    assert shell.run_cell(cell).success, name
    pictures = sum("image/png" in data for data in shown)
    counts[name] = [pictures, len(shell.user_ns["plt"].get_fignums())]  # shown, left open
print("\n" + json.dumps(counts))  # after the "Out[0]: " prompts
"""


def test_draw_graph_is_shown_once_however_a_cell_shows_it():
    cells = {
        "last expression": "helpers.draw_graph(L)",
        "assigned": "fig = helpers.draw_graph(L)",
        "plt.show()": "fig = helpers.draw_graph(L)\nplt.show()",
        "display()": "fig = helpers.draw_graph(L)\ndisplay(fig)",
        "a later cell": "fig",
        "a plain pyplot figure (the harness sees duplicates)": "plt.plot([1, 2]); plt.gcf()",
    }
    code = f"CELLS = {cells!r}\n{SHOW_CELLS}"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MPLBACKEND": ""},
    )
    assert done.returncode == 0, done.stderr
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    # each shown once, and no pyplot figure left open after the cell
    assert counts == {name: [1, 0] for name in cells} | {
        "a plain pyplot figure (the harness sees duplicates)": [2, 0]
    }


def test_outside_ipython_the_figure_is_an_ordinary_pyplot_figure():
    fig = draw_graph(textbook()[0])
    assert fig.number in plt.get_fignums()  # a pyplot figure: plt.show() and savefig work
    assert fig._repr_png_().startswith(b"\x89PNG")
    assert repr(fig).startswith("<Figure size ")  # the text notebooks store, as for any figure
    fig._ipython_display_()  # outside IPython: nothing to show, and the figure stays open
    assert fig.number in plt.get_fignums()


def test_draws_into_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    returned = draw_graph(textbook()[0], ax=right)
    assert returned is fig
    assert len([p for p in right.patches if (p.get_gid() or "").startswith("value:")]) == 7
    assert not [p for p in left.patches if p.get_gid()]


def rgba(artist) -> tuple[float, ...]:
    return tuple(np.round(artist.get_facecolor(), 3))


def test_highlight_accents_exactly_the_highlighted_nodes():
    L, n = textbook()
    fig = draw_graph(L, highlight=[n["e"], n["c"]])
    names = names_by_index(fig)
    accent_fill = tuple(np.round(colors.to_rgba(ACCENT_FILL), 3))
    accent = tuple(np.round(colors.to_rgba(ACCENT), 3))
    for gid, box in by_gid(fig, "value:").items():
        name = names[int(gid.split(":")[1])]
        assert (rgba(box) == accent_fill) == (name in {"e", "c"}), name
    for gid, circle in by_gid(fig, "op:").items():
        name = names[int(gid.split(":")[1])]
        assert (rgba(circle) == accent_fill) == (name == "e"), name
    for gid, edge in by_gid(fig, "edge:").items():
        name = names[int(gid.split(":")[1])]
        assert (tuple(np.round(edge.get_edgecolor(), 3)) == accent) == (name == "e"), name


def test_highlight_of_a_node_outside_the_graph_is_a_clear_error():
    L, _ = textbook()
    stranger = Value(1.0, "z")
    with pytest.raises(ValueError, match=r"'z'.*not part of this graph"):
        draw_graph(L, highlight=[stranger])


# -- size limits, bad input, no graphviz --------------------------------------------------------


@pytest.mark.timeout(60)
def test_a_sixty_value_graph_draws_completely():
    out = neuron(14)
    assert len(reachable_nodes(out)) == 60
    fig = draw_graph(out)
    assert len(by_gid(fig, "value:")) == len(reachable_nodes(out))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")  # renders every artist, so nothing in it hangs
    assert buffer.getvalue().startswith(b"\x89PNG")
    boxes_do_not_overlap(graph_layout(out))


@pytest.mark.timeout(60)
def test_too_large_a_graph_is_refused_with_advice_before_walking_all_of_it():
    x = Value(1.0, "x")
    for _ in range(100_000):
        x = x * 1.0
    with pytest.raises(ValueError, match=r"more than 200 values.*smaller expression"):
        draw_graph(x)
    with pytest.raises(ValueError, match="more than 50"):
        reachable_nodes(x, max_nodes=50)


@pytest.mark.timeout(60)
def test_deep_graphs_need_no_recursion():
    x = Value(0.5, "x")
    for _ in range(sys.getrecursionlimit() + 200):
        x = x + 1.0
    nodes = reachable_nodes(x, max_nodes=10_000)
    assert nodes == topological_order(x)  # the engine's own order (an independent walk)
    layout = graph_layout(x, max_nodes=10_000)
    assert layout.value_xy[0][0] < layout.value_xy[-1][0]


def test_bad_input_is_a_clear_error():
    with pytest.raises(TypeError, match=r"needs a Value.*float"):
        draw_graph(3.0)

    class Broken:
        data, grad, label, op = 1.0, 0.0, "broken", "+"
        parents = (Value(1.0),)
        local_grads = ()

    with pytest.raises(ValueError, match="'broken' has 1 parents but 0 local derivatives"):
        draw_graph(Broken())


def test_every_argument_is_checked_at_the_door():
    L, n = textbook()
    with pytest.raises(TypeError, match=r"draw_graph needs a Value: value must be .*got list"):
        draw_graph([L])
    with pytest.raises(TypeError, match="show_grad must be True or False, got 'no'"):
        draw_graph(L, show_grad="no")
    with pytest.raises(TypeError, match="edge_labels must be True or False, got 1"):
        draw_graph(L, edge_labels=1)
    with pytest.raises(TypeError, match="ax must be matplotlib Axes or None, got 5"):
        draw_graph(L, ax=5)
    with pytest.raises(TypeError, match="title must be a string or None, got 3"):
        draw_graph(L, title=3)
    with pytest.raises(TypeError, match=r"highlight must be a list of nodes .*got Value"):
        draw_graph(L, highlight=n["a"])
    with pytest.raises(TypeError, match="max_nodes must be a whole number, got nan"):
        draw_graph(L, max_nodes=float("nan"))
    with pytest.raises(ValueError, match="max_nodes must be a whole number >= 1, got -1"):
        reachable_nodes(L, max_nodes=-1)
    with pytest.raises(ValueError, match="fontsize must be a number > 0, got 0"):
        graph_layout(L, fontsize=0)
    with pytest.raises(TypeError, match="fontsize must be a real number, got 'big'"):
        graph_layout(L, fontsize="big")
    with pytest.raises(ValueError, match="grads must have one number per node"):
        GraphDrawing(L).update(grads=[1.0])
    assert plt.get_fignums() == []  # no half-made figure is left open by a refused call


def test_a_parent_that_is_not_a_node_is_named_with_its_child():
    class Node:
        data, grad, label, op = 1.0, 0.0, "out", "+"
        parents = (3.0,)
        local_grads = (1.0,)

    with pytest.raises(TypeError, match=r"node 'out' has a parent that is not a node: float 3.0"):
        draw_graph(Node())


def test_any_object_with_the_node_contract_can_be_drawn():
    class Node:
        def __init__(self, data, label="", parents=(), op="", local_grads=()):
            self.data, self.grad, self.label = data, 0.0, label
            self.parents, self.op, self.local_grads = parents, op, local_grads

    u = Node(3.0, "u")
    v = Node(9.0, "v", (u, u), "*", (3.0, 3.0))  # v = u·u
    w = Node(2.0, "w", (v,), "log", (1 / 9,))
    fig = draw_graph(w)
    assert sorted(names_by_index(fig).values()) == ["u", "v", "w"]
    assert sorted(t.get_text() for t in by_gid(fig, "local:").values()) == ["0.1111", "3.0", "3.0"]


def test_no_graphviz_is_imported():
    code = (
        "import sys, helpers\n"
        "from helpers import Value, draw_graph\n"
        "from helpers.widgets import BackpropStepper\n"
        "a = Value(2.0, 'a'); out = (a * a).tanh(); out.backward()\n"
        "draw_graph(out); BackpropStepper(out).next()\n"
        "print(sorted(m for m in sys.modules if 'graphviz' in m or 'pydot' in m))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


# -- the fast redraw and the number format ---------------------------------------------------


def full_draw(drawing) -> np.ndarray:
    buffer = io.BytesIO()
    drawing.fig.savefig(buffer, format="png")  # every artist drawn from scratch
    return mimage.imread(io.BytesIO(buffer.getvalue()))[..., :3]


def test_fast_png_looks_like_a_full_redraw():
    out = neuron(3)
    nodes = reachable_nodes(out)
    out.backward()
    drawing = GraphDrawing(out)
    rng = np.random.default_rng(0)
    frames = []
    # highlights and gradients changing as in a stepper, and also in ways a stepper never does
    for k in range(12):
        highlight = [nodes[j] for j in rng.choice(len(nodes), size=k % 3, replace=False)]
        if k == 5:
            highlight = frames[-1][0]  # the same highlight twice in a row
        for j in rng.choice(len(nodes), size=k % 4, replace=False):
            nodes[j].grad = float(rng.normal())
        fast = mimage.imread(io.BytesIO(drawing.png(highlight)))
        full = full_draw(drawing)  # (this also redraws the canvas png() draws on)
        assert fast.shape == full.shape
        differs = np.abs(fast - full).max(axis=2) > 0.25
        assert differs.sum() <= 30, (k, differs.sum())  # a few pixels where lines meet boxes
        frames.append((highlight, fast))
    # and the picture really changes with the highlight and with the gradients
    assert drawing.png(()) != drawing.png(nodes[-2:-1])
    before = drawing.png(())
    nodes[0].grad += 1.0
    assert drawing.png(()) != before


def test_format_number_rounds_to_four_significant_digits():
    assert format_number(1.0) == "1.0"
    assert format_number(-2) == "-2.0"
    assert format_number(0.70710678) == "0.7071"
    assert format_number(123456.0) == "123500.0"
    assert format_number(-0.0) == "0.0"
    assert format_number(1.23456e-5) == "1.235e-05"
    assert format_number(math.inf) == "inf"


def test_draw_graph_is_exported():
    assert helpers.draw_graph is draw_graph


# -- any expression --------------------------------------------------------------------------

OPS = {
    "add": lambda a, b: a + b,
    "mul": lambda a, b: a * b,
    "twice": lambda a, b: a + a,
    "scale": lambda a, b: a * 3.0,
    "exp": lambda a, b: a.tanh().exp(),
    "dot": lambda a, b: dot([a, b], [b, a], 1.0),
}
instruction = st.tuples(st.sampled_from(sorted(OPS)), st.integers(0, 40), st.integers(0, 40))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.lists(instruction, min_size=1, max_size=30))
def test_any_expression_is_laid_out_left_to_right_without_overlaps(n_leaves, program):
    pool = [Value(0.5 * i - 1, f"x{i}") for i in range(n_leaves)]
    for op, i, j in program:
        pool.append(OPS[op](pool[-1 - i % len(pool)], pool[-1 - j % len(pool)]))
    layout = graph_layout(pool[-1])
    assert len(layout.value_xy) == len(topological_order(pool[-1]))
    assert len(layout.edges) == sum(len(node.parents) for node in layout.nodes)
    for edge in layout.edges:
        xs = [x for x, _ in edge.points]
        assert xs == sorted(xs) and len(set(xs)) == len(xs)
    for i, (x, _) in layout.op_xy.items():
        assert x < layout.value_xy[i][0]
    boxes_do_not_overlap(layout)
