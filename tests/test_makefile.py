"""``make run`` takes the port from ``PORT`` (issue 13.12)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize("args,port", [([], "8000"), (["PORT=8123"], "8123")])
def test_make_run_serves_on_the_chosen_port(args, port):
    dry = subprocess.run(
        ["make", "-n", "run", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert f"manage.py runserver 127.0.0.1:{port}" in dry
    assert f"--url http://127.0.0.1:{port}/" in dry


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_starts_a_worker_beside_the_site_when_tasks_go_to_redis():
    """QA: with REDIS_URL set, what members sent stayed unscored (no worker ran)."""
    dry = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, timeout=60
    ).stdout
    assert 'if [ -n "$REDIS_URL" ]' in dry
    assert "celery -A netiquette worker --beat" in dry and "trap 'kill $worker" in dry
