"""The worked solutions of notebook B's exercises (see the package docstring)."""

from __future__ import annotations

from ..core import Worked

SOLUTIONS: dict[str, Worked] = {
    "B.1": Worked(
        solution=r"""
Each operator method builds a **new** `Vector` from the components and returns it; none of them
changes `self` or `other`, just as `1 + 2` leaves `1` alone:

```python
def __add__(self, other):      # a + b  calls  a.__add__(b)
    return Vector(self.x + other.x, self.y + other.y)

def __mul__(self, factor):     # v * 3  calls  v.__mul__(3)
    return Vector(factor * self.x, factor * self.y)

def __rmul__(self, factor):    # 3 * v: int's own * fails, so Python calls v.__rmul__(3)
    return self * factor
```

`__rmul__` is needed because `3 * v` asks the int `3` first; an int does not know how to multiply a
`Vector`, so Python then tries the right operand's `__rmul__`. Because each method returns a
`Vector`, expressions chain: `2 * (a + b) * 0.5` is `((a + b).__rmul__(2)).__mul__(0.5)`.
""",
        answer_code="""
class Vector:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return f"Vector({self.x}, {self.y})"

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def __mul__(self, factor):
        return Vector(factor * self.x, factor * self.y)

    def __rmul__(self, factor):
        return self * factor


answer = Vector
""",
    ),
    "B.2": Worked(
        solution=r"""
`scores.sum(axis=1, keepdims=True)` adds along each row and keeps the summed axis with size 1,
so the sums form a column of shape $(3, 1)$: $[[8], [10], [12]]$. Dividing the $(3, 3)$ array by
it stretches that column across the three columns, so every entry of row $i$ is divided by the
sum of row $i$:

```python
scores / scores.sum(axis=1, keepdims=True)
```

Without `keepdims` the sums have shape $(3,)$, and broadcasting lines a $(3,)$ up with the
*columns*: entry $[i, j]$ would be divided by the sum of row $j$. On this square array that runs
without an error and is silently wrong; `answer.sum(axis=1)` prints the check: all ones.
""",
        setup_code="""
import numpy as np

scores = np.array([[1.0, 3.0, 4.0], [2.0, 2.0, 6.0], [6.0, 1.0, 5.0]])
""",
        answer_code="""
answer = scores / scores.sum(axis=1, keepdims=True)
""",
    ),
    "B.3": Worked(
        solution=r"""
Line the shapes up at the right and compare axis by axis; a missing axis counts as size 1, and a
size 1 stretches to match the other:

| | left | right | result |
| --- | --- | --- | --- |
| (a) | (5, 3) | (3,) | (5, 3): the row is added to each of the 5 rows |
| (b) | (4, 1) | (3,) | (4, 3): the column stretches to 3 columns, the row to 4 rows |
| (c) | (2, 3) | (2,) | error: the last axes are 3 and 2, and neither is 1 |

For (c), NumPy raises `ValueError: operands could not be broadcast together`. To add one number
per *row* of a $(2, 3)$ array, give the numbers the shape $(2, 1)$, e.g. with `keepdims=True` or
`.reshape(2, 1)`.
""",
        answer_code="""
answer = [(5, 3), (4, 3), None]
""",
    ),
    "B.4": Worked(
        solution=r"""
Row $c$ of the identity matrix `np.eye(3)` is the one-hot row of class $c$: a 1 in column $c$,
zeros elsewhere. Indexing with the integer array `labels` picks those rows in order, one per label:

```python
np.eye(3)[labels]   # labels = [2, 0, 1, 2]
# [[0, 0, 1],
#  [1, 0, 0],
#  [0, 1, 0],
#  [0, 0, 1]]
```

The shape is $(n, k) = (4, 3)$: one row per label (points are rows, as everywhere in the
series), one column per class. A loop that sets `Y[i, labels[i]] = 1` in a matrix of zeros gives
the same matrix.
""",
        setup_code="""
import numpy as np

labels = np.array([2, 0, 1, 2])
""",
        answer_code="""
answer = np.eye(3)[labels]
""",
    ),
}
