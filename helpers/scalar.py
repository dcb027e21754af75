"""A scalar reverse-mode autodiff engine: :class:`Value`, backpropagation (Book §1.3) in code.

Read this first. A :class:`Value` holds one real number, ``data``, and after ``out.backward()``
its ``grad``: ∂out/∂(this number). The forward pass happens in the operations: ``a * b`` computes
the product *and* its local derivatives, ∂(a·b)/∂a = b and ∂(a·b)/∂b = a, and stores both, with
its parents ``a`` and ``b``, in the new Value. The backward pass is :meth:`Value.backward`: it
visits the nodes from the output back and applies the chain rule, equation (1.1), one multiply
and one add per edge. Read ``Value.__mul__`` (one operation), then ``Value.backward`` (the chain
rule), then :func:`topological_order` (the order the chain rule needs); every other operation has
the shape of ``__mul__``.

Each node stores how it was made as plain data:

- ``parents``: the Values it was computed from (numbers like the ``2.0`` in ``a * 2.0`` are
  constants, not nodes, so ``a * 2.0`` has the single parent ``a``);
- ``op``: the name of the operation;
- ``local_grads``: ∂node/∂parent for each parent, as floats, computed in the forward pass.

Because a node stores numbers and its parents, not a closure that refers back to the node (as
micrograd's ``_backward`` does), a graph holds no reference cycles: it is freed by reference
counting as soon as its output is. Nothing here recurses, so a chain of a million operations works.

The full list of ``op`` names, with the local derivatives each node stores::

    op         node            local_grads (one per Value parent)
    ""         a leaf          ()                      (made with Value(...))
    "+"        a + b           1, 1
    "-"        a - b           1, −1
    "*"        a * b           b, a
    "/"        a / b           1/b, −a/b²
    "**"       a ** b          b·a^(b−1), a^b·ln a     (the second only for a Value exponent)
    "neg"      −a              −1
    "abs"      |a|             1 if a > 0, −1 if a < 0, 0 at a = 0 (as PyTorch does)
    "sqrt"     √a              1/(2√a)                 (for a > 0)
    "exp"      e^a             e^a
    "log"      ln a            1/a
    "tanh"     tanh a          1 − tanh² a
    "sigmoid"  σ(a)            σ(a)·(1 − σ(a))         σ(a) = 1 / (1 + e^−a)
    "relu"     max(0, a)       1 if a > 0 else 0       (0 at a = 0, as PyTorch does)
    "sin"      sin a           cos a
    "cos"      cos a           −sin a
    "dot"      b + Σ wᵢ·xᵢ     1 for b, xᵢ for wᵢ, wᵢ for xᵢ   (see :func:`dot`: a whole neuron)
    "sum"      Σ aᵢ            1 for each aᵢ            (see :func:`vsum`)

A constant operand only changes the numbers: ``a - 3`` has parents ``(a,)`` and local grads
``(1.0,)``; ``3 - a`` has ``(−1.0,)``; ``3 / a`` has ``(−3/a²,)``; ``2 ** a`` has ``(2^a·ln 2,)``.

A graph records one forward pass: its local gradients were computed from the ``data`` of that
moment. After changing a leaf's ``data`` (as a gradient-descent step does), build the graph anew.
What counts as bad input, and the error it gets, is said in :func:`_number`.
"""

from __future__ import annotations

import itertools
import math
import numbers
import operator
import reprlib
from collections.abc import Iterable, Sequence

Number = int | float


