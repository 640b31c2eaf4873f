"""Views of the moderators' dashboard: thin, each one full page or htmx partial.

Every view is for moderators only: anonymous visitors are sent to log in, and anyone else gets
the same 404 as for a review that does not exist, so a member never learns that a review
about them exists.

Why one long module: the dashboard's views share one permission gate and the queue's and
review's URL helpers; each page is a section below (queue, one review, log and rules).
"""

from __future__ import annotations

import contextlib
import logging
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, push_url

from netiquette.core.templatetags.etiquette import LABEL_NAMES
from netiquette.moderation import selectors, services
from netiquette.moderation.forms import (
    BulkDecisionForm,
    DecidedForm,
    DecisionForm,
    LogFilterForm,
    NextReviewForm,
    QueueFilterForm,
    filter_query,
    filters_from_query,
)
from netiquette.moderation.models import Review
from netiquette.moderation.selectors import BadCursor

PERMISSION = "moderation.moderate"
logger = logging.getLogger(__name__)


def moderator_required(view):
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.htmx:
                return HttpResponseClientRedirect(reverse("login"))
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(PERMISSION):
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapped


def _review_url(review_id: int, query: str = "") -> str:
    url = reverse("moderation:review_detail", args=[review_id])
    return f"{url}?{query}" if query else url


def _queue_url(query: str = "") -> str:
    url = reverse("moderation:review_queue")
    return f"{url}?{query}" if query else url


# --- the queue ------------------------------------------------------------------------


def _queue_context(request: HttpRequest, data: QueryDict) -> dict:
    form = QueueFilterForm(data)
    filters = form.filters()
    cursor_error = ""
    try:
        page = selectors.review_queue(filters=filters, moderator=request.user)
    except BadCursor:
        cursor_error = "That page link is out of date; here is the first page."
        filters.after = ""
        page = selectors.review_queue(filters=filters, moderator=request.user)
    return {
        "form": form,
        "filters": filters,
        "page": page,
        "counts": selectors.queue_counts(status=filters.status),
        "q": filter_query(data),
        "cursor_error": cursor_error,
        "status_choices": Review.Status.choices,
        "label_choices": list(LABEL_NAMES.items()),
    }


@require_GET
@moderator_required
def review_queue(request: HttpRequest) -> HttpResponse:
    context = _queue_context(request, request.GET)
    context["undo"] = _undo_candidate(request)
    if request.htmx and request.htmx.target == "queue-results":
        return render(request, "moderation/queue.html#results", context)
    return render(request, "moderation/queue.html", context)


def _queue_results(request: HttpRequest, query: str, **extra) -> HttpResponse:
    context = _queue_context(request, QueryDict(query))
    context.update(extra)
    response = render(request, "moderation/queue.html#results", context)
    return push_url(response, _queue_url(query))


@require_POST
@moderator_required
def review_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkDecisionForm(request.POST)
    query = filter_query(QueryDict(request.POST.get("q", "")))
    if not form.is_valid():
        error = " ".join(e for errors in form.errors.values() for e in errors)
        if request.htmx:
            return _queue_results(request, query, notice=error, notice_kind="error")
        messages.error(request, error)
        return redirect(_queue_url(query))
    data = form.cleaned_data
    result = services.reviews_decide_bulk(
        review_ids=data["ids"],
        moderator=request.user,
        decision=data["decision"],
        reason=data["reason"],
        hide=data["hide"],
        warn=data["warn"],
        restrict_days=data["restrict_days"] or 0,
    )
    verb = dict(DecisionForm.base_fields["decision"].choices)[data["decision"]].lower()
    count = len(result.decided)
    notice = f"{verb.capitalize()}: {count} item{'s' if count != 1 else ''}."
    if result.conflicts:
        notice += " Not changed: " + " ".join(f"#{pk}: {msg}" for pk, msg in result.conflicts)
    kind = "error" if result.conflicts else "success"
    if request.htmx:
        return _queue_results(request, query, notice=notice, notice_kind=kind)
    (messages.error if result.conflicts else messages.success)(request, notice)
    return redirect(_queue_url(query))


