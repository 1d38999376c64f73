"""Writing the audit log: one row in the database and one line in the log per event.

The acting request is kept in a context variable by ``AuditMiddleware``, so that receivers of
model signals (a user's groups changed, say) know who did it and from where.
"""

import ipaddress
import logging
from contextvars import ContextVar

from django.conf import settings

from .models import AuditAction, AuditEvent

logger = logging.getLogger("portal.audit")

current_request: ContextVar = ContextVar("audit_current_request", default=None)


def client_ip(request) -> str | None:
    """The reader's address: the trusted proxy's header when one is configured, else the peer."""
    candidates = []
    if settings.CLIENT_IP_HEADER:
        meta_key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        # X-Forwarded-For may list several hops; the proxy appends the one it saw last.
        candidates.append(request.META.get(meta_key, "").split(",")[-1].strip())
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def record(
    action: AuditAction,
    *,
    request=None,
    user=None,
    username: str = "",
    target: str = "",
    detail: str = "",
) -> AuditEvent:
    request = request if request is not None else current_request.get()
    if user is None and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    if user is not None and not user.is_authenticated:
        user = None
    event = AuditEvent.objects.create(
        action=action,
        actor=user if user is not None and user.pk else None,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        ip_address=client_ip(request) if request is not None else None,
        target=target[:255],
        detail=detail,
    )
    logger.info(
        "audit action=%s user=%s ip=%s target=%s detail=%s",
        action.value if hasattr(action, "value") else action,
        event.username or "-",
        event.ip_address or "-",
        target or "-",
        detail.replace("\n", " | ") or "-",
    )
    return event
