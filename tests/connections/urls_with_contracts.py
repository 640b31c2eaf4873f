"""The site's URLs plus stand-ins for the URLs other areas provide (``request_new``,
``compose``), to prove the people pages link to them once they exist."""

from django.http import HttpResponse
from django.urls import include, path

import connections.urls
import messaging.urls
from netiquette.urls import urlpatterns as site_urlpatterns


def stand_in(request, user_id):
    return HttpResponse(f"stand-in for {user_id}")


urlpatterns = [
    path(
        "",
        include(
            (
                [
                    *connections.urls.urlpatterns,
                    path("people/<int:user_id>/connect/", stand_in, name="request_new"),
                ],
                "connections",
            )
        ),
    ),
    path(
        "",
        include(
            (
                [
                    *messaging.urls.urlpatterns,
                    path("messages/new/<int:user_id>/", stand_in, name="compose"),
                ],
                "messaging",
            )
        ),
    ),
    *site_urlpatterns,
]
