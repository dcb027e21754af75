"""helpers.Tensor: reverse-mode automatic differentiation on whole NumPy arrays (Book §1.3).

The same idea as the scalar engine ``helpers.Value``, one level up. Each operation computes its
output with NumPy and, when one of its inputs needs a gradient, records three plain pieces of data
on the output: its **parents** (the input tensors), its **backward rule** (a module-level function
of :mod:`helpers.tensor_rules`) and the arrays the rule needs (**saved**). ``backward()`` then
applies the chain rule, equation (1.1), once per node, from the output back to the inputs::

    parent.grad += rule(node.grad, node.saved, node.parents)      # one term per path

Because a node refers only to its parents and to plain arrays, never to itself through a closure,
graphs contain no reference cycles and are freed by reference counting as soon as they are dropped.

A Tensor holds finite real numbers, as a ``Value`` does: NaN, ±inf and booleans are refused at the
door with a message naming the entry (the checks and messages are in :mod:`helpers.tensor_checks`).
A NumPy function given a Tensor (``np.tanh(t)``) raises a TypeError naming the method to use.
Comparisons (``t < 0.1``) give plain boolean arrays, which carry no gradient; ``==`` is identity,
as for any Python object (compare ``t.data`` instead).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from numbers import Real
from typing import Any

import numpy as np

from helpers import tensor_checks as checks
from helpers import tensor_rules as rules
from helpers import validate
from helpers.tensor_rules import ELEMENTWISE, Rule, unbroadcast


def _function(name: str) -> Callable[[Tensor], Tensor]:
    """The method ``t.name()`` of the elementwise function ``name`` (see ELEMENTWISE)."""

    def method(self: Tensor) -> Tensor:
        return _apply(self, name)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = ELEMENTWISE[name].doc
    return method


class Tensor:
    """An array of real numbers that remembers how it was computed, so it can be differentiated.

    ``Tensor(data, requires_grad=True, label="")`` copies ``data`` into a float64 array (float32
    input stays float32). Give ``requires_grad=False`` to data and targets: no gradient is computed
    for them, which saves work. After ``loss.backward()``, ``t.grad`` holds dL/dt for every tensor
    ``t`` the loss was computed from, an array of ``t``'s shape and dtype (zeros before a backward
    reaches t).
    """

    __slots__ = ("_backward", "_grad", "_parents", "_saved", "data", "label", "op", "requires_grad")

    def __init__(self, data: Any, requires_grad: bool = True, label: str = "") -> None:
        data = data.data if isinstance(data, Tensor) else data
        self.data: np.ndarray = checks.real_array(data, "Tensor(data)")  # a new array
        if not isinstance(requires_grad, bool | np.bool_):
            raise TypeError(
                f"Tensor(requires_grad) must be True or False, got {validate.shown(requires_grad)}"
            )
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
        self._grad = _gradient_array(value, self.data, "grad")

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

    def __bool__(self) -> bool:
        raise TypeError(
            "a Tensor has no truth value (if t: ... is ambiguous for an array); use .item() or "
            ".data: `if loss.item() < 0.1:`, or compare, `if (t < 0.1).all():`"
        )

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
        return _elementwise(self, other, "+")

    def __radd__(self, other: Any) -> Tensor:
        return _elementwise(other, self, "+")

    def __sub__(self, other: Any) -> Tensor:
        return _elementwise(self, other, "-")

    def __rsub__(self, other: Any) -> Tensor:
        return _elementwise(other, self, "-")

    def __mul__(self, other: Any) -> Tensor:
        return _elementwise(self, other, "*")

    def __rmul__(self, other: Any) -> Tensor:
        return _elementwise(other, self, "*")

    def __truediv__(self, other: Any) -> Tensor:
        return _elementwise(self, other, "/")

    def __rtruediv__(self, other: Any) -> Tensor:
        return _elementwise(other, self, "/")

    def __neg__(self) -> Tensor:
        return op_result(-self.data, "neg", rules.neg_backward, (), self)

    def __pow__(self, exponent: Any) -> Tensor:
        """x ** p: d/dx = p·x^(p−1). With a Tensor exponent also d/dp = x^p·ln x (needs x ≥ 0)."""
        if isinstance(exponent, Tensor | np.ndarray | list | tuple):
            return _elementwise(self, exponent, "**")
        p = validate.real("the exponent p of x ** p", exponent)
        checks.power_domain(self.data, p)
        return op_result(self.data**p, f"**{p:g}", rules.pow_backward, (self.data, p), self)

    def __rpow__(self, base: Any) -> Tensor:
        """c ** x for a number or array c ≥ 0: d/dx = c^x·ln c."""
        return _elementwise(base, self, "**")

    def __matmul__(self, other: Any) -> Tensor:
        return _matmul(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return _matmul(other, self)

    # ---- comparisons: plain boolean arrays, no gradient ----------------------------------------

    def __lt__(self, other: Any) -> np.ndarray:
        return np.less(self.data, _data(other, "compare"))

    def __le__(self, other: Any) -> np.ndarray:
        return np.less_equal(self.data, _data(other, "compare"))

    def __gt__(self, other: Any) -> np.ndarray:
        return np.greater(self.data, _data(other, "compare"))

    def __ge__(self, other: Any) -> np.ndarray:
        return np.greater_equal(self.data, _data(other, "compare"))

    # ---- NumPy functions ------------------------------------------------------------------------

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """``array + t`` and the other operators with an array on the left build the same node as
        ``t.__radd__``; any other NumPy function would lose the gradient, so it says what to use.
        """
        if method == "__call__" and not kwargs:
            if ufunc in _UFUNC_OPERATORS:
                return _elementwise(*inputs, _UFUNC_OPERATORS[ufunc])
            if ufunc is np.matmul:
                return _matmul(*inputs)
            if ufunc in _UFUNC_COMPARISONS:
                return ufunc(*(_data(x, "compare") for x in inputs))
        raise TypeError(checks.numpy_message(ufunc.__name__, _METHODS))

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        raise TypeError(checks.numpy_message(func.__name__, _METHODS))

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        raise TypeError(
            "NumPy was asked to turn a Tensor into an array, which would lose its gradient; use "
            "t.data for the numbers alone, or Tensor operations "
            "(helpers.tensor_functions.stack(tensors).mean()) to keep the gradient"
        )

    # ---- reductions ------------------------------------------------------------------------------

    def sum(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """Σ over ``axis`` (all entries when None). Each entry's gradient is the output's."""
        axes = checks.axes(axis, self.data.ndim, "sum")
        out = self.data.sum(axis=axes, keepdims=keepdims)
        return op_result(out, "sum", rules.sum_backward, (self.data.shape, axes, keepdims, 1), self)

    def mean(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """The average over ``axis``: a sum divided by the count n, so each gradient is 1/n."""
        axes = checks.axes(axis, self.data.ndim, "mean")
        if self.data.size == 0:
            raise ValueError(f"mean() of an empty tensor (shape {self.data.shape}) has no value")
        out = self.data.mean(axis=axes, keepdims=keepdims)
        count = self.data.size // out.size if out.size else 1
        return op_result(
            out, "mean", rules.sum_backward, (self.data.shape, axes, keepdims, count), self
        )

    def var(self, axis: int | tuple[int, ...] | None = None, ddof: int = 0) -> Tensor:
        """The variance mean((x − mean x)²) over ``axis``, divided by n − ddof instead of n.

        Built from mean, − and *, so its gradient, 2(x − mean x)/(n − ddof), comes from theirs.
        """
        ddof = validate.integer("ddof", ddof, minimum=0)
        axes = checks.axes(axis, self.data.ndim, "var")
        count = self.data.size if axes is None else math.prod(self.data.shape[a] for a in axes)
        if count <= ddof:
            raise ValueError(f"var(ddof={ddof}) needs more than {ddof} entries, got {count}")
        deviation = self - self.mean(axes, keepdims=True)
        return (deviation * deviation).sum(axes) / (count - ddof)

    def std(self, axis: int | tuple[int, ...] | None = None, ddof: int = 0) -> Tensor:
        """The standard deviation √var: its gradient is infinite where all entries are equal."""
        return self.var(axis, ddof).sqrt()

    def max(self, axis: int | None = None, keepdims: bool = False) -> Tensor:
        """The largest entry along ``axis`` (of all entries when None).

        The gradient goes to the entry that is the maximum; on a tie it all goes to the first of
        the tied entries (the one ``np.argmax`` picks), a valid subgradient.
        """
        return _extreme(self, axis, keepdims, np.argmax, "max")

    def min(self, axis: int | None = None, keepdims: bool = False) -> Tensor:
        """The smallest entry along ``axis``; the gradient goes to it (the first one on a tie)."""
        return _extreme(self, axis, keepdims, np.argmin, "min")

    # ---- shapes and indexing -------------------------------------------------------------------

    def reshape(self, *shape: int | tuple[int, ...]) -> Tensor:
        """The same entries in a new shape (-1 once: whatever size is left)."""
        if len(shape) == 1 and isinstance(shape[0], tuple | list):
            shape = tuple(shape[0])
        shape = tuple(validate.integer("a reshape length", n, minimum=-1) for n in shape)
        try:
            out = self.data.reshape(shape)
        except ValueError:
            raise ValueError(
                f"cannot reshape {self.data.shape} ({self.data.size} entries) into {shape}: "
                "the new shape must hold the same number of entries"
            ) from None
        return op_result(out, "reshape", rules.reshape_backward, (self.data.shape,), self)

    def flatten(self) -> Tensor:
        """All entries in one axis, row after row."""
        return self.reshape(-1)

    def squeeze(self, axis: int | tuple[int, ...] | None = None) -> Tensor:
        """The tensor without its axes of length 1 (only those named by ``axis``, if given)."""
        axes = checks.axes(axis, self.data.ndim, "squeeze")
        if axes is None:
            axes = tuple(i for i, n in enumerate(self.data.shape) if n == 1)
        if any(self.data.shape[a] != 1 for a in axes):
            raise ValueError(f"squeeze(axis={axis}): shape {self.data.shape} has no length 1 there")
        return self.reshape(tuple(n for i, n in enumerate(self.data.shape) if i not in axes))

    def expand_dims(self, axis: int) -> Tensor:
        """A new axis of length 1 at position ``axis`` (as ``np.expand_dims``)."""
        (axis,) = checks.axes(axis, self.data.ndim + 1, "expand_dims")
        return self.reshape((*self.data.shape[:axis], 1, *self.data.shape[axis:]))

    def transpose(self, *axes: int) -> Tensor:
        """The axes in the order ``axes`` (reversed when none are given, like ``.T``)."""
        if len(axes) == 1 and isinstance(axes[0], tuple | list):
            axes = tuple(axes[0])
        ndim = self.data.ndim
        order = tuple(validate.integer("a transpose axis", a) for a in axes)
        order = order or tuple(reversed(range(ndim)))
        in_range = [a % ndim for a in order if -ndim <= a < ndim]
        if len(order) != ndim or sorted(in_range) != list(range(ndim)):
            raise ValueError(
                f"cannot transpose {self.data.shape} with axes {axes}: give each of the "
                f"{ndim} axes 0..{ndim - 1} exactly once"
            )
        order = tuple(a % ndim for a in order)
        return op_result(
            self.data.transpose(order), "transpose", rules.transpose_backward, (order,), self
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
        return op_result(out, "getitem", rules.getitem_backward, (self.data.shape, index), self)

    # ---- elementwise functions (derivatives in tensor_rules.ELEMENTWISE) ------------------------

    exp = _function("exp")
    expm1 = _function("expm1")
    log = _function("log")
    log1p = _function("log1p")
    sqrt = _function("sqrt")
    sin = _function("sin")
    cos = _function("cos")
    abs = __abs__ = _function("abs")
    tanh = _function("tanh")
    sigmoid = _function("sigmoid")
    relu = _function("relu")

    def clip(self, low: float | None = None, high: float | None = None) -> Tensor:
        """x limited to [low, high] (None: no limit); the gradient is 1 strictly inside, else 0."""
        lo = -math.inf if low is None else validate.real("low", low, finite=False)
        hi = math.inf if high is None else validate.real("high", high, finite=False)
        if lo > hi:
            raise ValueError(f"clip needs low <= high, got low={lo:g} and high={hi:g}")
        out = np.clip(self.data, lo, hi)
        return op_result(out, "clip", rules.clip_backward, (self.data, lo, hi), self)

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
            seed = _gradient_array(grad, self.data, "backward(grad)")
        order = _reset_and_order(self)
        self._grad = seed
        owned = {self}  # tensors whose ._grad array is theirs alone, so += is safe
        for node in reversed(order):
            grads = node._backward(node._grad, node._saved, node._parents)
            for parent, grad_of_parent in zip(node._parents, grads, strict=True):
                if parent is not None:
                    _accumulate(parent, grad_of_parent, node._grad, owned)


def _accumulate(tensor: Tensor, grad: np.ndarray, upstream: np.ndarray, owned: set) -> None:
    """``tensor.grad += grad``, in the tensor's shape and dtype, copying only when it must.

    A rule may return ``upstream`` (its node's own gradient) or a view of it. Such a shared array
    is stored as it is on an inner node and copied only when something is added to it (copy on
    write); a leaf's ``.grad``, which the user receives, always gets its own array. ``owned`` holds
    the tensors whose ``._grad`` is theirs alone, where ``+=`` is safe.
    """
    if grad.shape != tensor.data.shape:
        grad = unbroadcast(grad, tensor.data.shape)
    if grad.dtype != tensor.data.dtype:
        grad = grad.astype(tensor.data.dtype)  # a float32 tensor gets a float32 gradient
    if tensor._grad is None:
        if grad is upstream or grad.base is not None:  # shared with another node
            if tensor._backward is not None:
                tensor._grad = grad
                return
            grad = grad.copy()
        tensor._grad = grad
        owned.add(tensor)
    elif tensor in owned:
        tensor._grad += grad
    else:
        tensor._grad = tensor._grad + grad
        owned.add(tensor)


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


def _gradient_array(value: Any, data: np.ndarray, what: str) -> np.ndarray:
    """``value`` as a new array of finite numbers with the shape and dtype of ``data``."""
    value = value.data if isinstance(value, Tensor) else value
    grad = validate.array(what, value, dtype=data.dtype, min_size=0).copy()
    if grad.shape != data.shape:
        raise ValueError(f"{what} must have its tensor's shape {data.shape}, got {grad.shape}")
    return grad


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


# ---- operands, checks and error messages ---------------------------------------------------------


def _data(x: Any, op: str) -> np.ndarray | float:
    """The numbers behind an operand: a Tensor's array, or a number/array used as a constant.

    A constant follows the Tensor policy (finite real numbers, no bool), except that a boolean
    *array* is a mask: ``t * (t > 0)`` keeps the positive entries.
    """
    if isinstance(x, Tensor):
        return x.data
    if (type(x) is float or type(x) is int) and -1e308 < x < 1e308:  # kept weak, as in NumPy
        return x
    if isinstance(x, np.ndarray) and x.dtype.kind == "b":
        return x
    if isinstance(x, bool | np.bool_):
        raise TypeError(f"cannot {op} a Tensor and the bool {x}; write 1.0 or 0.0")
    if isinstance(x, np.ndarray | Real | list | tuple):
        return checks.real_array(x, f"the constant in {op}", copy=False)
    raise TypeError(
        f"cannot {op} a Tensor and a {type(x).__name__}; use a Tensor, a number or an array"
    )


def _apply(x: Tensor, name: str) -> Tensor:
    """The node of the elementwise function ``name`` of :data:`ELEMENTWISE` at x."""
    function = ELEMENTWISE[name]
    if function.domain is not None:
        checks.require(x.data, function.domain(x.data), name, function.outside)
    out = function.f(x.data)
    kept = out if function.of == "y" else x.data
    return op_result(out, name, rules.elementwise_backward, (kept, function.derivative), x)


# symbol -> (verb for messages, NumPy function, backward rule)
_BINARY: dict[str, tuple[str, Any, Rule]] = {
    "+": ("add", np.add, rules.add_backward),
    "-": ("subtract", np.subtract, rules.sub_backward),
    "*": ("multiply", np.multiply, rules.mul_backward),
    "/": ("divide", np.divide, rules.div_backward),
    "**": ("raise", np.power, rules.power_backward),
    "maximum": ("take the maximum of", np.maximum, rules.maximum_backward),
    "minimum": ("take the minimum of", np.minimum, rules.minimum_backward),
}
_UFUNC_OPERATORS = {np.add: "+", np.subtract: "-", np.multiply: "*", np.true_divide: "/"}
_UFUNC_OPERATORS |= {np.power: "**", np.maximum: "maximum", np.minimum: "minimum"}
_UFUNC_COMPARISONS = (np.less, np.less_equal, np.greater, np.greater_equal)


def _elementwise(a: Any, b: Any, symbol: str) -> Tensor:
    name, function, rule = _BINARY[symbol]
    x, y = _data(a, name), _data(b, name)
    if symbol == "**" and isinstance(b, Tensor) and b.requires_grad:
        checks.power_domain(x, None)
    try:
        out = function(x, y)
    except ValueError:
        raise ValueError(checks.broadcast_message(name, symbol, np.shape(x), np.shape(y))) from None
    return op_result(out, symbol, rule, (x, y), a, b)


def _extreme(x: Tensor, axis: Any, keepdims: bool, arg: Any, op: str) -> Tensor:
    data = x.data
    if data.size == 0:
        raise ValueError(f"{op}() of an empty tensor (shape {data.shape}) has no value")
    if axis is None:
        index = arg(data)
        out = data.reshape(-1)[index].reshape((1,) * data.ndim if keepdims else ())
        return op_result(out, op, rules.extreme_backward, (data.shape, None, index), x)
    if isinstance(axis, tuple | list):
        raise ValueError(f"{op} takes one axis or None, got axis={axis}")
    (axis,) = checks.axes(axis, data.ndim, op)
    index = arg(data, axis=axis, keepdims=True)
    out = np.take_along_axis(data, index, axis=axis)
    out = out if keepdims else out.squeeze(axis)
    return op_result(out, op, rules.extreme_backward, (data.shape, axis, index), x)


def _matmul(a: Any, b: Any) -> Tensor:
    x, y = _data(a, "matmul"), _data(b, "matmul")
    try:
        out = np.matmul(x, y)
    except ValueError:
        raise ValueError(checks.matmul_message(np.shape(x), np.shape(y))) from None
    return op_result(out, "@", rules.matmul_backward, (x, y), a, b)


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


_METHODS = frozenset(name for name in dir(Tensor) if not name.startswith("_"))
