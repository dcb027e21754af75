"""A self-check widget: answer a multiple-choice exercise by clicking a letter.

It asks the same checker as ``check(exercise_id, answer)`` and shows the same explanation, so a
student (or a room voting with an instructor) is told *why* a choice is wrong, not just that it is.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets

from helpers.exercises import Feedback, evaluate
from helpers.exercises.core import report

COLORS = {"open": "#555555", "correct": "#1b7a3a", "wrong": "#b3261e"}


class SelfCheck(widgets.VBox):
    """Letters to click for exercise ``exercise_id``; each click is checked and explained.

    Drive it from code: set ``.choice.value = "b"`` (or call :meth:`answer_with`); the feedback
    text is in :attr:`text`, the verdict in :attr:`feedback`.
    """

    def __init__(self, exercise_id: str, choices: Sequence[str] = "abcd") -> None:
        evaluate(exercise_id, ...)  # an unknown id raises a KeyError naming the known ones
        letters = list(choices)
        if len(letters) < 2 or len(set(letters)) != len(letters):
            raise ValueError(f"give at least two different choices, got {choices!r}")
        self.exercise_id = exercise_id
        self.choice = widgets.ToggleButtons(
            options=letters,
            value=None,
            description="Your answer:",
            style={"description_width": "initial", "button_width": "3em"},
        )
        self.message = widgets.HTML()
        super().__init__([self.choice, self.message])
        self.choice.observe(lambda _: self._show(), names="value")
        self._show()

    @property
    def feedback(self) -> Feedback:
        """The checker's verdict on the chosen letter (open while none is chosen)."""
        answer = ... if self.choice.value is None else self.choice.value
        return evaluate(self.exercise_id, answer)

    @property
    def text(self) -> str:
        """The feedback as ``check`` would print it."""
        return report(self.exercise_id, self.feedback)

    def answer_with(self, letter: str) -> Feedback:
        """Choose ``letter`` as a click would, and return the verdict."""
        self.choice.value = letter
        return self.feedback

    def _show(self) -> None:
        feedback = self.feedback
        self.message.value = (
            f'<div style="white-space: pre-wrap; color: {COLORS[feedback.status]}">'
            f"{html.escape(report(self.exercise_id, feedback))}</div>"
        )

    def __repr__(self) -> str:
        chosen = "no answer yet" if self.choice.value is None else f"answer {self.choice.value!r}"
        return f"SelfCheck({self.exercise_id}, {chosen})"
