from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .report import AnnualReport


class WorkflowAction(models.TextChoices):
    SUBMIT = "submit", _("提交审核")
    SEND_BACK = "send_back", _("退回修改")
    PUBLISH = "publish", _("发布")
    SCHEDULE = "schedule", _("设定定时发布")
    UNSCHEDULE = "unschedule", _("取消定时发布")
    WITHDRAW = "withdraw", _("撤回")
    CHECK_OVERRIDE = "check_override", _("带校验问题发布")
    DEADLINE_MISSED = "deadline_missed", _("超过法定发布期限")
    CREATED = "created", _("创建草稿")


class WorkflowEvent(models.Model):
    """One step of a report's review and publication, with who took it and why.

    Kept for the record the office answers to: send-back comments, withdrawal reasons, notes
    written when publishing over a failed check, and the day a deadline was missed.
    """

    report = models.ForeignKey(
        AnnualReport,
        on_delete=models.CASCADE,
        related_name="workflow_events",
        verbose_name=_("年度报告"),
    )
    action = models.CharField(_("操作"), max_length=20, choices=WorkflowAction.choices)
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, blank=True)
    comment = models.TextField(_("意见或说明"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("流程记录")
        verbose_name_plural = _("流程记录")

    def __str__(self):
        return f"{self.report.year}年 {self.get_action_display()}"
