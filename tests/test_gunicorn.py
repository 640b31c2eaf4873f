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
