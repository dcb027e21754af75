"""helpers.Value: gradients checked three ways, the graph contract, bad input, extremes, size.

Three independent references for every gradient: derivatives written by hand from the math
(never produced by the engine), central finite differences (helpers.gradcheck), and HIPS
autograd evaluating the same expression with its own machinery. Random expressions come from
Hypothesis as small programs over a pool of nodes, so nodes are reused: DAGs, not just trees.
"""

from __future__ import annotations

import gc
import math
import operator
import re
import warnings
import weakref

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad
from autograd.tracer import getval
from hypothesis import assume, given, settings, target
from hypothesis import strategies as st

import helpers
from helpers import scalar
from helpers.gradcheck import numerical_derivative
from helpers.scalar import Value, dot, topological_order, vsum

# -- random expressions: one program, three interpreters ------------------------------------------


class Reject(Exception):
    """The program comes too close to a branch point for every engine to take the same branch."""


def primal(x: object) -> float:
    """The number inside a float, a Value or an autograd box."""
    return x.data if isinstance(x, Value) else float(getval(x))


class Ops:
    """The functions an expression may call, for one engine (arithmetic is shared: + - * / **)."""

    def __init__(self, exp, log, tanh, sigmoid, relu, sin, cos, dot, vsum, sqrt, abs):
        self.exp, self.log, self.tanh, self.sigmoid, self.relu = exp, log, tanh, sigmoid, relu
        self.sin, self.cos, self.dot, self.vsum = sin, cos, dot, vsum
        self.sqrt, self.abs = sqrt, abs


def _float_dot(ws, xs, b):
    total = b
    for w, x in zip(ws, xs, strict=True):
        total = total + w * x
    return total


FLOATS = Ops(
    exp=math.exp,
    log=math.log,
    tanh=math.tanh,
    sigmoid=lambda x: 1.0 / (1.0 + math.exp(-x)),
    relu=lambda x: x if x > 0 else 0.0,
    sin=math.sin,
    cos=math.cos,
    dot=_float_dot,
    vsum=sum,
    sqrt=math.sqrt,
    abs=abs,
)
VALUES = Ops(
    exp=Value.exp,
    log=Value.log,
    tanh=Value.tanh,
    sigmoid=Value.sigmoid,
    relu=Value.relu,
    sin=Value.sin,
    cos=Value.cos,
    dot=dot,
    vsum=vsum,
    sqrt=Value.sqrt,
    abs=abs,  # the built-in, through Value.__abs__
)
AUTOGRAD = Ops(
    exp=anp.exp,
    log=anp.log,
    tanh=anp.tanh,
    sigmoid=lambda x: 1.0 / (1.0 + anp.exp(-x)),
    relu=lambda x: anp.maximum(x, 0.0),
    sin=anp.sin,
    cos=anp.cos,
    dot=_float_dot,
    vsum=sum,
    sqrt=anp.sqrt,
    abs=anp.abs,
)

CONSTANTS = [-2.5, -1.0, 0.5, 2.0, 3.0]


class Interpreter:
    """Runs a program with one engine's functions; every branch taken is appended to ``path``.

    Branches keep each operation in its domain (log of a positive number, no division by about
    zero, no overflow) whatever the random numbers; a value too close to a branch point raises
    Reject, so the three engines, whose numbers agree to about 1e-15, always branch alike.
    """

    def __init__(self, ops: Ops, path: list[bool]) -> None:
        self.ops, self.path = ops, path

    def branch(self, x, threshold: float) -> bool:
        value = primal(x)
        if abs(value - threshold) < 1e-6:
            raise Reject
        self.path.append(value > threshold)
        return self.path[-1]

    def positive(self, x):  # x itself where safely positive, otherwise x² + 0.5
        return x if self.branch(x, 0.25) else x * x + 0.5

    def away_from_zero(self, x):
        return x if self.branch(abs(primal(x)), 0.25) else x + 1.0

    def small(self, x):  # |x| ≤ 2, so powers and exponentials stay moderate
        return self.ops.tanh(x) if self.branch(abs(primal(x)), 2.0) else x

    def relu(self, x):  # not a branch of the program, but finite differences must not cross 0
        self.branch(x, 0.0)
        return self.ops.relu(x)

    def abs(self, x):  # the same for the kink of |x|
        self.branch(x, 0.0)
        return self.ops.abs(x)


