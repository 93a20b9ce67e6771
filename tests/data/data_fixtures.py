"""Fixtures for the data layer: an isolated cache, the shared mirror, a local HTTP server.

The test modules import these by name. They are not in a conftest.py because other test
modules run ``from conftest import REPO_ROOT``, which a second conftest module would shadow.
"""

from __future__ import annotations

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

# CI keeps the mirror beside the repository: <repo>/../shared/data.
_BESIDE_REPO = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def shared_root() -> Path | None:
    """The read-only mirror: COURSE_UTILS_DATA if set, else ../shared/data; None if absent."""
    env = os.environ.get("COURSE_UTILS_DATA", "").strip()
    for candidate in ([Path(env)] if env else []) + [_BESIDE_REPO]:
        if candidate.is_dir():
            return candidate.resolve()
    return None


def require_shared_root() -> Path:
    root = shared_root()
    if root is None:
        pytest.skip("the data mirror is missing: set COURSE_UTILS_DATA or put shared/data beside the repository")
    return root


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    """Every test gets an empty cache of its own and starts without COURSE_UTILS_DATA."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("COURSE_UTILS_DATA", raising=False)
    return tmp_path / "xdg-cache" / "course_utils"


@pytest.fixture
def shared_data(monkeypatch) -> Path:
    """Point COURSE_UTILS_DATA at the mirror (skip when there is none)."""
    root = require_shared_root()
    monkeypatch.setenv("COURSE_UTILS_DATA", str(root))
    return root


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.hits.append(self.path)
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        body, declared_length = route
        self.send_response(200)
        self.send_header("Content-Length", str(declared_length))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class LocalServer:
    """An HTTP server on 127.0.0.1 serving bodies registered with :meth:`serve`."""

    def __init__(self):
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.routes = {}
        self._httpd.hits = []
        # A short poll interval keeps shutdown, and so each test's teardown, fast.
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()

    @property
    def hits(self) -> list[str]:
        return self._httpd.hits

    def serve(self, name: str, body: bytes, declared_length: int | None = None) -> str:
        """Serve ``body`` at ``/name``, announcing ``declared_length`` bytes; return the URL."""
        length = len(body) if declared_length is None else declared_length
        self._httpd.routes[f"/{name}"] = (body, length)
        host, port = self._httpd.server_address
        return f"http://{host}:{port}/{name}"

    def close(self):
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()


@pytest.fixture
def server():
    local = LocalServer()
    yield local
    local.close()


@pytest.fixture(scope="session")
def creditcard_frame(tmp_path_factory):
    """The credit card data, parsed once per session from the mirror (a few seconds)."""
    from course_utils.data import load_creditcard

    root = require_shared_root()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COURSE_UTILS_DATA", str(root))
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        return load_creditcard()
