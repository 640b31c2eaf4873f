from django.apps import AppConfig


class NetiquetteConfig(AppConfig):
    name = "netiquette"
    verbose_name = "Etiquette core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from netiquette.live_cache import forget_session

        user_logged_out.connect(forget_session, dispatch_uid="netiquette.live_cache.forget_session")
