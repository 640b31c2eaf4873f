from django.apps import AppConfig


class NetiquetteConfig(AppConfig):
    name = "netiquette"
    verbose_name = "Etiquette core"
    default_auto_field = "django.db.models.BigAutoField"
