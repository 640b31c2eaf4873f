"""Inbox, threads, compose with live warnings, report and mark safe.

Thin views: a form parses input, a selector fetches what the member may see (404 otherwise), a
service writes, and the view picks the whole page or, for htmx, one partial of it.
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from messaging import selectors, services
from messaging.forms import CheckForm, ComposeForm, ReportForm, message_max_length
from messaging.limits import MessageRefused
from messaging.models import Message
from netiquette.core import live_cache

INBOX_PAGE_SIZE = 20
THREAD_PAGE_SIZE = 30
WARNING_ACTIONS = {"warn", "flag", "block"}


def _cannot_message_self(request: HttpRequest) -> HttpResponse:
    return _unavailable(request, "You cannot send a message to yourself.", status=400)


def _unavailable(request: HttpRequest, reason: str, *, status: int) -> HttpResponse:
    return render(request, "messaging/unavailable.html", {"reason": reason}, status=status)


def _compose_context(request: HttpRequest, recipient, form, **extra) -> dict:
    context = selectors.message_context(sender=request.user, recipient=recipient)
    return {
        "recipient": recipient,
        "form": form,
        "engine_context": context,
        # "employer:Acme" as people read it: "Employer: Acme".
        "shared_facts": [
            f"{kind.capitalize()}: {name}"
            for kind, _, name in (fact.partition(":") for fact in context.shared)
        ],
        "thread": selectors.thread_between(user_a_id=request.user.id, user_b_id=recipient.id),
        "max_length": message_max_length(),
        **extra,
    }


@login_required
@require_GET
def compose(request: HttpRequest, user_id: int) -> HttpResponse:
    recipient = selectors.message_recipient(user_id=user_id)
    if recipient.id == request.user.id:
        return _cannot_message_self(request)
    refusal = services.messaging_refusal(sender=request.user, recipient=recipient)
    if refusal is not None:
        return _unavailable(request, refusal.message, status=403)
    form = ComposeForm.fresh(text=request.GET.get("text", "")[: message_max_length()])
    return render(request, "messaging/compose.html", _compose_context(request, recipient, form))


@live_cache.with_remembered_user
@login_required
@require_POST
def check(request: HttpRequest, user_id: int) -> HttpResponse:
    """The live check: the engine's findings for a draft; stores nothing, logs no text.

    A POST with the CSRF token (htmx sends it in a header, debounced while the member types):
    a draft of any length fits, and no draft lands in a URL, an access log or the history.
    htmx gets the findings and the buttons that go with them; without JavaScript, "Check
    wording" posts the whole form here and gets the compose page back.
    """
    if user_id == request.user.id:
        return _cannot_message_self(request)
    context = selectors.live_check_context(sender=request.user, recipient_id=user_id)
    form = CheckForm(request.POST)
    form.is_valid()  # an invalid draft (too long) is reported, not checked
    text = form.cleaned_data.get("text") or ""
    verdict = services.draft_verdict(text=text, context=context, live=True) if text else None
    # A member asked "Send anyway?" keeps the question while the draft still warns.
    confirming = (
        form.cleaned_data.get("confirming") and verdict and verdict.action in {"warn", "flag"}
    )
    outcome = "warn" if confirming else None
    if request.htmx:
        # Rendered without the request: the partial needs no context processors (the
        # navigation counters would cost a query per keystroke pause).
        return HttpResponse(
            render_to_string(
                "messaging/_warnings.html#inner",
                {
                    "verdict": verdict,
                    "text": text,
                    "check_form": form,
                    "outcome": outcome,
                    "recipient_id": user_id,
                    "oob": True,
                },
            )
        )
    recipient = selectors.message_recipient(user_id=user_id)
    refusal = services.messaging_refusal(sender=request.user, recipient=recipient)
    if refusal is not None:
        return _unavailable(request, refusal.message, status=403)
    draft = request.POST.get("text", "").replace("\r\n", "\n")
    compose_form = ComposeForm.fresh(
        text=draft,
        client_token=form.cleaned_data.get("client_token"),
        draft_token=form.cleaned_data.get("draft_token"),
    )
    return render(
        request,
        "messaging/compose.html",
        _compose_context(
            request,
            recipient,
            compose_form,
            verdict=verdict,
            text=text,
            check_form=form,
            outcome=outcome,
        ),
    )


@login_required
@require_POST
def send(request: HttpRequest, user_id: int) -> HttpResponse:
    recipient = selectors.message_recipient(user_id=user_id)
    if recipient.id == request.user.id:
        return _cannot_message_self(request)
    form = ComposeForm(request.POST)
    extra: dict = {}
    status = 200
    outcome = None
    if form.is_valid():
        try:
            outcome = services.message_send(
                sender=request.user,
                recipient=recipient,
                text=form.cleaned_data["text"],
                client_token=form.cleaned_data["client_token"],
                draft_token=form.cleaned_data["draft_token"],
                send_anyway=form.cleaned_data["send_anyway"],
                warned=form.cleaned_data["warned"],
            )
        except MessageRefused as refusal:
            form.add_error(None, refusal.message)
            status = 429
        except services.MessagingRefused as refusal:
            return _unavailable(request, refusal.message, status=403)
    if outcome is not None:
        if outcome.status in {"sent", "duplicate"}:
            url = reverse("messaging:thread", args=[outcome.message.thread_id])
            if outcome.status == "sent":
                flash.success(request, "Message sent.")
            if request.htmx:
                return HttpResponseClientRedirect(url)
            return redirect(url)
        extra = {"verdict": outcome.verdict, "text": form.cleaned_data["text"]}
        extra["outcome"] = outcome.status
    template = "messaging/compose.html#form" if request.htmx else "messaging/compose.html"
    if request.htmx:
        status = 200  # htmx swaps only successful answers
    elif form.errors and status == 200:
        status = 400
    return render(
        request, template, _compose_context(request, recipient, form, **extra), status=status
    )


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    folder = request.GET.get("folder")
    folder = folder if folder in selectors.FOLDERS else "focused"
    threads = selectors.inbox_threads(user=request.user, folder=folder)
    page = Paginator(threads, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    for thread in page.object_list:
        thread.other_user = selectors.thread_other_user(thread, request.user.id)
    unread = selectors.folder_unread_threads(user=request.user)
    context = {
        "page": page,
        "folder": folder,
        "folders": [(name, unread[name]) for name in selectors.FOLDERS],
    }
    template = "messaging/inbox.html#thread_list" if request.htmx else "messaging/inbox.html"
    return render(request, template, context)


@login_required
@require_GET
def thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    conversation = selectors.access_thread(user=request.user, thread_id=thread_id)
    services.thread_mark_read(user=request.user, thread=conversation)
    paginator = Paginator(selectors.thread_messages(thread=conversation), THREAD_PAGE_SIZE)
    # Newest page first: a conversation opens at its latest messages.
    page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    for message in page.object_list:
        _prepare(message, request.user)
    other = selectors.thread_other_user(conversation, request.user.id)
    refusal = services.messaging_refusal(sender=request.user, recipient=other)
    context = {
        "thread": conversation,
        "other": other,
        "page": page,
        "recipient": other,
        "form": ComposeForm.fresh(),
        "max_length": message_max_length(),
        "refusal": refusal,
    }
    template = "messaging/thread.html#message_list" if request.htmx else "messaging/thread.html"
    return render(request, template, context)


def _prepare(message: Message, user) -> Message:
    message.is_received = message.recipient_id == user.id
    message.show_warning = bool(
        message.is_received
        and message.findings
        and message.action in WARNING_ACTIONS
        and message.marked_safe_at is None
        and message.hidden_at is None
    )
    return message


def _message_response(request: HttpRequest, message: Message, note: str) -> HttpResponse:
    if request.htmx:
        _prepare(message, request.user)
        return render(
            request,
            "messaging/thread.html#message",
            {"message": message, "note": note, "report_form": ReportForm()},
        )
    flash.success(request, note)
    return redirect(f"{reverse('messaging:thread', args=[message.thread_id])}#message-{message.pk}")


@login_required
@require_POST
def report(request: HttpRequest, message_id: int) -> HttpResponse:
    message = selectors.access_received_message(user=request.user, message_id=message_id)
    form = ReportForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    created = services.message_report(reporter=request.user, message=message, reason=reason)
    note = (
        "Thanks — a moderator will review this message."
        if created
        else "You have already reported this message; a moderator will review it."
    )
    return _message_response(request, message, note)


@login_required
@require_POST
def mark_safe(request: HttpRequest, message_id: int) -> HttpResponse:
    message = selectors.access_received_message(user=request.user, message_id=message_id)
    services.message_mark_safe(user=request.user, message=message)
    return _message_response(request, message, "Marked safe: this conversation is in Focused.")


@login_required
@require_GET
def warning_outcomes(request: HttpRequest) -> HttpResponse:
    # 404, as every other staff page answers members: no hint that the page exists.
    if not (request.user.is_staff or request.user.has_perm("moderation.moderate")):
        raise Http404("No such page.")
    return render(request, "messaging/warning_outcomes.html", selectors.warning_outcome_totals())
