"""The mechanism behind ``check(exercise_id, answer)`` and ``hint(exercise_id)``.

Every exercise of the series registers one *checker*: a function that receives the student's
answer and returns :class:`Feedback`. Checkers verify by computation where they can (re-deriving a
value, calling the student's function on fresh inputs, comparing with a numerical gradient), so an
answer in any correct form passes, and a wrong one is told *what* is wrong, with a nudge.

Help comes in tiers. A wrong answer gets its diagnosis and a nudge, never the solution;
``hint("01.3")`` gives the exercise's further hints one per call, and last its worked solution.
The worked solutions, and the code from which ``tools/build_appendix.py`` generates Appendix A,
live in one folder, :mod:`helpers.exercises.solutions`. A student edition deletes that folder:
every check still verifies answers by computation, and the last hint points to Appendix A.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from .answers import as_number, choice_feedback, close, number_feedback
from .feedback import Feedback, StudentMistake, correct, open_, shown, still_open, wrong
from .student_code import TIME_LIMIT, call, function_feedback, time_budget

__all__ = [
    "REGISTRY",
    "TIME_LIMIT",
    "Exercise",
    "Feedback",
    "SolutionsRemoved",
    "as_number",
    "call",
    "check",
    "choice_feedback",
    "close",
    "correct",
    "evaluate",
    "exercise",
    "function_feedback",
    "hint",
    "number_feedback",
    "report",
    "unknown_id_message",
    "wrong",
]

# "01.2" for notebook 01; "B.1" for a letter notebook (the primer B)
EXERCISE_ID = re.compile(r"^(?:\d\d|[B-Z])\.\d+$")
SOLUTIONS_MODULE = "helpers.exercises.solutions"
NO_SOLUTION = (
    "this edition has no worked solutions (they are in Appendix A of the full edition): "
    "ask your instructor."
)
OFFER_AFTER = 3  # wrong tries after which a check offers hint()

Checker = Callable[[Any], Feedback]


class SolutionsRemoved(LookupError):
    """This edition of helpers has no worked solutions (a student handout)."""


@dataclass(frozen=True)
class Worked:
    """A worked solution: the reasoning (markdown) and the code that binds ``answer``."""

    solution: str
    answer_code: str
    setup_code: str = ""


def stored_solution(exercise_id: str) -> Worked | None:
    """The worked solution kept in :mod:`helpers.exercises.solutions`, if that module is here."""
    try:
        solutions = import_module(SOLUTIONS_MODULE)
    except ImportError:
        return None
    return solutions.SOLUTIONS.get(exercise_id)


@dataclass(frozen=True)
class Exercise:
    """One registered exercise: its id ``NN.k`` or ``B.k``, title, checker and hints (weakest
    first)."""

    id: str
    title: str
    checker: Checker
    hints: tuple[str, ...] = ()
    planted: Worked | None = field(default=None, repr=False)  # for an exercise made in a test

    @property
    def worked(self) -> Worked:
        worked = self.planted or stored_solution(self.id)
        if worked is None:
            raise SolutionsRemoved(f"exercise {self.id}: {NO_SOLUTION}")
        return worked

    @property
    def solution(self) -> str:
        """The worked reasoning (markdown) shown in Appendix A."""
        return self.worked.solution.strip()

    @property
    def answer_code(self) -> str:
        """Python that binds ``answer``; Appendix A runs it, then ``check(id, answer)``."""
        return self.worked.answer_code.strip()

    @property
    def setup_code(self) -> str:
        """Code the answer needs first (imports, data), or ``""``."""
        return self.worked.setup_code.strip()

    def reference_answer(self) -> Any:
        """The ``answer`` that the worked solution binds (Appendix A runs the same code)."""
        namespace: dict[str, Any] = {}
        exec(compile(f"{self.setup_code}\n{self.answer_code}", self.id, "exec"), namespace)
        return namespace["answer"]


REGISTRY: dict[str, Exercise] = {}


def exercise(
    exercise_id: str,
    title: str,
    *,
    hints: Sequence[str] = (),
    solution: str | None = None,
    answer_code: str | None = None,
    setup_code: str = "",
) -> Callable[[Checker], Checker]:
    """Register the decorated function as the checker of exercise ``exercise_id`` (``"01.2"``,
    or ``"B.1"`` for the primer).

    ``hints`` are the tiers ``hint(exercise_id)`` gives before the worked solution; they nudge
    and never give the answer away. The series keeps its worked solutions in
    :mod:`helpers.exercises.solutions`; ``solution`` and ``answer_code`` are for an exercise
    planted by a test.
    """
    if not isinstance(exercise_id, str) or not EXERCISE_ID.match(exercise_id):
        raise ValueError(
            f"exercise id {exercise_id!r} is not of the form 'NN.k' or 'B.k', e.g. '01.2'"
        )
    planted = None
    if solution is not None or answer_code is not None:
        planted = Worked((solution or "").strip(), (answer_code or "").strip(), setup_code.strip())

    def register(checker: Checker) -> Checker:
        if exercise_id in REGISTRY:
            raise ValueError(f"exercise {exercise_id} is registered twice")
        REGISTRY[exercise_id] = Exercise(exercise_id, title, checker, tuple(hints), planted)
        return checker

    return register


def unknown_id_message(exercise_id: Any) -> str | None:
    """``None`` for a registered id; otherwise one line naming the closest ids."""
    if isinstance(exercise_id, str) and exercise_id in REGISTRY:
        return None
    if isinstance(exercise_id, str):
        text, what = exercise_id.strip(), f"there is no exercise {shown(exercise_id)}"
    else:
        inner = exercise_id
        if isinstance(exercise_id, list | tuple) and len(exercise_id) == 1:
            inner = exercise_id[0]
        text = f"{inner:.1f}" if isinstance(inner, float) else str(inner)
        what = f"the exercise id should be a text such as '01.2', not {shown(exercise_id)}"
    padded = re.sub(r"^(\d)\.", r"0\1.", text)
    if re.fullmatch(r"[b-z]\.\d+", padded):  # "b.1" for the primer's "B.1"
        padded = padded.upper()
    guesses = [padded] if padded in REGISTRY else []
    guesses += [g for g in difflib.get_close_matches(padded, REGISTRY, n=3, cutoff=0.6)]
    guesses = list(dict.fromkeys(guesses))[:3]
    if guesses:
        return f"{what}: did you mean {' or '.join(map(repr, guesses))}?"
    return f"{what}; the exercises are {', '.join(sorted(REGISTRY))}."


def evaluate(exercise_id: str, answer: Any) -> Feedback:
    """Run the checker of ``exercise_id`` on ``answer`` and return its :class:`Feedback`.

    An unknown id raises KeyError (with the closest ids); :func:`check` prints that instead.
    """
    unknown = unknown_id_message(exercise_id)
    if unknown:
        raise KeyError(unknown)
    if answer is Ellipsis:
        return open_("not answered yet: replace the ... with your answer and run this cell again.")
    unfinished = still_open(answer)
    if unfinished:
        return open_(f"not finished yet: {unfinished} is still ...: replace it with your answer.")
    try:
        with time_budget():
            return REGISTRY[exercise_id].checker(answer)
    except StudentMistake as mistake:
        return mistake.feedback
    except KeyboardInterrupt:
        return wrong("the check was interrupted (the stop button).")
    except SystemExit:
        return wrong("your answer called exit() or sys.exit(), which stops the program.")
    except Exception as error:  # a student's object may raise anything: explain, don't crash
        return wrong(
            f"checking your answer raised {type(error).__name__}: {shown(str(error))}",
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


@dataclass
class Progress:
    """What one student has done on one exercise in this session."""

    wrong_tries: int = 0
    hints_seen: int = 0


PROGRESS: dict[str, Progress] = {}


def check(exercise_id: str, answer: Any) -> None:
    """Check a student's answer to exercise ``exercise_id`` and print what is right or wrong."""
    unknown = unknown_id_message(exercise_id)
    if unknown:
        print(f"✘ {unknown}")
        return
    feedback = evaluate(exercise_id, answer)
    text = report(exercise_id, feedback)
    progress = PROGRESS.setdefault(exercise_id, Progress())
    if feedback.status == "wrong":
        progress.wrong_tries += 1
        if progress.wrong_tries >= OFFER_AFTER:
            text += f'\n  Stuck? hint("{exercise_id}") gives a further hint each time you run it.'
    print(text)


