"""URLs for the scoring backlog's progress page (namespace ``scoring``)."""

from django.urls import path

from netiquette import scoring_views

app_name = "scoring"

urlpatterns = [
    path("scoring/", scoring_views.progress, name="progress"),
]
