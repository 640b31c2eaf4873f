"""Fixtures for the people pages: organisations, histories and connections."""

from __future__ import annotations

import pytest

from connections.models import Affiliation, Connection, Organisation
from connections.profiles.selectors import connection_pair


@pytest.fixture
def organisation(db):
    def make(name: str, kind: str = Organisation.Kind.COMPANY) -> Organisation:
        return Organisation.objects.get_or_create(kind=kind, name=name)[0]

    return make


@pytest.fixture
def affiliate(organisation):
    """``affiliate(user, "Acme", kind="company", title=…, description=…)``."""

    kinds = {
        Organisation.Kind.COMPANY: Affiliation.Kind.POSITION,
        Organisation.Kind.SCHOOL: Affiliation.Kind.EDUCATION,
        Organisation.Kind.EVENT: Affiliation.Kind.MEMBERSHIP,
        Organisation.Kind.GROUP: Affiliation.Kind.MEMBERSHIP,
    }

    def make(user, name: str, kind: str = Organisation.Kind.COMPANY, **fields) -> Affiliation:
        return Affiliation.objects.create(
            profile=user.profile, organisation=organisation(name, kind), kind=kinds[kind], **fields
        )

    return make


@pytest.fixture
def connect(db):
    def make(user_a, user_b) -> Connection:
        low, high = connection_pair(user_a.id, user_b.id)
        return Connection.objects.create(user_low_id=low, user_high_id=high)

    return make
