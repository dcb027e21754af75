"""The worked solutions of notebook 03's exercises (see the package docstring)."""

from __future__ import annotations

from ..core import Worked

SOLUTIONS: dict[str, Worked] = {
    "03.1": Worked(
        solution=r"""
One backward step is upstream × local (equation (1.1)). The upstream gradient is
$\partial L/\partial o = -1.6$. The local derivative of $o = \tanh(n)$ is
$1 - \tanh^2(n) = 1 - o^2$, computed from the output $o = 0.7071$ that the forward pass stored:
$1 - 0.7071^2 = 0.5$. So

$$\frac{\partial L}{\partial n} = \frac{\partial L}{\partial o} \cdot (1 - o^2)
= -1.6 \times 0.5 = -0.8.$$
""",
        answer_code="answer = -1.6 * (1 - 0.7071067811865476**2)",
    ),
    "03.2": Worked(
        solution=r"""
**First `w3`, last `w1`.** The backward pass starts at the output, $\partial\,\text{out}/\partial
\text{out} = 1$, and visits the nodes in reverse topological order. The first operation it meets
is the last one computed, $\text{out} = w_3 \cdot h_2$, which hands `w3` its gradient
$h_2$ at once. `w2` must wait until $\partial\,\text{out}/\partial h_2$ has passed back through
tanh, and `w1` until the gradient has travelled all the way back to the first layer. This is
Book §1.3: "the gradient of the final layer of weights being calculated first and the gradient
of the first layer of weights being calculated last".
""",
        answer_code="""
answer = ("w3", "w1")
""",
    ),
    "03.3": Worked(
        solution=r"""
The loop steps **uphill**: `p.data += learning_rate * p.grad` moves every parameter in the
direction of its gradient, which is the direction in which the loss *grows*. Gradient descent
moves against the gradient (Book §1.3: "the weights are updated using a gradient descent step"):

```python
def gradient_descent_step(parameters, learning_rate):
    for p in parameters:
        p.data -= learning_rate * p.grad
```

For a small enough learning rate this lowers the loss by about
$\text{learning rate} \times \sum_i (\partial L/\partial p_i)^2$.

Adding `p.grad = 0.0` after the update, as the loops of PyTorch and micrograd do, is accepted
too. Those libraries *add* each backward pass's gradients to `.grad`, so their loops must zero it;
`helpers.Value.backward()` sets every gradient to 0 before it starts, so here zeroing is harmless.
""",
        answer_code="""
def gradient_descent_step(parameters, learning_rate):
    for p in parameters:
        p.data -= learning_rate * p.grad


answer = gradient_descent_step
""",
    ),
    "03.4": Worked(
        solution=r"""
`MLP([2, 16, 16, 1])` has $2 \cdot 16 + 16 + 16 \cdot 16 + 16 + 16 + 1 = 337$ parameters.

- **Forward mode**: one pass carries the derivative with respect to *one* parameter along with
  every value (that parameter seeded with derivative 1, every other with 0), so the full gradient
  needs **337** passes. (Dual numbers do this automatically: Appendix C.)
- **Central finite differences**: two evaluations of the loss per parameter,
  $L(\theta + h e_i)$ and $L(\theta - h e_i)$: **674**.
- **Reverse mode** (backpropagation): one forward pass that stores the intermediates, then
  **1** backward pass gives all 337 derivatives at once.
""",
        answer_code="answer = (337, 674, 1)",
    ),
}
