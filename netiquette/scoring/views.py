"""The scoring backlog's progress page, for staff and moderators only."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from netiquette.scoring import progress as backlog_progress


def _eager() -> bool:
    """Tasks run in the web process (no broker): nothing scores in the background."""
    from celery import current_app

    return bool(current_app.conf.task_always_eager)


def _may_watch(user) -> bool:
    return user.is_staff or user.has_perm("moderation.moderate")


def describe_eta(eta: timedelta | None, waiting: int, *, eager: bool = False) -> str:
    """Words for the time left: "done", "about 3 minutes", "not moving"; in the embedded mode
    (no workers) what to do instead of waiting."""
    if waiting == 0:
        return "done"
    if eta is None and eager:
        return "waiting: no workers in the embedded mode — press “Score now”"
    if eta is None:
        return "not moving — are the workers running?"
    seconds = eta.total_seconds()
    if seconds < 60:
        return "under a minute"
    if seconds < 3600:
        minutes = round(seconds / 60)
        return f"about {minutes} minute{'s' if minutes != 1 else ''}"
    hours = seconds / 3600
    return f"about {hours:.1f} hours"


@login_required
@require_http_methods(["GET", "POST"])
def progress(request: HttpRequest) -> HttpResponse:
    """Items waiting (unscored, stale), items scored per minute, estimated time left.

    htmx polls the status partial; without JavaScript the page has a refresh link. A POST
    starts a sweep now instead of waiting for the beat (idempotent: a double submit only
    hands out the same ranges twice, and the workers skip what is taken or done).
    """
    if not _may_watch(request.user):
        raise Http404("No such page.")
    if request.method == "POST":
        from netiquette.scoring.tasks import sweep_backlog

        try:
            sweep_backlog.apply_async(retry=False)
        except Exception:
            messages.error(
                request,
                "The task queue is not reachable, so nothing was started. The beat sweep "
                "scores the backlog as soon as it is back.",
            )
        else:
            messages.success(
                request,
                "Scored everything that was waiting."
                if _eager()
                else "Sweep queued: the workers score the backlog as they take it. If the "
                "counts below do not move, no worker is running: start one, or run "
                "manage.py score_backlog.",
            )
        return redirect("scoring:progress")
    eager = _eager()
    rows = [
        {"status": status, "eta": describe_eta(status.eta, status.waiting, eager=eager)}
        for status in backlog_progress.backlog_status()
    ]
    context = {
        "rows": rows,
        "version": rows[0]["status"].version if rows else None,
        "waiting": sum(r["status"].waiting for r in rows),
        "window_minutes": rows[0]["status"].window_minutes if rows else 5,
        "eager": eager,
    }
    template = "scoring/progress.html#status" if request.htmx else "scoring/progress.html"
    return render(request, template, context)