def hint_tiers(exercise_id: str) -> list[str]:
    """The hints of an exercise, weakest first, ending with its worked solution (or where it is)."""
    ex = REGISTRY[exercise_id]
    try:
        last = "Worked solution (also in Appendix A):\n" + ex.solution.strip()
        code = "\n\n".join(part.strip() for part in (ex.setup_code, ex.answer_code) if part.strip())
        if code:
            last += "\n\nIn code:\n\n" + code
    except SolutionsRemoved:
        last = NO_SOLUTION[0].upper() + NO_SOLUTION[1:]
    return [*ex.hints, last]


def hint(exercise_id: str) -> None:
    """Print the next hint for exercise ``exercise_id``: one more tier each call."""
    unknown = unknown_id_message(exercise_id)
    if unknown:
        print(f"✘ {unknown}")
        return
    tiers = hint_tiers(exercise_id)
    progress = PROGRESS.setdefault(exercise_id, Progress())
    tier = min(progress.hints_seen, len(tiers) - 1)
    progress.hints_seen += 1
    more = (
        f' Run hint("{exercise_id}") again for the next.'
        if tier < len(tiers) - 2
        else (
            f' One more hint("{exercise_id}") shows the worked solution.'
            if tier == len(tiers) - 2
            else ""
        )
    )
    print(f"Hint {tier + 1} of {len(tiers)} for exercise {exercise_id}:{more}\n{tiers[tier]}")
