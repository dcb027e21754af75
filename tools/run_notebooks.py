"""Re-execute notebooks in place so their stored outputs are exactly what a re-run gives.

    python tools/run_notebooks.py notebooks/01_chain_rule.ipynb [more.ipynb ...]

``make notebooks`` runs it over every notebook (after regenerating Appendix A and the index).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from notebook_io import execute


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    for name in paths:
        path = Path(name)
        start = time.perf_counter()
        execute(path)
        print(f"executed {path} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
