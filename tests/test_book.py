"""The built book: executed outputs and every chapter page in headless Chromium.

These tests need `_build/html` (run `bash .ci/book` first) and Debian's chromium
and chromium-driver. They skip when those are missing, unless
COURSE_REQUIRE_BROWSER=1 (set by .ci/run after the build), where they fail.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
from test_notebooks import repository_url, toc_files

pytestmark = pytest.mark.book

HTML = REPO_ROOT / "_build" / "html"
EXECUTED = REPO_ROOT / "_build" / "jupyter_execute"
SCREENSHOTS = REPO_ROOT / "_build" / "screenshots"
CHAPTERS = [f for f in toc_files() if f.startswith("book/chapters/")]


def _missing(reason: str):
    if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site():
    if not (HTML / "index.html").exists():
        _missing("the book is not built: run `bash .ci/book` first")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(HTML)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not (chromium and driver_path):
        _missing("chromium and chromedriver are needed: apt-get install chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,2000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_page_renders_with_figures_and_a_colab_link(site, browser, chapter):
    browser.get(f"{site}/{chapter}.html")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / (Path(chapter).name + ".png")))

    from selenium.webdriver.support.ui import WebDriverWait

    title = browser.execute_script("return document.querySelector('article h1')?.textContent || '';")
    assert title.strip("# \n"), f"{chapter}: the page has no title"

    text = browser.find_element("css selector", "article").text
    assert "Traceback (most recent call last)" not in text, f"{chapter}: a traceback is shown"
    errors = browser.find_elements("css selector", ".output.error, .output.traceback, div.cell_output .traceback")
    assert not errors, f"{chapter}: {len(errors)} error outputs are shown"

    # Figures: every output image must decode. The theme loads images lazily, so ask for all now.
    figures = browser.execute_script(
        "const imgs = Array.from(document.querySelectorAll('.cell_output img'));"
        "imgs.forEach(i => { i.loading = 'eager'; });"
        "return imgs.length;"
    )
    assert figures > 0, f"{chapter}: the page has no figure"
    WebDriverWait(browser, 30).until(lambda b: b.execute_script(
        "return Array.from(document.querySelectorAll('.cell_output img')).every(i => i.complete);"))
    broken = browser.execute_script(
        "return Array.from(document.querySelectorAll('.cell_output img'))"
        ".filter(i => i.naturalWidth === 0).map(i => i.src);"
    )
    assert not broken, f"{chapter}: {len(broken)} of {figures} figures did not display: {broken[:3]}"

    links = [a.get_attribute("href") for a in browser.find_elements("css selector", "a")]
    colab = [h for h in links if h and h.startswith("https://colab.research.google.com/github/")]
    assert colab, f"{chapter}: no Colab launch link"
    repo_path = repository_url().removeprefix("https://github.com/")
    assert any(h.endswith(f"{repo_path}/blob/main/{chapter}.ipynb") for h in colab), (
        f"{chapter}: the Colab link {colab} does not open {chapter}.ipynb of {repo_path}"
    )
    assert (REPO_ROOT / f"{chapter}.ipynb").exists()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_executed_notebook_has_outputs_and_no_errors_or_warnings(chapter):
    executed = EXECUTED / f"{chapter}.ipynb"
    if not executed.exists():
        _missing(f"{executed} is missing: run `bash .ci/book` first")
    cells = json.loads(executed.read_text())["cells"]
    outputs = [o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert outputs, f"{chapter}: nothing was executed"
    for out in outputs:
        assert out["output_type"] != "error", f"{chapter}: a cell raised {out.get('ename')}"
        if out["output_type"] == "stream" and out["name"] == "stderr":
            text = "".join(out["text"])
            shown = re.findall(r"Traceback|\w*Warning\b", text)
            assert not shown, f"{chapter}: a reader would see {shown[0]}:\n{text[:500]}"



def _glued(chapter: str) -> dict[str, str]:
    """The values an executed chapter glued, by name (myst-nb writes them beside the notebook, in .glue.json)."""
    glued = EXECUTED / f"book/chapters/{chapter}.glue.json"
    if not glued.exists():
        _missing(f"{glued} is missing: run `bash .ci/book` first")
    return {name: out["data"]["text/plain"].strip("'\"") for name, out in json.loads(glued.read_text()).items()}


def test_chapter_5b_trains_with_the_learning_rate_chapter_5_chose():
    # Chapter 5b takes Chapter 5's learning rate from its settings instead of repeating the search.
    assert _glued("05b_loss_level_methods")["lr"] == _glued("05_longtail_sampling")["lr"]
