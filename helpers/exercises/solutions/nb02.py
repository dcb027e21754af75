"""The worked solutions of notebook 02's exercises (see the package docstring)."""

from __future__ import annotations

from ..core import Worked

SOLUTIONS: dict[str, Worked] = {
    "02.1": Worked(
        solution=r"""
Name the intermediate nodes: $u = x \cdot y = -3$, $v = u - z = -7$, $K = v \cdot w = -21$.
Walk back from $K$ (where $\partial K/\partial K = 1$), multiplying upstream × local at every step
(equation (1.1)):

| node | upstream × local | gradient |
|---|---|---|
| $w$ | $1 \cdot v$ | $-7$ |
| $v$ | $1 \cdot w$ | $3$ |
| $z$ | $\partial K/\partial v \cdot (-1) = 3 \cdot (-1)$ | $-3$ |
| $u$ | $\partial K/\partial v \cdot 1$ | $3$ |
| $x$ | $\partial K/\partial u \cdot y = 3 \cdot (-2)$ | $-6$ |
| $y$ | $\partial K/\partial u \cdot x = 3 \cdot 1.5$ | $4.5$ |

Check: $K = (xy - z)w$, so $\partial K/\partial x = yw = -6$. ✓
""",
        answer_code="""
answer = {"x": -6.0, "y": 4.5, "z": -3.0, "w": -7.0}
""",
    ),
    "02.2": Worked(
        solution=r"""
$q = p \cdot p = p^2$, so the true derivative is $dq/dp = 2p = -6$.

The first class's `_backward` for `*` runs two assignments: `self.grad = other.data * out.grad`
gives $-3 \cdot 1 = -3$, then `other.grad = self.data * out.grad` gives $-3 \cdot 1 = -3$ again.
Both `self` and `other` are the same node `p`, so the second assignment *replaces* the first:
`p.grad` ends at $-3$, half the true value. Each use of `p` should add its share:
$-3 + (-3) = -6$, which is what `+=` does.
""",
        answer_code="answer = (-3.0, -6.0)  # (what the class with = prints, the true dq/dp)",
    ),
    "02.3": Worked(
        solution=r"""
$\text{out} = a / b = a \cdot b^{-1}$. Holding $b$ fixed, $a/b$ is $a$ times the constant
$1/b$, so $\partial\,\text{out}/\partial a = 1/b$. Holding $a$ fixed, the power rule on $b^{-1}$
gives $\partial\,\text{out}/\partial b = a \cdot (-1) \cdot b^{-2} = -a/b^2$.

The checker compared both with finite differences at several points; e.g. at $a = 3, b = 2$:
$(0.5, -0.75)$.
""",
        answer_code="""
def div_local_grads(a, b):
    return 1 / b, -a / b**2


answer = div_local_grads
""",
    ),
    "02.4": Worked(
        solution=r"""
**(b).** The chain rule, equation (1.1), multiplies the *local* derivative by the *upstream*
gradient `out.grad`. The first line adds only the local derivative `other.data`:

```python
self.grad += other.data * out.grad
```

The bug hides when `out` is the final output, because then `out.grad = 1`. In
$L = (a \cdot b + c) \cdot f$ the product $e = a \cdot b$ receives `e.grad = −2`, and the buggy
line gives `a.grad = −3` instead of $-3 \cdot (-2) = 6$. `+=` is right (a node used twice adds
up both shares), and the second line's `self.data` is right (∂(a·b)/∂b = a).
""",
        answer_code="""
answer = "b"
""",
    ),
}
