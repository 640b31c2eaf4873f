from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from connections import views as connections_views
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
    path("", include("netiquette.scoring_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
