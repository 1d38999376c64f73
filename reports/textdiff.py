"""What changed between two versions of a report, a section or a figure, as staff read it:
field by field, the text as a character diff (Chinese has no spaces to split words at).

Used by the timeline, the concurrent-edit notice and the year-on-year page. Every piece of
text is escaped here; the result is safe to put in a page.
"""

from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import Section
from .models.indicators import plain_number

# Bookkeeping, not content: never listed as a change.
SKIPPED_FIELDS = {
    "id",
    "report",
    "version",
    "outline_version",
    "origin",
    "created_at",
    "updated_at",
    "view_count",
}
# Long text is shown as a diff; anything else as "old → new".
TEXT_FIELDS = (models.TextField,)


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    diff: SafeString  # old and new in one, deletions and insertions marked


# Equal runs shorter than this between two changes are folded into the change, so a rewritten
# sentence reads as one deletion and one insertion rather than confetti around shared 的 and 。
SHORT_EQUAL = 3
# Below this similarity the texts are shown as one deletion and one insertion.
REWRITTEN = 0.3


def _segments(old: str, new: str) -> list[tuple[str, str]]:
    """(old part, new part) pairs; equal pairs hold the same text."""
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    if matcher.ratio() < REWRITTEN:
        return [(old, new)]
    segments: list[tuple[str, str]] = []
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = 0 < index < len(opcodes) - 1
        if tag == "equal" and not (between_changes and i2 - i1 < SHORT_EQUAL):
            segments.append((old[i1:i2], new[j1:j2]))
            continue
        if segments and segments[-1][0] != segments[-1][1]:
            last_old, last_new = segments.pop()
            segments.append((last_old + old[i1:i2], last_new + new[j1:j2]))
        else:
            segments.append((old[i1:i2], new[j1:j2]))
    # A folded equal run may end up being an unchanged pair: harmless, shown as equal.
    return segments


def inline_diff(old: str, new: str) -> SafeString:
    """``old`` → ``new`` with ``<del>`` and ``<ins>`` around what went and came, escaped."""
    parts = []
    for before, after in _segments(old or "", new or ""):
        if before == after:
            parts.append(escape(before))
            continue
        if before:
            parts.append(format_html("<del>{}</del>", before))
        if after:
            parts.append(format_html("<ins>{}</ins>", after))
    return mark_safe("".join(parts))


def shown_value(obj, field: models.Field) -> str:
    """A field's value as staff read it: a choice's label, a related row's name, "" for none."""
    if obj is None:
        return ""
    if field.is_relation:
        try:
            related = getattr(obj, field.name)
        except ObjectDoesNotExist:
            return _("(已删除)")
        return "" if related is None else str(related)
    value = field.value_from_object(obj)
    if value is None:
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Decimal):
        return plain_number(value)
    return str(value)


def content_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in SKIPPED_FIELDS and not field.name.startswith("history_")
    ]


def field_changes(model, old, new) -> list[FieldChange]:
    """The fields of ``model`` that differ between ``old`` and ``new`` (live rows or history
    records of it; ``old`` None: everything ``new`` has, as when it was created)."""
    changes = []
    for field in content_fields(model):
        before, after = shown_value(old, field), shown_value(new, field)
        if before == after:
            continue
        if isinstance(field, TEXT_FIELDS):
            diff = inline_diff(before, after)
        elif before:
            diff = format_html("<del>{}</del> → <ins>{}</ins>", before, after or _("(空)"))
        else:
            diff = format_html("<ins>{}</ins>", after)
        changes.append(FieldChange(str(field.verbose_name), before, after, diff))
    return changes


def department_changes(before: list[str], after: list[str]) -> list[FieldChange]:
    """A section's 责任部门 as a change, when they differ: the removed ones struck out, the added
    ones marked, the kept ones plain."""
    if before == after:
        return []
    kept = [name for name in after if name in before]
    parts = [format_html("<del>{}</del>", name) for name in before if name not in after]
    parts += [format_html("{}", name) for name in kept]
    parts += [format_html("<ins>{}</ins>", name) for name in after if name not in before]
    label = str(Section._meta.get_field("departments").verbose_name)
    return [FieldChange(label, "、".join(before), "、".join(after), mark_safe("、".join(parts)))]
