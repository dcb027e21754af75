"""The worked solutions of every exercise: the one place that gives answers away.

Appendix A is generated from these (``tools/build_appendix.py``), and ``hint(id)`` shows one as its
last tier. A student edition of ``helpers`` (a handout) deletes this file: every check still
verifies answers by computation, and the last hint then says where the worked solution is.
"""

from __future__ import annotations

from .core import Worked

SOLUTIONS: dict[str, Worked] = {
    "00.1": Worked(
        solution=r"""
**(b).** A layer without tanh is the affine map $h \mapsto Wh + b$. Put two of them one after the
other and you get

$$W_2(W_1x + b_1) + b_2 = (W_2W_1)\,x + (W_2b_1 + b_2),$$

which is again one matrix times $x$ plus one shift. By the same step, ten such layers are one map
$x \mapsto Ax + c$ with $A = W_{10}\cdots W_2W_1$. An affine map moves, turns, stretches and shears
the plane, but it never bends it: straight lines stay straight. So a straight line separates the
classes after the stack exactly as well as it did before it, and the interleaved moons stay
interleaved. Notebook 00 checks this in code with the weights of its trained network: the product of
the four matrices reproduces the whole linear stack, and a line still gets 87% right.
""",
        answer_code="""
answer = "b"
""",
    ),
    "01.1": Worked(
        solution=r"""
**(b) $h = 10^{-5}$.** Two errors pull in opposite directions.

* The *truncation* error of the central difference is about $\frac{h^2}{6}|f'''(x)|$: it comes from
  replacing the curve by a straight chord, and it shrinks as $h$ shrinks. For $\sin$ at $x = 1$ and
  $h = 0.1$ it is about $\frac{0.01}{6}\cos 1 \approx 10^{-3}$.
* The *rounding* error comes from the computer keeping only about 16 significant digits.
  $f(x+h)$ and $f(x-h)$ agree in their leading digits, and subtracting them leaves only the few
  digits in which they differ; each value carries an error of about $10^{-16}$, and dividing by
  $2h$ magnifies it to about $10^{-16}/h$. At $h = 10^{-10}$ that is already $10^{-6}$; at
  $h = 10^{-15}$ the difference is mostly noise.

The total is smallest where the two are about equal: $h^2 \approx 10^{-16}/h$, so
$h \approx 10^{-5}$ (the log-log plot of the notebook has its minimum there). That is why
`helpers.numerical_derivative` uses a step of $10^{-6}$, close to the best.
""",
        answer_code="""
answer = "b"
""",
    ),
    "01.2": Worked(
        solution=r"""
Write $y = f(g(x))$ with inner function $u = g(x) = x^2$ and outer function $f(u) = \sin u$.
Their derivatives are $g'(x) = 2x$ and $f'(u) = \cos u$. By the chain rule, equation (1.1),

$$\frac{dy}{dx} = f'(g(x)) \cdot g'(x) = \cos(x^2) \cdot 2x.$$

At $x = 1.5$: $u = 1.5^2 = 2.25$, so $\frac{dy}{dx} = \cos(2.25) \cdot 3 \approx -0.6282 \cdot 3
\approx -1.885$. The slope is negative: at $x = 1.5$ the curve $\sin(x^2)$ is going down, because
$u = 2.25$ is past the top of the sine at $u = \pi/2 \approx 1.57$. Note that $\cos$ is evaluated
at $u = 2.25$, not at $x = 1.5$, and that the angle is in radians (NumPy's `np.cos` always is).
""",
        answer_code="""
import numpy as np

answer = np.cos(1.5**2) * 2 * 1.5
""",
    ),
    "01.3": Worked(
        solution="""
Equation (1.1) says: evaluate the outer derivative at the inner *value* $u = g(x)$, then multiply
by the inner derivative at $x$:

```python
def chain_derivative(df, dg, g, x):
    u = g(x)                 # where the outer function is working
    return df(u) * dg(x)     # f'(g(x)) · g'(x)
```

The two common slips are `df(x) * dg(x)` (the outer slope read off at the wrong place) and
`df(g(x))` alone (the inner slope forgotten). The check calls the function on several pairs of
functions and points, so a formula that happens to work at one point does not pass.
""",
        answer_code="""
def chain_derivative(df, dg, g, x):
    u = g(x)
    return df(u) * dg(x)


answer = chain_derivative
""",
    ),
    "01.4": Worked(
        solution=r"""
Along a chain the local slopes **multiply** (equation (1.1), applied once per link). Ten slopes of
$0.25$ give

$$0.25^{10} = \frac{1}{4^{10}} = \frac{1}{1\,048\,576} \approx 9.5 \times 10^{-7}.$$

A nudge of the input by $0.001$ moves the output by about $10^{-9}$: the output barely notices the
input. This is the *vanishing gradient* problem of deep networks in miniature: $0.25$ is the
largest slope the sigmoid function ever has, so a chain of ten sigmoids always has a slope below
this, as the notebook shows.
""",
        answer_code="answer = 0.25**10",
    ),
    "01.5": Worked(
        solution=r"""
$z$ depends on $t$ along **two paths**, $t \to x \to z$ and $t \to y \to z$. Multiply the local
derivatives along each path, then add the paths:

$$\frac{dz}{dt} = \frac{\partial z}{\partial x}\frac{dx}{dt}
+ \frac{\partial z}{\partial y}\frac{dy}{dt}
= 2xy \cdot (-\sin t) + x^2 \cdot e^t.$$

At $t = 0.5$: $x = \cos 0.5 \approx 0.8776$, $y = e^{0.5} \approx 1.6487$, so

$$\frac{dz}{dt} \approx 2 \cdot 0.8776 \cdot 1.6487 \cdot (-0.4794) + 0.7702 \cdot 1.6487
\approx -1.3873 + 1.2698 \approx -0.1176.$$

The two paths almost cancel. Check: $z = \cos^2 t \cdot e^t$, and a central difference of that
function at $t = 0.5$ gives the same $-0.1176$.
""",
        answer_code="""
import numpy as np

t = 0.5
x, y = np.cos(t), np.exp(t)
answer = 2 * x * y * (-np.sin(t)) + x**2 * np.exp(t)
""",
    ),
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
$y = a \cdot a = a^2$, so the true derivative is $dy/da = 2a = -6$.

The first class's `_backward` for `*` runs two assignments: `self.grad = other.data * out.grad`
gives $-3 \cdot 1 = -3$, then `other.grad = self.data * out.grad` gives $-3 \cdot 1 = -3$ again.
Both `self` and `other` are the same node `a`, so the second assignment *replaces* the first:
`a.grad` ends at $-3$, half the true value. Each use of `a` should add its share:
$-3 + (-3) = -6$, which is what `+=` does.
""",
        answer_code="answer = (-3.0, -6.0)  # (what the class with = prints, the true dy/da)",
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

- **Forward mode**: one pass with dual numbers gives the derivative with respect to *one*
  parameter (the one whose derivative part was seeded with 1), so the full gradient needs
  **337** passes.
- **Central finite differences**: two evaluations of the loss per parameter,
  $L(\theta + h e_i)$ and $L(\theta - h e_i)$: **674**.
- **Reverse mode** (backpropagation): one forward pass that stores the intermediates, then
  **1** backward pass gives all 337 derivatives at once.
""",
        answer_code="answer = (337, 674, 1)",
    ),
    "04.1": Worked(
        solution=r"""
The neuron predicts $\hat y = w x = 3$, the error is $\hat y - t = 1$ and the loss
$L = (wx - t)^2 = 1$. By the chain rule (equation (1.1)), outer derivative times inner derivative:

$$\frac{\partial L}{\partial w} = 2\,(wx - t)\cdot x = 2 \cdot 1 \cdot 3 = 6.$$

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
and $w_2$ by $1 - \eta \cdot 10$. With $\eta = 0.15$: $w_1$ shrinks by $0.85$ per step (after 50
steps by $0.85^{50} \approx 3\cdot 10^{-4}$, so not too small), and $w_2$ is multiplied by
$1 - 1.5 = -0.5$: it changes sign every step, a zig-zag across the valley that still shrinks
because $|-0.5| < 1$. So: **c**, too large (oscillating), since $1 < \eta\lambda_{\max} = 1.5 < 2$.
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

The shapes alone fix where the transposes go: each gradient has its variable's shape.
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
For each row, $\partial L_n / \partial z_{nk} = p_{nk} - [k = y_n]$: the predicted probabilities
minus the one-hot target. The loss is the *mean* over the $N = 2$ rows, so every row is divided
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
    "06.1": Worked(
        solution=r"""
A layer that reads $n_{k-1}$ numbers and writes $n_k$ computes $h_k = \mathrm{act}(h_{k-1} W_k +
b_k)$, so $W_k$ has one row per input and one column per unit: $(n_{k-1}, n_k)$. For
`MLP([64, 32, 16, 10])` the sizes go 64 → 32 → 16 → 10, three layers of weights:

$$W_1: (64, 32), \qquad W_2: (32, 16), \qquad W_3: (16, 10).$$

(The biases have shapes $(32,)$, $(16,)$ and $(10,)$: one per unit.)
""",
        answer_code="answer = [(64, 32), (32, 16), (16, 10)]",
    ),
    "06.2": Worked(
        solution=r"""
Each layer has a weight matrix of (inputs × units) numbers and one bias per unit, so it has
$n_{k-1} n_k + n_k$ parameters:

- layer 1: $2 \cdot 16 + 16 = 48$;
- layers 2 to 6: $16 \cdot 16 + 16 = 272$ each, $5 \times 272 = 1360$;
- the output layer: $16 \cdot 3 + 3 = 51$.

In all $48 + 1360 + 51 = 1459$, the same as `sum(p.size for p in model.parameters())`.
""",
        answer_code="answer = (2 * 16 + 16) + 5 * (16 * 16 + 16) + (16 * 3 + 3)",
    ),
    "06.3": Worked(
        solution=r"""
**0, at every input.** The unit's input is $z = 0.5\,x_1 - x_2 - 3$. Over the square
$-1.2 \le x_1, x_2 \le 1.2$ it is largest at $x_1 = 1.2$, $x_2 = -1.2$, where it is
$0.6 + 1.2 - 3 = -1.2$: negative everywhere. So the unit outputs $\mathrm{ReLU}(z) = 0$ for every
input, and its slope there is 0: by the chain rule
$\partial\,\text{output}/\partial b = \mathrm{ReLU}'(z) \cdot 1 = 0$, and the same 0 multiplies
the gradients of $w_1$ and $w_2$. No gradient ever reaches this unit's weights, so training can
never bring it back: it is a *dead* unit.
""",
        answer_code="answer = 0",
    ),
    "06.4": Worked(
        solution=r"""
**B, C, A**: row B is layer 1, row C is layer 4, row A is layer 6.

A unit of layer 1 computes $\tanh(x_1 W_{1j} + x_2 W_{2j} + b_j)$: a function of the single
number $x_1 W_{1j} + x_2 W_{2j}$, which is constant along parallel straight lines. So every map of
layer 1 is a soft straight edge, and only row B is made of those. Each later layer mixes the edges
of the layer before and bends them a little more: row C's edges have gentle bends, while row A's
wind around the centre along the spiral arms, which takes the most layers of bending.
""",
        answer_code="""
answer = "BCA"
""",
    ),
    "06.5": Worked(
        solution="""
**(b).** The training loss falls towards zero while the test loss, after reaching its lowest point
early in training, climbs back up: the network keeps getting better at the 100 digits it sees and
worse at digits it has not seen. It is memorising the training set: it *overfits*. More training
data helps most (the 1000-digit run: 97% of the test digits right instead of 84%); L2
regularisation or stopping at the lowest test loss (*early stopping*) keep the test loss from
climbing.

(a) An underfitting network has a high *training* loss too. (c) Steps that are too large make the
*training* loss jump or grow; here it falls smoothly. (d) Training and test digits come from the
same collection, split at random: the test set is not harder, only unseen.
""",
        answer_code="""
answer = "b"
""",
    ),
    "07.1": Worked(
        solution=r"""
**V, E, S.** Going back one layer multiplies the gradient by the layer's activation slopes and by
its weights (transposed).

1. **Sigmoid with Xavier: vanishes.** Xavier keeps the weights' factor about 1, but every sigmoid
   slope is at most 0.25 (notebooks 01 and 06): 30 factors below a quarter leave less than
   $10^{-10}$ of the gradient at layer 1.
2. **ReLU with weights of standard deviation 1: explodes.** A unit adds up 64 inputs, each
   multiplied by a weight of size about 1, so every layer multiplies the signal's scale by about
   $\sqrt{64/2} \approx 5.7$ (the ReLU halves the variance): $5.7^{30} \approx 10^{22}$, forward and
   backward.
3. **tanh with Xavier: steady.** tanh has slope 1 at 0 and Xavier's variance $1/64$ keeps the
   weights' factor about 1, so each layer multiplies the gradient by roughly one.
""",
        answer_code="""
answer = "VES"
""",
    ),
    "07.2": Worked(
        solution=r"""
He initialisation draws every weight from a normal distribution with mean 0 and **variance**
$2/n_{\text{in}}$, that is standard deviation $\sqrt{2/n_{\text{in}}}$ (the code below).

Why: a unit's input $u = \sum_i a_i W_i$ has variance
$n_{\text{in}}\,\mathrm{Var}(W)\,E[a^2]$, and a ReLU keeps only the positive half of its input, so
$E[a^2] = \mathrm{Var}(u_{\text{before}})/2$. With $\mathrm{Var}(W) = 2/n_{\text{in}}$ the two
factors cancel and every layer passes on a signal of the same size: over 50 layers the
activations' scale stays near where it started, while with $1/n_{\text{in}}$ it halves in variance
at every layer ($2^{-25}$ in scale after 50 layers).
""",
        answer_code="""
def he_init(fan_in, fan_out, rng):
    return rng.normal(0.0, np.sqrt(2 / fan_in), size=(fan_in, fan_out))


answer = he_init
""",
        setup_code="import numpy as np",
    ),
    "07.3": Worked(
        solution=r"""
With $a = \tanh(u)$ the block computes $\text{out} = u + \alpha\,(a W + b)$. Backwards, with
upstream gradient $d\text{out}$:

- the branch is a layer scaled by $\alpha$ (notebook 05): $dW = \alpha\, a^\top d\text{out}$,
  $db = \alpha \sum_n d\text{out}_n$, and the gradient reaching $a$ is
  $\alpha\, d\text{out}\, W^\top$;
- through tanh: multiply by $\tanh'(u) = 1 - a^2$;
- the skip passes $d\text{out}$ to $u$ unchanged, and the two paths add (a variable used twice,
  notebook 02), as the code below writes out.

The `dout +` is the whole point: however small the branch's term becomes, $du$ keeps the upstream
gradient itself.
""",
        answer_code="""
def residual_backward(dout, u, W, alpha):
    a = np.tanh(u)
    du = dout + alpha * (dout @ W.T) * (1 - a**2)
    dW = alpha * a.T @ dout
    db = alpha * dout.sum(axis=0)
    return du, dW, db


answer = residual_backward
""",
        setup_code="import numpy as np",
    ),
    "07.4": Worked(
        solution=r"""
The activation. Eight sigmoid layers multiply the gradient by eight slopes of at most 0.25, so the
first layer gets about $10^{-7}$ of the gradient the last one gets, and with the same learning rate
its weights barely move: the loss stays at $\ln 3 = 1.10$, a uniform guess between three classes.
A larger learning rate does not help (the top layers would overshoot long before the bottom ones
move). Change the activation to one whose slope is about 1 where the units work:

- `{"activation": "relu", "init": "he"}`: slope exactly 1 for positive inputs, with the
  initialisation made for it; or
- `{"activation": "tanh", "init": "xavier"}`: slope 1 at 0, with Xavier.

Either trains to a low loss in the same 150 steps. (Residual connections help the sigmoid network
too, but slowly: the sigmoid is the bug.)
""",
        answer_code="""
answer = {"activation": "relu", "init": "he", "residual": False}
""",
    ),
}
