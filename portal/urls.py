"""URL wiring: the admin, the reports domain's own pages, and the public portal."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL_PREFIX, admin.site.urls),
    path("", include("reports.urls")),
    path("", include("disclosure.urls")),
]

handler400 = "safeguards.views.bad_request"