# One step of a program: op(interpreter m, operands a, b, d from the pool, constant c).
STEPS = {
    "add": lambda m, a, b, d, c: a + b,
    "sub": lambda m, a, b, d, c: a - b,
    "mul": lambda m, a, b, d, c: a * b,
    "div": lambda m, a, b, d, c: a / m.away_from_zero(b),
    "neg": lambda m, a, b, d, c: -a,
    "exp": lambda m, a, b, d, c: m.ops.exp(m.small(a)),
    "log": lambda m, a, b, d, c: m.ops.log(m.positive(a)),
    "tanh": lambda m, a, b, d, c: m.ops.tanh(a),
    "sigmoid": lambda m, a, b, d, c: m.ops.sigmoid(a),
    "relu": lambda m, a, b, d, c: m.relu(a),
    "sin": lambda m, a, b, d, c: m.ops.sin(a),
    "cos": lambda m, a, b, d, c: m.ops.cos(a),
    "square": lambda m, a, b, d, c: a**2,
    "cube": lambda m, a, b, d, c: a**3,
    "reciprocal": lambda m, a, b, d, c: m.away_from_zero(a) ** -1,
    "sqrt": lambda m, a, b, d, c: m.positive(a) ** 0.5,
    "sqrt()": lambda m, a, b, d, c: m.ops.sqrt(m.positive(a)),
    "abs": lambda m, a, b, d, c: m.abs(a),
    "pow": lambda m, a, b, d, c: m.positive(a) ** m.small(b),
    "rpow": lambda m, a, b, d, c: abs(c) ** m.small(a),
    "radd": lambda m, a, b, d, c: c + a,
    "rsub": lambda m, a, b, d, c: c - a,
    "rmul": lambda m, a, b, d, c: c * a,
    "rdiv": lambda m, a, b, d, c: c / m.away_from_zero(a),
    "addc": lambda m, a, b, d, c: a + c,
    "subc": lambda m, a, b, d, c: a - c,
    "mulc": lambda m, a, b, d, c: a * c,
    "divc": lambda m, a, b, d, c: a / c,
    "dot": lambda m, a, b, d, c: m.ops.dot([a, c], [b, d], d),  # d twice: reached two ways
    "sum": lambda m, a, b, d, c: m.ops.vsum([a, b, c, a]),
}

back = st.one_of(st.integers(0, 2), st.integers(0, 40))  # how far back in the pool to read
step = st.sampled_from(sorted(STEPS))
instruction = st.tuples(step, back, back, back, st.sampled_from(CONSTANTS))
program_strategy = st.lists(instruction, min_size=1, max_size=24)
inputs_strategy = st.lists(
    st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False), min_size=1, max_size=4
)


def run(program, inputs, ops: Ops, path: list[bool]):
    """Evaluate ``program`` on ``inputs``: each step reads three nodes of the pool (any earlier
    node, so nodes get reused) and appends its result; the last result is the output."""
    m = Interpreter(ops, path)
    pool = list(inputs)
    for op, i, j, k, c in program:
        a, b, d = (pool[-1 - n % len(pool)] for n in (i, j, k))  # n = 0: the newest
        r = STEPS[op](m, a, b, d, c)
        if m.branch(abs(primal(r)), 100.0):  # keep numbers moderate for finite differences
            r = r * 0.01
        pool.append(r)
    return pool[-1]


def value_gradients(program, inputs):
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(inputs)]
    out = run(program, leaves, VALUES, [])
    out.backward()
    return out, leaves


def float_path(program, inputs):
    path: list[bool] = []
    try:
        value = run(program, inputs, FLOATS, path)
    except Reject:
        return None, None
    return value, path


def assume_valid(program, inputs) -> float:
    value, _ = float_path(program, inputs)
    assume(value is not None)
    return value


@settings(max_examples=300, deadline=None)
@given(program_strategy, inputs_strategy)
def test_random_expressions_match_autograd(program, inputs) -> None:
    expected = assume_valid(program, inputs)
    out, leaves = value_gradients(program, inputs)
    ours = np.array([leaf.grad for leaf in leaves])

    def f(xs):
        return run(program, [xs[i] for i in range(len(inputs))], AUTOGRAD, [])

    reference = grad(f)(np.array(inputs, dtype=float))
    target(float(len(topological_order(out))), label="nodes in the graph")  # seek larger graphs
    assert math.isclose(out.data, expected, rel_tol=1e-12, abs_tol=1e-12)
    scale = 1.0 + np.max(np.abs(reference))
    np.testing.assert_allclose(ours, reference, rtol=1e-9, atol=1e-10 * scale)


