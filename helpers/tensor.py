"""helpers.Tensor: reverse-mode automatic differentiation on whole NumPy arrays (Book §1.3).

The same idea as the scalar engine ``helpers.Value``, one level up. Each operation computes its
output with NumPy and, when one of its inputs needs a gradient, records three plain pieces of data
on the output: its **parents** (the input tensors), its **backward rule** (a module-level function)
and the arrays the rule needs (**saved**). ``backward()`` then applies the chain rule, equation
(1.1), once per node, from the output back to the inputs::

    parent.grad += rule(node.grad, node.saved, node.parents)      # one term per path

Because a node refers only to its parents and to plain arrays, never to itself through a closure,
graphs contain no reference cycles and are freed by reference counting as soon as they are dropped.

A backward rule has the signature ``rule(g, saved, parents) -> tuple``: ``g`` is dL/d(output), and
it returns dL/d(input) for each parent, or ``None`` where the parent is ``None`` (an input that
needs no gradient, such as the data). Each returned array must be ``g`` itself, a view of it, or a
new array that nothing else holds. Broadcasting is undone centrally (see :func:`unbroadcast`), so a
rule may return its gradient in the broadcast shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np

from helpers.gradcheck import GradientCheck, compare_gradients, numerical_gradient

Rule = Callable[[np.ndarray, tuple, tuple], tuple]
_FLOATS = (np.dtype(np.float64), np.dtype(np.float32))


class Tensor:
    """An array of real numbers that remembers how it was computed, so it can be differentiated.

    ``Tensor(data, requires_grad=True, label="")`` copies ``data`` into a float64 array (float32
    input stays float32). Give ``requires_grad=False`` to data and targets: no gradient is computed
    for them, which saves work. After ``loss.backward()``, ``t.grad`` holds dL/dt for every tensor
    ``t`` the loss was computed from, an array of ``t``'s shape (zeros before a backward reaches t).
    """

    __slots__ = ("_backward", "_grad", "_parents", "_saved", "data", "label", "op", "requires_grad")
    # NumPy hands ``ndarray + Tensor`` over to Tensor.__radd__ instead of converting the Tensor.
    __array_ufunc__ = None

    def __init__(self, data: Any, requires_grad: bool = True, label: str = "") -> None:
        if isinstance(data, Tensor):
            data = data.data
        array = np.array(data)  # a copy: a Tensor owns its array, training never edits the caller's
        if array.dtype not in _FLOATS:
            if array.dtype.kind not in "biuf":
                raise TypeError(
                    f"a Tensor holds real numbers, got an array of dtype {array.dtype}; "
                    "pass numbers, a list of numbers or a numeric NumPy array"
                )
            array = array.astype(np.float64)
        self.data: np.ndarray = array
        self.requires_grad = bool(requires_grad)
        self.label = str(label)
        self.op = ""
        self._grad: np.ndarray | None = None
        self._parents: tuple[Tensor | None, ...] = ()
        self._backward: Rule | None = None
        self._saved: tuple = ()

    # ---- what a tensor is --------------------------------------------------------------------

    @property
    def grad(self) -> np.ndarray | None:
        """dL/d(this tensor) from the last ``backward()``: zeros until then; None without grads."""
        if self._grad is None and self.requires_grad:
            self._grad = np.zeros_like(self.data)
        return self._grad

    @grad.setter
    def grad(self, value: Any) -> None:
        if value is None:
            self._grad = None
            return
        value = np.array(value, dtype=self.data.dtype)
        if value.shape != self.data.shape:
            raise ValueError(
                f"a gradient has the shape of its tensor: got {value.shape} for a tensor of shape "
                f"{self.data.shape}"
            )
        self._grad = value

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def size(self) -> int:
        return self.data.size

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    def __len__(self) -> int:
        return len(self.data)

    def item(self) -> float:
        """The single number in a tensor of one element (a loss), as a Python float."""
        if self.data.size != 1:
            raise ValueError(
                f"item() needs a tensor of one element, this one has shape {self.shape}"
            )
        return float(self.data.reshape(()))

    __float__ = item

    def numpy(self) -> np.ndarray:
        """The underlying array (not a copy)."""
        return self.data

    def detach(self) -> Tensor:
        """The same numbers as a new tensor with no history and no gradient."""
        return Tensor(self.data, requires_grad=False, label=self.label)

    def __repr__(self) -> str:
        body = np.array2string(
            self.data, precision=4, separator=", ", threshold=24, edgeitems=2, prefix="Tensor("
        )
        extras = []
        if self.data.size > 24:
            extras.append(f"shape={self.data.shape}")
        if self.data.dtype != np.float64:
            extras.append(f"dtype={self.data.dtype}")
        if self.label:
            extras.append(f"label={self.label!r}")
        if self.op:
            extras.append(f"op={self.op!r}")
        if not self.requires_grad:
            extras.append("requires_grad=False")
        return f"Tensor({', '.join([body, *extras])})"

    # ---- arithmetic: + - * / ** @, with NumPy broadcasting -------------------------------------

    def __add__(self, other: Any) -> Tensor:
        return _elementwise(self, other, np.add, "add", "+", _add_backward)

    def __radd__(self, other: Any) -> Tensor:
        return _elementwise(other, self, np.add, "add", "+", _add_backward)

    def __sub__(self, other: Any) -> Tensor:
        return _elementwise(self, other, np.subtract, "subtract", "-", _sub_backward)

    def __rsub__(self, other: Any) -> Tensor:
        return _elementwise(other, self, np.subtract, "subtract", "-", _sub_backward)

    def __mul__(self, other: Any) -> Tensor:
        return _elementwise(self, other, np.multiply, "multiply", "*", _mul_backward)

    def __rmul__(self, other: Any) -> Tensor:
        return _elementwise(other, self, np.multiply, "multiply", "*", _mul_backward)

    def __truediv__(self, other: Any) -> Tensor:
        return _elementwise(self, other, np.divide, "divide", "/", _div_backward)

    def __rtruediv__(self, other: Any) -> Tensor:
        return _elementwise(other, self, np.divide, "divide", "/", _div_backward)

    def __neg__(self) -> Tensor:
        return op_result(-self.data, "neg", _neg_backward, (), self)

    def __pow__(self, exponent: Any) -> Tensor:
        if isinstance(exponent, Tensor) or not isinstance(exponent, Real):
            raise TypeError(
                f"x ** p needs a number p, got {type(exponent).__name__}; for a tensor exponent "
                "write (p * x.log()).exp()"
            )
        exponent = float(exponent)
        return op_result(
            self.data**exponent, f"**{exponent:g}", _pow_backward, (self.data, exponent), self
        )

    def __matmul__(self, other: Any) -> Tensor:
        return _matmul(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return _matmul(other, self)

    # ---- reductions ------------------------------------------------------------------------------

    def sum(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """Σ over ``axis`` (all entries when None). Each entry's gradient is the output's."""
        axes = _axes(axis, self.data.ndim, "sum")
        out = self.data.sum(axis=axes, keepdims=keepdims)
        return op_result(out, "sum", _sum_backward, (self.data.shape, axes, keepdims, 1), self)

    def mean(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """The average over ``axis``: a sum divided by the count n, so each gradient is 1/n."""
        axes = _axes(axis, self.data.ndim, "mean")
        out = self.data.mean(axis=axes, keepdims=keepdims)
        count = self.data.size // out.size if out.size else 1
        return op_result(out, "mean", _sum_backward, (self.data.shape, axes, keepdims, count), self)

    def max(self, axis: int | None = None, keepdims: bool = False) -> Tensor:
        """The largest entry along ``axis`` (of all entries when None).

        The gradient goes to the entry that is the maximum; on a tie it all goes to the first of
        the tied entries (the one ``np.argmax`` picks), a valid subgradient.
        """
        x = self.data
        if x.size == 0:
            raise ValueError(f"max() of an empty tensor (shape {x.shape}) has no value")
        if axis is None:
            index = np.argmax(x)
            out = x.reshape(-1)[index].reshape((1,) * x.ndim if keepdims else ())
            saved = (x.shape, None, index)
        else:
            if isinstance(axis, tuple | list):
                raise ValueError(f"max takes one axis or None, got axis={axis}")
            (axis,) = _axes(axis, x.ndim, "max")
            index = np.argmax(x, axis=axis, keepdims=True)
            out = np.take_along_axis(x, index, axis=axis)
            if not keepdims:
                out = out.squeeze(axis)
            saved = (x.shape, axis, index)
        return op_result(out, "max", _max_backward, saved, self)

    # ---- shapes and indexing -------------------------------------------------------------------

    def reshape(self, *shape: int | tuple[int, ...]) -> Tensor:
        """The same entries in a new shape (-1 once: whatever size is left)."""
        if len(shape) == 1 and isinstance(shape[0], tuple | list):
            shape = tuple(shape[0])
        try:
            out = self.data.reshape(shape)
        except (ValueError, TypeError):
            raise ValueError(
                f"cannot reshape {self.data.shape} ({self.data.size} entries) into {shape}: "
                "the new shape must hold the same number of entries"
            ) from None
        return op_result(out, "reshape", _reshape_backward, (self.data.shape,), self)

    def transpose(self, *axes: int) -> Tensor:
        """The axes in the order ``axes`` (reversed when none are given, like ``.T``)."""
        if len(axes) == 1 and isinstance(axes[0], tuple | list):
            axes = tuple(axes[0])
        ndim = self.data.ndim
        order = axes if axes else tuple(range(ndim))[::-1]
        in_range = [a % ndim for a in order if -ndim <= a < ndim]
        if len(order) != ndim or sorted(in_range) != list(range(ndim)):
            raise ValueError(
                f"cannot transpose {self.data.shape} with axes {axes}: give each of the "
                f"{ndim} axes 0..{ndim - 1} exactly once"
            )
        order = tuple(a % ndim for a in order)
        return op_result(
            self.data.transpose(order), "transpose", _transpose_backward, (order,), self
        )

    @property
    def T(self) -> Tensor:
        """The transpose (all axes reversed); for a matrix, rows become columns."""
        return self.transpose()

    def __getitem__(self, index: Any) -> Tensor:
        """Entries picked by slices, integers or integer/boolean arrays, as in NumPy.

        An entry picked twice gets both gradients added (``np.add.at``), as the chain rule says.
        """
        index = _index(index)
        try:
            out = self.data[index]
        except IndexError as error:
            raise IndexError(f"cannot index a tensor of shape {self.data.shape}: {error}") from None
        return op_result(out, "getitem", _getitem_backward, (self.data.shape, index), self)

    # ---- elementwise functions -----------------------------------------------------------------

    def exp(self) -> Tensor:
        """e^x; its derivative is itself."""
        out = np.exp(self.data)
        return op_result(out, "exp", _exp_backward, (out,), self)

    def log(self) -> Tensor:
        """The natural logarithm; d/dx log x = 1/x."""
        return op_result(np.log(self.data), "log", _log_backward, (self.data,), self)

    def tanh(self) -> Tensor:
        """tanh(x), in (−1, 1); d/dx tanh x = 1 − tanh²x, so the gradient needs only the output."""
        out = np.tanh(self.data)
        return op_result(out, "tanh", _tanh_backward, (out,), self)

    def sigmoid(self) -> Tensor:
        """σ(x) = 1 / (1 + e^−x), computed without overflow for any x; σ' = σ(1 − σ)."""
        x = self.data
        e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
        out = np.where(x >= 0, 1.0, e) / (1.0 + e)
        return op_result(out, "sigmoid", _sigmoid_backward, (out,), self)

    def relu(self) -> Tensor:
        """max(x, 0); its derivative is 1 where x > 0, else 0 (also at 0)."""
        out = np.maximum(self.data, 0.0)
        return op_result(out, "relu", _relu_backward, (out,), self)

    # ---- backpropagation ---------------------------------------------------------------------

    def backward(self, grad: Any = None) -> None:
        """Fill ``.grad`` of every tensor this one was computed from with dL/d(that tensor).

        L is this tensor when it holds one number (a loss). For any other shape, pass ``grad``,
        an array of this tensor's shape holding dL/d(this tensor). Gradients are recomputed from
        scratch each call, so calling it twice gives the same result, not double.
        """
        if not self.requires_grad:
            raise RuntimeError(
                "backward() has nothing to differentiate: this tensor was computed only from "
                "tensors with requires_grad=False"
            )
        if grad is None:
            if self.data.size != 1:
                raise ValueError(
                    f"backward() without a grad needs one number (a loss), but this tensor "
                    f"has shape {self.data.shape}. Pass grad=, an array of shape {self.data.shape} "
                    f"holding dL/d(this tensor); np.ones({self.data.shape}) differentiates its sum"
                )
            seed = np.ones_like(self.data)
        else:
            seed = np.array(grad.data if isinstance(grad, Tensor) else grad, dtype=self.data.dtype)
            if seed.shape != self.data.shape:
                raise ValueError(
                    f"backward(grad) needs grad of this tensor's shape {self.data.shape}, "
                    f"got {seed.shape}"
                )
        order = _reset_and_order(self)
        self._grad = seed
        owned = {self}  # tensors whose ._grad array is theirs alone, so += is safe
        for node in reversed(order):
            g = node._grad
            grads = node._backward(g, node._saved, node._parents)
            for parent, pg in zip(node._parents, grads, strict=True):
                if parent is None:
                    continue
                if pg.shape != parent.data.shape:
                    pg = unbroadcast(pg, parent.data.shape)
                if parent._grad is None:
                    if pg is g or pg.base is not None:  # shared with another node
                        if parent._backward is not None:
                            parent._grad = pg
                            continue
                        pg = pg.copy()  # a leaf's .grad is handed to the user: give it its own
                    parent._grad = pg
                    owned.add(parent)
                elif parent in owned:
                    parent._grad += pg
                else:
                    parent._grad = parent._grad + pg
                    owned.add(parent)


