"""Forms of 导入已发布的报告文本: the text to read, and the corrections before creating."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reports.importexport.reading import SpreadsheetError, check_size
from reports.models import AnnualReport
from reports.parsing import ParseHints, ReportTextError, decode_report_bytes
from reports.services.text_import import NAME_MAX, TITLE_MAX, YEAR_MAX, YEAR_MIN


class TextImportForm(forms.Form):
    text = forms.CharField(
        label=_("报告全文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        help_text=_(
            "从政府网站复制的报告全文,或网页的HTML源代码(含标题、发布时间等均可)。"
            "粘贴的文字不超过约2.5 MB(约80万字);更长的报告请保存为文件上传。"
        ),
    )
    file = forms.FileField(
        label=_("或上传文件"),
        required=False,
        help_text=_("TXT或保存的网页(HTML),UTF-8或GB18030编码,最大10 MB。"),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        text = (cleaned.get("text") or "").strip()
        if upload:
            try:
                check_size(upload.size)
                text = decode_report_bytes(upload.read()).strip()
            except (SpreadsheetError, ReportTextError) as error:
                raise ValidationError(str(error)) from error
        if not text:
            raise ValidationError(_("请粘贴报告全文或上传文件。"))
        cleaned["report_text"] = text
        return cleaned


class DraftFromTextForm(forms.Form):
    upload = forms.CharField(widget=forms.HiddenInput())
    year = forms.IntegerField(label=_("报告年度"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    title = forms.CharField(
        label=_("标题"), max_length=TITLE_MAX, widget=forms.TextInput(attrs={"size": 70})
    )
    government = forms.CharField(
        label=_("发布主体"), max_length=NAME_MAX, widget=forms.TextInput(attrs={"size": 40})
    )
    issuing_office = forms.CharField(
        label=_("发布机构"), max_length=NAME_MAX, widget=forms.TextInput(attrs={"size": 40})
    )
    published_at = forms.DateTimeField(
        label=_("发布时间"),
        required=False,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "step": 1}, format="%Y-%m-%dT%H:%M:%S"
        ),
        input_formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"],
    )
    column_path = forms.CharField(
        label=_("所属栏目"),
        max_length=200,
        required=False,
        help_text=_("以“ > ”分隔"),
        widget=forms.TextInput(attrs={"size": 60}),
    )
    preamble = forms.CharField(
        label=_("导语"), required=False, widget=forms.Textarea(attrs={"rows": 5, "cols": 100})
    )
    closing = forms.CharField(
        label=_("落款"), required=False, widget=forms.Textarea(attrs={"rows": 5, "cols": 60})
    )

    METADATA = ("year", "title", "government", "issuing_office", "published_at", "column_path")

    def clean_year(self):
        year = self.cleaned_data["year"]
        if AnnualReport.objects.filter(year=year).exists():
            raise ValidationError(
                _("%(year)s年度已有报告,每个年度只能有一份报告。") % {"year": year}
            )
        return year

    def hints(self) -> ParseHints:
        """The line corrections, read from the submitted data whether or not it validates."""
        return ParseHints(
            keep=_numbers(self.data.getlist("keep")),
            headings=_numbers(self.data.getlist("heading")),
            not_headings=_numbers(self.data.getlist("not_heading")),
        )


def _numbers(values) -> set[int]:
    return {int(value) for value in values if str(value).isdigit() and int(value) < 1_000_000}
