"""The worked solutions of notebook 07's exercises (see the package docstring)."""

from __future__ import annotations

from ..core import Worked

SOLUTIONS: dict[str, Worked] = {
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
The activation. Eight sigmoid layers multiply the gradient by eight slopes of at most 0.25
($0.25^8 \approx 1.5 \cdot 10^{-5}$), so the first layer gets only a few times $10^{-5}$ of the
gradient the last one gets (as `at_start` measures), and with the same learning rate
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
