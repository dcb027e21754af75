"""Exercises of notebook 07, Depth and Gradient Flow: predicting vanishing and exploding gradients,
He initialisation, the backward rule of a residual block, and a network that does not learn.

The checkers measure rather than compare formulas: a student's initialisation is used to build a
50-layer ReLU stack whose activations are measured layer by layer; a residual block's backward is
compared with finite differences on several shapes; a repaired network is trained.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import data, health, nn, optim
from ..functional import cross_entropy
from ..gradcheck import numerical_gradient
from .answers import as_array
from .core import Feedback, call, correct, exercise, wrong
from .feedback import open_, shown

# -- 07.1 ---------------------------------------------------------------------------------------

PREDICT_CONFIGS = (("sigmoid", "xavier"), ("relu", "large"), ("tanh", "xavier"))


def reaching_gradients(activation: str, init: str, depth: int = 30, width: int = 64) -> np.ndarray:
    """‖∂L/∂h_k‖, the gradient reaching every hidden layer k, at initialisation, for a
    cross-entropy loss on spirals (the measurement of notebook 07)."""
    X, y = data.spirals(n=200, seed=0)
    model = nn.MLP([2] + [width] * depth + [3], activation=activation, init=init, seed=0)
    outputs = model.outputs(X)
    cross_entropy(outputs[-1], y).backward()
    return np.array([np.linalg.norm(h.grad) for h in outputs[:-1]])


def fate(reaching: np.ndarray) -> str:
    """V (vanishing) if the gradient reaching layer 1 is less than a thousandth of the one reaching
    the last hidden layer, E (exploding) if more than a thousand times, S (steady) otherwise."""
    ratio = reaching[0] / reaching[-1]
    return "V" if ratio < 1e-3 else "E" if ratio > 1e3 else "S"


@exercise(
    "07.1",
    "Predict: vanish, explode or steady?",
    hints=(
        "multiply the typical slope of each activation over 30 layers: a factor below 1 vanishes,"
        " above 1 explodes.",
    ),
)
def check_predict_fates(answer: Any) -> Feedback:
    hint = (
        "going back one layer multiplies the gradient by the activation's slopes and the weights."
    )
    if not isinstance(answer, str):
        return wrong(f"answer with a string of three letters such as 'SSS', got {shown(answer)}.")
    letters = "".join(ch for ch in answer.upper() if ch.isalpha())
    if len(letters) != 3 or set(letters) - set("VES"):
        return wrong(
            f"give three letters, each V (vanishes), E (explodes) or S (steady), one per network "
            f"in order; got {shown(answer)}.",
            hint,
        )
    expected = "".join(fate(reaching_gradients(a, i)) for a, i in PREDICT_CONFIGS)
    if letters == expected:
        return correct(
            "sigmoid slopes ≤ 0.25 shrink the gradient at every layer; weights of std 1 on 64 "
            "inputs grow it about 5.7× per layer; tanh with Xavier passes it on about unchanged."
        )
    why = {
        0: "network 1 (sigmoid, Xavier): what is the largest slope a sigmoid has, and how many "
        "of them does the gradient pass through?",
        1: "network 2 (ReLU, weights of size about 1): each unit adds 64 inputs, each times a "
        "weight of size about 1. Does each layer shrink or grow what passes through it?",
        2: "network 3 (tanh, Xavier): tanh's slope near 0 is 1, and Xavier's weights keep a "
        "weighted sum about as large as one input. What does one layer multiply the gradient by?",
    }
    first_wrong = next(i for i in range(3) if letters[i] != expected[i])
    return wrong(f"look again at {why[first_wrong]}", hint)


# -- 07.2 ---------------------------------------------------------------------------------------

HE_WIDTH, HE_DEPTH = 256, 50


def relu_stack_scales(init: Any, width: int = HE_WIDTH, depth: int = HE_DEPTH) -> np.ndarray:
    """Root mean square of the activations of every layer of a ``depth``-layer ReLU stack whose
    weights come from ``init(fan_in, fan_out, rng)``, for 256 random inputs (biases zero)."""
    rng = np.random.default_rng(7)
    h = rng.normal(size=(256, width))
    scales = []
    for _ in range(depth):
        h = np.maximum(h @ np.asarray(init(width, width, rng), dtype=np.float64), 0.0)
        scales.append(float(np.sqrt(np.mean(h * h))))
    return np.array(scales)


def _he_reference(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    return rng.normal(0.0, math.sqrt(2.0 / fan_in), size=(fan_in, fan_out))


@exercise(
    "07.2",
    "He initialisation",
    hints=(
        "ReLU zeroes half of each unit's input, halving the variance of the signal. Which "
        "variance of W makes up for that?",
        "draw W from a normal distribution whose variance is 2 / fan_in, in the shape (fan_in, "
        "fan_out).",
    ),
)
def check_he_init(answer: Any) -> Feedback:
    hint = (
        "ReLU zeroes half of each unit's input: which variance of W makes up for that factor 1/2?"
    )
    if not callable(answer):
        return wrong(
            f"answer should be your function he_init itself, got a {type(answer).__name__}.",
            "def he_init(fan_in, fan_out, rng): ...   then   answer = he_init",
        )
    returned = call(answer, 512, 128, np.random.default_rng(1), name="your he_init")
    if returned is Ellipsis:
        return open_("your he_init still returns ...: replace it with your formula.")
    W = as_array(returned, "he_init's result")
    if W.shape != (512, 128):
        return wrong(
            f"he_init(512, 128, rng) returned shape {W.shape}; a weight matrix of this series "
            "has one row per input and one column per unit: (fan_in, fan_out) = (512, 128).",
            hint,
        )
    if not np.all(np.isfinite(W)) or W.std() == 0:
        return wrong("the weights must be random, finite numbers: use rng.normal(...).", hint)
    std, wanted = float(W.std()), math.sqrt(2 / 512)
    scales = relu_stack_scales(lambda *args: call(answer, *args, name="your he_init"))
    growth = scales[-1] / scales[0]
    if abs(std / wanted - 1) < 0.05 and 0.2 < growth < 5:
        return correct(
            f"std {std:.4f} = √(2/512); through {HE_DEPTH} ReLU layers the activations' scale "
            f"went from {scales[0]:.2f} to {scales[-1]:.2f}: it neither vanished nor exploded."
        )
    mistakes = {
        math.sqrt(1 / 512): "that is √(1/fan_in), the scale for tanh (Xavier). A ReLU zeroes half "
        "of its input: what does that do to the variance at every layer, and how must W make up "
        "for it?",
        2 / 512: "that is 2/fan_in used as the standard deviation. Is the 2/fan_in of He "
        "initialisation a variance or a standard deviation?",
        math.sqrt(2 / 640): "that is Xavier's √(2/(fan_in + fan_out)); He uses fan_in alone.",
        math.sqrt(2 / 128): "that uses fan_out; He keeps the forward signal steady, which is "
        "about the number of inputs each unit adds up: fan_in.",
        1.0: "that is the standard normal (rng.normal() with no scale): far too large.",
        0.01: "that is the naive fixed scale 0.01, whatever the layer's size.",
    }
    for value, explanation in mistakes.items():
        if abs(std / value - 1) < 0.05:
            return wrong(
                f"your weights have std {std:.4f}: {explanation} Through {HE_DEPTH} ReLU layers "
                f"the activations' scale went from {scales[0]:.3g} to {scales[-1]:.3g}.",
                hint,
            )
    return wrong(
        f"your weights have std {std:.4f}, He's is √(2/512) = {wanted:.4f}; through "
        f"{HE_DEPTH} ReLU layers the activations' scale went from {scales[0]:.3g} to "
        f"{scales[-1]:.3g}.",
        hint,
    )


# -- 07.3 ---------------------------------------------------------------------------------------

BLOCK_SHAPES = ((3, 4), (5, 2), (1, 6))  # (batch N, width D): W is (D, D)
BLOCK_ALPHA = 0.3


def block_numerical(u, W, b, dout, alpha):
    """du, dW, db of L = Σ (u + α (tanh(u) @ W + b)) ⊙ dout by finite differences."""

    def loss(_: Any) -> float:
        return float(np.sum((u + alpha * (np.tanh(u) @ W + b)) * dout))

    return numerical_gradient(loss, u), numerical_gradient(loss, W), numerical_gradient(loss, b)


def _diagnose_block(name, got, want, dout, u, W, alpha) -> str:
    if got.shape != want.shape:
        return f"{name} has shape {got.shape}; a gradient has its variable's shape {want.shape}."
    a = np.tanh(u)
    branch_du = alpha * (dout @ W.T) * (1 - a * a)
    if name == "du":
        if np.allclose(got, branch_du, atol=1e-6):
            return "du lacks the skip: out = u + …, so dout also flows straight back to u."
        if np.allclose(got, dout + branch_du / alpha, atol=1e-6):
            return "du forgets α on the branch: the branch's gradient is scaled by α too."
        if np.allclose(got, dout + alpha * (dout @ W.T), atol=1e-6):
            return "du forgets tanh'(u) = 1 − tanh(u)²: the branch passes through tanh."
        if np.allclose(got, dout + alpha * (dout @ W.T) * (1 - u * u), atol=1e-6):
            return "du uses 1 − u²; tanh'(u) is 1 − tanh(u)², the square of the OUTPUT a."
    if name in ("dW", "db"):
        plain = a.T @ dout if name == "dW" else dout.sum(axis=0)
        if np.allclose(got, plain, atol=1e-6):
            return f"{name} forgets the factor α: the branch is scaled by α."
        if name == "dW" and np.allclose(got, alpha * u.T @ dout, atol=1e-6):
            return "dW uses u; the layer reads tanh(u), so dW = α · tanh(u)ᵀ @ dout."
    return f"{name} has the right shape but the wrong values."


@exercise(
    "07.3",
    "The backward rule of a residual block",
    hints=(
        "the block computes u + α·f(u); the gradient flows back along both branches, and they add.",
        "the skip branch passes dout unchanged; the other branch goes back through tanh and the "
        "matrix W.",
    ),
)
def check_residual_backward(answer: Any) -> Feedback:
    hint = "two paths lead from u to out: the skip (derivative 1) and the branch α·tanh(u)W."
    if not callable(answer):
        return wrong(
            f"answer should be your function residual_backward itself, got a "
            f"{type(answer).__name__}.",
            "def residual_backward(dout, u, W, alpha): ...   then   answer = residual_backward",
        )
    rng = np.random.default_rng(11)
    for N, D in BLOCK_SHAPES:
        u, W = rng.normal(size=(N, D)), rng.normal(size=(D, D))
        b, dout = rng.normal(size=D), rng.normal(size=(N, D))
        wanted = block_numerical(u, W, b, dout, BLOCK_ALPHA)
        result = call(
            answer, dout.copy(), u.copy(), W.copy(), BLOCK_ALPHA, name="your residual_backward"
        )
        if not isinstance(result, tuple | list) or len(result) != 3:
            return wrong("residual_backward should return three arrays (du, dW, db).", hint)
        parts = zip(("du", "dW", "db"), result, strict=True)
        unfinished = [name for name, got in parts if got is Ellipsis]
        if unfinished:
            return open_(f"{unfinished[0]} is still ...: replace it with a formula.")
        for name, got, want in zip(("du", "dW", "db"), result, wanted, strict=True):
            got = as_array(got, name)
            if got.shape != want.shape or not np.allclose(got, want, atol=1e-6):
                return wrong(
                    f"for u of shape {u.shape}: "
                    + _diagnose_block(name, got, want, dout, u, W, BLOCK_ALPHA),
                    hint,
                )
    return correct(
        f"du, dW and db agree with finite differences for {len(BLOCK_SHAPES)} blocks of "
        "different sizes; the skip passes dout straight through."
    )


# -- 07.4 ---------------------------------------------------------------------------------------

BROKEN = {"activation": "sigmoid", "init": "xavier", "residual": False}
BUG_SIZES = [2] + [32] * 8 + [3]


def train_settings(settings: dict, steps: int = 150) -> tuple[float, float, float]:
    """Train ``MLP(BUG_SIZES, **settings)`` on spirals with SGD (momentum 0.9, lr 0.03).

    Returns (final training loss, training accuracy, ‖∂L/∂W_1‖ / ‖∂L/∂W_L‖ at the start).
    """
    X, y = data.spirals(n=150, noise=0.2, seed=1)
    model = nn.MLP(BUG_SIZES, seed=0, **settings)
    optimizer = optim.SGD(model.parameters(), lr=0.03, momentum=0.9)
    ratio = math.nan
    for step in range(steps):
        loss = cross_entropy(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        if step == 0:
            norms = health.gradient_norms(model)
            ratio = float(norms[0] / norms[-1])
        optimizer.step()
    accuracy = float(np.mean(model(X).data.argmax(axis=1) == y))
    return float(loss.item()), accuracy, ratio


@exercise(
    "07.4",
    "Find the bug: a network that does not learn",
    hints=(
        "look at the activation and the initialisation together: what is the typical slope of the"
        " activation at the start?",
    ),
)
def check_find_the_bug(answer: Any) -> Feedback:
    hint = "measure ‖∂L/∂W_k‖ layer by layer: where does the gradient get lost, and why there?"
    if not isinstance(answer, dict) or not set(answer) <= set(BROKEN):
        return wrong(
            "give a dict of settings to change, with keys among 'activation', 'init' and "
            f"'residual', e.g. {{'init': 'he'}}; got {shown(answer)}.",
            hint,
        )
    settings = {**BROKEN, **answer}
    for key in ("activation", "init"):  # any spelling helpers.nn accepts: "ReLU", "kaiming", ...
        name = str(settings[key]).lower()
        settings[key] = name.replace("glorot", "xavier").replace("kaiming", "he")
    if settings["activation"] not in nn.ACTIVATIONS or settings["init"] not in nn.INITS:
        return wrong(
            f"activation is one of {', '.join(nn.ACTIVATIONS)} and init one of "
            f"{', '.join(nn.INITS)}; got {shown(settings['activation'])} and "
            f"{shown(settings['init'])}.",
            hint,
        )
    loss, accuracy, ratio = train_settings(settings)
    if settings == BROKEN:
        return wrong(
            "that is the network that does not learn: at the start the first layer's gradient "
            f"is {ratio:.0e} times the last layer's.",
            hint,
        )
    if loss < 0.5 and accuracy > 0.8:
        return correct(
            f"with {settings} the gradient reaches the first layer (first/last ratio "
            f"{ratio:.1g} at the start) and the loss falls below 0.5 in 150 steps."
        )
    if settings["activation"] == "sigmoid" and settings["residual"]:
        return wrong(
            f"with {settings} the skip connections do carry the gradient down (first/last ratio "
            f"{ratio:.1g} at the start), but the loss is still {loss:.2f} after 150 steps: the "
            "sigmoid layers themselves learn slowly. Find the setting that is the real cause.",
            hint,
        )
    if settings["activation"] == "sigmoid":
        return wrong(
            f"with {settings} the network still does not learn well (first/last gradient ratio "
            f"{ratio:.0e} at the start): every sigmoid slope is at most 0.25, whatever the init.",
            hint,
        )
    return wrong(
        f"with {settings} the loss is still above 0.5 after 150 steps (first/last gradient ratio "
        f"{ratio:.0e} at the start): check that the initialisation suits the activation.",
        hint,
    )
