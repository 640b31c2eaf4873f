"""The production server's settings (netiquette/gunicorn.py): no draft text in the access log."""

from __future__ import annotations

import importlib
from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

DRAFT = "please-never-log-this-draft"


def _config(monkeypatch, **env) -> Config:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    from netiquette import gunicorn as settings

    settings = importlib.reload(settings)
    config = Config()
    for name in ("bind", "workers", "worker_class", "threads", "keepalive", "access_log_format"):
        config.set(name, getattr(settings, name))
    return config


def test_access_log_keeps_the_path_and_drops_the_query(monkeypatch, tmp_path):
    config = _config(monkeypatch)
    access_log = tmp_path / "access.log"
    config.set("accesslog", str(access_log))
    logger = Logger(config)
    path = "/people/7/connect/check/"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?note={DRAFT}",
        "PATH_INFO": path,
        "QUERY_STRING": f"note={DRAFT}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = SimpleNamespace(status="200 OK", sent=120, headers=[], response_length=120)
    request = SimpleNamespace(headers=[])
    logger.access(response, request, environ, timedelta(milliseconds=3))
    for handler in logger.access_log.handlers:
        handler.flush()
    line = access_log.read_text()
    assert f'"GET {path} HTTP/1.1" 200' in line
    assert DRAFT not in line


def test_sync_workers_by_default_and_the_environment_overrides(monkeypatch):
    config = _config(monkeypatch, WEB_CONCURRENCY="5")
    assert (config.workers, config.worker_class_str) == (5, "sync")
    config = _config(monkeypatch, GUNICORN_WORKER_CLASS="gthread", GUNICORN_THREADS="4")
    assert (config.worker_class_str, config.threads) == ("gthread", 4)


def test_access_log_escapes_what_would_forge_a_line(monkeypatch, tmp_path):
    """Issue 16, finding 11: ``GET /people/%0A<fake line>`` and ``%00`` stay on one line."""
    from netiquette import gunicorn as settings

    config = _config(monkeypatch)
    config.set("logger_class", settings.logger_class)
    access_log = tmp_path / "access.log"
    config.set("accesslog", str(access_log))
    logger = config.logger_class(config)
    forged = '127.0.0.1 [01/Jan/2026:00:00:00 +0000] "GET /admin/ HTTP/1.1" 200 1 1ms'
    for path in (f"/people/\n{forged}", "/people/\x00\x00/", '/people/"/'):
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": path,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
        }
        response = SimpleNamespace(status="404 Not Found", sent=9, headers=[], response_length=9)
        logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=1))
    for handler in logger.access_log.handlers:
        handler.flush()
    lines = access_log.read_bytes().splitlines()
    assert len(lines) == 3
    assert b"\x00" not in access_log.read_bytes()
    assert b'"GET /people/\\x0a127.0.0.1 [01/Jan/2026' in lines[0]
    assert b'"GET /people/\\x00\\x00/ HTTP/1.1" 404' in lines[1]
    assert b'"GET /people/\\x22/ HTTP/1.1" 404' in lines[2]
