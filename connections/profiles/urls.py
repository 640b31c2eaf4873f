"""URLs for people: the directory, profiles and profile editing (namespace ``connections``)."""

from django.urls import path

from connections.profiles import views

urlpatterns = [
    path("people/", views.directory, name="directory"),
    path("people/<int:user_id>/", views.profile, name="profile"),
    path("people/me/edit/", views.profile_edit, name="profile_edit"),
]
