"""The member's side of moderation: a warning they received, and "I understand"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from netiquette.moderation import warnings


@login_required
@require_GET
def warning(request: HttpRequest, warning_id: int) -> HttpResponse:
    """The moderator's words and what was found in the member's own message or note."""
    found = warnings.warning_for_member(user=request.user, warning_id=warning_id)
    return render(request, "moderation/warning.html", {"warning": found})


@login_required
@require_POST
def warning_read(request: HttpRequest, warning_id: int) -> HttpResponse:
    warnings.warning_acknowledge(user=request.user, warning_id=warning_id)
    messages.success(request, "Thank you. The warning stays in your notifications.")
    return redirect("moderation:warning", warning_id=warning_id)
