"""How fast is one training step of helpers.Tensor, against hand-written NumPy and PyTorch?

Run: ``.venv/bin/python bench/tensor.py`` (``--quick`` for a short run).

One SGD step = forward, softmax cross-entropy, backward, weight update, on four networks:

    moons   MLP 2-16-16-2, tanh, batch 100 (two moons)
    digits  MLP 64-128-64-10, tanh, batch 128 (8x8 digits)
    deep    50 tanh layers of width 64 (64 -> 64 x 49 -> 10), batch 64 (random data)
    wide    MLP 784-512-512-10, ReLU, batch 256 (random data)

Three implementations, timed in the same run and interleaved (round after round, each one a block
of steps, so that a slow moment of the machine hits all of them alike):

    helpers  helpers.nn.MLP + helpers.functional.cross_entropy + helpers.optim.SGD
    numpy    the same arithmetic written out by hand with no graph: the floor
    torch    PyTorch CPU in float64 with torch.set_num_threads(1), when installed (optional)

All use single-threaded BLAS: OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS are set
to 1 below, before NumPy is imported. Before timing, each workload checks that the three compute
the same loss and gradients from the same weights. The table shows the median time per step and
the ratios helpers/torch and helpers/numpy.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers import data, nn, optim  # noqa: E402
from helpers.functional import cross_entropy  # noqa: E402

try:
    import torch
except ImportError:
    torch = None

LR = 0.01
# Goals: helpers' time at most this fraction of PyTorch's and this multiple of the NumPy floor.
GOALS = {
    "moons": (0.7, 2.0),
    "digits": (0.7, 1.5),
    "deep": (0.7, 1.5),
    "wide": (1.3, 1.5),
}


@dataclass
class Workload:
    name: str
    sizes: list[int]
    activation: str
    X: np.ndarray
    y: np.ndarray


def workloads() -> list[Workload]:
    rng = np.random.default_rng(0)
    Xm, ym = data.moons(100, noise=0.1, seed=0)
    Xd, yd = data.digits()
    return [
        Workload("moons", [2, 16, 16, 2], "tanh", Xm, ym),
        Workload("digits", [64, 128, 64, 10], "tanh", Xd[:128], yd[:128]),
        Workload(
            "deep",
            [64] * 50 + [10],
            "tanh",
            rng.normal(size=(64, 64)),
            rng.integers(0, 10, size=64),
        ),
        Workload(
            "wide",
            [784, 512, 512, 10],
            "relu",
            rng.normal(size=(256, 784)),
            rng.integers(0, 10, size=256),
        ),
    ]


# ---- helpers.Tensor ------------------------------------------------------------------------------


def helpers_step(w: Workload) -> tuple[Callable[[], float], nn.MLP]:
    model = nn.MLP(w.sizes, activation=w.activation, seed=1)
    optimizer = optim.SGD(model.parameters(), lr=LR)

    def step() -> float:
        optimizer.zero_grad()
        loss = cross_entropy(model(w.X), w.y)
        loss.backward()
        optimizer.step()
        return loss.item()

    return step, model


# ---- the floor: the same arithmetic by hand ------------------------------------------------------


def numpy_loss_and_grads(Ws, bs, X, y, activation):
    """Forward, softmax cross-entropy and backward, written out: (loss, [dW], [db])."""
    outputs = [X]  # the input of each layer
    h = X
    last = len(Ws) - 1
    for i, (W, b) in enumerate(zip(Ws, bs, strict=True)):
        z = h @ W
        z += b
        if i < last:
            h = np.tanh(z) if activation == "tanh" else np.maximum(z, 0.0)
            outputs.append(h)
    n = len(y)
    rows = np.arange(n)
    shifted = z - z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    sums = e.sum(axis=1, keepdims=True)
    loss = np.mean(np.log(sums[:, 0]) - shifted[rows, y])
    d = e / sums  # dL/dz of the last layer: (softmax − onehot) / n
    d[rows, y] -= 1.0
    d /= n
    dWs, dbs = [None] * len(Ws), [None] * len(Ws)
    for i in range(last, -1, -1):
        dWs[i] = outputs[i].T @ d
        dbs[i] = d.sum(axis=0)
        if i > 0:
            h = outputs[i]
            d = d @ Ws[i].T
            d *= (1.0 - h * h) if activation == "tanh" else (h > 0.0)
    return loss, dWs, dbs


def numpy_step(w: Workload, model: nn.MLP) -> Callable[[], float]:
    Ws = [layer.W.data.copy() for layer in model.layers]
    bs = [layer.b.data.copy() for layer in model.layers]

    def step() -> float:
        loss, dWs, dbs = numpy_loss_and_grads(Ws, bs, w.X, w.y, w.activation)
        for W, b, dW, db in zip(Ws, bs, dWs, dbs, strict=True):
            W -= LR * dW
            b -= LR * db
        return float(loss)

    return step


# ---- PyTorch -------------------------------------------------------------------------------------


def torch_model(w: Workload, model: nn.MLP):
    act = torch.nn.Tanh if w.activation == "tanh" else torch.nn.ReLU
    layers = []
    for i, layer in enumerate(model.layers):
        linear = torch.nn.Linear(layer.nin, layer.nout, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(layer.W.data.T.copy()))
            linear.bias.copy_(torch.from_numpy(layer.b.data.copy()))
        layers.append(linear)
        if i < len(model.layers) - 1:
            layers.append(act())
    return torch.nn.Sequential(*layers)


def torch_step(w: Workload, model: nn.MLP) -> Callable[[], float]:
    net = torch_model(w, model)
    optimizer = torch.optim.SGD(net.parameters(), lr=LR)
    X, y = torch.from_numpy(w.X.copy()), torch.from_numpy(w.y.astype(np.int64))

    def step() -> float:
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(X), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    return step


# ---- same numbers first, then time ---------------------------------------------------------------


def verify(w: Workload) -> None:
    """The three implementations agree on the loss and every gradient, from the same weights."""
    model = nn.MLP(w.sizes, activation=w.activation, seed=1)
    loss = cross_entropy(model(w.X), w.y)
    loss.backward()
    Ws = [layer.W.data.copy() for layer in model.layers]
    bs = [layer.b.data.copy() for layer in model.layers]
    ref_loss, dWs, dbs = numpy_loss_and_grads(Ws, bs, w.X, w.y, w.activation)
    problems = []
    if not np.isclose(loss.item(), ref_loss, rtol=1e-12, atol=0):
        problems.append(f"loss {loss.item()} vs numpy {ref_loss}")
    for i, layer in enumerate(model.layers):
        if not np.allclose(layer.W.grad, dWs[i], rtol=1e-9, atol=1e-13):
            problems.append(f"dW of layer {i} differs from numpy")
        if not np.allclose(layer.b.grad, dbs[i], rtol=1e-9, atol=1e-13):
            problems.append(f"db of layer {i} differs from numpy")
    if torch is not None:
        net = torch_model(w, model)
        t_loss = torch.nn.functional.cross_entropy(
            net(torch.from_numpy(w.X.copy())), torch.from_numpy(w.y.astype(np.int64))
        )
        t_loss.backward()
        if not np.isclose(loss.item(), t_loss.item(), rtol=1e-12, atol=0):
            problems.append(f"loss {loss.item()} vs torch {t_loss.item()}")
        linears = [m for m in net if isinstance(m, torch.nn.Linear)]
        for i, (layer, lin) in enumerate(zip(model.layers, linears, strict=True)):
            if not np.allclose(layer.W.grad, lin.weight.grad.numpy().T, rtol=1e-9, atol=1e-13):
                problems.append(f"dW of layer {i} differs from torch")
            if not np.allclose(layer.b.grad, lin.bias.grad.numpy(), rtol=1e-9, atol=1e-13):
                problems.append(f"db of layer {i} differs from torch")
    if problems:
        raise SystemExit(f"{w.name}: implementations disagree: " + "; ".join(problems))


def time_interleaved(steps: dict[str, Callable[[], float]], rounds: int, budget: float) -> dict:
    """Median seconds per step of each implementation over ``rounds`` interleaved blocks."""
    for step in steps.values():  # warm up (and find a block size of about ``budget`` seconds)
        step()
    start = time.perf_counter()
    for step in steps.values():
        step()
    per_round = max(time.perf_counter() - start, 1e-6)
    block = max(1, int(budget / per_round))
    samples: dict[str, list[float]] = {name: [] for name in steps}
    for r in range(rounds):
        names = list(steps) if r % 2 == 0 else list(reversed(steps))
        for name in names:
            step = steps[name]
            start = time.perf_counter()
            for _ in range(block):
                step()
            samples[name].append((time.perf_counter() - start) / block)
    return {name: statistics.median(times) for name, times in samples.items()}


def blas_report() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed: BLAS details unknown"
    lines = []
    for pool in threadpool_info():
        if pool.get("user_api") == "blas":
            name, version, threads = pool["internal_api"], pool["version"], pool["num_threads"]
            lines.append(
                f"{name} {version} threads={threads} core={pool.get('architecture')}"
                f" ({Path(pool.get('filepath', '')).name})"
            )
    return "; ".join(lines) or "no BLAS found by threadpoolctl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (for a smoke test)")
    args = parser.parse_args()
    rounds, budget = (3, 0.02) if args.quick else (15, 0.1)

    print(f"numpy {np.__version__}; BLAS: {blas_report()}")
    print("OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=MKL_NUM_THREADS=1 (set by this script)")
    if os.environ.get("OPENBLAS_CORETYPE"):
        print(f"OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']} (from the environment)")
    if torch is None:
        print("PyTorch is not installed: comparing with the NumPy floor only")
    else:
        torch.set_num_threads(1)
        print(f"torch {torch.__version__}, float64, torch.set_num_threads(1)")
    print(f"median time per SGD step over {rounds} interleaved rounds\n")

    header = f"{'workload':<8} {'helpers':>10} {'numpy':>10} {'torch':>10}"
    header += f" {'helpers/torch':>14} {'helpers/numpy':>14}"
    print(header)
    print("-" * len(header))
    met = []
    for w in workloads():
        verify(w)
        step, model = helpers_step(w)
        steps = {"helpers": step, "numpy": numpy_step(w, model)}
        if torch is not None:
            steps["torch"] = torch_step(w, model)
        t = time_interleaved(steps, rounds, budget)
        vs_torch = t["helpers"] / t["torch"] if torch is not None else float("nan")
        vs_numpy = t["helpers"] / t["numpy"]
        torch_col = f"{t['torch'] * 1e3:8.3f}ms" if torch is not None else f"{'-':>10}"
        print(
            f"{w.name:<8} {t['helpers'] * 1e3:8.3f}ms {t['numpy'] * 1e3:8.3f}ms {torch_col}"
            f" {vs_torch:14.2f} {vs_numpy:14.2f}"
        )
        torch_goal, numpy_goal = GOALS[w.name]
        if torch is not None:
            met.append((f"{w.name}: helpers/torch <= {torch_goal}", vs_torch <= torch_goal))
        met.append((f"{w.name}: helpers/numpy <= {numpy_goal}", vs_numpy <= numpy_goal))
    print("\ngoals (every implementation computed the same loss and gradients first):")
    for goal, ok in met:
        print(f"  {'met   ' if ok else 'MISSED'} {goal}")


if __name__ == "__main__":
    main()
