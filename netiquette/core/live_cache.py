"""Two-level caching for the live checks: this process's memory in front of the shared cache.

A member typing a draft asks the live check at every pause, and the facts it needs about the
pair (connected or not, shared employers, roles) and the ruleset version do not change while
they type. Each is kept for a few seconds in the process (Django's ``LocMemCache`` under the
``local`` alias, thread-safe and bounded), behind it for longer in the shared cache (Redis when
configured), and built from the database when both miss.

The member making the check is kept the same way (``remembered_user``), in this process only.

What this trades: another web process may answer from its own memory for up to
``LOCAL_SECONDS`` after a change (a new connection, a rule re-weighted, a password changed or
an account deactivated elsewhere). Only the warnings shown while typing can lag by that much;
every other page, and the send re-check, reads the database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.contrib.auth import get_user
from django.core.cache import cache, caches

T = TypeVar("T")

logger = logging.getLogger(__name__)

LOCAL_SECONDS = 5


def local_cache():
    return caches["local"]


def get_or_build(
    key: str, build: Callable[[], T], *, shared_seconds: int, local_seconds: int = LOCAL_SECONDS
) -> T:
    """The value under ``key``: from this process, else the shared cache, else ``build()``."""
    local = local_cache()
    value = local.get(key)
    if value is None:
        value = _shared_get(key)
        if value is None:
            value = build()
            cache.set(key, value, shared_seconds)
        local.set(key, value, local_seconds)
    return value


def _shared_get(key: str):
    """The shared cache's value, or None when it cannot give one: a value written by other code
    (a class that moved since it was pickled, as after a deploy) is a miss, not an error."""
    try:
        return cache.get(key)
    except (ImportError, AttributeError, EOFError, TypeError, ValueError) as exc:
        logger.warning("live cache: ignoring an unreadable value under %s (%s)", key, exc)
        return None


def forget(*keys: str) -> None:
    """Drop ``keys`` from both levels (other processes' memory expires on its own)."""
    cache.delete_many(keys)
    local_cache().delete_many(keys)


def _user_key(session_key: str) -> str:
    return f"nq:live:user:{session_key}"


def remembered_user(request):
    """The signed-in member, as Django's session and ``get_user`` found them, kept for a few
    seconds under the session key (the cookie's secret value).

    While the member types, neither the session store nor the user table is read again. Every
    miss runs Django's own look-up and session verification; logging out forgets the member in
    this process at once (``forget_session``), in other processes within ``LOCAL_SECONDS``.
    """
    session_key = request.session.session_key  # from the cookie; the session is not loaded
    if not session_key:
        return request.user  # nobody signed in: no query either way
    local = local_cache()
    user = local.get(_user_key(session_key))
    if user is None:
        user = get_user(request)
        if user.is_authenticated:
            local.set(_user_key(session_key), user, LOCAL_SECONDS)
    return user


def forget_session(sender, request, **kwargs) -> None:
    """``user_logged_out`` receiver: this session's member is no longer remembered here."""
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        local_cache().delete(_user_key(session_key))


def with_remembered_user(view):
    """Sets ``request.user`` from ``remembered_user`` before the view (and its
    ``login_required``) sees it. For the read-only live checks only."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.user = remembered_user(request)
        return view(request, *args, **kwargs)

    return wrapper
