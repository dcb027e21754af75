"""Exercises of notebook 00 · Welcome (Book §1.1): what the nonlinearity between layers is for."""

from __future__ import annotations

from typing import Any

from .core import Feedback, choice_feedback, exercise


@exercise(
    "00.1",
    "Predict: ten layers without tanh",
    hints=(
        "write two layers without tanh one after the other, W2(W1 x + b1) + b2, and multiply out:"
        " what kind of map is the result?",
    ),
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
