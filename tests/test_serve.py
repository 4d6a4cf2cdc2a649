"""`mkdocs serve` watches data/: editing a fact file rebuilds the site and the page shows the new value."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.error import URLError

from generator.engines.config_file import read_config
from tests.sites import QUICK, make_project


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch_until(url: str, wanted: str, timeout: float = 60) -> str:
    """The page's HTML once it contains wanted; fails after timeout seconds."""
    deadline, html = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                html = response.read().decode("utf-8")
            if wanted in html:
                return html
        except (URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {wanted!r}; last HTML had {len(html)} characters")


def test_editing_a_fact_file_rebuilds_the_page(tmp_path):
    project = make_project(tmp_path / "project")
    port = free_port()
    path = read_config(project / "mkdocs.yml")["site_url"].split("://", 1)[1].split("/", 1)[1]
    page = f"http://127.0.0.1:{port}/{path}companies/alpha-lab/"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env={**os.environ, **QUICK}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        fetch_until(page, "<h1")
        record = project / "data" / "companies" / "alpha-lab.yml"
        record.write_text(record.read_text(encoding="utf-8").replace("name: Alpha Lab\n", "name: Alpha Lab Renamed\n"),
                          encoding="utf-8")
        html = fetch_until(page, "Alpha Lab Renamed")
        assert '<meta property="og:title" content="Alpha Lab Renamed">' in html
        assert not list((project / "docs").rglob("alpha-lab*")), "nothing is written into docs/"
    finally:
        server.terminate()
        server.wait(timeout=30)