# --- one review -----------------------------------------------------------------------


def _review_context(request: HttpRequest, review: Review, query: str, **extra) -> dict:
    context = selectors.review_page_context(review)
    warning_text = services.default_warning_text(review)
    context.update(
        {
            "q": query,
            "decision_form": DecisionForm(
                initial={
                    "warning_text": warning_text,
                    "expected_status": review.status,
                    "q": query,
                    "source": "review",
                    "hide": bool(review.message_id),
                    "labels": list(review.labels),
                }
            ),
            "restrict_choices": DecisionForm.base_fields["restrict_days"].choices,
            "label_choices": DecisionForm.base_fields["labels"].choices,
            "claimed_by_me": review.claim_live and review.claimed_by_id == request.user.pk,
            "decidable": review.status in services.DECIDABLE,
        }
    )
    context.update(extra)
    return context


def _render_review(
    request: HttpRequest, review: Review, query: str, status: int = 200, **extra
) -> HttpResponse:
    context = _review_context(request, review, query, **extra)
    if request.htmx:
        response = render(request, "moderation/review.html#panel", context, status=status)
        return push_url(response, _review_url(review.pk, query))
    return render(request, "moderation/review.html", context, status=status)


def _render_after_decision(request: HttpRequest, query: str, undo: Review | None, **extra):
    """The next item to work (claimed for this moderator), or the empty queue."""
    filters = filters_from_query(query)
    for _ in range(3):  # another moderator may claim the same next item at the same moment
        following = selectors.next_review(filters=filters, moderator=request.user)
        if following is None:
            break
        try:
            services.review_claim(review_id=following.pk, moderator=request.user)
        except services.ReviewConflict:
            continue
        review = selectors.review_for_moderator(following.pk)
        return _render_review(request, review, query, undo=undo, **extra)
    context = {"q": query, "undo": undo, "review": None, **extra}
    if request.htmx:
        return push_url(render(request, "moderation/review.html#panel", context), _queue_url(query))
    return render(request, "moderation/review.html", context)


def _undo_candidate(request: HttpRequest) -> Review | None:
    form = DecidedForm(request.GET)
    if not form.is_valid() or form.cleaned_data["decided"] is None:
        return None
    review = Review.objects.filter(pk=form.cleaned_data["decided"]).first()
    if review and services.undoable_decision(review=review, moderator=request.user):
        return review
    return None


def _refuse_own(request: HttpRequest, review: Review) -> None:
    """403 with the reason for the moderator's own item (a page view writes no log row)."""
    if review.sender_id == request.user.pk:
        logger.warning("moderator %s opened the review of their own item", request.user.pk)
        raise PermissionDenied(
            "This is your own item: another moderator must review it. The attempt is logged."
        )


@require_GET
@moderator_required
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for_moderator(review_id)
    _refuse_own(request, review)
    query = filter_query(request.GET)
    undo = _undo_candidate(request)
    if undo is None and review.status != Review.Status.OPEN:
        # Coming back to an item decided a minute ago: its Undo is here too, not only in the
        # notice right after the decision (QA), while the window lasts.
        undo = review if services.undoable_decision(review=review, moderator=request.user) else None
    return _render_review(request, review, query, undo=undo)


