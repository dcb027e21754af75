"""SelfCheck: clicking a letter gives the same verdict and explanation as check(id, answer); the
verdict can wait for the instructor's Reveal; an unknown id is one line naming the closest ids."""

from __future__ import annotations

import pytest

from helpers import plot
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
    assert "not answered yet: click a letter." in widget.message.value
    assert "replace the ..." not in widget.message.value  # there is no ... to replace here
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


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"choices": "a"}, ValueError, "at least two different choices, got 'a'"),
        ({"choices": "aab"}, ValueError, "at least two different choices"),
        ({"choices": 5}, TypeError, "choices must be letters such as 'abcd', got 5"),
        ({"choices": ["a", 2]}, TypeError, "choices must be letters"),
        ({"reveal": "no"}, TypeError, "reveal must be True, False or None, got 'no'"),
    ],
)
def test_bad_arguments_are_explained(quiz, kwargs: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        SelfCheck(quiz, **kwargs)
    with pytest.raises(TypeError, match=r"exercise_id must be a string such as '01\.2', got 1\.2"):
        SelfCheck(1.2)


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("1.1", "'01.1'"), ("01.01", "'01.1'"), ("99.6", "'99.5'"), ("02.9", "'02.")],
)
def test_an_unknown_id_is_one_line_naming_the_closest_ids(quiz, typed, suggested) -> None:
    widget = SelfCheck(typed)  # no exception: the widget says it
    assert "\n" not in widget.text
    assert widget.text.startswith(f"✘ there is no exercise {typed!r}: did you mean {suggested}")
    assert widget.text in widget.message.value.replace("&#x27;", "'")
    assert repr(widget) == f"SelfCheck({typed}, unknown exercise)"
    assert widget.children[0].children == ()  # no letters to click
    assert widget.feedback.status == "wrong"


def test_an_id_like_no_other_says_what_ids_look_like() -> None:
    assert SelfCheck("chain rule").text == (
        "✘ there is no exercise 'chain rule'; ids look like '01.2' (notebook 01, exercise 2)"
    )


def test_the_verdict_can_wait_for_the_instructor(quiz) -> None:
    widget = SelfCheck(quiz, choices="abc", reveal=False)
    assert widget.reveal_button in widget.children[0].children
    assert widget.reveal_button.disabled  # nothing to reveal before a vote
    widget.choice.value = "b"  # the room voted b
    assert "answer recorded: 'b'" in widget.message.value.replace("&#x27;", "'")
    assert "b adds the slopes" not in widget.message.value and "✘" not in widget.message.value
    assert widget.feedback.status == "wrong"  # code can still read the verdict
    widget.reveal_button.click()
    assert "b adds the slopes." in widget.message.value
    assert widget.reveal_button.description == "Hide"
    widget.choice.value = "c"  # once revealed, a new letter is judged at once
    assert "✔ Exercise 99.5" in widget.message.value
    widget.reveal_button.click()
    assert "answer recorded: 'c'" in widget.message.value.replace("&#x27;", "'")
    assert widget.reveal_button.description == "Reveal"


def test_by_default_the_verdict_waits_only_in_presenter_style(quiz) -> None:
    shown = SelfCheck(quiz, choices="abc")
    shown.answer_with("b")
    assert "b adds the slopes." in shown.message.value
    assert shown.reveal_button not in shown.children[0].children
    plot.use_style(presenter=True)
    try:
        hidden = SelfCheck(quiz, choices="abc")
        forced = SelfCheck(quiz, choices="abc", reveal=True)
    finally:
        plot.use_style(presenter=False)
    hidden.answer_with("b")
    forced.answer_with("b")
    assert "answer recorded" in hidden.message.value
    assert "b adds the slopes." in forced.message.value


def test_in_presenter_style_buttons_and_text_are_large(quiz) -> None:
    plot.use_style(presenter=True)
    try:
        widget = SelfCheck(quiz, choices="abc", reveal=False)
    finally:
        plot.use_style(presenter=False)
    assert int(widget.reveal_button.layout.height.removesuffix("px")) >= 44
    assert plot.PRESENTER_CLASS in widget._dom_classes  # the sheet enlarges the letter buttons
    sheet = widget.children[0]
    assert "widget-toggle-button" in sheet.value and "min-height: 45px" in sheet.value
    assert "font-size: 21px" in widget.message.value
    assert widget.choice.style.button_width == "4.8em"


@pytest.mark.parametrize("exercise_id", ["00.1", "01.1", "02.4", "04.3"])
def test_the_series_multiple_choice_exercises_work_with_it(exercise_id: str) -> None:
    widget = SelfCheck(exercise_id)
    assert widget.answer_with(REGISTRY[exercise_id].reference_answer()).ok
