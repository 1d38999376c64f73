"""The audit log (等保2.0 安全审计): who did what, when, from which address."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN = "login", _("登录成功")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出登录")
    SESSION_EXPIRED = "session_expired", _("会话超时退出")
    LOCKED_OUT = "locked_out", _("登录锁定")
    UNLOCKED = "unlocked", _("解除锁定")
    USER_CREATED = "user_created", _("新建用户")
    USER_CHANGED = "user_changed", _("修改用户")
    USER_DELETED = "user_deleted", _("删除用户")
    GROUP_CREATED = "group_created", _("新建角色")
    GROUP_CHANGED = "group_changed", _("修改角色")
    GROUP_DELETED = "group_deleted", _("删除角色")
    MEMBERSHIP_CHANGED = "membership_changed", _("修改用户角色")
    PERMISSIONS_CHANGED = "permissions_changed", _("修改权限")
    IMPORT = "import", _("导入数据")
    EXPORT = "export", _("导出数据")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    action = models.CharField(_("操作"), max_length=32, choices=AuditAction.choices, db_index=True)
    # The account acting; the name is kept as typed, so a failed login for an unknown name or a
    # deleted account still shows who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("账号"), max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("来源IP"), null=True, blank=True)
    target = models.CharField(_("对象"), max_length=255, blank=True)
    detail = models.TextField(_("详情"), blank=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-occurred_at", "-id"]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()}"
