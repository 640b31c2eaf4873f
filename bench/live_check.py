"""Benchmark the connection-request live check against a production-like server.

Starts gunicorn with production's settings (``netiquette/gunicorn.py``: sync workers,
DJANGO_DEBUG=0, PostgreSQL, Redis cache) on loopback, seeds a few members, logs clients in
through the real login form, then drives ``POST /people/<id>/connect/check/`` (the draft in
the body, the CSRF token in ``X-CSRFToken`` as htmx sends it) with N concurrent clients in a
closed loop (each sends its next check as soon as the last one is answered) for a
fixed time. Prints p50/p95/p99 latency and requests per second; ``--json`` prints them as one
JSON object on the last line.

    .venv/bin/python bench/live_check.py --json

It takes ``DATABASE_URL`` and ``REDIS_URL`` as ``make test`` does (local defaults) and works in
its own database beside the one ``DATABASE_URL`` names (``<name>_bench_live_check``).

The load comes from wrk (Debian's ``wrk`` package, C, one epoll loop per thread) when it is
installed, so the two cores serve requests instead of running a Python client; each of the N
connections cycles through the members' sessions and drafts (reconnecting when a sync worker
closes it, as a browser would), and a Lua ``done`` hook prints the percentiles. Without wrk
(or with ``--client python``) the load comes from Python processes (threads in one process
would measure the client's GIL, not the server), which costs the server a good share of the
CPU.

Why one long module: a benchmark is one runnable file (``bench/common.py`` holds what the
benchmarks share); most of its length is starting, seeding and stopping a production-like server.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import common  # noqa: E402

PYTHON = sys.executable
PASSWORD = "bench-password-not-secret-42"

NOTES = [
    "Thanks for the talk at the PyCon meetup yesterday, I enjoyed your point on testing.",
    "Hi, I help companies like yours grow revenue. Can we book a quick call this week?",
    "We were both at Acme in 2019. Would be good to stay in touch about data platforms.",
    "Hello",
    "I read your post on Postgres partitioning; we hit the same problem with event tables. "
    "Would you mind if I asked one question about how you chose the partition key? " * 2,
]


def server_env(args) -> dict[str, str]:
    env = common.server_env(args.database_url, args.redis_url)
    if args.session_engine:
        env["DJANGO_SESSION_ENGINE"] = args.session_engine
    return env


def prepare(args, env: dict[str, str]) -> tuple[list[str], list[int]]:
    """Create the database, migrate, collect static files, seed members; return usernames and
    recipients' ids."""
    from netiquette.testenv import _ensure_database

    _ensure_database(args.database_url)
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    seed = f"""
from connections.models import Affiliation, Organisation, Profile
from connections.profiles.services import member_signup
from django.contrib.auth import get_user_model
User = get_user_model()
acme, _ = Organisation.objects.get_or_create(kind="company", name="Acme")
pycon, _ = Organisation.objects.get_or_create(kind="event", name="PyCon Lisbon")
ids = []
for i in range({args.users}):
    name = f"bench{{i}}"
    user = User.objects.filter(username=name).first() or member_signup(
        username=name, password={PASSWORD!r}, name=f"Bench Member {{i}}")
    for org in (acme, pycon) if i % 2 else (acme,):
        Affiliation.objects.get_or_create(profile=user.profile, organisation=org,
                                          kind="position")
    ids.append(user.id)
print("IDS", ",".join(map(str, ids)))
"""
    out = subprocess.run(
        [*manage, "shell", "-c", seed], env=env, check=True, capture_output=True, text=True
    ).stdout
    ids = [int(i) for i in re.search(r"IDS (\S+)", out).group(1).split(",")]
    return [f"bench{i}" for i in range(args.users)], ids


def gunicorn_shape(args) -> str:
    from netiquette import gunicorn as conf

    workers = args.workers or conf.workers
    threads = args.threads or conf.threads
    worker_class = args.worker_class or conf.worker_class
    if worker_class == "sync":
        return f"{workers} processes (sync)"
    return f"{workers} processes x {threads} thread{'s' if threads != 1 else ''} ({worker_class})"