class Value:
    """One real number in a computation graph, with the gradient backpropagation gives it.

    ``data`` is the number and ``grad`` is ∂out/∂self after ``out.backward()`` (0.0 before). Both
    are plain attributes, so an optimiser writes ``p.data -= lr * p.grad`` (they are not
    re-checked on assignment). ``label`` names the node in printouts and drawings. ``parents``,
    ``op`` and ``local_grads`` say how the node was computed (see the module docstring for every
    op).

    ``<``, ``<=``, ``>`` and ``>=`` compare the numbers, so ``max(values)`` and
    ``sorted(values)`` work (and return the Values themselves). ``==`` and ``hash`` do not: they
    go by identity, so that Values can be kept in sets and dicts as nodes, and two nodes holding
    the same number are two nodes (``a <= b and a >= b`` does not make ``a == b``).

    >>> x = Value(3.0, label="x")
    >>> y = x * x + 2 * x     # dy/dx = 2x + 2
    >>> y.backward()
    >>> x.grad
    8.0
    """

    # A fixed set of attributes: smaller and faster nodes, and a typo (v.dta = 1) is an error.
    # __weakref__ lets a test watch a graph being freed.
    __slots__ = (
        "__weakref__",
        "_local_grads",
        "_op",
        "_parents",
        "_serial",
        "data",
        "grad",
        "label",
    )

    # NumPy scalars on the left (np.float64(2) * v) hand the operation over to Value instead of
    # trying to make an array of it.
    __array_ufunc__ = None

    def __init__(self, data: Number, label: str = "") -> None:
        if isinstance(data, Value):
            raise TypeError(
                f"Value(...) got a Value ({data!r}); use it directly, "
                "or Value(v.data) for a new leaf holding the same number"
            )
        if not isinstance(label, str):
            raise TypeError(f"label must be a str, got {type(label).__name__} {label!r}")
        self.data = _number(data, "Value(data)")
        self.grad = 0.0
        self.label = label
        self._parents: tuple[Value, ...] = ()
        self._op = ""
        self._local_grads: tuple[float, ...] = ()
        self._serial = _next_serial()  # creation number: see topological_order

    # -- the graph, read-only ------------------------------------------------------------------

    @property
    def parents(self) -> tuple[Value, ...]:
        """The Values this node was computed from (empty for a leaf); repeated if used twice."""
        return self._parents

    @property
    def op(self) -> str:
        """The operation that made this node: "" for a leaf, else one of the module's op names."""
        return self._op

    @property
    def local_grads(self) -> tuple[float, ...]:
        """∂self/∂parent for each of ``parents``, in the same order, from the forward pass."""
        return self._local_grads

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    # -- arithmetic: each operation computes its value and its local derivatives -----------------

    def __add__(self, other: Value | Number) -> Value:
        """a + b: ∂/∂a = 1 and ∂/∂b = 1."""
        if isinstance(other, Value):
            return _node(self.data + other.data, "+", (self, other), (1.0, 1.0))
        return _node(self.data + _constant(other, "+"), "+", (self,), (1.0,))

    def __radd__(self, other: Number) -> Value:
        """c + a for a number c (this is what makes ``sum(values)`` work, starting from 0)."""
        return _node(_constant(other, "+") + self.data, "+", (self,), (1.0,))

    def __sub__(self, other: Value | Number) -> Value:
        """a − b: ∂/∂a = 1 and ∂/∂b = −1."""
        if isinstance(other, Value):
            return _node(self.data - other.data, "-", (self, other), (1.0, -1.0))
        return _node(self.data - _constant(other, "-"), "-", (self,), (1.0,))

    def __rsub__(self, other: Number) -> Value:
        """c − a for a number c: ∂/∂a = −1."""
        return _node(_constant(other, "-") - self.data, "-", (self,), (-1.0,))

    def __mul__(self, other: Value | Number) -> Value:
        """a · b: ∂/∂a = b and ∂/∂b = a (each factor's slope is the other factor)."""
        if isinstance(other, Value):
            return _node(self.data * other.data, "*", (self, other), (other.data, self.data))
        c = _constant(other, "*")
        return _node(self.data * c, "*", (self,), (c,))

    def __rmul__(self, other: Number) -> Value:
        """c · a for a number c: ∂/∂a = c."""
        c = _constant(other, "*")
        return _node(c * self.data, "*", (self,), (c,))

    def __truediv__(self, other: Value | Number) -> Value:
        """a / b: ∂/∂a = 1/b and ∂/∂b = −a/b²."""
        if isinstance(other, Value):
            b = _nonzero_divisor(other.data)
            return _node(self.data / b, "/", (self, other), (1.0 / b, -self.data / (b * b)))
        c = _nonzero_divisor(_constant(other, "/"))
        return _node(self.data / c, "/", (self,), (1.0 / c,))

    def __rtruediv__(self, other: Number) -> Value:
        """c / a for a number c: ∂/∂a = −c/a²."""
        c = _constant(other, "/")
        a = _nonzero_divisor(self.data)
        return _node(c / a, "/", (self,), (-c / (a * a),))

    def __pow__(self, other: Value | Number) -> Value:
        """a ** n: ∂/∂a = n·a^(n−1). With a Value exponent b also ∂/∂b = a^b·ln a (needs a > 0).

        ``a ** 0`` is 1 with slope 0 everywhere, at a = 0 too (n·a^(n−1) would be 0·∞ there).
        A negative base takes integer powers only: ``(−2) ** 3`` is −8 with slope 12.
        """
        if isinstance(other, Value):
            return _value_power(self, other)
        n = _constant(other, "**")
        a = _real_power_base(self.data, n)
        local = n * _checked_power(a, n - 1) if n != 0 else 0.0
        return _node(_checked_power(a, n), "**", (self,), (local,))

    def __rpow__(self, other: Number) -> Value:
        """c ** b for a number c > 0: ∂/∂b = c^b·ln c."""
        c = _constant(other, "**")
        if not c > 0:
            raise ValueError(
                f"{c!r} ** Value: a Value exponent needs a positive base, because the derivative "
                "with respect to the exponent is c^b·ln c and ln c needs c > 0"
            )
        value = _checked_power(c, self.data)
        return _node(value, "**", (self,), (value * math.log(c),))

    def __neg__(self) -> Value:
        """−a: ∂/∂a = −1."""
        return _node(-self.data, "neg", (self,), (-1.0,))

    # -- comparisons: on the numbers, no graph (== stays identity: see the class docstring) ----

    def __lt__(self, other: Value | Number) -> bool:
        return self.data < _compared(other, "<")

    def __le__(self, other: Value | Number) -> bool:
        return self.data <= _compared(other, "<=")

    def __gt__(self, other: Value | Number) -> bool:
        return self.data > _compared(other, ">")

    def __ge__(self, other: Value | Number) -> bool:
        return self.data >= _compared(other, ">=")

    # -- functions -----------------------------------------------------------------------------

    def abs(self) -> Value:
        """|a|: slope 1 where a > 0 and −1 where a < 0; at the kink a = 0 we take 0 (as PyTorch)."""
        a = self.data
        return _node(abs(a), "abs", (self,), (1.0 if a > 0 else -1.0 if a < 0 else 0.0,))

    __abs__ = abs  # so that the built-in abs(v) works too

    def sqrt(self) -> Value:
        """√a for a > 0: d/da √a = 1/(2√a), infinite at a = 0, so a = 0 is refused too."""
        a = self.data
        if a < 0:
            raise ValueError(
                f"sqrt({a!r}): a negative number has no real square root; "
                "keep the input ≥ 0 (e.g. square it, or use abs, first)"
            )
        if a == 0:
            raise ZeroDivisionError(
                "sqrt(0.0): the value is 0 but the derivative 1/(2√a) divides by zero at a = 0; "
                "keep the input away from 0 (e.g. add a small positive number)"
            )
        root = math.sqrt(a)
        return _node(root, "sqrt", (self,), (0.5 / root,))

    def exp(self) -> Value:
        """e^a, which is its own derivative: d/da e^a = e^a."""
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise OverflowError(
                f"exp({self.data!r}) is beyond the largest float (about 1.8e308; exp overflows "
                "for inputs above 709.78); shift the input down first (as log-sum-exp does), "
                "or use sigmoid/tanh, which are computed stably"
            ) from None
        return _node(e, "exp", (self,), (e,))

    def log(self) -> Value:
        """ln a, the natural logarithm, for a > 0: d/da ln a = 1/a."""
        a = self.data
        if not a > 0:
            raise ValueError(
                f"log({a!r}): the logarithm is defined only for positive numbers; "
                "make sure the input is > 0 (e.g. add a small epsilon to a probability)"
            )
        return _node(math.log(a), "log", (self,), (1.0 / a,))

    def tanh(self) -> Value:
        """tanh a = (e^a − e^−a)/(e^a + e^−a): d/da tanh a = 1 − tanh² a (0 where it is flat)."""
        t = math.tanh(self.data)
        return _node(t, "tanh", (self,), (1.0 - t * t,))

    def sigmoid(self) -> Value:
        """σ(a) = 1/(1 + e^−a): dσ/da = σ(a)·(1 − σ(a)).

        Computed as e^a/(1 + e^a) for a < 0, so e^(−a) is never formed for a very negative a and
        nothing overflows: sigmoid(−1000) is 0.0 and sigmoid(1000) is 1.0, both with gradient 0.
        """
        a = self.data
        if a >= 0:
            s = 1.0 / (1.0 + math.exp(-a))
        else:
            e = math.exp(a)
            s = e / (1.0 + e)
        return _node(s, "sigmoid", (self,), (s * (1.0 - s),))

    def relu(self) -> Value:
        """max(0, a): slope 1 where a > 0 and 0 elsewhere (at the kink a = 0 we take 0)."""
        if self.data > 0:
            return _node(self.data, "relu", (self,), (1.0,))
        return _node(0.0, "relu", (self,), (0.0,))

    def sin(self) -> Value:
        """sin a: d/da sin a = cos a."""
        return _node(math.sin(self.data), "sin", (self,), (math.cos(self.data),))

    def cos(self) -> Value:
        """cos a: d/da cos a = −sin a."""
        return _node(math.cos(self.data), "cos", (self,), (-math.sin(self.data),))

    # -- backpropagation -----------------------------------------------------------------------

    def backward(self) -> None:
        """Set ``node.grad`` to ∂self/∂node for every node this Value depends on (Book §1.3).

        The chain rule, equation (1.1), along every path. The output's own gradient is 1; then
        the nodes are visited from the output backwards (reversed :func:`topological_order`):
        every user of a node comes after it in that order, so before it in the sweep, and a
        node's grad is complete before it is passed on. Each node adds ``local_grad × node.grad``
        to each parent's grad, so a node used twice (``a + a``) gets the sum of both uses.

        Each call recomputes from scratch: it first sets the grad of every node it reaches to 0.
        Calling it twice gives the same gradients, and two outputs' gradients never add up.
        (PyTorch and micrograd add to ``.grad`` instead; see ``Module.zero_grad``.) Nodes it
        cannot reach keep whatever grad they had.
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            grad = node.grad
            # zip's strict=True would cost a third of this loop; the tuples are made together.
            for parent, local in zip(node._parents, node._local_grads):  # noqa: B905
                parent.grad += local * grad


def topological_order(root: Value) -> list[Value]:
    """Every node ``root`` depends on, once each, each after all of its parents, ``root`` last.

    An operation needs its operands before it can run, so every node is made after its parents,
    and the order in which the nodes were made is already a topological order. So: collect the
    nodes reachable from ``root`` (with an explicit stack, no recursion, so depth is no limit),
    then sort them by their creation number. The order is deterministic: for
    ``c = a * b; d = c + a`` it is ``[a, b, c, d]``.
    """
    if not isinstance(root, Value):
        raise TypeError(f"topological_order needs a Value, got {type(root).__name__}")
    seen = {root}  # Values hash by identity
    stack = [root]
    while stack:
        for parent in stack.pop()._parents:
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return sorted(seen, key=operator.attrgetter("_serial"))


def dot(
    weights: Sequence[Value | Number], inputs: Sequence[Value | Number], bias: Value | Number = 0.0
) -> Value:
    """b + Σᵢ wᵢ·xᵢ as ONE node with op "dot": the weighted sum a neuron computes.

    It is the same number as ``bias + w[0]*x[0] + w[1]*x[1] + ...`` (added in that order), with
    the same derivatives, ∂/∂b = 1, ∂/∂wᵢ = xᵢ and ∂/∂xᵢ = wᵢ, but one node with many parents
    instead of 2n nodes, which makes networks several times faster to build and backpropagate.
    The parents are the Values among ``bias, w[0], x[0], w[1], x[1], ...`` in that order; plain
    numbers among them are constants.
    """
    weights, inputs = list(weights), list(inputs)
    if len(weights) != len(inputs):
        raise ValueError(
            f"dot needs as many weights as inputs, got {len(weights)} weights and "
            f"{len(inputs)} inputs"
        )
    parents: list[Value] = []
    local_grads: list[float] = []
    if isinstance(bias, Value):
        total = bias.data
        parents.append(bias)
        local_grads.append(1.0)
    else:
        total = _constant(bias, "dot")
    for w, x in zip(weights, inputs, strict=True):
        w_data = w.data if isinstance(w, Value) else _constant(w, "dot")
        x_data = x.data if isinstance(x, Value) else _constant(x, "dot")
        total += w_data * x_data
        if isinstance(w, Value):
            parents.append(w)
            local_grads.append(x_data)
        if isinstance(x, Value):
            parents.append(x)
            local_grads.append(w_data)
    return _node(total, "dot", tuple(parents), tuple(local_grads))


def vsum(terms: Iterable[Value | Number]) -> Value:
    """Σᵢ aᵢ as ONE node with op "sum" (∂/∂aᵢ = 1 for each): e.g. the total of many losses.

    The same number as ``sum(terms)`` (added left to right), but one node instead of a chain.
    """
    total = 0.0
    parents: list[Value] = []
    for term in terms:
        if isinstance(term, Value):
            total += term.data
            parents.append(term)
        else:
            total += _constant(term, "vsum")
    return _node(total, "sum", tuple(parents), (1.0,) * len(parents))


# -- making nodes, and checking the numbers that go into them ------------------------------------

_next_serial = itertools.count().__next__  # 0, 1, 2, ...: the order in which nodes are made


def _node(
    data: float, op: str, parents: tuple[Value, ...], local_grads: tuple[float, ...]
) -> Value:
    """A computed Value; like ``Value(data)`` but without re-checking a number we just computed."""
    node = Value.__new__(Value)  # an empty Value: __init__ (and its checks) does not run
    node.data = data
    node.grad = 0.0
    node.label = ""
    node._parents = parents
    node._op = op
    node._local_grads = local_grads
    node._serial = _next_serial()
    return node


def _number(x: object, where: str) -> float:
    """``x`` as a finite float, or an error that names it and says what to do.

    The rules for numbers, for leaves and constants alike:

    - Values and constants are Python ``float`` (ints, NumPy scalars and fractions are
      converted). ``bool`` is refused: ``True * a`` is almost always a mistake. So are strings,
      ``None``, arrays and complex numbers (TypeError).
    - They must be finite: a NaN or an infinity at the door means something upstream already
      went wrong, and this is the place that can name it (ValueError).
    - ``+ − ×`` then follow float arithmetic, so they overflow to ±inf past about 1.8e308, as any
      float code does. The operations whose math breaks down raise an error that names the value
      instead: ``log`` of a number ≤ 0, ``sqrt`` of a negative number and ``**`` with no real
      result (ValueError); division by zero, including ``0 ** n`` for n < 0, and the infinite
      slope of ``sqrt`` and of ``** n`` for 0 < n < 1 at 0 (ZeroDivisionError); ``exp`` or
      ``**`` beyond the largest float (OverflowError).
    - ``tanh`` and ``sigmoid`` are computed stably: finite values and gradients for any finite
      input, ``tanh(±1000) = ±1`` with gradient 0, ``sigmoid(−1000) = 0``, and no warnings.
    """
    if isinstance(x, bool):
        raise TypeError(
            f"{where} got the bool {x!r}; booleans are not accepted as numbers here "
            "(it is usually a mistake); write 1.0 or 0.0 if you mean a number"
        )
    if not isinstance(x, numbers.Real):
        raise TypeError(
            f"{where} needs a real number (int or float), got {type(x).__name__} "
            f"{reprlib.repr(x)}; convert it first, e.g. with float(...)"
        )
    try:
        value = float(x)
    except OverflowError:
        raise OverflowError(f"{where} got {reprlib.repr(x)}, too large for a float") from None
    if not math.isfinite(value):
        raise ValueError(
            f"{where} needs a finite number, got {value!r}; a NaN or infinity here means "
            "something upstream already went wrong (an overflow, a 0/0): find where it appears"
        )
    return value


def _constant(x: object, op: str) -> float:
    """A plain number used as an operand of ``op`` (a constant, not a node), as a float."""
    if type(x) is float and math.isfinite(x):
        return x
    try:
        return _number(x, f"the operation '{op}' with a Value")
    except TypeError as error:
        raise TypeError(
            f"{error}; a Value combines only with another Value, an int or a float"
        ) from None


def _compared(other: object, op: str) -> float:
    """The number a Value is compared with: another Value's data, or a plain number."""
    return other.data if isinstance(other, Value) else _constant(other, op)


