"""Benchmark: helpers.Value against micrograd 0.1.0 on micrograd's own demo workload.

The workload of karpathy/micrograd ``demo.ipynb``: an MLP 2-16-16-1 (ReLU hidden layers, linear
output) on 100 two-moons points (``make_moons(n_samples=100, noise=0.1)`` after
``np.random.seed(1337)``, labels ±1), the max-margin loss ``mean((1 − yᵢ·scoreᵢ).relu())`` plus
``1e-4 · Σ p²`` over the 337 parameters, and per step: forward, loss, zero grad, backward, SGD
update with learning rate ``1.0 − 0.9·k/100``. Inputs are wrapped in Values, as in the demo.

Three engines run the same steps from IDENTICAL weights (micrograd's, after ``random.seed(1337)``,
copied into ours), interleaved: every step runs each engine once, in an order that rotates from
step to step. Each step's loss must agree with micrograd's to 1e-9 relative, or the run fails.

- ``micrograd``: micrograd 0.1.0 as published.
- ``binary``: helpers.Value building micrograd's graph, op for op (each neuron a chain of ``*``
  and ``+``): what the engine alone is worth.
- ``fused``: helpers.scalar_nn.MLP, whose neurons are one ``dot`` node each; the loss code is the
  same text as in the other two.

Garbage left over from one engine's step must not be collected on another's clock, so an untimed
``gc.collect()`` runs before each timed step. That favours micrograd: the reference cycles its
graphs leave behind are partly collected off the clock, so the ratios printed are conservative.
Plain Python floats are fed to both (the demo's NumPy scalars would slow micrograd down).

Run: ``.venv/bin/python bench/scalar.py`` (``--steps 10`` for a quick look).
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from importlib import metadata

from sklearn.datasets import make_moons

from helpers.scalar import Value, topological_order
from helpers.scalar_nn import MLP

ALPHA = 1e-4
SIZES = [2, 16, 16, 1]
LOSS_RTOL = 1e-9


def moons() -> tuple[list[list[float]], list[float]]:
    """The demo's data: ``random_state=1337`` draws exactly what ``np.random.seed(1337)`` does."""
    X, y = make_moons(n_samples=100, noise=0.1, random_state=1337)
    return X.tolist(), [float(2 * label - 1) for label in y]


def demo_loss(value_type, forward, params, X, y):
    """The demo's loss, written once for every engine: max-margin data loss plus L2."""
    inputs = [[value_type(a), value_type(b)] for a, b in X]
    scores = [forward(x) for x in inputs]
    losses = [(1 + -yi * score).relu() for yi, score in zip(y, scores, strict=True)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = ALPHA * sum(p * p for p in params)
    return data_loss + reg_loss


def sgd_step(value_type, forward, params, zero_grad, X, y, k) -> float:
    """One step of the demo: returns the loss before the update."""
    total_loss = demo_loss(value_type, forward, params, X, y)
    zero_grad()
    total_loss.backward()
    learning_rate = 1.0 - 0.9 * k / 100
    for p in params:
        p.data -= learning_rate * p.grad
    return float(total_loss.data)


def binary_forward(model: MLP) -> Callable[[list[Value]], Value]:
    """The forward pass of ``model`` built as micrograd builds it: ``sum(w·x, b)``, then relu."""

    def forward(x):
        for layer in model.layers:
            outputs = []
            for neuron in layer.neurons:
                act = sum((wi * xi for wi, xi in zip(neuron.w, x, strict=True)), neuron.b)
                outputs.append(act if neuron.activation == "linear" else act.relu())
            x = outputs
        return x[0]

    return forward


def ours(weights: list[float] | None) -> MLP:
    model = MLP(SIZES, activation="relu", seed=1337)
    if weights is not None:
        for p, w in zip(model.parameters(), weights, strict=True):
            p.data = w
    return model


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100, help="SGD steps (the demo does 100)")
    steps = parser.parse_args().steps
    X, y = moons()

    try:
        from micrograd.engine import Value as MicrogradValue
        from micrograd.nn import MLP as MicrogradMLP
    except ImportError:
        MicrogradValue = None
        print(
            "micrograd is not installed (pip install micrograd==0.1.0): timing helpers.Value only"
        )

    engines: dict[str, Callable[[int], float]] = {}
    weights = None
    if MicrogradValue is not None:
        random.seed(1337)
        mg = MicrogradMLP(SIZES[0], SIZES[1:])
        weights = [float(p.data) for p in mg.parameters()]
        mg_params = mg.parameters()
        engines["micrograd"] = lambda k: sgd_step(
            MicrogradValue, mg, mg_params, mg.zero_grad, X, y, k
        )
    binary, fused = ours(weights), ours(weights)
    binary_params, fused_params = binary.parameters(), fused.parameters()
    engines["binary"] = lambda k: sgd_step(
        Value, binary_forward(binary), binary_params, binary.zero_grad, X, y, k
    )
    engines["fused"] = lambda k: sgd_step(Value, fused, fused_params, fused.zero_grad, X, y, k)

    version = metadata.version("micrograd") if MicrogradValue is not None else "-"
    print(
        f"Python {platform.python_version()}, micrograd {version}, {steps} steps of "
        f"MLP 2-16-16-1 on 100 moons ({len(fused_params)} parameters), gc enabled"
    )
    names = list(engines)
    reference = names[0]
    print(
        f"{'step':>4} {'loss':>12} "
        + " ".join(f"{name + ' ms':>13}" for name in names)
        + "".join(f" {reference + '/' + name:>18}" for name in names[1:])
    )
    times: dict[str, list[float]] = {name: [] for name in names}
    ok = True
    for k in range(steps):
        losses = {}
        for name in names[k % len(names) :] + names[: k % len(names)]:
            gc.collect()
            start = time.perf_counter()
            losses[name] = engines[name](k)
            times[name].append(time.perf_counter() - start)
        for name in names[1:]:
            if abs(losses[name] - losses[reference]) > LOSS_RTOL * abs(losses[reference]):
                ok = False
                print(
                    f"LOSS MISMATCH at step {k}: {name} {losses[name]!r} vs {losses[reference]!r}"
                )
        row = [times[name][-1] for name in names]
        print(
            f"{k:>4} {losses[reference]:>12.8f} "
            + " ".join(f"{1e3 * t:>13.2f}" for t in row)
            + "".join(f" {row[0] / t:>17.1f}x" for t in row[1:])
        )

    summary(times, reference)
    nodes = len(topological_order(demo_loss(Value, binary_forward(binary), binary_params, X, y)))
    fused_nodes = len(topological_order(demo_loss(Value, fused, fused_params, X, y)))
    per_node = statistics.median(times["binary"]) / nodes
    print(
        f"what limits it: binary builds and backpropagates {nodes:,} nodes a step, "
        f"{1e6 * per_node:.2f} µs each, nearly all of it CPython's cost of making an object and "
        f"calling a method (the arithmetic is one float op); fused needs {fused_nodes:,}"
    )
    if len(names) > 1:
        print(f"losses agree with {reference} to {LOSS_RTOL:g} relative at every step: {ok}")
    return 0 if ok else 1


def summary(times: dict[str, list[float]], reference: str) -> None:
    """The median step of each engine, and how many times faster than ``reference`` it is."""
    print("\nmedian per step:")
    for name, measured in times.items():
        median = statistics.median(measured)
        ratio = statistics.median(times[reference]) / median
        share = f"  ({ratio:.1f}x faster than {reference})" if name != reference else ""
        print(f"  {name:<10} {1e3 * median:9.2f} ms{share}")


if __name__ == "__main__":
    sys.exit(main())
