"""A widget in a deck or on the static site is a still picture of its stored state, never controls.

An exported ipywidget needs a kernel to do anything: its slider moves and its picture stays (a
deck that shows dead controls is worse than none). ``freeze`` replaces every widget output of a
notebook by plain HTML made from the widget state ``make notebooks`` stores: the widget's pictures
(``Image`` models), its text read-outs (``HTML``/``Label`` models, the outputs of an ``Output``),
the values of its controls written out as words, and a caption saying that it is live in
JupyterLab. The notebook's widget state is then dropped, so no widget renderer is needed.
"""

from __future__ import annotations

import copy
import html
from typing import Any

import nbformat

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
CAPTION_CLASS = "still-widget-caption"
PICTURE_CLASS = "still-widget"
TEXT_MODELS = {"HTMLModel", "HTMLMathModel", "LabelModel"}
VALUE_MODELS = {
    "FloatSliderModel": "{:.4g}",
    "FloatLogSliderModel": "{:.4g}",
    "IntSliderModel": "{}",
    "DropdownModel": None,
    "ToggleButtonsModel": None,
    "RadioButtonsModel": None,
    "CheckboxModel": "{}",
    "ToggleButtonModel": "{}",
}


def _children(model: dict[str, Any]) -> list[str]:
    return [c.removeprefix("IPY_MODEL_") for c in model["state"].get("children", [])]


def _control_value(model: dict[str, Any]) -> str | None:
    """A control's value as words ("x = 0.5"), or None for a control without a value (a button)."""
    name, state = model["model_name"], model["state"]
    if name not in VALUE_MODELS:
        return None
    if VALUE_MODELS[name] is None:  # a selection: the label of the chosen option
        labels, index = state.get("_options_labels", []), state.get("index")
        if index is None or not 0 <= index < len(labels):
            return None
        value = labels[index]
    else:
        value = VALUE_MODELS[name].format(state.get("value"))
    label = state.get("description") or ""
    return f"{label} {value}".strip() if label.endswith(("=", ":")) else f"{label} = {value}"


def _picture(models: dict[str, Any], model_id: str, parts: list[str], controls: list[str]) -> None:
    """Append the HTML of model ``model_id`` and its children to ``parts`` (depth first, in the
    order the widget lays them out) and its controls' values to ``controls``."""
    model = models.get(model_id)
    if model is None:
        return
    name, state = model["model_name"], model["state"]
    if name == "ImageModel":
        for buffer in model.get("buffers", []):
            if buffer.get("path") == ["value"] and buffer.get("encoding") == "base64":
                fmt = html.escape(state.get("format", "png"))
                parts.append(
                    f'<img src="data:image/{fmt};base64,{buffer["data"]}" '
                    'style="max-width:100%" alt="still picture of the widget">'
                )
    elif name in TEXT_MODELS and state.get("value"):
        value = state["value"] if name != "LabelModel" else html.escape(state["value"])
        parts.append(f"<div>{value}</div>")
    elif name == "OutputModel":
        for output in state.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                parts.append(f'<img src="data:image/png;base64,{data["image/png"]}">')
            elif "text/html" in data:
                parts.append(f"<div>{data['text/html']}</div>")
            elif output.get("output_type") == "stream":
                parts.append(f"<pre>{html.escape(output.get('text', ''))}</pre>")
    elif (value := _control_value(model)) is not None:
        controls.append(value)
    for child in _children(model):
        _picture(models, child, parts, controls)


def still_picture(
    models: dict[str, Any], model_id: str, text: str, fallback: dict[str, Any] | None = None
) -> str:
    """The HTML that stands for the widget ``model_id`` whose text repr is ``text``: the static
    picture the widget stored beside its view (``image/png`` or ``text/html`` in ``fallback``, the
    output's data) if it stored one, else one made from its widget state."""
    kind, _, rest = text.partition("(")
    if kind == "SelfCheck":  # a room vote: its stored text is "not answered yet"
        exercise_id = rest.split(",")[0].rstrip(")")
        return (
            f'<p class="{CAPTION_CLASS}">Room vote on exercise {html.escape(exercise_id)}: in '
            "JupyterLab, click the letter the room chose.</p>"
        )
    parts: list[str] = []
    controls: list[str] = []
    fallback = fallback or {}
    if "image/png" in fallback:
        parts.append(f'<img src="data:image/png;base64,{fallback["image/png"]}">')
    elif "text/html" in fallback:
        html_text = fallback["text/html"]
        parts.append("".join(html_text) if isinstance(html_text, list) else html_text)
    else:
        _picture(models, model_id, parts, controls)
    settings = f" Shown with {', '.join(map(html.escape, controls))}." if controls else ""
    caption = (
        f'<p class="{CAPTION_CLASS}">A still picture of the {html.escape(kind)}: it is live in '
        f"JupyterLab (make lab), where its controls redraw it.{settings}</p>"
    )
    return f'<div class="{PICTURE_CLASS}">{"".join(parts)}</div>{caption}'


def freeze(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` with every widget output replaced by its still picture and no widget
    state left (so an exporter loads no widget renderer)."""
    nb = copy.deepcopy(nb)
    models = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for cell in nb.cells:
        for i, output in enumerate(cell.get("outputs", [])):
            data = output.get("data", {})
            if WIDGET_VIEW not in data:
                continue
            text = data.get("text/plain", "a widget")
            text = "".join(text) if isinstance(text, list) else text
            picture = still_picture(models, data[WIDGET_VIEW]["model_id"], text, data)
            cell.outputs[i] = nbformat.v4.new_output(
                "display_data", data={"text/html": picture, "text/plain": text}
            )
    nb.metadata.pop("widgets", None)
    return nb
