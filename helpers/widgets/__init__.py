"""Interactive widgets of the series (ipywidgets), one module per widget family.

Every widget can be driven from code (set a control's ``.value``, call ``.click()`` on a button),
so a notebook cell after a widget can drive it and print a result that nbval compares; and every
widget has a short, deterministic ``repr``, because nbval compares the text stored beside its view.
"""

from .descent import LearningRateExplorer as LearningRateExplorer
from .explorers import ChainRuleExplorer as ChainRuleExplorer
from .selfcheck import SelfCheck as SelfCheck
from .stepper import BackpropStepper as BackpropStepper
from .trainer import LiveTrainer as LiveTrainer
