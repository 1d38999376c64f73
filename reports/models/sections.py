from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .departments import Department
from .report import AnnualReport


class NumberStyle(models.TextChoices):
    """How a section's number is printed; levels nest in the order a report uses them."""

    CHAPTER = "chapter", _("第一部分 / 第一章")
    CN_COMMA = "cn_comma", _("一、")
    CN_PAREN = "cn_paren", _("(一)")
    ARABIC_DOT = "arabic_dot", _("1.")
    ARABIC_PAREN = "arabic_paren", _("(1)")
    CIRCLED = "circled", _("①")
    CN_SHI = "cn_shi", _("一是")
    NONE = "none", _("无编号")


class DutyItem(models.TextChoices):
    """What 《法治政府建设与责任落实督察工作规定》(2019) Article 25 asks a year's report to contain."""

    MEASURES = "measures", _("主要举措和成效")
    SHORTCOMINGS = "shortcomings", _("存在的不足和原因")
    LEADERS = "leaders", _("党政主要负责人履行推进法治建设第一责任人职责情况")
    PLAN = "plan", _("下一年度工作安排")
    OTHER = "other", _("其他需要报告的情况")


class SectionQuerySet(models.QuerySet):
    def in_document_order(self):
        """Sections ordered as printed: depth-first, by position within each parent.

        Each section gets a ``level`` attribute (1 for a chapter). One query, whatever the size.
        """
        return document_order(list(self))


def document_order(sections: list) -> list:
    """``sections`` of one report ordered as printed, each with ``level`` and ``child_list``."""
    children: dict[int | None, list] = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)
    for siblings in children.values():
        siblings.sort(key=lambda s: s.position)
    ordered = []
    stack = [(section, 1) for section in reversed(children.get(None, []))]
    while stack:
        section, level = stack.pop()
        section.level = level
        section.child_list = children.get(section.pk, [])
        ordered.append(section)
        stack.extend((child, level + 1) for child in reversed(section.child_list))
    return ordered


class Section(models.Model):
    """A numbered part of a report, nested to any depth (一、 → (一) → 1. → (1) → 一是)."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="sections", verbose_name=_("年度报告")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级章节"),
    )
    position = models.PositiveIntegerField(_("顺序"), help_text=_("在同一上级中的顺序,从1开始。"))
    number = models.CharField(
        _("编号"), max_length=20, blank=True, help_text=_("按原文印刷,例如“一、”“(一)”“1.”")
    )
    number_style = models.CharField(
        _("编号样式"), max_length=20, choices=NumberStyle.choices, default=NumberStyle.NONE
    )
    title = models.TextField(_("标题"), help_text=_("章标题,或措施的首句。"))
    body = models.TextField(_("正文"), blank=True)
    departments = models.ManyToManyField(
        Department, blank=True, related_name="sections", verbose_name=_("责任部门")
    )
    duty_item = models.CharField(
        _("对应督察规定事项"),
        max_length=20,
        choices=DutyItem.choices,
        blank=True,
        help_text=_("本章节对应《法治政府建设与责任落实督察工作规定》要求报告的哪一项内容。"),
    )
    needs_text = models.BooleanField(
        _("待更新正文"), default=False, help_text=_("沿用上年提纲新建时标记,填写本年度内容后取消。")
    )

    origin = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("沿用自上年章节"),
    )
    version = models.PositiveIntegerField(_("版本号"), default=1, editable=False)

    objects = SectionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[departments])

    class Meta:
        ordering = ["report", "parent_id", "position"]
        verbose_name = _("章节")
        verbose_name_plural = _("章节")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "position"],
                condition=models.Q(parent__isnull=True),
                name="section_unique_top_position",
                violation_error_message=_("同一报告的顶层章节顺序不能重复。"),
            ),
            models.UniqueConstraint(
                fields=["parent", "position"],
                condition=models.Q(parent__isnull=False),
                name="section_unique_child_position",
                violation_error_message=_("同一上级章节下的顺序不能重复。"),
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="section_position_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="section_not_own_parent"
            ),
        ]
        indexes = [models.Index(fields=["report", "parent", "position"])]

    def __str__(self):
        label = f"{self.number}{self.title}" if self.number else self.title
        return label if len(label) <= 40 else label[:39] + "…"

    @property
    def heading(self) -> str:
        return f"{self.number}{self.title}"

    @property
    def full_text(self) -> str:
        """The section's own words as printed: number, title and body."""
        return self.heading + self.body

    def ancestors(self):
        """The parent, its parent… up to the top; a cycle (through this section) is an error."""
        seen = set()
        node = self.parent
        while node is not None:
            if node.pk in seen or node.pk == self.pk:
                raise ValidationError({"parent": _("章节不能移到它自己或它的下级章节之下。")})
            seen.add(node.pk)
            yield node
            node = node.parent

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        if self.report_id and self.parent.report_id != self.report_id:
            raise ValidationError({"parent": _("上级章节必须属于同一份报告。")})
        for _ancestor in self.ancestors():  # raises when the new parent lies under this section
            pass
