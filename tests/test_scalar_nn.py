"""helpers.scalar_nn: sizes, seeded initialisation, outputs by hand, gradients, training."""

from __future__ import annotations

import itertools
import math
import random
import re
import time

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad

from helpers.gradcheck import compare_gradients, numerical_gradient
from helpers.scalar import Value, vsum
from helpers.scalar_nn import MLP, Layer, Neuron

# -- sizes, seeds, reprs ---------------------------------------------------------------------------


def test_parameter_counts() -> None:
    assert len(Neuron(5).parameters()) == 6  # 5 weights + 1 bias
    assert len(Layer(3, 2).parameters()) == 8  # 2 · (3 + 1)
    assert len(MLP([3, 4, 4, 1]).parameters()) == 41  # (3+1)·4 + (4+1)·4 + (4+1)·1
    assert len(MLP([2, 16, 16, 1]).parameters()) == 337  # micrograd's demo network


def weights(model) -> list[float]:
    return [p.data for p in model.parameters()]


def test_the_same_seed_gives_the_same_network() -> None:
    assert weights(MLP([2, 3, 1], seed=7)) == weights(MLP([2, 3, 1], seed=7))
    assert weights(MLP([2, 3, 1])) == weights(MLP([2, 3, 1]))  # the default seed is fixed too
    assert weights(MLP([2, 3, 1], seed=None)) == weights(MLP([2, 3, 1], seed=0))  # None: 0
    assert weights(MLP([2, 3, 1], seed=7)) != weights(MLP([2, 3, 1], seed=8))
    rng_a, rng_b = random.Random(3), random.Random(3)
    assert weights(Layer(2, 2, seed=rng_a)) == weights(Layer(2, 2, seed=rng_b))
    assert weights(Layer(2, 2, seed=rng_a)) != weights(Layer(2, 2, seed=random.Random(3)))


def reference_weights(sizes, seed) -> list[float]:
    """The documented initialisation written out: one random.Random(seed) stream, layer by layer,
    neuron by neuron, nin weights from U(−1/√nin, 1/√nin) each, then a bias of 0."""
    rng = random.Random(seed)
    out = []
    for nin, nout in itertools.pairwise(sizes):
        for _ in range(nout):
            out += [rng.uniform(-1 / math.sqrt(nin), 1 / math.sqrt(nin)) for _ in range(nin)]
            out.append(0.0)
    return out


@pytest.mark.parametrize("sizes", [[2, 16, 1], [2, 16, 16, 1], [2, 8, 1], [3, 4, 3, 1], [1, 1]])
@pytest.mark.parametrize("seed", [0, 1, 1337])
def test_initial_weights_are_the_documented_stream(sizes, seed) -> None:
    # MLP(2, [16, 1], seed=s) of the old signature drew exactly these numbers (checked against it
    # before it was removed), so notebook figures made with it do not change.
    assert weights(MLP(sizes, seed=seed)) == reference_weights(sizes, seed)
    assert weights(MLP(sizes, activation="relu", seed=seed)) == reference_weights(sizes, seed)


def test_initial_weights_are_scaled_to_the_number_of_inputs() -> None:
    model = MLP([16, 16, 1], seed=1)
    for layer in model.layers:
        for neuron in layer.neurons:
            bound = 1 / math.sqrt(len(neuron.w))
            assert all(-bound <= w.data <= bound for w in neuron.w)
            assert max(abs(w.data) for w in neuron.w) > bound / 2  # spread, not all near 0
            assert neuron.b.data == 0.0
    neurons = model.layers[0].neurons
    assert weights(neurons[0]) != weights(neurons[1])  # neurons differ, or they'd learn alike


def test_reprs_are_short_and_deterministic() -> None:
    assert repr(MLP([2, 2, 1])) == (
        "MLP of [Layer of [TanhNeuron(2), TanhNeuron(2)], Layer of [LinearNeuron(2)]]"
    )
    assert repr(MLP([3, 1], activation="relu", output_activation="sigmoid")) == (
        "MLP of [Layer of [SigmoidNeuron(3)]]"
    )
    assert repr(Layer(1, 2, activation="relu")) == "Layer of [ReLUNeuron(1), ReLUNeuron(1)]"


