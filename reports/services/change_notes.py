"""Change notes (更新说明) written when a published report is edited."""

from django.utils.translation import gettext as _

from reports.models import AnnualReport, ChangeNote

from .permissions import needs_change_note


class ChangeNoteRequired(ValueError):
    """A published report was edited without saying why."""


def check_change_note(report: AnnualReport, note: str | None) -> None:
    if needs_change_note(report) and not (note or "").strip():
        raise ChangeNoteRequired(
            _("报告已发布,修改时必须填写更新说明(细微更正可勾选“细微更正”不对外公布)。")
        )


def record_change(report: AnnualReport, note: str | None, *, is_minor: bool = False, user=None):
    """Save the note if the report needs one; returns the ChangeNote or None."""
    check_change_note(report, note)
    if not needs_change_note(report):
        return None
    return ChangeNote.objects.create(
        report=report,
        note=note.strip(),
        is_minor=is_minor,
        created_by=user if user and user.is_authenticated else None,
    )
