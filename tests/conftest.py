import sys
from pathlib import Path

# The conventions checker and the notebook tools are plain modules beside the tests and in tools/.
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