@settings(max_examples=300, deadline=None)
@given(program_strategy, inputs_strategy)
def test_random_expressions_match_finite_differences(program, inputs) -> None:
    assume_valid(program, inputs)
    _, leaves = value_gradients(program, inputs)
    _, path = float_path(program, inputs)
    for i, leaf in enumerate(leaves):
        h = 1e-6
        for x in (inputs[i] - h, inputs[i] + h):  # same branches on both sides, or skip
            nudged = [*inputs[:i], x, *inputs[i + 1 :]]
            assume(float_path(program, nudged)[1] == path)

        def f(x, i=i):
            return run(program, [*inputs[:i], x, *inputs[i + 1 :]], FLOATS, [])

        numeric = numerical_derivative(f, inputs[i], h)
        assert abs(leaf.grad - numeric) <= 1e-5 * (1.0 + abs(numeric)), (i, leaf.grad, numeric)


@settings(max_examples=100, deadline=None)
@given(program_strategy, inputs_strategy)
def test_backward_twice_gives_identical_gradients(program, inputs) -> None:
    assume_valid(program, inputs)
    out, _ = value_gradients(program, inputs)
    first = [node.grad for node in topological_order(out)]
    out.backward()
    assert [node.grad for node in topological_order(out)] == first
    assert out.grad == 1.0


@settings(max_examples=100, deadline=None)
@given(program_strategy, inputs_strategy)
def test_topological_order_puts_every_node_after_its_parents(program, inputs) -> None:
    assume_valid(program, inputs)
    out, _ = value_gradients(program, inputs)
    order = topological_order(out)

    reachable, stack = set(), [out]  # reachability found independently, the slow obvious way
    while stack:
        node = stack.pop()
        if id(node) not in reachable:
            reachable.add(id(node))
            stack.extend(node.parents)
    assert len(order) == len({id(n) for n in order}) == len(reachable)
    assert {id(n) for n in order} == reachable
    position = {id(node): i for i, node in enumerate(order)}
    assert all(position[id(p)] < position[id(n)] for n in order for p in n.parents)
    assert order[-1] is out
    assert [id(n) for n in topological_order(out)] == [id(n) for n in order]


# -- hand-derived derivatives ---------------------------------------------------------------------


def test_equation_1_1_chain_rule_sin_of_x_squared() -> None:
    # y = f(g(x)) with g(x) = x², f(u) = sin u: dy/dx = f'(g(x))·g'(x) = cos(x²)·2x   (Book §1.2)
    x = Value(1.5, label="x")
    y = (x**2).sin()
    y.backward()
    assert y.data == pytest.approx(math.sin(2.25), rel=1e-15)
    assert x.grad == pytest.approx(math.cos(2.25) * 2 * 1.5, rel=1e-14)
    assert x.grad == pytest.approx(-1.8845208681682, rel=1e-12)  # the same, as a number


def test_chain_rule_through_three_functions() -> None:
    # y = exp(tanh(3x)) at x = 0.2: dy/dx = exp(tanh 0.6)·(1 − tanh² 0.6)·3
    x = Value(0.2)
    y = (3 * x).tanh().exp()
    y.backward()
    t = math.tanh(0.6)
    assert x.grad == pytest.approx(math.exp(t) * (1 - t * t) * 3, rel=1e-14)


