"""SelfCheck: clicking a letter gives the same verdict and explanation as check(id, answer)."""

from __future__ import annotations

import pytest

from helpers.exercises import REGISTRY, check, evaluate
from helpers.exercises.core import choice_feedback, exercise, report
from helpers.widgets import SelfCheck


@pytest.fixture
def quiz():
    """A planted multiple-choice exercise 99.5 whose right letter is "c"."""

    @exercise("99.5", "Which slope?", solution="c.", answer_code='answer = "c"')
    def _(answer):
        return choice_feedback(
            answer,
            "c",
            {
                "a": "a is the inner slope only.",
                "b": "b adds the slopes.",
                "c": "the slopes multiply.",
            },
        )

    yield "99.5"
    del REGISTRY["99.5"]


def test_before_a_click_it_is_open_and_says_so(quiz) -> None:
    widget = SelfCheck(quiz, choices="abc")
    assert widget.feedback.status == "open"
    assert "not answered yet" in widget.message.value
    assert repr(widget) == "SelfCheck(99.5, no answer yet)"


def test_a_wrong_letter_is_explained_and_a_right_one_confirmed(quiz) -> None:
    widget = SelfCheck(quiz, choices="abc")
    assert widget.answer_with("b").status == "wrong"
    assert "b adds the slopes." in widget.message.value
    widget.choice.value = "c"  # as a click in the browser sets it
    assert widget.feedback.ok and "✔ Exercise 99.5" in widget.message.value
    assert repr(widget) == "SelfCheck(99.5, answer 'c')"


def test_it_shows_exactly_what_check_prints(quiz, capsys) -> None:
    widget = SelfCheck(quiz, choices="abc")
    widget.answer_with("a")
    assert widget.text == report(quiz, evaluate(quiz, "a"))
    check(quiz, "a")
    assert capsys.readouterr().out.strip() == widget.text


def test_bad_arguments_are_explained(quiz) -> None:
    with pytest.raises(KeyError, match="there is no exercise"):
        SelfCheck("42.1")
    with pytest.raises(ValueError, match="at least two different choices"):
        SelfCheck(quiz, choices="a")


@pytest.mark.parametrize("exercise_id", ["00.1", "01.1", "02.4", "04.3"])
def test_the_series_multiple_choice_exercises_work_with_it(exercise_id: str) -> None:
    widget = SelfCheck(exercise_id)
    assert widget.answer_with(REGISTRY[exercise_id].reference_answer()).ok
