"""Exercises of notebook 03, Backpropagation (Book §1.3): one backward step, the order of the
backward pass, a gradient-descent step, and the cost of forward mode.

Each checker re-derives the right answer by computation (a backward pass with
:class:`helpers.Value`, counting the parameters of a network, applying a student's update to
fresh parameters) and recognises the usual mistakes.
"""

from __future__ import annotations

import math
from typing import Any

from ..scalar import Value, topological_order
from ..scalar_nn import MLP
from .answers import as_numbers
from .core import (
    Feedback,
    as_number,
    call,
    correct,
    exercise,
    function_feedback,
    number_feedback,
    wrong,
)
from .feedback import shown

# -- 03.1 ---------------------------------------------------------------------------------------

N_VALUE = 0.8813735870195432  # tanh(n) = 1/√2, so the local derivative 1 − tanh²(n) is 0.5
UPSTREAM = -1.6  # ∂L/∂o, given


def tanh_backward_step(n: float = N_VALUE, upstream: float = UPSTREAM) -> float:
    """∂L/∂n for o = tanh(n) when ∂L/∂o = ``upstream``: one backward step with helpers.Value."""
    node = Value(n)
    o = node.tanh()
    L = o * upstream  # a loss whose gradient with respect to o is exactly `upstream`
    L.backward()
    return node.grad


@exercise(
    "03.1",
    "One backward step by hand",
    hints=(
        "one backward step is upstream × local. The upstream gradient is given; what is the local"
        " derivative of tanh?",
        "the local derivative of tanh is 1 − o², computed from the output o that the forward pass"
        " stored.",
    ),
)
def check_tanh_step(answer: Any) -> Feedback:
    o = math.tanh(N_VALUE)
    return number_feedback(
        answer,
        tanh_backward_step(),
        what="∂L/∂n",
        mistakes={
            "that is the upstream gradient alone; multiply it by the local derivative "
            "1 − o².": UPSTREAM,
            "that is the local derivative 1 − o² alone; multiply it by the upstream "
            "gradient −1.6.": 1 - o * o,
            "the local derivative of tanh is 1 − o², not o itself.": UPSTREAM * o,
            "the local derivative is 1 − o² with the OUTPUT o = 0.7071, not 1 − n² with the "
            "input n.": UPSTREAM * (1 - N_VALUE**2),
            "you forgot to square: the local derivative is 1 − o².": UPSTREAM * (1 - o),
            "you applied tanh twice: o = 0.7071 is already tanh(n), so the local derivative is "
            "1 − o², not 1 − tanh(o)².": UPSTREAM * (1 - math.tanh(o) ** 2),
        },
        hint="one backward step = upstream × local, and the local derivative of tanh is 1 − o².",
    )


# -- 03.2 ---------------------------------------------------------------------------------------

CHAIN_PARAMETERS = ("w1", "w2", "w3")


def gradient_order() -> list[str]:
    """The parameters of out = w3·tanh(w2·tanh(w1·x)) in the order the backward pass gives
    them their gradient: the reverse topological sweep, each node passing to its parents."""
    x = Value(0.5, label="x")
    w1, w2, w3 = (
        Value(v, label=n) for v, n in zip((0.8, -1.3, 2.1), CHAIN_PARAMETERS, strict=True)
    )
    out = w3 * (w2 * (w1 * x).tanh()).tanh()
    received = []
    for node in reversed(topological_order(out)):
        for parent in node.parents:
            if parent.label in CHAIN_PARAMETERS and parent.label not in received:
                received.append(parent.label)
    return received


@exercise(
    "03.2",
    "Which gradient comes first?",
    hints=(
        "the backward pass starts at the output. Which weight is used by the last operation of "
        "the forward pass?",
    ),
)
def check_gradient_order(answer: Any) -> Feedback:
    hint = "the backward pass starts at the output: which weight is used by the last operation?"
    if (
        not isinstance(answer, tuple | list)
        or len(answer) != 2
        or not all(isinstance(a, str) for a in answer)
    ):
        return wrong('give two names, first and last, e.g. answer = ("w2", "w3").', hint)
    first, last = (a.strip().lower() for a in answer)
    unknown = [a for a in (first, last) if a not in CHAIN_PARAMETERS]
    if unknown:
        return wrong(f"{shown(unknown[0])} is not a parameter; choose from w1, w2, w3.", hint)
    order = gradient_order()
    if (first, last) == (order[0], order[-1]):
        return correct(
            f"the backward pass gives {' → '.join(order)}: the last layer's weight first, "
            "the first layer's weight last (Book §1.3)."
        )
    if (first, last) == (order[-1], order[0]):
        return wrong(
            "that is the order of the forward pass. The backward pass runs the other way, "
            "starting at the output.",
            hint,
        )
    if first == last:
        return wrong("the first and the last cannot be the same weight.", hint)
    wrong_parts = [
        f"{what} is not {given}"
        for what, given, right in (("the first", first, order[0]), ("the last", last, order[-1]))
        if given != right
    ]
    return wrong(" and ".join(wrong_parts) + ".", hint)


# -- 03.3 ---------------------------------------------------------------------------------------

