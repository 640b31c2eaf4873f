"""Template context shared by every page: the navigation's counts."""

from collections.abc import Iterator, Mapping

from django.http import HttpRequest


class NavCounts(Mapping):
    """The navigation's counts, each queried only when a template shows it: a full page shows
    them all, an htmx partial rendered with the request only the one it swaps (or none)."""

    def __init__(self, user) -> None:
        self._user = user
        self._counted: dict[str, int] = {}

    def __getitem__(self, name: str) -> int:
        if name not in self._counted:
            counter = NAV_COUNTERS[name]
            # A counter made of others (``takes_counts``) reads them through this mapping, so
            # each is queried once per page however many places show it.
            self._counted[name] = (
                counter(self._user, self)
                if getattr(counter, "takes_counts", False)
                else counter(self._user)
            )
        return self._counted[name]

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


# name -> callable(user) -> int; apps add theirs in AppConfig.ready().
NAV_COUNTERS: dict = {}
