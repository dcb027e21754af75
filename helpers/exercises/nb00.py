"""Exercises of notebook 00 · Welcome (Book §1.1): what the nonlinearity between layers is for."""

from __future__ import annotations

from typing import Any

from .core import Feedback, choice_feedback, exercise

LINEAR_STACK_SOLUTION = r"""
**(b).** A layer without tanh is the affine map $h \mapsto Wh + b$. Put two of them one after the
other and you get

$$W_2(W_1x + b_1) + b_2 = (W_2W_1)\,x + (W_2b_1 + b_2),$$

which is again one matrix times $x$ plus one shift. By the same step, ten such layers are one map
$x \mapsto Ax + c$ with $A = W_{10}\cdots W_2W_1$. An affine map moves, turns, stretches and shears
the plane, but it never bends it: straight lines stay straight. So a straight line separates the
classes after the stack exactly as well as it did before it, and the interleaved moons stay
interleaved. Notebook 00 checks this in code with the weights of its trained network: the product of
the four matrices reproduces the whole linear stack, and a line still gets 87% right.
"""


@exercise(
    "00.1",
    "Predict: ten layers without tanh",
    solution=LINEAR_STACK_SOLUTION,
    answer_code='answer = "b"',
)
def check_linear_stack(answer: Any) -> Feedback:
    return choice_feedback(
        answer,
        "b",
        {
            "a": "more linear layers only multiply into one matrix, and one linear map cannot bend "
            "the moons apart, however many layers it is made of.",
            "b": "each linear layer is x ↦ Wx + b, and maps of that kind compose into one map of "
            "that kind: ten of them are one matrix (the product W10···W1) and one shift.",
            "c": "squeezing every number into (−1, 1) is what tanh does; without tanh nothing "
            "keeps the numbers small.",
            "d": "one layer *with* tanh bends the plane (look at the grey grid in the picture "
            "above); linear maps keep straight lines straight, so no stack of them bends anything.",
        },
        hint="write two linear layers one after the other, W2(W1 x + b1) + b2, and multiply out.",
    )
