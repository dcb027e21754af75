"""A self-check widget: answer a multiple-choice exercise by clicking a letter.

It asks the same checker as ``check(exercise_id, answer)`` and shows the same explanation, so a
student (or a room voting with an instructor) is told *why* a choice is wrong, not just that it is.

For a room vote the verdict can wait: with ``reveal=False`` a click only says "answer recorded"
and a Reveal button shows the verdict when the instructor is ready (the same button, now Hide,
puts it away again). ``reveal=None``, the default, hides the verdict exactly when the presenter
style is on (``HELPERS_PRESENT=1``, see :mod:`helpers.plot`), so a student working alone sees it
at once and a room does not see it before it has voted. In presenter style the letters are 44 px
tall.

An unknown exercise id is a slip, not a crash: the widget shows one line naming the closest ids.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Sequence

import ipywidgets as widgets

from helpers import plot, validate
from helpers.exercises import REGISTRY, Feedback, evaluate
from helpers.exercises.core import report

COLORS = {"open": plot.MUTED, "correct": plot.RIGHT_INK, "wrong": plot.WRONG_INK}
NOT_YET = "… not answered yet: click a letter."


def unknown_id_message(exercise_id: str) -> str:
    """One line saying that ``exercise_id`` names no exercise, with the closest ids there are."""
    close = difflib.get_close_matches(exercise_id, sorted(REGISTRY), n=3, cutoff=0.5)
    if close:
        return (
            f"✘ there is no exercise {exercise_id!r}: did you mean {' or '.join(map(repr, close))}?"
        )
    return f"✘ there is no exercise {exercise_id!r}; ids look like '01.2' (notebook 01, exercise 2)"


class SelfCheck(widgets.VBox):
    """Letters to click for exercise ``exercise_id``; each click is checked and explained.

    Drive it from code: set ``.choice.value = "b"`` (or call :meth:`answer_with`), and
    ``.reveal_button.click()`` to show a hidden verdict; the feedback text is in :attr:`text`, the
    verdict in :attr:`feedback` (both whether or not the verdict is shown). ``reveal``: True shows
    the verdict at each click, False waits for Reveal, None (default) waits only when presenting.
    """

    def __init__(
        self, exercise_id: str, choices: Sequence[str] = "abcd", *, reveal: bool | None = None
    ) -> None:
        if not isinstance(exercise_id, str):
            raise TypeError(
                f"exercise_id must be a string such as '01.2', got {validate.shown(exercise_id)}"
            )
        if not isinstance(choices, Sequence):
            raise TypeError(
                f"choices must be letters such as 'abcd', got {validate.shown(choices)}"
            )
        letters = list(choices)
        if len(letters) < 2 or len(set(letters)) != len(letters):
            raise ValueError(f"give at least two different choices, got {choices!r}")
        if not all(isinstance(letter, str) and letter for letter in letters):
            raise TypeError(f"choices must be letters such as 'abcd', got {choices!r}")
        if reveal is not None and not isinstance(reveal, bool):
            raise TypeError(f"reveal must be True, False or None, got {validate.shown(reveal)}")
        self.exercise_id = exercise_id
        self.known = exercise_id in REGISTRY
        self.waits = (plot.presenting() if reveal is None else not reveal) and self.known
        self.revealed = not self.waits
        scale = plot.widget_scale()
        self.choice = widgets.ToggleButtons(
            options=letters,
            value=None,
            description="Your answer:",
            style={"description_width": "initial", "button_width": f"{3 * scale:g}em"},
        )
        self.reveal_button = widgets.Button(
            description="Reveal",
            tooltip="show the verdict on the chosen letter",
            disabled=True,
            layout=plot.control_layout(width="auto"),
            style={"font_size": f"{plot.widget_text_px()}px"},
        )
        self.reveal_button.on_click(lambda _button: self._toggle())
        self.message = widgets.HTML()
        row = [self.choice, self.reveal_button] if self.waits else [self.choice]
        if not self.known:
            row = []  # nothing to click for an exercise that does not exist
        super().__init__([widgets.HBox(row), self.message])
        plot.scaled_controls(self)
        self.choice.observe(lambda _: self._show(), names="value")
        self._show()

    @property
    def feedback(self) -> Feedback:
        """The checker's verdict on the chosen letter (open while none is chosen)."""
        if not self.known:
            return Feedback("wrong", unknown_id_message(self.exercise_id))
        answer = ... if self.choice.value is None else self.choice.value
        return evaluate(self.exercise_id, answer)

    @property
    def text(self) -> str:
        """The feedback as ``check`` would print it (one line for an unknown id)."""
        if not self.known:
            return unknown_id_message(self.exercise_id)
        if self.choice.value is None:
            return NOT_YET
        return report(self.exercise_id, self.feedback)

    def answer_with(self, letter: str) -> Feedback:
        """Choose ``letter`` as a click would, and return the verdict."""
        self.choice.value = letter
        return self.feedback

    def reveal(self) -> None:
        """Show the verdict (what the Reveal button does)."""
        self.revealed = True
        self._show()

    def hide(self) -> None:
        """Hide the verdict again (what the Hide button does); the chosen letter stays."""
        self.revealed = False
        self._show()

    def _toggle(self) -> None:
        if self.revealed:
            self.hide()
        else:
            self.reveal()

    def _show(self) -> None:
        if not self.known:
            status, words = "wrong", self.text
        elif self.choice.value is None:
            status, words = "open", NOT_YET
        elif self.revealed:
            status, words = self.feedback.status, self.text
        else:
            status, words = (
                "open",
                f"answer recorded: {self.choice.value!r}. Reveal shows the verdict.",
            )
        self.reveal_button.disabled = self.choice.value is None and not self.revealed
        self.reveal_button.description = "Hide" if self.revealed else "Reveal"
        self.message.value = (
            f'<div style="white-space: pre-wrap; color: {COLORS[status]}; {plot.text_css()}">'
            f"{html.escape(words)}</div>"
        )

    def __repr__(self) -> str:
        if not self.known:
            return f"SelfCheck({self.exercise_id}, unknown exercise)"
        chosen = "no answer yet" if self.choice.value is None else f"answer {self.choice.value!r}"
        return f"SelfCheck({self.exercise_id}, {chosen})"
