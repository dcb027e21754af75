"""The checker itself: time limit, one-line messages, the tolerance rule, hints and handouts."""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np
import pytest

from helpers.exercises import REGISTRY, check, core, evaluate, hint, student_code
from helpers.exercises.answers import close

# -- 1: a student's function runs under a time limit; interrupts and exits are one line ---------


@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setattr(student_code, "TIME_LIMIT", 0.5)
    return 0.5


def endless(df, dg, g, x):
    while True:
        pass


def test_an_endless_loop_is_stopped_at_the_time_limit(short_limit, capsys) -> None:
    start = time.perf_counter()
    check("01.3", endless)
    elapsed = time.perf_counter() - start
    out = capsys.readouterr().out
    assert elapsed < short_limit + 1.0
    assert "did not return within 0.5 s (an endless loop?)" in out
    assert "Traceback" not in out and len(out.splitlines()) == 2  # the verdict and its hint


def test_an_endless_loop_that_catches_exception_is_still_stopped(short_limit) -> None:
    def stubborn(df, dg, g, x):
        while True:
            try:
                while True:
                    pass
            except Exception:
                pass

    assert "did not return within" in evaluate("01.3", stubborn).message


def test_the_time_limit_is_for_the_whole_check_not_each_call(short_limit) -> None:
    def slow(df, dg, g, x):  # five test cases of 0.2 s each: 1 s in all, over the 0.5 s limit
        time.sleep(0.2)
        return df(g(x)) * dg(x)

    start = time.perf_counter()
    feedback = evaluate("01.3", slow)
    assert "did not return within 0.5 s" in feedback.message
    assert time.perf_counter() - start < 0.9


def test_the_default_time_limit_is_a_few_seconds_and_stated() -> None:
    assert 1 <= student_code.TIME_LIMIT <= 10


@pytest.mark.parametrize(
    ("raised", "words"),
    [
        (KeyboardInterrupt, "was interrupted (the stop button)"),
        (SystemExit("bye"), "called exit() or sys.exit()"),
    ],
)
def test_keyboard_interrupt_and_system_exit_from_student_code_are_one_line(
    raised, words, capsys
) -> None:
    def student(*args):
        raise raised

    for exercise_id in ("01.3", "02.3", "03.3", "04.4", "05.3"):
        check(exercise_id, student)
        out = capsys.readouterr().out
        assert out.startswith(f"✘ Exercise {exercise_id}") and words in out, out
        assert "Traceback" not in out


def test_a_function_that_prints_instead_of_returning_is_told_so() -> None:
    feedback = evaluate("02.3", lambda a, b: print(1 / b, -a / b**2))
    assert "printed" in feedback.message and "return" in feedback.message


def test_no_timer_of_the_checker_is_left_behind() -> None:
    import signal

    before, _ = signal.getitimer(signal.ITIMER_REAL)  # pytest-timeout may have one running
    evaluate("01.3", lambda df, dg, g, x: df(g(x)) * dg(x))
    after, _ = signal.getitimer(signal.ITIMER_REAL)
    assert (before == 0) == (after == 0) and before - 1.0 <= after <= before


# -- 2: unknown ids, unfinished templates, unconvertible numbers, huge answers ------------------


@pytest.mark.parametrize(
    ("exercise_id", "suggestion"), [("1.2", "'01.2'"), (["01.2"], "'01.2'"), (1.2, "'01.2'")]
)
def test_an_unknown_id_prints_one_line_with_the_closest_ids(exercise_id, suggestion, capsys):
    assert check(exercise_id, -1.885) is None
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("✘ ") and "did you mean" in out
    assert suggestion in out


def test_an_unknown_id_with_nothing_close_lists_the_exercises(capsys) -> None:
    check("zz", 1)
    assert "the exercises are 00.1" in capsys.readouterr().out


def test_evaluate_still_raises_for_an_unknown_id_for_programs() -> None:
    with pytest.raises(KeyError, match=r"did you mean '01\.2'"):
        evaluate("1.2", 1)


@pytest.mark.parametrize(
    ("exercise_id", "answer", "words"),
    [
        ("02.2", (..., -6.0), "answer[0] is still ..."),
        ("02.1", {"x": -6.0, "y": ..., "z": -3.0, "w": -7.0}, "answer['y'] is still ..."),
        ("05.3", lambda d, x, W: (d @ W.T, ..., d.sum(axis=0)), "dW is still ..."),
        ("01.3", lambda df, dg, g, x: ..., "still returns ..."),
    ],
)
def test_an_unfinished_template_says_which_part_is_still_open(exercise_id, answer, words):
    feedback = evaluate(exercise_id, answer)
    assert feedback.status == "open" and words in feedback.message, feedback.message


