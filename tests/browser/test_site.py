"""make html: the static site opens offline, renders its maths, and none of its links is broken.

The site is built afresh into a temporary folder (tools/build_html.py) and served on loopback;
every request to another host is aborted and reported (tests/browser/offline.py). Starting from
index.html, every link to a page of the site is followed, and a link's #fragment must name an
element of its page.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import build_html
import pytest

from .offline import offline_page, serve

pytestmark = pytest.mark.browser

LINKS = """() => [...document.querySelectorAll('a[href]')]
  .map(a => a.getAttribute('href')).filter(h => !h.startsWith('#'))"""
RAW_MATH = r"""() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode: n =>
    n.parentElement.closest('pre, code, script, style, .MathJax_CHTML, .MJX_Assistive_MathML')
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  while (walker.nextNode()) {
    const m = walker.currentNode.textContent.match(/\$\$?[^$\s][^$]*\$\$?/);
    if (m) found.push(m[0].slice(0, 60));
  }
  return found;
}"""


def anchors(fragment: str) -> set[str]:
    """The ids a browser matches a #fragment against: as the URL holds it (percent-encoded, as
    nbconvert writes non-ASCII ids) and decoded (as JupyterLab writes them)."""
    return {fragment, urllib.parse.quote(fragment, safe="!$&'()*+,;=:@/?-._~")}


@pytest.fixture(scope="module")
def site(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    build_html.build(out=out)
    return out


@pytest.fixture(scope="module")
def crawl(site: Path, browser: Any) -> Iterator[dict[str, Any]]:
    """Every page reachable from index.html: what it requested, its links, its maths."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    with serve(site) as base:
        pages: dict[str, dict[str, Any]] = {}
        broken: list[str] = []
        external: list[str] = []
        todo = [("index.html", None, "index.html")]
        while todo:
            name, fragment, source = todo.pop()
            if name not in pages:
                page, traffic = offline_page(context, base)
                response = page.goto(base + name)
                if response is None or response.status != 200:
                    broken.append(f"{source} → {name} ({response and response.status})")
                    page.close()
                    continue
                page.wait_for_function("window.MathJax && MathJax.Hub")
                page.evaluate("() => new Promise(done => MathJax.Hub.Queue(done))")
                ids = set(
                    page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
                )
                links = page.evaluate(LINKS)
                pages[name] = {
                    "problems": traffic.problems(),
                    "ids": ids,
                    "math": page.locator(".MathJax_CHTML").count(),
                    "raw_math": page.evaluate(RAW_MATH),
                    "controls": page.locator(".widget-slider, .widget-button").count(),
                }
                page.close()
                for href in links:
                    parsed = urllib.parse.urlparse(href)
                    if parsed.scheme or parsed.netloc:
                        external.append(f"{name} → {href}")
                        continue
                    target = urllib.parse.unquote(parsed.path) or name
                    todo.append((target, urllib.parse.unquote(parsed.fragment) or None, name))
            if fragment and name in pages and not anchors(fragment) & pages[name]["ids"]:
                broken.append(f"{source} → {name}#{fragment} (no such anchor)")
        yield {"pages": pages, "broken": broken, "external": external}
    context.close()


def test_every_page_of_the_series_is_reached_from_the_index(crawl: dict, site: Path) -> None:
    built = sorted(p.name for p in site.glob("*.html"))
    assert sorted(crawl["pages"]) == built


def test_no_link_is_broken(crawl: dict) -> None:
    assert crawl["broken"] == [], "\n".join(crawl["broken"])


def test_no_page_loads_anything_from_the_network(crawl: dict) -> None:
    problems = {n: p["problems"] for n, p in crawl["pages"].items() if p["problems"]}
    assert problems == {}


def test_the_maths_renders_on_every_page(crawl: dict) -> None:
    raw = {n: p["raw_math"] for n, p in crawl["pages"].items() if p["raw_math"]}
    assert raw == {}
    assert crawl["pages"]["01_chain_rule.html"]["math"] > 0


def test_widgets_are_still_pictures(crawl: dict) -> None:
    assert {n: p["controls"] for n, p in crawl["pages"].items() if p["controls"]} == {}
