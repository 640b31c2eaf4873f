"""Template context shared by every page: the navigation's counts.

Each app registers its counters in ``NAV_COUNTERS``. A counter made with ``counts(...)`` names
the rows it counts as a queryset; a page counts all such counters together, in one query of
COUNT subqueries (every page shows them, and a round trip each was most of a page's queries).
Called alone (``NAV_COUNTERS["unread"](user)``) such a counter is one COUNT query.
"""

from collections.abc import Callable, Iterator, Mapping

from django.db import connections, router
from django.db.models import QuerySet
from django.http import HttpRequest


def counts(rows: Callable[..., QuerySet]) -> Callable[..., int]:
    """A navigation counter that counts ``rows(user)``; pages count it with the others."""

    def counter(user) -> int:
        return rows(user).count()

    counter.rows = rows
    counter.__doc__ = rows.__doc__
    return counter


def count_together(querysets: list[QuerySet]) -> list[int]:
    """The row count of each queryset, in one query: ``SELECT (SELECT COUNT(*) …), …``."""
    if not querysets:
        return []
    alias = router.db_for_read(querysets[0].model)
    parts, params = [], []
    for queryset in querysets:
        sql, part_params = queryset.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")
        params.extend(part_params)
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return [int(n) for n in cursor.fetchone()]


class NavCounts(Mapping):
    """The navigation's counts, queried only when a template shows one: a full page shows them
    all (one query for every ``counts`` counter), an htmx partial rendered with the request
    only the one it swaps, or none."""

    def __init__(self, user) -> None:
        self._user = user
        self._counted: dict[str, int] = {}

    def __getitem__(self, name: str) -> int:
        if name not in self._counted:
            counter = NAV_COUNTERS[name]
            if hasattr(counter, "rows"):
                self._count_rows()
            # A counter made of others (``takes_counts``) reads them through this mapping, so
            # each is queried once per page however many places show it.
            elif getattr(counter, "takes_counts", False):
                self._counted[name] = counter(self._user, self)
            else:
                self._counted[name] = counter(self._user)
        return self._counted[name]

    def _count_rows(self) -> None:
        names = [
            name
            for name, counter in NAV_COUNTERS.items()
            if hasattr(counter, "rows") and name not in self._counted
        ]
        found = count_together([NAV_COUNTERS[name].rows(self._user) for name in names])
        self._counted.update(zip(names, found, strict=True))

    def __iter__(self) -> Iterator[str]:
        return iter(NAV_COUNTERS)

    def __len__(self) -> int:
        return len(NAV_COUNTERS)


def navigation(request: HttpRequest) -> dict:
    """Counts for the navigation bar; each app registers its own in ``NAV_COUNTERS``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_counts": NavCounts(user)}


# name -> callable(user) -> int (``counts(rows)`` for one counted together); apps add theirs in
# AppConfig.ready().
NAV_COUNTERS: dict = {}
