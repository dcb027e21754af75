"""Every public callable of helpers meets bad input at the door (issue 11; reliability review §1).

For each callable in :data:`CALLS`, with arguments that work, each argument in turn is replaced by
each of the bad values a student or a script plausibly passes (wrong types, None, nan, ±inf, bool,
complex, 10**400, empty and wrongly shaped arrays, negative and zero sizes). Every outcome must be
one of:

* a clear error: ``TypeError``, ``ValueError`` or an arithmetic error such as ``OverflowError``
  (or ipywidgets' ``TraitError``) raised on
  purpose by a ``raise`` statement in helpers or in ipywidgets' validation, never from inside NumPy,
  matplotlib or Python internals;
* a normal return whose numbers are all finite (a bad value that is silently turned into nan or inf
  is a failure).

Nothing may take longer than a few seconds. New public callables join :data:`CALLS`, so what is
added later is held to the same standard.
"""

from __future__ import annotations

import math
import signal
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
from traitlets import TraitError

import helpers
from helpers import (
    boundary,
    data,
    depth_demo,
    diagram,
    functional,
    gradcheck,
    health,
    landscape,
    nn,
    optim,
    scalar_nn,
    training,
    validate,
    widgets,
)
from helpers.scalar import Value
from helpers.tensor import Tensor

HELPERS = Path(helpers.__file__).resolve().parent
TIME_LIMIT = 10  # seconds for one call; every legitimate call here takes well under one

BAD = {
    "str": "a string",
    "None": None,
    "list": [1, 2],
    "dict": {},
    "str array": np.array(["a", "b"]),
    "3-D array": np.zeros((2, 2, 2)),
    "empty array": np.array([]),
    "nan": math.nan,
    "inf": math.inf,
    "-inf": -math.inf,
    "bool": True,
    "complex": 1 + 2j,
    "10**400": 10**400,
    "-1": -1,
    "0": 0,
    "1e308": 1e308,
    "array with nan": np.array([1.0, math.nan]),
}

MOONS = data.moons(40, seed=0)


def tensor_model() -> nn.MLP:
    return nn.MLP([2, 3, 2], seed=0)


def scalar_graph() -> Value:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    return (a * b + a).tanh()


# name -> (callable, keyword arguments that work). Each keyword in turn gets every bad value.
CALLS: dict[str, tuple[Callable[..., Any], dict[str, Callable[[], Any]]]] = {
    "data.moons": (data.moons, {"n": lambda: 40, "noise": lambda: 0.1, "seed": lambda: 0}),
    "data.circles": (
        data.circles,
        {"n": lambda: 40, "noise": lambda: 0.1, "factor": lambda: 0.5, "seed": lambda: 0},
    ),
    "data.spirals": (
        data.spirals,
        {"n": lambda: 40, "classes": lambda: 3, "noise": lambda: 0.1, "seed": lambda: 0},
    ),
    "data.blobs": (data.blobs, {"n": lambda: 40, "centers": lambda: 3, "seed": lambda: 0}),
    "data.xor": (data.xor, {"n": lambda: 40, "noise": lambda: 0.1, "seed": lambda: 0}),
    "data.train_test_split": (
        data.train_test_split,
        {"X": lambda: MOONS[0], "y": lambda: MOONS[1], "test_fraction": lambda: 0.25},
    ),
    "data.batches": (
        lambda **kw: list(data.batches(**kw)),
        {"X": lambda: MOONS[0], "y": lambda: MOONS[1], "batch_size": lambda: 8},
    ),
    "depth_demo.best_line_accuracy": (
        depth_demo.best_line_accuracy,
        {"points": lambda: MOONS[0], "labels": lambda: MOONS[1]},
    ),
    "depth_demo.linear_accuracy": (
        depth_demo.linear_accuracy,
        {"points": lambda: MOONS[0], "labels": lambda: MOONS[1]},
    ),
    "depth_demo.train_tanh_network": (
        depth_demo.train_tanh_network,
        {
            "points": lambda: MOONS[0],
            "labels": lambda: MOONS[1],
            "learning_rate": lambda: 0.5,
            "max_steps": lambda: 20,
            "seed": lambda: 0,
        },
    ),
    "landscape.Bowl": (landscape.Bowl, {"curvatures": lambda: (1.0, 10.0)}),
    "landscape.Valley": (landscape.Valley, {"b": lambda: 10.0}),
    "landscape.descend": (
        landscape.descend,
        {
            "surface": lambda: landscape.Bowl(),
            "lr": lambda: 0.05,
            "steps": lambda: 10,
            "method": lambda: "gradient descent",
        },
    ),
    "landscape.gd_regime": (
        landscape.gd_regime,
        {"lr": lambda: 0.1, "curvatures": lambda: (1.0, 10.0), "steps": lambda: 10},
    ),
    "boundary.grid_points": (
        boundary.grid_points,
        {"xlim": lambda: (-1.0, 1.0), "ylim": lambda: (-1.0, 1.0), "resolution": lambda: 5},
    ),
    "boundary.view_limits": (boundary.view_limits, {"X": lambda: MOONS[0], "margin": lambda: 0.1}),
    "boundary.shade": (boundary.shade, {"probs": lambda: np.full((4, 2), 0.5)}),
    "health.gradient_norms": (health.gradient_norms, {"model": tensor_model}),
    "health.activation_stats": (
        health.activation_stats,
        {"model": tensor_model, "X": lambda: MOONS[0]},
    ),
    "diagram.draw_network": (diagram.draw_network, {"model": tensor_model, "max_units": lambda: 8}),
    "nn.Linear": (nn.Linear, {"nin": lambda: 2, "nout": lambda: 3, "seed": lambda: 0}),
    "nn.MLP": (
        nn.MLP,
        {"sizes": lambda: [2, 3, 2], "activation": lambda: "tanh", "seed": lambda: 0},
    ),
    "optim.SGD": (
        optim.SGD,
        {"params": lambda: tensor_model().parameters(), "lr": lambda: 0.1, "momentum": lambda: 0.9},
    ),
    "optim.Adam": (optim.Adam, {"params": lambda: tensor_model().parameters(), "lr": lambda: 0.01}),
    "optim.RMSprop": (
        optim.RMSprop,
        {"params": lambda: tensor_model().parameters(), "lr": lambda: 0.01},
    ),
    "functional.cross_entropy": (
        functional.cross_entropy,
        {"logits": lambda: Tensor(np.zeros((3, 2))), "targets": lambda: np.array([0, 1, 1])},
    ),
    "functional.softmax": (functional.softmax, {"x": lambda: Tensor(np.zeros((3, 2)))}),
    "functional.mse": (
        functional.mse,
        {"pred": lambda: Tensor(np.zeros(3)), "target": lambda: np.ones(3)},
    ),
    "gradcheck.numerical_derivative": (
        gradcheck.numerical_derivative,
        {"f": lambda: math.sin, "x": lambda: 1.0, "h": lambda: 1e-6},
    ),
    "gradcheck.numerical_gradient": (
        gradcheck.numerical_gradient,
        {"f": lambda: lambda v: float(np.sum(v**2)), "x": lambda: np.ones(3), "h": lambda: 1e-6},
    ),
    "Value": (Value, {"data": lambda: 1.5, "label": lambda: "x"}),
    "Tensor": (Tensor, {"data": lambda: np.ones(3), "requires_grad": lambda: True}),
    "scalar_nn.MLP": (scalar_nn.MLP, {"sizes": lambda: [2, 3, 1], "seed": lambda: 0}),
    "scalar_nn.Neuron": (scalar_nn.Neuron, {"nin": lambda: 2, "seed": lambda: 0}),
    "training.TrainingRun": (
        training.TrainingRun,
        {"n": lambda: 40, "width": lambda: 4, "depth": lambda: 1, "lr": lambda: 0.1},
    ),
    "draw_graph": (helpers.draw_graph, {"value": scalar_graph, "max_nodes": lambda: 50}),
    "widgets.BackpropStepper": (widgets.BackpropStepper, {"root": scalar_graph}),
    "widgets.ChainRuleExplorer": (
        widgets.ChainRuleExplorer,
        {"f": lambda: "sin", "g": lambda: "x^2", "x": lambda: 0.5},
    ),
    "widgets.LearningRateExplorer": (
        widgets.LearningRateExplorer,
        {"surface": lambda: "bowl", "lr": lambda: 0.1, "steps": lambda: 20},
    ),
    "widgets.SelfCheck": (widgets.SelfCheck, {"exercise_id": lambda: "01.1"}),
    "validate.integer": (validate.integer, {"name": lambda: "n", "value": lambda: 3}),
}


