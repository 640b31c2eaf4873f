"""Run every benchmark and print one summary table: ``make bench`` (``--quick`` for small sizes).

    .venv/bin/python bench/run_all.py [--quick] [--only engine,backlog] [--json]

Each benchmark runs in its own process with ``--json``, on the services ``make test`` uses
(``DATABASE_URL`` and ``REDIS_URL`` or the local defaults), each in a throwaway database of its
own; its own output streams through, and the JSON object it prints last feeds the table. A
benchmark that fails is reported in the table and the run goes on; the exit code says whether
all of them ran.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common

BENCH = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Benchmark:
    name: str
    script: str
    full: tuple[str, ...]
    quick: tuple[str, ...]
    # (figure, target) lines for the table, from the benchmark's JSON
    summary: Callable[[dict], list[tuple[str, str, str]]]


def _get(figures: dict, *path, default="–"):
    for key in path:
        if not isinstance(figures, dict) or key not in figures:
            return default
        figures = figures[key]
    return figures


def _engine(f: dict) -> list[tuple[str, str, str]]:
    """Rules alone and the full engine (rules + learned layer), then the model's own cost."""
    rows = []
    for side, name in (("rules_only", "rules only"), ("full", "full")):
        rate = _get(f, side, "drafts_per_second_median")
        rows += [
            (
                f"{name}: drafts per CPU-second",
                f"{rate:,}" if isinstance(rate, int) else rate,
                "≥ 20,000" if side == "rules_only" else "",
            ),
            (
                f"{name}: p50 / p99",
                f"{_get(f, side, 'latency_p50_us')} / {_get(f, side, 'latency_p99_us')} µs",
                "",
            ),
            (
                f"{name}: p99, 1,500 characters",
                f"{_get(f, side, 'latency_1500_chars_p99_us')} µs",
                "< 1 ms" if side == "rules_only" else "< 2 ms",
            ),
            (
                f"{name}: 1 MB adversarial text",
                f"{_get(f, side, 'adversarial_1mb_seconds')} s",
                "< 1 s",
            ),
        ]
    rows += [
        (
            "model cost, 300 characters (p50)",
            f"{_get(f, 'model_cost_300_chars_p50_us')} µs",
            "≤ 300 µs",
        ),
        (
            "model load",
            f"{_get(f, 'model_load_seconds')} s, {_get(f, 'model_load_mb')} MB",
            "≤ 1 s, ≤ 150 MB",
        ),
    ]
    return rows


def _live(f: dict) -> list[tuple[str, str, str]]:
    return [
        (f"p95 at {f.get('clients')} clients", f"{f.get('p95_ms')} ms", "≤ 30 ms"),
        ("requests per second", f"{f.get('rps')}", ""),
        ("errors", f"{f.get('errors')}", "0"),
    ]


def _backlog(f: dict) -> list[tuple[str, str, str]]:
    return [
        ("items/s, 2 worker processes", f"{f.get('items_per_s_2')}", "≥ 3,000"),
        ("speed-up over 1 process", f"{f.get('speedup')}×", "≥ 1.6×"),
    ]


def _dashboard(f: dict) -> list[tuple[str, str, str]]:
    return [
        (f"p95 {key[:-7].replace('_', ' ')}", f"{value} ms", "≤ 60 ms")
        for key, value in f.items()
        if key.endswith("_p95_ms")
    ]


def _seed(f: dict) -> list[tuple[str, str, str]]:
    return [(f"seed {f.get('people')} people ({f.get('database')})", f"{f.get('median_s')} s", "")]


def _load(f: dict) -> list[tuple[str, str, str]]:
    return [
        (f"p95 at {f.get('users')} members", f"{f.get('p95_ms')} ms", "≤ 150 ms"),
        ("p50 / p99", f"{f.get('p50_ms')} / {f.get('p99_ms')} ms", ""),
        ("requests per second", f"{f.get('rps')}", ""),
        ("errors", f"{f.get('errors')}", "0"),
    ]


BENCHMARKS = [
    Benchmark("engine", "engine.py", (), ("--seconds", "0.5", "--rounds", "3"), _engine),
    Benchmark("live check", "live_check.py", (), ("--duration", "5", "--warmup", "1"), _live),
    Benchmark("backlog", "backlog.py", (), ("--n", "20000", "--people", "1000"), _backlog),
    Benchmark(
        "dashboard",
        "dashboard.py",
        (),
        ("--messages", "100000", "--members", "2000", "--reviews", "5000", "--iterations", "10"),
        _dashboard,
    ),
    Benchmark("seeding", "seed_network.py", (), ("--people", "300", "--runs", "1"), _seed),
    Benchmark(
        "load", "load.py", (), ("--users", "20", "--duration", "15", "--warmup", "10"), _load
    ),
]


def run(benchmark: Benchmark, *, quick: bool) -> tuple[dict | None, float, str]:
    argv = [sys.executable, str(BENCH / benchmark.script), "--json"]
    argv += list(benchmark.quick if quick else benchmark.full)
    print(f"\n=== {benchmark.name}: {' '.join(argv[1:])}", flush=True)
    started = time.monotonic()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, cwd=common.ROOT)
    last = ""
    assert process.stdout is not None
    for line in process.stdout:
        sys.stdout.write(line)
        if line.strip():
            last = line.strip()
    code = process.wait()
    elapsed = time.monotonic() - started
    try:
        figures = json.loads(last)
    except json.JSONDecodeError:
        figures = None
    if code != 0 or not isinstance(figures, dict):
        return None, elapsed, f"exit code {code}"
    return figures, elapsed, ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a few minutes in all")
    parser.add_argument(
        "--only", default="", help="comma-separated names: " + ", ".join(b.name for b in BENCHMARKS)
    )
    parser.add_argument("--json", action="store_true", help="all figures as JSON, last line")
    args = parser.parse_args(argv)
    wanted = {name.strip() for name in args.only.split(",") if name.strip()}
    chosen = [b for b in BENCHMARKS if not wanted or b.name in wanted]
    print(f"database {common.database_url()}, redis {common.redis_url()}", flush=True)
    results, rows, failed = {}, [], []
    for benchmark in chosen:
        figures, elapsed, problem = run(benchmark, quick=args.quick)
        results[benchmark.name] = figures
        if figures is None:
            failed.append(benchmark.name)
            rows.append((benchmark.name, "FAILED", problem, ""))
            continue
        for i, (figure, value, target) in enumerate(benchmark.summary(figures)):
            rows.append((benchmark.name if i == 0 else "", figure, value, target))
        rows.append(("", "(ran for)", f"{elapsed:.0f} s", ""))
    widths = [
        max(len(str(row[i])) for row in [("benchmark", "figure", "value", "target"), *rows])
        for i in range(4)
    ]
    print(
        "\n"
        + "  ".join(
            h.ljust(w)
            for h, w in zip(("benchmark", "figure", "value", "target"), widths, strict=True)
        )
    )
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    if args.json:
        common.emit_json(results)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
