"""Views for sending connection requests and managing invitations.

Thin views (STYLE.md): parse with a form, fetch through a permission-checking selector (404
for anything not the member's), call one service, pick the page or its htmx partial.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from connections.network.views import back_to
from connections.requests import limits, selectors, services
from connections.requests.forms import (
    ConnectionRequestForm,
    LiveCheckForm,
    WithdrawOlderForm,
    note_max_length,
)
from connections.requests.services import InvitationAnswered, RequestRefused
from netiquette.core import live_cache, warning_events

PAGE_SIZE = 20
# The live check reads at most this much of a draft: enough to see a note that is too long.
LIVE_CHECK_MAX_CHARS = 5000

NEW_TEMPLATE = "connections/requests/new.html"


def _missing_member(request: HttpRequest) -> HttpResponse:
    return render(request, "connections/requests/missing.html", status=404)


def _new_page(request: HttpRequest, user_id: int):
    """The recipient and the page's context, or the response that ends here (no such member,
    or a refusal: already connected, already invited, paused…)."""
    try:
        recipient = selectors.recipient_for_request(sender=request.user, user_id=user_id)
    except Http404:
        return None, _missing_member(request)
    context = {"recipient": recipient, "max_length": note_max_length()}
    refusal = services.request_refusal(sender=request.user, recipient=recipient)
    if refusal is not None:
        context["refusal"] = refusal
        template = f"{NEW_TEMPLATE}#form_section" if request.htmx else NEW_TEMPLATE
        return None, render(request, template, context)
    context["shared"] = selectors.shared_context(user_a_id=request.user.id, user_b_id=user_id)
    return recipient, context


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, user_id: int) -> HttpResponse:
    recipient, context = _new_page(request, user_id)
    if recipient is None:
        return context
    template = f"{NEW_TEMPLATE}#form_section" if request.htmx else NEW_TEMPLATE
    shared = context["shared"]
    form = ConnectionRequestForm(
        request.POST if request.method == "POST" else None, recipient_name=recipient.name
    )
    context["form"] = form
    if request.method != "POST" or not form.is_valid():
        return render(request, template, context)

    data = form.cleaned_data
    stats = limits.request_stats(request.user)
    verdict = services.note_check(
        text=data["note"],
        context=services.note_context(
            sender=request.user,
            recipient=recipient,
            how_known=data["how_known"],
            shared=shared.facts,
            stats=stats,
        ),
    )
    token = data.get("draft_token")
    context.update(verdict=verdict, note=data["note"])
    if verdict.action == "block":
        warning_events.warning_shown(
            user=request.user, draft_token=token, kind="request_note", verdict=verdict
        )
        context["state"] = "blocked"
        return render(request, template, context)
    if verdict.action in {"warn", "flag"} and not form.sending_anyway:
        warning_events.warning_shown(
            user=request.user, draft_token=token, kind="request_note", verdict=verdict
        )
        context["state"] = "confirm"
        return render(request, template, context)

    try:
        invitation = services.connection_request_send(
            sender=request.user,
            recipient=recipient,
            how_known=data["how_known"],
            note=data["note"],
            verdict=verdict,
        )
    except RequestRefused as refusal:
        context["refusal"] = refusal
        return render(request, template, context)
    # Edited if the final note passes as it is; sent anyway if it still warns or flags.
    warning_events.warning_resolve(
        user=request.user, draft_token=token, sent_anyway=verdict.action != "ok"
    )
    if request.htmx:
        return render(request, template, {**context, "sent": invitation})
    messages.success(request, f"Invitation sent to {recipient.name}.")
    return redirect("connections:invitations_sent")


@live_cache.with_remembered_user
@login_required
@require_POST
def request_check(request: HttpRequest, user_id: int) -> HttpResponse:
    """The live check: the engine's findings for a draft note.

    A POST with the CSRF token (htmx sends it in a header, debounced while the member types),
    so no draft lands in a URL, an access log or the history. Stores nothing (no draft, no
    warning event) and logs no text: a warning is recorded only when the send re-check stops
    the draft (``request_new``), and resolved when it is sent. Without JavaScript, "Check
    wording" posts the form here and gets the whole page back, the draft still in the form.
    """
    form = LiveCheckForm(request.POST)
    form.is_valid()  # lenient: every field is optional; bad values just drop out
    data = form.cleaned_data
    note = data.get("note") or ""
    text = note[:LIVE_CHECK_MAX_CHARS]
    if request.htmx:
        relationship = selectors.note_relationship(sender=request.user, user_id=user_id)
    else:
        recipient, context = _new_page(request, user_id)
        if recipient is None:
            return context
        relationship = recipient
    verdict = services.note_check(
        text=text,
        context=services.note_context(
            sender=request.user,
            recipient=relationship,
            how_known=data.get("how_known"),
            shared=relationship.shared if request.htmx else context["shared"].facts,
        ),
        live=True,
    )
    max_length = note_max_length()
    too_long = len(note.strip()) > max_length
    # A member asked "Send anyway?" keeps the question while the note still warns.
    state = (
        "confirm"
        if data.get("confirming") and verdict.action in {"warn", "flag"} and not too_long
        else ""
    )
    check = {
        "verdict": verdict,
        "text": text,
        "length": len(note),  # the whole draft's, though only its start is checked
        "max_length": max_length,
        "too_long": too_long,
        "state": state,
        "recipient_id": user_id,
    }
    if request.htmx:
        # Rendered without the request: the findings need no navigation counts or CSRF token.
        return HttpResponse(
            render_to_string("connections/requests/_live_check.html", {**check, "oob": True})
        )
    form = ConnectionRequestForm(
        initial={
            "how_known": data.get("how_known"),
            "note": request.POST.get("note", "").replace("\r\n", "\n"),
            "draft_token": data.get("draft_token") or uuid.uuid4(),
        },
        recipient_name=recipient.name,
    )
    context.update(check, form=form, note=text, checked=True)
    return render(request, NEW_TEMPLATE, context)


# --- invitations received ---------------------------------------------------------------------


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
@require_GET
def invitations(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.invitations_received(user=request.user))
    shared = selectors.shared_contexts(
        user_id=request.user.id, other_ids=[inv.sender_id for inv in page]
    )
    for invitation in page:
        invitation.shared = shared[invitation.sender_id]
    template = "connections/requests/invitations.html"
    return render(
        request,
        f"{template}#received_list" if request.htmx else template,
        {"page": page, "tab": "received"},
    )


ANSWERS = {
    "accept": (services.invitation_accept, "You are now connected with {name}."),
    "ignore": (services.invitation_ignore, "Ignored {name}\u2019s invitation."),
    "dont_know": (
        services.invitation_dont_know,
        "Marked: you don\u2019t know {name}. Thank you, this helps keep requests personal.",
    ),
    "report": (
        services.invitation_report_spam,
        "Reported {name}\u2019s invitation as spam. A moderator will look at it.",
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def invitation_answer(request: HttpRequest, request_id: int, answer: str) -> HttpResponse:
    """POST answers the invitation; a GET (the address opened as a link) shows it with its
    buttons and changes nothing."""
    invitation = selectors.invitation_for_recipient(user=request.user, request_id=request_id)
    if request.method == "GET":
        name = invitation.sender.profile.name
        return render(
            request,
            "connections/requests/invitation_confirm.html",
            {"invitation": invitation, "heading": f"Invitation from {name}"},
        )
    service, done = ANSWERS[answer]
    name = invitation.sender.profile.name
    kwargs = {"invitation": invitation}
    if answer == "report":
        kwargs["reporter"] = request.user
    return _invitation_act(
        request,
        invitation,
        lambda: service(**kwargs),
        done=done.format(name=name),
        back="connections:invitations",
    )


# --- invitations sent -----------------------------------------------------------------------


@login_required
@require_GET
def invitations_sent(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.invitations_sent(user=request.user))
    template = "connections/requests/invitations_sent.html"
    return render(
        request,
        f"{template}#sent_list" if request.htmx else template,
        {"page": page, "tab": "sent", "withdraw_form": WithdrawOlderForm()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    """POST withdraws; a GET shows the invitation with its Withdraw button."""
    invitation = selectors.invitation_for_sender(user=request.user, request_id=request_id)
    name = invitation.recipient.profile.name
    if request.method == "GET":
        return render(
            request,
            "connections/requests/invitation_confirm.html",
            {"invitation": invitation, "heading": f"Your invitation to {name}", "sent": True},
        )
    return _invitation_act(
        request,
        invitation,
        lambda: services.invitation_withdraw(invitation=invitation),
        done=f"Withdrew your invitation to {name}.",
        back="connections:invitations_sent",
    )


def _invitation_act(request, invitation, act, *, done: str, back: str) -> HttpResponse:
    """Runs ``act`` on one invitation; says what happened in place (htmx) or after a redirect.
    An invitation answered meanwhile is reported, not an error."""
    try:
        act()
        text, level = done, messages.SUCCESS
    except InvitationAnswered as answered:
        text, level = str(answered), messages.INFO
    if request.htmx:
        return render(
            request,
            "connections/requests/_answered.html",
            {"invitation": invitation, "text": text, "level": level},
        )
    messages.add_message(request, level, text)
    # A button on a profile or in People returns there; the invitation lists otherwise.
    return redirect(back_to(request, reverse(back)))


@login_required
@require_POST
def invitations_withdraw_older(request: HttpRequest) -> HttpResponse:
    form = WithdrawOlderForm(request.POST)
    if form.is_valid():
        count = services.invitations_withdraw_older(
            sender=request.user, older_than_days=form.cleaned_data["older_than_days"]
        )
        label = dict(form.fields["older_than_days"].choices)[form.cleaned_data["older_than_days"]]
        text = (
            f"Withdrew {count} invitation{'s' if count != 1 else ''} older than {label}."
            if count
            else f"No pending invitations are older than {label}."
        )
        level = messages.SUCCESS
    else:
        text, level = "Choose how old the invitations to withdraw should be.", messages.ERROR
    if request.htmx:
        page = _page(request, selectors.invitations_sent(user=request.user))
        return render(
            request,
            "connections/requests/invitations_sent.html#sent_list",
            {"page": page, "withdraw_form": form, "bulk_text": text, "bulk_level": level},
        )
    messages.add_message(request, level, text)
    return redirect("connections:invitations_sent")
