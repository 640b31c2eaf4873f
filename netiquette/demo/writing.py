"""How the demo network is written: bulk batches and backdated timestamps."""

import contextlib

from django.contrib.auth import get_user_model
from django.db import models

User = get_user_model()


BATCH_SIZE = 1000
HISTORY_DAYS = 180


@contextlib.contextmanager
def _historic_timestamps(*model_fields: tuple[type[models.Model], str]):
    """Lets ``bulk_create`` keep the past ``created_at`` we set, instead of ``now()``."""
    fields = [model._meta.get_field(name) for model, name in model_fields]
    saved = [f.auto_now_add for f in fields]
    try:
        for f in fields:
            f.auto_now_add = False
        yield
    finally:
        for f, value in zip(fields, saved, strict=True):
            f.auto_now_add = value
