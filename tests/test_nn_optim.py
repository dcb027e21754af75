"""helpers.nn and helpers.optim: initialisation, modules, whole-net gradients, optimizer steps."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import data, nn, optim
from helpers.functional import cross_entropy, mse
from helpers.gradcheck import check_gradients
from helpers.tensor import Tensor

# ---- initialisation -----------------------------------------------------------------------------

NIN, NOUT = 300, 200
# init -> (expected std, bound of a uniform init or None), from the formulas of each paper
INIT_STATS = {
    "uniform": (1 / np.sqrt(3 * NIN), 1 / np.sqrt(NIN)),
    "normal": (1 / np.sqrt(NIN), None),
    "xavier": (np.sqrt(2 / (NIN + NOUT)), None),
    "glorot": (np.sqrt(2 / (NIN + NOUT)), None),
    "xavier_uniform": (np.sqrt(2 / (NIN + NOUT)), np.sqrt(6 / (NIN + NOUT))),
    "he": (np.sqrt(2 / NIN), None),
    "kaiming": (np.sqrt(2 / NIN), None),
    "he_uniform": (np.sqrt(2 / NIN), np.sqrt(6 / NIN)),
    "naive": (0.01, None),
    "large": (1.0, None),
}


@pytest.mark.parametrize("init", INIT_STATS)
def test_init_statistics(init):
    std, bound = INIT_STATS[init]
    W = nn.Linear(NIN, NOUT, init=init, seed=3).W.data
    assert W.shape == (NIN, NOUT)
    assert abs(W.std() / std - 1) < 0.02  # 60 000 draws: the sample std is within 1%
    assert abs(W.mean()) < 4 * std / np.sqrt(W.size)
    if bound is None:
        assert np.abs(W).max() > 3 * std  # a normal has tails beyond 3 std
    else:
        assert np.abs(W).max() <= bound and np.abs(W).max() > 0.99 * bound


def test_linear_init_is_seeded_and_bias_starts_at_zero():
    a, b, c = nn.Linear(4, 3, seed=7), nn.Linear(4, 3, seed=7), nn.Linear(4, 3, seed=8)
    np.testing.assert_array_equal(a.W.data, b.W.data)
    assert not np.array_equal(a.W.data, c.W.data)
    np.testing.assert_array_equal(a.b.data, np.zeros(3))
    generator = np.random.default_rng(0)
    first, second = nn.Linear(4, 3, seed=generator), nn.Linear(4, 3, seed=generator)
    assert not np.array_equal(first.W.data, second.W.data), "one Generator: different draws"


def test_linear_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"unknown init .lecun.*uniform, normal, xavier"):
        nn.Linear(2, 3, init="lecun")
    with pytest.raises(ValueError, match="nout"):
        nn.Linear(2, 0)
    with pytest.raises(ValueError, match=r"input of shape \(5, 3\)"):
        nn.Linear(2, 3)(np.ones((5, 3)))


# ---- modules -----------------------------------------------------------------------------------


def test_mlp_parameters_names_and_repr():
    model = nn.MLP([2, 3, 2])
    assert list(model.named_parameters()) == ["0.W", "0.b", "1.W", "1.b"]
    shapes = [p.shape for p in model.parameters()]
    assert shapes == [(2, 3), (3,), (3, 2), (2,)]
    assert repr(model) == (
        "MLP(\n"
        "  sizes=[2, 3, 2], activation='tanh', residual=False\n"
        "  (0): Linear(nin=2, nout=3, init='xavier')\n"
        "  (1): Linear(nin=3, nout=2, init='xavier')\n"
        ")"
    )
    assert nn.MLP([2, 3, 2], activation="relu").layers[0].init == "he"


def test_sequential_composes_and_reads_like_pytorch():
    inner = nn.Sequential(nn.Linear(3, 1, seed=1), nn.Sigmoid())
    first = nn.Linear(2, 3, seed=0)
    model = nn.Sequential(first, nn.ReLU(), inner)
    x = np.array([[0.5, -1.0], [2.0, 0.1]])
    manual = inner(first(x).relu())
    np.testing.assert_array_equal(model(x).data, manual.data)
    assert len(model) == 3 and model[2] is inner
    assert list(model.named_parameters()) == ["0.W", "0.b", "2.0.W", "2.0.b"]
    assert repr(model) == (
        "Sequential(\n"
        "  (0): Linear(nin=2, nout=3, init='uniform')\n"
        "  (1): ReLU()\n"
        "  (2): Sequential(\n"
        "    (0): Linear(nin=3, nout=1, init='uniform')\n"
        "    (1): Sigmoid()\n"
        "  )\n"
        ")"
    )
    with pytest.raises(TypeError, match="item 1 is a int"):
        nn.Sequential(first, 3)


def test_mlp_forward_is_the_formula_with_and_without_residual():
    x = np.array([[0.3, -0.7, 1.1], [0.0, 0.4, -0.2]])
    for residual in (False, True):
        model = nn.MLP([3, 3, 3, 3, 2], residual=residual, seed=5)
        (W0, b0), (W1, b1), (W2, b2), (W3, b3) = [(m.W.data, m.b.data) for m in model.layers]
        alpha = 1 / np.sqrt(2)  # two skip connections: layers 1 and 2 (never the first or last)
        u1 = x @ W0 + b0
        u2 = (u1 + alpha * (np.tanh(u1) @ W1 + b1)) if residual else np.tanh(u1) @ W1 + b1
        u3 = (u2 + alpha * (np.tanh(u2) @ W2 + b2)) if residual else np.tanh(u2) @ W2 + b2
        np.testing.assert_allclose(model(x).data, np.tanh(u3) @ W3 + b3, rtol=1e-14)
        outputs = [t.data for t in model.outputs(x)]
        np.testing.assert_allclose(outputs[:3], [np.tanh(u1), np.tanh(u2), np.tanh(u3)])
        np.testing.assert_allclose(outputs[3], model(x).data)
    widening = nn.MLP([2, 3, 3, 1], residual=True, seed=5)  # 2 -> 3 has no skip, 3 -> 3 has one
    assert widening.skips == [False, True, False] and widening.residual_scale == 1.0
    (W0, b0), (W1, b1), (W2, b2) = [(m.W.data, m.b.data) for m in widening.layers]
    x2 = x[:, :2]
    u1 = x2 @ W0 + b0
    u2 = u1 + np.tanh(u1) @ W1 + b1
    np.testing.assert_allclose(widening(x2).data, np.tanh(u2) @ W2 + b2, rtol=1e-14)
    scaled = nn.MLP([2, 3, 3, 1], residual=True, residual_scale=0.25, seed=5)
    u2 = u1 + 0.25 * (np.tanh(u1) @ W1 + b1)
    np.testing.assert_allclose(scaled(x2).data, np.tanh(u2) @ W2 + b2, rtol=1e-14)
    assert "residual_scale=0.25" in repr(scaled) and "residual_scale" not in repr(nn.MLP([2, 1]))


def test_layer_outputs_carry_the_gradient_of_each_layer():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(6, 2)), rng.integers(0, 2, size=6)
    model = nn.MLP([2, 4, 4, 2], activation="tanh", seed=1)
    outputs = model.outputs(X)
    cross_entropy(outputs[-1], y).backward()
    # dL/d(hidden 2) by the chain rule from dL/dlogits: one layer back through W of the last layer
    dlogits = outputs[-1].grad
    np.testing.assert_allclose(outputs[1].grad, dlogits @ model.layers[2].W.data.T, rtol=1e-12)
    assert model.depth == 2 and [t.shape for t in outputs] == [(6, 4), (6, 4), (6, 2)]


def test_a_100_layer_residual_network_starts_near_its_input_and_trains_where_a_plain_one_cannot():
    X, y = data.spirals(n=150, noise=0.2, seed=0)
    results = {}
    for residual in (False, True):
        model = nn.MLP([2] + [16] * 100 + [3], activation="relu", residual=residual, seed=0)
        first = model.outputs(X)[0].data
        last = model.outputs(X)[-2].data
        optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        for _ in range(80):
            loss = cross_entropy(model(X), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        accuracy = np.mean(model(X).data.argmax(axis=1) == y)
        results[residual] = (np.std(last) / np.std(first), loss.item(), accuracy)
    plain, residual = results[False], results[True]
    # At the start, the residual stack's last hidden layer is on the scale of its first (about e
    # at most by the variance argument), while the plain stack has shrunk it a thousandfold.
    assert 0.3 < residual[0] < 3 and plain[0] < 1e-3
    assert residual[1] < 0.3 and residual[2] > 0.9, residual
    assert plain[1] > 1.0 and plain[2] < 0.5, plain


def test_logits_without_a_graph_are_the_network():
    for residual, activation in ((False, "tanh"), (True, "relu"), (True, "sigmoid")):
        model = nn.MLP([2, 5, 5, 5, 3], activation=activation, residual=residual, seed=4)
        X = np.random.default_rng(0).normal(size=(40, 2))
        np.testing.assert_allclose(model.logits(X), model(X).data, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(model.logits(Tensor(X)), model(X).data, rtol=1e-13)


def test_residual_scale_is_checked():
    with pytest.raises(ValueError, match=r"residual_scale must be a number > 0, got 0.0"):
        nn.MLP([2, 3, 3, 1], residual=True, residual_scale=0.0)
    with pytest.raises(TypeError, match="number"):
        nn.MLP([2, 3, 3, 1], residual=True, residual_scale="big")


def test_mlp_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"activation must be one of 'tanh', .* got 'gelu'"):
        nn.MLP([2, 2], activation="gelu")
    with pytest.raises(ValueError, match="at least an input and an output"):
        nn.MLP([2])


@pytest.mark.parametrize(
    ("activation", "residual"), [("tanh", False), ("relu", False), ("sigmoid", True)]
)
def test_every_parameter_gradient_of_an_mlp_matches_finite_differences(activation, residual):
    rng = np.random.default_rng(9)
    X, y = rng.normal(size=(7, 3)), rng.integers(0, 3, size=7)
    model = nn.MLP([3, 4, 4, 3], activation=activation, residual=residual, seed=2)
    report = check_gradients(lambda: cross_entropy(model(X), y), model)
    assert report, str(report)
    assert [c.name for c in report.checks] == ["0.W", "0.b", "1.W", "1.b", "2.W", "2.b"]


def test_zero_grad_forgets_gradients():
    model = nn.MLP([2, 2, 1])
    mse(model(np.ones((3, 2))), np.ones((3, 1))).backward()
    assert any(np.any(p.grad != 0) for p in model.parameters())
    model.zero_grad()
    assert all(np.all(p.grad == 0) for p in model.parameters())


# ---- optimizers: updates computed by hand ------------------------------------------------------


def test_sgd_step_is_w_minus_lr_times_gradient():
    w = Tensor([1.0, 2.0])
    (w * np.array([3.0, -4.0])).sum().backward()  # gradient (3, −4)
    optim.SGD([w], lr=0.1).step()
    np.testing.assert_allclose(w.data, [1.0 - 0.3, 2.0 + 0.4], rtol=1e-15)


def test_sgd_momentum_by_hand():
    w = Tensor([1.0, 2.0])
    opt = optim.SGD([w], lr=0.1, momentum=0.9)
    w.grad = [1.0, -1.0]
    opt.step()  # v = (1, −1): w = (0.9, 2.1)
    np.testing.assert_allclose(w.data, [0.9, 2.1], rtol=1e-15)
    w.grad = [2.0, 0.0]
    opt.step()  # v = 0.9 (1, −1) + (2, 0) = (2.9, −0.9): w = (0.61, 2.19)
    np.testing.assert_allclose(w.data, [0.61, 2.19], rtol=1e-14)


def test_adam_by_hand():
    w = Tensor([1.0])
    opt = optim.Adam([w], lr=0.1, betas=(0.9, 0.999), eps=1e-8)
    w.grad = [0.5]
    opt.step()
    # m = 0.05, v = 0.00025; m̂ = 0.05/0.1 = 0.5, v̂ = 0.00025/0.001 = 0.25: step 0.1·0.5/(0.5+1e-8)
    w1 = 1.0 - 0.1 * 0.5 / (0.5 + 1e-8)
    np.testing.assert_allclose(w.data, [w1], rtol=1e-14)
    w.grad = [-1.0]
    opt.step()
    # m = 0.045 − 0.1 = −0.055, v = 0.00024975 + 0.001 = 0.00124975
    m_hat, v_hat = -0.055 / (1 - 0.9**2), 0.00124975 / (1 - 0.999**2)
    np.testing.assert_allclose(w.data, [w1 - 0.1 * m_hat / (np.sqrt(v_hat) + 1e-8)], rtol=1e-13)


def test_optimizers_skip_parameters_without_gradient_and_zero_grad():
    a, b = Tensor([1.0]), Tensor([1.0])
    (a * 2.0).sum().backward()
    for opt in (optim.SGD([a, b], lr=0.5, momentum=0.5), optim.Adam([a, b], lr=0.5)):
        before = b.data.copy()
        opt.step()
        np.testing.assert_array_equal(b.data, before)
    opt.zero_grad()
    assert a._grad is None and np.array_equal(a.grad, [0.0])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: optim.SGD(p, lr=-0.1), "lr must be a number > 0, got -0.1"),
        (lambda p: optim.SGD(p, lr=0.1, momentum=1.0), r"momentum must be a number in \[0, 1\)"),
        (lambda p: optim.Adam(p, betas=(0.9,)), "betas must be a pair"),
        (lambda p: optim.SGD([], lr=0.1), "no parameters"),
        (lambda p: optim.SGD([np.ones(2)], lr=0.1), "parameter 0 must be a Tensor"),
    ],
)
def test_optimizer_arguments_are_checked(make, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make([Tensor([1.0])])


def test_optimizer_reprs():
    params = nn.MLP([2, 3, 1]).parameters()
    assert (
        repr(optim.SGD(params, lr=0.1, momentum=0.9)) == "SGD(lr=0.1, momentum=0.9, 4 parameters)"
    )
    assert repr(optim.Adam(params)) == "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, 4 parameters)"


# ---- learning ----------------------------------------------------------------------------------


def test_a_two_layer_net_learns_two_moons():
    X, y = data.moons(200, noise=0.1, seed=0)
    model = nn.MLP([2, 16, 2], seed=0)
    opt = optim.SGD(model.parameters(), lr=0.5, momentum=0.9)
    first = cross_entropy(model(X), y).item()
    for _ in range(300):
        opt.zero_grad()
        loss = cross_entropy(model(X), y)
        loss.backward()
        opt.step()
    accuracy = np.mean(model(X).data.argmax(axis=1) == y)
    assert accuracy > 0.95 and loss.item() < first / 10


def test_an_mlp_learns_digits_with_minibatches():
    X, y = data.digits()
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_fraction=0.25, seed=0)
    model = nn.MLP([64, 64, 10], seed=0)
    opt = optim.Adam(model.parameters(), lr=0.01)
    rng = np.random.default_rng(0)
    for _ in range(5):
        for xb, yb in data.batches(X_train, y_train, batch_size=64, rng=rng):
            opt.zero_grad()
            cross_entropy(model(xb), yb).backward()
            opt.step()
    assert np.mean(model(X_test).data.argmax(axis=1) == y_test) > 0.9


# ---- issue 11/12: RMSprop, zero_grad placement, argument checks, seed ---------------------------


def test_rmsprop_step_by_hand():
    w = Tensor([1.0])
    opt = optim.RMSprop([w], lr=0.1, alpha=0.9, eps=1e-8)
    w.grad = [2.0]
    opt.step()
    # v = 0.1 · 4 = 0.4; w = 1 − 0.1 · 2 / (√0.4 + 1e-8)
    w1 = 1.0 - 0.1 * 2.0 / (np.sqrt(0.4) + 1e-8)
    np.testing.assert_allclose(w.data, [w1], rtol=1e-14)
    w.grad = [-1.0]
    opt.step()
    # v = 0.9 · 0.4 + 0.1 · 1 = 0.46; w = w1 + 0.1 / (√0.46 + 1e-8)
    np.testing.assert_allclose(w.data, [w1 + 0.1 / (np.sqrt(0.46) + 1e-8)], rtol=1e-14)
    assert repr(opt) == "RMSprop(lr=0.1, alpha=0.9, eps=1e-08, 1 parameters)"
    with pytest.raises(ValueError, match=r"alpha must be a number in \[0, 1\)"):
        optim.RMSprop([w], alpha=1.0)


def _train(placement: str, optimizer: str) -> list[np.ndarray]:
    X, y = data.moons(60, noise=0.1, seed=1)
    model = nn.MLP([2, 8, 2], activation="tanh", seed=3)
    make = {"sgd": lambda p: optim.SGD(p, lr=0.3, momentum=0.9), "adam": optim.Adam}[optimizer]
    opt = make(model.parameters())
    for _ in range(15):
        if placement == "before backward":
            opt.zero_grad()
        loss = cross_entropy(model(X), y)
        loss.backward()
        opt.step()
        if placement == "after step":
            opt.zero_grad()
    return [p.data.copy() for p in model.parameters()]


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_zero_grad_before_backward_after_step_or_never_trains_identically(optimizer):
    """helpers' backward() recomputes every gradient, so where zero_grad() goes does not matter;
    it is there so that a loop reads as PyTorch's."""
    before, after, never = (
        _train(p, optimizer) for p in ("before backward", "after step", "never")
    )
    for a, b, c in zip(before, after, never, strict=True):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, c)
    assert "PyTorch and micrograd add to ``.grad``" in optim.Optimizer.zero_grad.__doc__