@require_POST
@moderator_required
def review_next(request: HttpRequest) -> HttpResponse:
    """Claims the next unclaimed item in the queue's order and opens it."""
    form = NextReviewForm(request.POST)
    form.is_valid()  # a bad "after" is no "after": the first item in the queue's order
    query = filter_query(QueryDict(form.cleaned_data.get("q") or ""))
    after_id = form.cleaned_data.get("after")
    filters = filters_from_query(query)
    after = Review.objects.filter(pk=after_id).first() if after_id else None
    following = selectors.next_review(filters=filters, moderator=request.user, after=after)
    if following is not None:
        with contextlib.suppress(services.ReviewConflict):  # shown on its page
            services.review_claim(review_id=following.pk, moderator=request.user)
    if request.htmx:
        if following is None:
            return _render_after_decision(request, query, None)
        return _render_review(request, selectors.review_for_moderator(following.pk), query)
    if following is None:
        messages.info(request, "Nothing left to review with these filters.")
        return redirect(_queue_url(query))
    return redirect(_review_url(following.pk, query))


@require_POST
@moderator_required
def review_claim(request: HttpRequest, review_id: int) -> HttpResponse:
    query = filter_query(QueryDict(request.POST.get("q", "")))
    release = request.POST.get("action") == "release"
    notice, kind = "", "success"
    try:
        if release:
            services.review_release(review_id=review_id, moderator=request.user)
            notice = "Released: others can take this item now."
        else:
            services.review_claim(review_id=review_id, moderator=request.user)
            notice = "Claimed: other moderators will see you are working on it."
    except services.OwnItem as refused:
        raise PermissionDenied(refused.message) from refused
    except services.ReviewConflict as conflict:
        notice, kind = conflict.message, "error"
    except Review.DoesNotExist as exc:
        raise Http404("No such review.") from exc
    review = selectors.review_for_moderator(review_id)
    if request.htmx:
        return _render_review(request, review, query, notice=notice, notice_kind=kind)
    (messages.error if kind == "error" else messages.success)(request, notice)
    return redirect(_review_url(review_id, query))


