from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DepartmentKind(models.TextChoices):
    DEPARTMENT = "department", _("政府部门")
    TOWN = "town", _("乡镇(街道)")
    OTHER = "other", _("其他")


class DepartmentQuerySet(models.QuerySet):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Department(models.Model):
    """A department or town of the government that reports name as responsible or as a source."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(
        _("类别"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.DEPARTMENT
    )
    order = models.PositiveIntegerField(_("排序"), default=0)

    objects = DepartmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="department_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)
