"""The worked solutions of notebook 05's exercises (see the package docstring)."""

from __future__ import annotations

from ..core import Worked

SOLUTIONS: dict[str, Worked] = {
    "05.1": Worked(
        solution=r"""
A gradient has the shape of the variable it belongs to: $W$ is $(10, 3)$, so
$\partial L/\partial W$ is $(10, 3)$ too. The shapes also tell you the formula: from
$X$ $(64, 10)$ and $dY$ $(64, 3)$ the only product that gives $(10, 3)$ is
$X^\top dY$, $(10, 64) \times (64, 3)$: the batch axis of length 64 is summed over, one term per
example.
""",
        answer_code="answer = (10, 3)",
    ),
    "05.2": Worked(
        solution=r"""
$c$ has shape $(4, 1)$ and is added to $Y$ of shape $(4, 3)$: broadcasting copies each $c_n$
into all 3 columns of row $n$. Each copy passes its gradient back to the same $c_n$, so they add
up: $\partial L/\partial c_n = \sum_m dZ_{nm}$, a sum over the **columns**, kept in $c$'s shape:

```python
dc = dZ.sum(axis=1, keepdims=True)   # shape (4, 1): [[3.5], [2.0], [1.0], [1.5]]
```

Compare a bias $b$ of shape $(3,)$ added to every row: there the copies run down the rows and
the sum is over axis 0.
""",
        answer_code="""
dZ = np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0], [2.0, -2.0, 1.0], [0.5, 0.5, 0.5]])
answer = dZ.sum(axis=1, keepdims=True)
""",
        setup_code="import numpy as np",
    ),
    "05.3": Worked(
        solution=r"""
For $Y = XW + b$ with upstream gradient $dY$ (here `dout`), one entry at a time:
$Y_{nm} = \sum_d X_{nd} W_{dm} + b_m$, so

- $\partial L/\partial X_{nd} = \sum_m dY_{nm} W_{dm}$, that is `dx = dout @ W.T` $(N, D)$;
- $\partial L/\partial W_{dm} = \sum_n X_{nd}\, dY_{nm}$, that is `dW = x.T @ dout` $(D, M)$;
- $\partial L/\partial b_m = \sum_n dY_{nm}$, that is `db = dout.sum(axis=0)` $(M,)$: $b$ is
  added to every row, so its gradient sums over the batch.

The shapes alone fix where the transposes go: each gradient has its variable's shape. The
notebook's `affine_backward`, in the two-layer network, is this function with the cache `(x, W)`.
""",
        answer_code="""
def linear_backward(dout, x, W):
    dx = dout @ W.T
    dW = x.T @ dout
    db = dout.sum(axis=0)
    return dx, dW, db


answer = linear_backward
""",
    ),
    "05.4": Worked(
        solution=r"""
For each row, $\partial L_n / \partial z_{nk} = p_{nk} - [k = y_n]$, where the bracket
$[k = y_n]$ is 1 if $k = y_n$ and 0 otherwise: the predicted probabilities minus the one-hot
target. `np.eye(3)[targets]` builds the one-hot rows: row $k$ of the identity matrix is the
one-hot vector of class $k$. The loss is the *mean* over the $N = 2$ rows, so every row is divided
by 2:

$$\frac{\partial L}{\partial Z} = \frac{P - Y_{\text{one-hot}}}{N}.$$

Row 1: $p = \mathrm{softmax}(2, 1, 0.1) = (0.659, 0.242, 0.099)$, target 0, so
$(p - (1, 0, 0))/2 = (-0.170, 0.121, 0.050)$. Row 2 likewise with target 1. Each row of the
gradient sums to 0: raising all logits of a row together changes nothing.
""",
        answer_code="""
Z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
targets = np.array([0, 1])
P = softmax(Z).data
answer = (P - np.eye(3)[targets]) / len(Z)
""",
        setup_code="""
import numpy as np

from helpers.functional import softmax
""",
    ),
}
