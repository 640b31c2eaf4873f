"""Reads about people and the network (HackSoft style)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from connections.models import Affiliation, Connection, Organisation, Profile
from connections.network.relationships import blockers_of, with_relationship

User = get_user_model()

# Longer search strings are cut to this many characters (a 10,000-character query is fine).
SEARCH_MAX_LENGTH = 100
# At most this many words of a query are matched; each must appear somewhere.
SEARCH_MAX_TERMS = 6
# The largest id a 64-bit primary key can hold.
MAX_ID = 2**63 - 1


def connection_pair(user_a_id: int, user_b_id: int) -> tuple[int, int]:
    """The stored order of a pair: lower id first."""
    return (user_a_id, user_b_id) if user_a_id < user_b_id else (user_b_id, user_a_id)


def are_connected(*, user_a_id: int, user_b_id: int) -> bool:
    low, high = connection_pair(user_a_id, user_b_id)
    return Connection.objects.filter(user_low_id=low, user_high_id=high).exists()


def connection_ids(*, user_id: int) -> QuerySet:
    """Ids of everyone connected to ``user_id``, as a subquery-friendly values list."""
    return User.objects.filter(
        Q(id__in=Connection.objects.filter(user_low_id=user_id).values("user_high_id"))
        | Q(id__in=Connection.objects.filter(user_high_id=user_id).values("user_low_id"))
    ).values_list("id", flat=True)


def mutual_connections(*, user_a_id: int, user_b_id: int) -> QuerySet:
    """Members connected to both people, with their profiles."""
    return (
        User.objects.filter(id__in=connection_ids(user_id=user_a_id))
        .filter(id__in=connection_ids(user_id=user_b_id))
        .select_related("profile")
        .order_by("profile__name", "id")
    )


def shared_organisations(*, user_a_id: int, user_b_id: int) -> QuerySet:
    """Organisations (employer, school, event, group) both people are affiliated with."""
    organisations_a = Affiliation.objects.filter(profile__user_id=user_a_id).values(
        "organisation_id"
    )
    organisations_b = Affiliation.objects.filter(profile__user_id=user_b_id).values(
        "organisation_id"
    )
    return Organisation.objects.filter(id__in=organisations_a).filter(id__in=organisations_b)


def shared_facts(*, user_a_id: int, user_b_id: int) -> list[str]:
    """What two people share, in the engine's words: ``employer:Acme``, ``school:MIT``…

    Sorted and de-duplicated, so the engine's ``Context.shared`` is deterministic.
    """
    shared = shared_organisations(user_a_id=user_a_id, user_b_id=user_b_id).only("kind", "name")
    return sorted(
        {f"{organisation.shared_fact_prefix}:{organisation.name}" for organisation in shared}
    )


@dataclass(frozen=True)
class PeopleQuery:
    """A cleaned directory query: the text searched and whether it was cut short."""

    text: str
    truncated: bool

    @classmethod
    def parse(cls, raw: str | None) -> PeopleQuery:
        # Control, format and odd space characters become spaces; then runs of spaces collapse.
        text = "".join(ch if ch.isprintable() else " " for ch in raw or "")
        text = " ".join(text.split())
        if len(text) > SEARCH_MAX_LENGTH:
            return cls(text=text[:SEARCH_MAX_LENGTH].strip(), truncated=True)
        return cls(text=text, truncated=False)


def people_search(*, query: str, exclude_user_id: int | None = None) -> QuerySet:
    """Profiles whose name, headline or an organisation matches every word of ``query``.

    The current position (an open-ended one) comes prefetched for the result list. Given the
    viewer (``exclude_user_id``), it leaves out the viewer and whoever blocked them, and says
    how the viewer stands with each person (connected, invited, invited by, blocked).
    """
    profiles = Profile.objects.select_related("user")
    if exclude_user_id is not None:
        profiles = with_relationship(
            profiles.exclude(user_id=exclude_user_id).exclude(
                user_id__in=blockers_of(user_id=exclude_user_id)
            ),
            viewer_id=exclude_user_id,
        )
    return with_current_positions(matching(profiles, query).order_by("name", "id"))


def matching(profiles: QuerySet, query: str) -> QuerySet:
    """The profiles whose name, headline or an organisation's name holds every term of the
    query (its first ``SEARCH_MAX_TERMS``)."""
    for term in query.split()[:SEARCH_MAX_TERMS]:
        in_organisation = Affiliation.objects.filter(organisation__name__icontains=term).values(
            "profile_id"
        )
        profiles = profiles.filter(
            Q(name__icontains=term) | Q(headline__icontains=term) | Q(id__in=in_organisation)
        )
    return profiles


def with_current_positions(profiles: QuerySet) -> QuerySet:
    """Each profile with ``current_positions``: its open positions, organisations joined."""
    current = Affiliation.objects.filter(
        kind=Affiliation.Kind.POSITION, end__isnull=True
    ).select_related("organisation")
    return profiles.prefetch_related(
        Prefetch("affiliations", queryset=current, to_attr="current_positions")
    )


def profile_for_page(*, user_id: int, viewer_id: int | None = None) -> Profile | None:
    """A profile with its affiliations for the profile page, or None (also when its member
    blocked the viewer). Seen by someone else, it carries how the viewer stands with them
    (``connections.network.selectors.with_relationship``) from the same query."""
    if not 0 < user_id <= MAX_ID:  # SQLite raises on integers it cannot store
        return None
    profiles = Profile.objects.all()
    if viewer_id is not None and viewer_id != user_id:
        profiles = with_relationship(profiles, viewer_id=viewer_id).exclude(
            user_id__in=blockers_of(user_id=viewer_id)
        )
    return (
        profiles.select_related("user")
        .prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("organisation"),
                to_attr="all_affiliations",
            )
        )
        .filter(user_id=user_id)
        .first()
    )


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done: bool
    hint: str = ""


def profile_completeness(*, profile: Profile) -> list[ChecklistItem]:
    """What a complete profile has: a photo, a headline, a description for each position."""
    positions = list(
        profile.affiliations.filter(kind=Affiliation.Kind.POSITION).select_related("organisation")
    )
    undescribed = [p for p in positions if not p.description.strip()]
    items = [
        ChecklistItem("Add a photo", bool(profile.photo), "People trust a face over initials."),
        ChecklistItem(
            "Write a headline", bool(profile.headline.strip()), "One line on what you do."
        ),
        ChecklistItem("Add a position", bool(positions), "Where you work or worked, with dates."),
    ]
    if positions:
        missing = ", ".join(f"{p.title or 'position'} at {p.organisation}" for p in undescribed)
        items.append(
            ChecklistItem(
                "Describe each position",
                not undescribed,
                f"Still without a description: {missing}." if undescribed else "",
            )
        )
    return items
