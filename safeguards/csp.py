"""Two Content-Security-Policies: the public site's (no script at all) and the admin's."""

from csp.middleware import CSPMiddleware
from django.conf import settings


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        in_admin = request.path_info.startswith("/" + settings.ADMIN_URL_PREFIX)
        if in_admin and not report_only and parts.config is None:
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        return parts
