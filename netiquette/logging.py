"""Logging filters: a live check's query string could hold a draft; logs must never hold one.

The live checks are POSTs (their drafts travel in the body), but a GET with a query string can
still be sent to their paths by hand or by an old page, and the request line would log it.
"""

from __future__ import annotations

import logging
import re

# A path ending in ``/check/`` followed by a query string, inside any logged string. A query
# already replaced is left alone: the filter sits on loggers and handlers, so a record can pass
# it more than once.
_REMOVED = "[query removed]"
_LIVE_CHECK_QUERY = re.compile(r"(/check/)\?(?!\[query removed\](?:[\s\"']|$))[^\s\"']*")


def strip_live_check_query(value: str) -> str:
    return _LIVE_CHECK_QUERY.sub(rf"\1?{_REMOVED}", value)


class StripLiveCheckQuery(logging.Filter):
    """Removes the query string from live-check paths in log records (``django.server`` logs
    the request line; ``django.request`` logs paths and carries the request)."""

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
