"""Reading a student's answer: numbers, arrays and letters, with one rule for "close enough".

The rule (:func:`close`) is the same for every exercise: an answer right to the digits a student
would reasonably write by hand, three significant figures, is right; one within a few per cent
is "close, give more digits"; anything else is wrong, and a checker then looks for the mistake
that produces it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from numbers import Complex, Real
from typing import Any, Literal

import numpy as np

from .feedback import Feedback, StudentMistake, correct, shown, wrong

SIGNIFICANT = 3  # the digits a hand-computed answer must have right
NEAR = 0.05  # within 5 %: "close, give more digits"

Closeness = Literal["exact", "rounded", "near", "far"]

__all__ = [
    "as_array",
    "as_number",
    "as_numbers",
    "choice_feedback",
    "close",
    "close_all",
    "number_feedback",
]


def close(
    value: float, expected: float, *, significant: int = SIGNIFICANT, scale: float | None = None
) -> Closeness:
    """How close ``value`` is to ``expected``, by the one rule of the series.

    ``"exact"``: equal up to floating-point rounding (relative 1e-9). ``"rounded"``: right to
    ``significant`` significant figures, i.e. within half a unit of the last of them (−1.88 for
    −1.8845, −0.118 for −0.11758). ``"near"``: within 5 %. ``"far"``: anything else. The figures
    are counted on ``scale`` when given (the largest entry of an array), else on ``expected``.
    """
    size = abs(expected) if scale is None else abs(scale)
    if math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-12 + 1e-9 * size):
        return "exact"
    if size == 0:
        return "rounded" if abs(value) < 0.5 * 10.0 ** (1 - significant) else "far"
    unit = 10.0 ** (math.floor(math.log10(size)) - significant + 1)
    error = abs(value - expected)
    if error <= 0.5 * unit * (1 + 1e-9):
        return "rounded"
    if error <= NEAR * size:
        return "near"
    return "far"


def close_all(values: Any, expected: Any, *, significant: int = SIGNIFICANT) -> Closeness:
    """:func:`close` for arrays: the verdict of the worst entry, its figures counted on the
    array's largest entry (so 0.013 in an array whose largest entry is 0.17 is judged to three
    decimals, as a student writing the array would); ``"far"`` if the shapes differ."""
    values, expected = np.asarray(values, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    if values.shape != expected.shape:
        return "far"
    order: list[Closeness] = ["exact", "rounded", "near", "far"]
    scale = float(np.max(np.abs(expected), initial=0.0))
    verdicts = [
        close(float(v), float(e), significant=significant, scale=scale)
        for v, e in zip(values.ravel(), expected.ravel(), strict=True)
    ]
    return max(verdicts, key=order.index, default="exact")


def as_number(answer: Any, what: str = "your answer") -> float:
    """The answer as a float, or StudentMistake saying what was expected instead.

    A NumPy scalar, a 0-d array or an array holding one number count as that number.
    """
    if isinstance(answer, np.ndarray) and answer.size == 1 and answer.dtype.kind in "iuf":
        answer = answer.reshape(()).item()
    if isinstance(answer, bool | np.bool_):
        raise _mistake(f"{what} should be a number, but it is {answer} (a truth value).")
    if isinstance(answer, Complex) and not isinstance(answer, Real):
        raise _mistake(
            f"{what} is the complex number {shown(answer)}; the answer is a real number."
        )
    if not isinstance(answer, Real):
        if isinstance(getattr(answer, "data", None), Real):
            raise _mistake(
                f"{what} is a {type(answer).__name__}; give its number instead, e.g. answer.data"
            )
        if isinstance(answer, np.ndarray):
            raise _mistake(
                f"{what} should be one number, but it is an array of shape {answer.shape}."
            )
        raise _mistake(f"{what} should be a number, but it is {_kind(answer)}.")
    try:
        value = float(answer)
    except OverflowError:
        raise _mistake(f"{what} = {shown(answer)} is far too large to be right.") from None
    if not math.isfinite(value):
        raise _mistake(f"{what} is {value}, which is not a finite number.")
    return value


def as_numbers(answer: Any, count: int, what: str) -> list[Any]:
    """The ``count`` parts of a tuple, list or 1-d array answer, or StudentMistake."""
    if isinstance(answer, np.ndarray) and answer.ndim == 1:
        answer = list(answer)
    if not isinstance(answer, tuple | list) or len(answer) != count:
        raise _mistake(f"give {count} numbers: {what}; got {shown(answer)}.")
    return list(answer)


def as_array(answer: Any, what: str = "your answer") -> np.ndarray:
    """The answer as a float array, or StudentMistake (complex, text and ragged lists refused)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            array = np.asarray(answer)
        except (TypeError, ValueError):  # ragged nested lists
            raise _mistake(f"{what} should be an array of numbers, got {shown(answer)}.") from None
    if array.dtype.kind == "c":
        raise _mistake(f"{what} holds complex numbers; the gradient is real.")
    if array.dtype.kind not in "iuf" or array.dtype == bool:
        raise _mistake(f"{what} should be an array of numbers, got {shown(answer)}.")
    with np.errstate(all="ignore"):
        array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise _mistake(f"{what} holds a number that is not finite (nan or inf).")
    return array


