"""Reminders in an import's preview: what the figures it writes may do to others' figures.

A department may fill in more than its own rows. Before confirming, the clerk sees a figure
someone else set about to change (with who set it and when), a department's figure that may
count the same cases as another's, and a department named on a whole-government row.
"""

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import ExpectedFigure, IndicatorValue
from reports.models.indicators import format_value

from . import columns
from .loaders import value_snapshot


def reminders(resource, result) -> list[str]:
    """Figures another person set, about to change; figures that may be counted twice."""
    if result.has_errors() or result.has_validation_errors():
        return []
    warnings = []
    setters = resource._setters
    user = resource._history_user()
    for number, value in sorted(resource._changes.items()):
        who, when = setters.get(value.pk, (None, None))
        old = getattr(value, "_loaded_values", None)
        if old is None or old == value_snapshot(value):
            continue
        before = format_value(old[1], old[2], old[3], value.definition.unit)
        if who is None or user is None or who != user.pk:
            warnings.append(
                _("%(where)s:将把%(what)s由“%(old)s”改为“%(new)s”;原值由%(who)s于%(when)s录入。")
                % {
                    "where": resource._place.cell(number, columns.VALUE),
                    "what": _figure_label(value),
                    "old": before,
                    "new": value.display,
                    "who": setter_name(who),
                    "when": timezone.localtime(when).strftime("%Y-%m-%d %H:%M") if when else "—",
                }
            )
    if resource._added:
        warnings.extend(double_counts(resource))
    return warnings


def double_counts(resource) -> list[str]:
    added = list(resource._added.items())
    reports = {value.report_id for _, value in added}
    stored: dict[tuple, list] = {}
    for value in IndicatorValue.objects.filter(report_id__in=reports).select_related("department"):
        stored.setdefault((value.report_id, value.definition_id), []).append(value)
    expected: dict[tuple, set] = {}
    for figure in ExpectedFigure.objects.filter(report_id__in=reports):
        expected.setdefault((figure.report_id, figure.definition_id), set()).add(
            figure.department_id
        )
    from_file: dict[tuple, set] = {}
    for _number, value in added:
        from_file.setdefault((value.report_id, value.definition_id), set()).add(value.department_id)
    warnings = []
    for number, value in sorted(added, key=lambda item: item[0]):
        key = (value.report_id, value.definition_id)
        who = expected.get(key, set())
        if value.department_id is None or value.department_id in who:
            continue
        others = [v for v in stored.get(key, []) if v.department_id not in from_file[key]]
        where = resource._place.cell(number, columns.DEPARTMENT)
        if None in who or any(v.department_id is None for v in others):
            warnings.append(
                _(
                    "%(where)s:该指标是全市合计数(部门为空),填写“%(department)s”会另建一条数值;"
                    "如填的是全市合计数,请清空部门。"
                )
                % {"where": where, "department": value.department.name}
            )
        elif others:
            warnings.append(
                _(
                    "%(where)s:该指标已有%(others)s的数值,再加“%(department)s”的数值可能重复计算,"
                    "请确认不是同一批事项。"
                )
                % {
                    "where": where,
                    "others": "、".join(f"“{v.department.name}”({v.display})" for v in others[:3]),
                    "department": value.department.name,
                }
            )
    return warnings


def _figure_label(value: IndicatorValue) -> str:
    department = value.department.name if value.department_id else _("全市")
    return _("“%(department)s”的“%(indicator)s”") % {
        "department": department,
        "indicator": value.definition.name,
    }


def last_setters(pks: list[int]) -> dict[int, tuple]:
    """Who last saved each figure, and when: (user id, time) by figure id, one query."""
    if not pks:
        return {}
    history = IndicatorValue.history.filter(id__in=pks)
    latest = history.values("id").annotate(last=Max("history_id")).values_list("last", flat=True)
    return {
        entry.id: (entry.history_user_id, entry.history_date)
        for entry in IndicatorValue.history.filter(history_id__in=list(latest))
    }


def setter_name(user_id) -> str:
    if user_id is None:
        return _("系统(无记录的用户)")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return _("已删除的用户")
    return user.get_full_name() or user.get_username()
