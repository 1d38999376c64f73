"""Forms of the office's admin pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .conflicts import conflict_notice
from .models import AnnualReport, IndicatorValue, NumberStyle, Section
from .services.change_notes import ChangeNoteRequired, check_change_note
from .services.concurrency import EditConflict
from .services.shared_rows import (
    printed_changes,
    reports_showing,
    stored_printed_values,
    years_label,
)


class ChangeNoteFields(forms.Form):
    """更新说明 asked whenever a published report is changed."""

    change_note = forms.CharField(
        label=_("更新说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("报告已发布:请说明本次修改的内容,将连同日期公开显示。"),
    )
    change_is_minor = forms.BooleanField(
        label=_("细微更正"), required=False, help_text=_("错别字、标点等细微更正,不对外公布。")
    )


class LoadedVersionForm(forms.ModelForm):
    """Sends back the version of the row the user loaded. A save from an older version is shown
    as a conflict (``conflict``, with what the other person changed) and not saved; the form
    then carries the current version, so saving again keeps the user's text on purpose."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded is not None and loaded != self.instance.version:
            self.conflict = EditConflict(self.instance, self.instance, loaded)
            self.add_error(None, conflict_notice(self.conflict))
            data = self.data.copy()
            data[self.add_prefix("loaded_version")] = str(self.instance.version)
            self.data = data
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        loaded = self.cleaned_data.get("loaded_version")
        if self.instance.pk and loaded is not None:
            self.instance.version = loaded  # the editing service compares it with the stored one


class ChangeNoteModelForm(LoadedVersionForm):
    """A model form that asks for a change note when the report it belongs to is published."""

    change_note = ChangeNoteFields.base_fields["change_note"]
    change_is_minor = ChangeNoteFields.base_fields["change_is_minor"]

    def report_for_note(self) -> AnnualReport | None:
        instance = self.instance
        if isinstance(instance, AnnualReport):
            return instance if instance.pk else None
        if getattr(instance, "report_id", None):
            return instance.report
        # Adding a section or figure: the report is only in the submitted data so far.
        return getattr(self, "cleaned_data", {}).get("report")

    def clean(self):
        cleaned = super().clean()
        report = self.report_for_note()
        if report is not None and self.has_changed():
            try:
                check_change_note(report, cleaned.get("change_note"))
            except ChangeNoteRequired as error:
                self.add_error("change_note", str(error))
        return cleaned