def op_result(data: Any, op: str, rule: Rule, saved: tuple, *inputs: Any) -> Tensor:
    """The Tensor holding an operation's output ``data``, wired for backward.

    Every operation ends here. ``inputs`` are its operands (Tensors, numbers or arrays), in the
    order its backward ``rule`` returns their gradients; ``saved`` is what the rule needs. When no
    input needs a gradient, nothing is recorded and the result is a constant.
    """
    out = Tensor.__new__(Tensor)
    out.data = data if type(data) is np.ndarray else np.asarray(data)
    out._grad = None
    out.label = ""
    out.op = op
    parents = tuple([x if isinstance(x, Tensor) and x.requires_grad else None for x in inputs])
    if parents.count(None) < len(parents):
        out.requires_grad = True
        out._parents = parents
        out._backward = rule
        out._saved = saved
    else:
        out.requires_grad = False
        out._parents = ()
        out._backward = None
        out._saved = ()
    return out


def _reset_and_order(root: Tensor) -> list[Tensor]:
    """The nodes that lead to ``root`` (leaves excluded), every node after all of its parents.

    Depth-first search with an explicit stack, so a graph thousands of layers deep is fine. On the
    way, every reachable tensor's gradient is cleared, which makes ``backward()`` idempotent.
    """
    order: list[Tensor] = []
    expanded: set[Tensor] = set()  # nodes whose parents have been pushed (or leaves seen)
    stack: list[tuple[Tensor, bool]] = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)  # everything pushed after it, its parents included, is done
            continue
        if node in expanded:  # reached again along another path: already placed or on its way
            continue
        expanded.add(node)
        node._grad = None
        if node._backward is None:  # a leaf: nothing to propagate into
            continue
        stack.append((node, True))
        for parent in node._parents:
            if parent is not None and parent not in expanded:
                stack.append((parent, False))
    return order


