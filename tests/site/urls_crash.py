"""The site's URLs plus one view that crashes, for the 500 page's tests."""

from django.urls import path

from netiquette.urls import urlpatterns as site_urlpatterns


def crash(request):
    raise RuntimeError("a bug")


urlpatterns = [*site_urlpatterns, path("crash/", crash)]
