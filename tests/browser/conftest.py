"""Session fixtures of the browser tests: one JupyterLab over a temporary copy of notebooks/ and
one headless Chromium for the whole session; each notebook opens in a fresh page and workspace.

Without Chromium the browser tests skip and say how to get it; with ``CI=true`` they fail instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .lab import (
    CHROMIUM_FLAGS,
    NOTEBOOKS,
    LabServer,
    copy_notebooks,
    new_context,
    require_chromium,
    start_lab,
)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of the Chromium binary (skip, or under CI=true fail, when there is none)."""
    return require_chromium()


@pytest.fixture(scope="session")
def lab(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """A JupyterLab serving a throw-away copy of notebooks/ (the repository is never written)."""
    workdir = tmp_path_factory.mktemp("lab")
    root = workdir / "notebooks"
    if NOTEBOOKS.is_dir():
        copy_notebooks(NOTEBOOKS, root)
    else:
        root.mkdir()
    server = start_lab(root, workdir)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (never a Playwright-downloaded browser)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: `.venv/bin/pip install -e '.[test]'`")
    playwright = sync_playwright().start()
    try:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def context(browser: Any) -> Iterator[Any]:
    """The one browser context; each notebook gets a new page in it."""
    shared = new_context(browser)
    yield shared
    shared.close()


@pytest.fixture(scope="session")
def harness_dir(lab: LabServer) -> Path:
    """A folder inside the server's root for notebooks the harness self-test generates."""
    path = lab.root / "_harness"
    path.mkdir(exist_ok=True)
    return path
