"""The page shown instead of the login form while an account is locked (django-axes)."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def locked_out_response(request, original_response=None, credentials=None):
    return render(
        request,
        "accounts/locked_out.html",
        {
            "site_header": admin.site.site_header,
            "site_title": admin.site.site_title,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": settings.LOGIN_LOCKOUT_MINUTES,
        },
        status=429,
    )
