"""The benchmarks still speak the site's protocol: a bench that only counts errors measures
nothing (the live check became a POST with a CSRF token; its bench kept sending GETs)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QUICK = ["--clients", "2", "--procs", "1", "--users", "2", "--duration", "1", "--warmup", "0.5"]


@pytest.mark.postgres
@pytest.mark.redis
def test_live_check_bench_gets_answers_not_errors():
    run = subprocess.run(
        [sys.executable, "bench/live_check.py", "--json", *QUICK],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    assert figures["errors"] == 0
    assert figures["requests"] > 0
