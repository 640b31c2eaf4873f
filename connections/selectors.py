"""Reads about people and the network (HackSoft style)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from connections.models import Affiliation, Connection

User = get_user_model()


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


def shared_facts(*, user_a_id: int, user_b_id: int) -> list[str]:
    """What two people share, in the engine's words: ``employer:Acme``, ``school:MIT``…

    Sorted and de-duplicated, so the engine's ``Context.shared`` is deterministic.
    """
    organisations_a = Affiliation.objects.filter(profile__user_id=user_a_id).values(
        "organisation_id"
    )
    shared = (
        Affiliation.objects.filter(profile__user_id=user_b_id, organisation_id__in=organisations_a)
        .select_related("organisation")
        .only("organisation__kind", "organisation__name")
    )
    return sorted({f"{a.organisation.shared_fact_prefix}:{a.organisation.name}" for a in shared})
