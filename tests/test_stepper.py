"""helpers.widgets.BackpropStepper: backpropagation one node at a time (Book §1.3).

The worked example is L = (a·b + c)·f with a = 2, b = -3, c = 10, f = -2 (e = a·b = -6,
d = e + c = 4, L = d·f = -8). By hand: the sweep goes backwards through the order the nodes were
made in (backward()'s order: a, b, c, f, e, d, L), so it visits L, d, e, f, c, b, a; L pushes
∂L/∂d = 1 × f = -2 and ∂L/∂f = 1 × d = 4; d pushes -2 × 1 to e and to c; e pushes -2 × b = 6 to
a and -2 × a = -4 to b; the leaves f, c, b, a push nothing.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib import colors

from helpers.graph import ACCENT_FILL
from helpers.scalar import Value, dot, topological_order
from helpers.scalar_nn import MLP
from helpers.widgets import BackpropStepper


def textbook():
    a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    return L, {"a": a, "b": b, "c": c, "f": f, "e": e, "d": d, "L": L}


def grads(stepper: BackpropStepper, nodes: dict[str, Value]) -> dict[str, float]:
    """The stepper's gradients (it never writes the nodes' own .grad)."""
    return {name: stepper.grad(node) for name, node in nodes.items()}


# The gradients after each step, derived by hand (see the module docstring).
FINAL = {"a": 6, "b": -4, "c": -2, "f": 4, "e": -2, "d": -2, "L": 1}
HAND_GRADS = [
    {"a": 0, "b": 0, "c": 0, "f": 0, "e": 0, "d": 0, "L": 1},  # step 0: the seed
    {"a": 0, "b": 0, "c": 0, "f": 4, "e": 0, "d": -2, "L": 1},  # L pushed
    {"a": 0, "b": 0, "c": -2, "f": 4, "e": -2, "d": -2, "L": 1},  # d pushed
    FINAL,  # e pushed
    FINAL,  # f is a leaf
    FINAL,  # c is a leaf
    FINAL,  # b is a leaf
    FINAL,  # a is a leaf
]


def test_steps_visit_the_nodes_in_reverse_topological_order():
    L, _ = textbook()
    stepper = BackpropStepper(L)
    assert [node.label for node in stepper.order] == ["L", "d", "e", "f", "c", "b", "a"]
    assert list(stepper.order) == topological_order(L)[::-1]  # the engine's own walk
    visited = []
    for _ in range(stepper.num_steps):
        stepper.next()
        visited.append(stepper.current)
    assert visited == list(stepper.order)
    assert stepper.num_steps == 7


def test_each_step_has_the_hand_derived_gradients():
    L, n = textbook()
    stepper = BackpropStepper(L)
    assert grads(stepper, n) == HAND_GRADS[0]
    for k in range(1, 8):
        stepper.next()
        assert stepper.step == k
        assert grads(stepper, n) == HAND_GRADS[k], f"after step {k}"


def test_each_step_prints_upstream_times_local_equals_contribution():
    L, _ = textbook()
    stepper = BackpropStepper(L)
    assert stepper.explanation.startswith("Step 0 of 7: the seed ∂L/∂L = 1.0")
    texts = []
    for _ in range(7):
        stepper.next()
        texts.append(stepper.explanation)
    step1, step2, step3, step4, _, _, step7 = texts
    assert step1.startswith("Step 1 of 7: L = d × f")
    assert "∂L/∂d += ∂L/∂L · ∂L/∂d = 1.0 × -2.0 = -2.0" in step1
    assert "∂L/∂f += ∂L/∂L · ∂L/∂f = 1.0 × 4.0 = 4.0" in step1
    assert step2.startswith("Step 2 of 7: d = e + c")
    assert "∂L/∂e += ∂L/∂d · ∂d/∂e = -2.0 × 1.0 = -2.0" in step2
    assert "∂L/∂c += ∂L/∂d · ∂d/∂c = -2.0 × 1.0 = -2.0" in step2
    assert step3.startswith("Step 3 of 7: e = a × b")
    assert "∂L/∂a += ∂L/∂e · ∂e/∂a = -2.0 × -3.0 = 6.0" in step3
    assert "∂L/∂b += ∂L/∂e · ∂e/∂b = -2.0 × 2.0 = -4.0" in step3
    assert "f is a leaf" in step4 and "∂L/∂f = 4.0 is final" in step4
    assert "∂L/∂a = 6.0 is final" in step7
    # one product line per parent; a leaf passes nothing on
    assert [t.count("+=") for t in texts] == [2, 2, 2, 0, 0, 0, 0]


def test_a_node_used_twice_receives_twice_and_the_text_shows_the_running_total():
    a, b = Value(3.0, "a"), Value(4.0, "b")
    p = a * b
    p.label = "p"
    out = p + a  # ∂out/∂a = b + 1 = 5, received in two pieces: 1 (from out), then 4 (from p)
    out.label = "out"
    stepper = BackpropStepper(out)
    stepper.next()
    assert "∂out/∂a += ∂out/∂out · ∂out/∂a = 1.0 × 1.0 = 1.0   (∂out/∂a is now 1.0)" in (
        stepper.explanation
    )
    stepper.next()  # p
    assert "∂out/∂a += ∂out/∂p · ∂p/∂a = 1.0 × 4.0 = 4.0   (∂out/∂a is now 5.0)" in (
        stepper.explanation
    )
    assert stepper.grad(a) == 5.0 and stepper.grad(b) == 3.0


def test_numbers_are_rounded_to_four_significant_digits_and_unlabelled_nodes_named():
    x = Value(0.123456, "x")
    y = (x * 3.0).exp()  # dy/d(3x) = e^0.370368 = 1.44830...; d(3x)/dx = 3
    stepper = BackpropStepper(y)
    stepper.next()
    assert stepper.explanation.startswith("Step 1 of 3: #3 = exp(#2)")
    assert "∂#3/∂#2 += ∂#3/∂#3 · ∂#3/∂#2 = 1.0 × 1.448 = 1.448" in stepper.explanation
    stepper.next()
    assert stepper.explanation.startswith("Step 2 of 3: #2 = x × a constant")
    assert "= 1.448 × 3.0 = 4.345" in stepper.explanation
    # the text and the picture call the same node "#2": the one highlighted now
    artists = {a.get_gid(): a for a in stepper.figure.findobj() if a.get_gid()}
    accent = colors.to_rgba(ACCENT_FILL)
    (current,) = [
        g for g, a in artists.items() if g[:6] == "value:" and a.get_facecolor() == accent
    ]
    assert artists["name:" + current.split(":")[1]].get_text() == "#2"


def test_final_gradients_are_exactly_those_of_backward():
    net = MLP([2, 3, 1], seed=1)  # each input feeds three neurons: sums of three contributions
    xs = [Value(0.5, "x0"), Value(-1.5, "x1")]
    out = net(xs)
    shared = out * out + out.sigmoid() * xs[0] + (xs[1] - out).exp() / (xs[0] ** 2)
    loss = dot([shared, out], [1.0, -0.5])
    nodes = topological_order(loss)
    loss.backward()
    expected = [node.grad for node in nodes]
    stepper = BackpropStepper(loss)
    assert all(stepper.grad(node) == 0.0 for node in nodes[:-1]) and stepper.grad(loss) == 1.0
    stepper.step = stepper.num_steps
    assert [stepper.grad(node) for node in nodes] == expected  # exactly, not approximately
    stepper.reset()
    for _ in range(stepper.num_steps):
        stepper.next()
    assert [stepper.grad(node) for node in nodes] == expected


def test_back_and_reset_restore_earlier_states():
    L, n = textbook()
    stepper = BackpropStepper(L)
    seen = []
    for _ in range(5):
        stepper.next()
        seen.append((grads(stepper, n), stepper.explanation, repr(stepper)))
    stepper.back()
    assert (grads(stepper, n), stepper.explanation, repr(stepper)) == seen[3]
    stepper.back()
    stepper.back()
    assert (grads(stepper, n), stepper.explanation, repr(stepper)) == seen[1]
    stepper.step = np.int64(5)  # any integer, e.g. from a NumPy array or a slider
    assert (grads(stepper, n), stepper.explanation, repr(stepper)) == seen[4]
    stepper.reset()
    assert stepper.step == 0 and grads(stepper, n) == HAND_GRADS[0]
    stepper.back()  # nothing before step 0
    assert stepper.step == 0
    stepper.step = 7
    stepper.next()  # nothing after the last step
    assert stepper.step == 7 and grads(stepper, n) == HAND_GRADS[7]


def test_bad_steps_are_refused_without_changing_anything():
    L, n = textbook()
    stepper = BackpropStepper(L)
    stepper.step = 3
    before = (grads(stepper, n), stepper.explanation)
    with pytest.raises(ValueError, match="step must be a whole number from 0 to 7, got 8"):
        stepper.step = 8
    with pytest.raises(ValueError, match="from 0 to 7, got -1"):
        stepper.step = -1
    with pytest.raises(TypeError, match=r"step must be a whole number, got 2\.0"):
        stepper.step = 2.0
    with pytest.raises(TypeError, match="got True"):
        stepper.step = True
    assert stepper.step == 3 and (grads(stepper, n), stepper.explanation) == before
    with pytest.raises(ValueError, match="does not depend on"):
        stepper.grad(Value(1.0, "stranger"))


def test_buttons_drive_it():
    L, n = textbook()
    stepper = BackpropStepper(L)
    assert stepper.back_button.disabled and not stepper.next_button.disabled
    stepper.next_button.click()
    stepper.next_button.click()
    stepper.next_button.click()
    assert stepper.step == 3 and grads(stepper, n) == HAND_GRADS[3]
    stepper.back_button.click()
    assert stepper.step == 2 and grads(stepper, n) == HAND_GRADS[2]
    stepper.reset_button.click()
    assert stepper.step == 0 and grads(stepper, n) == HAND_GRADS[0]
    stepper.step = 7
    assert stepper.next_button.disabled and not stepper.back_button.disabled


def test_the_view_shows_the_current_step():
    L, _ = textbook()
    stepper = BackpropStepper(L)
    controls, image, text = stepper.children
    first = bytes(image.value)
    assert first.startswith(b"\x89PNG")
    stepper.step = 2  # node d
    assert bytes(image.value).startswith(b"\x89PNG") and bytes(image.value) != first
    assert "∂L/∂e += ∂L/∂d · ∂d/∂e = -2.0 × 1.0 = -2.0" in text.value
    assert "step 2 of 7" in [getattr(child, "value", None) for child in controls.children]
    artists = {a.get_gid(): a for a in stepper.figure.findobj() if a.get_gid()}
    name = {gid.split(":")[1]: a.get_text() for gid, a in artists.items() if gid[:5] == "name:"}
    accent = colors.to_rgba(ACCENT_FILL)
    accented = [
        name[gid.split(":")[1]]
        for gid, a in artists.items()
        if gid.startswith("value:") and a.get_facecolor() == accent
    ]
    assert accented == ["d"]
    index_of_e = next(i for i, label in name.items() if label == "e")
    assert artists[f"grad:{index_of_e}"].get_text() == "grad -2.0"
    stepper.reset()
    assert bytes(image.value) == first  # the same state draws the same picture


def test_repr_is_short_and_deterministic():
    L, _ = textbook()
    stepper = BackpropStepper(L)
    assert repr(stepper) == "BackpropStepper(step 0 of 7)"
    stepper.next()
    stepper.next()
    assert repr(stepper) == "BackpropStepper(step 2 of 7)"
    assert stepper._repr_mimebundle_()["text/plain"] == "BackpropStepper(step 2 of 7)"
    assert repr(BackpropStepper(textbook()[0])) == "BackpropStepper(step 0 of 7)"


def test_no_matplotlib_figure_is_left_open():
    before = plt.get_fignums()
    L, _ = textbook()
    stepper = BackpropStepper(L)
    for _ in range(7):
        stepper.next()
    stepper.back()
    stepper.reset()
    BackpropStepper(MLP([2, 2, 1], seed=0)([Value(1.0), Value(2.0)]))
    assert plt.get_fignums() == before


def test_titled():
    (ax,) = BackpropStepper(textbook()[0]).figure.axes
    assert ax.get_title() == "Backpropagation through L, one node at a time"
    (ax,) = BackpropStepper(textbook()[0], title="Watch the gradients").figure.axes
    assert ax.get_title() == "Watch the gradients"


# -- any expression --------------------------------------------------------------------------

OPS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "twice": lambda a, b: a + a,
    "scale": lambda a, b: a * -1.5,
    "tanh": lambda a, b: a.tanh(),
    "sin": lambda a, b: a.sin(),
    "sigmoid": lambda a, b: a.sigmoid(),
    "dot": lambda a, b: dot([a, b, 0.5], [b, a, a], b),
}
instruction = st.tuples(st.sampled_from(sorted(OPS)), st.integers(0, 30), st.integers(0, 30))


def build(leaves: list[float], program) -> Value:
    """Run ``program`` over a pool that starts with the leaves; each step may read any earlier
    node, so nodes are shared (DAGs, not just trees). The last node is the output."""
    pool = [Value(x, f"x{i}") for i, x in enumerate(leaves)]
    for op, i, j in program:
        pool.append(OPS[op](pool[-1 - i % len(pool)], pool[-1 - j % len(pool)]))
    return pool[-1]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.floats(-2, 2, allow_nan=False), min_size=1, max_size=3),
    st.lists(instruction, min_size=1, max_size=12),
)
def test_any_expression_steps_to_exactly_backwards_gradients(leaves, program):
    out = build(leaves, program)
    nodes = topological_order(out)
    out.backward()
    expected = [node.grad for node in nodes]
    stepper = BackpropStepper(out)
    position = {id(node): k for k, node in enumerate(stepper.order)}
    assert sorted(position.values()) == list(range(len(nodes)))  # every node, once
    for node in nodes:
        for parent in node.parents:  # a node is visited after every node that uses it
            assert position[id(parent)] > position[id(node)]
    stepper.step = stepper.num_steps
    assert [stepper.grad(node) for node in nodes] == expected
    assert [node.grad for node in nodes] == expected  # the graph's own, untouched
    assert stepper.explanation.count("+=") == len(stepper.order[-1].parents)


# -- the graph's own gradients (reliability review F2) and bad input (F10) -------------------


def test_the_graphs_gradients_are_left_as_the_stepper_found_them():
    L, n = textbook()
    L.backward()
    recorded = {name: node.grad for name, node in n.items()}
    assert recorded == FINAL  # (hand-derived)
    stepper = BackpropStepper(L)
    for k in range(3):
        stepper.next()
        assert {name: node.grad for name, node in n.items()} == recorded, f"step {k + 1}"
    assert grads(stepper, n) == HAND_GRADS[3]  # the stepper's own are at step 3
    stepper.reset()
    assert {name: node.grad for name, node in n.items()} == recorded
    stepper.step = stepper.num_steps
    assert {name: node.grad for name, node in n.items()} == recorded
    assert grads(stepper, n) == recorded  # and equal to backward()'s, exactly


def test_a_graph_never_backpropagated_keeps_its_zero_gradients():
    L, n = textbook()
    stepper = BackpropStepper(L)
    stepper.step = 4
    stepper.back()
    stepper.next_button.click()
    assert all(node.grad == 0.0 for node in n.values())
    L.backward()  # and backward() afterwards is not disturbed by the stepper
    assert {name: node.grad for name, node in n.items()} == FINAL


def test_bad_arguments_are_refused_at_the_door_naming_the_stepper():
    with pytest.raises(TypeError, match=r"BackpropStepper needs a Value: root must be .*got float"):
        BackpropStepper(3.0)
    with pytest.raises(TypeError, match=r"BackpropStepper needs a Value.*got list"):
        BackpropStepper([Value(1.0)])
    L, _ = textbook()
    with pytest.raises(TypeError, match="edge_labels must be True or False, got 'yes'"):
        BackpropStepper(L, edge_labels="yes")
    with pytest.raises(TypeError, match="title must be a string or None, got 5"):
        BackpropStepper(L, title=5)
    with pytest.raises(ValueError, match="max_nodes must be a whole number >= 1, got 0"):
        BackpropStepper(L, max_nodes=0)
    with pytest.raises(TypeError, match="max_nodes must be a whole number, got nan"):
        BackpropStepper(L, max_nodes=float("nan"))
    with pytest.raises(ValueError, match="more than 3 values"):
        BackpropStepper(L, max_nodes=3)


def test_a_click_that_fails_is_shown_in_the_view_not_raised():
    L, _ = textbook()
    stepper = BackpropStepper(L)
    *_, text = stepper.children

    def broken_png(*args, **kwargs):
        raise RuntimeError("the canvas is gone")

    stepper._drawing.png = broken_png
    stepper.next_button.click()  # does not raise
    assert "could not draw this step: the canvas is gone" in text.value
