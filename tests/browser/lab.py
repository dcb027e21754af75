"""A throw-away JupyterLab and a Chromium page that opens, runs and inspects one notebook.

The facts this relies on (selectors, launch flags, command line) are the verified ones of
``shared/guides/browser-testing.md``. Every wait is on a condition in the page or on the server,
bounded by a timeout whose error message says what was awaited and what was seen instead.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pytest
from notebook_io import deterministic_env

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
SCREENSHOTS = ROOT / "build" / "screenshots"

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
MAX_SCREENSHOT_HEIGHT = 16_000  # px; Chromium renders taller pages, but images get unwieldy

SERVER_START_TIMEOUT = 90.0  # s, JupyterLab up and answering /api/status
SERVER_STOP_TIMEOUT = 20.0
OPEN_TIMEOUT = 90_000  # ms, page loaded, every cell in the DOM, kernel started and idle
RUN_TIMEOUT = 180_000  # ms, Run All Cells finished
IDLE_SETTLE = 500  # ms the kernel must stay idle to count as done (it blips busy for comms)

HOW_TO_GET_CHROMIUM = (
    "install Debian's Chromium (`apt-get install -y chromium`), then `make browser`"
)

# Deterministic kernels, exactly as nbval and tools/run_notebooks.py run the notebooks.
DETERMINISTIC_ENV = deterministic_env()

# User settings for the throw-away JupyterLab: render every cell (no virtual scrolling, so every
# cell is in the DOM and in the screenshot) and fetch nothing from the internet.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
        "scrollPastEnd": False,
    },
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}

# Helpers installed in every page (``window.courseTest``), used by the waits and the reports.
PAGE_HELPERS = r"""
window.courseTest = (() => {
  const STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]';
  const cells = () => [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
  const kernelText = () => {
    const item = [...document.querySelectorAll('.jp-StatusBar-TextItem')]
      .find(e => /\|\s*\S+$/.test(e.textContent.trim()) && /kernel/i.test(e.title || ''));
    return item ? item.textContent.trim() : '';
  };
  const kernelIdle = () => /\|\s*Idle$/.test(kernelText());
  let idleSince = null;
  const settledIdle = (ms) => {
    if (!kernelIdle()) { idleSince = null; return false; }
    const now = performance.now();
    if (idleSince === null) idleSince = now;
    return now - idleSince >= ms;
  };
  const prompt = (cell) => {
    const p = cell.querySelector('.jp-InputPrompt');
    return p ? p.textContent.trim() : '';
  };
  const topWidgetViews = (cell) => cell.querySelectorAll(
    '.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output > .jupyter-widgets');
  const logEntries = () => {
    const item = document.querySelector('.jp-LogConsoleStatusItem');
    if (!item || item.classList.contains('lm-mod-hidden')) return 0;
    const titled = item.querySelector('[title]');
    const m = /(\d+) log entr/.exec(titled ? titled.title : '');
    return m ? Number(m[1]) : 0;
  };
  const hash = (s) => {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
    return (h >>> 0).toString(16) + ':' + s.length;
  };
  // What a widget view shows that only the kernel can change: text outside the controls'
  // own displays (a slider's readout and a dropdown's options change in the browser alone)
  // and the images and drawings.
  const signature = (index) => {
    const cell = cells()[index];
    const area = cell && cell.querySelector('.jp-Cell-outputArea');
    if (!area) return {text: '', images: []};
    const clone = area.cloneNode(true);
    clone.querySelectorAll('.widget-readout, select, input, textarea, style, script, '
      + '.jp-OutputArea-promptOverlay, .jp-OutputArea-prompt').forEach(e => e.remove());
    const parts = [];
    const walker = document.createTreeWalker(clone, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) parts.push(walker.currentNode.nodeValue);
    const text = parts.join(' ').replace(/\s+/g, ' ').trim();
    const images = [...area.querySelectorAll('img')].map(i => 'img ' + hash(i.src))
      .concat([...area.querySelectorAll('.jupyter-widgets svg')]
        .map(s => 'svg ' + hash(s.outerHTML)));
    return {text, images};
  };
  const changed = (before, after, what) => {
    const text = before.text !== after.text;
    const image = JSON.stringify(before.images) !== JSON.stringify(after.images);
    return what === 'text' ? text : what === 'image' ? image : (text || image);
  };
  // Run All has finished: the kernel is idle, no cell is queued or running ([*]), and either
  // every non-empty code cell has an execution count or the run stopped at an error.
  const runFinished = (required) => {
    const all = cells();
    const prompts = all.map(prompt);
    if (prompts.some(p => p.includes('*')) || !kernelIdle()) return false;
    const numbered = required.filter(i => /\[\d+\]/.test(prompts[i] || ''));
    if (numbered.length === required.length) return true;
    return numbered.length > 0 && document.querySelector('.jp-Notebook ' + STDERR) !== null;
  };
  const report = () => cells().map((cell, index) => ({
    index,
    code: cell.classList.contains('jp-CodeCell'),
    prompt: prompt(cell),
    errors: [...cell.querySelectorAll(STDERR)].map(e => e.innerText.slice(0, 2000)),
    widgetViews: topWidgetViews(cell).length,
    widgetProblems: [...cell.querySelectorAll('.jp-Cell-outputArea .jp-OutputArea-output')]
      .map(e => e.innerText)
      .filter(t => /Error displaying widget|Error rendering|model not found/i.test(t))
      .map(t => t.slice(0, 500)),
  }));
  return {cells, kernelText, kernelIdle, settledIdle, signature, changed, runFinished, report,
          logEntries, resetIdle: () => { idleSince = null; }};
})();
"""


def new_context(browser: Any, viewport: Mapping[str, int] = VIEWPORT) -> Any:
    """A browser context for the session's pages: the course's viewport and page helpers.

    One context for all notebooks keeps JupyterLab's scripts in the HTTP cache (a page opens in
    about half the time); every notebook still gets a page and a workspace of its own.
    """
    context = browser.new_context(viewport=dict(viewport))
    context.set_default_timeout(30_000)
    context.add_init_script(PAGE_HELPERS)
    return context


def find_chromium() -> str | None:
    """Debian's Chromium: ``chromium`` on PATH, else /usr/bin/chromium."""
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def require_chromium(env: Mapping[str, str] | None = None, finder: Any = find_chromium) -> str:
    """The Chromium to drive; without one, skip, except under ``CI=true`` where it must exist."""
    env = os.environ if env is None else env
    path = finder()
    if path:
        return path
    message = (
        f"no Chromium (looked for `chromium` on PATH and /usr/bin/chromium): {HOW_TO_GET_CHROMIUM}"
    )
    if env.get("CI", "").lower() == "true":
        pytest.fail(f"{message}. CI=true makes the browser tests required.", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_notebooks(source: Path, target: Path) -> list[Path]:
    """Copy the notebook folder (notebooks and anything they link to), never its checkpoints."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return sorted(target.glob("*.ipynb"))


@dataclass
class LabServer:
    """A JupyterLab serving ``root`` on 127.0.0.1:``port`` without token or password."""

    root: Path
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def api(self, method: str, path: str, timeout: float = 10.0) -> Any:
        request = urllib.request.Request(f"{self.url}{path}", method=method)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def notebook_url(self, relative: str) -> str:
        # A workspace of its own and ?reset: the page opens this notebook and nothing else.
        workspace = f"t{uuid.uuid4().hex[:12]}"
        return f"{self.url}/lab/workspaces/{workspace}/tree/{urllib.parse.quote(relative)}?reset"

    def shutdown_kernels(self, path: str | None = None, timeout: float = 30.0) -> None:
        """Delete the sessions (so the kernels) of ``path``, or all; wait until they are gone."""
        sessions = [s for s in self.api("GET", "/api/sessions") if path in (None, s.get("path"))]
        kernels = {s["kernel"]["id"] for s in sessions if s.get("kernel")}
        for session in sessions:
            self.api("DELETE", f"/api/sessions/{session['id']}")
        deadline = time.monotonic() + timeout
        while kernels & {k["id"] for k in self.api("GET", "/api/kernels")}:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"kernels {sorted(kernels)} still running {timeout:.0f} s after shutdown"
                )
            time.sleep(0.2)

    def stop(self) -> None:
        """Shut the server and its kernels down; escalate to signals if it does not exit."""
        if self.process.poll() is None:
            try:
                self.shutdown_kernels()
                self.api("POST", "/api/shutdown")
            except (OSError, urllib.error.URLError, TimeoutError):
                pass
            try:
                self.process.wait(SERVER_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGTERM)
                try:
                    self.process.wait(SERVER_STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait(SERVER_STOP_TIMEOUT)


def kernel_environment(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of the lab and its kernels: this process's, deterministic, and without
    ``MPLBACKEND`` (with ``MPLBACKEND=Agg`` inherited, the kernels' inline figures vanish)."""
    env = os.environ if env is None else env
    return {**{k: v for k, v in env.items() if k != "MPLBACKEND"}, **DETERMINISTIC_ENV}


def start_lab(
    root: Path,
    workdir: Path,
    timeout: float = SERVER_START_TIMEOUT,
    extra_env: Mapping[str, str] | None = None,
    extra_args: tuple[str, ...] = (),
) -> LabServer:
    """Start JupyterLab on a free loopback port serving ``root``; return once it answers.

    ``extra_env`` reaches the server and its kernels (``{"HELPERS_PRESENT": "1"}`` as make present
    sets it)."""
    settings = workdir / "lab-settings"
    for name, values in LAB_SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    env = {
        **kernel_environment(),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(workdir / "lab-workspaces"),
        "JUPYTER_RUNTIME_DIR": str(workdir / "jupyter-runtime"),
        "JUPYTER_CONFIG_DIR": str(workdir / "jupyter-config"),
        **(extra_env or {}),
    }
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
        "--LabApp.extension_manager=readonly",
        *extra_args,
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log_path = workdir / "jupyterlab.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = LabServer(root=root, port=port, process=process, log_path=log_path)
    atexit.register(server.stop)  # should the session end without its teardown
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with code {process.returncode} before answering on port "
                f"{port}:\n{server.log_tail()}"
            )
        try:
            if server.api("GET", "/api/status", timeout=2.0) is not None:
                return server
        except (OSError, urllib.error.URLError, ValueError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise TimeoutError(
                f"JupyterLab did not answer on 127.0.0.1:{port} within {timeout:.0f} s:\n"
                f"{server.log_tail()}"
            )
        time.sleep(0.25)


@dataclass
class CellReport:
    """What one cell showed after Run All (from the page)."""

    index: int
    code: bool
    prompt: str
    errors: list[str]
    widget_views: int
    widget_problems: list[str]


@dataclass
class RunReport:
    """The state of a notebook after Run All: per cell, plus the Log Console entry count."""

    cells: list[CellReport]
    log_entries: int
    seconds: float
    problems: list[str] = field(default_factory=list)


def stored_widget_views(nb: nbformat.NotebookNode) -> dict[int, int]:
    """Cell index -> how many widget views its stored outputs display."""
    counts = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        n = sum(
            "application/vnd.jupyter.widget-view+json" in output.get("data", {})
            for output in cell.get("outputs", [])
        )
        if n:
            counts[index] = n
    return counts


def first_line(cell: nbformat.NotebookNode) -> str:
    text = cell.source if isinstance(cell.source, str) else "".join(cell.source)
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[0][:80] if lines else "(empty)"


class NotebookPage:
    """One notebook open in a fresh page (and workspace) of ``context``, with a fresh kernel."""

    def __init__(self, context: Any, server: LabServer, path: Path) -> None:
        self.server = server
        self.path = path
        self.relative = path.relative_to(server.root).as_posix()
        self.nb = nbformat.read(path, as_version=4)
        self.page = context.new_page()
        self.console: list[str] = []
        self.page.on("pageerror", lambda error: self.console.append(f"page error: {error}"))
        self.page.on("console", self._on_console)

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            self.console.append(f"console error: {message.text}")

    # -- waiting --------------------------------------------------------------------------------

    def wait(
        self, expression: str, arg: Any = None, timeout: float = 30_000, what: str = ""
    ) -> None:
        """Wait until ``expression`` (JS, may use ``courseTest``) is true; explain a timeout."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(expression, arg=arg, timeout=timeout, polling=100)
        except PlaywrightTimeout:
            raise AssertionError(
                f"{self.relative}: timed out after {timeout / 1000:.0f} s waiting for "
                f"{what or expression}; "
                f"kernel status bar: {self.kernel_text()!r}; cell prompts: {self.prompts()}\n"
                + "\n".join(self.console[-10:])
            ) from None

    def kernel_text(self) -> str:
        try:
            return self.page.evaluate("courseTest.kernelText()")
        except Exception:  # the page may be gone; this only decorates an error message
            return "?"

    def prompts(self) -> str:
        try:
            return " ".join(
                self.page.evaluate(
                    "courseTest.cells().map(c => "
                    "(c.querySelector('.jp-InputPrompt')||{}).textContent||'')"
                )
            )
        except Exception:
            return "?"

    def wait_idle(self, timeout: float = 60_000) -> None:
        self.page.evaluate("courseTest.resetIdle()")
        self.wait(
            f"courseTest.settledIdle({IDLE_SETTLE})",
            timeout=timeout,
            what=f"the kernel to be idle for {IDLE_SETTLE} ms",
        )

    # -- driving --------------------------------------------------------------------------------

    def open(self) -> None:
        """Load the notebook; wait until every cell is in the page and the kernel is idle."""
        self.page.goto(self.server.notebook_url(self.relative), timeout=OPEN_TIMEOUT)
        count = len(self.nb.cells)
        self.wait(
            f"courseTest.cells().length === {count}",
            timeout=OPEN_TIMEOUT,
            what=f"the notebook's {count} cells to be in the page",
        )
        self.wait_idle(timeout=OPEN_TIMEOUT)
        panels = self.page.locator(".jp-NotebookPanel").count()
        assert panels == 1, (
            f"{self.relative}: expected one notebook open in the page, found {panels}"
        )
        # Fold the left sidebar away so the notebook gets the width (and the screenshot).
        current = self.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        if current.count():
            current.first.click()
            self.wait(
                "!document.querySelector('.jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current')",
                what="the left sidebar to fold",
            )

    def menu(self, menu: str, command: str) -> None:
        """Click ``menu`` in the menu bar, then its item running ``command``."""
        self.page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^\s*{menu}\s*$")).click()
        item = self.page.locator(f".lm-Menu-item[data-command='{command}']")
        item.wait_for(state="visible")
        item.click()

    def run_all(self) -> RunReport:
        """Clear every output, then Run → Run All Cells, and report what the page shows."""
        code = [
            i for i, c in enumerate(self.nb.cells) if c.cell_type == "code" and c.source.strip()
        ]
        self.menu("Edit", "editmenu:clear-all")
        self.wait(
            "!document.querySelector('.jp-Notebook .jp-Cell-outputArea .jp-OutputArea-child')"
            " && courseTest.cells().every(c => !/\\d/.test("
            "(c.querySelector('.jp-InputPrompt')||{}).textContent||''))",
            what="every output and execution count to be cleared",
        )
        start = time.perf_counter()
        self.menu("Run", "runmenu:run-all")
        self.wait(
            "required => courseTest.runFinished(required)",
            arg=code,
            timeout=RUN_TIMEOUT,
            what="Run All Cells to finish",
        )
        self.wait_idle()
        seconds = time.perf_counter() - start
        return self.report(seconds)

    def report(self, seconds: float = 0.0) -> RunReport:
        cells = [
            CellReport(
                index=c["index"],
                code=c["code"],
                prompt=c["prompt"],
                errors=c["errors"],
                widget_views=c["widgetViews"],
                widget_problems=c["widgetProblems"],
            )
            for c in self.page.evaluate("courseTest.report()")
        ]
        report = RunReport(
            cells=cells, log_entries=self.page.evaluate("courseTest.logEntries()"), seconds=seconds
        )
        report.problems = self.problems(report)
        return report

    def problems(self, report: RunReport) -> list[str]:
        """Every way the run fell short, one line per cell, naming the cell and what it showed."""
        found = []
        for cell, stored in zip(report.cells, self.nb.cells, strict=True):
            where = f"cell {cell.index} ({first_line(stored)!r})"
            if cell.code and stored.source.strip() and not any(ch.isdigit() for ch in cell.prompt):
                found.append(
                    f"{where} did not run (prompt {cell.prompt!r}): Run All stopped before it"
                )
            for error in cell.errors:
                found.append(f"{where} shows an error or stderr output:\n{error}")
        if report.log_entries:
            found.append(
                f"the Log Console has {report.log_entries} entries (errors or warnings from widget "
                f"handlers; open View → Show Log Console in JupyterLab to read them)"
            )
        return found

    def missing_widget_views(self, report: RunReport) -> list[str]:
        """Cells that show fewer widget views than their stored outputs, or a widget error."""
        found = []
        for index, stored in stored_widget_views(self.nb).items():
            cell = report.cells[index]
            where = f"cell {index} ({first_line(self.nb.cells[index])!r})"
            if cell.widget_views < stored:
                found.append(
                    f"{where} rendered {cell.widget_views} widget view(s), its stored outputs "
                    f"have {stored}"
                )
        for cell in report.cells:
            for problem in cell.widget_problems:
                found.append(f"cell {cell.index} shows a widget error: {problem}")
        return found

    def cell_signature(self, index: int) -> dict:
        return self.page.evaluate("i => courseTest.signature(i)", index)

    def screenshot(self, target: Path) -> Path:
        """The whole notebook panel, every cell, as one PNG (viewport stretched to fit).

        Stretching can itself change the layout a little, so it is repeated (a few times at
        most) until nothing is left to scroll; a notebook taller than MAX_SCREENSHOT_HEIGHT is
        cut there.
        """
        target.parent.mkdir(parents=True, exist_ok=True)
        hidden = (
            "() => { const o = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');"
            " return o ? Math.max(0, o.scrollHeight - o.clientHeight) : 0; }"
        )
        height = VIEWPORT["height"]
        try:
            for _ in range(4):
                extra = self.page.evaluate(hidden)
                if extra <= 2 or height >= MAX_SCREENSHOT_HEIGHT:
                    break
                height = min(height + extra, MAX_SCREENSHOT_HEIGHT)
                self.page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
                # Two animation frames: the resize has been laid out and painted.
                self.page.evaluate(
                    "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
                )
            self.page.locator(".jp-NotebookPanel").screenshot(
                path=str(target), animations="disabled"
            )
        finally:
            self.page.set_viewport_size(VIEWPORT)
        return target

    def close(self) -> None:
        """Close the page, then shut its kernel down on the server."""
        try:
            self.page.close()
        finally:
            self.server.shutdown_kernels(self.relative)