# Functions of computed numbers: a diverging network's logits are nan or inf, and the course reports
# that (the trainer stops and says so) instead of raising inside a picture. Their nan in, nan out
# is not silent. Their other bad inputs are held to the rule.
PROPAGATE_NAN = {"functional.softmax"}
NON_FINITE = {"nan", "inf", "-inf", "array with nan", "1e308"}


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang


def raised_on_purpose(error: BaseException) -> bool:
    """Whether the error comes from a ``raise`` in helpers (or from ipywidgets' validation)."""
    if isinstance(error, TraitError):
        return True
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return False
    last = frames[-1]
    in_helpers = Path(last.filename).resolve().is_relative_to(HELPERS)
    return in_helpers and (last.line or "").lstrip().startswith("raise")


def finite_numbers(result: Any) -> bool:
    """False when a returned number, array or tensor holds nan or inf."""
    values = result if isinstance(result, tuple | list) else [result]
    for value in values:
        if isinstance(value, Tensor | Value):
            value = value.data
        if isinstance(value, float | np.floating) and not math.isfinite(value):
            return False
        if (
            isinstance(value, np.ndarray)
            and value.dtype.kind == "f"
            and not np.isfinite(value).all()
        ):
            return False
    return True


def outcome(fn: Callable[..., Any], kwargs: dict[str, Any]) -> str | None:
    """None when the call behaves; otherwise what went wrong, in one line."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT)
    try:
        result = fn(**kwargs)
    except Hang:
        return f"took more than {TIME_LIMIT} s"
    except (TypeError, ValueError, ArithmeticError) as error:
        if raised_on_purpose(error):
            return None
        where = traceback.extract_tb(error.__traceback__)[-1]
        return f"raw {type(error).__name__} at {Path(where.filename).name}:{where.lineno}: {error}"
    except Exception as error:
        where = traceback.extract_tb(error.__traceback__)[-1]
        return f"raw {type(error).__name__} at {Path(where.filename).name}:{where.lineno}: {error}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        plt.close("all")
    return None if finite_numbers(result) else "returned nan or inf without a word"


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CALLS))
def test_bad_input_gets_a_clear_error(name: str) -> None:
    fn, good = CALLS[name]
    base = {key: make() for key, make in good.items()}
    assert outcome(fn, base) is None, f"{name} fails on the good arguments"
    problems = []
    for key in good:
        for label, bad in BAD.items():
            kwargs = {k: (bad if k == key else m()) for k, m in good.items()}
            problem = outcome(fn, kwargs)
            propagated = name in PROPAGATE_NAN and label in NON_FINITE
            if problem and not (propagated and problem == "returned nan or inf without a word"):
                problems.append(f"{name}({key}={label}): {problem}")
    assert not problems, f"{len(problems)} bad inputs not met at the door:\n" + "\n".join(problems)
