"""check(exercise_id, answer): open, wrong-with-explanation and correct, on a planted exercise."""

from __future__ import annotations

import math

import pytest

from helpers.exercises import REGISTRY, check, evaluate
from helpers.exercises.core import (
    choice_feedback,
    correct,
    exercise,
    number_feedback,
    wrong,
)


@pytest.fixture
def planted():
    """A throw-away exercise 99.1: the derivative of sin(x²) at x = 1.5, registered for one test."""

    @exercise("99.1", "d/dx sin(x²)", solution="2x cos(x²).", answer_code="answer = 0")
    def _(answer):
        return number_feedback(
            answer,
            2 * 1.5 * math.cos(1.5**2),
            what="dy/dx",
            mistakes={"you forgot the inner derivative 2x.": math.cos(1.5**2)},
            hint="multiply the outer derivative by the inner one.",
        )

    yield "99.1"
    del REGISTRY["99.1"]


def test_an_open_answer_is_reported_as_not_answered_yet(planted, capsys) -> None:
    assert evaluate(planted, ...).status == "open"
    check(planted, ...)
    assert "not answered yet" in capsys.readouterr().out


def test_a_right_answer_in_any_form_passes(planted, capsys) -> None:
    assert evaluate(planted, 3 * math.cos(2.25)).ok
    assert evaluate(planted, -1.8846).ok  # rounded to 4 decimals is close enough
    check(planted, 3 * math.cos(2.25))
    out = capsys.readouterr().out
    assert out.startswith("✔ Exercise 99.1") and "correct" in out


def test_a_known_mistake_is_explained_with_a_hint(planted, capsys) -> None:
    feedback = evaluate(planted, math.cos(2.25))
    assert feedback.status == "wrong"
    assert "forgot the inner derivative" in feedback.message
    check(planted, math.cos(2.25))
    out = capsys.readouterr().out
    assert out.startswith("✘ Exercise 99.1") and "Hint: multiply" in out


def test_a_sign_error_is_named(planted) -> None:
    assert "wrong sign" in evaluate(planted, -3 * math.cos(2.25)).message


def test_an_answer_of_the_wrong_type_is_explained(planted) -> None:
    feedback = evaluate(planted, "1.5")
    assert feedback.status == "wrong" and "should be a number" in feedback.message
    assert "not a finite number" in evaluate(planted, float("nan")).message


def test_a_checker_that_raises_on_the_students_answer_reports_instead_of_crashing() -> None:
    @exercise("99.2", "call it", solution="", answer_code="answer = abs")
    def _(answer):
        return correct() if answer(-2.0) == 2.0 else wrong("no")

    try:
        feedback = evaluate("99.2", lambda x: 1 / 0)
        assert feedback.status == "wrong" and "ZeroDivisionError" in feedback.message
        assert evaluate("99.2", abs).ok
    finally:
        del REGISTRY["99.2"]


def test_an_unknown_exercise_id_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"there is no exercise '42\.7'; the exercises are 00\.1"):
        evaluate("42.7", 1)


def test_ids_must_have_the_NN_k_form_and_be_unique(planted) -> None:
    with pytest.raises(ValueError, match="not of the form"):
        exercise("1.2", "bad", solution="", answer_code="")
    with pytest.raises(ValueError, match="registered twice"):
        exercise(planted, "again", solution="", answer_code="")(lambda a: correct())


def test_multiple_choice_explains_each_wrong_choice() -> None:
    explanations = {"a": "a is the outer derivative only.", "b": "Yes: the slopes multiply."}
    assert choice_feedback("B ", "b", explanations).ok
    assert choice_feedback("a", "b", explanations).message == "a is the outer derivative only."
    assert "one of the letters 'a', 'b'" in choice_feedback("z", "b", explanations).message


@pytest.mark.parametrize("exercise_id", sorted(REGISTRY))
def test_every_worked_answer_passes_its_own_check(exercise_id: str) -> None:
    """The answers of Appendix A are right (re-run here without a notebook)."""
    feedback = evaluate(exercise_id, REGISTRY[exercise_id].reference_answer())
    assert feedback.ok, f"{exercise_id}: {feedback.message}"


def _templates() -> dict[str, str]:
    """The exercise cells of the notebooks, as a student first sees them, by exercise id."""
    import json
    import re
    from pathlib import Path

    found = {}
    for path in sorted(Path(__file__).parent.parent.glob("notebooks/0*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            source = "".join(cell["source"])
            match = re.search(r'check\("(\d\d\.\d+)", answer\)', source)
            if cell["cell_type"] == "code" and match:
                found[match.group(1)] = source.replace(match.group(0), "")
    return found


TEMPLATES = _templates()


@pytest.mark.parametrize("exercise_id", sorted(TEMPLATES))
def test_every_template_submitted_unchanged_is_told_what_is_still_to_do(exercise_id) -> None:
    """The notebook's own template, and its function when it has one, are never "correct" and
    never make the checker raise: a function template is run by the checker itself."""
    import numpy as np

    namespace: dict = {"np": np}
    exec(TEMPLATES[exercise_id], namespace)
    assert evaluate(exercise_id, namespace["answer"]).status == "open"
    functions = [v for k, v in namespace.items() if callable(v) and k not in ("np",)]
    for function in functions:  # what the student submits once answer = their function
        feedback = evaluate(exercise_id, function)
        assert feedback.status in ("open", "wrong"), feedback
        assert "checking your answer raised" not in feedback.message
        assert "still" in feedback.message or feedback.status == "wrong"