def test_an_optimizer_given_the_model_says_pass_model_parameters():
    model = nn.MLP([2, 3, 2])
    for make in (optim.SGD, optim.Adam, optim.RMSprop):
        with pytest.raises(TypeError, match=r"pass model\.parameters\(\)"):
            make(model, lr=0.1)
    with pytest.raises(TypeError, match=r"pass model\.parameters\(\)"):
        optim.SGD(Tensor([1.0]), lr=0.1)


def test_optimizer_arguments_use_the_shared_checks():
    p = [Tensor([1.0])]
    assert optim.SGD(p, lr=np.float32(0.1)).lr == pytest.approx(0.1)  # was refused
    for bad, kind in [(True, TypeError), (float("nan"), ValueError), ("0.1", TypeError)]:
        with pytest.raises(kind, match="lr must be"):
            optim.SGD(p, lr=bad)
    with pytest.raises(ValueError, match="parameter 1 is parameter 0 again"):
        optim.SGD([p[0], p[0]], lr=0.1)


def test_mlp_takes_layer_sizes_and_a_seed():
    a = nn.MLP([2, 16, 2], activation="tanh", seed=0)
    b = nn.MLP([2, 16, 2], activation="tanh")
    c = nn.MLP([2, 16, 2], activation="tanh", seed=None)
    d = nn.MLP([2, 16, 2], activation="tanh", seed=1)
    assert np.array_equal(a.layers[0].W.data, b.layers[0].W.data)
    assert np.array_equal(a.layers[0].W.data, c.layers[0].W.data)  # None is the default 0
    assert not np.array_equal(a.layers[0].W.data, d.layers[0].W.data)
    for bad, kind, message in [
        (1.5, TypeError, "seed must be a whole number"),
        (-1, ValueError, "seed must be a whole number >= 0"),
        (True, TypeError, "seed must be a whole number"),
    ]:
        with pytest.raises(kind, match=message):
            nn.MLP([2, 3, 2], seed=bad)
    with pytest.raises(TypeError, match="rng"):
        nn.MLP([2, 3, 2], rng=0)  # the old keyword is gone: one signature for both engines


