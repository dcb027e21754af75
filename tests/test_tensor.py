"""helpers.Tensor: every operation's gradient checked three ways, plus backward's contract.

1. against HIPS autograd computing the same function independently (``autograd.numpy``);
2. against central finite differences (``helpers.gradcheck.numerical_gradient``);
3. against gradients derived by hand from the math.

Each operation is differentiated through ``out.backward(weights)`` with fixed random weights,
i.e. the gradient of sum(weights * out): every output entry counts, each differently.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import warnings

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays, mutually_broadcastable_shapes

from helpers.gradcheck import check_gradients, numerical_gradient
from helpers.tensor import Tensor, op_result, unbroadcast


def _rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def three_way(tensor_fn, autograd_fn, *arrays_in, seed=1, check_numeric=True):
    """Check value and gradients of ``tensor_fn`` against autograd and finite differences."""
    arrays_in = [np.asarray(a, dtype=np.float64) for a in arrays_in]
    tensors = [Tensor(a) for a in arrays_in]
    out = tensor_fn(*tensors)
    expected = autograd_fn(*arrays_in)
    np.testing.assert_allclose(out.data, expected, rtol=1e-12, atol=1e-12)
    weights = _rng(seed).normal(size=out.shape)
    out.backward(weights)

    def weighted(*xs):
        return anp.sum(autograd_fn(*xs) * weights)

    for i, (a, t) in enumerate(zip(arrays_in, tensors, strict=True)):
        assert t.grad.shape == a.shape
        reference = autograd.grad(weighted, i)(*arrays_in)
        np.testing.assert_allclose(t.grad, reference, rtol=1e-9, atol=1e-12, err_msg=f"input {i}")
        if check_numeric:

            def f(_, i=i):
                return float(np.sum(tensor_fn(*[Tensor(x) for x in arrays_in]).data * weights))

            numeric = numerical_gradient(f, arrays_in[i])
            np.testing.assert_allclose(t.grad, numeric, rtol=1e-5, atol=1e-7, err_msg=f"input {i}")
    return tensors


# ---- construction and repr ---------------------------------------------------------------------


def test_tensor_stores_float64_copy_and_keeps_float32():
    source = np.array([1, 2, 3])
    t = Tensor(source)
    assert t.data.dtype == np.float64 and t.shape == (3,)
    t.data[0] = 99.0
    assert source[0] == 1, "a Tensor must own its array, not share the caller's"
    assert Tensor(np.ones(2, dtype=np.float32)).dtype == np.float32
    assert (Tensor(np.ones(2, dtype=np.float32)) * 2.0).dtype == np.float32
    assert Tensor([[1.5, 2.5]]).shape == (1, 2)


@pytest.mark.parametrize("bad", ["abc", np.array([1 + 2j]), [object()]])
def test_tensor_rejects_non_real_data(bad):
    with pytest.raises(TypeError, match="real numbers"):
        Tensor(bad)


def test_repr_is_readable_and_deterministic():
    t = Tensor([[1.0, 2.5], [3.0, 4.0]], label="W")
    assert repr(t) == "Tensor([[1. , 2.5],\n        [3. , 4. ]], label='W')"
    assert repr(Tensor(np.arange(100.0), requires_grad=False)) == (
        "Tensor([ 0.,  1., ..., 98., 99.], shape=(100,), requires_grad=False)"
    )
    assert repr(Tensor(2.0).tanh()) == "Tensor(0.964, op='tanh')"
    assert "0x" not in repr(Tensor(np.ones((50, 50))) @ Tensor(np.ones((50, 2))))


def test_grad_is_zeros_before_backward_and_none_without_requires_grad():
    w = Tensor(np.ones((2, 3)))
    assert np.array_equal(w.grad, np.zeros((2, 3)))
    assert Tensor([1.0], requires_grad=False).grad is None
    with pytest.raises(ValueError, match=r"shape \(2, 3\)"):
        w.grad = np.ones(3)


# ---- arithmetic with broadcasting --------------------------------------------------------------

BINARY = {
    "add": (lambda a, b: a + b),
    "sub": (lambda a, b: a - b),
    "mul": (lambda a, b: a * b),
    "div": (lambda a, b: a / b),
}
SHAPE_PAIRS = [
    ((3, 4), (3, 4)),
    ((3, 4), (4,)),
    ((4,), (3, 4)),
    ((3, 1), (1, 4)),
    ((3, 4), ()),
    ((), (3, 4)),
    ((2, 3, 4), (3, 1)),
    ((2, 1, 4), (1, 3, 1)),
]


@pytest.mark.parametrize("op", BINARY)
@pytest.mark.parametrize(("sa", "sb"), SHAPE_PAIRS)
def test_broadcast_binary_ops_three_ways(op, sa, sb):
    rng = _rng(2)
    a = rng.normal(size=sa)
    b = rng.uniform(0.5, 2.0, size=sb) * rng.choice([-1.0, 1.0], size=sb)  # away from 0 for /
    three_way(BINARY[op], BINARY[op], a, b)


@given(
    shapes=mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
    op=st.sampled_from(sorted(BINARY)),
    seed=st.integers(0, 2**16),
)
@settings(max_examples=60, deadline=None)
def test_broadcast_property_matches_autograd(shapes, op, seed):
    rng = _rng(seed)
    sa, sb = shapes.input_shapes
    a = rng.normal(size=sa)
    b = rng.uniform(0.5, 2.0, size=sb)
    three_way(BINARY[op], BINARY[op], a, b, seed=seed, check_numeric=False)


def test_numbers_and_arrays_on_either_side():
    x = Tensor([1.0, 2.0, 4.0])
    consts = np.array([2.0, 3.0, 5.0])
    out = 3.0 - x * consts + consts / x - 2 + x / 2 + 1.5 * x + consts * x
    assert isinstance(out, Tensor)
    out.backward(np.ones(3))
    # d/dx of 3 − c·x + c/x − 2 + x/2 + 1.5x + c·x  =  −c/x² + 2
    np.testing.assert_allclose(x.grad, -consts / x.data**2 + 2.0)
    assert isinstance(consts @ Tensor(np.eye(3)), Tensor)


def test_unbroadcast_sums_stretched_axes():
    g = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(unbroadcast(g, (4,)), g.sum(axis=(0, 1)))
    np.testing.assert_array_equal(unbroadcast(g, (3, 1)), g.sum(axis=(0, 2)).reshape(3, 1))
    np.testing.assert_array_equal(unbroadcast(g, ()), g.sum())
    assert unbroadcast(g, ()).shape == ()


@pytest.mark.parametrize("p", [2, 3, 0.5, -1.5])
def test_pow_three_ways(p):
    x = _rng(3).uniform(0.5, 2.0, size=(3, 2))
    three_way(lambda t: t**p, lambda a: a**p, x)


def test_pow_needs_a_number_or_a_tensor():
    with pytest.raises(TypeError, match="exponent"):
        Tensor([2.0]) ** "2"
    with pytest.raises(TypeError, match="exponent"):
        Tensor([2.0]) ** True


UNARY = {
    "neg": (lambda t: -t, lambda a: -a),
    "exp": (lambda t: t.exp(), anp.exp),
    "log": (lambda t: t.log(), anp.log),
    "tanh": (lambda t: t.tanh(), anp.tanh),
    "sigmoid": (lambda t: t.sigmoid(), lambda a: 1.0 / (1.0 + anp.exp(-a))),
    "relu": (lambda t: t.relu(), lambda a: anp.maximum(a, 0.0)),
}


@pytest.mark.parametrize("name", UNARY)
def test_elementwise_functions_three_ways(name):
    rng = _rng(4)
    x = rng.uniform(0.1, 2.0, size=(4, 3)) * rng.choice([-1.0, 1.0], size=(4, 3))
    if name == "log":
        x = np.abs(x)
    ours, theirs = UNARY[name]
    three_way(ours, theirs, x)


# ---- reductions --------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["sum", "mean"])
@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2), (2, 0)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_sum_and_mean_three_ways(method, axis, keepdims):
    x = _rng(5).normal(size=(2, 3, 4))
    three_way(
        lambda t: getattr(t, method)(axis=axis, keepdims=keepdims),
        lambda a: getattr(anp, method)(a, axis=axis, keepdims=keepdims),
        x,
    )


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
@pytest.mark.parametrize("keepdims", [False, True])
def test_max_three_ways(axis, keepdims):
    x = _rng(6).permutation(12).reshape(3, 4) * 0.7  # distinct values: no ties
    three_way(
        lambda t: t.max(axis=axis, keepdims=keepdims),
        lambda a: anp.max(a, axis=axis, keepdims=keepdims),
        x,
    )


def test_max_sends_gradient_to_the_first_of_tied_entries():
    x = Tensor([[1.0, 5.0, 5.0], [7.0, 7.0, 2.0]])
    x.max(axis=1).backward(np.array([10.0, 20.0]))
    np.testing.assert_array_equal(x.grad, [[0, 10, 0], [20, 0, 0]])
    x.max().backward()
    np.testing.assert_array_equal(x.grad, [[0, 0, 0], [1, 0, 0]])


def test_reduction_axis_errors_name_the_operation():
    with pytest.raises(ValueError, match=r"sum\(axis=2\).*2 axes"):
        Tensor(np.ones((2, 2))).sum(axis=2)
    with pytest.raises(ValueError, match="empty"):
        Tensor(np.ones((0,))).max()
    with pytest.raises(ValueError, match="one axis or None"):
        Tensor(np.ones((2, 2))).max(axis=(0, 1))


# ---- shapes and indexing -----------------------------------------------------------------------


def test_reshape_transpose_and_T_three_ways():
    x = _rng(7).normal(size=(2, 3, 4))
    three_way(lambda t: t.reshape(4, 6), lambda a: anp.reshape(a, (4, 6)), x)
    three_way(lambda t: t.reshape((-1, 2)), lambda a: anp.reshape(a, (-1, 2)), x)
    three_way(lambda t: t.transpose(1, 2, 0), lambda a: anp.transpose(a, (1, 2, 0)), x)
    three_way(lambda t: t.T, lambda a: anp.transpose(a), x)
    three_way(lambda t: t.transpose((0, -1, 1)), lambda a: anp.transpose(a, (0, 2, 1)), x)


def test_reshape_and_transpose_errors():
    with pytest.raises(ValueError, match=r"reshape \(3, 4\) \(12 entries\) into \(5, 2\)"):
        Tensor(np.ones((3, 4))).reshape(5, 2)
    with pytest.raises(ValueError, match=r"transpose \(3, 4\) with axes \(0, 0\)"):
        Tensor(np.ones((3, 4))).transpose(0, 0)


INDICES = {
    "slice": (slice(1, 3),),
    "int and slice": (1, slice(None, None, 2)),
    "negative step": (slice(None, None, -1),),
    "repeated ints": (np.array([0, 2, 0, 0]),),
    "repeated pairs": (np.array([0, 0, 1]), np.array([1, 1, 3])),
    "list": ([2, 2, 1],),
    "mask": (np.array([True, False, True]),),
    "ellipsis and newaxis": (Ellipsis, None, 2),
}


@pytest.mark.parametrize("name", INDICES)
def test_indexing_three_ways(name):
    index = INDICES[name]
    index = index[0] if len(index) == 1 else index
    x = _rng(8).normal(size=(3, 4))
    autograd_index = np.asarray(index) if isinstance(index, list) else index
    three_way(lambda t: t[index], lambda a: a[autograd_index], x)


def test_repeated_indices_accumulate_by_hand():
    x = Tensor([10.0, 20.0, 30.0])
    x[[0, 2, 0, 0]].backward(np.array([1.0, 2.0, 3.0, 4.0]))
    np.testing.assert_array_equal(x.grad, [1.0 + 3.0 + 4.0, 0.0, 2.0])


def test_indexing_errors():
    with pytest.raises(IndexError, match=r"shape \(3,\)"):
        Tensor([1.0, 2.0, 3.0])[5]
    with pytest.raises(TypeError, match="not with a Tensor"):
        Tensor([1.0, 2.0])[Tensor([0.0])]


# ---- matmul ------------------------------------------------------------------------------------

MATMUL_SHAPES = [
    ((3, 4), (4, 5)),  # matrix @ matrix
    ((2, 3, 4), (4, 5)),  # a stack of matrices @ one matrix
    ((3, 4), (4,)),  # matrix @ vector
    ((4,), (4, 5)),  # vector @ matrix
    ((4,), (4,)),  # dot product
    ((2, 3, 4), (2, 4, 5)),  # batched @ batched
    ((1, 3, 4), (2, 4, 5)),  # batch dimensions broadcast
    ((2, 3, 4), (4,)),  # a stack @ vector
]


@pytest.mark.parametrize(("sa", "sb"), MATMUL_SHAPES)
def test_matmul_three_ways(sa, sb):
    rng = _rng(9)
    three_way(
        lambda a, b: a @ b, lambda a, b: anp.matmul(a, b), rng.normal(size=sa), rng.normal(size=sb)
    )


@given(
    batch=st.lists(st.integers(1, 3), max_size=2),
    n=st.integers(1, 4),
    k=st.integers(1, 4),
    m=st.integers(1, 4),
    right=st.sampled_from(["matrix", "vector", "batched"]),
    seed=st.integers(0, 2**16),
)
@settings(max_examples=40, deadline=None)
def test_matmul_property_matches_autograd(batch, n, k, m, right, seed):
    rng = _rng(seed)
    a = rng.normal(size=(*batch, n, k))
    b = rng.normal(size={"matrix": (k, m), "vector": (k,), "batched": (*batch, k, m)}[right])
    three_way(lambda x, y: x @ y, anp.matmul, a, b, seed=seed, check_numeric=False)


def test_matmul_with_arrays_on_either_side():
    rng = _rng(10)
    A, B = rng.normal(size=(3, 4)), rng.normal(size=(4, 2))
    W = Tensor(B)
    (A @ W).backward(np.ones((3, 2)))
    np.testing.assert_allclose(W.grad, A.T @ np.ones((3, 2)))
    X = Tensor(A)
    (X @ B).backward(np.ones((3, 2)))
    np.testing.assert_allclose(X.grad, np.ones((3, 2)) @ B.T)


def test_hand_derived_gradient_of_sum_W_at_x():
    # L = Σ_i (W x)_i = Σ_ij W_ij x_j, so dL/dW_ij = x_j (every row is x: outer(ones, x)) and
    # dL/dx_j = Σ_i W_ij (the column sums of W).
    W = Tensor([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
    x = Tensor([2.0, -1.0, 4.0])
    (W @ x).sum().backward()
    np.testing.assert_array_equal(W.grad, np.outer(np.ones(2), [2.0, -1.0, 4.0]))
    np.testing.assert_array_equal(x.grad, [4.0, -2.0, -0.5])


def test_hand_derived_layer_gradients():
    # L = Σ tanh(x W + b): dL/dz = 1 − tanh²(z), dW = xᵀ dz, db = column sums of dz.
    x = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 3.0]])
    W = Tensor([[0.1, -0.2], [0.3, 0.4]])
    b = Tensor([0.05, -0.1])
    (x @ W + b).tanh().sum().backward()
    dz = 1.0 - np.tanh(x @ W.data + b.data) ** 2
    np.testing.assert_allclose(W.grad, x.T @ dz, rtol=1e-14)
    np.testing.assert_allclose(b.grad, dz.sum(axis=0), rtol=1e-14)


def _diamond(t):
    h = t.tanh()  # an intermediate node used twice: directly, and through exp
    return h + h.exp() * 2.0


def test_an_intermediate_used_twice_is_differentiated_after_both_uses():
    x = _rng(16).normal(size=(3, 2))
    three_way(_diamond, lambda a: anp.tanh(a) + anp.exp(anp.tanh(a)) * 2.0, x)
    # by hand: d/dx [h + 2 eʰ] = (1 + 2 eʰ)(1 − h²) with h = tanh x
    h = np.tanh(x)
    x1 = Tensor(x)
    y = _diamond(x1)
    y.backward(np.ones_like(x))
    np.testing.assert_allclose(x1.grad, (1 + 2 * np.exp(h)) * (1 - h * h), rtol=1e-14)
    # h first receives y's own gradient array; adding the second path must not write into it
    np.testing.assert_array_equal(y.grad, np.ones_like(x))


def test_a_tensor_used_twice_gets_both_gradients():
    a = Tensor([3.0])
    (a + a).backward(np.ones(1))
    assert a.grad[0] == 2.0
    (a * a).sum().backward()
    assert a.grad[0] == 6.0
    b = Tensor([2.0])
    ((b * b) * b + b.exp() + b * 3.0).sum().backward()  # 3b² + eᵇ + 3
    np.testing.assert_allclose(b.grad, [12.0 + np.exp(2.0) + 3.0])


def test_matmul_error_names_both_shapes_and_changes_nothing():
    a, b = Tensor(np.ones((3, 4))), Tensor(np.ones((5, 2)))
    (a.sum() + b.sum()).backward()
    before = (a.data.copy(), a.grad.copy(), b.data.copy(), b.grad.copy())
    with pytest.raises(
        ValueError, match=r"cannot matmul \(3, 4\) @ \(5, 2\): inner dimensions 4 and 5 differ"
    ):
        a @ b
    with pytest.raises(ValueError, match=r"matmul \(3, 4\) @ \(\)"):
        a @ 2.0
    with pytest.raises(ValueError, match=r"batch dimensions \(2,\) and \(3,\)"):
        Tensor(np.ones((2, 3, 4))) @ Tensor(np.ones((3, 4, 4)))
    after = (a.data, a.grad, b.data, b.grad)
    for x, y in zip(before, after, strict=True):
        np.testing.assert_array_equal(x, y)


def test_broadcast_error_names_shapes_and_operation():
    with pytest.raises(ValueError, match=r"cannot add \(3, 4\) \+ \(3,\).*lengths 4 and 3"):
        Tensor(np.ones((3, 4))) + Tensor(np.ones(3))
    with pytest.raises(ValueError, match=r"cannot multiply \(2,\) \* \(3,\)"):
        np.ones(2) * Tensor(np.ones(3))
    with pytest.raises(TypeError, match="cannot add a Tensor and a str"):
        Tensor([1.0]) + "a"


# ---- backward's contract -----------------------------------------------------------------------


def test_backward_is_idempotent():
    w = Tensor(_rng(11).normal(size=(3, 3)))
    x = Tensor(_rng(12).normal(size=(3,)))
    h = (w @ x).tanh()
    loss = (h * h).sum() + (w * w).mean()
    loss.backward()
    first = (w.grad.copy(), x.grad.copy(), h.grad.copy())
    loss.backward()
    for before, again in zip(first, (w.grad, x.grad, h.grad), strict=True):
        np.testing.assert_array_equal(before, again)


def test_backward_on_a_subgraph_resets_only_what_it_reaches():
    a, b = Tensor([1.0]), Tensor([2.0])
    (a * 5.0).sum().backward()
    (b * 7.0).sum().backward()
    assert a.grad[0] == 5.0 and b.grad[0] == 7.0


def test_backward_through_a_2000_layer_chain():
    x = Tensor([0.5, -0.25])
    h = x
    for _ in range(2000):
        h = (h * 0.999).tanh() + 0.001
    h.sum().backward()
    # the same chain rule, step by step in plain NumPy
    value, slopes = x.data.copy(), []
    for _ in range(2000):
        value = np.tanh(value * 0.999) + 0.001
        slopes.append(0.999 * (1.0 - (value - 0.001) ** 2))
    np.testing.assert_allclose(x.grad, np.prod(slopes, axis=0), rtol=1e-9)


DEEP_CHAIN = """
import numpy as np
from helpers.tensor import Tensor
x = Tensor([1.0])
h = x
for _ in range(30000):
    h = h + 1.0
