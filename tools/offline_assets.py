"""The web assets an offline deck or page loads, copied from ``node_modules`` into a build folder.

``npm ci`` (``make slides``, ``make html``) fetches reveal.js, MathJax 2, require.js and jQuery
at the versions ``package-lock.json`` pins. Each build copies what a page loads into
``<build>/vendor/`` and points nbconvert at it with relative URLs, so a deck opened from a USB
stick, with no network, loads nothing from anywhere else. MathJax 2 is needed (nbconvert's
templates configure it with ``MathJax.Hub.Config``); only its CommonHTML output
and TeX fonts are copied (9 of its 73 MB).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
TEMPLATES = Path(__file__).resolve().parent / "templates"
OFFLINE_CSS = TEMPLATES / "offline.css"  # the list and code fixes, the still widgets' caption

# What each page loads, relative to <build>/vendor/ (each a file or a folder copied whole).
PIECES = {
    "reveal.js": ["dist", "plugin/notes", "LICENSE"],
    "mathjax": [
        "MathJax.js",
        "config/TeX-AMS_CHTML-full.js",
        "config/Safe.js",
        "extensions",
        "jax/input/TeX",
        "jax/output/CommonHTML",
        "jax/element",
        "fonts/HTML-CSS/TeX/woff",
        "localization/en",
        "LICENSE",
    ],
    "requirejs": ["require.js"],
    "jquery": ["dist/jquery.min.js", "LICENSE.txt"],
}

# nbconvert traits (HTMLExporter and SlidesExporter) that name an asset, relative to a page in
# <build>/ whose vendor folder is <build>/vendor/.
URLS = {
    "reveal_url_prefix": "vendor/reveal.js",
    "mathjax_url": "vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
    "require_js_url": "vendor/requirejs/require.js",
    "jquery_url": "vendor/jquery/dist/jquery.min.js",
}

NPM_HINT = "run `npm ci --ignore-scripts` in the repository (make slides and make html do it)"


def pinned_versions() -> dict[str, str]:
    """package -> version, as package.json pins them (package-lock.json agrees: npm ci checks)."""
    return json.loads((ROOT / "package.json").read_text())["dependencies"]


def installed_version(package: str) -> str | None:
    manifest = NODE_MODULES / package / "package.json"
    return json.loads(manifest.read_text())["version"] if manifest.exists() else None


def copy_vendor(build: Path) -> Path:
    """Copy every piece of PIECES into ``build/vendor`` and return that folder.

    Raises FileNotFoundError naming the command to run when npm's packages are missing or are not
    the pinned versions."""
    for package, version in pinned_versions().items():
        found = installed_version(package)
        if found != version:
            raise FileNotFoundError(
                f"node_modules/{package} is {found or 'missing'}, package.json pins {version}: "
                f"{NPM_HINT}"
            )
    vendor = build / "vendor"
    for package, pieces in PIECES.items():
        for piece in pieces:
            source, target = NODE_MODULES / package / piece, vendor / package / piece
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                shutil.copy2(source, target)
    return vendor
