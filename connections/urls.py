"""URLs for people (profiles, the directory) and connection requests (namespace ``connections``)."""

from connections.network.urls import urlpatterns as network_urlpatterns
from connections.profiles.urls import urlpatterns as people_urlpatterns
from connections.requests.urls import urlpatterns as request_urlpatterns

app_name = "connections"

urlpatterns = people_urlpatterns + request_urlpatterns + network_urlpatterns
