"""Colab's way through a chapter, rebuilt in a fresh virtual environment.

On Colab a chapter starts on a bare runtime: the kernel has imported ``google.colab``,
the chapter's first cell pip-installs ``course_utils`` from the repository, and the
loaders download the data. This module reproduces that as closely as a CI machine
allows:

1. a new virtual environment holding only what we count on Colab to bring: a Jupyter
   kernel (ipykernel) and torch/torchvision, pinned by ``.ci/constraints.txt``;
2. a kernel started the way Colab starts its own (``python -m colab_kernel_launcher``):
   the launcher imports a stand-in ``google.colab`` first, so the install cell takes
   its Colab branch;
3. Chapter 1 and Chapter 7 (the quicker image chapter), copied out of the repository,
   with the install cell's ``git+https://github.com/...`` replaced by a copy of this
   checkout's files (those a commit would hold), executed in the quick profile with
   ``COURSE_UTILS_DATA`` at the data mirror when there is one (else the loaders download).

So a broken install cell, a dependency missing from pyproject.toml or a chapter that
opens a repository file fails here. It takes minutes and several GB of disk (deleted
afterwards), so it is deselected by default: run ``pytest -m colab`` (``.ci/run`` does).
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat
import pytest

from test_notebooks import repository_url

pytestmark = pytest.mark.colab

REPO_ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ("01_priors_overlap", "07_generative_images")
CONSTRAINTS = REPO_ROOT / ".ci" / "constraints.txt"
# Executed notebooks are kept here for a look after a failure; the runtime itself is deleted.
EXECUTED = REPO_ROOT / "_build" / "colab"
# Imported inside functions on purpose, and absent on Colab: course_utils must work without them.
OPTIONAL_IMPORTS = {"myst_nb"}

# What the kernel needs from google.colab is only to be importable: the install cell
# checks `"google.colab" in sys.modules`. No google/__init__.py, so google.* packages
# that pip installs later (protobuf) share the namespace, as on Colab.
GOOGLE_COLAB_STUB = '"""Stand-in for Colab\'s google.colab, written by tests/test_colab_install.py."""\n'
# Colab's kernelspec runs `python -m colab_kernel_launcher`, which imports google.colab
# before it starts the IPython kernel; this launcher does the same with the stand-in.
KERNEL_LAUNCHER = '''"""Start an IPython kernel as Colab's colab_kernel_launcher does: google.colab first."""
import google.colab  # noqa: F401
from ipykernel import kernelapp

if __name__ == "__main__":
    kernelapp.launch_new_instance()
'''
# Run in the runtime after the chapters: every module course_utils imports, at the top
# of a file or inside a function, must have come with the install.
IMPORT_CHECK = '''
import importlib, pkgutil, sys
import course_utils
names = [m.name for m in pkgutil.walk_packages(course_utils.__path__, "course_utils.")] + sys.argv[1:]
missing = []
for name in names:
    try:
        importlib.import_module(name)
    except ImportError as err:
        missing.append(f"{name}: {type(err).__name__}: {err}")
print("\\n".join(missing))
sys.exit(1 if missing else 0)
'''
PROVENANCE = '''
import importlib.metadata, json, course_utils
dist = importlib.metadata.distribution("course-utils")
print(json.dumps({"file": course_utils.__file__, "direct_url": json.loads(dist.read_text("direct_url.json") or "{}")}))
'''


def _tail(text: str, chars: int = 4000) -> str:
    """The end of ``text``, without terminal colours (tracebacks come coloured)."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return text if len(text) <= chars else "..." + text[-chars:]


def _run(step: str, args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 1800) -> str:
    """Run a command in ``cwd`` (away from the repository, whose course_utils/ would be
    importable from there); on failure, fail the test naming the step and showing the output's tail."""
    try:
        done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as err:
        pytest.fail(f"{step}: no result after {timeout} s: {' '.join(args)}\n{_tail(str(err.stdout or ''))}")
    if done.returncode != 0:
        pytest.fail(f"{step} failed (exit {done.returncode}): {' '.join(args)}\n"
                    f"--- output (tail) ---\n{_tail(done.stdout + done.stderr)}")
    return done.stdout


def data_mirror() -> Path | None:
    """The read-only mirror, found as the data tests find it (tests/data/data_fixtures.py)."""
    env = os.environ.get("COURSE_UTILS_DATA", "").strip()
    for candidate in ([Path(env)] if env else []) + [REPO_ROOT.parent / "shared" / "data"]:
        if candidate.is_dir():
            return candidate.resolve()
    return None


