"""My network: connections (search, remove) and blocked members; block and unblock.

Thin views (STYLE.md): a form parses, a selector reads, a service writes. Every write is a
POST from a button; without JavaScript each is a plain form with its page after a redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from connections.models import Profile
from connections.network import selectors, services
from connections.profiles.forms import PeopleSearchForm
from connections.profiles.selectors import SEARCH_MAX_LENGTH, PeopleQuery

PER_PAGE = 20


def back_to(request: HttpRequest, default: str) -> str:
    """Where a button's POST returns: its ``next`` field when it is a path on this site (never a
    bare word, which ``redirect()`` would take for a URL name)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _profile_or_404(user_id: int) -> Profile:
    profile = Profile.objects.filter(user_id=user_id, user__is_active=True).first()
    if profile is None:
        raise Http404("No member with that id.")
    return profile


@login_required
@require_GET
def network(request: HttpRequest) -> HttpResponse:
    form = PeopleSearchForm(request.GET)
    form.is_valid()  # one optional text field: always valid
    query = PeopleQuery.parse(form.cleaned_data.get("q"))
    people = selectors.connections_of(user_id=request.user.id, query=query.text)
    page = Paginator(people, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "query": query,
        "page": page,
        "max_length": SEARCH_MAX_LENGTH,
        "total": selectors.connection_count(user_id=request.user.id)
        if query.text
        else page.paginator.count,
        "tab": "connections",
    }
    template = "connections/network/network.html"
    if request.htmx and request.htmx.target == "network-results":
        template += "#results"
    return render(request, template, context)


@login_required
@require_GET
def blocked(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.blocked_people(user_id=request.user.id), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "connections/network/blocked.html", {"page": page, "tab": "blocked"})


@login_required
@require_POST
def connection_remove(request: HttpRequest, user_id: int) -> HttpResponse:
    other = _profile_or_404(user_id)
    if services.connection_remove(user=request.user, other_id=user_id):
        messages.success(request, f"You are no longer connected with {other.name}.")
    else:
        messages.info(request, f"You were not connected with {other.name}.")
    return redirect(back_to(request, reverse("connections:network")))


@login_required
@require_POST
def block(request: HttpRequest, user_id: int) -> HttpResponse:
    if user_id == request.user.id:
        messages.error(request, "You cannot block yourself.")
        return redirect(back_to(request, reverse("connections:network")))
    other = _profile_or_404(user_id)
    services.member_block(blocker=request.user, blocked_id=user_id)
    messages.success(
        request,
        f"You blocked {other.name}. They can no longer invite you, message you or find you in "
        "People.",
    )
    return redirect(back_to(request, reverse("connections:blocked")))


@login_required
@require_POST
def unblock(request: HttpRequest, user_id: int) -> HttpResponse:
    other = _profile_or_404(user_id)
    if services.member_unblock(blocker=request.user, blocked_id=user_id):
        messages.success(request, f"You unblocked {other.name}.")
    return redirect(back_to(request, reverse("connections:blocked")))
