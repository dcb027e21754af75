"""The small library behind the notebooks of *How neural networks learn*.

Notebooks build each idea in front of the student first, then switch to the version kept here,
which is the same idea with more operations, better errors and more speed::

    import helpers
    helpers.plot.use_style()            # presenter style: HELPERS_PRESENT=1 in the environment
    x = helpers.Value(2.0, label="x")   # the scalar autodiff engine of notebooks 02-03

Names are imported on first use, so ``import helpers`` stays instant and a notebook only pays for
the modules it touches.
"""

from importlib import import_module
from typing import Any

# Public name -> module of this package that defines it.
_EXPORTS = {
    "check": "exercises",
    "hint": "exercises",
    "use_style": "plot",
    "numerical_derivative": "gradcheck",
    "numerical_gradient": "gradcheck",
    "compare_gradients": "gradcheck",
    "check_gradients": "gradcheck",
    "Value": "scalar",
    "Tensor": "tensor",
    "draw_graph": "graph",
    "draw_network": "diagram",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
        globals()[name] = value
        return value
    try:
        return import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module 'helpers' has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