e, ln2 = math.e, math.log(2.0)
HAND_CASES = [
    # (name, function of the leaves, leaf values, value, gradients), all worked out by hand
    ("a+b", lambda a, b: a + b, (2.0, -3.0), -1.0, (1.0, 1.0)),
    ("a-b", lambda a, b: a - b, (2.0, -3.0), 5.0, (1.0, -1.0)),
    ("a*b", lambda a, b: a * b, (2.0, -3.0), -6.0, (-3.0, 2.0)),
    ("a/b", lambda a, b: a / b, (3.0, 4.0), 0.75, (0.25, -3 / 16)),
    ("a**3", lambda a: a**3, (2.0,), 8.0, (12.0,)),
    ("a**-1", lambda a: a**-1, (2.0,), 0.5, (-0.25,)),
    ("a**0.5", lambda a: a**0.5, (4.0,), 2.0, (0.25,)),
    ("a**0", lambda a: a**0, (0.0,), 1.0, (0.0,)),
    ("(-2)**3", lambda a: a**3, (-2.0,), -8.0, (12.0,)),
    ("abs(2)", lambda a: abs(a), (2.0,), 2.0, (1.0,)),
    ("abs(-3)", lambda a: a.abs(), (-3.0,), 3.0, (-1.0,)),
    ("abs(0)", lambda a: abs(a), (0.0,), 0.0, (0.0,)),  # the documented convention, as relu
    ("sqrt(4)", lambda a: a.sqrt(), (4.0,), 2.0, (0.25,)),  # 1/(2·2)
    ("sqrt(2)", lambda a: a.sqrt(), (2.0,), math.sqrt(2), (1 / (2 * math.sqrt(2)),)),
    ("sqrt(a*a)", lambda a: (a * a).sqrt(), (-3.0,), 3.0, (-1.0,)),  # √(a²) = |a|
    ("a**b", lambda a, b: a**b, (2.0, 3.0), 8.0, (12.0, 8 * ln2)),
    ("a**a", lambda a: a**a, (2.0,), 4.0, (4.0 + 4 * ln2,)),
    ("2**b", lambda b: 2**b, (3.0,), 8.0, (8 * ln2,)),
    ("5+a", lambda a: 5 + a, (2.0,), 7.0, (1.0,)),
    ("a+5", lambda a: a + 5, (2.0,), 7.0, (1.0,)),
    ("5-a", lambda a: 5 - a, (2.0,), 3.0, (-1.0,)),
    ("a-5", lambda a: a - 5, (2.0,), -3.0, (1.0,)),
    ("5*a", lambda a: 5 * a, (2.0,), 10.0, (5.0,)),
    ("a*5", lambda a: a * 5, (2.0,), 10.0, (5.0,)),
    ("3/a", lambda a: 3 / a, (2.0,), 1.5, (-0.75,)),
    ("a/4", lambda a: a / 4, (2.0,), 0.5, (0.25,)),
    ("-a", lambda a: -a, (2.0,), -2.0, (-1.0,)),
    ("exp", lambda a: a.exp(), (1.0,), e, (e,)),
    ("log", lambda a: a.log(), (2.0,), ln2, (0.5,)),
    ("tanh(0)", lambda a: a.tanh(), (0.0,), 0.0, (1.0,)),
    ("tanh(ln 2)", lambda a: a.tanh(), (ln2,), 0.6, (1 - 0.36,)),  # (4 − 1)/(4 + 1)
    ("sigmoid(0)", lambda a: a.sigmoid(), (0.0,), 0.5, (0.25,)),
    ("sigmoid(ln 3)", lambda a: a.sigmoid(), (math.log(3.0),), 0.75, (0.75 * 0.25,)),
    ("sigmoid(-ln 3)", lambda a: a.sigmoid(), (-math.log(3.0),), 0.25, (0.25 * 0.75,)),
    ("relu(2)", lambda a: a.relu(), (2.0,), 2.0, (1.0,)),
    ("relu(-1)", lambda a: a.relu(), (-1.0,), 0.0, (0.0,)),
    ("relu(0)", lambda a: a.relu(), (0.0,), 0.0, (0.0,)),  # the documented convention
    ("sin", lambda a: a.sin(), (math.pi / 6,), 0.5, (math.sqrt(3) / 2,)),
    ("cos", lambda a: a.cos(), (math.pi / 3,), 0.5, (-math.sqrt(3) / 2,)),
    ("a+a", lambda a: a + a, (3.0,), 6.0, (2.0,)),
    ("a*a", lambda a: a * a, (3.0,), 9.0, (6.0,)),
    ("a-a", lambda a: a - a, (3.0,), 0.0, (0.0,)),
    ("a/a", lambda a: a / a, (3.0,), 1.0, (0.0,)),
    # diamond: b = 2a and c = a + 3 both feed d = b·c = 2a² + 6a, so dd/da = 4a + 6
    ("diamond", lambda a: (2 * a) * (a + 3), (1.5,), 13.5, (12.0,)),
    # x·y + x·z·y: ∂/∂x = y + z·y, ∂/∂y = x + x·z, ∂/∂z = x·y
    ("shared", lambda x, y, z: x * y + x * z * y, (2.0, 3.0, 4.0), 30.0, (15.0, 10.0, 6.0)),
    ("dot", lambda w0, w1, x0, x1, b: dot([w0, w1], [x0, x1], b), (2.0, 3.0, 5.0, 7.0, 1.0),
     32.0, (5.0, 7.0, 2.0, 3.0, 1.0)),
    ("dot consts", lambda w0, x1: dot([w0, 3.0], [5.0, x1], 1.0), (2.0, 7.0), 32.0, (5.0, 3.0)),
    ("dot w·w", lambda w: dot([w], [w]), (3.0,), 9.0, (6.0,)),  # w² by another road
    ("vsum", lambda a, b: vsum([a, b, 2.0, a]), (1.0, 4.0), 8.0, (2.0, 1.0)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("build", "inputs", "value", "grads"),
    [case[1:] for case in HAND_CASES],
    ids=[case[0] for case in HAND_CASES],
)
def test_hand_derived_value_and_gradients(build, inputs, value, grads) -> None:
    leaves = [Value(x) for x in inputs]
    out = build(*leaves)
    out.backward()
    assert out.data == pytest.approx(value, rel=1e-14, abs=1e-15)
    assert [leaf.grad for leaf in leaves] == pytest.approx(list(grads), rel=1e-14, abs=1e-15)


def test_gradients_of_two_outputs_do_not_add_up() -> None:
    a = Value(2.0)
    first, second = a * 3, a * a
    first.backward()
    assert a.grad == 3.0
    second.backward()
    assert a.grad == 4.0  # only d(a²)/da: the documented recompute-from-scratch rule


def test_backward_leaves_unreachable_nodes_alone() -> None:
    a, b = Value(2.0), Value(5.0)
    b.grad = 7.0
    (a * a).backward()
    assert (a.grad, b.grad) == (4.0, 7.0)


def test_a_leaf_backward_is_one() -> None:
    a = Value(2.0)
    a.backward()
    assert a.grad == 1.0


# -- the graph contract other modules build on -----------------------------------------------------


def test_constants_are_not_nodes() -> None:
    a = Value(3.0, label="a")
    for node, local in [(a * 2.0, 2.0), (2 * a, 2.0), (a + 1, 1.0), (1 - a, -1.0)]:
        assert node.parents == (a,) and node.local_grads == (local,)
    assert (3.0 / a).local_grads == pytest.approx((-3.0 / 9.0,))
    assert (2.0**a).local_grads == pytest.approx((8.0 * ln2,))


def test_a_node_used_twice_is_a_parent_twice() -> None:
    a = Value(3.0)
    twice = a + a
    assert twice.parents == (a, a) and twice.local_grads == (1.0, 1.0)
    square = a * a
    assert square.parents == (a, a) and square.local_grads == (3.0, 3.0)


def test_leaf_and_local_gradients_are_plain_numbers() -> None:
    a, b = Value(3.0), Value(4.0)
    assert (a.parents, a.op, a.local_grads) == ((), "", ())
    c = a / b
    assert c.parents == (a, b)
    assert all(type(g) is float for g in c.local_grads)
    assert c.local_grads == (0.25, -3.0 / 16.0)


def test_graph_properties_are_read_only() -> None:
    c = Value(1.0) * Value(2.0)
    for name in ("parents", "op", "local_grads"):
        with pytest.raises(AttributeError):
            setattr(c, name, ())
    with pytest.raises(AttributeError):
        c.anything = 1  # __slots__: no stray attributes


def documented_ops() -> set[str]:
    """The op names in the table of the module docstring."""
    table = scalar.__doc__.split("The full list of ``op`` names")[1].split("A constant operand")[0]
    return set(re.findall(r'^\s+"([^"]*)"\s', table, flags=re.MULTILINE))


def test_every_op_has_its_documented_name() -> None:
    a, b = Value(0.5), Value(2.0)
    made = {
        "": a,
        "+": a + b,
        "-": a - b,
        "*": a * b,
        "/": a / b,
        "**": a**2,
        "neg": -a,
        "exp": a.exp(),
        "log": a.log(),
        "tanh": a.tanh(),
        "sigmoid": a.sigmoid(),
        "relu": a.relu(),
        "sin": a.sin(),
        "cos": a.cos(),
        "abs": abs(a),
        "sqrt": a.sqrt(),
        "dot": dot([a], [b]),
        "sum": vsum([a, b]),
    }
    assert all(node.op == name for name, node in made.items())
    assert (a**b).op == (2**a).op == "**"
    assert a.abs().op == "abs"
    assert documented_ops() == set(made)


def test_topological_order_by_hand() -> None:
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    c = a * b
    d = c + a
    assert [n.label or n.op for n in topological_order(d)] == ["a", "b", "*", "+"]
    assert topological_order(a) == [a]
    with pytest.raises(TypeError, match="float"):
        topological_order(1.0)


def test_repr_is_readable_and_has_no_address() -> None:
    x = Value(2.0, label="x")
    assert repr(x) == "Value(data=2.0, grad=0.0, label='x')"
    y = x * 3
    y.backward()
    assert repr(y) == "Value(data=6.0, grad=1.0)"
    assert repr(x) == "Value(data=2.0, grad=3.0, label='x')"
    assert repr(Value(0.1)) == "Value(data=0.1, grad=0.0)"  # nothing rounded


def test_numbers_of_every_kind_become_floats() -> None:
    for number in (3, 3.0, np.float64(3.0), np.float32(3.0), np.int64(3)):
        v = Value(number)
        assert type(v.data) is float and v.data == 3.0
    assert type((Value(1.0) + np.int64(2)).data) is float


def test_numpy_scalars_on_the_left_make_values() -> None:
    a = Value(3.0)
    for node in (np.float64(2.0) * a, np.float64(2.0) + a, np.float64(2.0) - a):
        assert isinstance(node, Value) and node.parents == (a,)
    assert (np.float64(2.0) * a).data == 6.0


def test_exported_from_helpers() -> None:
    assert helpers.Value is Value


# -- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "named"),
    [("abc", "str"), (None, "NoneType"), ([1.0], "list"), (np.array(1.0), "ndarray"),
     (1 + 2j, "complex")],
)  # fmt: skip
def test_non_numbers_are_rejected_with_their_type(bad, named) -> None:
    with pytest.raises(TypeError, match=named) as info:
        Value(bad)
    assert "float(" in str(info.value)  # says what to do
    a = Value(1.0)
    for attempt in (lambda: a + bad, lambda: bad * a, lambda: a - bad, lambda: a / bad):
        with pytest.raises(TypeError, match=named):
            attempt()
    assert (a.data, a.grad, a.parents) == (1.0, 0.0, ())  # nothing changed


