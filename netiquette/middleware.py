"""Signed-in pages are private: no shared or browser cache may keep them."""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """``Cache-Control: private, no-store`` on every answer to a signed-in member (a page shows
    their mail, invitations and reviews; the back button after logging out must not either).
    Profile photos keep the media server's caching, and a view that set its own
    Cache-Control keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.media_prefix = "/" + settings.MEDIA_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not response.has_header("Cache-Control")
            and not request.path.startswith(self.media_prefix)
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