def copy_checkout(dest: Path) -> Path:
    """Copy the files a commit of this working tree would hold: tracked, or new and not ignored."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO_ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.split(b"\0")):
        source = REPO_ROOT / os.fsdecode(name)
        if source.is_file():  # a tracked file deleted in the working tree is listed too
            target = dest / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def imported_modules(package: Path) -> list[str]:
    """Top-level names of the third-party modules that ``package`` imports anywhere."""
    names = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return sorted(names - set(sys.stdlib_module_names) - {package.name} - OPTIONAL_IMPORTS)


def colab_notebook(chapter: str, checkout: Path) -> nbformat.NotebookNode:
    """The stored chapter with its install cell pointed at ``checkout`` instead of GitHub."""
    notebook = jupytext.read(REPO_ROOT / "book" / "chapters" / f"{chapter}.ipynb")
    first = next(cell for cell in notebook.cells if cell.cell_type == "code")
    github = f"course-utils @ git+{repository_url()}"
    assert first.source.count(github) == 1, (
        f"{chapter}: the first code cell should install {github!r} once:\n{first.source}")
    first.source = first.source.replace(github, f"course-utils @ {checkout.as_uri()}")
    return notebook


def execute(notebook: nbformat.NotebookNode, kernels: Path, cwd: Path,
            env: dict[str, str]) -> str | None:
    """Execute ``notebook`` in the runtime's kernel; return None, or what went wrong."""
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    km = AsyncKernelManager(kernel_name="colab", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))
    client = NotebookClient(notebook, km=km, timeout=1800, allow_errors=False,
                            resources={"metadata": {"path": str(cwd)}})
    # What the kernel process itself prints, pip's messages among it, goes to a log of its own.
    log = cwd / "kernel.log"
    try:
        with log.open("w") as out:
            client.execute(env=env, stdout=out, stderr=subprocess.STDOUT)
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as err:
        failed = [c for c in notebook.cells if c.cell_type == "code"
                  and any(o.output_type == "error" for o in c.get("outputs", []))]
        streams = "".join(o.get("text", "") for c in failed[:1] for o in c.outputs if o.output_type == "stream")
        return "\n".join([
            f"{type(err).__name__}: {_tail(str(err))}",
            *([f"--- the cell's printed output (tail) ---\n{_tail(streams)}"] if streams else []),
            f"--- the kernel process's output, pip's included (tail) ---\n{_tail(log.read_text(), 2000)}",
        ])
    return None


@dataclass
class ColabRun:
    """What the fresh runtime did: its interpreter, the checkout it installed, each chapter's outcome."""

    python: Path
    checkout: Path
    workdir: Path
    env: dict[str, str]
    failures: dict[str, str | None] = field(default_factory=dict)


@pytest.fixture(scope="module")
def colab_run(tmp_path_factory) -> Iterator[ColabRun]:
    root = tmp_path_factory.mktemp("colab")
    try:
        yield _colab_run(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)  # the runtime holds torch: several GB


def _colab_run(root: Path) -> ColabRun:
    runtime, workdir = root / "runtime", root / "run"
    workdir.mkdir()
    _run("creating the fresh virtual environment", [sys.executable, "-m", "venv", str(runtime)], workdir)
    python = runtime / "bin" / "python"
    _run("installing what Colab brings (ipykernel, torch, torchvision)",
         [str(python), "-m", "pip", "install", "--quiet", "-c", str(CONSTRAINTS),
          "ipykernel", "torch", "torchvision"], workdir)
    probe = subprocess.run([str(python), "-c", "import course_utils"], cwd=workdir, capture_output=True, text=True)
    assert probe.returncode != 0, "the fresh environment already has course_utils: it is not bare"

    site = Path(_run("locating the runtime's site-packages",
                     [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     workdir).strip())
    (site / "google" / "colab").mkdir(parents=True)
    (site / "google" / "colab" / "__init__.py").write_text(GOOGLE_COLAB_STUB)
    (site / "colab_kernel_launcher.py").write_text(KERNEL_LAUNCHER)
    kernels = root / "kernels"
    (kernels / "colab").mkdir(parents=True)
    (kernels / "colab" / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "colab_kernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (Colab-like)", "language": "python"}))

    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "MPLBACKEND", "COURSE_UTILS_DATA"}}
    env.update(
        PATH=f"{runtime / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        COURSE_PROFILE="quick", HF_HUB_OFFLINE="1", TQDM_DISABLE="1",
        # Colab has its own torch; here the install cell's pip must keep the pinned one
        # rather than download another release (gigabytes).
        PIP_CONSTRAINT=str(CONSTRAINTS),
    )
    mirror = data_mirror()
    if mirror is not None:
        env["COURSE_UTILS_DATA"] = str(mirror)

    run = ColabRun(python=python, checkout=copy_checkout(root / "checkout"), workdir=workdir, env=env)
    EXECUTED.mkdir(parents=True, exist_ok=True)
    for chapter in CHAPTERS:
        chapter_dir = workdir / chapter  # away from the repository and the checkout copy
        chapter_dir.mkdir()
        notebook = colab_notebook(chapter, run.checkout)
        run.failures[chapter] = execute(notebook, kernels, chapter_dir, env)
        nbformat.write(notebook, EXECUTED / f"{chapter}.ipynb")
    return run


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_runs_in_a_fresh_colab_like_runtime(colab_run, chapter):
    failure = colab_run.failures[chapter]
    assert failure is None, (
        f"{chapter} failed in the fresh runtime (executed notebook: {EXECUTED / chapter}.ipynb):\n{failure}")


def test_the_install_cell_installed_the_checkout_into_the_runtime(colab_run):
    found = json.loads(_run("asking the runtime where course_utils came from",
                            [str(colab_run.python), "-c", PROVENANCE], colab_run.workdir, colab_run.env))
    runtime = colab_run.python.parents[1]
    assert Path(found["file"]).is_relative_to(runtime), (
        f"course_utils was imported from {found['file']}, not from the runtime {runtime}")
    assert found["direct_url"].get("url") == colab_run.checkout.as_uri(), (
        f"course_utils was installed from {found['direct_url']}, not from the checkout")
    assert not found["direct_url"].get("dir_info", {}).get("editable"), "installed in editable mode, unlike Colab"


def test_every_module_the_package_imports_came_with_the_install(colab_run):
    modules = imported_modules(REPO_ROOT / "course_utils")
    assert {"numpy", "torch", "sklearn"} <= set(modules), modules
    done = subprocess.run([str(colab_run.python), "-c", IMPORT_CHECK, *modules], cwd=colab_run.workdir,
                          env=colab_run.env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (
        "course_utils imports modules that `pip install course-utils` did not bring "
        f"(add them to pyproject.toml's dependencies):\n{_tail(done.stdout + done.stderr)}")