def test_string_operand_error_says_what_to_do() -> None:
    with pytest.raises(TypeError) as info:
        Value(1.0) + "x"
    message = str(info.value)
    assert "str" in message and "'x'" in message and "'+'" in message
    assert "float(" in message and "Value" in message


def test_booleans_are_rejected() -> None:
    with pytest.raises(TypeError, match="bool True"):
        Value(True)
    with pytest.raises(TypeError, match="bool"):
        Value(1.0) * False


def test_a_value_is_not_wrapped_twice() -> None:
    with pytest.raises(TypeError, match="use it directly"):
        Value(Value(1.0))


def test_label_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="label must be a str, got int"):
        Value(1.0, label=3)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_rejected_at_the_door(bad) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(bad))):
        Value(bad)
    with pytest.raises(ValueError, match=re.escape(repr(bad))):
        Value(1.0) * bad


@pytest.mark.parametrize("bad", [0.0, -2.0])
def test_log_of_a_non_positive_number_names_it(bad) -> None:
    a = Value(bad)
    with pytest.raises(ValueError, match=re.escape(f"log({bad!r})")):
        a.log()


def test_division_by_zero() -> None:
    for attempt in (
        lambda: Value(2.0) / 0,
        lambda: Value(2.0) / Value(0.0),
        lambda: 1 / Value(0.0),
        lambda: Value(0.0) ** -1,
    ):
        with pytest.raises(ZeroDivisionError, match="0"):
            attempt()


