"""The home page: a welcome for visitors, a member's own start page once signed in."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from connections.models import Profile
from connections.network import selectors as network
from connections.profiles.selectors import profile_completeness
from connections.requests.selectors import invitations_received
from messaging.selectors import unread_threads

INVITATIONS_SHOWN = 3
THREADS_SHOWN = 3
SUGGESTIONS_SHOWN = 6


def home(request: HttpRequest) -> HttpResponse:
    """For a member: invitations waiting, unread conversations, people they may know (with
    why) and their profile checklist; a fixed number of queries (pinned in the tests)."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    profile = Profile.objects.filter(user=request.user).first()
    if profile is None:  # an account made outside sign-up (createsuperuser): start a profile
        return redirect("connections:profile_edit")
    invitations = invitations_received(user=request.user)
    checklist = profile_completeness(profile=profile)
    context = {
        "profile": profile,
        "invitations": list(invitations[:INVITATIONS_SHOWN]),
        "threads": unread_threads(user=request.user, limit=THREADS_SHOWN),
        "suggestions": network.people_you_may_know(
            user_id=request.user.id, limit=SUGGESTIONS_SHOWN
        ),
        "checklist": checklist,
        "checklist_done": sum(item.done for item in checklist),
        "connection_count": network.connection_count(user_id=request.user.id),
    }
    return render(request, "home_member.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


def login_locked_out(request: HttpRequest, original_response=None, credentials=None):
    """django-axes' answer to a log-in while locked out: says so, and for how long (429)."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
