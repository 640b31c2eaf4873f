"""The site's own error pages, for everyone who is not staff, in debug mode too.

With ``DEBUG`` on (the embedded default), Django answers a missing page or a crash with its
technical pages: every URL pattern, the settings, a traceback. A member who opens a moderator's
address must not see those, so only staff get them; everyone else gets the same pages as in
production (``404.html``, ``500.html``; Django already uses ``403.html`` in both modes). An
action address opened directly (a GET on a POST-only URL) gets a page that says what it is
instead of the browser's blank "This page isn't working" for a bare 405.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger("django.request")


def _sees_debug_pages(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return settings.DEBUG and bool(user is not None and user.is_active and user.is_staff)


def page_not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "404.html", status=404)


def bad_request(request: HttpRequest) -> HttpResponse:
    return render(request, "400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def action_only(request: HttpRequest) -> HttpResponse:
    """A GET on an address that only takes a button's POST (accept, report, decide…)."""
    return render(request, "errors/405.html", status=405)


class ErrorPages:
    """Middleware, after authentication: the site's error pages for members in debug mode, and
    a real page for an action address opened directly."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 404
            and settings.DEBUG
            and getattr(request, "resolver_match", None) is None  # no route: Django listed them
            and not _sees_debug_pages(request)
        ):
            return page_not_found(request)
        if (
            response.status_code == 405
            and request.method in ("GET", "HEAD")
            and not getattr(request, "htmx", False)
            and not response.content  # Django's bare 405; a view's own page is left alone
        ):
            return action_only(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not settings.DEBUG or _sees_debug_pages(request):
            return None  # production pages come from Django's handlers; staff debug
        if isinstance(exception, Http404):
            return page_not_found(request)
        if isinstance(exception, PermissionDenied):
            return None  # Django renders 403.html in both modes
        if isinstance(exception, BadRequest | SuspiciousOperation):
            return bad_request(request)
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500},
        )
        return server_error(request)
