"""Request-level account rules: staff sessions end after idle time; imports and exports audited."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext as _

from . import audit
from .models import AuditAction

LAST_ACTIVITY_KEY = "staff_last_activity"
# Writing the session on every admin click would cost a database write each time; a minute's
# precision is enough for a timeout counted in tens of minutes.
ACTIVITY_WRITE_INTERVAL = 60
IMPORT_VIEW_SUFFIXES = ("process_import", "import_text")


def _in_admin(request) -> bool:
    match = request.resolver_match
    return match is not None and "admin" in match.namespaces


class StaffIdleTimeoutMiddleware:
    """Log a staff member out after ``STAFF_SESSION_IDLE_MINUTES`` without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return None
        now = int(time.time())
        last = request.session.get(LAST_ACTIVITY_KEY)
        if last is not None and now - last > settings.STAFF_SESSION_IDLE_MINUTES * 60:
            audit.record(AuditAction.SESSION_EXPIRED, request=request, user=user)
            request.audit_logout_recorded = True
            logout(request)
            if not _in_admin(request):
                return None  # the public site needs no login: go on as a reader
            messages.warning(request, _("由于长时间未操作,您已退出登录,请重新登录。"))
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if last is None or now - last >= ACTIVITY_WRITE_INTERVAL:
            request.session[LAST_ACTIVITY_KEY] = now
        return None


class AuditMiddleware:
    """Keeps the request at hand for audit receivers; records admin imports and exports."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.current_request.set(request)
        try:
            response = self.get_response(request)
            if _in_admin(request) and request.user.is_authenticated:
                self._record_transfer(request, response)
            return response
        finally:
            audit.current_request.reset(token)

    @staticmethod
    def _record_transfer(request, response) -> None:
        match = request.resolver_match
        disposition = response.get("Content-Disposition", "")
        if disposition.startswith("attachment"):
            audit.record(
                AuditAction.EXPORT,
                request=request,
                target=match.url_name or request.path,
                detail=disposition,
            )
        elif (
            request.method == "POST"
            and (match.url_name or "").endswith(IMPORT_VIEW_SUFFIXES)
            and 300 <= response.status_code < 400
        ):
            file_name = request.POST.get("original_file_name") or ", ".join(
                uploaded.name for uploaded in request.FILES.values()
            )
            audit.record(
                AuditAction.IMPORT, request=request, target=match.url_name, detail=file_name
            )
