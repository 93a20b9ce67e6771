"""Where to read the book and how to cite it: README.md, CITATION.cff and _config.yml agree."""

from __future__ import annotations

import re
import tomllib

import yaml

from test_notebooks import REPO_ROOT, pages_url, repository_url


def _config() -> dict:
    return yaml.safe_load((REPO_ROOT / "_config.yml").read_text())


def _bibtex() -> dict[str, str]:
    readme = (REPO_ROOT / "README.md").read_text()
    blocks = re.findall(r"```bibtex\n(.*?)```", readme, re.S)
    assert len(blocks) == 1, "the README should hold one BibTeX entry"
    return {k: " ".join(v.split()) for k, v in re.findall(r"^\s*(\w+)\s*=\s*\{(.*?)\},?\s*$", blocks[0], re.M | re.S)}


def test_pages_url_follows_the_repository():
    assert pages_url() == "https://imbalanced-learning-course.github.io/learning-from-imbalanced-data/"
    assert _config()["html"]["baseurl"] == pages_url()


def test_readme_links_to_the_book_online():
    readme = (REPO_ROOT / "README.md").read_text()
    assert re.search(rf"\*\*Read online:\*\* <{re.escape(pages_url())}>", readme)


def test_citation_cff_matches_the_book_and_the_package():
    cff = yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text())
    config = _config()
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    assert cff["cff-version"] == "1.2.0" and cff["message"]
    assert cff["title"] == config["title"]
    assert [a["name"] for a in cff["authors"]] == [config["author"]]
    assert str(cff["version"]) == project["version"]
    assert cff["repository-code"] == repository_url()
    assert cff["url"] == pages_url()


def test_readme_bibtex_matches_citation_cff():
    entry = _bibtex()
    cff = yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text())
    assert entry["title"] == cff["title"]
    assert entry["author"] == "{" + " and ".join(a["name"] for a in cff["authors"]) + "}"
    assert entry["year"] == str(_config()["copyright"])
    assert f"\\url{{{cff['url']}}}" in entry["howpublished"]
    assert f"\\url{{{cff['repository-code']}}}" in entry["note"]
    assert f"version {cff['version']}" in entry["note"]
