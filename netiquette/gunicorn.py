"""gunicorn settings for Netiquette: ``gunicorn -c python:netiquette.gunicorn netiquette.wsgi``.

The Docker image, docker-compose and ``bench/live_check.py`` all serve with these, so the
benchmark measures what production runs. Environment variables override the defaults.

- Workers: ``WEB_CONCURRENCY`` sync processes (default 3 for 2 cores). The live check is
  CPU-bound Python, so processes, not threads, use the cores, and a sync worker takes the next
  connection only when it is free, which spreads requests evenly: on the 2-core build machine,
  20 closed-loop clients of the live check got p95 26 ms at ~1,000 requests/s with 3 sync
  workers, against p95 62 ms with 3 gthread workers holding keep-alive connections (a busy
  worker keeps its connections while another idles). ``GUNICORN_WORKER_CLASS=gthread`` and
  ``GUNICORN_THREADS`` switch to threads with keep-alive (``keepalive`` seconds).
- The access log never records query strings: the live checks carry the draft in theirs
  (``?note=…``, ``?text=…``), and no draft text may be logged. ``%(U)s`` is the path alone.
"""

from __future__ import annotations

import os
import re

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
keepalive = 30
# X-Forwarded-Proto (and the other scheme headers) count only from these addresses: the TLS
# proxy's, comma-separated, networks allowed (10.0.0.0/8). Django takes HTTPS from gunicorn's
# wsgi.url_scheme, so a client reaching gunicorn directly cannot pretend to be on HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
logger_class = "netiquette.gunicorn.EscapingLogger"


class EscapingLogger(Logger):
    """gunicorn's logger, with every request-supplied value of an access-log line escaped:
    ``%(U)s`` is the *decoded* path, so ``/people/%0A…`` would otherwise start a forged line
    and ``%00`` would write a NUL byte. Control characters, ``\\`` and ``"`` are escaped."""

    ESCAPED_ATOMS = ("U", "r", "q", "m", "H", "f", "a")

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in self.ESCAPED_ATOMS:
            value = atoms.get(name)
            if isinstance(value, str):
                atoms[name] = escape_log_value(value)
        return atoms


_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f\u2028\u2029"\\]')


def escape_log_value(value: str) -> str:
    return _UNSAFE.sub(lambda match: f"\\x{ord(match.group()):02x}", value)
