"""gunicorn settings for Netiquette: ``gunicorn -c python:netiquette.gunicorn netiquette.wsgi``.

The Docker image, docker-compose and ``bench/live_check.py`` all serve with these, so the
benchmark measures what production runs. Environment variables override the defaults.

- Workers: ``WEB_CONCURRENCY`` processes (default 3), each with ``GUNICORN_THREADS`` threads
  (default 1). The live check is CPU-bound Python, so processes, not threads, use the cores;
  the gthread worker keeps client connections alive between typing pauses.
- The access log never records query strings: the live checks carry the draft in theirs
  (``?note=…``, ``?text=…``), and no draft text may be logged. ``%(U)s`` is the path alone.
"""

from __future__ import annotations

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
keepalive = 30
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