# (data, grad) of the parameters the student's step is tried on, and the learning rate.
STEP_CASES = ((0.5, 2.0), (-1.25, -0.4), (3.0, 0.0), (0.0, 1.5))
STEP_LEARNING_RATE = 0.1


def _fresh_parameters() -> list[Value]:
    params = [Value(data) for data, _ in STEP_CASES]
    for p, (_, grad) in zip(params, STEP_CASES, strict=True):
        p.grad = grad
    return params


@exercise(
    "03.3",
    "Fix the training step",
    hints=(
        "the gradient ∂L/∂p points in the direction in which the loss grows fastest. Which way "
        "should a training step move p?",
        "gradient descent takes a small step against the gradient, scaled by the learning rate, "
        "and writes it into p.data.",
    ),
)
def check_descent_step(answer: Any) -> Feedback:
    lr = STEP_LEARNING_RATE
    hint = "which way does the gradient point: towards a larger loss, or a smaller one?"
    feedback = function_feedback(
        answer,
        name="gradient_descent_step",
        cases=[((_fresh_parameters(), lr), f"parameters {STEP_CASES} and learning rate {lr}")],
        reference=lambda params, lr: [d - lr * g for d, g in STEP_CASES],
        outcome=lambda args, returned: [
            as_number(p.data, "a parameter's data after your step") for p in args[0]
        ],
        right=f"every parameter moved by −{lr} × its gradient: downhill, against the gradient.",
        hint=hint,
        mistakes=[
            (
                "your step goes uphill: the gradient points where the loss grows.",
                lambda params, lr: [d + lr * g for d, g in STEP_CASES],
            ),
            (
                "the parameters did not change: assign to p.data (rebinding p or returning a "
                "new list leaves the parameters as they were), and use p.grad before you set it "
                "to 0, not after.",
                lambda params, lr: [d for d, _ in STEP_CASES],
            ),
            (
                "you forgot to multiply the gradient by the learning rate.",
                lambda params, lr: [d - g for d, g in STEP_CASES],
            ),
            (
                "you subtracted the learning rate alone: the step depends on the gradient too.",
                lambda params, lr: [d - lr for d, _ in STEP_CASES],
            ),
            (
                "you replaced the data by the step; the step is taken from where p already is.",
                lambda params, lr: [-lr * g for _, g in STEP_CASES],
            ),
        ],
    )
    if feedback.ok:  # setting p.grad to 0 after the step is standard practice; anything else is not
        params = _fresh_parameters()
        call(answer, params, lr, name="your gradient_descent_step", returns=False)
        grads = [p.grad for p in params]
        if any(g not in (0.0, grad) for g, (_, grad) in zip(grads, STEP_CASES, strict=True)):
            return wrong(
                f"the data is right, but your step also set p.grad to {shown(grads)}; leave "
                "p.grad as it is (or set it to 0 once it is used, as zero_grad() does).",
                hint,
            )
    return feedback


# -- 03.4 ---------------------------------------------------------------------------------------


def mlp_parameter_count() -> int:
    """The number of parameters of MLP([2, 16, 16, 1]), counted from the network itself."""
    return len(MLP([2, 16, 16, 1], seed=0).parameters())


@exercise(
    "03.4",
    "Count the passes",
    hints=(
        "forward mode seeds one parameter per pass. How many parameters does the network have?",
        "a central difference evaluates the loss twice per parameter; reverse mode needs one "
        "backward pass in all.",
    ),
)
def check_pass_counts(answer: Any) -> Feedback:
    hint = "forward mode seeds one parameter per pass; a central difference evaluates f twice."
    answer = as_numbers(
        answer,
        3,
        "(forward-mode passes, finite-difference evaluations, reverse-mode backward passes)",
    )
    n = mlp_parameter_count()
    checks = [
        number_feedback(
            answer[0],
            n,
            what="forward-mode passes",
            count=True,
            mistakes={
                "one forward-mode pass gives the derivative with respect to ONE parameter, "
                "the one seeded with derivative 1.": 1,
                "that is the count for central finite differences; forward mode needs one "
                "pass per parameter.": 2 * n,
            },
        ),
        number_feedback(
            answer[1],
            2 * n,
            what="finite-difference evaluations",
            count=True,
            mistakes={
                "that counts one evaluation at the parameter p itself too; the central "
                "difference uses only p + h and p − h, twice per parameter.": 2 * n + 1,
                f"a central difference evaluates the loss twice per parameter, at p + h and "
                f"p − h: 2 × {n}.": n,
                f"that counts one-sided differences (n + 1); the central difference needs "
                f"2 × {n}.": n + 1,
            },
        ),
        number_feedback(
            answer[2],
            1,
            what="reverse-mode backward passes",
            count=True,
            mistakes={
                f"one backward pass gives the derivatives with respect to all {n} parameters "
                "at once.": n,
                "that counts the forward pass too; the question asks for backward passes.": 2,
            },
        ),
    ]
    problems = [c.message for c in checks if not c.ok]
    if problems:
        return wrong(" ".join(problems), hint)
    return correct(
        f"{n} parameters: forward mode {n} passes, finite differences {2 * n} evaluations, "
        "reverse mode 1 backward pass."
    )
