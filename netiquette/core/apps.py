from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The core floor: the Assessed fields, rule settings and their version, warning outcomes,
    the live checks' cache and the navigation's counters. It imports no app.

    Its label stays ``netiquette`` (the tables, migrations and permissions it had when it was
    the ``netiquette`` package's own app).
    """

    name = "netiquette.core"
    label = "netiquette"
    verbose_name = "Etiquette core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from netiquette.core import (  # noqa: F401
            notifications,  # the navigation counts its news
            rule_settings,  # listens for ruleset changes
        )
        from netiquette.core.live_cache import forget_session

        user_logged_out.connect(forget_session, dispatch_uid="netiquette.live_cache.forget_session")