# -- outputs worked out by hand --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("activation", "expected"),
    [("linear", -1.75), ("tanh", math.tanh(-1.75)), ("relu", 0.0),
     ("sigmoid", 1 / (1 + math.exp(1.75)))],
)  # fmt: skip
def test_a_neuron_computes_act_of_b_plus_w_dot_x(activation, expected) -> None:
    neuron = Neuron(2, activation=activation)
    neuron.w[0].data, neuron.w[1].data, neuron.b.data = 0.5, -1.0, 0.25
    out = neuron([2.0, 3.0])  # 0.25 + 0.5·2 − 1·3 = −1.75
    assert out.data == pytest.approx(expected, rel=1e-15)


def test_shapes_of_outputs() -> None:
    assert isinstance(Layer(2, 1)([1.0, 2.0]), Value)
    assert len(Layer(2, 3)([1.0, 2.0])) == 3
    assert isinstance(MLP([2, 3, 1])([1.0, 2.0]), Value)
    assert len(MLP([2, 3, 2])([1.0, 2.0])) == 2
    assert isinstance(MLP([2, 1, 1])([1.0, 2.0]), Value)  # a one-neuron hidden layer
    assert (
        MLP([2, 3, 1]).sizes == MLP((2, 3, 1)).sizes == MLP(np.array([2, 3, 1])).sizes == [2, 3, 1]
    )


def test_inputs_may_be_values_and_get_gradients() -> None:
    neuron = Neuron(2, activation="linear")
    x = [Value(2.0), Value(3.0)]
    neuron(x).backward()
    assert [xi.grad for xi in x] == [w.data for w in neuron.w]  # ∂(b + w·x)/∂x = w