def start_server(args, env, port: int) -> subprocess.Popen:
    """gunicorn with production's settings (netiquette/gunicorn.py); the access log, formatted
    as in production, goes to /dev/null."""
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESS_LOG": os.devnull}
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    if args.worker_class:
        env["GUNICORN_WORKER_CLASS"] = args.worker_class
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "-c",
        "python:netiquette.gunicorn",
        "netiquette.wsgi",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    common.stop_process(server)
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def cookies_from(response: http.client.HTTPResponse) -> dict[str, str]:
    jar = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def log_in(port: int, username: str) -> tuple[str, str]:
    """Log in through the real form; return the session cookie's value and the CSRF token
    (Django rotates it at log-in, so the one the log-in answer sets)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    page = response.read().decode()
    jar = cookies_from(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    conn.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={jar['csrftoken']}",
        },
    )
    response = conn.getresponse()
    response.read()
    answer = cookies_from(response)
    session = answer.get("sessionid")
    if response.status != 302 or not session:
        raise SystemExit(f"login failed for {username}: HTTP {response.status}")
    return session, answer.get("csrftoken", jar["csrftoken"])


def client_loop(
    port: int,
    login: tuple[str, str],
    recipient_id: int,
    until: float,
    warmup_until: float,
    think: float,
):
    """One member typing: a check, then ``think`` seconds (the form's debounce) before the next."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    token = str(uuid.uuid4())
    session, csrf = login
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    latencies, errors, i = [], 0, 0
    while True:
        now = time.perf_counter()
        if now >= until:
            break
        note = NOTES[i % len(NOTES)]
        how_known = ("none", "met_in_person", "colleague")[i % 3]
        body = urlencode({"how_known": how_known, "note": note, "draft_token": token})
        path = f"/people/{recipient_id}/connect/check/"
        start = time.perf_counter()
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        elapsed = time.perf_counter() - start
        if start >= warmup_until:
            if ok:
                latencies.append(elapsed)
            else:
                errors += 1
        i += 1
        if think:
            time.sleep(think)
    return latencies, errors


def process_main(port, jobs, until, warmup_until, think, queue):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(len(jobs)) as pool:
        futures = [
            pool.submit(client_loop, port, login, rid, until, warmup_until, think)
            for login, rid in jobs
        ]
        latencies, errors = [], 0
        for future in futures:
            lat, err = future.result()
            latencies.extend(lat)
            errors += err
    queue.put((latencies, errors))


WRK_SCRIPT = """
local requests = {%s}
local i = 0
request = function()
  i = i + 1
  local r = requests[(i %% #requests) + 1]
  return wrk.format("POST", r[1], {["Cookie"] = "sessionid=" .. r[2] .. "; csrftoken=" .. r[3],
    ["X-CSRFToken"] = r[3], ["HX-Request"] = "true",
    ["Content-Type"] = "application/x-www-form-urlencoded"}, r[4])
end
%s
done = function(summary, latency, _)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%.3f %%.3f %%.3f %%.3f\\n", summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.mean / 1000))
end
"""


def wrk_load(port: int, jobs: list[tuple[tuple[str, str], int]], args) -> dict:
    """Drive the check with wrk: ``args.clients`` connections, 2 threads, warm-up first."""
    entries = []
    for c, ((session, csrf), recipient_id) in enumerate(jobs):
        for i in range(6):
            body = urlencode(
                {
                    "how_known": ("none", "met_in_person", "colleague")[i % 3],
                    "note": NOTES[(c + i) % len(NOTES)],
                    "draft_token": str(uuid.uuid4()),
                }
            )
            path = f"/people/{recipient_id}/connect/check/"
            fields = (path, session, csrf, body)
            entries.append("{" + ", ".join(json.dumps(f) for f in fields) + "}")
    pause = f"delay = function() return {args.think_ms:.0f} end" if args.think_ms else ""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % (",\n".join(entries), pause))
    command = ["wrk", "-t", str(min(2, args.clients)), "-c", str(args.clients), "-s", script.name]
    url = f"http://127.0.0.1:{port}/"
    try:
        if args.warmup:
            subprocess.run([*command, "-d", f"{args.warmup:.0f}s", url], capture_output=True)
        out = subprocess.run(
            [*command, "-d", f"{args.duration:.0f}s", "--timeout", "30s", url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    fields = re.search(r"^RESULT (.+)$", out, re.M).group(1).split()
    requests, errors, duration_us = (int(v) for v in fields[:3])
    p50, p95, p99, mean = (float(v) for v in fields[3:])
    return {
        "requests": requests,
        "errors": errors,
        "rps": round(requests / (duration_us / 1e6), 1),
        "p50_ms": round(p50, 2),
        "p95_ms": round(p95, 2),
        "p99_ms": round(p99, 2),
        "mean_ms": round(mean, 2),
    }


def python_load(port: int, jobs: list[tuple[tuple[str, str], int]], args) -> dict:
    """Drive the check from Python processes, one thread per client."""
    start = time.perf_counter()
    warmup_until = start + args.warmup
    until = warmup_until + args.duration
    queue: mp.Queue = mp.Queue()
    procs = max(1, min(args.procs, args.clients))
    workers = [
        mp.Process(
            target=process_main,
            args=(port, jobs[i::procs], until, warmup_until, args.think_ms / 1000, queue),
        )
        for i in range(procs)
    ]
    for worker in workers:
        worker.start()
    latencies, errors = [], 0
    for _ in workers:
        lat, err = queue.get()
        latencies.extend(lat)
        errors += err
    for worker in workers:
        worker.join()
    latencies.sort()
    ms = [v * 1000 for v in latencies]
    return {
        "requests": len(ms),
        "errors": errors,
        "rps": round(len(ms) / args.duration, 1),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "mean_ms": round(statistics.fmean(ms), 2) if ms else None,
    }


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds not measured")
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="gunicorn processes (default: gunicorn.py)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="threads per process (default: gunicorn.py)",
    )
    parser.add_argument(
        "--worker-class", default="", help="gunicorn worker class (default: gunicorn.py)"
    )
    parser.add_argument("--procs", type=int, default=4, help="load-generator processes")
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument(
        "--database-url",
        default="",
        help="default: its own database beside DATABASE_URL's (<name>_bench_live_check)",
    )
    parser.add_argument("--redis-url", default="", help="default: REDIS_URL, as make test")
    parser.add_argument(
        "--session-engine", default="", help="e.g. django.contrib.sessions.backends.cache"
    )
    parser.add_argument(
        "--think-ms",
        type=float,
        default=0.0,
        help="pause between one client's checks: 0 saturates the server (the default); 300 "
        "is a member typing, whose form sends at most one check per 300 ms debounce",
    )
    parser.add_argument(
        "--client",
        choices=("wrk", "python"),
        default="",
        help="load generator: wrk when installed (the default), else Python processes",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    args.database_url = args.database_url or common.throwaway_database_url("live_check")
    args.redis_url = args.redis_url or common.redis_url()

    client = args.client or ("wrk" if shutil.which("wrk") else "python")
    if client == "wrk" and not shutil.which("wrk"):
        raise SystemExit("--client wrk needs wrk on the PATH (Debian: apt-get install wrk)")
    sys.path.insert(0, str(ROOT))
    env = server_env(args)
    usernames, ids = prepare(args, env)
    port = common.free_port()
    server = start_server(args, env, port)
    try:
        jobs = []
        for c in range(args.clients):
            sender = c % len(usernames)
            recipient = ids[(sender + 1) % len(ids)]
            jobs.append((log_in(port, usernames[sender]), recipient))
        measured = wrk_load(port, jobs, args) if client == "wrk" else python_load(port, jobs, args)
    finally:
        common.stop_process(server)

    result = {
        "clients": args.clients,
        "think_ms": args.think_ms,
        "duration_s": args.duration,
        **measured,
        "load_generator": client,
        "gunicorn": gunicorn_shape(args),
        "session_engine": args.session_engine
        or ("cached_db (settings default with REDIS_URL)" if args.redis_url else "db"),
    }
    print(
        f"live check, {args.clients} clients (think {args.think_ms:.0f} ms), "
        f"{args.duration:.0f} s: "
        f"{result['requests']} requests, {result['errors']} errors ({client})\n"
        f"  p50 {result['p50_ms']} ms   p95 {result['p95_ms']} ms   p99 {result['p99_ms']} ms\n"
        f"  {result['rps']} requests/s   ({result['gunicorn']}, sessions: "
        f"{result['session_engine']})"
    )
    if args.json:
        common.emit_json(result)
    return 0 if result["requests"] and not result["errors"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
