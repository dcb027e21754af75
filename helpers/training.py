"""One training experiment on 2-D points, with no widget: the engine behind the live trainer.

A :class:`TrainingRun` holds everything TensorFlow Playground lets a student set, as one
:class:`Settings`: the data (a seeded dataset or your own points, split into training and test
points), the network (``helpers.nn.MLP`` of ``depth`` hidden layers of ``width`` units, with
optional residual connections), and how it learns (an optimizer from ``helpers.optim``, a
learning rate, a batch size and an L2 penalty). Each :meth:`TrainingRun.step` is one step of
gradient descent (Book §1.3): a forward pass, backpropagation, an update. The run keeps the loss
history, the size of every layer's gradient, and notices when training blows up.

The same settings give the same numbers, bit for bit: the data, the split, the initial weights
and the order of the mini-batches all come from ``seed``. :meth:`TrainingRun.state` is a small
JSON-ready dict of the settings; :meth:`TrainingRun.from_state` rebuilds the experiment from it,
which is how a run is shared.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from helpers import data, health, nn, optim, validate
from helpers.functional import cross_entropy, softmax
from helpers.tensor import Tensor

DATASETS = {"moons": data.moons, "circles": data.circles, "xor": data.xor, "spirals": data.spirals}
CUSTOM = "custom"  # the dataset of a run made from your own points
ACTIVATIONS = ("tanh", "sigmoid", "relu")
INITS = ("naive", "xavier", "he", "large")
OPTIMIZERS = {
    "sgd": "plain gradient descent (sgd)",
    "momentum": "gradient descent with momentum 0.9",
    "adam": "Adam",
}
MOMENTUM = 0.9

# setting -> (smallest, largest) value accepted
RANGES: dict[str, tuple[float, float]] = {
    "noise": (0.0, 1.0),
    "n": (20, 5000),
    "test_fraction": (0.1, 0.9),
    "seed": (0, 2**32 - 1),
    "width": (1, 64),
    "depth": (1, 100),
    "lr": (1e-6, 100.0),
    "l2": (0.0, 10.0),
}
REALS = ("noise", "test_fraction", "lr", "l2")  # the settings that are real numbers
# What a change of each setting needs: new data (and so a new network), a new network, a new
# optimizer (same weights), or nothing but the next step.
NEEDS = {
    **dict.fromkeys(("dataset", "noise", "n", "test_fraction", "seed"), "data"),
    **dict.fromkeys(("width", "depth", "activation", "init", "residual"), "network"),
    "optimizer": "optimizer",
    **dict.fromkeys(("lr", "batch_size", "l2"), "step"),
}
_ORDER = ("step", "optimizer", "network", "data")

QUIET = dict(over="ignore", invalid="ignore", divide="ignore", under="ignore")


@dataclass(frozen=True)
class Settings:
    """Every choice of an experiment; checked when made (a bad value raises a ValueError or a
    TypeError that names the setting, the value and what is expected).

    - ``dataset``: moons, circles, xor, spirals, or custom (your own points, see TrainingRun);
      ``noise``: its noise; ``n``: how many points; ``test_fraction``: the share kept aside as
      test points; ``seed``: the data, the split, the initial weights and the mini-batch order
      (``None`` means the default seed 0, never fresh randomness).
    - ``width`` (1–64) units in each of ``depth`` (1–100) hidden layers; ``activation`` tanh,
      sigmoid or relu; ``init`` the distribution of the initial weights (see ``helpers.nn.INITS``:
      naive N(0, 0.01²), xavier, he, large N(0, 1)); ``residual``: skip connections.
    - ``optimizer``: sgd, momentum (SGD with momentum 0.9) or adam; ``lr``: the learning rate;
      ``batch_size``: examples per step, None for the full training set; ``l2``: the strength λ
      of the penalty λ·Σ_k ‖W_k‖² over the weight matrices (not the biases).
    """

    dataset: str = "moons"
    noise: float = 0.1
    n: int = 200
    test_fraction: float = 0.25
    seed: int = 0
    width: int = 8
    depth: int = 1
    activation: str = "tanh"
    init: str = "xavier"
    residual: bool = False
    optimizer: str = "momentum"
    lr: float = 0.1
    batch_size: int | None = None
    l2: float = 0.0

    def __post_init__(self) -> None:
        checked: dict[str, Any] = {
            "dataset": validate.choice("dataset", self.dataset, [*DATASETS, CUSTOM]),
            "activation": validate.choice("activation", self.activation, ACTIVATIONS),
            "init": validate.choice("init", self.init, INITS),
            "optimizer": validate.choice("optimizer", self.optimizer, OPTIMIZERS),
            **{
                name: validate.real(name, getattr(self, name), minimum=low, maximum=high)
                for name, (low, high) in RANGES.items()
                if name in REALS
            },
            **{
                name: validate.integer(name, getattr(self, name), minimum=low, maximum=high)
                for name, (low, high) in RANGES.items()
                if name not in REALS and name != "seed"  # seed: None is allowed, see below
            },
        }
        seed = validate.seed("seed", self.seed, default=0)  # None: the documented default, 0
        checked["seed"] = validate.integer("seed", seed, maximum=RANGES["seed"][1])
        if not isinstance(self.residual, bool | np.bool_):
            raise TypeError(f"residual must be True or False, got {validate.shown(self.residual)}")
        checked["residual"] = bool(self.residual)
        if self.batch_size is not None:
            checked["batch_size"] = validate.integer(
                "batch_size", self.batch_size, minimum=1, hint="or None for the full batch"
            )
        for name, value in checked.items():  # plain Python types, so state() is JSON
            object.__setattr__(self, name, value)


def _custom_data(points: Any) -> tuple[np.ndarray, np.ndarray]:
    """Your own data, checked: (X, y) with X of shape (n, 2) and y integer labels 0..k−1."""
    if not isinstance(points, tuple | list) or len(points) != 2:
        raise TypeError(f"data must be a pair (X, y), got {type(points).__name__}")
    # checked before anything trains: one NaN would turn every weight to NaN at the first step
    X = validate.array("data X", points[0], shape=(None, 2), hint=None)
    y = np.asarray(points[1])
    if y.shape != (len(X),):
        raise ValueError(f"data y needs one label per row of X: shape ({len(X)},), got {y.shape}")
    if y.dtype.kind not in "iu" or len(y) == 0 or y.min() < 0:
        raise ValueError(f"data y must be integer class labels 0, 1, …, got {y.dtype} {y[:5]}")
    low, high = RANGES["n"]
    if not low <= len(X) <= high or len(np.unique(y)) < 2:
        raise ValueError(
            f"data needs {low} to {high} points of at least 2 classes, got {len(X)} points "
            f"of {len(np.unique(y))} classes"
        )
    return X.astype(np.float64), y.astype(np.int64)


class TrainingRun:
    """A network learning a 2-D dataset, one gradient descent step at a time.

    ``TrainingRun(**settings)`` takes the fields of :class:`Settings` as keywords;
    ``data=(X, y)`` trains on your own points (X of shape (n, 2), y integer labels), and the
    dataset is then "custom". :meth:`step` trains, :meth:`evaluate` and :meth:`predict` read the
    network, :meth:`update` changes settings, :meth:`state` and :meth:`from_state` save and
    rebuild the experiment.

    After each step, ``history["train"]`` and ``history["test"]`` hold the data loss
    (cross-entropy) on the training and the test points at the weights the step started from,
    ``history["penalty"]`` the L2 penalty λ·Σ‖W_k‖² at those weights; what a step minimises is
    the training loss plus the penalty. With mini-batches the training loss is still measured
    on the whole training set, so the curve shows progress rather than the noise of a batch.
    """

    def __init__(self, *, data: tuple[Any, Any] | None = None, **settings: Any) -> None:
        fields = [f.name for f in dataclasses.fields(Settings)]
        unknown = sorted(set(settings) - set(fields))
        if unknown:
            raise TypeError(
                f"unknown setting {', '.join(map(repr, unknown))}; the settings are "
                f"{', '.join(fields)}"
            )
        if data is not None:
            if settings.setdefault("dataset", CUSTOM) != CUSTOM:
                raise ValueError(
                    f"dataset={settings['dataset']!r} and data=(X, y) were both given; "
                    "give one (your own data is the dataset 'custom')"
                )
            self.custom: tuple[np.ndarray, np.ndarray] | None = _custom_data(data)
            settings["n"] = len(self.custom[1])
        else:
            if settings.get("dataset") == CUSTOM:
                raise ValueError("dataset='custom' needs your points: pass data=(X, y)")
            self.custom = None
        self.settings = Settings(**settings)
        self._make_data()

    # ---- building --------------------------------------------------------------------------

    def _make_data(self) -> None:
        """The points (dataset, noise, n, seed) and their split; then a new network."""
        s = self.settings
        with np.errstate(**QUIET):
            X, y = self.custom or DATASETS[s.dataset](n=s.n, noise=s.noise, seed=s.seed)
        if not 0 < round(len(y) * s.test_fraction) < len(y):
            raise ValueError(
                f"test_fraction {s.test_fraction} of {len(y)} points leaves no training or test "
                "points; choose a fraction between them"
            )
        self.X_train, self.X_test, self.y_train, self.y_test = data.train_test_split(
            X, y, test_fraction=s.test_fraction, seed=s.seed
        )
        self.classes = int(y.max()) + 1
        self.restart()

    def restart(self) -> None:
        """New initial weights (from the seed) for the same data; nothing trained yet.

        The gradient norms are those of the loss at the initial weights on the whole training
        set: the picture of what the first step will do.
        """
        s = self.settings
        sizes = [2] + [s.width] * s.depth + [self.classes]
        self.model = nn.MLP(sizes, s.activation, residual=s.residual, init=s.init, seed=s.seed)
        self._make_optimizer()
        self._batch_rng = np.random.default_rng(s.seed)
        self._batches: Iterator[tuple[np.ndarray, np.ndarray]] = iter(())
        self.steps_done = 0
        self.history: dict[str, list[float]] = {"train": [], "test": [], "penalty": []}
        self.diverged_at: int | None = None
        self.message = ""
        self._scores: dict[str, float] | None = None
        with np.errstate(**QUIET):
            loss, _, _ = self._loss(self.X_train, self.y_train)
            self.model.zero_grad()
            loss.backward()
        if not math.isfinite(loss.item()):
            self._diverge(loss.item())

    def _make_optimizer(self) -> None:
        s, params = self.settings, self.model.parameters()
        if s.optimizer == "adam":
            self.optimizer: optim.Optimizer = optim.Adam(params, lr=s.lr)
        else:
            momentum = MOMENTUM if s.optimizer == "momentum" else 0.0
            self.optimizer = optim.SGD(params, lr=s.lr, momentum=momentum)

    def update(self, **changes: Any) -> str:
        """Change settings; returns what had to be redone, the most drastic of:

        - ``"data"`` (dataset, noise, n, test_fraction, seed): new points, then a new network;
        - ``"network"`` (width, depth, activation, init, residual): new initial weights, same data;
        - ``"optimizer"``: a fresh optimizer (its momentum or Adam averages start from zero), the
          weights and history kept;
        - ``"step"`` (lr, batch_size, l2): nothing; the next step uses the new value (a new
          batch size starts a new pass over the training points); ``"none"`` if nothing changed.

        A bad value raises, naming the setting, and leaves the run as it was.
        """
        unknown = sorted(set(changes) - set(NEEDS))
        if unknown:
            raise TypeError(f"unknown setting {', '.join(map(repr, unknown))}")
        if changes.get("dataset") == CUSTOM and self.custom is None:
            raise ValueError("dataset='custom' needs your points: make a run with data=(X, y)")
        if self.custom is not None and changes.get("dataset", CUSTOM) != CUSTOM:
            raise ValueError("this run trains on your own data; its dataset stays 'custom'")
        new = dataclasses.replace(self.settings, **changes)
        changed = [k for k in changes if getattr(new, k) != getattr(self.settings, k)]
        if not changed:
            return "none"
        need = max((NEEDS[k] for k in changed), key=_ORDER.index)
        old, self.settings = self.settings, new
        try:
            if need == "data":
                self._make_data()
            elif need == "network":
                self.restart()
            elif need == "optimizer":
                self._make_optimizer()
        except Exception:
            self.settings = old
            raise
        if need == "step":
            self.optimizer.lr = new.lr
            if "batch_size" in changed:
                self._batches = iter(())
            self._scores = None
        return need

    # ---- training ----------------------------------------------------------------------------

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None

    def _penalty(self) -> Tensor:
        """λ · Σ_k ‖W_k‖², the L2 penalty, as a node of the graph."""
        return self.settings.l2 * sum((layer.W * layer.W).sum() for layer in self.model.layers)

    def _loss(self, X: np.ndarray, y: np.ndarray) -> tuple[Tensor, float, float]:
        """The loss a step minimises on the batch (X, y), cross-entropy plus the L2 penalty;
        and its two parts as numbers: the data loss and the penalty (0 when λ = 0)."""
        data_loss = cross_entropy(self.model(X), y)
        if not self.settings.l2:
            return data_loss, data_loss.item(), 0.0
        penalty = self._penalty()
        return data_loss + penalty, data_loss.item(), penalty.item()

    def _data_loss(self, X: np.ndarray, y: np.ndarray) -> float:
        return cross_entropy(self.model.logits(X), y).item()

    def _next_batch(self) -> tuple[np.ndarray, np.ndarray]:
        size = self.settings.batch_size
        if size is None or size >= len(self.y_train):
            return self.X_train, self.y_train
        batch = next(self._batches, None)
        if batch is None:  # a new epoch: a new order of the training points
            self._batches = data.batches(self.X_train, self.y_train, size, rng=self._batch_rng)
            batch = next(self._batches)
        return batch

    def step(self, n: int = 1) -> int:
        """Train ``n`` steps (fewer if training diverges); returns how many were done.

        Each step: the loss on the next batch (cross-entropy + λ·Σ‖W‖²), ``backward()``, one
        optimizer update. If the loss is NaN or infinite, no update is made: training stops at
        that step (``diverged_at``) with a ``message`` on the likely cause, and ``step`` does
        nothing until a setting changes or :meth:`restart`.
        """
        n = validate.integer("n", n, minimum=0, hint="step(n) trains a whole number of steps")
        done = 0
        with np.errstate(**QUIET):
            while done < n and not self.diverged:
                X, y = self._next_batch()
                loss, data_loss, penalty = self._loss(X, y)
                full = X is self.X_train
                train = data_loss if full else self._data_loss(self.X_train, self.y_train)
                if not (math.isfinite(loss.item()) and math.isfinite(train)):
                    self._diverge(loss.item() if math.isfinite(train) else train)
                    break
                self.history["train"].append(train)
                self.history["test"].append(self._data_loss(self.X_test, self.y_test))
                self.history["penalty"].append(penalty)
                self.optimizer.zero_grad()
                loss.backward()
                self.optimizer.step()
                self.steps_done += 1
                done += 1
        if done:
            self._scores = None
        return done

    def _diverge(self, value: float) -> None:
        s = self.settings
        self.diverged_at = self.steps_done
        what = "infinite" if math.isinf(value) else "not a number (NaN)"
        head = f"Training diverged at step {self.steps_done}: the loss became {what}."
        if s.init == "large":
            cause = (
                f"init 'large' draws every weight from N(0, 1), so each unit sums {s.width} "
                f"inputs times weights of size about 1 and the signal grows layer after layer "
                f"through {s.depth} hidden layers; choose init 'xavier' or 'he'"
            )
        elif self.steps_done == 0:
            cause = (
                f"the initial weights (init '{s.init}', {s.depth} hidden layers) already give a "
                "non-finite output; choose a smaller init or fewer layers"
            )
        else:
            cause = (
                f"the learning rate {s.lr:g} is too large for {OPTIMIZERS[s.optimizer]} with "
                f"init '{s.init}'; try {s.lr / 10:g}"
            )
        self.message = f"{head} Likely cause: {cause}."

    # ---- reading the network -------------------------------------------------------------------

    @property
    def gradient_norms(self) -> np.ndarray:
        """‖∂L/∂W_k‖ for each layer k = 1..L of the last step (before its update; at step 0, of
        the loss at the initial weights): ``helpers.health.gradient_norms`` of the model."""
        with np.errstate(**QUIET):
            return health.gradient_norms(self.model)

    def predict(self, points: Any) -> np.ndarray:
        """Class probabilities of the network at ``points`` (n, 2), rows summing to 1."""
        P = validate.array("points", points, shape=(None, 2))
        with np.errstate(**QUIET):
            return softmax(self.model.logits(P)).data

    def evaluate(self) -> dict[str, float]:
        """Loss (cross-entropy, without the penalty) and accuracy on the training and the test
        points for the current weights, and the L2 penalty λ·Σ‖W_k‖² ("penalty")."""
        if self._scores is None:
            scores = {}
            with np.errstate(**QUIET):
                for part, X, y in (
                    ("train", self.X_train, self.y_train),
                    ("test", self.X_test, self.y_test),
                ):
                    z = self.model.logits(X)
                    scores[f"{part} loss"] = cross_entropy(z, y).item()
                    scores[f"{part} accuracy"] = float(np.mean(z.argmax(axis=1) == y))
                scores["penalty"] = self._penalty().item() if self.settings.l2 else 0.0
            self._scores = scores
        return dict(self._scores)

    def summary(self) -> str:
        """``step N: train loss …, test loss …, train accuracy …, test accuracy …`` (rounded),
        with the L2 penalty when λ > 0 and the divergence when training blew up."""
        s = self.evaluate()
        text = (
            f"step {self.steps_done}: train loss {s['train loss']:.3f}, "
            f"test loss {s['test loss']:.3f}, train accuracy {s['train accuracy']:.1%}, "
            f"test accuracy {s['test accuracy']:.1%}"
        )
        if self.settings.l2:
            text += f", L2 penalty {s['penalty']:.3g}"
        if self.diverged:
            text += f" (diverged at step {self.diverged_at})"
        return text

    def architecture(self) -> str:
        """The network as ``2-8-2 tanh``: input, hidden widths, outputs, activation; a deep one
        as ``2-16×50-3 relu``; "residual" when it has skip connections."""
        s = self.settings
        hidden = "-".join([str(s.width)] * s.depth) if s.depth <= 4 else f"{s.width}×{s.depth}"
        text = f"2-{hidden}-{self.classes} {s.activation}"
        return text + " residual" if any(self.model.skips) else text

    # ---- saving and sharing --------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """Every setting as a plain, JSON-ready dict (with your points when the data are custom).

        ``TrainingRun.from_state(run.state())`` is the same experiment from its start.
        """
        state: dict[str, Any] = dataclasses.asdict(self.settings)
        if self.custom is not None:
            X, y = self.custom
            state["data"] = {"X": X.tolist(), "y": y.tolist()}
        return state

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> TrainingRun:
        """The experiment a :meth:`state` dict describes, at step 0 (missing settings take their
        defaults)."""
        if not isinstance(state, Mapping):
            raise TypeError(f"state must be a dict from state(), got {type(state).__name__}")
        settings = dict(state)
        custom = settings.pop("data", None)
        if custom is None:
            return cls(**settings)
        if not isinstance(custom, Mapping) or set(custom) != {"X", "y"}:
            raise ValueError("state['data'] must be a dict with the lists 'X' and 'y'")
        points = (np.array(custom["X"], dtype=np.float64), np.array(custom["y"], dtype=np.int64))
        return cls(data=points, **settings)
