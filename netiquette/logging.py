"""Logging filters: drafts travel in live checks' query strings; logs must never hold them."""

from __future__ import annotations

import logging
import re

# A path ending in ``/check/`` followed by a query string, inside any logged string.
_LIVE_CHECK_QUERY = re.compile(r"(/check/)\?[^\s\"']*")


def strip_live_check_query(value: str) -> str:
    return _LIVE_CHECK_QUERY.sub(r"\1?[query removed]", value)


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