@pytest.mark.parametrize(
    ("exercise_id", "answer", "words"),
    [
        ("01.2", 10**400, "far too large"),
        ("01.2", 1 + 2j, "complex number"),
        ("05.4", np.ones((2, 3)) * (1 + 1j), "complex numbers"),
        ("02.2", (10**400, -6.0), "far too large"),
    ],
)
def test_numbers_the_checker_cannot_convert_are_the_students_mistake(exercise_id, answer, words):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning printed from the checker's source
        feedback = evaluate(exercise_id, answer)
    assert feedback.status == "wrong" and words in feedback.message, feedback.message
    assert "checking your answer raised" not in feedback.message


@pytest.mark.parametrize(
    ("exercise_id", "answer"),
    [
        ("05.1", list(range(10**6))),
        ("03.2", ["w1" * 10**6, "w2"]),
        ("01.3", lambda df, dg, g, x: list(range(10**6))),
        ("02.1", {"x" * 10**6: 1}),
        ("00.1", "b" * 10**6),
    ],
)
def test_huge_answers_are_echoed_shortened(exercise_id, answer, capsys) -> None:
    check(exercise_id, answer)
    out = capsys.readouterr().out
    assert out.startswith("✘") and len(out) < 1000


# -- 3: one tolerance rule ----------------------------------------------------------------------


def test_the_rule_itself() -> None:
    assert close(-1.88452086817, -1.8845208681682175) == "exact"
    assert close(-1.88, -1.8845208681682175) == "rounded"
    assert close(-1.89, -1.8845208681682175) == "near"
    assert close(-1.9, -1.8845208681682175) == "near"
    assert close(-2.5, -1.8845208681682175) == "far"
    assert close(9.5e-7, 0.25**10) == "near"  # two figures
    assert close(9.5e-7, 0.25**10, significant=2) == "rounded"  # enough for a prediction
    assert close(1e-6, 0.25**10) == "near"
    assert close(0.0004, 0.0) == "rounded" and close(0.01, 0.0) == "far"


@pytest.mark.parametrize(
    ("exercise_id", "answer"),
    [("01.2", -1.88), ("01.4", 9.5e-7), ("01.5", -0.118), ("03.1", -0.8), ("04.2", 0.333)],
)
def test_three_significant_figures_are_accepted_and_told_how_close(exercise_id, answer) -> None:
    feedback = evaluate(exercise_id, answer)
    assert feedback.ok, feedback.message
    if exercise_id in ("01.2", "01.5"):
        assert "right to 3 significant figures" in feedback.message
    if exercise_id == "01.4":  # a prediction: two figures are the point
        assert "right to 2 significant figures" in feedback.message


@pytest.mark.parametrize(
    ("exercise_id", "answer"), [("01.2", -1.9), ("01.4", 1e-6), ("01.5", -0.12), ("04.2", 0.33)]
)
def test_a_near_miss_is_asked_for_more_digits(exercise_id, answer) -> None:
    feedback = evaluate(exercise_id, answer)
    assert feedback.status == "wrong" and "close" in feedback.message
    assert "give more digits" in feedback.message


@pytest.mark.parametrize(
    ("exercise_id", "answer"),
    [
        ("01.2", np.array(-1.885)),
        ("01.2", np.array([-1.885])),
        ("02.2", np.array([-3.0, -6.0])),
        ("03.4", np.array([337, 674, 1])),
    ],
)
def test_numpy_arrays_are_accepted_where_numbers_are_asked_for(exercise_id, answer) -> None:
    feedback = evaluate(exercise_id, answer)
    assert feedback.ok or "MLP" in feedback.message, feedback.message  # 03.4 needs the new MLP


# -- 4: hints in tiers; 7: solutions in one place -----------------------------------------------

GIVE_AWAY = {
    "01.3": "df(g(x)) * dg(x)",
    "03.3": "-= learning_rate * p.grad",
    "04.4": "beta * v + grad",
    "05.3": "dout @ W.T",
    "05.4": "np.eye(3)[targets]",
}


@pytest.fixture
def fresh_progress(monkeypatch):
    monkeypatch.setattr(core, "PROGRESS", {})


@pytest.mark.parametrize("exercise_id", sorted(GIVE_AWAY))
def test_a_first_wrong_try_gets_no_solution(exercise_id, fresh_progress, capsys) -> None:
    wrong_answers = {
        "01.3": lambda df, dg, g, x: df(x) * dg(x),
        "03.3": lambda params, lr: None,
        "04.4": lambda w, v, g, lr, b: (w, v),
        "05.3": lambda d, x, W: (d @ W, x.T @ d, d.sum(axis=0)),
        "05.4": np.zeros((2, 3)),
    }
    check(exercise_id, wrong_answers[exercise_id])
    out = capsys.readouterr().out
    assert out.startswith("✘") and "Hint:" in out
    assert GIVE_AWAY[exercise_id].replace(" ", "") not in out.replace(" ", "")
    assert "Stuck?" not in out


