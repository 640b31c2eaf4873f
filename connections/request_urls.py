"""URLs for connection requests and invitations (namespace ``connections``)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
