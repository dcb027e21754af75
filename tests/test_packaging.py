"""environment.yml (conda, Binder) and pyproject.toml (pip) list the same packages and versions."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*$")
CONDA_ONLY = {"python", "pip"}  # the interpreter and installer conda needs; pip has them already


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse(requirement: str) -> tuple[str, str]:
    match = REQUIREMENT.match(requirement)
    assert match, f"cannot read requirement {requirement!r}"
    return normalise(match[1]), match[2].replace(" ", "")


def pyproject_requirements(root: Path = ROOT) -> dict[str, str]:
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    names = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        names += extra
    found = dict(parse(r) for r in names)
    found.pop(normalise(project["name"]), None)  # an extra that includes another ("helpers[lab]")
    return found


def project_table(root: Path = ROOT) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text())["project"]


def environment_requirements(root: Path = ROOT) -> dict[str, str]:
    """The package lines of environment.yml: conda dependencies and its pip section."""
    found = {}
    section = None
    for line in (root / "environment.yml").read_text().splitlines():
        stripped = line.split("#", 1)[0].rstrip()
        if not stripped.strip():
            continue
        if not line.startswith(" "):
            section = stripped.rstrip(":")
            continue
        item = stripped.strip()
        if section != "dependencies" or not item.startswith("- ") or item.endswith(":"):
            continue
        requirement = item[2:].strip()
        if requirement.startswith("-e ") or requirement == ".":
            continue
        name, spec = parse(requirement)
        found[name] = spec
    return found


def test_environment_and_pyproject_list_the_same_packages() -> None:
    pip = pyproject_requirements()
    conda = {k: v for k, v in environment_requirements().items() if k not in CONDA_ONLY}
    assert sorted(set(conda) - set(pip)) == [], "in environment.yml but not pyproject.toml"
    assert sorted(set(pip) - set(conda)) == [], "in pyproject.toml but not environment.yml"
    differing = {k: (pip[k], conda[k]) for k in pip if pip[k] != conda[k]}
    assert differing == {}, f"version constraints differ (pyproject, environment): {differing}"


def test_environment_installs_the_helpers_package_and_the_design_card_packages() -> None:
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s*- -e \.\s*$", text, re.M), "the pip section must install '-e .'"
    conda = environment_requirements()
    for package in ("numpy", "matplotlib", "ipywidgets", "jupyterlab", "nbval", "pytest"):
        assert package in conda, f"{package} is missing from environment.yml"


def test_the_readers_notice_a_dropped_package_and_a_changed_version(tmp_path) -> None:
    """The comparison above is not vacuous: both readers see what a file really lists."""
    env = (ROOT / "environment.yml").read_text().replace("  - nbval>=0.11\n", "")
    (tmp_path / "environment.yml").write_text(env)
    pyproject = (ROOT / "pyproject.toml").read_text().replace('"numpy>=1.26,<3"', '"numpy>=2"')
    (tmp_path / "pyproject.toml").write_text(pyproject)
    assert "nbval" not in environment_requirements(tmp_path)
    assert "nbval" in environment_requirements(ROOT)
    assert pyproject_requirements(tmp_path)["numpy"] == ">=2"
    assert pyproject_requirements(ROOT)["numpy"] == environment_requirements(ROOT)["numpy"]


def test_the_package_needs_only_what_the_library_imports_at_run_time() -> None:
    """pip install helpers pulls numpy, matplotlib, ipywidgets and scikit-learn, nothing more:
    it installs where there is no Jupyter server (issue 12)."""
    runtime = sorted(parse(r)[0] for r in project_table()["dependencies"])
    assert runtime == ["ipywidgets", "matplotlib", "numpy", "scikit-learn"]


def test_jupyterlab_and_the_kernel_come_with_the_lab_extra_that_make_lab_installs() -> None:
    extras = project_table()["optional-dependencies"]
    assert sorted(parse(r)[0] for r in extras["lab"]) == ["ipykernel", "jupyterlab"]
    assert "helpers[lab]" in extras["test"], "make test runs JupyterLab: test includes lab"
    makefile = (ROOT / "Makefile").read_text()
    lab_install = re.search(r"^\$\(LAB_STAMP\):.*\n((?:\t.*\n)+)", makefile, re.M)
    assert lab_install and "[lab]" in lab_install[1], "make lab must install the lab extra"
    test_install = re.search(r"^\$\(TEST_STAMP\):.*\n((?:\t.*\n)+)", makefile, re.M)
    assert test_install and "[test,bench]" in test_install[1], "make test installs its tools"
    for target in ("lab", "present"):
        assert re.search(rf"^{target}: \$\(LAB_STAMP\)\s*$", makefile, re.M), target
    conda = environment_requirements()
    assert {"jupyterlab", "ipykernel"} <= set(conda), "environment.yml must install the lab extra"
