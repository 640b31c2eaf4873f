"""URLs of the notifications page (namespace ``notifications``)."""

from django.urls import path

from netiquette.core import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notifications, name="list"),
    path("notifications/seen/", views.notifications_seen, name="seen"),
]