def fitting_rows(text: str, width: int = 40, least: int = 3, most: int = 60) -> int:
    """Rows a text area needs to show ``text`` whole, about ``width`` Chinese characters a row."""
    lines = sum(max(1, -(-len(line) // width)) for line in text.splitlines() or [""])
    return max(least, min(most, lines + 1))


class SectionForm(ChangeNoteModelForm):
    class Meta:
        model = Section
        fields = [
            "report",
            "parent",
            "number",
            "number_style",
            "title",
            "body",
            "departments",
            "duty_item",
            "needs_text",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Text areas as tall as the text they hold (and a little room to write).
        for name in ("title", "body"):
            if name in self.fields:
                text = getattr(self.instance, name, "") or ""
                self.fields[name].widget.attrs.update(
                    {"rows": fitting_rows(text), "class": "fit-text"}
                )

    def clean(self):
        cleaned = super().clean()
        # Rewriting a section copied from last year is what "待更新正文" waits for.
        rewritten = {"title", "body"} & set(self.changed_data)
        if self.instance.needs_text and rewritten and "needs_text" not in self.changed_data:
            cleaned["needs_text"] = False
        return cleaned


class IndicatorValueInlineForm(LoadedVersionForm):
    """A figure as edited beside its section; the section's form carries the change note."""

    class Meta:
        model = IndicatorValue
        fields = [
            "report", "definition", "department", "section",
            "value", "value_max", "qualifier", "source_text", "sentence",
        ]  # fmt: skip


class IndicatorValueForm(ChangeNoteModelForm, IndicatorValueInlineForm):
    class Meta:
        model = IndicatorValue
        fields = [
            "report", "definition", "department", "section",
            "value", "value_max", "qualifier", "source_text", "sentence",
        ]  # fmt: skip


class PublishedChangeFormSet(forms.BaseInlineFormSet):
    """Changing a published report's figures beside a section also needs the change note."""

    def clean(self):
        super().clean()
        report = self.instance.report if self.instance.report_id else None
        if report is None or not self.has_changed():
            return
        try:
            check_change_note(report, self.data.get("change_note"))
        except ChangeNoteRequired as error:
            raise ValidationError(_("修改指标数值:%(error)s") % {"error": error}) from error


class AnnualReportForm(ChangeNoteModelForm):
    class Meta:
        model = AnnualReport
        fields = [
            "year", "title", "government", "issuing_office", "column_path",
            "summary", "preamble", "closing",
        ]  # fmt: skip


class SharedRowForm(forms.ModelForm):
    """A department or indicator: changing what published reports print needs a change note,
    which is then recorded on each of those reports (``reports_shown``)."""

    change_note = ChangeNoteFields.base_fields["change_note"]
    change_is_minor = ChangeNoteFields.base_fields["change_is_minor"]

    def clean(self):
        cleaned = super().clean()
        self.reports_shown = []
        changed = printed_changes(stored_printed_values(self.instance), cleaned)
        if changed:
            self.reports_shown = list(reports_showing(self.instance))
        if self.reports_shown and not (cleaned.get("change_note") or "").strip():
            labels = "、".join(str(self.fields[name].label) for name in changed)
            self.add_error(
                "change_note",
                _(
                    "%(years)s度报告已公开并显示此项,修改%(fields)s须填写更新说明,"
                    "说明将在这些报告中公开。"
                )
                % {"years": years_label(self.reports_shown), "fields": labels},
            )
        return cleaned


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("意见"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60}), required=False
    )


class WithdrawForm(forms.Form):
    comment = forms.CharField(
        label=_("撤回原因(必填,将公开显示)"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": _("撤回报告时必须填写撤回原因。")},
    )


class PublishForm(forms.Form):
    override_note = forms.CharField(
        label=_("校验问题说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("仅当发布前校验有未通过项时需要填写:说明为何仍要发布。"),
    )
    scheduled_at = forms.DateTimeField(
        label=_("定时发布时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        help_text=_("留空则立即发布。"),
    )


def outline_choices(field: forms.ModelChoiceField, sections) -> None:
    """Offer sections in printed order, indented by level, so staff pick the right parent."""
    field.queryset = sections
    field.choices = [("", field.empty_label)] + [
        (section.pk, "\u3000" * (section.level - 1) + str(section))
        for section in sections.in_document_order()
    ]


class OutlineVersionFields(ChangeNoteFields):
    """The outline's version the page showed: a change from an older one is refused."""

    outline_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def show_current(self, report) -> None:
        """After a conflict: the form now carries the current outline version."""
        data = self.data.copy()
        data["outline_version"] = str(report.outline_version)
        self.data = data


class SectionAddForm(OutlineVersionFields):
    parent = forms.ModelChoiceField(
        queryset=Section.objects.none(),
        required=False,
        label=_("上级章节"),
        empty_label=_("(顶层)"),
    )
    number = forms.CharField(label=_("编号"), required=False, max_length=20)
    number_style = forms.ChoiceField(
        label=_("编号样式"), choices=NumberStyle.choices, initial=NumberStyle.NONE
    )
    title = forms.CharField(label=_("标题"), widget=forms.Textarea(attrs={"rows": 2, "cols": 60}))
    body = forms.CharField(
        label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 60})
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        outline_choices(self.fields["parent"], Section.objects.filter(report=report))


class SectionMoveForm(OutlineVersionFields):
    parent = forms.ModelChoiceField(
        queryset=Section.objects.none(),
        required=False,
        label=_("移到上级章节"),
        empty_label=_("(顶层)"),
    )
    position = forms.IntegerField(label=_("排在第几位"), min_value=1, initial=1)

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        outline_choices(
            self.fields["parent"],
            Section.objects.filter(report_id=section.report_id).exclude(pk=section.pk),
        )
