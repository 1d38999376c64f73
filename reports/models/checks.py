import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

CODE_RE = r"[a-z0-9]+(?:[-.][a-z0-9]+)*"
EXPRESSION_RE = re.compile(
    rf"^\s*(?P<left>{CODE_RE})\s*=\s*(?P<right>{CODE_RE}(?:\s*\+\s*{CODE_RE})*)\s*$"
)


def parse_rule_expression(expression: str) -> tuple[str, list[str]]:
    """ "a = b + c" → ("a", ["b", "c"]); raises ValidationError with a message for staff."""
    match = EXPRESSION_RE.match(expression or "")
    if not match:
        raise ValidationError(
            _(
                "规则格式应为“指标代码 = 指标代码 + 指标代码”,例如 review.applications = review.mediated + review.accepted。"
            )
        )
    right = [code.strip() for code in match.group("right").split("+")]
    return match.group("left"), right


class ConsistencyRule(models.Model):
    """A relation between figures that must hold in every report, e.g. 申请 = 调解 + 立案."""

    name = models.CharField(_("规则名称"), max_length=100)
    expression = models.CharField(
        _("规则"),
        max_length=300,
        help_text=_(
            "例如:review.applications = review.mediated + review.accepted(左边等于右边各项之和)。"
        ),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    description = models.TextField(_("说明"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("数据校验规则")
        verbose_name_plural = _("数据校验规则")

    def __str__(self):
        return self.name

    @property
    def codes(self) -> tuple[str, list[str]]:
        return parse_rule_expression(self.expression)

    def clean(self):
        super().clean()
        from .indicators import IndicatorDefinition

        try:
            left, right = parse_rule_expression(self.expression)
        except ValidationError as error:
            raise ValidationError({"expression": error.messages}) from error
        codes = {left, *right}
        known = set(
            IndicatorDefinition.objects.filter(code__in=codes).values_list("code", flat=True)
        )
        unknown = sorted(codes - known)
        if unknown:
            raise ValidationError(
                {"expression": _("以下指标代码不存在:%(codes)s") % {"codes": "、".join(unknown)}}
            )
