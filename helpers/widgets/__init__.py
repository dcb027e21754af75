"""Interactive widgets of the series (ipywidgets), one module per widget family.

Every widget can be driven from code (set a control's ``.value``, call ``.click()`` on a button),
so a notebook cell after a widget can drive it and print a result that nbval compares; and every
widget has a short, deterministic ``repr``, because nbval compares the text stored beside its view.
In front of a room (``HELPERS_PRESENT=1``) a widget takes its sizes from :mod:`helpers.plot`
(``presenting()``, ``control_layout()``, ``scaled_controls()``).
"""

from .chain_rule import ChainRuleExplorer as ChainRuleExplorer
from .descent import LearningRateExplorer as LearningRateExplorer
from .selfcheck import SelfCheck as SelfCheck
from .stepper import BackpropStepper as BackpropStepper
from .trainer import LiveTrainer as LiveTrainer
