"""The worked solutions of notebook 00's exercises (see the package docstring)."""

from __future__ import annotations

from ..core import Worked

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
}
