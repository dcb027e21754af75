"""The worked solutions of notebook 06's exercises (see the package docstring)."""

from __future__ import annotations

from ..core import Worked

SOLUTIONS: dict[str, Worked] = {
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
}
