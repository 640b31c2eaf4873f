"""Template context shared by every page: the navigation's counts."""

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    """Counts for the navigation bar; each app registers its own in ``NAV_COUNTERS``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counts = {}
    for name, counter in NAV_COUNTERS.items():
        counts[name] = counter(user)
    return {"nav_counts": counts}


# name -> callable(user) -> int; apps add theirs in AppConfig.ready().
NAV_COUNTERS: dict = {}
