"""URLs for the inbox, threads and compose (namespace ``messaging``)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
