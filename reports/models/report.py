from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

COLUMN_SEPARATOR = " > "


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REVIEW = "review", _("待审核")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


# Citizens have seen a report in these states: its page stays (a withdrawn one shows only why it
# was withdrawn), and every change to it is explained with a change note.
PUBLIC_STATUSES = (ReportStatus.PUBLISHED, ReportStatus.WITHDRAWN)


class AnnualReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportStatus.PUBLISHED)

    def public(self):
        """Published or withdrawn: the reports that have an address on the public site."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def of_year(self, year: int) -> "AnnualReport":
        """The report of ``year`` among these, or 404: ``published().of_year(2017)``."""
        try:
            return self.get(year=year)
        except self.model.DoesNotExist:
            raise Http404(f"No report of {year} here") from None

    def get_by_natural_key(self, year):
        return self.get(year=year)


class AnnualReport(models.Model):
    """One year's 法治政府建设年度报告 of the government this portal serves."""

    government = models.CharField(_("发布主体"), max_length=100, help_text=_("例如:五常市人民政府"))
    year = models.PositiveSmallIntegerField(
        _("报告年度"),
        unique=True,
        validators=[MinValueValidator(1949), MaxValueValidator(2200)],
        error_messages={"unique": _("该年度已有报告,每个年度只能有一份报告。")},
    )
    title = models.CharField(_("标题"), max_length=200)
    issuing_office = models.CharField(
        _("发布机构"), max_length=100, help_text=_("例如:市政府法制办")
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    column_path = models.CharField(
        _("所属栏目"),
        max_length=200,
        blank=True,
        help_text=_("栏目层级以“ > ”分隔,例如:政务公开 > 法治政府建设 > 依法行政"),
    )
    index_number = models.CharField(
        _("索引号"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("发布时分配,分配后不再改变。"),
    )
    summary = models.TextField(_("内容概述"), blank=True)
    preamble = models.TextField(_("导语"), blank=True, help_text=_("报告正文前的开篇段落。"))
    closing = models.TextField(_("落款"), blank=True, help_text=_("正文后的署名和日期。"))
    status = models.CharField(
        _("状态"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    withdrawal_reason = models.TextField(_("撤回原因"), blank=True)
    scheduled_publish_at = models.DateTimeField(
        _("定时发布时间"),
        null=True,
        blank=True,
        help_text=_("审核通过后在此时间自动发布(由定时任务 publish_scheduled 执行)。"),
    )
    view_count = models.PositiveIntegerField(_("点击数"), default=0, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    # Raised by every save through reports.services.editing: a form carries the version it
    # loaded, and a save from an older version is a concurrent edit, never a silent overwrite.
    version = models.PositiveIntegerField(_("版本号"), default=1, editable=False)
    # The same for the outline (adding, moving and removing sections).
    outline_version = models.PositiveIntegerField(_("提纲版本号"), default=1, editable=False)

    objects = AnnualReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["view_count", "updated_at", "outline_version"])

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        permissions = [
            ("submit_annualreport", _("提交审核")),
            ("send_back_annualreport", _("退回修改")),
            ("publish_annualreport", _("发布报告")),
            ("withdraw_annualreport", _("撤回报告")),
            ("import_indicators", _("导入指标数据")),
            ("export_indicators", _("导出指标数据")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=1949, year__lte=2200), name="report_year_range"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReportStatus.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="report_published_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(index_number=""), name="report_index_number_not_blank"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.year}年 {self.title}"

    def save(self, *args, **kwargs):
        if self.index_number == "":
            self.index_number = None
        self._check_index_number_unchanged()
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.year,)

    @property
    def column_names(self) -> list[str]:
        path = self.column_path or settings.REPORTS_DEFAULT_COLUMN_PATH
        return [name.strip() for name in path.split(">") if name.strip()]

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def is_public(self) -> bool:
        """Citizens have seen it (published, or withdrawn after publication)."""
        return self.status in PUBLIC_STATUSES

    def sections_in_order(self):
        return self.sections.all().in_document_order()

    def clean(self):
        super().clean()
        if self.status == ReportStatus.PUBLISHED and not self.published_at:
            raise ValidationError({"published_at": _("已发布的报告必须有发布时间。")})
        self._check_index_number_unchanged()

    def _check_index_number_unchanged(self):
        if not self.pk:
            return
        stored = (
            type(self).objects.filter(pk=self.pk).values_list("index_number", flat=True).first()
        )
        if stored and stored != self.index_number:
            raise ValidationError({"index_number": _("索引号一经分配不得更改。")})