def _kind(answer: Any) -> str:
    if isinstance(answer, str):
        return f"the text {shown(answer)}; write the number without quotes"
    return f"a {type(answer).__name__}"


def _mistake(message: str, hint: str = "") -> StudentMistake:
    return StudentMistake(wrong(message, hint))


def number_feedback(
    answer: Any,
    expected: float,
    *,
    what: str = "your answer",
    mistakes: Mapping[str, float] | None = None,
    hint: str = "",
    significant: int = SIGNIFICANT,
    count: bool = False,
) -> Feedback:
    """Compare a numeric answer with ``expected`` by :func:`close`; name known mistakes.

    ``significant`` is 3 everywhere except where an exercise asks for a prediction, whose
    point is the order of magnitude (two figures then). ``count=True`` for a whole number that
    is counted, not measured (passes, parameters): it is right only when exact, and a near miss
    is a miscount, never "give more digits".

    ``mistakes`` maps an explanation ("you forgot the inner derivative g'(x)") to the value that
    mistake produces, so a wrong answer is told which step went wrong rather than just "False".
    """
    try:
        value = as_number(answer, what)
    except StudentMistake as error:
        return wrong(error.feedback.message, hint)
    verdict = close(value, expected, significant=significant)
    if count and verdict != "exact":
        verdict = "far"
        significant = 15  # a known mistake is recognised only when exactly its count
    if verdict == "exact":
        return correct(f"{what} = {value:.4g}.")
    if verdict == "rounded":
        return correct(
            f"{what} = {value:.4g}, right to {significant} significant figures "
            f"(more precisely {expected:.6g})."
        )
    for explanation, mistaken in (mistakes or {}).items():
        if close(value, mistaken, significant=significant) in ("exact", "rounded"):
            return wrong(f"{what} = {value:.4g}: {explanation}", hint)
    if close(value, -expected, significant=significant) in ("exact", "rounded"):
        return wrong(f"{what} = {value:.4g} has the wrong sign.", hint)
    if verdict == "near":
        return wrong(
            f"{what} = {value:.4g} is close, but not right to {significant} significant "
            "figures: give more digits (or compute it without rounding on the way).",
            hint,
        )
    return wrong(f"{what} = {value:.4g} is not right.", hint)


def choice_feedback(
    answer: Any, correct_choice: str, explanations: Mapping[str, str], hint: str = ""
) -> Feedback:
    """A multiple-choice answer (a letter such as ``"b"``); each wrong letter explains itself."""
    options = sorted({correct_choice, *explanations})
    if not isinstance(answer, str) or answer.strip().lower() not in options:
        return wrong(
            f"answer with one of the letters {', '.join(map(repr, options))}, got {shown(answer)}.",
            hint,
        )
    letter = answer.strip().lower()
    if letter == correct_choice:
        return correct(explanations.get(letter, ""))
    return wrong(explanations[letter], hint)
