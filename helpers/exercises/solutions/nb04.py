"""The worked solutions of notebook 04's exercises (see the package docstring)."""

from __future__ import annotations

from ..core import Worked

SOLUTIONS: dict[str, Worked] = {
    "04.1": Worked(
        solution=r"""
The neuron predicts $\hat y = w x = 3$, the error is $\hat y - y = 1$ and the loss
$L = (wx - y)^2 = 1$. By the chain rule (equation (1.1)), outer derivative times inner derivative:

$$\frac{\partial L}{\partial w} = 2\,(wx - y)\cdot x = 2 \cdot 1 \cdot 3 = 6.$$

The gradient is positive: increasing $w$ increases the loss, so the step goes the other way:

$$w \leftarrow w - \eta\,\frac{\partial L}{\partial w} = 1 - 0.05 \cdot 6 = 0.7.$$

Check: the new prediction is $0.7 \cdot 3 = 2.1$, error $0.1$, loss $0.01$, down from $1$.
""",
        answer_code="answer = 1 - 0.05 * 2 * (1 * 3 - 2) * 3",
    ),
    "04.2": Worked(
        solution=r"""
Gradient descent on a quadratic treats each direction on its own. Here
$\partial L/\partial w_1 = 6 w_1$, so a step gives
$w_1 \leftarrow w_1 - \eta \cdot 6 w_1 = (1 - 6\eta)\,w_1$, and
$\partial L / \partial w_2 = 0.5\,w_2$ gives $w_2 \leftarrow (1 - 0.5\,\eta)\,w_2$.

The curvatures are the second derivatives, $\lambda_1 = 6$ and $\lambda_2 = 0.5$ (not the
coefficients 3 and 0.25: $\frac{d^2}{dw^2}\,3w^2 = 6$). A direction shrinks only if
$|1 - \eta\lambda| < 1$, that is $\eta < 2/\lambda$. The steepest direction sets the limit:

$$\eta < \frac{2}{\lambda_{\max}} = \frac{2}{6} = \frac{1}{3}.$$
""",
        answer_code="answer = 2 / 6",
    ),
    "04.3": Worked(
        solution=r"""
On the bowl $L = \tfrac12(w_1^2 + 10 w_2^2)$ each step multiplies $w_1$ by $1 - \eta \cdot 1$
and $w_2$ by $1 - \eta \cdot 10$. With $\eta = 0.12$: $w_1$ shrinks by $0.88$ per step (after 50
steps by $0.88^{50} \approx 2\cdot 10^{-3}$, so not too small), and $w_2$ is multiplied by
$1 - 1.2 = -0.2$: it changes sign every step, a zig-zag across the valley that still shrinks
because $|-0.2| < 1$. So: **c**, too large (oscillating), since $1 < \eta\lambda_{\max} = 1.2 < 2$.
""",
        answer_code="""
answer = "c"
""",
    ),
    "04.4": Worked(
        solution=r"""
Momentum keeps a running velocity: each step the old velocity decays by the factor $\beta$ and
the new gradient is added; then the weights move against the velocity:

$$v \leftarrow \beta v + \nabla L(w), \qquad w \leftarrow w - \eta\, v.$$

With $\beta = 0$ this is plain gradient descent. Written with NumPy operations, the same function
works for a single number and for arrays of any shape. It must not forget the decay (then old
gradients count forever), the minus sign, or the order (step with the *new* velocity).
""",
        answer_code="""
def momentum_step(w, v, grad, lr, beta):
    v = beta * v + grad
    w = w - lr * v
    return w, v


answer = momentum_step
""",
    ),
}
