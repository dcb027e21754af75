"""What a check says: :class:`Feedback`, and the short echo of a student's answer in it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..validate import shown

Status = Literal["open", "correct", "wrong"]

__all__ = ["Feedback", "Status", "StudentMistake", "correct", "open_", "shown", "wrong"]


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


def open_(message: str) -> Feedback:
    """Not answered yet: the answer, or a part of it, is still the template's ``...``."""
    return Feedback("open", message)


class StudentMistake(Exception):
    """Raised inside a checker when the answer cannot even be compared; carries the feedback.

    :func:`helpers.exercises.core.evaluate` turns it into its :class:`Feedback`, so a checker can
    stop at the first thing that is wrong with an answer without threading it back by hand.
    """

    def __init__(self, feedback: Feedback) -> None:
        super().__init__(feedback.message)
        self.feedback = feedback


def still_open(answer: Any, name: str = "answer") -> str | None:
    """Where ``answer`` still holds the template's ``...``, as code (``dW``, ``answer['x']``)."""
    if answer is Ellipsis:
        return name
    if isinstance(answer, tuple | list):
        for i, part in enumerate(answer[:100]):
            found = still_open(part, f"{name}[{i}]")
            if found:
                return found
    if isinstance(answer, dict):
        for key, part in list(answer.items())[:100]:
            found = still_open(part, f"{name}[{shown(key)}]")
            if found:
                return found
    return None
