"""The worked solutions of notebook 00's exercises (see the package docstring)."""

from __future__ import annotations

from ..core import Worked

SOLUTIONS: dict[str, Worked] = {
    "00.1": Worked(
        solution=r"""
**(b).** A layer without tanh is the affine map $h \mapsto hW + b$ (a point is a row $h$). Put two
of them one after the other and you get

$$(xW_1 + b_1)W_2 + b_2 = x\,(W_1W_2) + (b_1W_2 + b_2),$$

which is again one matrix times $x$ plus one shift. By the same step, ten such layers are one map
$x \mapsto xA + a$ with $A = W_1W_2\cdots W_{10}$. An affine map moves, turns, stretches and shears
the plane, but it never bends it: straight lines stay straight. So a straight line separates the
classes after the stack no better than it did before it (exactly as well if $A$ can be undone,
worse if $A$ flattens the plane onto a line), and the interleaved moons stay interleaved. Notebook
00 checks this in code with ten layers of random weights: the one map $xA + a$ gives the same
points as the ten layers, and the best straight line gets 89.5% of the points right after them, as
on the input.
""",
        answer_code="""
answer = "b"
""",
    ),
    "00.2": Worked(
        solution=r"""
**(1, 4).** Read the table (or the panels' titles) row by row. On the input the best straight line
gets 89.5% of the points right; after layer 1 it gets 100%, so layer 1 already separates the
classes. The spreads (each class's average distance from its centre) are 0.74 and 0.75 on the input
and 0.85 and 0.78 after layer 1: separated, but not yet clumped. They fall to about 0.2 after
layers 2 and 3, where each class is a thin but long stretch of the diagonal, and only after layer 4
are both below 0.1 (0.03 and 0.04): each class one tight clump in its corner. Separating the
classes and collapsing each class are different things, done by different layers: the last layers
turn "where the point was" into "which class it is".
""",
        answer_code="""
answer = (1, 4)
""",
    ),
    "00.3": Worked(
        solution=r"""
**(4, 2, 27).** Each line of the diagram is one weight. Between $h_1$ and $h_2$ a line runs from
each of the 2 units of $h_1$ to each of the 2 units of $h_2$: $2 \times 2 = 4$ lines, the entries
of $W_2$, whose shape is (inputs, outputs) = (2, 2). The biases are not drawn, but each unit of
$h_2$ adds its own: $b_2$ has 2 numbers. Every hidden layer has the same 4 + 2 = 6 parameters, so
the four hidden layers have 24, and the score $s = h_4 w + c$ adds its 2 weights $w$ and its one
bias $c$: $24 + 3 = 27$ parameters in all. (The inputs $x_1, x_2$ have no bias: they are given, not
computed.)
""",
        answer_code="""
answer = (4, 2, 27)
""",
    ),
}
