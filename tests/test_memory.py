"""helpers.memory.stored_bytes: the arrays a graph keeps for its backward pass, counted once."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import nn
from helpers.functional import cross_entropy
from helpers.memory import stored_bytes
from helpers.tensor import Tensor


def test_a_tanh_stack_keeps_one_activation_array_per_layer():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(16, 8)), rng.integers(0, 3, size=16)
    sizes = {}
    for depth in (2, 4, 8):
        model = nn.MLP([8] * (depth + 1) + [3], activation="tanh", seed=0)
        loss = cross_entropy(model(X), y)
        # the input, one (16, 8) tanh output per hidden layer, and what cross-entropy keeps:
        # the exponentials (16, 3), their sums (16, 1) and the targets (16,)
        expected = X.nbytes + depth * 16 * 8 * 8 + 16 * 3 * 8 + 16 * 8 + y.nbytes
        assert stored_bytes(loss) == expected
        sizes[depth] = stored_bytes(loss)
    assert sizes[8] - sizes[4] == 2 * (sizes[4] - sizes[2])  # linear in depth


def test_arrays_are_counted_once_and_parameters_not_at_all():
    W = Tensor(np.ones((100, 100)))
    x = Tensor(np.ones((1, 100)), requires_grad=False)
    h = x @ W  # saves x and W; W is a parameter
    assert stored_bytes(h) == x.data.nbytes
    t = h.tanh()
    both = t * t  # saves the same array twice
    assert stored_bytes(both) == x.data.nbytes + t.data.nbytes
    assert stored_bytes(W) == 0  # a leaf keeps nothing


def test_stored_bytes_needs_a_tensor():
    with pytest.raises(TypeError, match="needs a Tensor"):
        stored_bytes(np.ones(3))
