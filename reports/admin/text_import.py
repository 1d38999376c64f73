"""Import a report published elsewhere: paste or upload its text, look at the parsed outline and
the figures found, correct year and title, and create a draft."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from reports.forms import DraftFromTextForm, TextImportForm
from reports.parsing import parse_report_text
from reports.services.permissions import has_report_perm
from reports.services.text_import import DraftOverrides, ReportImportError, create_draft_from_parsed


class TextImportView(View):
    model_admin = None
    template_name = "reports/admin/import_text.html"

    def dispatch(self, request, *args, **kwargs):
        if not has_report_perm(request.user, "add_annualreport"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, request, **context):
        admin = self.model_admin
        base = {
            **admin.admin_site.each_context(request),
            "opts": admin.model._meta,
            "title": _("导入已发布的报告文本"),
        }
        return TemplateResponse(request, self.template_name, {**base, **context})

    def get(self, request):
        return self.render(request, text_form=TextImportForm())

    def post(self, request):
        if "create" in request.POST:
            return self.create(request)
        text_form = TextImportForm(request.POST, request.FILES)
        if not text_form.is_valid():
            return self.render(request, text_form=text_form)
        text = text_form.cleaned_data["report_text"]
        parsed = parse_report_text(text)
        draft_form = DraftFromTextForm(
            initial={
                "text": text,
                "year": parsed.year,
                "title": parsed.title,
                "government": parsed.government,
                "issuing_office": parsed.source_office,
            }
        )
        return self.render(
            request,
            text_form=text_form,
            parsed=parsed,
            outline=list(parsed.walk()),
            draft_form=draft_form,
        )

    def create(self, request):
        draft_form = DraftFromTextForm(request.POST)
        text = request.POST.get("text", "")
        parsed = parse_report_text(text) if text.strip() else None
        if draft_form.is_valid() and parsed is not None:
            data = draft_form.cleaned_data
            try:
                report = create_draft_from_parsed(
                    parsed,
                    DraftOverrides(
                        year=data["year"],
                        title=data["title"],
                        government=data["government"],
                        issuing_office=data["issuing_office"],
                    ),
                    user=request.user,
                )
            except ReportImportError as error:
                draft_form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "已创建%(year)s年度草稿,共%(count)s个章节;文中的数字可在“正文中的数字”页逐个记录为指标数值。"
                    )
                    % {"year": report.year, "count": report.sections.count()},
                )
                return HttpResponseRedirect(
                    reverse("admin:reports_annualreport_change", args=[report.pk])
                )
        return self.render(
            request,
            text_form=TextImportForm(initial={"text": text}),
            parsed=parsed,
            outline=list(parsed.walk()) if parsed else [],
            draft_form=draft_form,
        )