h.backward(np.ones(1))
print(float(x.grad[0]), float(h.data[0]))
del h  # dropping a 30000-deep chain must not overflow the C stack
print("freed")
"""


def test_a_very_deep_graph_backpropagates_and_frees_without_recursion_error():
    # in a subprocess: a stack overflow while freeing would kill the interpreter, not raise
    done = subprocess.run([sys.executable, "-c", DEEP_CHAIN], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["1.0", "30001.0", "freed"]


def test_graphs_have_no_reference_cycles():
    gc.collect()
    gc.disable()
    try:
        w = Tensor(_rng(13).normal(size=(4, 3)))
        for _ in range(5):
            loss = ((np.ones((2, 4)) @ w).tanh() ** 2).sum()
            loss.backward()
        del loss, w
        assert gc.collect() == 0, "graph nodes form reference cycles"
    finally:
        gc.enable()


def test_non_scalar_backward_without_grad_says_what_to_pass():
    y = Tensor(np.ones((3, 4))) * 2.0
    with pytest.raises(ValueError, match=r"shape \(3, 4\).*grad=.*np\.ones\(\(3, 4\)\)"):
        y.backward()


def test_backward_rejects_wrong_grad_shape_and_keeps_old_grads():
    x = Tensor([1.0, 2.0])
    y = x * 3.0
    y.backward(np.ones(2))
    with pytest.raises(ValueError, match=r"shape \(2,\), got \(3,\)"):
        y.backward(np.ones(3))
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])


def test_backward_without_anything_to_differentiate():
    c = Tensor([1.0], requires_grad=False) * 2.0
    assert not c.requires_grad
    with pytest.raises(RuntimeError, match="requires_grad=False"):
        c.sum().backward()


def test_inputs_without_requires_grad_get_no_gradient():
    x = Tensor(np.ones((2, 3)), requires_grad=False)
    w = Tensor(np.ones((3, 1)))
    (x @ w).sum().backward()
    assert x.grad is None and x._grad is None
    np.testing.assert_array_equal(w.grad, [[2.0], [2.0], [2.0]])


def test_leaf_gradients_are_not_shared_between_tensors():
    a, b = Tensor([1.0, 2.0]), Tensor([3.0, 4.0])
    (a + b).backward(np.ones(2))
    a.grad[0] = 100.0
    assert b.grad[0] == 1.0
    seed = np.ones(2)
    (a + b).backward(seed)
    a.grad[1] = 50.0
    assert seed[1] == 1.0


# ---- extremes ----------------------------------------------------------------------------------


def test_sigmoid_and_tanh_at_extremes_are_finite_without_warnings():
    x = Tensor([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        s = x.sigmoid()
        s.backward(np.ones(5))
        sigmoid_grad = x.grad.copy()
        t = x.tanh()
        t.backward(np.ones(5))
    np.testing.assert_allclose(s.data, [0.0, np.exp(-40.0) / (1 + np.exp(-40.0)), 0.5, 1.0, 1.0])
    assert s.data[1] > 0.0, "sigmoid(-40) keeps its relative precision"
    np.testing.assert_array_equal(t.data[[0, 2, 4]], [-1.0, 0.0, 1.0])
    assert np.all(np.isfinite(sigmoid_grad)) and np.all(np.isfinite(x.grad))
    assert sigmoid_grad[2] == 0.25 and x.grad[2] == 1.0
    assert sigmoid_grad[0] == 0.0 and x.grad[4] == 0.0


def test_float32_tensors_stay_float32():
    w = Tensor(np.ones((2, 2), dtype=np.float32))
    x = np.ones((3, 2), dtype=np.float32)
    loss = (x @ w).tanh().sum()
    assert loss.dtype == np.float32
    loss.backward()
    assert w.grad.dtype == np.float32


# ---- gradient check of a whole model and custom operations -------------------------------------


def test_check_gradients_passes_for_correct_gradients():
    rng = _rng(14)
    W1, W2 = (
        Tensor(rng.normal(size=(3, 5)), label="W1"),
        Tensor(rng.normal(size=(5, 2)), label="W2"),
    )
    x = rng.normal(size=(4, 3))

    def loss():
        return ((x @ W1).tanh() @ W2).sigmoid().mean()

    report = check_gradients(loss, {"W1": W1, "W2": W2})
    assert report and len(report.checks) == 2
    assert str(report).splitlines()[0].startswith("W1             | exact: NO  | approx: yes")
    assert check_gradients(loss, [W1, W2]).checks[1].name == "W2[1]"


def _wrong_square_backward(g, saved, parents):
    return (g * saved[0],)  # the derivative of x² is 2x, not x


def test_check_gradients_catches_a_wrong_backward_rule():
    w = Tensor([1.0, -2.0, 3.0])
    report = check_gradients(
        lambda: op_result(w.data**2, "square", _wrong_square_backward, (w.data,), w).sum(), [w]
    )
    assert not report
    assert "approx: NO" in str(report)


def _cube_backward(g, saved, parents):
    (x,) = saved
    return (g * 3.0 * x * x,)


def test_op_result_adds_a_new_operation():
    x = _rng(15).normal(size=(2, 3))
    three_way(
        lambda t: op_result(t.data**3, "cube", _cube_backward, (t.data,), t), lambda a: a**3, x
    )
    assert (
        op_result(np.ones(2), "cube", _cube_backward, (np.ones(2),), np.ones(2)).requires_grad
        is False
    )


@given(
    x=arrays(np.float64, st.integers(1, 6), elements=st.floats(-5, 5)),
    y=arrays(np.float64, st.integers(1, 6), elements=st.floats(-5, 5)),
)
@settings(max_examples=40, deadline=None)
def test_composite_expression_matches_autograd(x, y):
    n = min(len(x), len(y))
    x, y = x[:n], y[:n]

    def ours(a, b):
        return ((a * b).tanh() + (a - b).sigmoid() * 2.0 - (a * a + 1.0).log()).sum(axis=0) / 3.0

    def theirs(a, b):
        return (
            anp.sum(anp.tanh(a * b) + 2.0 / (1.0 + anp.exp(b - a)) - anp.log(a * a + 1.0), axis=0)
            / 3.0
        )

    three_way(ours, theirs, x, y, check_numeric=False)