@require_POST
@moderator_required
def review_decide(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_for_moderator(review_id)
    form = DecisionForm(request.POST)
    query = filter_query(QueryDict(request.POST.get("q", "")))
    from_queue = request.POST.get("source") == "queue"
    if not form.is_valid():
        if from_queue:
            error = "That decision could not be read; please try again from the review page."
            if request.htmx:
                return _queue_results(request, query, notice=error, notice_kind="error")
            messages.error(request, error)
            return redirect(_queue_url(query))
        status = 200 if request.htmx else 400
        # The moderator's own input comes back with the errors.
        return _render_review(request, review, query, status=status, decision_form=form)
    data = form.cleaned_data
    try:
        decided = services.review_decide(
            review_id=review.pk,
            moderator=request.user,
            decision=data["decision"],
            reason=data["reason"],
            expected_status=data["expected_status"] or None,
            hide=data["hide"],
            warn=data["warn"],
            warning_text=data["warning_text"],
            restrict_days=data["restrict_days"] or 0,
            labels=form.confirmed_labels() if data["decision"] == "confirm" else None,
        )
    except services.OwnItem as refused:
        raise PermissionDenied(refused.message) from refused
    except services.ReviewConflict as conflict:
        if from_queue:
            if request.htmx:
                return _queue_results(request, query, notice=conflict.message, notice_kind="error")
            messages.error(request, conflict.message)
            return redirect(_queue_url(query))
        fresh = selectors.review_for_moderator(review.pk)
        if request.htmx:
            return _render_review(
                request, fresh, query, notice=conflict.message, notice_kind="error"
            )
        messages.error(request, conflict.message)
        return redirect(_review_url(review.pk, query))
    notice = _decision_notice(decided)
    if from_queue:
        if request.htmx:
            return _queue_results(request, query, notice=notice, undo=decided.review)
        messages.success(request, notice)
        extra = f"decided={review.pk}"
        return redirect(_queue_url(f"{query}&{extra}" if query else extra))
    if request.htmx:
        return _render_after_decision(request, query, decided.review, notice=notice)
    messages.success(request, notice)
    following = selectors.next_review(filters=filters_from_query(query), moderator=request.user)
    if following is None:
        return redirect(_queue_url(query))
    with contextlib.suppress(services.ReviewConflict):
        services.review_claim(review_id=following.pk, moderator=request.user)
    extra = f"decided={review.pk}"
    return redirect(_review_url(following.pk, f"{query}&{extra}" if query else extra))


def _decision_notice(decided: services.Decided) -> str:
    verb = decided.review.get_status_display()
    notice = f"{verb}: review #{decided.review.pk}"
    if decided.effects:
        notice += " (" + ", ".join(decided.effects) + ")"
    return notice + "."


@require_POST
@moderator_required
def review_undo(request: HttpRequest, review_id: int) -> HttpResponse:
    query = filter_query(QueryDict(request.POST.get("q", "")))
    from_queue = request.POST.get("source") == "queue"
    try:
        services.review_undo(review_id=review_id, moderator=request.user)
        notice, kind = f"Undone: review #{review_id} is back to where it was.", "success"
    except services.ReviewConflict as conflict:
        notice, kind = conflict.message, "error"
    if from_queue:
        if request.htmx:
            return _queue_results(request, query, notice=notice, notice_kind=kind)
        (messages.error if kind == "error" else messages.success)(request, notice)
        return redirect(_queue_url(query))
    review = selectors.review_for_moderator(review_id)
    if kind == "success":
        services.review_claim(review_id=review_id, moderator=request.user)
        review = selectors.review_for_moderator(review_id)
    if request.htmx:
        return _render_review(request, review, query, notice=notice, notice_kind=kind)
    (messages.error if kind == "error" else messages.success)(request, notice)
    return redirect(_review_url(review_id, query))


# --- audit log and rule performance ----------------------------------------------------


@require_GET
@moderator_required
def moderation_log(request: HttpRequest) -> HttpResponse:
    filters = LogFilterForm(request.GET).filters()
    review_id = filters["review_id"]
    sender_id = filters["sender_id"]
    moderator_id = filters["moderator_id"]
    notice = ""
    try:
        page = selectors.audit_log(
            review_id=review_id,
            sender_id=sender_id,
            moderator_id=moderator_id,
            before=filters["before"],
        )
    except BadCursor:
        notice = "That page link is out of date; here are the latest entries."
        page = selectors.audit_log(
            review_id=review_id, sender_id=sender_id, moderator_id=moderator_id
        )
    keep = QueryDict(mutable=True)
    for name, value in (("review", review_id), ("sender", sender_id), ("moderator", moderator_id)):
        if value:
            keep[name] = value
    context = {
        "page": page,
        "review_id": review_id,
        "sender_id": sender_id,
        "moderator_id": moderator_id,
        "keep": keep.urlencode(),
        "notice": notice,
        "notice_kind": "error",
    }
    if request.htmx and request.htmx.target == "log-results":
        return render(request, "moderation/log.html#results", context)
    return render(request, "moderation/log.html", context)


@require_GET
@moderator_required
def rule_stats(request: HttpRequest) -> HttpResponse:
    from netiquette.moderation.charts import sparkline, stacked_bars

    stats, days = selectors.rule_stats()
    for stat in stats:
        stat.spark = sparkline([value for _, value in stat.weekly]) if stat.weekly else None
    by_model = selectors.model_label_stats()
    context = {
        "stats": stats,
        "low": [s for s in stats if s.low_precision],
        "by_model": by_model,
        "low_models": [s for s in by_model if s.low_precision],
        "flags_chart": stacked_bars(days, [("flagged", "bar-flagged", "Flags")]),
        "decisions_chart": stacked_bars(
            days,
            [
                ("confirmed", "bar-confirmed", "Confirmed"),
                ("dismissed", "bar-dismissed", "Dismissed"),
                ("escalated", "bar-escalated", "Escalated"),
            ],
        ),
        "low_precision": selectors.LOW_PRECISION,
        "min_decided": selectors.MIN_DECIDED_FOR_PRECISION,
    }
    return render(request, "moderation/rules.html", context)