def _nonzero_divisor(b: float) -> float:
    if b == 0:
        raise ZeroDivisionError(
            "division by zero: the divisor is 0.0; a / b and its derivative −a/b² are undefined "
            "there, so keep the divisor away from 0"
        )
    return b


def _real_power_base(a: float, n: float) -> float:
    """``a``, if ``a ** n`` and its slope n·a^(n−1) are real and finite; else the reason why not."""
    if a < 0 and not n.is_integer():
        raise ValueError(
            f"({a!r}) ** {n!r}: a negative number to a non-integer power is not a real "
            "number; keep the base positive (e.g. square it first) or use an integer power"
        )
    if a == 0 and n < 1 and n != 0:
        trouble = "the value" if n < 0 else "the derivative n·a^(n−1)"
        raise ZeroDivisionError(
            f"0.0 ** {n!r}: {trouble} divides by zero at a = 0; "
            "keep the base away from 0 (e.g. add a small positive number)"
        )
    return a


def _checked_power(a: float, b: float) -> float:
    try:
        return a**b
    except OverflowError:
        base = f"({a!r})" if a < 0 else repr(a)
        raise OverflowError(
            f"{base} ** {b!r} is beyond the largest float (about 1.8e308); scale the numbers down"
        ) from None


def _value_power(base: Value, exponent: Value) -> Value:
    """a ** b with both Values: ∂/∂a = b·a^(b−1) and ∂/∂b = a^b·ln a, so a must be positive."""
    a, b = base.data, exponent.data
    if not a > 0:
        raise ValueError(
            f"({a!r}) ** Value: a Value exponent needs a positive base, because the derivative "
            "with respect to the exponent is a^b·ln a and ln a needs a > 0; if the exponent is "
            "a fixed number, write it as a plain number (a ** 2.0)"
        )
    value = _checked_power(a, b)
    local_base = b * _checked_power(a, b - 1)
    return _node(value, "**", (base, exponent), (local_base, value * math.log(a)))
