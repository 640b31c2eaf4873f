"""URLs for people (profiles, the directory) and connection requests (namespace ``connections``)."""

from connections.profiles.urls import urlpatterns as people_urlpatterns
from connections.requests.urls import urlpatterns as request_urlpatterns

app_name = "connections"

urlpatterns = people_urlpatterns + request_urlpatterns
