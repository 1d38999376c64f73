from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .report import AnnualReport


class ChangeNoteQuerySet(models.QuerySet):
    def public(self):
        """Notes announced to citizens (更新说明); minor corrections are not announced."""
        return self.filter(is_minor=False)


class ChangeNote(models.Model):
    """Why a published report was changed, shown publicly with its date unless minor."""

    report = models.ForeignKey(
        AnnualReport,
        on_delete=models.CASCADE,
        related_name="change_notes",
        verbose_name=_("年度报告"),
    )
    note = models.TextField(_("更新说明"))
    is_minor = models.BooleanField(
        _("细微更正"), default=False, help_text=_("错别字、标点等细微更正不对外公布。")
    )
    created_at = models.DateTimeField(_("更新时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("更新人"),
    )

    objects = ChangeNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("更新说明")
        verbose_name_plural = _("更新说明")
        constraints = [
            models.CheckConstraint(condition=~models.Q(note=""), name="change_note_not_empty"),
        ]

    def __str__(self):
        return f"{self.report.year}年 {self.created_at:%Y-%m-%d}:{self.note[:30]}"
