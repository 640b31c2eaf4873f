"""Every URL of the site, filled in with real objects: for the tests that go over all pages
(odd query strings, no writes on GET)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver

from connections.models import ConnectionRequest
from messaging.models import Message, Thread
from netiquette.core.models import TrainedModel
from netiquette.moderation.models import SenderWarning
from netiquette.moderation.reviews import open_review
from netiquette.moderation.services import MODERATORS_GROUP, ensure_moderators_group

# Routes that are Django's own machinery, not pages of ours.
SKIPPED_PREFIXES = ("admin/", "^media/", "accounts/reset/")
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


@dataclass
class Site:
    moderator: object
    member: object
    other: object
    thread: Thread
    message: Message
    invitation: ConnectionRequest
    sent_invitation: ConnectionRequest
    review: object
    warning: object
    trained_model: object = None


def build_site(make_member) -> Site:
    """A staff moderator, members who wrote to each other, an invitation each way, a review."""
    ensure_moderators_group()
    moderator = make_member("mona", name="Mona Moderator")
    moderator.is_staff = True
    moderator.save(update_fields=["is_staff"])
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    member = make_member("sam", name="Sam Sender")
    other = make_member("ann", name="Ann Anders")
    low, high = sorted([moderator.pk, member.pk])
    thread = Thread.objects.create(user_low_id=low, user_high_id=high)
    message = Message.objects.create(
        thread=thread,
        sender=member,
        recipient=moderator,
        text="Hi, I help companies like yours grow. Book a quick call?",
        action="flag",
        findings=[],
    )
    invitation = ConnectionRequest.objects.create(
        sender=member, recipient=moderator, how_known="none", note="Let's connect."
    )
    sent_invitation = ConnectionRequest.objects.create(
        sender=moderator, recipient=other, how_known="colleague", note="We met at Acme."
    )
    review, _ = open_review(
        sender_id=member.pk, message_id=message.pk, score=3.0, labels=["sales_pitch"], rule_ids=[]
    )
    # A moderator's warning to the member, for the warning's own pages.
    warning = SenderWarning.objects.create(
        user=member, review=review, text="Please stop pitching people.", created_by=moderator
    )
    # A candidate model of the learned layer, for the models pages (no figures yet).
    trained_model = TrainedModel.objects.create(
        version="t1-000000000000", sha256="0" * 64, payload=b"", manifest={}, figures={}
    )
    return Site(
        moderator,
        member,
        other,
        thread,
        message,
        invitation,
        sent_invitation,
        review,
        warning,
        trained_model,
    )


def _ids(site: Site) -> dict[str, int]:
    return {
        "user_id": site.member.pk,
        "thread_id": site.thread.pk,
        "message_id": site.message.pk,
        "review_id": site.review.pk,
        "request_id": site.invitation.pk,
        "warning_id": site.warning.pk,
        "model_id": site.trained_model.pk,
    }


def site_urls(site: Site) -> list[tuple[str, str]]:
    """``(route name, path)`` for every route of ours, parameters filled with ``site``'s ids."""
    ids = _ids(site)
    found: list[tuple[str, str]] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                path = "/" + _PARAM.sub(lambda m: str(ids[m.group(2)]), route)
                found.append((f"{namespace}{pattern.name}", path))

    walk(get_resolver().url_patterns, "", "")
    # Withdrawing is for an invitation the member sent, answering for one they received.
    withdraw = ("connections:invitation_withdraw", str(site.invitation.pk))
    found = [
        (name, path.replace(withdraw[1], str(site.sent_invitation.pk)))
        if name == withdraw[0]
        else (name, path)
        for name, path in found
    ]
    return list(dict.fromkeys(found))
