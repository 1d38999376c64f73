from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .departments import Department
from .report import AnnualReport
from .sections import Section

non_negative = MinValueValidator(Decimal("0"), message=_("数值不能为负数。"))


class IndicatorCategoryQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class IndicatorCategory(models.Model):
    code = models.SlugField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    objects = IndicatorCategoryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("指标类别")
        verbose_name_plural = _("指标类别")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class IndicatorDefinitionQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class IndicatorDefinition(models.Model):
    """What is counted, the same across years, so that years can be compared."""

    code = models.CharField(
        _("指标代码"),
        max_length=80,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$",
                _("指标代码只能包含小写字母、数字、点和连字符,例如 review.applications。"),
            )
        ],
        help_text=_("稳定不变的代码,跨年度比较靠它对应。"),
    )
    name = models.CharField(_("指标名称"), max_length=100)
    unit = models.CharField(_("单位"), max_length=10, help_text=_("例如:项、件、人次、个、台、亩"))
    category = models.ForeignKey(
        IndicatorCategory,
        on_delete=models.PROTECT,
        related_name="definitions",
        verbose_name=_("类别"),
    )
    description = models.TextField(_("说明"), blank=True)
    is_headline = models.BooleanField(
        _("重点指标"), default=False, help_text=_("在首页和PDF要点页展示。")
    )
    order = models.PositiveIntegerField(_("排序"), default=0)

    objects = IndicatorDefinitionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["category__order", "order", "code"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        constraints = [
            models.CheckConstraint(condition=~models.Q(unit=""), name="indicator_unit_not_empty"),
            models.CheckConstraint(condition=~models.Q(name=""), name="indicator_name_not_empty"),
            models.CheckConstraint(condition=~models.Q(code=""), name="indicator_code_not_empty"),
        ]

    def __str__(self):
        return f"{self.name}({self.unit})"

    def natural_key(self):
        return (self.code,)


class Qualifier(models.TextChoices):
    """How the text qualified a figure."""

    EXACT = "exact", _("确数")
    MORE_THAN = "more_than", _("余(多于)")
    NEARLY = "nearly", _("近(接近)")
    ABOUT = "about", _("约")
    RANGE = "range", _("区间")
    AT_LEAST = "at_least", _("以上(不少于)")
    AT_MOST = "at_most", _("以下(不超过)")


class IndicatorValueQuerySet(models.QuerySet):
    def in_indicator_order(self):
        """As tables list them: by category, then indicator, then department; one query."""
        return self.select_related("definition__category", "department").order_by(
            "definition__category__order",
            "definition__order",
            "definition__code",
            "department__order",
            "department__name",
        )


class IndicatorValue(models.Model):
    """A figure of one report: a definition's value, optionally for one department."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="values", verbose_name=_("年度报告")
    )
    definition = models.ForeignKey(
        IndicatorDefinition, on_delete=models.PROTECT, related_name="values", verbose_name=_("指标")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_values",
        verbose_name=_("部门"),
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicator_values",
        verbose_name=_("所在章节"),
    )
    value = models.DecimalField(
        _("数值"), max_digits=16, decimal_places=2, validators=[non_negative]
    )
    value_max = models.DecimalField(
        _("区间上限"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[non_negative],
        help_text=_("仅用于“1-2人”这样的区间。"),
    )
    qualifier = models.CharField(
        _("限定"), max_length=20, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    source_text = models.CharField(
        _("原文数字"), max_length=50, blank=True, help_text=_("原文中的写法,例如“3万余人次”。")
    )
    sentence = models.TextField(_("原文语句"), blank=True)
    version = models.PositiveIntegerField(_("版本号"), default=1, editable=False)

    objects = IndicatorValueQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "definition"]
        verbose_name = _("指标数值")
        verbose_name_plural = _("指标数值")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "definition", "department"],
                condition=models.Q(department__isnull=False),
                name="indicator_value_unique_per_department",
                violation_error_message=_("同一报告中,该指标对该部门已有数值。"),
            ),
            models.UniqueConstraint(
                fields=["report", "definition"],
                condition=models.Q(department__isnull=True),
                name="indicator_value_unique_overall",
                violation_error_message=_("同一报告中,该指标已有数值。"),
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="indicator_value_non_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(value_max__isnull=True)
                | models.Q(value_max__gte=models.F("value")),
                name="indicator_value_range_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(qualifier=Qualifier.RANGE) | models.Q(value_max__isnull=False),
                name="indicator_value_range_has_max",
            ),
            models.CheckConstraint(
                condition=models.Q(qualifier__in=Qualifier.values),
                name="indicator_value_qualifier_valid",
            ),
        ]

    def __str__(self):
        return f"{self.report.year}年 {self.definition.name}:{self.display}"

    @property
    def display(self) -> str:
        """The value as a reader expects it, e.g. 3万余人次, 近300人, 1-2人."""
        return format_value(self.value, self.value_max, self.qualifier, self.definition.unit)

    def clean(self):
        super().clean()
        errors = {}
        if self.qualifier == Qualifier.RANGE and self.value_max is None:
            errors["value_max"] = _("区间数值需要填写上限。")
        if self.value_max is not None and self.value is not None and self.value_max < self.value:
            errors["value_max"] = _("区间上限不能小于下限。")
        if self.section_id and self.report_id and self.section.report_id != self.report_id:
            errors["section"] = _("所在章节必须属于同一份报告。")
        source_text = (self.source_text or "").strip()
        if self.definition_id and source_text and not source_text.endswith(self.definition.unit):
            errors["source_text"] = _("原文数字“%(text)s”的单位与指标的单位“%(unit)s”不一致。") % {
                "text": source_text,
                "unit": self.definition.unit,
            }
        if errors:
            raise ValidationError(errors)


# Number formatting lives with the figure it formats; everyone else imports it from
# reports.comparison, which adds the comparison with the year before.
TEN_THOUSAND = Decimal(10000)


def plain_number(number: Decimal | None) -> str:
    """Digits without exponent or trailing zeros: 3E+4 → "30000", 2.50 → "2.5", None → ""."""
    return "" if number is None else format(number.normalize(), "f")


def in_wan(number: Decimal) -> bool:
    """A Chinese report prints 30000 as 3万 and 15000 as 1.5万, but 12345 as it is."""
    return abs(number) >= TEN_THOUSAND and number % 1000 == 0


def printed_number(number: Decimal) -> str:
    """The number in the scale the report prints it: 30000 → "3万", 448 → "448"."""
    if in_wan(number):
        return plain_number(number / TEN_THOUSAND) + "万"
    return plain_number(number)


def format_value(value, value_max, qualifier, unit) -> str:
    if value is None:
        return ""
    if qualifier == Qualifier.RANGE and value_max is not None:
        return f"{printed_number(value)}-{printed_number(value_max)}{unit}"
    number = printed_number(value)
    if qualifier == Qualifier.MORE_THAN:
        return f"{number}余{unit}"
    if qualifier == Qualifier.NEARLY:
        return f"近{number}{unit}"
    if qualifier == Qualifier.ABOUT:
        return f"约{number}{unit}"
    if qualifier == Qualifier.AT_LEAST:
        return f"{number}{unit}以上"
    if qualifier == Qualifier.AT_MOST:
        return f"{number}{unit}以下"
    return f"{number}{unit}"