def test_power_outside_the_reals_is_rejected() -> None:
    with pytest.raises(ValueError, match=re.escape("(-8.0) ** 0.5")):
        Value(-8.0) ** 0.5
    with pytest.raises(ValueError, match=re.escape("(-2.0) ** Value")):
        Value(-2.0) ** Value(2.0)
    with pytest.raises(ValueError, match=re.escape("-2.0 ** Value")):
        (-2) ** Value(1.0)
    with pytest.raises(ValueError, match="positive base"):
        0 ** Value(1.0)
    with pytest.raises(ZeroDivisionError, match="derivative"):
        Value(0.0) ** 0.5  # the value is 0, but the slope 0.5·x^(−0.5) is infinite


def test_dot_needs_matching_lengths() -> None:
    with pytest.raises(ValueError, match="2 weights and 3 inputs"):
        dot([Value(1.0), Value(2.0)], [1.0, 2.0, 3.0])


def test_a_failed_operation_leaves_the_graph_intact() -> None:
    a = Value(2.0)
    c = a - 5.0  # −3
    with pytest.raises(ValueError, match=re.escape("log(-3.0)")):
        c.log()
    with pytest.raises(OverflowError):
        (c * -1000).exp()
    c.backward()
    assert (c.data, a.grad) == (-3.0, 1.0)
    assert topological_order(c) == [a, c]


