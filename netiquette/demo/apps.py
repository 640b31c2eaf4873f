from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo network: ``seed_network`` and the texts it sends."""

    name = "netiquette.demo"
    label = "demo"
    verbose_name = "Demo network"

    def ready(self) -> None:
        from netiquette.demo import checks  # noqa: F401  registers the deploy check
