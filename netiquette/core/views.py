"""The notifications page: news from every registered source, newest first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from netiquette.core import notifications as news


@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """Reads only. New items are marked; the page then asks (htmx, on load) to mark them seen,
    and without JavaScript the member presses "Mark all as seen"."""
    page = news.notifications_for(request.user, cursor=news.Cursor.parse(request.GET.get("before")))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notifications_seen(request: HttpRequest) -> HttpResponse:
    news.notifications_mark_seen(user=request.user)
    if request.htmx:
        # The navigation's badge, updated out of band; the list itself keeps its marks.
        return render(request, "notifications/_seen.html")
    return redirect("notifications:list")