def test_zero_grad() -> None:
    model = MLP([2, 3, 1])
    model([1.0, 2.0]).backward()
    assert any(p.grad != 0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_bad_arguments_are_explained() -> None:
    with pytest.raises(ValueError, match="has 2 weights but got 3 inputs"):
        Neuron(2)([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"activation must be one of 'tanh', 'relu'.*'softmax'"):
        MLP([2, 3, 1], activation="softmax")
    with pytest.raises(ValueError, match=r"output_activation must be one of .*'soft'"):
        MLP([2, 3, 1], output_activation="soft")
    with pytest.raises(ValueError, match="nin must be a whole number from 1 to 10000, got 0"):
        Neuron(0)
    with pytest.raises(TypeError, match=r"nout must be a whole number, got 2\.5"):
        Layer(2, 2.5)
    with pytest.raises(TypeError, match=r"nout must be a whole number, got True"):
        Layer(2, True)
    with pytest.raises(ValueError, match=r"at least an input and an output size, got \[2\]"):
        MLP([2])
    with pytest.raises(ValueError, match=r"sizes\[1\] must be a whole number from 1"):
        MLP([2, 0, 1])
    with pytest.raises(TypeError, match=r"seed must be a whole number, got '0'"):
        MLP([2, 1], seed="0")
    with pytest.raises(ValueError, match=r"seed must be a whole number >= 0, got -1"):
        MLP([2, 1], seed=-1)
    with pytest.raises(TypeError, match="input x must be a list of numbers or Values"):
        Neuron(2)(1.0)


def test_the_old_signature_is_explained() -> None:
    for old in (lambda: MLP(2, [16, 1]), lambda: MLP(3, [4, 1], activation="relu", seed=2)):
        with pytest.raises(TypeError, match=re.escape("MLP(2, [16, 1]) is the old way of")):
            old()
    with pytest.raises(TypeError, match=re.escape("write MLP([3, 4, 1], ...)")):
        MLP(3, [4, 1], activation="relu")
    with pytest.raises(TypeError, match="give only the list of sizes by position"):
        MLP([2, 1], "relu")
    with pytest.raises(TypeError, match="sizes must be a list of layer sizes, input size first"):
        MLP(2)
    with pytest.raises(TypeError, match="sizes must be a list of layer sizes, got 'abc'"):
        MLP("abc")


def test_sizes_that_would_not_finish_are_refused_at_once() -> None:
    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"nout must be a whole number from 1 to 10000"):
        Layer(2, 10**400)
    with pytest.raises(ValueError, match=r"1,002,001 parameters.*helpers\.nn\.MLP"):
        MLP([1000, 1000, 1])
    assert time.perf_counter() - start < 1.0


# -- gradients: finite differences and autograd ----------------------------------------------------

DATA = np.random.default_rng(0).normal(size=(5, 3))
TARGETS = [0.5, -1.0, 0.25, 1.0, -0.5]


def mse(model) -> Value:
    return vsum((model(list(x)) - t) ** 2 for x, t in zip(DATA, TARGETS, strict=True)) * (1 / 5)


def reference_mse(theta, sizes, activation):
    """The same network and loss in autograd.numpy, reading the parameters in the same order."""
    acts = {
        "tanh": anp.tanh,
        "relu": lambda z: anp.maximum(z, 0.0),
        "sigmoid": lambda z: 1 / (1 + anp.exp(-z)),
    }
    total, i = 0.0, 0
    for x, t in zip(DATA, TARGETS, strict=True):
        h, i = list(x), 0
        for layer, (nin, nout) in enumerate(itertools.pairwise(sizes)):
            out = []
            for _ in range(nout):
                z = theta[i + nin] + sum(theta[i + k] * h[k] for k in range(nin))
                i += nin + 1
                out.append(z if layer == len(sizes) - 2 else acts[activation](z))
            h = out
        total = total + (h[0] - t) ** 2
    return total / 5


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_mlp_gradients_match_finite_differences_and_autograd(activation) -> None:
    model = MLP([3, 4, 3, 1], activation=activation, seed=5)
    params = model.parameters()
    mse(model).backward()
    ours = np.array([p.grad for p in params])
    theta = np.array([p.data for p in params])

    def loss_at(values: np.ndarray) -> float:
        for p, v in zip(params, values, strict=True):
            p.data = float(v)
        return mse(model).data

    numeric = numerical_gradient(loss_at, theta)
    reference = grad(reference_mse)(theta, [3, 4, 3, 1], activation)
    assert np.count_nonzero(ours) > len(ours) // 2
    assert compare_gradients("finite diff", ours, numeric, rtol=1e-6, atol=1e-8)
    assert compare_gradients("autograd", ours, reference, rtol=1e-12, atol=1e-14)


def test_training_reduces_the_loss() -> None:
    # XOR, which no single neuron can fit: the hidden layers have to learn
    xs, ys = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [-1.0, 1.0, 1.0, -1.0]
    model = MLP([2, 8, 8, 1], activation="relu", seed=0)
    losses = []
    for _ in range(60):
        loss = vsum((model(x) - y) ** 2 for x, y in zip(xs, ys, strict=True)) * 0.25
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= 0.2 * p.grad
        losses.append(loss.data)
    assert losses[-1] < 0.05 * losses[0]
    assert [model(x).data > 0 for x in xs] == [y > 0 for y in ys]


def xor_training(zero_after_update: bool, steps: int = 25) -> tuple[list[float], list[float]]:
    """The losses and final weights of plain gradient descent on XOR."""
    xs, ys = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [-1.0, 1.0, 1.0, -1.0]
    model = MLP([2, 4, 1], seed=3)
    losses = []
    for _ in range(steps):
        loss = vsum((model(x) - y) ** 2 for x, y in zip(xs, ys, strict=True)) * 0.25
        loss.backward()
        for p in model.parameters():
            p.data -= 0.1 * p.grad
            if zero_after_update:
                p.grad = 0.0
        losses.append(loss.data)
    return losses, weights(model)


def test_zeroing_the_grads_or_not_gives_the_same_training() -> None:
    # backward() recomputes every gradient it reaches, so stale grads never leak into a step
    with_zeroing, without = xor_training(True), xor_training(False)
    assert with_zeroing == without  # bit for bit: the same arithmetic in the same order
    assert with_zeroing[0][-1] < with_zeroing[0][0]  # and it is training, not standing still
