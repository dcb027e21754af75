"""Widgets in the decks and on the site are still pictures with a caption, never dead controls."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import still_widgets
from nbformat.v4 import new_code_cell, new_notebook, new_output

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "01_chain_rule.ipynb"


def widget_outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [
        o
        for c in nb.cells
        for o in c.get("outputs", [])
        if still_widgets.WIDGET_VIEW in o.get("data", {})
    ]


def test_every_widget_of_a_notebook_becomes_a_captioned_picture_without_widget_state() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    views = len(widget_outputs(nb))
    frozen = still_widgets.freeze(nb)
    assert views >= 2 and widget_outputs(frozen) == []
    assert "widgets" not in frozen.metadata
    text = json.dumps([c.get("outputs", []) for c in frozen.cells])
    assert text.count(still_widgets.CAPTION_CLASS) == views
    assert "data:image/png;base64," in text  # the explorer's picture, from its Image model
    assert widget_outputs(nb), "the notebook given is left as it was"


def test_a_stored_static_picture_is_preferred_to_the_widget_state() -> None:
    state = {"m": {"model_name": "HTMLModel", "state": {"value": "from the state"}}}
    nb = new_notebook(cells=[new_code_cell("w")])
    nb.metadata["widgets"] = {still_widgets.WIDGET_STATE: {"state": state}}
    data = {still_widgets.WIDGET_VIEW: {"model_id": "m"}, "text/plain": "Explorer(x=1)"}
    nb.cells[0].outputs = [new_output("display_data", data=data)]
    from_state = still_widgets.freeze(nb).cells[0].outputs[0].data["text/html"]
    assert "from the state" in from_state and "Explorer" in from_state
    nb.cells[0].outputs[0].data["image/png"] = "iVBORw0KGgo="
    stored = still_widgets.freeze(nb).cells[0].outputs[0].data["text/html"]
    assert "data:image/png;base64,iVBORw0KGgo=" in stored and "from the state" not in stored


def test_controls_are_described_in_words_not_drawn() -> None:
    state = {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_s", "IPY_MODEL_d"]}},
        "s": {"model_name": "FloatSliderModel", "state": {"value": 0.5, "description": "x"}},
        "d": {
            "model_name": "DropdownModel",
            "state": {"_options_labels": ["sin", "tanh"], "index": 1, "description": "f:"},
        },
    }
    html = still_widgets.still_picture(state, "box", "Explorer()")
    assert "x = 0.5" in html and "f: tanh" in html
    assert "<input" not in html and "<select" not in html
