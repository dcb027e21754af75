"""BackpropStepper: backpropagation one node at a time, with the chain rule printed at each step.

Book §1.3: "the calculation of the gradient proceeds backwards through the network ... storing
intermediate results as it goes along". The stepper makes that visible. It walks the nodes in
reverse topological order (the output first, then each node once everything that uses it is
done). At step 0 every gradient is 0 except the output's seed ∂L/∂L = 1. Each step takes the next
node and pushes its gradient to each of its parents with the chain rule, equation (1.1)::

    ∂L/∂b += ∂L/∂e · ∂e/∂b = 1.0 × -2.0 = -2.0

The node being processed is highlighted in the drawing (with the operation that made it and
the local derivatives on its input edges), and the products are printed under it. ::

    stepper = BackpropStepper(L)
    stepper                      # in a notebook: Back / Next / Reset buttons and the graph
    stepper.next(); print(stepper.explanation)
    stepper.grad(b)              # ∂L/∂b after the steps so far

The stepper keeps its gradients to itself: the ``.grad`` of the graph's nodes are never written,
so whatever ``L.backward()`` (or anything else) left there is still there after stepping,
resetting or finishing.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from helpers import validate
from helpers.graph import GraphDrawing
from helpers.graph_layout import MAX_NODES, check_root, format_number, node_names, reachable_nodes
from helpers.scalar import Value, topological_order
from helpers.widgets.render import image_view

MAX_IMAGE_WIDTH = 2000  # pixels: twice a notebook column, sharp on high-density screens

# How the explanation writes a node made by each op from its parents' names.
_INFIX = {"+": "+", "-": "−", "*": "×", "/": "/", "**": "**"}
_PREFIX = {"neg": "−"}


class BackpropStepper(widgets.VBox):
    """Step through backpropagation of ``root`` node by node (Book §1.3, equation (1.1)).

    The stepper keeps its own gradients, :meth:`grad` ``(node)``, and never writes the nodes'
    ``.grad``: stepping, :meth:`reset` or finishing leaves the graph's gradients exactly as they
    were (a cell that compares ``.grad`` with ``backward()`` gives the same answer before and
    after the stepper ran). At step 0 every gradient is 0 and the output's is 1; after the last
    step each :meth:`grad` is exactly what ``root.backward()`` puts in ``.grad``.

    The steps visit the nodes in exactly ``backward()``'s order, the reverse of
    :func:`helpers.scalar.topological_order` (for node types other than :class:`helpers.Value`,
    the reverse of :func:`helpers.graph_layout.reachable_nodes`), so every gradient is added up
    in the same order and comes out bit for bit the same.

    Drive it with the buttons or from code: :meth:`next`, :meth:`back`, :meth:`reset`, or set
    :attr:`step`. :attr:`explanation` is the text shown for the current step. Nodes without a
    label are called ``#k`` in the text as in the drawing (see
    :func:`helpers.graph_layout.node_names`).
    Each step redraws only what changed; still, keep to graphs of a few dozen nodes: a bigger
    one is unreadable at a notebook's width and slower to redraw.
    """

    def __init__(
        self,
        root: Any,
        *,
        edge_labels: bool = True,
        title: str | None = None,
        max_nodes: int = MAX_NODES,
    ) -> None:
        check_root("BackpropStepper", "root", root)
        super().__init__()
        self._root = root
        # The drawing walks the graph the same way, so "#k" means the same node in both.
        self._nodes = reachable_nodes(root, max_nodes)
        self._names = node_names(self._nodes)
        self._index = {id(node): i for i, node in enumerate(self._nodes)}
        # backward()'s own order, so that every sum is added up as backward() adds it.
        sweep = topological_order(root) if isinstance(root, Value) else self._nodes
        self._order = tuple(reversed(sweep))
        self._step = 0
        self._explanation = ""
        self._grads = [0.0] * len(self._nodes)  # the stepper's gradients, one per node
        # One full sweep first, so the boxes are sized for every gradient they will show.
        seen: list[float] = []
        self._replay(len(self._order), seen)
        if title is None:
            title = f"Backpropagation through {self._name(root)}, one node at a time"
        self._drawing = GraphDrawing(
            root,
            edge_labels=edge_labels,
            title=title,
            reserve_numbers=seen,
            max_nodes=max_nodes,
        )
        # A big graph is shown shrunk to the notebook's width anyway; fewer pixels redraw faster.
        fig = self._drawing.fig
        fig.set_dpi(min(fig.dpi, MAX_IMAGE_WIDTH / fig.get_figwidth()))
        self.children = self._view(fig)
        self.step = 0

    # -- driving it ------------------------------------------------------------------------------

    @property
    def step(self) -> int:
        """The current step: 0 (only the seed) up to :attr:`num_steps` (every node processed)."""
        return self._step

    @step.setter
    def step(self, k: int) -> None:
        k = validate.integer("step", k, minimum=0, maximum=self.num_steps)
        self._explanation = self._replay(k)
        self._step = k
        self._render()

    @property
    def num_steps(self) -> int:
        """One step per node of the graph."""
        return len(self._order)

    @property
    def order(self) -> tuple[Any, ...]:
        """The nodes in the order the steps visit them: reverse topological order, output first."""
        return self._order

    @property
    def current(self) -> Any | None:
        """The node processed by the current step (``None`` at step 0)."""
        return self._order[self._step - 1] if self._step else None

    @property
    def explanation(self) -> str:
        """What the current step did: the chain-rule products it applied (4 significant digits)."""
        return self._explanation

    @property
    def figure(self) -> Any:
        """The matplotlib Figure of the graph, in the state of the current step (it is not
        registered with pyplot: nothing to close; ``display(stepper.figure)`` shows it alone)."""
        return self._drawing.fig

    def grad(self, node: Any) -> float:
        """∂root/∂node as far as the steps so far have added it up (the node's ``.grad`` is left
        alone; after the last step this is what ``root.backward()`` gives)."""
        i = self._index.get(id(node))
        if i is None:
            raise ValueError(
                f"grad takes a node of this stepper's graph, got {validate.shown(node)}, which "
                f"{self._name(self._root)} does not depend on"
            )
        return self._grads[i]

    def next(self) -> None:
        """Process the next node (does nothing after the last step)."""
        if self._step < self.num_steps:
            self.step = self._step + 1

    def back(self) -> None:
        """Undo one step (does nothing at step 0): the steps before it are replayed from 0."""
        if self._step > 0:
            self.step = self._step - 1

    def reset(self) -> None:
        """Back to step 0: every gradient 0 except the output's seed 1."""
        self.step = 0

    def _handler(self, action: Callable[[], None]) -> Callable[[Any], None]:
        """A button's click handler: ``action``, and a failure shown in the view, never raised
        to the notebook (a click has no cell to show a traceback in)."""

        def on_click(_: Any) -> None:
            try:
                action()
            except Exception as error:  # shown to the student instead of raised
                self._text.value = (
                    f"<pre>The stepper could not draw this step: {html.escape(str(error))}</pre>"
                )

        return on_click

    def __repr__(self) -> str:
        return f"BackpropStepper(step {self._step} of {self.num_steps})"

    # -- the computation -------------------------------------------------------------------------

    def _replay(self, k: int, seen: list[float] | None = None) -> str:
        """Set the stepper's gradients to their state after ``k`` steps; return the explanation
        of step ``k``.

        Exactly ``backward()``'s arithmetic in ``backward()``'s order, so the final gradients
        are identical to it, not just close. ``seen`` collects every gradient that appears.
        """
        self._grads = [0.0] * len(self._nodes)
        self._grads[self._index[id(self._root)]] = 1.0
        out = self._name(self._root)
        text = (
            f"Step 0 of {self.num_steps}: the seed ∂{out}/∂{out} = 1.0 ({out} is the output); "
            "every other gradient starts at 0.\n"
            "Next visits the nodes from the output backwards, each one only after every node "
            "that uses it."
        )
        for j in range(k):
            text = self._push(j + 1, seen)
        return text

    def _push(self, k: int, seen: list[float] | None) -> str:
        """Step ``k``: its node passes ∂L/∂node × local derivative to each parent."""
        node = self._order[k - 1]
        name = self._name(node)
        out = self._name(self._root)
        grads = self._grads
        grad = grads[self._index[id(node)]]
        lines = [f"Step {k} of {self.num_steps}: {self._describe(node)}"]
        if not node.parents:
            lines.append(
                f"{name} is a leaf (an input or a parameter): it passes nothing on; "
                f"its gradient ∂{out}/∂{name} = {format_number(grad)} is final."
            )
        else:
            why = "the seed" if node is self._root else "final: everything using it is done"
            lines.append(f"∂{out}/∂{name} = {format_number(grad)} ({why}). The chain rule:")
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            contribution = local * grad
            j = self._index[id(parent)]
            grads[j] += contribution
            if seen is not None:
                seen.append(grads[j])
            p = self._name(parent)
            lines.append(
                f"∂{out}/∂{p} += ∂{out}/∂{name} · ∂{name}/∂{p} = {format_number(grad)} × "
                f"{format_number(local)} = {format_number(contribution)}"
                f"   (∂{out}/∂{p} is now {format_number(grads[j])})"
            )
        return "\n".join(lines)

    def _name(self, node: Any) -> str:
        return self._names[self._index[id(node)]]

    def _describe(self, node: Any) -> str:
        """``e = a × b``: the node and how it was computed, in its parents' names."""
        name, op = self._name(node), node.op
        ps = [self._name(p) for p in node.parents]
        if not ps:
            return f"{name} (a leaf)"
        if op in _INFIX and len(ps) == 2:
            return f"{name} = {ps[0]} {_INFIX[op]} {ps[1]}"
        if op in ("+", "*") or (op == "-" and node.local_grads[0] > 0):
            return f"{name} = {ps[0]} {_INFIX[op]} a constant"
        if op == "-":
            return f"{name} = a constant − {ps[0]}"
        if op in _INFIX:
            return f"{name} = {ps[0]} and a constant combined by {op}"
        if op in _PREFIX:
            return f"{name} = {_PREFIX[op]}{ps[0]}"
        return f"{name} = {op}({', '.join(ps)})"

    # -- the view --------------------------------------------------------------------------------

    def _view(self, fig: Any) -> tuple[widgets.Widget, ...]:
        """The buttons and the step counter, the picture, the explanation."""
        self.back_button = widgets.Button(description="◀ Back", tooltip="undo one step")
        self.next_button = widgets.Button(description="Next ▶", tooltip="process the next node")
        self.reset_button = widgets.Button(description="Reset", tooltip="back to step 0")
        self.back_button.on_click(self._handler(self.back))
        self.next_button.on_click(self._handler(self.next))
        self.reset_button.on_click(self._handler(self.reset))
        self._status = widgets.Label()
        # The picture is a PNG in an Image widget, not a figure displayed into an Output: it is
        # replaced in place (no flicker), never passes through pyplot or the inline backend
        # (nothing shown twice, nothing to close), and GraphDrawing.png() redraws only what a
        # step changes. Shown at its own size, shrunk to fit a narrower notebook.
        self._graph = image_view(fig)
        self._text = widgets.HTML()
        buttons = [self.back_button, self.next_button, self.reset_button, self._status]
        return (widgets.HBox(buttons), self._graph, self._text)

    def _render(self) -> None:
        current = self.current
        highlight = () if current is None else (current,)
        self._graph.value = self._drawing.png(highlight, self._grads)
        self._status.value = f"step {self._step} of {self.num_steps}"
        self._text.value = (
            '<pre style="font-size: 1.1em; line-height: 1.4">'
            f"{html.escape(self._explanation)}</pre>"
        )
        self.back_button.disabled = self._step == 0
        self.next_button.disabled = self._step == self.num_steps