@pytest.mark.parametrize(
    ("make", "kind", "message"),
    [
        (lambda: nn.MLP(16), TypeError, "sizes must be a list of layer sizes"),
        (
            lambda: nn.MLP([2, 0, 2]),
            ValueError,
            "each layer size must be a whole number from 1 to 100000, got 0",
        ),
        (lambda: nn.MLP([2, 2.5, 2]), TypeError, "each layer size must be a whole number"),
        (lambda: nn.MLP([2, 3, 2], residual="yes"), TypeError, "residual must be True or False"),
        (lambda: nn.MLP([2, 3, 2], init=3), TypeError, "init must be the name"),
        (lambda: nn.Linear(2, 0), ValueError, "nout must be a whole number"),
        (lambda: nn.Linear(True, 2), TypeError, "nin must be a whole number"),
        (lambda: nn.Linear(2, 2, seed="a"), TypeError, "seed must be a whole number"),
        (lambda: nn.Sequential([nn.Tanh()]), TypeError, r"Sequential\(\*layers\)"),
    ],
)
def test_modules_check_their_arguments(make, kind, message):
    with pytest.raises(kind, match=message):
        make()


def test_logits_match_the_graph_and_survive_an_overflow():
    model = nn.MLP([2, 4, 3], activation="sigmoid", seed=0)
    X = np.random.default_rng(0).normal(size=(5, 2))
    np.testing.assert_allclose(model.logits(X), model(X).data, rtol=1e-13)
    model.layers[0].W.data[:] = 1e308  # a diverged network: pictures show it, never raise
    with np.errstate(all="ignore"):
        assert model.logits(X).shape == (5, 3)


def test_a_nan_in_the_data_is_refused_before_the_first_step():
    X = np.ones((4, 2))
    X[2, 1] = np.nan
    model = nn.MLP([2, 3, 2])
    with pytest.raises(ValueError, match=r"entry \(2, 1\) is nan"):
        model(X)
