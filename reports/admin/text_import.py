"""Import a report published elsewhere: paste or upload its text (or its web page), see what went
where (metadata, 导语, outline, closing, attachments, the furniture removed), correct any of it,
and create a draft. The text stays on the server between the steps, bound to the session."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from reports.models.report import COLUMN_SEPARATOR
from reports.parsing import ParseHints, parse_report_text
from reports.services.permissions import has_report_perm
from reports.services.text_import import (
    DraftOverrides,
    ReportImportError,
    create_draft_from_parsed,
    discard_upload,
    load_upload,
    store_upload,
)

from .text_import_forms import DraftFromTextForm, TextImportForm

LEVEL_NAMES = ["", "一级", "二级", "三级", "四级", "五级", "六级"]


def _initial(parsed, token: str) -> dict:
    return {
        "upload": token,
        "year": parsed.year,
        "title": parsed.title,
        "government": parsed.government,
        "issuing_office": parsed.source_office,
        "published_at": parsed.published_at,
        "column_path": COLUMN_SEPARATOR.join(parsed.column_path),
        "preamble": parsed.preamble,
        "closing": parsed.closing,
    }


def preview_context(parsed, hints: ParseHints) -> dict:
    """What the preview lists, with the line corrections already ticked."""
    kept = [
        (no, parsed.source_lines[no]) for no in sorted(hints.keep) if no < len(parsed.source_lines)
    ]
    return {
        "parsed": parsed,
        "hints": hints,
        "outline": [
            (section, level, LEVEL_NAMES[min(level, len(LEVEL_NAMES) - 1)])
            for section, level in parsed.walk()
        ],
        "kept_lines": kept,
        "text_lines": [
            (no, parsed.source_lines[no])
            for no in sorted(hints.not_headings)
            if no < len(parsed.source_lines)
        ],
    }


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
        if "upload" in request.POST:
            return self.correct(request)
        text_form = TextImportForm(request.POST, request.FILES)
        if not text_form.is_valid():
            return self.render(request, text_form=text_form)
        text = text_form.cleaned_data["report_text"]
        token = store_upload(request.session, text)
        parsed = parse_report_text(text)
        draft_form = DraftFromTextForm(initial=_initial(parsed, token))
        return self.render(request, draft_form=draft_form, **preview_context(parsed, ParseHints()))

    def correct(self, request):
        """Read again with the lines staff ticked, or create the draft."""
        draft_form = DraftFromTextForm(request.POST)
        text = load_upload(request.session, request.POST.get("upload", ""))
        if text is None:
            expired = _("导入的文本已失效(超过一天或已创建草稿),请重新粘贴或上传。")
            return self.render(request, text_form=TextImportForm(), error=expired)
        hints = draft_form.hints()
        parsed = parse_report_text(text, hints)
        if "create" not in request.POST:
            initial = _initial(parsed, request.POST["upload"])
            # Metadata typed by staff survives reading again; 导语 and 落款 follow the new reading.
            initial.update(
                {k: request.POST[k] for k in DraftFromTextForm.METADATA if request.POST.get(k)}
            )
            draft_form = DraftFromTextForm(initial=initial)
            return self.render(request, draft_form=draft_form, **preview_context(parsed, hints))
        if draft_form.is_valid():
            data = draft_form.cleaned_data
            try:
                report = create_draft_from_parsed(
                    parsed,
                    DraftOverrides(
                        year=data["year"],
                        title=data["title"],
                        government=data["government"],
                        issuing_office=data["issuing_office"],
                        published_at=data["published_at"],
                        column_path=data["column_path"],
                        preamble=data["preamble"],
                        closing=data["closing"],
                    ),
                    user=request.user,
                )
            except ReportImportError as error:
                draft_form.add_error(None, str(error))
            else:
                discard_upload(request.session, request.POST["upload"])
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
        return self.render(request, draft_form=draft_form, **preview_context(parsed, hints))
