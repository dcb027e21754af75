"""Exercises of notebook 03, Backpropagation (Book §1.3): one backward step, the order of the
backward pass, a gradient-descent step, and the cost of forward mode.

Each checker re-derives the right answer by computation (a backward pass with
:class:`helpers.Value`, counting the parameters of a network, applying a student's update to
fresh parameters) and recognises the usual mistakes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ..scalar import Value, topological_order
from ..scalar_nn import MLP
from .core import Feedback, as_number, correct, exercise, number_feedback, wrong

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
    solution=r"""
One backward step is upstream × local (equation (1.1)). The upstream gradient is
$\partial L/\partial o = -1.6$. The local derivative of $o = \tanh(n)$ is
$1 - \tanh^2(n) = 1 - o^2$, computed from the output $o = 0.7071$ that the forward pass stored:
$1 - 0.7071^2 = 0.5$. So

$$\frac{\partial L}{\partial n} = \frac{\partial L}{\partial o} \cdot (1 - o^2)
= -1.6 \times 0.5 = -0.8.$$
""",
    answer_code="answer = -1.6 * (1 - 0.7071067811865476**2)",
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
        },
        hint="one backward step = upstream × local, and the local derivative of tanh is 1 − o².",
        rtol=1e-3,  # hand work with the rounded o = 0.7071 or n = 0.8814 is fine
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
    solution=r"""
**First `w3`, last `w1`.** The backward pass starts at the output, $\partial\,\text{out}/\partial
\text{out} = 1$, and visits the nodes in reverse topological order. The first operation it meets
is the last one computed, $\text{out} = w_3 \cdot h_2$, which hands `w3` its gradient
$h_2$ at once. `w2` must wait until $\partial\,\text{out}/\partial h_2$ has passed back through
tanh, and `w1` until the gradient has travelled all the way back to the first layer. This is
Book §1.3: "the gradient of the final layer of weights being calculated first and the gradient
of the first layer of weights being calculated last".
""",
    answer_code='answer = ("w3", "w1")',
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
        return wrong(f"{unknown[0]!r} is not a parameter; choose from w1, w2, w3.", hint)
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


def _matches(params: Sequence[Value], rule) -> bool:
    return all(
        math.isclose(p.data, rule(data, grad), rel_tol=1e-9, abs_tol=1e-12)
        for p, (data, grad) in zip(params, STEP_CASES, strict=True)
    )


@exercise(
    "03.3",
    "Fix the training step",
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
    answer_code="""def gradient_descent_step(parameters, learning_rate):
    for p in parameters:
        p.data -= learning_rate * p.grad


answer = gradient_descent_step""",
)
def check_descent_step(answer: Any) -> Feedback:
    hint = "for each p: p.data -= learning_rate * p.grad"
    if not callable(answer):
        return wrong("give your function itself: answer = gradient_descent_step.", hint)
    params = _fresh_parameters()
    answer(params, STEP_LEARNING_RATE)
    for p in params:
        try:
            as_number(p.data, "a parameter's data after your step")
        except TypeError as error:
            return wrong(str(error), hint)
    lr = STEP_LEARNING_RATE
    if _matches(params, lambda d, g: d - lr * g):
        if [p.grad for p in params] != [g for _, g in STEP_CASES]:
            return wrong("the data is right, but your step also changed p.grad; leave it.", hint)
        return correct(
            f"every parameter moved by −{lr} × its gradient: downhill, against the gradient."
        )
    diagnoses = [
        (
            lambda d, g: d + lr * g,
            "your step goes uphill: the gradient points where the loss grows, so subtract it.",
        ),
        (lambda d, g: d, "the parameters did not change: assign to p.data, e.g. p.data -= ..."),
        (lambda d, g: d - g, "you forgot to multiply the gradient by the learning rate."),
        (lambda d, g: d - lr, "you subtracted the learning rate alone; multiply it by p.grad."),
        (lambda d, g: -lr * g, "you replaced the data by the step; subtract the step from it."),
    ]
    for rule, explanation in diagnoses:
        if _matches(params, rule):
            return wrong(explanation, hint)
    p, (data, grad) = params[0], STEP_CASES[0]
    return wrong(
        f"a parameter with data {data} and grad {grad} ended at {p.data:.4g}, but a step with "
        f"learning rate {lr} should give {data - lr * grad:.4g}.",
        hint,
    )


# -- 03.4 ---------------------------------------------------------------------------------------


def mlp_parameter_count() -> int:
    """The number of parameters of MLP(2, [16, 16, 1]), counted from the network itself."""
    return len(MLP(2, [16, 16, 1]).parameters())


@exercise(
    "03.4",
    "Count the passes",
    solution=r"""
`MLP(2, [16, 16, 1])` has $2 \cdot 16 + 16 + 16 \cdot 16 + 16 + 16 + 1 = 337$ parameters.

- **Forward mode**: one pass with dual numbers gives the derivative with respect to *one*
  parameter (the one whose derivative part was seeded with 1), so the full gradient needs
  **337** passes.
- **Central finite differences**: two evaluations of the loss per parameter,
  $L(\theta + h e_i)$ and $L(\theta - h e_i)$: **674**.
- **Reverse mode** (backpropagation): one forward pass that stores the intermediates, then
  **1** backward pass gives all 337 derivatives at once.
""",
    answer_code="answer = (337, 674, 1)",
)
def check_pass_counts(answer: Any) -> Feedback:
    hint = "forward mode seeds one parameter per pass; a central difference evaluates f twice."
    if not isinstance(answer, tuple | list) or len(answer) != 3:
        return wrong(
            "give three numbers: (forward-mode passes, finite-difference evaluations, "
            "reverse-mode backward passes).",
            hint,
        )
    n = mlp_parameter_count()
    checks = [
        number_feedback(
            answer[0],
            n,
            what="forward-mode passes",
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
            mistakes={
                f"a central difference evaluates the loss twice per parameter, at θ + h and "
                f"θ − h: 2 × {n}.": n,
                f"that counts one-sided differences (n + 1); the central difference needs "
                f"2 × {n}.": n + 1,
            },
        ),
        number_feedback(
            answer[2],
            1,
            what="reverse-mode backward passes",
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
