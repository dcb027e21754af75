"""Running a student's function safely: under a time limit, with its errors and prints explained.

A check calls the student's function on fresh inputs. Whatever that code does (loops forever,
raises, calls ``exit()``, prints its result instead of returning it, is interrupted with the stop
button), the student gets one line saying so, never a traceback through the checker.
"""

from __future__ import annotations

import contextlib
import copy
import io
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .feedback import Feedback, StudentMistake, correct, open_, shown, still_open, wrong

TIME_LIMIT = 5.0  # seconds a student's function may run in one check, in total
PRINT_ECHO = 2000  # characters of a student's own print output passed through, at most

__all__ = ["TIME_LIMIT", "call", "function_feedback", "same", "time_budget"]


class _OutOfTime(BaseException):
    """Raised in the student's code when the time limit is up (a BaseException, so that a
    student's ``except Exception`` cannot swallow it)."""


def _under_time_limit(function: Callable[..., Any], args: Sequence[Any], seconds: float) -> Any:
    """``function(*args)``, interrupted with :class:`_OutOfTime` after ``seconds``."""
    use_signal = (
        hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    if not use_signal:  # e.g. on Windows: a worker thread; an endless loop is left behind in it
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["value"] = function(*args)
            except BaseException as error:  # re-raised in the caller below
                box["error"] = error

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(seconds)
        if worker.is_alive():
            raise _OutOfTime
        if "error" in box:
            raise box["error"]
        return box["value"]

    def alarm(signum: int, frame: Any) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, alarm)
    start = time.monotonic()
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)  # a timer of the caller's, if any
    try:
        return function(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # give the caller's timer back, less the time spent here
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - start), 1e-3))


_DEADLINE: list[float] = []  # when the check under way must end (time.monotonic), if one is


@contextlib.contextmanager
def time_budget():
    """One check: all calls of the student's code inside share :data:`TIME_LIMIT` between them."""
    _DEADLINE.append(time.monotonic() + TIME_LIMIT)
    try:
        yield
    finally:
        _DEADLINE.pop()


def _time_left() -> float:
    if not _DEADLINE:
        return TIME_LIMIT
    return max(_DEADLINE[-1] - time.monotonic(), 1e-3)


def call(
    function: Callable[..., Any],
    *args: Any,
    name: str = "your function",
    returns: bool = True,
    hint: str = "",
) -> Any:
    """``function(*args)`` run as student code; anything that goes wrong raises StudentMistake.

    The call runs under :data:`TIME_LIMIT` (shared by all calls of one check, see
    :func:`time_budget`); an exception, ``KeyboardInterrupt`` (the stop button)
    or ``SystemExit`` (``exit()``) from it becomes one line of feedback. With ``returns``, a
    function that prints and returns ``None`` is told to return instead. What the function
    prints is passed on, shortened.
    """
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            result = _under_time_limit(function, args, _time_left())
    except _OutOfTime:
        message = f"{name} did not return within {TIME_LIMIT:g} s (an endless loop?)."
        raise StudentMistake(
            wrong(message, "look for a loop whose condition never changes.")
        ) from None
    except KeyboardInterrupt:
        raise StudentMistake(wrong(f"{name} was interrupted (the stop button).")) from None
    except SystemExit:
        message = f"{name} called exit() or sys.exit(), which stops the program; return instead."
        raise StudentMistake(wrong(message, hint)) from None
    except RecursionError:
        message = f"{name} calls itself without end (RecursionError)."
        raise StudentMistake(wrong(message, hint)) from None
    except Exception as error:  # a student's function may raise anything: explain, don't crash
        text = shown(str(error)).strip("'\"")
        message = f"{name} raised {type(error).__name__}: {text}"
        if not hint:
            hint = "run your function on a small input by itself first and read the error message."
        raise StudentMistake(wrong(message, hint)) from None
    output = printed.getvalue()
    if returns and result is None and output.strip():
        raise StudentMistake(
            wrong(
                f"{name} printed {shown(output.strip())} but returned None: a function hands "
                "its result back with return, not print.",
                "replace print(...) by return ...",
            )
        )
    if output:
        sys.stdout.write(output if len(output) <= PRINT_ECHO else output[:PRINT_ECHO] + "…\n")
    return result


def same(got: Any, want: Any, rtol: float = 1e-9, atol: float = 1e-12) -> bool:
    """Are ``got`` and ``want`` the same numbers, in the same shape (nested tuples, arrays)?"""
    if isinstance(got, tuple | list) and not isinstance(want, tuple | list) and np.ndim(want) == 0:
        return False
    if isinstance(want, tuple | list):
        return (
            isinstance(got, tuple | list)
            and len(got) == len(want)
            and all(same(g, w, rtol, atol) for g, w in zip(got, want, strict=True))
        )
    try:
        with np.errstate(all="ignore"):
            g, w = np.asarray(got), np.asarray(want, dtype=np.float64)
            if g.dtype.kind not in "biuf" or g.dtype == bool:
                return False
            g = g.astype(np.float64)
    except (TypeError, ValueError, OverflowError):
        return False
    return g.shape == w.shape and bool(np.allclose(g, w, rtol=rtol, atol=atol))


