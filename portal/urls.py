"""URL wiring: the admin, the reports domain's own pages, and the public portal."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("reports.urls")),
    path("", include("disclosure.urls")),
]
