from messaging.inbox_urls import urlpatterns as inbox_urlpatterns
from messaging.moderation_urls import urlpatterns as moderation_urlpatterns

app_name = "messaging"

# Inbox, threads and compose in inbox_urls; the moderators' dashboard in moderation_urls.
urlpatterns = inbox_urlpatterns + moderation_urlpatterns
