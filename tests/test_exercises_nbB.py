"""Exercises B.1-B.4 of the primer: the appendix answers pass, typical mistakes are named, the
notebook's templates are open, and the ids "B.k" work everywhere an id is read.

The expected values are derived by hand here, independently of the checkers:
B.2: the row sums of scores are 8, 10, 12, so row 0 becomes [1/8, 3/8, 4/8];
B.3: (5, 3), (4, 3), and an error for (2, 3) with (2,);
B.4: the labels 2, 0, 1, 2 have their 1s in columns 2, 0, 1, 2.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from helpers.exercises import REGISTRY, evaluate
from helpers.exercises.core import EXERCISE_ID, exercise, unknown_id_message

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "B_python_and_numpy_primer.ipynb"
IDS = ["B.1", "B.2", "B.3", "B.4"]


def test_every_exercise_of_the_primer_is_tested_here() -> None:
    assert sorted(k for k in REGISTRY if k.startswith("B.")) == IDS


def test_letter_ids_are_accepted_and_bad_ones_refused() -> None:
    assert EXERCISE_ID.match("B.1") and EXERCISE_ID.match("01.2")
    for bad in ("A.1", "b.1", "B1", "BB.1", "B.", "1.2"):
        assert not EXERCISE_ID.match(bad), bad
    with pytest.raises(ValueError, match=r"'NN\.k' or 'B\.k'"):
        exercise("b.1", "bad", solution="", answer_code="")


def test_a_mistyped_letter_id_names_the_closest() -> None:
    assert unknown_id_message("B.1") is None
    assert "did you mean 'B.1' or" in unknown_id_message("b.1")
    assert "'B." in unknown_id_message("B.9")


# B.1 -------------------------------------------------------------------------------------------


class Good:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, other):
        return Good(self.x + other.x, self.y + other.y)

    def __mul__(self, k):
        return Good(self.x * k, self.y * k)

    __rmul__ = __mul__


def variant(**methods):
    """A Vector class like Good, with some methods replaced (None: removed)."""
    namespace = {k: v for k, v in vars(Good).items() if not k.startswith("__dict")}
    namespace.pop("__weakref__", None)
    for name, method in methods.items():
        if method is None:
            namespace.pop(name, None)
        else:
            namespace[name] = method
    cls = type("Vector", (), namespace)
    return cls


def test_b_1_accepts_any_correct_class() -> None:
    assert evaluate("B.1", Good).ok
    # a different but correct way: __rmul__ delegating, and a dataclass
    from dataclasses import dataclass

    @dataclass
    class Vector:
        x: float
        y: float

        def __add__(self, other):
            return Vector(self.x + other.x, self.y + other.y)

        def __mul__(self, k):
            return Vector(k * self.x, k * self.y)

        def __rmul__(self, k):
            return self * k

    assert evaluate("B.1", Vector).ok


def _add_in_place(self, other):
    self.x += other.x
    self.y += other.y
    return self


def _mul_in_place(self, k):
    self.x *= k
    self.y *= k
    return self


@pytest.mark.parametrize(
    ("methods", "words"),
    [
        ({"__add__": lambda self, other: None}, "gives None"),
        ({"__add__": lambda self, other: (self.x + other.x, self.y + other.y)}, "a tuple"),
        ({"__add__": _add_in_place}, "changed the left Vector itself"),
        ({"__add__": lambda self, o: type(self)(self.x + o.y, self.y + o.x)}, "add x to x"),
        ({"__mul__": None, "__rmul__": None}, "raised TypeError"),
        ({"__mul__": _mul_in_place, "__rmul__": None}, "changed v itself"),
        ({"__mul__": lambda self, k: type(self)(self.x + k, self.y + k)}, "multiply each"),
        ({"__rmul__": None}, "Define __rmul__"),
        ({"__rmul__": lambda self, k: type(self)(self.x, self.y)}, "the same as"),
    ],
)
def test_b_1_names_the_bug(methods, words: str) -> None:
    feedback = evaluate("B.1", variant(**methods))
    assert feedback.status == "wrong" and words in feedback.message, feedback.message


def test_b_1_an_instance_instead_of_the_class_is_explained() -> None:
    feedback = evaluate("B.1", Good(1, 2))
    assert feedback.status == "wrong" and "the class itself" in feedback.message


# B.2 -------------------------------------------------------------------------------------------

SCORES = np.array([[1.0, 3.0, 4.0], [2.0, 2.0, 6.0], [6.0, 1.0, 5.0]])


def test_b_2_accepts_any_correct_form() -> None:
    assert evaluate("B.2", SCORES / SCORES.sum(axis=1, keepdims=True)).ok
    assert evaluate("B.2", SCORES / SCORES.sum(axis=1)[:, None]).ok
    by_hand = [[1 / 8, 3 / 8, 4 / 8], [0.2, 0.2, 0.6], [0.5, 1 / 12, 5 / 12]]
    assert evaluate("B.2", by_hand).ok
    assert evaluate("B.2", np.round(by_hand, 3)).ok  # three decimals typed by hand


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (SCORES / SCORES.sum(axis=0), "axis=0 adds down the columns"),
        (SCORES / SCORES.sum(axis=1), "without keepdims"),
        (SCORES / SCORES.sum(), "the whole array"),
        (SCORES.sum(axis=1, keepdims=True), "the row sums themselves"),
        (SCORES.sum(axis=1), "keep them as a column"),
        (SCORES * SCORES.sum(axis=1, keepdims=True), "divide instead"),
        (SCORES[:2] / SCORES[:2].sum(axis=1, keepdims=True), "shape (2, 3)"),
        (SCORES, "is not right"),
        ("0.125", "array of numbers"),
    ],
)
def test_b_2_recognises_the_usual_mistakes(answer, words: str) -> None:
    feedback = evaluate("B.2", answer)
    assert feedback.status == "wrong" and words in feedback.message, feedback.message


def test_b_2_the_missing_keepdims_runs_silently_on_the_square_scores() -> None:
    # the point of the exercise: without keepdims no error is raised, the result is just wrong
    wrong = SCORES / SCORES.sum(axis=1)
    assert wrong.shape == (3, 3) and not np.allclose(wrong.sum(axis=1), 1)


# B.3 -------------------------------------------------------------------------------------------


def test_b_3_accepts_tuples_lists_and_the_word_error() -> None:
    assert evaluate("B.3", [(5, 3), (4, 3), None]).ok
    assert evaluate("B.3", ([5, 3], np.broadcast_shapes((4, 1), (3,)), "error")).ok


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ([(5, 3), (4, 3), (2, 3)], "(c) (2, 3) and (2,) do not broadcast"),
        ([(5, 3), (4, 1), None], "one operand's own shape"),
        ([(5, 3), (3,), None], "one operand's own shape"),
        ([None, (4, 3), None], "(a) (5, 3) and (3,) do broadcast"),
        ([(3, 5), (4, 3), None], "does not give (3, 5)"),
        ([(5, 3), (4, 3)], "three answers"),
        ([(5, 3), "4, 3", None], "part (b) should be a shape"),
    ],
)
def test_b_3_names_the_wrong_part(answer, words: str) -> None:
    feedback = evaluate("B.3", answer)
    assert feedback.status == "wrong" and words in feedback.message, feedback.message


def test_b_3_unfinished_parts_are_open() -> None:
    assert evaluate("B.3", [(5, 3), ..., None]).status == "open"


# B.4 -------------------------------------------------------------------------------------------

ONE_HOT = np.array([[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])


def test_b_4_accepts_any_correct_form() -> None:
    assert evaluate("B.4", np.eye(3)[[2, 0, 1, 2]]).ok
    assert evaluate("B.4", ONE_HOT.tolist()).ok
    assert evaluate("B.4", ONE_HOT == 1).ok  # a boolean matrix
    assert evaluate("B.4", (np.arange(3) == np.array([2, 0, 1, 2])[:, None]).astype(int)).ok


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (ONE_HOT.T, "the transpose"),
        (np.eye(4)[[2, 0, 1, 2]], "one column for each of the k = 3 classes"),
        (np.eye(3), "the identity matrix itself"),
        (np.eye(3)[[1, 2, 0, 1]], "one column to the left"),
        (np.eye(3)[[0, 1, 2, 0]], "one column to the right"),
        (1 - ONE_HOT, "1 minus the one-hot"),
        (np.array([2, 0, 1, 2]), "shape (4,)"),
    ],
)
def test_b_4_recognises_the_usual_mistakes(answer, words: str) -> None:
    feedback = evaluate("B.4", answer)
    assert feedback.status == "wrong" and words in feedback.message, feedback.message


# The notebook's templates ----------------------------------------------------------------------


def _templates() -> dict[str, str]:
    found = {}
    for cell in json.loads(NOTEBOOK.read_text())["cells"]:
        source = "".join(cell["source"])
        match = re.search(r'check\("(B\.\d+)", answer\)', source)
        if cell["cell_type"] == "code" and match:
            found[match.group(1)] = source.replace(match.group(0), "")
    return found


def test_every_exercise_of_the_primer_has_a_template_in_the_notebook() -> None:
    assert sorted(_templates()) == IDS


@pytest.mark.parametrize("exercise_id", IDS)
def test_a_template_submitted_unchanged_is_open_and_a_filled_in_class_is_checked(
    exercise_id: str,
) -> None:
    namespace = {"np": np}
    exec(_templates()[exercise_id], namespace)
    assert evaluate(exercise_id, namespace["answer"]).status == "open"
    if exercise_id == "B.1":  # the class of the template, with its ... bodies, is not correct
        feedback = evaluate(exercise_id, namespace["Vector"])
        assert feedback.status == "wrong" and "gives None" in feedback.message


def test_the_primer_template_data_is_the_checkers_data() -> None:
    from helpers.exercises import nbB

    namespace = {"np": np}
    exec(_templates()["B.2"], namespace)
    np.testing.assert_array_equal(namespace["scores"], nbB.SCORES)
    exec(_templates()["B.4"], namespace)
    np.testing.assert_array_equal(namespace["labels"], nbB.LABELS)


# Appendix A ------------------------------------------------------------------------------------


def test_appendix_a_lists_the_primer_after_the_numbered_notebooks() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    import build_appendix

    ids = sorted(["B.2", "07.1", "00.1", "B.10", "B.1", "01.3"], key=build_appendix.order)
    assert ids == ["00.1", "01.3", "07.1", "B.1", "B.2", "B.10"]
    headings = [c.source.splitlines()[0] for c in build_appendix.build().cells]
    notebooks = [h for h in headings if h.startswith("## Notebook ")]
    assert notebooks[-1] == "## Notebook B"
    assert notebooks[:-1] == sorted(notebooks[:-1])
    answers = [h.split()[2] for h in headings if h.startswith("### Exercise ")]
    assert answers[-4:] == IDS
    cells = build_appendix.build().cells
    intro = next(c.source for c in cells if c.source.startswith("## Notebook B"))
    assert "(B_python_and_numpy_primer.ipynb)" in intro
