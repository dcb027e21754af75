"""Exercises of notebook 07: the checks measure networks; right answers in any form pass and the
usual mistakes are recognised."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers.exercises import evaluate
from helpers.exercises.nb07 import PREDICT_CONFIGS, fate, reaching_gradients, relu_stack_scales

# -- 07.2: He initialisation ---------------------------------------------------------------------


def he_normal(fan_in, fan_out, rng):
    return rng.normal(0.0, math.sqrt(2 / fan_in), size=(fan_in, fan_out))


def he_uniform(fan_in, fan_out, rng):
    bound = math.sqrt(6 / fan_in)  # the same variance, 2/fan_in, from a uniform distribution
    return rng.uniform(-bound, bound, size=(fan_in, fan_out))


def scaled(std):
    return lambda fan_in, fan_out, rng: rng.normal(0.0, std(fan_in, fan_out), (fan_in, fan_out))


@pytest.mark.parametrize("init", [he_normal, he_uniform])
def test_07_2_any_distribution_with_variance_2_over_fan_in_passes(init) -> None:
    assert evaluate("07.2", init).ok
    scales = relu_stack_scales(init)
    assert 0.2 < scales[-1] / scales[0] < 5


@pytest.mark.parametrize(
    ("init", "phrase"),
    [
        (scaled(lambda i, o: math.sqrt(1 / i)), "the scale for tanh"),
        (scaled(lambda i, o: 2 / i), "a variance or a standard deviation"),
        (scaled(lambda i, o: math.sqrt(2 / (i + o))), "Xavier"),
        (scaled(lambda i, o: math.sqrt(2 / o)), "uses fan_out"),
        (scaled(lambda i, o: 1.0), "far too large"),
        (scaled(lambda i, o: 0.3), "He's is √(2/512)"),
        (lambda i, o, rng: rng.normal(size=(o, i)) * math.sqrt(2 / i), "(512, 128)"),
        (lambda i, o, rng: np.zeros((i, o)), "random, finite"),
        ("he", "function he_init itself"),
    ],
)
def test_07_2_mistakes_are_measured_and_explained(init, phrase) -> None:
    feedback = evaluate("07.2", init)
    assert feedback.status == "wrong" and phrase in feedback.message


def test_07_2_a_too_small_init_is_shown_to_vanish() -> None:
    feedback = evaluate("07.2", scaled(lambda i, o: math.sqrt(1 / i)))
    assert "e-0" in feedback.message  # the measured scale after 50 layers, about 1e-8


# -- 07.1: predict vanish / explode / steady ----------------------------------------------------


def test_07_1_the_expected_fates_are_measured() -> None:
    assert [fate(reaching_gradients(a, i)) for a, i in PREDICT_CONFIGS] == ["V", "E", "S"]


@pytest.mark.parametrize("answer", ["VES", "ves", "V, E, S"])
def test_07_1_right_answers_pass(answer) -> None:
    assert evaluate("07.1", answer).ok


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ("SES", "network 1 (sigmoid"),
        ("VVS", "network 2 (ReLU"),
        ("VEV", "network 3 (tanh"),
        ("VE", "three letters"),
        ("VEX", "three letters"),
        (["V", "E", "S"], "string of three letters"),
    ],
)
def test_07_1_mistakes_name_the_network(answer, phrase) -> None:
    feedback = evaluate("07.1", answer)
    assert feedback.status == "wrong" and phrase in feedback.message


# -- 07.3: residual block backward ---------------------------------------------------------------


def reference(dout, u, W, alpha):
    a = np.tanh(u)
    return dout + alpha * (dout @ W.T) * (1 - a**2), alpha * a.T @ dout, alpha * dout.sum(axis=0)


def test_07_3_the_worked_answer_and_an_equivalent_form_pass() -> None:
    assert evaluate("07.3", reference).ok

    def with_cosh(dout, u, W, alpha):
        du = dout + alpha * (dout @ W.T) / np.cosh(u) ** 2
        return du, alpha * (dout.T @ np.tanh(u)).T, alpha * np.ones(len(u)) @ dout

    assert evaluate("07.3", with_cosh).ok


def without(part):
    def backward(dout, u, W, alpha):
        a = np.tanh(u)
        du = dout + alpha * (dout @ W.T) * (1 - a**2)
        dW, db = alpha * a.T @ dout, alpha * dout.sum(axis=0)
        if part == "skip":
            du = du - dout
        if part == "alpha":
            du = dout + (dout @ W.T) * (1 - a**2)
        if part == "tanh'":
            du = dout + alpha * (dout @ W.T)
        if part == "tanh' of u":
            du = dout + alpha * (dout @ W.T) * (1 - u**2)
        if part == "alpha in dW":
            dW = a.T @ dout
        if part == "u in dW":
            dW = alpha * u.T @ dout
        return du, dW, db

    return backward


@pytest.mark.parametrize(
    ("part", "phrase"),
    [
        ("skip", "lacks the skip"),
        ("alpha", "forgets α on the branch"),
        ("tanh'", "forgets tanh'(u)"),
        ("tanh' of u", "square of the OUTPUT"),
        ("alpha in dW", "dW forgets the factor α"),
        ("u in dW", "dW uses u"),
    ],
)
def test_07_3_mistakes_are_explained(part, phrase) -> None:
    feedback = evaluate("07.3", without(part))
    assert feedback.status == "wrong" and phrase in feedback.message


def test_07_3_wrong_return_types_are_explained() -> None:
    assert "three arrays" in evaluate("07.3", lambda d, u, W, a: d).message
    assert "function residual_backward" in evaluate("07.3", 3).message


# -- 07.4: find the bug --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        {"activation": "relu", "init": "he"},
        {"activation": "tanh"},
        {"activation": "relu"},
        {"activation": "ReLU", "init": "kaiming"},
        {"activation": "Tanh", "init": "glorot"},
    ],
)
def test_07_4_activations_with_slope_one_repair_the_network(answer) -> None:
    assert evaluate("07.4", answer).ok


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ({}, "the network that does not learn"),
        ({"activation": "sigmoid", "init": "xavier"}, "the network that does not learn"),
        ({"init": "he"}, "whatever the init"),
        ({"residual": True}, "sigmoid layers themselves learn slowly"),
        ({"activation": "relu", "init": "large"}, "suits the activation"),
        ({"activation": "gelu"}, "activation is one of"),
        ({"lr": 1.0}, "keys among"),
        ("relu", "keys among"),
    ],
)
def test_07_4_mistakes_are_explained(answer, phrase) -> None:
    feedback = evaluate("07.4", answer)
    assert feedback.status == "wrong" and phrase in feedback.message
