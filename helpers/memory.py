"""How much memory backpropagation needs: the intermediate results a graph keeps for backward.

Book §1.3: backpropagation works "storing intermediate results as it goes along". Every operation of
``helpers.Tensor`` saves the arrays its backward rule will read (the input of a layer for dW, the
output of a tanh for its derivative, ...), and they stay in memory until the graph is dropped.
:func:`stored_bytes` adds them up, so that the memory of a network can be measured against its
depth, and a trade such as recomputing them (checkpointing, notebook 07) can be checked.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.tensor import Tensor


def _arrays(saved: Any) -> list[np.ndarray]:
    """The NumPy arrays inside a backward rule's saved data (which may nest tuples)."""
    if isinstance(saved, np.ndarray):
        return [saved] if saved.ndim else []
    if isinstance(saved, tuple | list):
        return [a for item in saved for a in _arrays(item)]
    return []


def stored_bytes(root: Tensor) -> int:
    """Bytes of the arrays that the graph behind ``root`` keeps for its backward pass.

    Every array saved by an operation is counted once (an array saved by two operations, or a
    view of an array already counted, is not counted again). Parameters are not counted: they
    are in memory anyway, whether or not a graph is built. Inputs that are plain arrays are
    counted, as they are kept alive by the graph.
    """
    if not isinstance(root, Tensor):
        raise TypeError(f"stored_bytes needs a Tensor (a loss, say), got {type(root).__name__}")
    nodes, stack, seen = [], [root], {id(root)}
    while stack:
        node = stack.pop()
        nodes.append(node)
        for parent in node._parents:
            if parent is not None and id(parent) not in seen:
                seen.add(id(parent))
                stack.append(parent)
    parameters = {id(n.data) for n in nodes if n._backward is None}
    counted: set[int] = set()
    total = 0
    for node in nodes:
        for array in _arrays(node._saved):
            owner = array.base if isinstance(array.base, np.ndarray) else array
            if id(owner) in parameters or id(owner) in counted:
                continue
            counted.add(id(owner))
            total += owner.nbytes
    return total
