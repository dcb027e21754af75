"""Serving a build folder on loopback and opening its pages with every other request refused.

A page of ``make slides`` or ``make html`` must work with no network: the test server is the only
host a page may reach; any other request is aborted and recorded, and so is any local request
that fails (a 404 means an asset the build forgot to copy).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free loopback port for the duration; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@dataclass
class Traffic:
    """What a page asked for that it may not have: requests off the server, and failed ones."""

    base: str
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [f"blocked (not local): {u}" for u in self.blocked] + [
            f"failed: {u}" for u in self.failed
        ]


def offline_page(context: Any, base: str) -> tuple[Any, Traffic]:
    """A new page on which every request outside ``base`` is aborted and recorded."""
    traffic = Traffic(base)
    page = context.new_page()

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(base) or url.startswith("data:"):
            route.continue_()
        else:
            traffic.blocked.append(url)
            route.abort()

    page.route("**/*", route)

    def on_response(response: Any) -> None:
        if response.status >= 400:
            traffic.failed.append(f"{response.url} ({response.status})")

    page.on("response", on_response)
    page.on(
        "requestfailed",
        lambda r: r.url.startswith(base) and traffic.failed.append(f"{r.url} ({r.failure})"),
    )
    return page, traffic
