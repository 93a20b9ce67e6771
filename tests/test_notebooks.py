"""The chapters as stored: paired, output-free, listed in the toc, installable on Colab."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jupytext
import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]

CHAPTERS = REPO_ROOT / "book" / "chapters"


def toc_files() -> list[str]:
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [entry["file"] for entry in part.get("chapters", [])]
    return files


def chapter_notebooks() -> list[Path]:
    return sorted(CHAPTERS.glob("*.ipynb"))


def repository_url() -> str:
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text())
    return config["repository"]["url"].rstrip("/")


def pages_url() -> str:
    """GitHub Pages' address of the repository named in _config.yml."""
    owner, name = repository_url().removeprefix("https://github.com/").split("/")
    return f"https://{owner.lower()}.github.io/{name}/"


def test_the_toc_lists_only_pages_that_exist():
    for entry in toc_files():
        matches = [p for p in (REPO_ROOT / entry).parent.glob(Path(entry).name + ".*")
                   if p.suffix in {".md", ".ipynb"}]
        assert matches, f"{entry} is in _toc.yml but has no .md or .ipynb"


def test_every_chapter_is_in_the_toc():
    listed = set(toc_files())
    for nb in chapter_notebooks():
        assert str(nb.relative_to(REPO_ROOT).with_suffix("")) in listed, f"{nb.name} is not in _toc.yml"


def test_there_are_chapters():
    assert chapter_notebooks(), "book/chapters holds no notebook"


@pytest.mark.parametrize("nb", chapter_notebooks(), ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(nb):
    cells = json.loads(nb.read_text())["cells"]
    dirty = [i for i, c in enumerate(cells)
             if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{nb.name}: cells {dirty} store outputs; run `jupytext --sync` after clearing them"


@pytest.mark.parametrize("nb", chapter_notebooks(), ids=lambda p: p.name)
def test_notebook_and_py_twin_agree(nb):
    twin = nb.with_suffix(".py")
    assert twin.exists(), f"{nb.name} has no py:percent twin"
    a, b = jupytext.read(nb), jupytext.read(twin)
    assert len(a.cells) == len(b.cells), f"{nb.name} and {twin.name} differ in cell count"
    for i, (ca, cb) in enumerate(zip(a.cells, b.cells)):
        assert ca.cell_type == cb.cell_type, f"cell {i}: {ca.cell_type} vs {cb.cell_type}"
        assert ca.source.strip() == cb.source.strip(), f"cell {i} of {nb.name} differs from its twin"
        assert ca.metadata.get("tags", []) == cb.metadata.get("tags", []), f"cell {i}: tags differ"


@pytest.mark.parametrize("nb", chapter_notebooks(), ids=lambda p: p.name)
def test_first_code_cell_installs_course_utils_from_the_configured_repository(nb):
    cells = jupytext.read(nb).cells
    first = next(c for c in cells if c.cell_type == "code")
    assert '"google.colab" in sys.modules' in first.source, "the install must run only on Colab"
    assert f"course-utils @ git+{repository_url()}" in first.source, (
        f"{nb.name}: the install cell's URL differs from repository.url in _config.yml"
    )
    assert "remove-cell" in first.metadata.get("tags", [])


def test_config_names_one_github_repository_and_colab():
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text())
    assert repository_url().startswith("https://github.com/")
    assert config["repository"]["branch"] == "main"
    assert config["launch_buttons"]["colab_url"] == "https://colab.research.google.com"


def test_readme_marks_exactly_the_existing_chapters_available():
    rows = re.findall(r"^\| (\d) \| .* \| (available|planned) \|$", (REPO_ROOT / "README.md").read_text(), re.M)
    assert len(rows) == 8, "the README's chapter table should list the eight chapters"
    available = {int(n) for n, status in rows if status == "available"}
    existing = {int(nb.name[:2]) for nb in chapter_notebooks()}
    assert available == existing, f"README says {sorted(available)} are available, the book has {sorted(existing)}"


COLAB_BADGE = re.compile(
    r"\[!\[Open In Colab\]\(https://colab\.research\.google\.com/assets/colab-badge\.svg\)\]"
    r"\(https://colab\.research\.google\.com/github/([^/\s]+/[^/\s]+)/blob/([^/\s]+)/([^)\s]+)\)")


def test_readme_has_one_colab_badge_per_chapter_opening_the_configured_repository():
    readme = (REPO_ROOT / "README.md").read_text()
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text())
    badges = COLAB_BADGE.findall(readme)
    opened = [path for _, _, path in badges]
    expected = [str(nb.relative_to(REPO_ROOT)) for nb in chapter_notebooks()]
    assert sorted(opened) == expected, f"README's Colab badges open {sorted(opened)}, the book has {expected}"
    repo = repository_url().removeprefix("https://github.com/")
    assert {r for r, _, _ in badges} == {repo}, f"the badges should open {repo}"
    assert {b for _, b, _ in badges} == {config["repository"]["branch"]}
    # No other Colab link may point elsewhere (a stale owner, branch or file).
    for link in re.findall(r"https://colab\.research\.google\.com/github/[^)\s>`]+", readme):
        assert link.startswith(f"https://colab.research.google.com/github/{repo}/blob/"), link
        assert link.split("/blob/", 1)[1].split("/", 1)[1] in expected, link
