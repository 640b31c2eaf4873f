from django.urls import path

from connections import views
from connections.request_urls import urlpatterns as request_urlpatterns

app_name = "connections"

# People pages (foundation). Connection requests and invitations live in request_urls.
urlpatterns = [
    path("people/", views.directory, name="directory"),
    path("people/<int:user_id>/", views.profile, name="profile"),
    path("people/me/edit/", views.profile_edit, name="profile_edit"),
]
urlpatterns += request_urlpatterns
