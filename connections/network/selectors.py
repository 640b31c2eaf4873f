"""Reads about a member's network (HackSoft style: selectors read)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)

from connections.models import Affiliation, Block, Connection, ConnectionRequest, Profile
from connections.network.relationships import (  # noqa: F401  the package's public names
    block_between,
    blockers_of,
    with_relationship,
)
from connections.profiles.selectors import matching, with_current_positions

User = get_user_model()
PENDING = ConnectionRequest.Status.PENDING


def connections_of(*, user_id: int, query: str = "") -> QuerySet:
    """The member's connections as profiles, newest connection first, with when it was made
    (``connected_at``) and their current position; filtered by every word of ``query`` (name,
    headline, organisation)."""
    since = Connection.objects.filter(
        Q(user_low_id=user_id, user_high_id=OuterRef("user_id"))
        | Q(user_high_id=user_id, user_low_id=OuterRef("user_id"))
    ).values("created_at")[:1]
    mine = Connection.objects.filter(Q(user_low_id=user_id) | Q(user_high_id=user_id))
    people = Profile.objects.filter(
        Q(user_id__in=mine.filter(user_low_id=user_id).values("user_high_id"))
        | Q(user_id__in=mine.filter(user_high_id=user_id).values("user_low_id"))
    )
    return with_current_positions(
        matching(people, query)
        .annotate(connected_at=Subquery(since))
        .order_by("-connected_at", "name", "id")
    )


def connection_count(*, user_id: int) -> int:
    return Connection.objects.filter(Q(user_low_id=user_id) | Q(user_high_id=user_id)).count()


def blocked_people(*, user_id: int) -> QuerySet:
    """Profiles of the members ``user_id`` blocked, most recent first."""
    blocked = Block.objects.filter(blocker_id=user_id, blocked_id=OuterRef("user_id"))
    return (
        Profile.objects.filter(
            user_id__in=Block.objects.filter(blocker_id=user_id).values("blocked_id")
        )
        .annotate(blocked_at=Subquery(blocked.values("created_at")[:1]))
        .order_by("-blocked_at", "id")
    )


# --- people you may know ----------------------------------------------------------------------

# What each kind of shared tie is worth when ranking suggestions; a mutual connection is 1.
SHARED_WEIGHTS = {"company": 3, "school": 2, "event": 2, "group": 1}
SHARED_WORDING = {
    "company": "You both worked at {}",
    "school": "You both studied at {}",
    "event": "You were both at {}",
    "group": "You are both in {}",
}
# The suggestions read at most this many shared-organisation rows (a big employer).
CANDIDATE_ROWS = 5000


@dataclass
class Suggestion:
    profile: Profile
    score: int
    reasons: list[str]


def _not_to_suggest(user_id: int) -> Q:
    """People the member already knows or cannot reach: themselves, their connections, anyone
    with an invitation waiting either way, and blocks either way (all subqueries)."""
    pending = ConnectionRequest.objects.filter(status=PENDING)
    return (
        Q(id=user_id)
        | Q(id__in=Connection.objects.filter(user_low_id=user_id).values("user_high_id"))
        | Q(id__in=Connection.objects.filter(user_high_id=user_id).values("user_low_id"))
        | Q(id__in=pending.filter(sender_id=user_id).values("recipient_id"))
        | Q(id__in=pending.filter(recipient_id=user_id).values("sender_id"))
        | Q(id__in=Block.objects.filter(blocker_id=user_id).values("blocked_id"))
        | Q(id__in=Block.objects.filter(blocked_id=user_id).values("blocker_id"))
    )


def people_you_may_know(*, user_id: int, limit: int = 6) -> list[Suggestion]:
    """Members ranked by what they share with ``user_id`` (employers count most, then schools
    and events, then groups) and by mutual connections, each with the reasons shown. Three
    queries: shared organisations, mutual connections, the chosen profiles."""
    excluded = User.objects.filter(_not_to_suggest(user_id)).values("id")
    mine = Affiliation.objects.filter(profile__user_id=user_id).values("organisation_id")
    shared_rows = (
        Affiliation.objects.filter(organisation_id__in=mine)
        .exclude(profile__user_id__in=excluded)
        .values_list("profile__user_id", "organisation__kind", "organisation__name")
        .distinct()
        .order_by("profile__user_id")[:CANDIDATE_ROWS]
    )
    scores: dict[int, int] = {}
    ties: dict[int, list[tuple[int, str]]] = {}
    for other_id, kind, name in shared_rows:
        weight = SHARED_WEIGHTS.get(kind, 1)
        scores[other_id] = scores.get(other_id, 0) + weight
        ties.setdefault(other_id, []).append((weight, SHARED_WORDING[kind].format(name)))
    my_connections = User.objects.filter(
        Q(id__in=Connection.objects.filter(user_low_id=user_id).values("user_high_id"))
        | Q(id__in=Connection.objects.filter(user_high_id=user_id).values("user_low_id"))
    ).values("id")
    # Each row joins one of the member's connections to a candidate (everyone the member
    # knows is excluded on the other side); the database counts them per candidate.
    mutual_rows = (
        Connection.objects.filter(
            (Q(user_low_id__in=my_connections) & ~Q(user_high_id__in=excluded))
            | (Q(user_high_id__in=my_connections) & ~Q(user_low_id__in=excluded))
        )
        .annotate(
            candidate=Case(
                When(user_low_id__in=my_connections, then=F("user_high_id")),
                default=F("user_low_id"),
            )
        )
        .values("candidate")
        .annotate(n=Count("id"))
        .order_by()
    )
    mutuals = {row["candidate"]: row["n"] for row in mutual_rows}
    for other_id, count in mutuals.items():
        scores[other_id] = scores.get(other_id, 0) + count
    if not scores:
        return []
    profiles = {
        profile.user_id: profile
        for profile in Profile.objects.filter(
            user_id__in=sorted(scores, key=lambda i: (-scores[i], i))[: limit * 3],
            user__is_active=True,
        )
    }
    ranked = sorted(profiles, key=lambda i: (-scores[i], profiles[i].name, i))[:limit]
    suggestions = []
    for other_id in ranked:
        reasons = [text for _, text in sorted(ties.get(other_id, []), key=lambda t: -t[0])]
        if mutuals.get(other_id):
            n = mutuals[other_id]
            reasons.append(f"{n} mutual connection{'s' if n != 1 else ''}")
        suggestions.append(
            Suggestion(profile=profiles[other_id], score=scores[other_id], reasons=reasons)
        )
    return suggestions
