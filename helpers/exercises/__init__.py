"""Self-checking exercises: ``check("01.2", answer)`` prints what is right or wrong, with a nudge;
``hint("01.2")`` gives a further hint each time, the worked solution last.

The mechanism is in :mod:`helpers.exercises.core`; the exercises of notebook ``NN`` are registered
by the module ``nbNN`` of this package, each found and imported here. The worked solutions are in
:mod:`helpers.exercises.solutions` alone (a student edition deletes that file).
"""

import pkgutil
from importlib import import_module

from .core import REGISTRY, Exercise, Feedback, check, evaluate, hint

for _module in pkgutil.iter_modules(__path__):
    if _module.name.startswith("nb"):
        import_module(f"{__name__}.{_module.name}")

__all__ = ["REGISTRY", "Exercise", "Feedback", "check", "evaluate", "hint"]
