"""The rest of the standard library, on demand (shipped as ``sitecustomize.py`` in the browser's
compiled standard library, see build.py ``write_compiled_stdlib``).

The site starts Python with a standard library that holds only the packages and modules Pyodide's
start-up and the calculator import, compiled to bytecode ahead of time (most of a first visit's
start-up was compiling them). Any other standard-library module stays importable: the first import
of one fetches Pyodide's complete standard library (the stock ``python_stdlib.zip``, about 2.5 MB) once,
puts it on ``sys.path`` and carries on. Names that are not in the standard library fail as usual,
without fetching anything.

Python runs ``sitecustomize`` at start-up, before Pyodide imports its own modules, so the finder
is in place for the whole session. ``MISSING`` (the top-level names left out) is appended to this
file by build.py; the URL of the complete library comes from the environment variable
``SXCALC_STDLIB_FALLBACK``, set by the worker. Plain CPython: nothing happens (no variable).
"""

from __future__ import annotations

import importlib.machinery
import os
import sys

FULL_ZIP = "/lib/python_stdlib_full.zip"


def _xhr_fetch(url: str) -> bytes:
    """A synchronous same-origin request from the Web Worker (allowed in workers)."""
    from js import XMLHttpRequest  # Pyodide only

    request = XMLHttpRequest.new()
    request.open("GET", url, False)
    request.responseType = "arraybuffer"
    request.send()
    if request.status != 200:
        raise ImportError(f"完整标准库下载失败（HTTP {request.status}）：{url}")
    return request.response.to_bytes()


class FullStdlibFinder:
    """Last on ``sys.meta_path``: asked only for modules nothing else found."""

    def __init__(self, missing, url: str, fetch=_xhr_fetch, target: str = FULL_ZIP) -> None:
        self.missing = frozenset(missing)
        self.url = url
        self.fetch = fetch
        self.target = target
        self.mounted = False

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] not in self.missing:
            return None
        if not self.mounted:
            data = self.fetch(self.url)
            with open(self.target, "wb") as f:
                f.write(data)
            sys.path.append(self.target)
            importlib.invalidate_caches()
            self.mounted = True
        return importlib.machinery.PathFinder.find_spec(name, path)


def install(missing, url: str, fetch=_xhr_fetch, target: str = FULL_ZIP) -> FullStdlibFinder:
    finder = FullStdlibFinder(missing, url, fetch, target)
    sys.meta_path.append(finder)
    return finder


MISSING: frozenset[str] = frozenset()   # build.py appends the real set below


def activate(environ=os.environ) -> FullStdlibFinder | None:
    url = environ.get("SXCALC_STDLIB_FALLBACK")
    return install(MISSING, url) if url else None
