from django.apps import AppConfig


class ConnectionsConfig(AppConfig):
    name = "connections"
    verbose_name = "People and connections"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from connections import (
            nav,  # noqa: F401  registers the navigation counters
            notifications,  # noqa: F401  registers its news
        )
