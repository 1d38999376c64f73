"""The project's URLs plus one view that fails, to see what a reader gets on a 500."""

from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def failing_view(request):
    raise RuntimeError("synthetic failure for the 500 page test")


urlpatterns = [path("fail/", failing_view), *portal_urlpatterns]
