"""Tasks of the core app."""

from celery import shared_task
from django.contrib.auth import get_user_model


@shared_task(name="netiquette.healthcheck")
def healthcheck() -> dict:
    """Proves a worker can reach the broker and the database: returns the member count."""
    return {"ok": True, "members": get_user_model().objects.count()}
