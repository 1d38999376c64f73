"""Stored PDFs in the database, for app servers that share no file system (PDF_STORE=database)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """One stored file of reports.pdf.dbstorage.DatabaseStorage: a rendered PDF of one version."""

    name = models.CharField(_("名称"), max_length=255, unique=True)
    content = models.BinaryField(_("内容"))
    size = models.PositiveIntegerField(_("大小"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("已存PDF文件")
        verbose_name_plural = _("已存PDF文件")

    def __str__(self):
        return self.name
