"""URLs for a member's network (namespace ``connections``)."""

from django.urls import path

from connections.network import views

urlpatterns = [
    path("network/", views.network, name="network"),
    path("network/blocked/", views.blocked, name="blocked"),
    path("people/<int:user_id>/remove/", views.connection_remove, name="connection_remove"),
    path("people/<int:user_id>/block/", views.block, name="block"),
    path("people/<int:user_id>/unblock/", views.unblock, name="unblock"),
]
