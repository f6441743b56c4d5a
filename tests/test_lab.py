"""`make lab` as an analyst runs it (as root in a container too): JupyterLab at the project root with the de06 kernel."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str, data: bytes | None = None):
    req = urllib.request.Request(url, data=data, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def test_make_lab_serves_the_project_root_and_the_de06_kernel():
    port, token = _free_port(), "de06-test"
    lab = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS=--no-browser --port={port} --IdentityProvider.token={token}"],
                           cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                contents = _get(f"{base}/contents", token)
                break
            except OSError:
                assert lab.poll() is None, lab.stdout.read()
                assert time.monotonic() < deadline, "jupyter lab did not answer in 90 s"
                time.sleep(0.5)
        names = {c["name"] for c in contents["content"]}
        assert {"notebooks", "data"} <= names
        assert {"briefing.ipynb", "compare.ipynb"} <= {c["name"] for c in _get(f"{base}/contents/notebooks", token)["content"]}
        assert "de06" in _get(f"{base}/kernelspecs", token)["kernelspecs"]
        kernel = _get(f"{base}/kernels", token, data=json.dumps({"name": "de06"}).encode())
        assert kernel["name"] == "de06"
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        out, _ = lab.communicate(timeout=30)
    if os.geteuid() == 0:
        assert "running as root: passing --allow-root" in out
    assert "Running as root is not recommended" not in out