# -- powers at 0 and at negative bases, sqrt and abs: three references -----------------------------

# (a, n, a**n, d/da a**n) worked out by hand; autograd and finite differences must agree too.
POWER_CASES = [
    (0.0, 0, 1.0, 0.0),  # a⁰ = 1 everywhere, so its slope is 0, at 0 too (not 0·0^−1)
    (-2.0, 0, 1.0, 0.0),
    (0.0, 1, 0.0, 1.0),  # 1·0⁰ = 1
    (0.0, 2, 0.0, 0.0),
    (0.0, 3, 0.0, 0.0),
    (0.0, 1.5, 0.0, 0.0),  # 1.5·0^0.5 = 0 (finite differences cannot reach a < 0)
    (-3.0, 2, 9.0, -6.0),
    (-2.0, 3, -8.0, 12.0),
    (-2.0, -1, -0.5, -0.25),  # −1·(−2)⁻² = −1/4
    (-2.0, -2, 0.25, 0.25),  # −2·(−2)⁻³ = −2·(−1/8)
    (-2.0, 2.0, 4.0, -4.0),  # an integer power written as a float is still an integer power
]


@pytest.mark.parametrize(("a", "n", "value", "slope"), POWER_CASES)
def test_power_rule_at_zero_and_negative_bases(a, n, value, slope) -> None:
    x = Value(a)
    y = x**n
    y.backward()
    assert (y.data, x.grad) == (value, slope)  # exact: small integers and halves
    assert grad(lambda t: t**n)(a) == pytest.approx(slope, abs=1e-15)
    if not (a == 0 and not float(n).is_integer()):
        assert numerical_derivative(lambda t: t**n, a, 1e-6) == pytest.approx(slope, abs=1e-6)


def test_power_rule_exceptions_at_zero_are_the_undefined_ones() -> None:
    for n in (-1, -0.5, 0.5, 0.25):  # the value or the slope n·0^(n−1) is infinite
        with pytest.raises(ZeroDivisionError, match=re.escape(f"0.0 ** {float(n)!r}")):
            Value(0.0) ** n
    with pytest.raises(ValueError, match="non-integer power"):
        Value(-2.0) ** 1.5


positive = st.floats(1e-3, 1e3, allow_nan=False)
nonzero = st.floats(-1e3, 1e3, allow_nan=False).filter(lambda x: abs(x) > 1e-3)


@settings(max_examples=200, deadline=None)
@given(positive)
def test_sqrt_matches_math_autograd_and_finite_differences(a) -> None:
    x = Value(a)
    y = x.sqrt()
    y.backward()
    assert y.data == math.sqrt(a)
    assert x.grad == pytest.approx(grad(anp.sqrt)(a), rel=1e-15)
    assert x.grad == pytest.approx(0.5 / math.sqrt(a), rel=1e-15)
    assert x.grad == pytest.approx(numerical_derivative(math.sqrt, a, 1e-4 * a), rel=1e-6)


@settings(max_examples=200, deadline=None)
@given(nonzero)
def test_abs_matches_autograd_and_finite_differences(a) -> None:
    x = Value(a)
    y = abs(x)
    y.backward()
    assert y.data == abs(a)
    assert x.grad == grad(anp.abs)(a) == math.copysign(1.0, a)
    assert x.grad == pytest.approx(numerical_derivative(abs, a, 1e-4), rel=1e-9)


def test_sqrt_outside_its_domain_says_why() -> None:
    with pytest.raises(ValueError, match=re.escape("sqrt(-4.0)")):
        Value(-4.0).sqrt()
    with pytest.raises(ZeroDivisionError, match="derivative"):
        Value(0.0).sqrt()


# -- comparisons: on the numbers; == and hash stay identity ----------------------------------------


def test_max_and_sorted_compare_the_numbers_and_return_the_values() -> None:
    a, b, c = Value(2.0), Value(-1.0), Value(5.0)
    values = [a, b, c]
    assert max(values) is c and min(values) is b
    assert sorted(values) == [b, a, c]  # == is identity here: these are the same three nodes
    assert [v.data for v in sorted(values, reverse=True)] == [5.0, 2.0, -1.0]
    best = max(values)
    (best * 3).backward()  # the Value max returns is a node of the graph like any other
    assert (a.grad, b.grad, c.grad) == (0.0, 0.0, 3.0)


