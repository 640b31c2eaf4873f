"""Log hygiene: no draft text and no forged lines in the logs.

Drafts may travel in query strings: the live checks are POSTs, but a GET with a query string can
still be sent to their paths by hand or by an old page, and the compose page takes ``?text=``.
Whether a logged path may keep its query string is decided by the view it **resolves** to, not
by how the path is spelt: ``/check?text=`` (redirected to ``/check/``) and ``/%63heck/`` reach
the same view as ``/check/``. A path that resolves to a view that takes drafts, or to no view at
all, loses its query string. Control characters in logged strings are escaped, so a path with
``%0A`` in it cannot start a line of its own.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote

from django.urls import Resolver404, resolve

# The views whose query string may hold a draft (by URL name, which outlives a path's spelling).
DRAFT_VIEWS = frozenset(
    {
        "messaging:compose",
        "messaging:check",
        "messaging:send",
        "connections:request_new",
        "connections:request_check",
    }
)

# A path followed by a query string, inside any logged string.
# A query already replaced is left alone: the filter sits on loggers and handlers, so a record
# can pass it more than once.
_PATH_AND_QUERY = re.compile(r"(/[^\s?\"']*)\?(?!\[query removed\](?:[\s\"']|$))[^\s\"']*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _query_may_stay(path: str) -> bool:
    """Whether the query string of ``path`` may be logged: only when the path resolves to a
    view that takes no drafts (with the slash that APPEND_SLASH would add, too)."""
    path = unquote(path)
    for candidate in (path, path if path.endswith("/") else f"{path}/"):
        try:
            return resolve(candidate).view_name not in DRAFT_VIEWS
        except Resolver404:
            continue
        except Exception:  # a path resolve() cannot even parse: keep nothing
            return False
    return False


def escape_controls(value: str) -> str:
    """``\\n`` → ``\\x0a`` and so on: one logged request, one line."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", value)


def strip_live_check_query(value: str) -> str:
    """``value`` with the query strings of draft-taking (or unknown) paths removed, and its
    control characters escaped."""
    value = _PATH_AND_QUERY.sub(
        lambda m: m.group(0) if _query_may_stay(m.group(1)) else f"{m.group(1)}?[query removed]",
        value,
    )
    return escape_controls(value)


class StripLiveCheckQuery(logging.Filter):
    """Applies ``strip_live_check_query`` to log records (``django.server`` logs the request
    line; ``django.request`` logs paths)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = strip_live_check_query(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                strip_live_check_query(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        elif isinstance(record.args, dict):
            record.args = {
                key: strip_live_check_query(arg) if isinstance(arg, str) else arg
                for key, arg in record.args.items()
            }
        return True