def test_hint_gives_the_next_tier_each_call_and_the_worked_solution_last(
    fresh_progress, capsys
) -> None:
    tiers = core.hint_tiers("01.3")
    assert len(tiers) == 3
    seen = []
    for _ in range(4):
        hint("01.3")
        seen.append(capsys.readouterr().out)
    assert seen[0].startswith("Hint 1 of 3") and seen[1].startswith("Hint 2 of 3")
    assert "df(u) * dg(x)" not in seen[0] + seen[1]
    assert "Worked solution" in seen[2] and "df(u) * dg(x)" in seen[2]
    assert seen[3] == seen[2].replace(" One more", " One more")  # the last tier stays


def test_a_callers_own_timer_survives_a_check() -> None:
    import signal

    previous = signal.signal(signal.SIGALRM, lambda *_: None)
    try:
        signal.setitimer(signal.ITIMER_REAL, 30.0)
        evaluate("01.3", lambda df, dg, g, x: df(g(x)) * dg(x))
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 25.0 < remaining <= 30.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_every_exercise_has_a_nudge_before_its_worked_solution() -> None:
    for exercise_id in REGISTRY:
        tiers = core.hint_tiers(exercise_id)
        assert len(tiers) >= 2 and tiers[-1].startswith("Worked solution"), exercise_id


def test_several_wrong_tries_offer_a_hint(fresh_progress, capsys) -> None:
    for _ in range(core.OFFER_AFTER):
        check("01.2", 0.0)
    assert 'Stuck? hint("01.2")' in capsys.readouterr().out


def test_without_the_solutions_file_every_check_still_verifies_and_hints_point_to_appendix_a(
    monkeypatch, fresh_progress, capsys
) -> None:
    right = {i: REGISTRY[i].reference_answer() for i in ("01.2", "01.3", "05.4")}
    monkeypatch.setitem(sys.modules, core.SOLUTIONS_MODULE, None)  # a handout: the file is gone
    for exercise_id, answer in right.items():
        assert evaluate(exercise_id, answer).ok
        assert not evaluate(exercise_id, 0.123).ok
    with pytest.raises(core.SolutionsRemoved):
        REGISTRY["01.3"].reference_answer()
    for _ in range(3):
        hint("01.3")
    out = capsys.readouterr().out
    assert "Appendix A" in out and "ask your instructor" in out
    assert "df(u) * dg(x)" not in out


def test_no_exercise_module_holds_a_worked_solution() -> None:
    """Only the solutions folder gives answers away; the checker modules hold no solution text."""
    from pathlib import Path

    folder = Path(core.__file__).parent
    for module in folder.glob("nb*.py"):
        text = module.read_text()
        assert "solution=" not in text and "answer_code=" not in text, module.name
    for exercise_id in REGISTRY:
        notebook = folder / "solutions" / f"nb{exercise_id.split('.')[0]}.py"
        assert f'"{exercise_id}": Worked(' in notebook.read_text(), exercise_id


def test_every_hint_tier_before_the_last_keeps_the_answer_back() -> None:
    for exercise_id, give_away in GIVE_AWAY.items():
        for tier in core.hint_tiers(exercise_id)[:-1]:
            assert give_away.replace(" ", "") not in tier.replace(" ", ""), exercise_id


# -- 5: diagnoses the review found generic ------------------------------------------------------


def test_01_5_forgetting_both_inner_derivatives_is_named() -> None:
    t = 0.5
    x, y = np.cos(t), np.exp(t)
    feedback = evaluate("01.5", 2 * x * y + x**2)  # ∂z/∂x + ∂z/∂y, no dx/dt, dy/dt
    assert "both paths are missing their inner derivatives" in feedback.message


def test_04_1_forgetting_the_learning_rate_is_named() -> None:
    feedback = evaluate("04.1", 1 - 2 * (1 * 3 - 2) * 3)  # w − ∂L/∂w = −5
    assert "forgot the learning rate" in feedback.message


def test_05_4_forgetting_the_one_hot_is_said_without_giving_the_answer() -> None:
    Z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    feedback = evaluate("05.4", P / 2)
    assert "the target is missing" in feedback.message
    assert "-0.17" not in feedback.message and "−0.17" not in feedback.message


def test_an_array_answer_is_judged_by_three_figures_of_its_largest_entry() -> None:
    Z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    exact = (P - np.eye(3)[[0, 1]]) / 2
    assert evaluate("05.4", np.round(exact, 3)).ok
    near = evaluate("05.4", np.round(exact, 2))
    assert near.status == "wrong" and "give more digits" in near.message


def test_the_last_hint_tier_shows_the_worked_code_the_solution_speaks_of() -> None:
    """07.2's worked solution says '(the code below)': the last tier must carry that code."""
    for exercise_id in ("07.2", "04.4", "01.3"):
        last = core.hint_tiers(exercise_id)[-1]
        answer_code = REGISTRY[exercise_id].answer_code.strip()
        assert "In code:" in last and answer_code in last, exercise_id