def test_comparisons_with_numbers_on_either_side() -> None:
    v = Value(2.0)
    assert v < 3 and v <= 2.0 and v > 1 and v >= 2 and not v > 2.0
    # a number on the left: Python asks the Value for the mirrored comparison (3 > v is v < 3)
    assert operator.gt(3, v) and operator.ge(2.0, v) and operator.lt(1, v)
    assert not operator.lt(3, v)
    assert np.float64(1.0) < v and v < np.float64(3.0)
    assert Value(1.0) < Value(1.5) and not Value(1.5) <= Value(1.0)
    assert type(v < 3) is bool


def test_equality_and_hash_are_by_identity() -> None:
    a, b = Value(1.0), Value(1.0)
    assert a <= b and a >= b  # the same number ...
    assert a != b  # ... two nodes
    assert a == a  # a node equals itself
    assert len({a, b}) == 2
    grads = {a: "first", b: "second"}
    assert grads[a] == "first" and grads[b] == "second"
    assert hash(a) != hash(b)


@pytest.mark.parametrize(
    ("bad", "error", "named"),
    [("1", TypeError, "str"), (None, TypeError, "NoneType"), (True, TypeError, "bool"),
     (math.nan, ValueError, "nan")],
)  # fmt: skip
def test_comparing_with_a_non_number_is_explained(bad, error, named) -> None:
    for compare in (operator.lt, operator.le, operator.gt, operator.ge):
        with pytest.raises(error, match=named):
            compare(Value(1.0), bad)


# -- extremes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "x", "value", "slope"),
    [("tanh", 1000.0, 1.0, 0.0), ("tanh", -1000.0, -1.0, 0.0), ("sigmoid", 1000.0, 1.0, 0.0),
     ("sigmoid", -1000.0, 0.0, 0.0), ("sigmoid", -1e300, 0.0, 0.0), ("tanh", 20.0, 1.0, 0.0)],
)  # fmt: skip
def test_saturating_functions_are_finite_and_quiet_at_extremes(op, x, value, slope) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = Value(x)
        out = getattr(a, op)()
        out.backward()
    assert (out.data, a.grad) == (value, slope)


def test_sigmoid_stays_accurate_far_into_the_tail() -> None:
    a = Value(-30.0)
    s = a.sigmoid()
    s.backward()
    tail = math.exp(-30.0) / (1.0 + math.exp(-30.0))
    assert s.data == pytest.approx(tail, rel=1e-15)
    assert a.grad == pytest.approx(tail * (1 - tail), rel=1e-15)


def test_exp_overflow_names_the_value() -> None:
    assert math.isfinite(Value(709.0).exp().data)
    with pytest.raises(OverflowError, match=re.escape("exp(1000.0)")):
        Value(1000.0).exp()


def test_power_overflow_names_the_values() -> None:
    with pytest.raises(OverflowError, match=re.escape("1e+200")):
        Value(1e200) ** 2
    with pytest.raises(OverflowError, match=re.escape("10.0 ** 400.0")):
        10 ** Value(400.0)


# -- size and memory -------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_chain_of_a_million_operations() -> None:
    x = Value(0.5, label="x")
    y = x
    for _ in range(1_000_000):
        y = y * 1.0000001
    y.backward()
    # y = x·c^n, so dy/dx = c^n: the chain rule along a million links
    assert x.grad == pytest.approx(1.0000001**1_000_000, rel=1e-9)
    assert y.data == pytest.approx(0.5 * 1.0000001**1_000_000, rel=1e-9)
    order = topological_order(y)
    assert len(order) == 1_000_001 and order[0] is x and order[-1] is y
    assert repr(y).startswith("Value(data=0.55258")


def test_a_graph_is_freed_by_reference_counting_alone() -> None:
    gc.collect()
    gc.disable()
    try:
        x, w = Value(0.5, label="x"), Value(-1.5, label="w")
        h = dot([w, w], [x, x.tanh()], x)
        out = vsum([h.sigmoid(), (h * x) ** 2, (w / x).exp(), x.relu(), 2**w]).log()
        out.backward()
        assert x.grad != 0 and w.grad != 0
        refs = [weakref.ref(node) for node in topological_order(out)]
        assert len(refs) == 13
        del x, w, h, out
        alive = [ref() for ref in refs if ref() is not None]
        assert alive == []
    finally:
        gc.enable()
