"""URLs for the scoring backlog's progress page (namespace ``scoring``)."""

from django.urls import path

from netiquette.scoring import views

app_name = "scoring"

urlpatterns = [
    path("scoring/", views.progress, name="progress"),
]
