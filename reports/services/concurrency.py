"""No silent overwrite: a save made from an older version of a row is refused.

Every report, section and figure carries a ``version``; a form sends back the version it
loaded. Inside the editing service's transaction ``claim_version`` raises it with a conditional
UPDATE (``… WHERE version = loaded``), so of two saves from the same version exactly one wins
and the other gets an ``EditConflict`` naming what is stored now. The outline (adding, moving,
removing sections) has one ``outline_version`` on the report, claimed the same way.
"""

from django.db.models import F, Model
from django.utils.translation import gettext as _

from reports.models import AnnualReport


class EditConflict(ValueError):
    """Someone saved the row after the user loaded it; ``current`` is what is stored now
    (None when it was deleted), ``loaded_version`` the version the user started from."""

    def __init__(self, row: Model, current: Model | None, loaded_version: int | None):
        self.row = row
        self.current = current
        self.loaded_version = loaded_version
        kind = row._meta.verbose_name
        if current is None:
            message = _("您打开此%(kind)s后,它已被他人删除,未保存您的修改。") % {"kind": kind}
        else:
            message = _(
                "您打开此%(kind)s后,已有其他人保存了修改(当前为第%(current)s版,"
                "您打开的是第%(loaded)s版),为避免覆盖,未保存您的修改。"
            ) % {"kind": kind, "current": current.version, "loaded": loaded_version}
        super().__init__(message)


class OutlineConflict(ValueError):
    """The outline changed after the user loaded the report's page."""

    def __init__(self, report: AnnualReport, loaded_version: int):
        self.report = report
        self.loaded_version = loaded_version
        super().__init__(
            _(
                "您打开页面后,提纲已被他人调整(当前为第%(current)s版,您看到的是第%(loaded)s版),"
                "为避免误操作,未执行本次调整。请查看下方最新提纲后重新操作。"
            )
            % {"current": report.outline_version, "loaded": loaded_version}
        )


def claim_version(row: Model) -> None:
    """Raise ``row``'s version if the stored row still has the version ``row`` was loaded
    with; otherwise raise ``EditConflict``. A new row (no pk) has nothing to claim.
    Call inside the transaction that then saves ``row``."""
    if row.pk is None:
        return
    model = type(row)
    loaded = row.version
    if model.objects.filter(pk=row.pk, version=loaded).update(version=F("version") + 1):
        row.version = loaded + 1
        return
    raise EditConflict(row, model.objects.filter(pk=row.pk).first(), loaded)


def claim_outline(report: AnnualReport, loaded_version: int | None) -> None:
    """The same for the outline of ``report`` (locked by the caller). ``loaded_version`` None:
    a caller that did not show the outline (an import, a script) changes it unchecked."""
    if loaded_version is not None and report.outline_version != loaded_version:
        raise OutlineConflict(report, loaded_version)
    AnnualReport.objects.filter(pk=report.pk).update(outline_version=F("outline_version") + 1)
    report.outline_version += 1
