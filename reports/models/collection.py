from django.db import models
from django.utils.translation import gettext_lazy as _

from .departments import Department
from .indicators import IndicatorDefinition
from .report import AnnualReport
from .sections import Section


class ExpectedFigureQuerySet(models.QuerySet):
    def not_supplied_by(self, values) -> list["ExpectedFigure"]:
        """The expected figures that none of ``values`` (figures recorded) supplies yet."""
        supplied = {(value.definition_id, value.department_id) for value in values}
        return [
            figure
            for figure in self.select_related("definition", "department")
            if (figure.definition_id, figure.department_id) not in supplied
        ]


class ExpectedFigure(models.Model):
    """A figure a report is expected to state, before anyone has supplied its value.

    Starting a year from the previous one creates these (one per previous figure), and the data
    collection sheet lists them, one row per figure and responsible department.
    """

    report = models.ForeignKey(
        AnnualReport,
        on_delete=models.CASCADE,
        related_name="expected_figures",
        verbose_name=_("年度报告"),
    )
    definition = models.ForeignKey(
        IndicatorDefinition, on_delete=models.PROTECT, related_name="+", verbose_name=_("指标")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("部门"),
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所在章节"),
    )

    objects = ExpectedFigureQuerySet.as_manager()

    class Meta:
        ordering = ["report", "definition"]
        verbose_name = _("待填报指标")
        verbose_name_plural = _("待填报指标")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "definition", "department"],
                condition=models.Q(department__isnull=False),
                name="expected_figure_unique_per_department",
            ),
            models.UniqueConstraint(
                fields=["report", "definition"],
                condition=models.Q(department__isnull=True),
                name="expected_figure_unique_overall",
            ),
        ]

    def __str__(self):
        return f"{self.report.year}年 {self.definition.name}"