Case = tuple[tuple[Any, ...], str]  # (the arguments, how to say them: "f = sin, g = x² at 1.5")


def function_feedback(
    answer: Any,
    *,
    name: str,
    cases: Sequence[Case],
    reference: Callable[..., Any],
    right: str,
    hint: str,
    mistakes: Sequence[tuple[str, Callable[..., Any]]] = (),
    parts: Sequence[str] = (),
    outcome: Callable[[tuple[Any, ...], Any], Any] | None = None,
    diagnose: Callable[[list[Any], Sequence[Case]], Feedback | None] | None = None,
    close: Callable[[Any, Any], bool] = same,
) -> Feedback:
    """The feedback for an answer that is a function: run it on ``cases``, compare, diagnose.

    ``reference(*args)`` is what the function should give; each of ``mistakes`` is an
    explanation and the function a typical slip computes, named when it fits every case.
    ``parts`` names the returned values (``("dx", "dW", "db")``), so that a template still
    returning ``...`` is told which part. ``outcome(args, returned)`` is what is compared (for a
    function that works in place, e.g. the parameters' new data); ``diagnose`` may explain the
    results in a way the mistakes cannot. The student's function always gets copies.
    """
    if not callable(answer):
        return wrong(
            f"answer should be your function itself (answer = {name}, no parentheses), "
            f"but it is a {type(answer).__name__}.",
            f"define {name} in the cell, then write answer = {name}.",
        )
    results = []
    for args, _ in cases:
        given = copy.deepcopy(args)
        returned = call(answer, *given, name=f"your {name}", returns=outcome is None)
        got = returned if outcome is None else outcome(given, returned)
        if returned is None and outcome is None:
            return wrong(
                f"your {name} returned None: it needs a line return ... with its result.",
                hint,
            )
        unfinished = still_open(got, "")
        if unfinished is not None:
            return open_(_unfinished(name, unfinished, parts))
        if parts and isinstance(got, np.ndarray) and got.ndim == 1 and len(got) == len(parts):
            got = list(got)  # an array of the right numbers is as good as a tuple
        if parts and (not isinstance(got, tuple | list) or len(got) != len(parts)):
            return wrong(
                f"{name} should return {len(parts)} values ({', '.join(parts)}); it returned "
                f"{shown(got)}.",
                f"end it with return {', '.join(parts)}",
            )
        results.append(got)
    wanted = [reference(*args) for args, _ in cases]
    if all(close(g, w) for g, w in zip(results, wanted, strict=True)):
        return correct(right)
    for explanation, mistake in mistakes:
        if all(close(g, mistake(*args)) for g, (args, _) in zip(results, cases, strict=True)):
            return wrong(explanation, hint)
    if diagnose is not None:
        found = diagnose(results, cases)
        if found is not None:
            return found
    got, want, (_, case) = next(
        (g, w, c) for g, w, c in zip(results, wanted, cases, strict=True) if not close(g, w)
    )
    if not _is_numeric(got):
        return wrong(f"for {case} your {name} gives {shown(got)}, which is not a number.", hint)
    return wrong(
        f"for {case} your {name} gives {_number(got)}, but it should give {_number(want)}.", hint
    )


def _is_numeric(value: Any) -> bool:
    """Is ``value`` made of numbers only (a number, an array, a tuple of them)?"""
    if isinstance(value, tuple | list) and len(value) <= 6:
        return all(_is_numeric(v) for v in value)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            array = np.asarray(value)
    except (TypeError, ValueError):
        return False
    return array.dtype.kind in "iuf"


def _number(value: Any) -> str:
    """A result as a student reads it: numbers to 4 significant figures, arrays shortened."""
    if isinstance(value, tuple | list) and len(value) <= 6:
        return "(" + ", ".join(_number(v) for v in value) + ")"
    if isinstance(value, float | np.floating):
        return f"{value:.4g}"
    return shown(value)


def _unfinished(name: str, where: str, parts: Sequence[str]) -> str:
    """ "dW is still ...", from the place ``[1]`` where the returned value holds ``...``."""
    if where == "":
        return f"your {name} still returns ...: replace it with your formula."
    index = where[1:].split("]", 1)[0]
    if parts and index.isdigit() and int(index) < len(parts):
        return f"{parts[int(index)]} is still ...: replace it with a formula."
    return f"your {name} still returns ... in its result: replace it with a formula."