def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` down to ``shape``: the gradient of an input that broadcasting stretched.

    If ``b`` of shape (4,) was added to every row of a (3, 4) array, each entry of ``b`` took part
    in 3 sums, so its gradient is the sum of those 3 gradients: the sum over the added axes and
    over the axes where ``shape`` has length 1.
    """
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad if type(grad) is np.ndarray else np.asarray(grad)


# ---- operands and error messages -----------------------------------------------------------------


def _data(x: Any, op: str) -> np.ndarray | float:
    """The numbers behind an operand: a Tensor's array, or a number/array used as a constant."""
    if isinstance(x, Tensor):
        return x.data
    if type(x) is float or type(x) is int or isinstance(x, np.ndarray | Real):
        return x
    if isinstance(x, list | tuple):
        return np.asarray(x, dtype=np.float64)
    raise TypeError(
        f"cannot {op} a Tensor and a {type(x).__name__}; use a Tensor, a number or a NumPy array"
    )


def _shape(x: Any) -> tuple[int, ...]:
    return np.shape(x)


def _elementwise(a: Any, b: Any, ufunc: np.ufunc, name: str, symbol: str, rule: Rule) -> Tensor:
    x, y = _data(a, name), _data(b, name)
    try:
        out = ufunc(x, y)
    except ValueError:
        raise ValueError(_broadcast_message(name, symbol, _shape(x), _shape(y))) from None
    return op_result(out, symbol, rule, (x, y), a, b)


def _broadcast_message(name: str, symbol: str, sa: tuple, sb: tuple) -> str:
    n = max(len(sa), len(sb))
    pa, pb = (1,) * (n - len(sa)) + tuple(sa), (1,) * (n - len(sb)) + tuple(sb)
    bad = [i for i in range(n) if pa[i] != pb[i] and 1 not in (pa[i], pb[i])]
    where = f" (axis {bad[-1] - n} has lengths {pa[bad[-1]]} and {pb[bad[-1]]})" if bad else ""
    return (
        f"cannot {name} {sa} {symbol} {sb}: the shapes do not broadcast{where}. Broadcasting "
        "lines shapes up from the right and each pair of lengths must be equal or 1; reshape "
        "one operand, e.g. b.reshape(-1, 1)"
    )


def _matmul(a: Any, b: Any) -> Tensor:
    x, y = _data(a, "matmul"), _data(b, "matmul")
    try:
        out = np.matmul(x, y)
    except ValueError:
        raise ValueError(_matmul_message(_shape(x), _shape(y))) from None
    return op_result(out, "@", _matmul_backward, (x, y), a, b)


def _matmul_message(sa: tuple, sb: tuple) -> str:
    if not sa or not sb:
        return (
            f"cannot matmul {sa} @ {sb}: @ needs operands with at least one axis; "
            "to scale by a number use *"
        )
    ka, kb = sa[-1], sb[-2] if len(sb) >= 2 else sb[0]
    if ka != kb:
        rows = "second-to-last axis (its rows)" if len(sb) >= 2 else "length"
        return (
            f"cannot matmul {sa} @ {sb}: inner dimensions {ka} and {kb} differ. The left "
            f"operand's last axis must be as long as the right operand's {rows}; "
            "did you mean to transpose one of them (.T)?"
        )
    return (
        f"cannot matmul {sa} @ {sb}: the batch dimensions {sa[:-2]} and {sb[:-2]} do not broadcast"
    )


def _axes(axis: Any, ndim: int, op: str) -> tuple[int, ...] | None:
    """``axis`` as a sorted tuple of non-negative axes (None stays None), checked against ndim."""
    if axis is None:
        return None
    axes = axis if isinstance(axis, tuple | list) else (axis,)
    if any(not -ndim <= int(a) < ndim for a in axes):
        raise ValueError(
            f"{op}(axis={axis}) is out of range for a tensor with {ndim} axes; "
            f"use axes from {-ndim} to {ndim - 1}"
        )
    normalized = tuple(sorted({int(a) % ndim for a in axes}))
    if len(normalized) != len(axes):
        raise ValueError(f"{op}(axis={axis}) names an axis twice")
    return normalized


def _index(index: Any) -> Any:
    """An index with lists replaced by NumPy arrays, as NumPy itself would read them."""
    if isinstance(index, Tensor):
        raise TypeError(
            "index a Tensor with integers, slices or NumPy arrays, not with a Tensor "
            "(indices are not differentiable); use t[idx.data.astype(int)]"
        )
    if isinstance(index, list):
        return np.asarray(index)
    if isinstance(index, tuple):
        return tuple(_index(i) for i in index)
    return index


# ---- backward rules: g is dL/d(output); each returns dL/d(input) per parent ----------------------


def _add_backward(g, saved, parents):
    return g, g


def _sub_backward(g, saved, parents):
    return g, -g


def _mul_backward(g, saved, parents):
    x, y = saved
    return (g * y if parents[0] is not None else None, g * x if parents[1] is not None else None)


def _div_backward(g, saved, parents):
    x, y = saved
    gx = g / y if parents[0] is not None else None
    gy = -g * x / (y * y) if parents[1] is not None else None
    return gx, gy


def _neg_backward(g, saved, parents):
    return (-g,)


def _pow_backward(g, saved, parents):
    x, p = saved
    return (g * (2.0 * x) if p == 2.0 else g * (p * x ** (p - 1.0)),)


def _matmul_backward(g, saved, parents):
    """out = a @ b gives dL/da = g @ bᵀ and dL/db = aᵀ @ g.

    A vector on the left acts as a row (1, k), on the right as a column (k, 1), as in NumPy; a
    stack of matrices times one matrix sums the stack's contributions to that matrix.
    """
    a, b = saved
    pa, pb = parents
    if a.ndim == 2 and b.ndim == 2:  # the common case, as in a layer x @ W
        return (g @ b.T if pa is not None else None, a.T @ g if pb is not None else None)
    a2 = a.reshape(1, -1) if a.ndim == 1 else a
    b2 = b.reshape(-1, 1) if b.ndim == 1 else b
    batch = np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2])
    g = g.reshape((*batch, a2.shape[-2], b2.shape[-1]))
    ga = gb = None
    if pa is not None:
        ga = unbroadcast(g @ np.swapaxes(b2, -1, -2), a2.shape).reshape(a.shape)
    if pb is not None:
        if b2.ndim == 2:  # one matrix shared by the whole stack: one product over all rows
            gb = a2.reshape(-1, a2.shape[-1]).T @ g.reshape(-1, g.shape[-1])
        else:
            gb = unbroadcast(np.swapaxes(a2, -1, -2) @ g, b2.shape)
        gb = gb.reshape(b.shape)
    return ga, gb


def _sum_backward(g, saved, parents):
    """Each summed entry moves the sum one-for-one (a mean: 1/count), so it gets g (g/count)."""
    shape, axes, keepdims, count = saved
    if axes is not None and not keepdims:
        g = np.expand_dims(g, axes)
    if count != 1:
        g = g / count
    return (np.broadcast_to(g, shape),)


def _max_backward(g, saved, parents):
    shape, axis, index = saved
    grad = np.zeros(shape, dtype=g.dtype)
    if axis is None:
        grad.reshape(-1)[index] = g.reshape(())
    else:
        np.put_along_axis(grad, index, g.reshape(index.shape), axis=axis)
    return (grad,)


def _reshape_backward(g, saved, parents):
    return (g.reshape(saved[0]),)


def _transpose_backward(g, saved, parents):
    return (g.transpose(np.argsort(saved[0])),)


def _getitem_backward(g, saved, parents):
    shape, index = saved
    grad = np.zeros(shape, dtype=g.dtype)
    np.add.at(grad, index, g)  # unlike grad[index] += g, adds once per repeat of an index
    return (grad,)


def _exp_backward(g, saved, parents):
    return (g * saved[0],)


def _log_backward(g, saved, parents):
    return (g / saved[0],)


def _tanh_backward(g, saved, parents):
    (out,) = saved
    return (g * (1.0 - out * out),)


def _sigmoid_backward(g, saved, parents):
    (out,) = saved
    return (g * out * (1.0 - out),)


def _relu_backward(g, saved, parents):
    return (g * (saved[0] > 0.0),)


# ---- gradient check of a whole network ---------------------------------------------------------


@dataclass(frozen=True)
class GradientReport:
    """One :class:`~helpers.gradcheck.GradientCheck` line per parameter; truthy if all agree."""

    checks: tuple[GradientCheck, ...]

    def __str__(self) -> str:
        return "\n".join(str(check) for check in self.checks)

    __repr__ = __str__

    def __bool__(self) -> bool:
        return all(self.checks)


def check_gradients(
    loss_fn: Callable[[], Tensor],
    parameters: Mapping[str, Tensor] | Iterable[Tensor] | Any,
    h: float = 1e-6,
) -> GradientReport:
    """Backpropagation against finite differences for every entry of every parameter.

    ``loss_fn()`` recomputes the loss from the parameters' current values; ``parameters`` is a
    ``{name: Tensor}`` mapping, a list of Tensors, or a module with ``named_parameters()``.
    Costs two forward passes per parameter entry: meant for small networks.
    """
    if hasattr(parameters, "named_parameters"):
        parameters = parameters.named_parameters()
    if not isinstance(parameters, Mapping):
        parameters = {f"{p.label or 'param'}[{i}]": p for i, p in enumerate(parameters)}
    loss = loss_fn()
    loss.backward()
    analytic = {name: p.grad.copy() for name, p in parameters.items()}
    checks = []
    for name, p in parameters.items():
        numeric = numerical_gradient(lambda _: loss_fn().item(), p.data, h)
        checks.append(compare_gradients(name, analytic[name], numeric))
    return GradientReport(tuple(checks))
