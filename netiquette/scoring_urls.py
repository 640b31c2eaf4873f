"""URLs for the scoring backlog's progress page (namespace ``scoring``)."""

from django.urls import path  # noqa: F401

app_name = "scoring"

urlpatterns: list = []
