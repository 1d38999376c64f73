"""The figures in a draft's text, each recorded as an indicator value once staff choose it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from reports.models import AnnualReport, Department, IndicatorDefinition
from reports.services.permissions import NotAllowed
from reports.services.text_figures import (
    FigureChoice,
    TextFiguresError,
    check_can_record,
    record_text_figures,
    text_figures,
)


def _chosen_id(request, name: str) -> int | None:
    raw = request.POST.get(name, "").strip()
    return int(raw) if raw.isdigit() else None


class TextFiguresView(View):
    model_admin = None
    template_name = "reports/admin/text_figures.html"

    def dispatch(self, request, pk):
        self.report = get_object_or_404(AnnualReport, pk=pk)
        try:
            check_can_record(request.user, self.report)
        except NotAllowed as error:
            if not self.model_admin.has_view_permission(request, self.report):
                raise PermissionDenied from error
            messages.error(request, str(error))
            return self.back_to_report()
        return super().dispatch(request, pk)

    def back_to_report(self):
        return HttpResponseRedirect(
            reverse("admin:reports_annualreport_change", args=[self.report.pk])
        )

    def get(self, request, pk):
        return self.render(request)

    def post(self, request, pk):
        # The keys come from the form; the service checks each against the text as it is now.
        choices = []
        for name in request.POST:
            key = name.removeprefix("definition-")
            definition_id = _chosen_id(request, name) if key != name else None
            if definition_id is not None:
                department_id = _chosen_id(request, f"department-{key}")
                choices.append(FigureChoice(key, definition_id, department_id))
        if not choices:
            messages.warning(request, _("没有选择任何指标,未记录数值。"))
            return self.render(request)
        try:
            created = record_text_figures(self.report, choices, request.user)
        except TextFiguresError as error:
            return self.render(request, problems=error.problems)
        except NotAllowed as error:
            messages.error(request, str(error))
            return self.back_to_report()
        messages.success(request, _("已记录%(count)s个指标数值。") % {"count": len(created)})
        return self.back_to_report()

    def render(self, request, problems=None):
        admin = self.model_admin
        posted = request.POST if request.method == "POST" else {}
        definitions = list(IndicatorDefinition.objects.all())
        departments = list(Department.objects.all())
        rows = []
        for item in text_figures(self.report):
            if item.recorded is None:
                suggested = item.suggested
                section_departments = list(item.section.departments.all())
                default_department = (
                    suggested.department_id
                    if suggested
                    else section_departments[0].pk
                    if len(section_departments) == 1
                    else None
                )
                item.definition_options = [d for d in definitions if d.unit == item.figure.unit]
                item.chosen_definition = (
                    _chosen_id(request, f"definition-{item.key}")
                    if posted
                    else (suggested.definition_id if suggested else None)
                )
                item.chosen_department = (
                    _chosen_id(request, f"department-{item.key}") if posted else default_department
                )
            item.problem = (problems or {}).get(item.key)
            rows.append(item)
        context = {
            **admin.admin_site.each_context(request),
            "opts": admin.model._meta,
            "title": _("正文中的数字"),
            "report": self.report,
            "rows": rows,
            "open_count": sum(1 for row in rows if row.recorded is None),
            "departments": departments,
            "problems": problems,
            # A number chosen on the page that is no longer in the text: said above the table.
            "lost_problems": [
                message
                for key, message in (problems or {}).items()
                if key not in {row.key for row in rows}
            ],
        }
        return TemplateResponse(request, self.template_name, context)
