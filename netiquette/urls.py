from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from connections.profiles import views as connections_views
from netiquette import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/signup/", connections_views.signup, name="signup"),
    path("accounts/logout/", connections_views.logout_view, name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("connections.urls")),
    path("", include("messaging.urls")),
    path("", include("netiquette.moderation.urls")),
    path("", include("netiquette.scoring.urls")),
    path("", include("netiquette.core.urls")),
]

if settings.SERVE_MEDIA:
    # Django's static() helper only works in debug; this serves photos in production too.
    from django.urls import re_path
    from django.views.static import serve

    def media(request, path):
        return serve(request, path, document_root=settings.MEDIA_ROOT)

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media)]
