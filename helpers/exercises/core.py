"""The mechanism behind ``check(exercise_id, answer)``.

Every exercise of the series registers one *checker*: a function that receives the student's
answer and returns :class:`Feedback`. Checkers verify by computation where they can (re-deriving a
value, calling the student's function on fresh inputs, comparing with a numerical gradient), so an
answer in any correct form passes, and a wrong one is told *what* is wrong, with a hint.

Each exercise also carries its worked solution (markdown) and solution code, from which
``tools/build_appendix.py`` generates Appendix A, so that re-running the appendix proves every
answer right.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from numbers import Real
from typing import Any, Literal

import numpy as np

Status = Literal["open", "correct", "wrong"]
EXERCISE_ID = re.compile(r"^\d\d\.\d+$")


@dataclass(frozen=True)
class Feedback:
    """What a check says: open (not answered), correct, or wrong with an explanation and a hint."""

    status: Status
    message: str = ""
    hint: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "correct"


def correct(message: str = "") -> Feedback:
    return Feedback("correct", message)


def wrong(message: str, hint: str = "") -> Feedback:
    return Feedback("wrong", message, hint)


Checker = Callable[[Any], Feedback]


@dataclass(frozen=True)
class Exercise:
    """One registered exercise: its id ``NN.k``, title, checker and worked solution."""

    id: str
    title: str
    checker: Checker
    solution: str  # markdown: the worked reasoning shown in Appendix A
    answer_code: str  # Python that binds ``answer``; Appendix A runs it, then check(id, answer)
    setup_code: str = field(default="")  # optional code the answer needs (imports, data)

    def reference_answer(self) -> Any:
        """The ``answer`` that the worked solution binds (Appendix A runs the same code)."""
        namespace: dict[str, Any] = {}
        exec(compile(f"{self.setup_code}\n{self.answer_code}", self.id, "exec"), namespace)
        return namespace["answer"]


REGISTRY: dict[str, Exercise] = {}


def exercise(
    exercise_id: str, title: str, *, solution: str, answer_code: str, setup_code: str = ""
) -> Callable[[Checker], Checker]:
    """Register the decorated function as the checker of exercise ``exercise_id`` (``"01.2"``)."""
    if not EXERCISE_ID.match(exercise_id):
        raise ValueError(f"exercise id {exercise_id!r} is not of the form 'NN.k', e.g. '01.2'")

    def register(checker: Checker) -> Checker:
        if exercise_id in REGISTRY:
            raise ValueError(f"exercise {exercise_id} is registered twice")
        REGISTRY[exercise_id] = Exercise(
            exercise_id, title, checker, solution.strip(), answer_code.strip(), setup_code.strip()
        )
        return checker

    return register


def evaluate(exercise_id: str, answer: Any) -> Feedback:
    """Run the checker of ``exercise_id`` on ``answer`` and return its :class:`Feedback`."""
    if exercise_id not in REGISTRY:
        known = ", ".join(sorted(REGISTRY)) or "none"
        raise KeyError(f"there is no exercise {exercise_id!r}; the exercises are: {known}")
    if answer is Ellipsis:
        return Feedback(
            "open", "not answered yet: replace the ... with your answer and run this cell again."
        )
    try:
        return REGISTRY[exercise_id].checker(answer)
    except Exception as error:  # a student's function may raise anything: explain, don't crash
        return wrong(
            f"checking your answer raised {type(error).__name__}: {error}",
            "run your code on a small input by itself first and read the error message.",
        )


MARK = {"open": "…", "correct": "✔", "wrong": "✘"}
HEADLINE = {"open": "", "correct": "correct!", "wrong": "not yet."}


def report(exercise_id: str, feedback: Feedback) -> str:
    """What a check says, as text: a mark, the exercise, the verdict with its reason, a hint."""
    title = REGISTRY[exercise_id].title
    words = " ".join(w for w in (HEADLINE[feedback.status], feedback.message) if w)
    lines = [f"{MARK[feedback.status]} Exercise {exercise_id} ({title}): {words}"]
    if feedback.hint:
        lines.append(f"  Hint: {feedback.hint}")
    return "\n".join(lines)


def check(exercise_id: str, answer: Any) -> None:
    """Check a student's answer to exercise ``exercise_id`` and print what is right or wrong."""
    print(report(exercise_id, evaluate(exercise_id, answer)))


# ---------------------------------------------------------------------------------------------
# Building blocks for checkers.


def as_number(answer: Any, what: str = "your answer") -> float:
    """The answer as a float, or a TypeError that tells the student what was expected."""
    if isinstance(answer, bool) or not isinstance(answer, Real | np.floating | np.integer):
        if hasattr(answer, "data") and isinstance(answer.data, Real):
            raise TypeError(
                f"{what} is a {type(answer).__name__}; give its number instead, e.g. answer.data"
            )
        raise TypeError(f"{what} should be a number, but it is a {type(answer).__name__}")
    return float(answer)


def number_feedback(
    answer: Any,
    expected: float,
    *,
    what: str = "your answer",
    mistakes: Mapping[str, float] | None = None,
    hint: str = "",
    rtol: float = 1e-4,
    atol: float = 1e-6,
) -> Feedback:
    """Compare a numeric answer with ``expected``; recognise known mistakes by their value.

    ``mistakes`` maps an explanation ("you forgot the inner derivative g'(x)") to the value that
    mistake produces, so a wrong answer is told which step went wrong rather than just "False".
    """
    try:
        value = as_number(answer, what)
    except TypeError as error:
        return wrong(str(error), hint)
    if not math.isfinite(value):
        return wrong(f"{what} is {value}, which is not a finite number.", hint)
    if math.isclose(value, expected, rel_tol=rtol, abs_tol=atol):
        return correct(f"{what} = {value:.4g}.")
    for explanation, mistaken in (mistakes or {}).items():
        if math.isclose(value, mistaken, rel_tol=rtol, abs_tol=atol):
            return wrong(f"{what} = {value:.4g}: {explanation}", hint)
    if math.isclose(value, -expected, rel_tol=rtol, abs_tol=atol):
        return wrong(f"{what} = {value:.4g} has the wrong sign.", hint)
    return wrong(f"{what} = {value:.4g} is not right.", hint)


def choice_feedback(
    answer: Any, correct_choice: str, explanations: Mapping[str, str], hint: str = ""
) -> Feedback:
    """A multiple-choice answer (a letter such as ``"b"``); each wrong letter explains itself."""
    options = sorted({correct_choice, *explanations})
    if not isinstance(answer, str) or answer.strip().lower() not in options:
        return wrong(f"answer with one of the letters {', '.join(map(repr, options))}.", hint)
    letter = answer.strip().lower()
    if letter == correct_choice:
        return correct(explanations.get(letter, ""))
    return wrong(explanations[letter], hint)
