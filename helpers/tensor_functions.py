"""Functions of several tensors: elementwise maximum and minimum, where, concatenate and stack.

Each builds one node of the graph with :func:`helpers.tensor.op_result`, and its backward rule
(in :mod:`helpers.tensor_rules`) hands every input the part of the upstream gradient that came
from it: the chosen entry for ``maximum``/``minimum``/``where``, its own slice for ``concatenate``
and ``stack``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers import tensor_checks as checks
from helpers import tensor_rules as rules
from helpers import validate
from helpers.tensor import Tensor, _data, _elementwise, op_result  # the engine's own operand rules


def maximum(a: Any, b: Any) -> Tensor:
    """The larger of a and b, entry by entry; the gradient goes to the larger (half on a tie)."""
    return _elementwise(a, b, "maximum")


def minimum(a: Any, b: Any) -> Tensor:
    """The smaller of a and b, entry by entry; the gradient goes to the smaller (half on a tie)."""
    return _elementwise(a, b, "minimum")


def where(condition: Any, a: Any, b: Any) -> Tensor:
    """a where ``condition`` holds, b elsewhere (broadcast); the gradient follows the choice.

    ``condition`` is a boolean array, such as a comparison ``t > 0`` gives.
    """
    if isinstance(condition, Tensor) or np.asarray(condition).dtype != bool:
        raise TypeError(
            f"where needs a boolean condition such as t > 0, got {validate.shown(condition)}"
        )
    c = np.asarray(condition)
    x, y = _data(a, "where"), _data(b, "where")
    return op_result(np.where(c, x, y), "where", rules.where_backward, (c,), a, b)


def concatenate(tensors: Any, axis: int = 0) -> Tensor:
    """The tensors joined end to end along an existing ``axis``; each gets its slice of g back."""
    arrays = _operands(tensors, "concatenate")
    (axis,) = checks.axes(axis, arrays[0].ndim, "concatenate")
    try:
        out = np.concatenate(arrays, axis=axis)
    except ValueError:
        shapes = ", ".join(str(x.shape) for x in arrays)
        raise ValueError(
            f"concatenate(axis={axis}): shapes {shapes} differ off that axis"
        ) from None
    ends = np.cumsum([x.shape[axis] for x in arrays])
    return op_result(out, "concatenate", rules.concatenate_backward, (axis, ends), *tensors)


def stack(tensors: Any, axis: int = 0) -> Tensor:
    """The tensors, all of one shape, stacked along a new ``axis``; each gets its layer of g."""
    arrays = _operands(tensors, "stack")
    (axis,) = checks.axes(axis, arrays[0].ndim + 1, "stack")
    if len({x.shape for x in arrays}) > 1:
        shapes = ", ".join(str(x.shape) for x in arrays)
        raise ValueError(f"stack needs tensors of one shape, got {shapes}")
    out = np.stack(arrays, axis=axis)
    return op_result(out, "stack", rules.stack_backward, (axis,), *tensors)


def _operands(tensors: Any, op: str) -> list[np.ndarray]:
    if isinstance(tensors, Tensor | np.ndarray) or not isinstance(tensors, list | tuple):
        raise TypeError(f"{op} takes a list of tensors, got {validate.shown(tensors)}")
    if not tensors:
        raise ValueError(f"{op} needs at least one tensor, got an empty list")
    return [np.asarray(_data(t, op)) for t in tensors]
