"""What goes into the audit log by itself: logins, lockouts, and changes to accounts and roles."""

import time

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from . import audit
from .middleware import LAST_ACTIVITY_KEY
from .models import AuditAction

User = get_user_model()

# Account fields whose change is recorded; the password is named, never its value.
TRACKED_USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
    "password",
)


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.record(AuditAction.LOGIN, request=request, user=user)
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_KEY] = int(time.time())


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None and not getattr(request, "audit_logout_recorded", False):
        audit.record(AuditAction.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    audit.record(
        AuditAction.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username") or ""),
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit.record(
        AuditAction.LOCKED_OUT,
        request=request,
        username=username or "",
        detail=f"IP {ip_address}",
    )


@receiver(post_delete, sender=AccessAttempt)
def _unlocked(sender, instance, **kwargs):
    # Axes also drops attempts by itself (expired, or reset by a successful login); only a
    # deletion in the admin's pages for access attempts is an administrator's unlock.
    request = audit.current_request.get()
    match = getattr(request, "resolver_match", None)
    if match is None or not (match.url_name or "").startswith("axes_accessattempt"):
        return
    audit.record(
        AuditAction.UNLOCKED,
        request=request,
        target=f"{instance.username} @ {instance.ip_address}",
    )


@receiver(pre_save, sender=User)
def _remember_user_before_change(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    before = User.objects.filter(pk=instance.pk).values(*TRACKED_USER_FIELDS).first()
    instance._audit_before = before


@receiver(post_save, sender=User)
def _user_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    if created:
        audit.record(AuditAction.USER_CREATED, target=instance.get_username())
        return
    before = getattr(instance, "_audit_before", None) or {}
    changes = []
    for field in TRACKED_USER_FIELDS:
        old, new = before.get(field), getattr(instance, field)
        if field in before and old != new:
            changes.append("密码已修改" if field == "password" else f"{field}: {old} → {new}")
    if changes:
        audit.record(
            AuditAction.USER_CHANGED, target=instance.get_username(), detail="\n".join(changes)
        )


@receiver(post_delete, sender=User)
def _user_deleted(sender, instance, **kwargs):
    audit.record(AuditAction.USER_DELETED, target=instance.get_username())


@receiver(post_save, sender=Group)
def _group_saved(sender, instance, created, raw=False, **kwargs):
    if not raw:
        action = AuditAction.GROUP_CREATED if created else AuditAction.GROUP_CHANGED
        audit.record(action, target=instance.name)


@receiver(post_delete, sender=Group)
def _group_deleted(sender, instance, **kwargs):
    audit.record(AuditAction.GROUP_DELETED, target=instance.name)


_M2M_VERBS = {"post_add": "加入", "post_remove": "移除", "post_clear": "清空"}
_M2M_ACTIONS = {
    User.groups.through: AuditAction.MEMBERSHIP_CHANGED,
    User.user_permissions.through: AuditAction.PERMISSIONS_CHANGED,
    Group.permissions.through: AuditAction.PERMISSIONS_CHANGED,
}


def _m2m_changed(sender, instance, action, model, pk_set, **kwargs):
    # A fixture being loaded (raw save, see safeguards.receivers) is a restore, not a change.
    verb = _M2M_VERBS.get(action)
    if verb is None or getattr(instance, "saved_raw", False):
        return
    names = sorted(str(obj) for obj in model.objects.filter(pk__in=pk_set or ()))
    detail = f"{verb}: {', '.join(names)}" if names else verb
    audit.record(_M2M_ACTIONS[sender], target=str(instance), detail=detail)


for _through in _M2M_ACTIONS:
    m2m_changed.connect(_m2m_changed, sender=_through, dispatch_uid=f"audit-{_through.__name__}")
