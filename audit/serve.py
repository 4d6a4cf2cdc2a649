"""Serve a built site on 127.0.0.1, under the same path prefix and with the same gzip and 404 page as the host."""
from __future__ import annotations

import contextlib
import gzip
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

# Compressed like GitHub Pages does, so Lighthouse measures what readers download.
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".map")


class SiteHandler(SimpleHTTPRequestHandler):
    """Files of one folder under a path prefix; missing files get the site's 404.html with status 404."""

    def __init__(self, *args, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        """Quiet: the audit reports failures itself."""

    def translate_path(self, path: str) -> str:
        """Strip the prefix; outside it nothing exists."""
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "\0missing")
        return super().translate_path("/" + clean[len(self.prefix):])

    def send_head(self):
        """Like the base class, but gzip text when asked and serve 404.html for what is missing."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and not self.path.split("?", 1)[0].endswith("/"):
            return super().send_head()  # the base class redirects to the slash form
        if path.is_dir():
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
            if not path.is_file():
                self.send_error(404)
                return None
        return self._send_file(path, status)

    def _send_file(self, path: Path, status: int):
        body = path.read_bytes()
        zipped = path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        if zipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        return _Body(body)


class _Body:
    """The file-like object send_head returns; copyfile reads it."""

    def __init__(self, data: bytes):
        self._data, self._read = data, False

    def read(self, size: int = -1) -> bytes:
        if self._read:
            return b""
        self._read = True
        return self._data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path, prefix: str = "/") -> Iterator[str]:
    """Serve site on an ephemeral port of 127.0.0.1 in a thread; yields the base URL (ending in the prefix)."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = partial(SiteHandler, directory=str(site), prefix=prefix)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
