"""URLs for the moderators' review queue (namespace ``messaging``)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
