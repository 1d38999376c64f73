"""A report's timeline: every saved version of the report, its sections and its figures (also
deleted ones), newest first, one page at a time, in a fixed number of queries per page."""

from dataclasses import dataclass, field

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import CharField, OuterRef, Q, Subquery, Value

from reports.models import AnnualReport, IndicatorValue, Section
from reports.textdiff import FieldChange, department_changes, field_changes

PER_PAGE = 30
KINDS = {"report": AnnualReport, "section": Section, "figure": IndicatorValue}
# Related rows a history record names (a figure's indicator, a section's parent…): one join.
RELATED = {
    "report": [],
    "section": ["parent"],
    "figure": ["definition", "department", "section"],
}


@dataclass
class TimelineEntry:
    kind: str
    record: object  # the history record (historical model instance)
    changes: list[FieldChange] = field(default_factory=list)
    live_version: int | None = None  # the row's version now; None when it was deleted
    is_latest: bool = False  # this record is the row as it is now
    parent_deleted: bool = False  # a section whose parent section is deleted now

    @property
    def model(self):
        return KINDS[self.kind]

    @property
    def revertible(self) -> bool:
        """An earlier version of a row that still exists (a deletion is not a version)."""
        return (
            self.live_version is not None and not self.is_latest and self.record.history_type != "-"
        )

    @property
    def still_deleted(self) -> bool:
        """The deletion of a section or figure that has not been undone."""
        return (
            self.kind != "report"
            and self.record.history_type == "-"
            and self.is_latest
            and self.live_version is None
        )

    @property
    def restorable(self) -> bool:
        """Can be undone now (``services.restore``): a section's parent is there to take it."""
        return self.still_deleted and not self.parent_deleted

    @property
    def waits_for_parent(self) -> bool:
        return self.still_deleted and self.parent_deleted


def _history(kind: str, report_id: int):
    model = KINDS[kind]
    rows = model.history.all()
    return rows.filter(id=report_id) if kind == "report" else rows.filter(report_id=report_id)


def _page_keys(report_id: int, page_number, deletions_only: bool = False) -> Page:
    """The page's (kind, history_id), newest first, from one UNION over the three tables."""
    parts = [
        _history(kind, report_id)
        .filter(**({"history_type": "-"} if deletions_only else {}))
        .annotate(kind=Value(kind, output_field=CharField()))
        .values("history_date", "history_id", "kind")
        .order_by()  # a history table's own ordering is not allowed inside a UNION
        for kind in KINDS
    ]
    union = parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")
    return Paginator(union, PER_PAGE).get_page(page_number)


def _records(kind: str, report_id: int, history_ids: list[int]) -> dict[int, object]:
    """The page's records of one kind, each with the history id of its previous version."""
    model = KINDS[kind]
    earlier = (
        model.history.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    rows = (
        model.history.filter(history_id__in=history_ids)
        .select_related("history_user", *RELATED[kind])
        .annotate(previous_id=Subquery(earlier))
    )
    return {row.history_id: row for row in rows}


def report_timeline(
    report: AnnualReport, page_number=1, deletions_only: bool = False
) -> tuple[Page, list[TimelineEntry]]:
    """One page of the timeline; ``deletions_only``: the deleted sections and figures alone
    (where an office looks for what to restore)."""
    page = _page_keys(report.pk, page_number, deletions_only)
    keys = list(page.object_list)
    entries = []
    for kind, model in KINDS.items():
        ids = [key["history_id"] for key in keys if key["kind"] == kind]
        if not ids:
            continue
        records = _records(kind, report.pk, ids)
        previous_ids = [r.previous_id for r in records.values() if r.previous_id]
        previous = {
            row.history_id: row
            for row in model.history.filter(history_id__in=previous_ids).select_related(
                *RELATED[kind]
            )
        }
        departments = _departments_of(kind, [*records, *previous])
        row_ids = {r.id for r in records.values()}
        parent_ids = {getattr(r, "parent_id", None) for r in records.values()} - {None}
        live = dict(model.objects.filter(pk__in=row_ids | parent_ids).values_list("pk", "version"))
        latest = _newest_per_row(model, row_ids)
        for record in records.values():
            before = previous.get(record.previous_id)
            if record.history_type == "-":
                changes = field_changes(model, record, None)
            else:
                changes = field_changes(model, before, record)
                if departments is not None:
                    changes += department_changes(
                        departments.get(before.history_id, []) if before else [],
                        departments.get(record.history_id, []),
                    )
            entries.append(
                TimelineEntry(
                    kind=kind,
                    record=record,
                    changes=changes,
                    live_version=live.get(record.id),
                    is_latest=latest.get(record.id) == record.history_id,
                    parent_deleted=_parent_deleted(record, live),
                )
            )
    entries.sort(key=lambda e: (e.record.history_date, e.record.history_id), reverse=True)
    return page, entries


def _parent_deleted(record, live: dict) -> bool:
    parent_id = getattr(record, "parent_id", None)
    return parent_id is not None and parent_id not in live


def _departments_of(kind: str, history_ids: list[int]) -> dict[int, list[str]] | None:
    """The departments each section record names (history id → names), in one query; None
    for the kinds that have no departments."""
    if kind != "section":
        return None
    through = apps.get_model("reports", "HistoricalSection_departments")
    names: dict[int, list[str]] = {}
    rows = through.objects.filter(history_id__in=history_ids).order_by("department__name")
    for history_id, name in rows.values_list("history_id", "department__name"):
        names.setdefault(history_id, []).append(name)
    return names


def _newest_per_row(model, row_ids) -> dict[int, int]:
    newest = (
        model.history.filter(id=OuterRef("id"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return dict(
        model.history.filter(id__in=row_ids, history_id=Subquery(newest)).values_list(
            "id", "history_id"
        )
    )
