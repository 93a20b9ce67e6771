"""pyproject.toml and environment.yml name the same dependencies; CI pins torch outside both."""

import re
import tomllib
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
CONDA_NAMES = {"torch": "pytorch"}  # conda-forge's names where they differ from PyPI's


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_has_every_dependency_of_pyproject():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in ("book", "test"):
        wanted |= {_name(r) for r in project["optional-dependencies"][extra]}
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())["dependencies"]
    conda = {_name(d) for d in env if isinstance(d, str)}
    pip = {_name(d) for block in env if isinstance(block, dict) for d in block.get("pip", [])}
    missing = {n for n in wanted if CONDA_NAMES.get(n, n) not in conda and n not in pip}
    assert not missing, f"environment.yml lacks {sorted(missing)}"


def test_torch_is_pinned_only_in_the_ci_constraints():
    project = (REPO_ROOT / "pyproject.toml").read_text()
    assert not re.search(r'"torch(vision)?==', project), "pin torch in .ci/constraints.txt, not pyproject.toml"
    constraints = (REPO_ROOT / ".ci" / "constraints.txt").read_text()
    assert re.search(r"^torch==\S+$", constraints, re.M) and re.search(r"^torchvision==\S+$", constraints, re.M)
